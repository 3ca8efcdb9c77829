"""Timing helpers: variants called in turn, in short blocks, so they share the machine's conditions."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Mapping, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_us(samples_ns: Sequence[int]) -> dict[str, float]:
    """Median, p99 and mean of per-call times, in microseconds."""
    return {
        "n": len(samples_ns),
        "median_us": round(percentile(samples_ns, 50) / 1000, 2),
        "p99_us": round(percentile(samples_ns, 99) / 1000, 2),
        "mean_us": round(sum(samples_ns) / len(samples_ns) / 1000, 2),
    }


# Calls per variant in a row. One call each in turn measured the aftermath of the variant before it
# (a FastAPI call hands its work to a thread and back; the pipeline timed right after one cost twice
# its own time on a busy two-core machine); blocks this short still share the machine's drift.
BLOCK = 20


def interleaved(
    calls: Mapping[str, Callable[[], object]], iterations: int, warmup: int = 20, block: int = BLOCK
) -> dict[str, list[int]]:
    """Per-call times (ns) of each variant: variants take turns in blocks of `block` calls, alternating
    the order each round so none always goes first; `iterations` calls of each in all."""
    names = list(calls)
    for _ in range(warmup):
        for name in names:
            calls[name]()
    samples: dict[str, list[int]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    gc.collect()
    for round_number in range(math.ceil(iterations / block)):
        size = min(block, iterations - round_number * block)
        for name in names if round_number % 2 == 0 else reversed(names):
            call, times = calls[name], samples[name]
            for _ in range(size):
                started = clock()
                call()
                times.append(clock() - started)
    return samples


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None
