"""Part 2, cold start: a fresh process imports the app and serves its first call, pipeline vs FastAPI.

Each sample is a new `python -c` process, as an Azure Functions instance starts a new worker. Both
variants are started in turn, several times, and the median is reported. The child also reports its
peak memory (VmHWM) and whether the telemetry and back-end libraries were imported.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import ratio

TITLE = "Cold start"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Imported only when configured: the telemetry exporter and the back end's HTTP client.
LAZY_LIBRARIES = ("opencensus", "requests")

_CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()

def peak_rss_mb():
    # VmHWM belongs to this program's own memory map; ru_maxrss would include the parent's, copied at fork.
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

import azure.functions as func
after_runtime = time.perf_counter()
from {module} import app
imported = time.perf_counter()
rss_import = peak_rss_mb()
functions = app.get_functions()
from benchmarks.workload import call_for
from connector.contract import operation
request = call_for(operation("record_summary")).http_request()  # built outside the timing
calling = time.perf_counter()
if {asgi}:
    import asyncio
    response = asyncio.new_event_loop().run_until_complete(functions[0].get_user_function()(request, None))
else:
    by_name = {{f.get_function_name(): f for f in functions}}
    response = by_name["record_summary"].get_user_function()(request)
answered = time.perf_counter()
print(json.dumps({{
    "status": response.status_code,
    "runtime_import_ms": (after_runtime - started) * 1000,
    "import_ms": (imported - started) * 1000,
    "first_call_ms": (answered - calling) * 1000,
    "ready_ms": (imported - started + answered - calling) * 1000,
    "peak_rss_import_mb": rss_import,
    "peak_rss_first_call_mb": peak_rss_mb(),
    "modules": len(sys.modules),
    "lazy_imported": sorted({{m.split(".")[0] for m in sys.modules}} & set({lazy!r})),
}}))
"""

VARIANTS = {
    "pipeline": ("function_app", False),
    "fastapi": ("benchmarks.fastapi_variant", True),
    # The floor (issue 15's goals are ratios to it) and what one pydantic model adds to it.
    "bare": ("benchmarks.bare_app", False),
    "bare + one pydantic model": ("benchmarks.bare_model_app", False),
}
GOAL_RATIO = 1.3


def start_once(variant: str, env: dict[str, str]) -> dict[str, Any]:
    module, asgi = VARIANTS[variant]
    code = _CHILD.format(module=module, asgi=asgi, lazy=LAZY_LIBRARIES)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {variant} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_ms"] = (time.perf_counter() - began) * 1000
    return result


def run(repeats: int) -> dict[str, Any]:
    env = {name: value for name, value in os.environ.items() if name != "APPLICATIONINSIGHTS_CONNECTION_STRING"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    for _ in range(repeats):
        for variant in VARIANTS:  # in turn, so both meet the same machine
            runs[variant].append(start_once(variant, env))
    rows = []
    for variant, samples in runs.items():
        row: dict[str, Any] = {"variant": variant}
        for key in (
            "import_ms",
            "first_call_ms",
            "ready_ms",
            "process_ms",
            "peak_rss_import_mb",
            "peak_rss_first_call_mb",
            "modules",
        ):
            row[key] = round(statistics.median(s[key] for s in samples), 1)
        row["statuses"] = sorted({s["status"] for s in samples})
        row["lazy_imported"] = sorted({m for s in samples for m in s["lazy_imported"]})
        row["runtime_import_ms"] = round(statistics.median(s["runtime_import_ms"] for s in samples), 1)
        rows.append(row)
    pipeline, fastapi, bare, bare_model = rows
    floors = [
        {
            "floor": "a fresh process imports function_app faster than the FastAPI variant",
            "measured": f"{pipeline['import_ms']} ms vs {fastapi['import_ms']} ms "
            f"({ratio(fastapi['import_ms'], pipeline['import_ms'])}x)",
            "met": pipeline["import_ms"] < fastapi["import_ms"],
        },
        {
            "floor": "telemetry and back-end libraries are not imported unless configured",
            "measured": f"imported: {', '.join(pipeline['lazy_imported']) or 'none'} (of {', '.join(LAZY_LIBRARIES)})",
            "met": not pipeline["lazy_imported"],
        },
    ]
    import_ratio = ratio(pipeline["import_ms"], bare["import_ms"])
    ready_ratio = ratio(pipeline["ready_ms"], bare["ready_ms"])
    model_import_ratio = ratio(bare_model["import_ms"], bare["import_ms"])
    model_ready_ratio = ratio(bare_model["ready_ms"], bare["ready_ms"])
    bound = (
        f"pydantic's model machinery alone: the bare app with one pydantic model is already "
        f"{model_import_ratio}x the bare app's import and {model_ready_ratio}x its import + first answer "
        f"(the first `BaseModel` imports pydantic's schema builder; the first validation builds a validator "
        f"and scans installed packages for pydantic plugins); the rest is the connector's own modules "
        f"(contract classes, sample catalogue, pipeline)"
    )
    goals = [
        {
            "goal": f"fresh-process import of function_app ≤ {GOAL_RATIO}x the bare app's "
            f"(`import azure.functions, pydantic` + a FunctionApp)",
            "measured": f"{pipeline['import_ms']} ms vs {bare['import_ms']} ms ({import_ratio}x)",
            "met": import_ratio is not None and import_ratio <= GOAL_RATIO,
            "bound": bound,
        },
        {
            "goal": f"import plus the first answer of one operation ≤ {GOAL_RATIO}x the bare app's",
            "measured": f"{pipeline['ready_ms']} ms vs {bare['ready_ms']} ms ({ready_ratio}x); "
            f"first answer {pipeline['first_call_ms']} ms",
            "met": ready_ratio is not None and ready_ratio <= GOAL_RATIO,
            "bound": bound,
        },
    ]
    columns = {
        "variant": "variant",
        "import_ms": "import ms",
        "first_call_ms": "first call ms",
        "ready_ms": "import + first call ms",
        "process_ms": "whole process ms",
        "peak_rss_import_mb": "peak RSS after import MB",
        "peak_rss_first_call_mb": "peak RSS after first call MB",
        "modules": "modules loaded",
        "lazy_imported": "telemetry/back-end libs loaded",
    }
    notes = [
        f"Median of {repeats} fresh processes per variant, started in turn. Import times include "
        f"`azure.functions` itself (about {pipeline['runtime_import_ms']} ms here), which both variants need.",
        "First call includes indexing the functions (`app.get_functions()`), as the worker does before serving.",
        "`bare` is a FunctionApp with one handler that answers fixed bytes, after `import azure.functions, "
        "pydantic`: the floor. `bare + one pydantic model` validates the query with one model: what pydantic's "
        "model machinery alone costs. Both build the benchmark's request after the import (which imports the "
        "connector's contract), so their module counts and memory include it.",
    ]
    return {
        "title": TITLE,
        "repeats": repeats,
        "columns": columns,
        "rows": rows,
        "floors": floors,
        "goals": goals,
        "notes": notes,
    }
