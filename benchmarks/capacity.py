"""Part 7, capacity per instance: calls per second and p99 against worker threads and concurrent callers.

Each Functions instance serves the connector's synchronous functions from a thread pool; a call
holds its thread while the partner back end thinks. So an instance's capacity is set by two
settings, the per-instance HTTP concurrency (how many calls Azure sends one instance) and
`PYTHON_THREADPOOL_THREAD_COUNT` (how many it runs at once), and by the back end's latency.

Measured here: the local host (`python -m connector serve --threads T`, its own process, waitress's
thread pool standing in for the worker's) with `CONNECTOR_SOURCE=backend`, forwarding to a local back
end that answers every operation after a fixed latency (200 ms and 800 ms by default). Closed-loop
callers cycle through every operation. For each latency and thread count: callers equal to the
threads (what the deployment sends when concurrency equals threads) and twice as many (what happens
when an instance is sent more calls than it has threads).

The derived setting is the largest thread count (at most the worker's 32) whose p99, with as many
callers as threads, stays within `P99_HEADROOM` of the back end's own latency at every latency
measured; the figures also say how far from the 4.5-second budget each point is.
"""

from __future__ import annotations

import math
import os
from typing import Any

from benchmarks.load import send
from benchmarks.measure import percentile
from benchmarks.servers import local_host
from benchmarks.soak import local_backend
from benchmarks.workload import call_for
from connector.contract import OPERATIONS

TITLE = "Capacity per instance, with a back end that takes its time"
LATENCIES_S = (0.2, 0.8)
THREADS = (2, 4, 8, 16, 32)
OVERLOAD = 2  # the second caller count: this many callers per thread
WORKER_MAX_THREADS = 32  # PYTHON_THREADPOOL_THREAD_COUNT's ceiling in the Python worker
P99_HEADROOM = 1.25  # p99 at most 25% above the back end's own latency: the instance adds no queue
# Calls each caller sends: enough at the matched load for a p99 that one stray slow call does not
# decide (16 threads: 256 calls); fewer when twice as many callers queue, which only shows the queue.
CALLS_PER_CALLER = 16
OVERLOAD_CALLS_PER_CALLER = 6


def _point(base_url: str, latency_s: float, threads: int, callers: int, budget_s: float) -> dict[str, Any]:
    calls = [call_for(op) for op in OPERATIONS]
    per_caller = CALLS_PER_CALLER if callers <= threads else OVERLOAD_CALLS_PER_CALLER
    total = max(per_caller * callers, 4 * len(calls))
    result = send(base_url, calls, total=total, concurrency=callers, timeout=budget_s + 30)
    latencies = result.latencies_ms
    answered = sum(result.statuses.values())
    return {
        "latency_ms": round(latency_s * 1000),
        "threads": threads,
        "callers": callers,
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / result.wall_seconds, 1),
        "ideal_rps": round(min(threads, callers) / latency_s, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "p99_over_latency": round(percentile(latencies, 99) / (latency_s * 1000), 2),
        "errors": result.failures + answered - result.statuses.get(200, 0),
        "statuses": ", ".join(f"{status}×{count}" for status, count in sorted(result.statuses.items()))
        + (f", no answer×{result.failures}" if result.failures else ""),
    }


def recommended_threads(rows: list[dict[str, Any]]) -> int | None:
    """The largest thread count whose p99 (callers = threads) stays within the headroom at every latency."""
    matched = [r for r in rows if r["callers"] == r["threads"]]
    good = {
        t
        for t in {r["threads"] for r in matched}
        if all(r["p99_over_latency"] <= P99_HEADROOM and r["errors"] == 0 for r in matched if r["threads"] == t)
    }
    # Only a prefix counts: a thread count is recommended when it and every smaller one held.
    best = None
    for threads in sorted({r["threads"] for r in matched}):
        if threads not in good:
            break
        best = threads
    return best


def instances_needed(sellers: int, calls_per_seller_per_minute: float, latency_s: float, concurrency: int) -> int:
    """Instances for a peak: concurrent calls (Little's law: rate times latency) over calls per instance."""
    concurrent = sellers * calls_per_seller_per_minute / 60 * latency_s
    return max(1, math.ceil(concurrent / concurrency))


SIZING_SELLERS = (100, 1_000, 10_000, 50_000)
SIZING_CALLS_PER_SELLER_PER_MINUTE = 2  # an assumption to replace with your own Application Insights figure


