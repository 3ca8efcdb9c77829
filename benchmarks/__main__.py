"""`python -m benchmarks [--quick] [--only PART ...] [--out DIR]`: run the parts, write latest.md, latest.json and the charts.

The default counts take a few minutes; `--quick` (tiny counts, seconds) proves the suite still runs;
`--only` measures the parts named (e.g. `--only cold_start in_process`), best with `--out` elsewhere.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Counts:
    calls: int  # per variant and operation, in process
    cold_starts: int  # fresh processes per variant
    load_requests: int  # per operation and concurrency level
    budget_requests: int
    budget_seconds: float | None  # None: the configured budget
    telemetry_rounds: int
    growth_calls: int
    capacity_latencies: tuple[float, ...]  # the back end's latency, seconds
    capacity_threads: tuple[int, ...]


FULL = Counts(
    calls=2000,
    cold_starts=7,
    load_requests=400,
    budget_requests=16,
    budget_seconds=None,
    telemetry_rounds=3,
    growth_calls=300,
    capacity_latencies=(0.2, 0.8),
    capacity_threads=(2, 4, 8, 16, 32),
)
QUICK = Counts(
    calls=20,
    cold_starts=1,
    load_requests=8,
    budget_requests=7,
    budget_seconds=0.3,
    telemetry_rounds=1,
    growth_calls=5,
    capacity_latencies=(0.02,),
    capacity_threads=(1, 2),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every part")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where to write latest.md/.json ({RESULTS})")
    parser.add_argument("--only", nargs="+", metavar="PART", help="measure only these parts (default: all)")
    args = parser.parse_args(argv)
    counts = QUICK if args.quick else FULL

    os.environ.pop("APPLICATIONINSIGHTS_CONNECTION_STRING", None)  # telemetry is on only where measured
    os.environ.setdefault("APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL", "true")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    logging.getLogger("connector").setLevel(logging.ERROR)  # a dropped item must not be timed as a log line
    source = os.environ.get("CONNECTOR_SOURCE", "").strip() or "sample"  # the configured source

    # Imported after the environment is settled: importing the app reads the settings.
    from benchmarks import (
        budget,
        capacity,
        charts,
        cold_start,
        growth,
        in_process,
        loopback,
        report,
        telemetry_cost,
        worker_index,
    )
    from connector.settings import Settings

    config = Settings.from_env()
    budget_seconds = counts.budget_seconds or config.deadline_seconds
    results = {
        "measured_at": report.now(),
        "machine": report.machine(),
        "quick": args.quick,
        "source": source,
        "counts": vars(counts),
        "parts": {},
    }
    parts = {
        "in_process": lambda: in_process.run(counts.calls),
        "cold_start": lambda: cold_start.run(counts.cold_starts),
        "worker_index": lambda: worker_index.run(counts.cold_starts),
        "loopback": lambda: loopback.run(counts.load_requests),
        "budget": lambda: budget.run(counts.budget_requests, budget_seconds),
        "telemetry": lambda: telemetry_cost.run(counts.calls, counts.telemetry_rounds),
        "growth": lambda: growth.run(counts.growth_calls),
        "capacity": lambda: capacity.run(counts.capacity_latencies, counts.capacity_threads),
    }
    unknown = set(args.only or ()) - set(parts)
    if unknown:
        parser.error(f"no such part: {', '.join(sorted(unknown))} (the parts: {', '.join(parts)})")
    for name, measure in parts.items():
        if args.only and name not in args.only:
            continue
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        results["parts"][name] = measure()
    results["load_average_end"] = report.machine()["load_average"]  # the machine is shared: say how busy
    args.out.mkdir(parents=True, exist_ok=True)
    results["charts"] = [path.name for path in charts.draw(results, args.out)]
    json_path, md_path = report.write(results, args.out)
    print(f"wrote {md_path} and {json_path}", file=sys.stderr)
    missed = [f["floor"] for part in results["parts"].values() for f in part["floors"] if not f["met"]]
    for floor in missed:
        print(f"floor missed: {floor}", file=sys.stderr)
    for goal in (g for part in results["parts"].values() for g in part.get("goals", ()) if not g["met"]):
        print(f"goal not met: {goal['goal']}: {goal['measured']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
