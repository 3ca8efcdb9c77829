"""The deployment package holds the runtime and nothing else, and runs with the runtime requirements only.

`python -m connector package` builds the zip a deployment uploads. These tests unpack it, install its
own `requirements.txt` into a fresh venv (cached by that file), and import and index the app there, so
no runtime path can need a development-only package.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from connector.contract import CHAT_OPERATIONS, OPERATIONS
from connector.tools.cli import main as cli
from connector.tools.package import IgnoreRules, build_package, package_files
from tests.support.venvs import cached_venv

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_TOP_LEVEL = {"function_app.py", "host.json", "requirements.txt", "connector"}
# Files a developer's checkout accumulates; none may reach Azure.
PLANTED = [
    "local.settings.json",
    ".venv/lib/site.py",
    "tests/test_x.py",
    "connector/__pycache__/pipeline.cpython-311.pyc",
    "connector/sources/__pycache__/base.cpython-311.pyc",
    ".pytest_cache/v/cache/nodeids",
    ".ruff_cache/CACHEDIR.TAG",
    ".hypothesis/examples/x",
    ".schemathesis/state.json",
    ".azure/dev/.env",
    ".azure/dev/connector/apiProperties.json",
    "dist/function-app.zip",
    ".vscode/settings.json",
    ".coverage",
    "benchmarks/results/latest.json",
]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the project's tracked files, with the clutter of a working checkout planted in it."""
    root = tmp_path_factory.mktemp("checkout")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    for name in PLANTED:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("planted\n")
    return root


@pytest.fixture(scope="module")
def package(checkout, tmp_path_factory) -> Path:
    return build_package(tmp_path_factory.mktemp("out") / "function-app.zip", root=checkout)


@pytest.fixture(scope="module")
def unpacked(package, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def names(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return archive.namelist()


def test_the_package_holds_the_runtime_only(package):
    entries = names(package)
    assert {name.split("/", 1)[0] for name in entries} == RUNTIME_TOP_LEVEL
    assert "connector/pipeline.py" in entries and "connector/sources/sample/locales/en.json" in entries
    for name in entries:
        assert not name.startswith(("connector/tools/", "tests/", ".venv/", ".azure/", "dist/")), name
        assert name != "connector/__main__.py"
        assert "__pycache__" not in name and not name.endswith(".pyc"), name
        assert not any(part.startswith(".") for part in name.split("/")), name  # no caches or tool state


def test_none_of_the_planted_clutter_is_packaged(package):
    assert set(PLANTED).isdisjoint(names(package))
    assert "local.settings.json" not in names(package)


def test_the_package_is_reproducible(checkout, package, tmp_path):
    again = build_package(tmp_path / "again.zip", root=checkout)
    assert again.read_bytes() == package.read_bytes()


def test_tool_state_is_ignored_by_git_and_by_the_deployment():
    for ignore_file in (".gitignore", ".funcignore"):
        patterns = (ROOT / ignore_file).read_text().split()
        for state in (".schemathesis", ".hypothesis", ".pytest_cache", ".ruff_cache", "local.settings.json"):
            assert state in patterns or f"{state}/" in patterns, (ignore_file, state)


def test_funcignore_is_read_as_gitignore_patterns():
    rules = IgnoreRules("# comment\n.git*\nconnector/tools\n*.pyc\nbuild/\n!keep.pyc\n")
    assert rules.ignores(".github", is_dir=True) and rules.ignores(".gitignore", is_dir=False)
    assert rules.ignores("connector/tools", is_dir=True) and not rules.ignores("tools", is_dir=True)
    assert rules.ignores("connector/x.pyc", is_dir=False) and not rules.ignores("keep.pyc", is_dir=False)
    assert rules.ignores("build", is_dir=True) and not rules.ignores("build", is_dir=False)


def test_the_command_writes_the_zip(tmp_path, capsys):
    out = tmp_path / "nested" / "app.zip"
    assert cli(["package", "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    assert sorted(names(out)) == sorted(name for _, name in package_files(ROOT))


# Run in the fresh venv, in the unpacked package: import every module, then index the app as the worker does.
PROBE = """
import importlib, json, pkgutil, sys
import connector
failed = {}
for module in pkgutil.walk_packages(connector.__path__, "connector."):
    try:
        importlib.import_module(module.name)
    except ImportError as error:
        failed[module.name] = getattr(error, "name", None) or str(error)
from function_app import app
functions = {}
for function in app.get_functions():
    trigger = next(b for b in json.loads(function.get_function_json())["bindings"] if b["type"] == "httpTrigger")
    functions[function.get_function_name()] = [trigger["route"], trigger["methods"], trigger["authLevel"]]
print(json.dumps({"failed": failed, "functions": functions,
                  "dev_only": sorted(m for m in ("pytest", "waitress", "fastapi", "schemathesis") if m in sys.modules)}))
"""


@pytest.fixture(scope="module")
def runtime_python(unpacked) -> Path:
    return cached_venv("runtime", unpacked / "requirements.txt")


@pytest.mark.parametrize(("require_principal", "auth_level"), [("false", "FUNCTION"), ("true", "ANONYMOUS")])
def test_the_package_imports_and_indexes_with_runtime_requirements_only(
    runtime_python, unpacked, require_principal, auth_level
):
    env = {
        "PATH": "/usr/bin:/bin",
        "CONNECTOR_REQUIRE_PRINCIPAL": require_principal,
        "APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true",
    }
    result = subprocess.run(
        [str(runtime_python), "-c", PROBE], cwd=unpacked, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    served = (*OPERATIONS, *CHAT_OPERATIONS)  # the contract's seven and the Sales agent chat's two routes
    assert report["functions"] == {op.key: [op.route, [op.method], auth_level] for op in served}
    assert report["dev_only"] == []
    # The one module that needs more: the opt-in OpenTelemetry backend, whose distro a partner adds to
    # requirements.txt when choosing it (docs/telemetry.md). Every other module imports.
    assert set(report["failed"]) <= {"connector.telemetry.opentelemetry_backend"}, report["failed"]
    for missing in report["failed"].values():
        assert missing.split(".")[0] in ("opentelemetry", "azure"), missing


def test_the_fresh_venv_holds_no_development_package(runtime_python):
    listed = subprocess.run(
        [str(runtime_python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    ).stdout
    installed = {p["name"].lower() for p in json.loads(listed)}
    assert {"azure-functions", "pydantic", "requests", "opencensus-ext-azure", "azure-identity"} <= installed
    assert installed.isdisjoint({"pytest", "waitress", "fastapi", "schemathesis", "ruff", "checkov"})
    assert sys.executable != str(runtime_python)
