"""Part 6, growth: how a call's cost grows with its work, `top` (items per response) and email size.

Uses `benchmarks.sources.BenchmarkSource`, which always has `MAX_TOP` items, so `top` alone decides
how many items are checked and serialised. Email size grows the JSON body the POST operations parse.
"""

from __future__ import annotations

from typing import Any

from benchmarks.measure import interleaved, ratio, summary_us
from benchmarks.variants import Variants
from benchmarks.workload import call_for
from connector.contract import operation

TITLE = "Growth with work"
TOPS = (1, 10, 25, 50, 100)
EMAIL_SIZES = (1_000, 10_000, 100_000, 500_000)
TOP_OPERATIONS = ("record_summary", "email_draft")
EMAIL_OPERATIONS = ("email_summary_v2", "email_draft")


BENCHMARK_SOURCE = {"CONNECTOR_SOURCE": "benchmarks.sources:BenchmarkSource"}


def _row(variants: Variants, op_key: str, knob: str, value: int, iterations: int, **call_args: int) -> dict[str, Any]:
    call = call_for(operation(op_key), **call_args)
    samples = interleaved(
        {"pipeline": variants.pipeline(call), "fastapi": variants.fastapi(call)}, iterations, warmup=5
    )
    p, f = summary_us(samples["pipeline"]), summary_us(samples["fastapi"])
    return {
        "operation": op_key,
        "knob": knob,
        "value": value,
        "pipeline_median_us": p["median_us"],
        "pipeline_p99_us": p["p99_us"],
        "fastapi_median_us": f["median_us"],
        "fastapi_p99_us": f["p99_us"],
        "fastapi_over_pipeline": ratio(f["median_us"], p["median_us"]),
    }


def run(iterations: int, tops: tuple[int, ...] = TOPS, email_sizes: tuple[int, ...] = EMAIL_SIZES) -> dict[str, Any]:
    rows = []
    variants = Variants(BENCHMARK_SOURCE)
    try:
        for key in TOP_OPERATIONS:
            rows += [_row(variants, key, "top", top, iterations, top=top) for top in tops]
        for key in EMAIL_OPERATIONS:
            rows += [_row(variants, key, "email bytes", size, iterations, email_bytes=size) for size in email_sizes]
    finally:
        variants.close()
    columns = {
        "operation": "operation",
        "knob": "grows with",
        "value": "value",
        "pipeline_median_us": "pipeline median µs",
        "pipeline_p99_us": "pipeline p99 µs",
        "fastapi_median_us": "FastAPI median µs",
        "fastapi_p99_us": "FastAPI p99 µs",
        "fastapi_over_pipeline": "FastAPI ÷ pipeline",
    }
    notes = ["`top` rows use an email of the default size; email rows ask for `top=5`."]
    return {"title": TITLE, "columns": columns, "rows": rows, "floors": [], "notes": notes}
