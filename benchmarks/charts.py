"""The capacity and growth results drawn as SVG charts beside latest.md (matplotlib, a development tool).

A curve of calls per second and p99 against threads says more than a table. matplotlib comes from
requirements-dev.txt only; the deployed app never imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "benchmarks"  # the same results draw the same file
    return plt


def capacity_chart(part: dict[str, Any], path: Path) -> Path:
    plt = _pyplot()
    rows = part["rows"]
    latencies = sorted({r["latency_ms"] for r in rows})
    figure, (rate, tail) = plt.subplots(1, 2, figsize=(11, 4.2))
    for latency in latencies:
        for load, style in (("threads", "-"), ("twice", "--")):
            points = sorted(
                (r["threads"], r)
                for r in rows
                if r["latency_ms"] == latency
                and r["callers"] == (r["threads"] if load == "threads" else 2 * r["threads"])
            )
            if not points:
                continue
            threads = [t for t, _ in points]
            label = f"back end {latency} ms, callers = {'threads' if load == 'threads' else '2 × threads'}"
            rate.plot(threads, [r["throughput_rps"] for _, r in points], style, marker="o", label=label)
            tail.plot(threads, [r["p99_ms"] for _, r in points], style, marker="o", label=label)
    for axis, title, unit in ((rate, "Calls per second per instance", "calls/s"), (tail, "p99 latency", "ms")):
        axis.set_xscale("log", base=2)
        axis.set_xlabel("worker threads (= per-instance concurrency)")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, alpha=0.3)
    recommended = part.get("recommended_threads")
    if recommended:
        for axis in (rate, tail):
            axis.axvline(recommended, color="grey", linestyle=":", label=f"recommended: {recommended}")
    tail.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def growth_chart(part: dict[str, Any], path: Path) -> Path:
    plt = _pyplot()
    rows = part["rows"]
    knobs = [("top", "items per answer (top)"), ("email bytes", "email size (bytes)")]
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for axis, (knob, label) in zip(axes, knobs, strict=True):
        for key in sorted({r["operation"] for r in rows if r["knob"] == knob}):
            points = sorted((r["value"], r) for r in rows if r["knob"] == knob and r["operation"] == key)
            values = [v for v, _ in points]
            axis.plot(values, [r["pipeline_median_us"] for _, r in points], "-", marker="o", label=f"{key}, pipeline")
            axis.plot(values, [r["fastapi_median_us"] for _, r in points], "--", marker="o", label=f"{key}, FastAPI")
        axis.set_xscale("log")
        axis.set_xlabel(label)
        axis.set_ylabel("median µs per call")
        axis.set_title(f"Cost per call against {label}")
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def draw(results: dict[str, Any], directory: Path) -> list[Path]:
    """The charts of the parts that ran, written into `directory`; their file names go into the results."""
    drawn = []
    parts = results["parts"]
    if parts.get("capacity", {}).get("rows"):
        drawn.append(capacity_chart(parts["capacity"], directory / "capacity.svg"))
    if parts.get("growth", {}).get("rows"):
        drawn.append(growth_chart(parts["growth"], directory / "growth.svg"))
    return drawn
