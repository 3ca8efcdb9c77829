"""Measured speed: the connector's pipeline side by side with the bare handler and with FastAPI.

Run everything with `python -m benchmarks` (add `--quick` for a smoke run); see docs/benchmarks.md.
Kept import-light: cold-start children import `benchmarks.fastapi_variant` through this package.
"""
