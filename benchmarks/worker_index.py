"""Part 8, the worker's cold indexing: Azure's Python worker indexes `function_app` vs a bare app.

Each sample starts the worker tier's driver (`tests/worker/driver.py`, Azure's worker library in the
Python 3.13 environment cached under `.venv/cache/`) in a fresh process and asks it to index: worker
init plus functions metadata, where the worker imports the app. The bare app is `import
azure.functions` and a FunctionApp with the same functions answering fixed bytes, written into
a folder of its own. Both are started in turn; the medians of their CPU and wall times are compared.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.measure import ratio
from connector.contract import OPERATIONS_BY_KEY

TITLE = "Cold indexing under the worker"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DRIVER = PROJECT_ROOT / "tests" / "worker" / "driver.py"
GOAL_RATIO = 1.2

_BARE = """import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)


def _fixed(name):
    def handler(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse('{{"value":[],"hasMoreResults":false}}', mimetype="application/json")

    handler.__name__ = name
    return handler


for name, route, method in {functions!r}:
    app.function_name(name=name)(app.route(route=route, methods=[method])(_fixed(name)))
"""


def _index_once(python: Path, app_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [str(python), "-I", str(DRIVER), str(app_dir)],
        cwd=app_dir,
        env=env,
        input=json.dumps({"op": "index"}) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    if done.returncode != 0 or "indexing" not in answer or answer.get("metadata_failure"):
        raise RuntimeError(f"the worker could not index {app_dir}:\n{done.stderr[-2000:]}{answer}")
    return {**answer["indexing"], "functions": len(answer["functions"])}


def run(repeats: int) -> dict[str, Any]:
    try:
        from tests.worker.environment import WorkerUnavailable, worker_python

        python = worker_python()
    except (ImportError, WorkerUnavailable) as missing:
        return {"title": TITLE, "skipped": str(missing), "columns": {}, "rows": [], "floors": [], "goals": []}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTOR_", "BACKEND_"))}
    env.pop("APPLICATIONINSIGHTS_CONNECTION_STRING", None)
    with tempfile.TemporaryDirectory() as bare_dir:
        functions = [(op.key, op.route, op.method) for op in OPERATIONS_BY_KEY.values()]
        (Path(bare_dir) / "function_app.py").write_text(_BARE.format(functions=functions), encoding="utf-8")
        variants = {"pipeline": PROJECT_ROOT, "bare": Path(bare_dir)}
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
        for _ in range(repeats):
            for name, app_dir in variants.items():  # in turn, so both meet the same machine
                runs[name].append(_index_once(python, app_dir, env))
    rows = [
        {
            "variant": name,
            "indexing_ms": round(statistics.median(s["ms"] for s in samples), 1),
            "indexing_cpu_ms": round(statistics.median(s["cpu_ms"] for s in samples), 1),
            "functions": samples[0]["functions"],
        }
        for name, samples in runs.items()
    ]
    pipeline, bare = rows
    indexing_ratio = ratio(pipeline["indexing_cpu_ms"], bare["indexing_cpu_ms"])
    goals = [
        {
            "goal": f"the worker's cold indexing (init plus metadata) of function_app ≤ {GOAL_RATIO}x the bare "
            "app's under the same worker (CPU time)",
            "measured": f"CPU {pipeline['indexing_cpu_ms']} ms vs {bare['indexing_cpu_ms']} ms ({indexing_ratio}x); "
            f"wall {pipeline['indexing_ms']} ms vs {bare['indexing_ms']} ms",
            "met": indexing_ratio is not None and indexing_ratio <= GOAL_RATIO,
            "bound": "what indexing loads beyond the bare app: the connector's own modules (the settings, the "
            "telemetry switch, the request context, the operation table; no pydantic, no model)",
        }
    ]
    floors = [
        {
            "floor": "the worker indexes every function of both apps",
            "measured": f"pipeline {pipeline['functions']}, bare {bare['functions']}",
            "met": pipeline["functions"] == bare["functions"] == len(OPERATIONS_BY_KEY),
        }
    ]
    columns = {
        "variant": "variant",
        "indexing_ms": "init + metadata ms",
        "indexing_cpu_ms": "init + metadata CPU ms",
        "functions": "functions indexed",
    }
    notes = [
        f"Median of {repeats} fresh worker processes per app, started in turn; the times are the worker's "
        "init and functions metadata requests (where it imports the app), measured inside the driver."
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
