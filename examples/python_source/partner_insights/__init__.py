"""Relecloud's insights for Copilot for Sales, as a Python `Source` (see docs/source.md)."""
