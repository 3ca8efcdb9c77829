"""Part 3, loopback load: every operation through the local host at concurrency 1, 8 and 32."""

from __future__ import annotations

import os
from typing import Any

from benchmarks.load import send
from benchmarks.measure import percentile
from benchmarks.servers import local_host
from benchmarks.workload import call_for
from connector.contract import OPERATIONS

TITLE = "Loopback load through the local host"
CONCURRENCY = (1, 8, 32)
HOST_THREADS = 8  # `python -m connector serve`'s default


def run(requests_per_level: int) -> dict[str, Any]:
    rows = []
    with local_host(dict(os.environ), threads=HOST_THREADS) as (base_url, _):
        send(base_url, [call_for(op) for op in OPERATIONS], total=50, concurrency=4)  # warm the host up
        for op in OPERATIONS:
            call = call_for(op)
            for concurrency in CONCURRENCY:
                result = send(base_url, [call], total=max(requests_per_level, concurrency), concurrency=concurrency)
                answered = sum(result.statuses.values())
                errors = result.failures + answered - result.statuses.get(200, 0)
                rows.append(
                    {
                        "operation": op.key,
                        "concurrency": concurrency,
                        "requests": len(result.latencies_ms),
                        "throughput_rps": round(len(result.latencies_ms) / result.wall_seconds, 1),
                        "p50_ms": round(percentile(result.latencies_ms, 50), 2),
                        "p99_ms": round(percentile(result.latencies_ms, 99), 2),
                        "errors": errors,
                    }
                )
    columns = {
        "operation": "operation",
        "concurrency": "clients",
        "requests": "requests",
        "throughput_rps": "requests/s",
        "p50_ms": "p50 ms",
        "p99_ms": "p99 ms",
        "errors": "errors",
    }
    notes = [
        f"waitress with {HOST_THREADS} threads in its own process; clients are threads on keep-alive "
        "connections in the benchmark process, each sending its next request when the last one is answered.",
        "Python's GIL serves one call at a time per process, so throughput does not grow past one busy core: "
        "above that, more clients only wait longer. On Azure, scale out adds instances (and "
        "FUNCTIONS_WORKER_PROCESS_COUNT adds processes).",
    ]
    return {"title": TITLE, "columns": columns, "rows": rows, "floors": [], "notes": notes}