def run(
    latencies_s: tuple[float, ...] = LATENCIES_S, threads: tuple[int, ...] = THREADS, budget_s: float | None = None
) -> dict[str, Any]:
    env = dict(os.environ)
    budget = budget_s or float(env.get("CONNECTOR_DEADLINE_SECONDS") or 4.5)
    rows = []
    for latency in latencies_s:
        with local_backend(latency) as backend_url:
            host_env = {
                **env,
                "CONNECTOR_SOURCE": "backend",
                "BACKEND_BASE_URL": backend_url,
                "BACKEND_POOL_SIZE": str(max(threads) * OVERLOAD),
            }
            for count in threads:
                with local_host(host_env, threads=count) as (base_url, _):
                    send(
                        base_url,
                        [call_for(op) for op in OPERATIONS],
                        total=len(OPERATIONS),
                        concurrency=1,
                        timeout=budget + 30,
                    )  # imports, pools, first renders: not part of the figures
                    for callers in (count, OVERLOAD * count):
                        rows.append(_point(base_url, latency, count, callers, budget))
    best = recommended_threads(rows)
    setting = min(best or 1, WORKER_MAX_THREADS)
    at_setting = [r for r in rows if r["threads"] == setting and r["callers"] == setting]
    slowest = max(latencies_s)
    sizing = [
        {
            "sellers": n,
            "calls_per_minute": n * SIZING_CALLS_PER_SELLER_PER_MINUTE,
            **{
                f"instances_at_{round(latency * 1000)}ms": instances_needed(
                    n, SIZING_CALLS_PER_SELLER_PER_MINUTE, latency, setting
                )
                for latency in latencies_s
            },
        }
        for n in SIZING_SELLERS
    ]
    floors = [
        {
            "floor": f"every call answered 200 and within the {budget:g} s budget",
            "measured": f"errors {sum(r['errors'] for r in rows)}, highest p99 {max(r['p99_ms'] for r in rows)} ms",
            "met": all(r["errors"] == 0 and r["p99_ms"] <= budget * 1000 for r in rows),
        }
    ]
    columns = {
        "latency_ms": "back end ms",
        "threads": "threads",
        "callers": "callers",
        "requests": "requests",
        "throughput_rps": "calls/s",
        "ideal_rps": "ideal calls/s",
        "p50_ms": "p50 ms",
        "p99_ms": "p99 ms",
        "p99_over_latency": "p99 ÷ back end",
        "errors": "errors",
        "statuses": "statuses",
    }
    notes = [
        "The local host in its own process with T waitress threads (the worker's thread pool), the back-end source "
        "forwarding to a loopback back end that answers after the stated latency; closed-loop callers on "
        "keep-alive connections cycle through every operation. Ideal calls/s is min(threads, callers) ÷ latency.",
        f"Recommended: per-instance HTTP concurrency = PYTHON_THREADPOOL_THREAD_COUNT = {setting} "
        f"(the largest thread count measured whose p99 with as many callers as threads stays within "
        f"{P99_HEADROOM}× the back end's latency at every latency; the worker allows at most {WORKER_MAX_THREADS}). "
        + (
            f"At {setting} threads: "
            + "; ".join(
                f"{r['latency_ms']} ms back end → {r['throughput_rps']} calls/s, p99 {r['p99_ms']} ms"
                for r in at_setting
            )
            + ". "
            if at_setting
            else ""
        )
        + "Twice as many callers as threads doubles p99 (calls queue for a thread): concurrency must not exceed "
        "the thread count.",
        f"Sizing at {setting} calls per instance, assuming {SIZING_CALLS_PER_SELLER_PER_MINUTE} connector calls per "
        f"seller per minute at peak (replace with your own figure): "
        + "; ".join(
            f"{s['sellers']} sellers → "
            + ", ".join(f"{s[f'instances_at_{round(lat * 1000)}ms']} at {round(lat * 1000)} ms" for lat in latencies_s)
            for s in sizing
        )
        + f" instances (concurrent calls = calls per second × back-end latency, ÷ {setting}). "
        f"The slowest back end measured ({round(slowest * 1000)} ms) is the one to size for.",
    ]
    goals = [
        {
            "goal": "capacity per instance measured; per-instance concurrency and PYTHON_THREADPOOL_THREAD_COUNT "
            "derived from it",
            "measured": (
                f"{setting} and {setting}: p99 within {P99_HEADROOM}x the back end's latency at "
                + ", ".join(f"{r['latency_ms']} ms ({r['p99_ms']} ms)" for r in at_setting)
            )
            if best
            else "no thread count held: at the fewest threads p99 is already "
            + ", ".join(
                f"{r['p99_over_latency']}x at {r['latency_ms']} ms"
                for r in rows
                if r["threads"] == min(threads) and r["callers"] == r["threads"]
            ),
            "met": best is not None,
            "bound": "no thread count kept p99 within the headroom: the instance's CPU, not the back end, is the limit",
        }
    ]
    return {
        "title": TITLE,
        "columns": columns,
        "rows": rows,
        "floors": floors,
        "goals": goals,
        "notes": notes,
        "recommended_threads": setting,
        "sizing": sizing,
        "sizing_calls_per_seller_per_minute": SIZING_CALLS_PER_SELLER_PER_MINUTE,
        "p99_headroom": P99_HEADROOM,
    }
