"""Part 6, growth: how a call's cost grows with its work, `top` (items per response) and email size.

Uses `benchmarks.sources.BenchmarkSource`, which always has `MAX_TOP` items, so `top` alone decides
how many items are checked and serialised. Email size grows the JSON body the POST operations parse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.measure import interleaved, ratio, summary_us
from benchmarks.variants import fastapi, pipeline
from benchmarks.workload import call_for
from connector.contract import operation
from connector.settings import reload_settings
from connector.sources import reset_source

TITLE = "Growth with work"
TOPS = (1, 10, 25, 50, 100)
EMAIL_SIZES = (1_000, 10_000, 100_000, 500_000)
TOP_OPERATIONS = ("record_summary", "email_draft")
EMAIL_OPERATIONS = ("email_summary_v2", "email_draft")


@contextmanager
def benchmark_source() -> Iterator[None]:
    previous = os.environ.get("CONNECTOR_SOURCE")
    os.environ["CONNECTOR_SOURCE"] = "benchmarks.sources:BenchmarkSource"
    reload_settings()
    reset_source()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("CONNECTOR_SOURCE")
        else:
            os.environ["CONNECTOR_SOURCE"] = previous
        reload_settings()
        reset_source()


def _row(op_key: str, knob: str, value: int, iterations: int, **call_args: int) -> dict[str, Any]:
    call = call_for(operation(op_key), **call_args)
    samples = interleaved({"pipeline": pipeline(call), "fastapi": fastapi(call)}, iterations, warmup=5)
    p, f = summary_us(samples["pipeline"]), summary_us(samples["fastapi"])
    return {"operation": op_key, "knob": knob, "value": value,
            "pipeline_median_us": p["median_us"], "pipeline_p99_us": p["p99_us"],
            "fastapi_median_us": f["median_us"], "fastapi_p99_us": f["p99_us"],
            "fastapi_over_pipeline": ratio(f["median_us"], p["median_us"])}


def run(iterations: int, tops: tuple[int, ...] = TOPS, email_sizes: tuple[int, ...] = EMAIL_SIZES) -> dict[str, Any]:
    rows = []
    with benchmark_source():
        for key in TOP_OPERATIONS:
            rows += [_row(key, "top", top, iterations, top=top) for top in tops]
        for key in EMAIL_OPERATIONS:
            rows += [_row(key, "email bytes", size, iterations, email_bytes=size) for size in email_sizes]
    columns = {"operation": "operation", "knob": "grows with", "value": "value",
               "pipeline_median_us": "pipeline median µs", "pipeline_p99_us": "pipeline p99 µs",
               "fastapi_median_us": "FastAPI median µs", "fastapi_p99_us": "FastAPI p99 µs",
               "fastapi_over_pipeline": "FastAPI ÷ pipeline"}
    notes = ["`top` rows use an email of the default size; email rows ask for `top=5`."]
    return {"title": TITLE, "columns": columns, "rows": rows, "floors": [], "notes": notes}
