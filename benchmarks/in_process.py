"""Part 1, cost per call in process: the full pipeline vs the bare handler vs FastAPI, every operation."""

from __future__ import annotations

from typing import Any

from benchmarks.measure import interleaved, ratio, summary_us
from benchmarks.variants import VARIANTS
from benchmarks.workload import call_for
from connector.contract import OPERATIONS

TITLE = "Cost per call, in process"
PIPELINE_OVER_BARE_FLOOR_US = 100
FASTAPI_OVER_PIPELINE_FLOOR = 5


def run(iterations: int) -> dict[str, Any]:
    rows = []
    for op in OPERATIONS:
        call = call_for(op)
        samples = interleaved({name: make(call) for name, make in VARIANTS.items()}, iterations)
        stats = {name: summary_us(values) for name, values in samples.items()}
        pipeline, bare, fastapi = stats["pipeline"], stats["bare"], stats["fastapi"]
        rows.append({
            "operation": op.key,
            **{f"{name}_{key}": value for name, s in stats.items() for key, value in s.items() if key != "n"},
            "pipeline_added_median_us": round(pipeline["median_us"] - bare["median_us"], 2),
            "fastapi_over_pipeline_median": ratio(fastapi["median_us"], pipeline["median_us"]),
            "fastapi_over_pipeline_p99": ratio(fastapi["p99_us"], pipeline["p99_us"]),
        })
    floors = [
        {
            "floor": f"pipeline at least {FASTAPI_OVER_PIPELINE_FLOOR}x faster than FastAPI (median), every operation",
            "measured": f"lowest ratio {min(r['fastapi_over_pipeline_median'] for r in rows)}x",
            "met": all(r["fastapi_over_pipeline_median"] >= FASTAPI_OVER_PIPELINE_FLOOR for r in rows),
        },
        {
            "floor": f"pipeline adds at most {PIPELINE_OVER_BARE_FLOOR_US} µs over the bare handler (median)",
            "measured": f"highest {max(r['pipeline_added_median_us'] for r in rows)} µs",
            "met": all(r["pipeline_added_median_us"] <= PIPELINE_OVER_BARE_FLOOR_US for r in rows),
        },
    ]
    columns = {
        "operation": "operation",
        "pipeline_median_us": "pipeline median µs", "pipeline_p99_us": "pipeline p99 µs",
        "bare_median_us": "bare median µs", "bare_p99_us": "bare p99 µs",
        "fastapi_median_us": "FastAPI median µs", "fastapi_p99_us": "FastAPI p99 µs",
        "pipeline_added_median_us": "pipeline adds µs",
        "fastapi_over_pipeline_median": "FastAPI ÷ pipeline (median)",
        "fastapi_over_pipeline_p99": "FastAPI ÷ pipeline (p99)",
    }
    return {"title": TITLE, "iterations": iterations, "columns": columns, "rows": rows, "floors": floors,
            "notes": ["Each call of the three variants is timed in turn, so all three share the machine's state."]}
