"""Indexing the app loads the operation table and nothing an operation's first call can load itself.

The worker indexes `function_app` on every cold start: what that import loads, every new instance
pays before its first answer. Each check runs in a fresh interpreter, as the worker's would be.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from connector.contract import OPERATIONS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_MODULES = sorted({op.module for op in OPERATIONS})
# Loaded on a first call, never by indexing: pydantic, every model module, the pipeline and its
# POST-only body reader, the sample source's catalogue and texts (Babel).
NOT_AT_INDEXING = ("pydantic", "pydantic_core", "connector.models", "connector.pipeline", "connector.inputs", "babel")
NOT_AT_INDEXING_EXACT = ("connector.sources.sample.source", "connector.sources.sample.catalog")


BACKEND = {"CONNECTOR_SOURCE": "backend", "BACKEND_BASE_URL": "https://partner.example.com"}


def _fresh(*args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(PROJECT_ROOT), **(settings or {})},  # by default: the sample source
    )


def _imported(importtime_report: str) -> list[str]:
    """The module names of a `-X importtime` report (`import time: self | cumulative | name`)."""
    names = []
    for line in importtime_report.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":  # the header line
                names.append(name)
    return names


def _is_deferred(name: str) -> bool:
    return name in NOT_AT_INDEXING_EXACT or any(name == p or name.startswith(p + ".") for p in NOT_AT_INDEXING)


@pytest.fixture(scope="module", params=["sample", "backend"])
def indexing(request) -> list[str]:
    settings = BACKEND if request.param == "backend" else None
    done = _fresh("-X", "importtime", "-c", "import function_app; function_app.app.get_functions()", settings=settings)
    assert done.returncode == 0, done.stderr[-2000:]
    return _imported(done.stderr)


def test_the_report_is_read(indexing):
    # What the check below relies on: the report names what was imported, the table included.
    assert {"azure.functions", "connector.contract", "connector.functions", "function_app"} <= set(indexing)
    assert _is_deferred("pydantic._internal") and _is_deferred("connector.models.record_summary")


def test_indexing_imports_neither_pydantic_nor_any_model_module(indexing):
    assert [name for name in indexing if _is_deferred(name)] == []


_FIRST_CALL = r"""
import json, sys
import azure.functions as func
from function_app import app

functions = {f.get_function_name(): f for f in app.get_functions()}
request = func.HttpRequest("GET", "http://localhost/api/enhanceskills/sales-highlights",
                           params={"recordType": "account", "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"},
                           body=b"")
response = functions["key_sales_info"].get_user_function()(request)
print(json.dumps({"status": response.status_code,
                  "models": sorted(m for m in sys.modules if m.startswith("connector.models."))}))
"""


def test_a_first_call_imports_its_own_operations_models_only():
    done = _fresh("-c", _FIRST_CALL)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 200
    assert result["models"] == ["connector.models.base", "connector.models.errors", "connector.models.key_sales_info"]
