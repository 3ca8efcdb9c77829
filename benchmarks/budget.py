"""Part 4, the budget: with a back end that never answers, how long callers wait, against the budget.

Runs the local host with `CONNECTOR_SOURCE=backend` pointed at a back end that accepts connections
and never answers, and times every operation's answer as the caller sees it.
"""

from __future__ import annotations

import os
from typing import Any

from benchmarks.load import send
from benchmarks.measure import percentile
from benchmarks.servers import hanging_backend, local_host
from benchmarks.workload import call_for
from connector.contract import OPERATIONS

TITLE = "The budget, with a back end that never answers"
MARGIN_MS = 100
HOST_THREADS = 8


def run(requests: int, budget_seconds: float) -> dict[str, Any]:
    calls = [call_for(op) for op in OPERATIONS]
    with hanging_backend() as backend_url:
        env = {
            **os.environ,
            "CONNECTOR_SOURCE": "backend",
            "BACKEND_BASE_URL": backend_url,
            "CONNECTOR_DEADLINE_SECONDS": str(budget_seconds),
        }
        with local_host(env, threads=HOST_THREADS) as (base_url, _):
            # As many callers as the host has threads: each call's budget starts when a thread takes it.
            result = send(
                base_url, calls, total=max(requests, len(calls)), concurrency=HOST_THREADS, timeout=budget_seconds + 30
            )
    budget_ms = budget_seconds * 1000
    latencies = result.latencies_ms
    within = sum(1 for ms in latencies if ms <= budget_ms + MARGIN_MS)
    row = {
        "budget_ms": round(budget_ms),
        "requests": len(latencies),
        "min_ms": round(min(latencies), 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p90_ms": round(percentile(latencies, 90), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "within_budget_plus_margin": f"{100 * within / len(latencies):.1f}%",
        "statuses": ", ".join(f"{status}×{count}" for status, count in sorted(result.statuses.items()))
        + (f", no answer×{result.failures}" if result.failures else ""),
    }
    floors = [
        {
            "floor": f"100% of responses within the budget plus {MARGIN_MS} ms",
            "measured": f"{row['within_budget_plus_margin']} (max {row['max_ms']} ms, budget {row['budget_ms']} ms)",
            "met": within == len(latencies),
        }
    ]
    columns = {
        "budget_ms": "budget ms",
        "requests": "requests",
        "min_ms": "min ms",
        "p50_ms": "p50 ms",
        "p90_ms": "p90 ms",
        "p99_ms": "p99 ms",
        "max_ms": "max ms",
        "within_budget_plus_margin": f"within budget + {MARGIN_MS} ms",
        "statuses": "statuses",
    }
    notes = [f"Every operation in turn, {HOST_THREADS} callers at once against a host with {HOST_THREADS} threads."]
    return {"title": TITLE, "columns": columns, "rows": [row], "floors": floors, "notes": notes}
