"""The GitHub workflows: valid against GitHub's workflow schema and actionlint, CI runs the README's test
command on every supported Python, and deployment signs in with OIDC behind a GitHub environment."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.builtin_schemas import assert_valid
from tests.support.interpreters import AZURE_FUNCTIONS_PYTHONS

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")


def load(name: str) -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def test_the_workflows_are_there():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "deploy.yml"]


def test_workflows_match_githubs_schema():
    """check-jsonschema's vendored copy of the schema: offline."""
    assert_valid("vendor.github-workflows", *WORKFLOWS)


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint has no wheel for this platform (see requirements-dev.txt)")
def test_actionlint_finds_nothing():
    result = subprocess.run(
        [ACTIONLINT, "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command_on_every_supported_python():
    workflow = load("ci.yml")
    assert {"push", "pull_request", "workflow_call"} <= set(workflow["on"])
    job = workflow["jobs"]["test"]
    # One job with every supported Python installed: `make test` runs the matrix itself (noxfile.py).
    [setup] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
    assert sorted(setup["with"]["python-version"].split()) == sorted(AZURE_FUNCTIONS_PYTHONS)
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["make test PYTHON=python"]
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "Python 3.11, 3.12 or 3.13" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert workflow["permissions"] == {"contents": "read"}


def test_deploy_signs_in_with_oidc_behind_an_environment_and_stores_no_credential():
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    workflow = load("deploy.yml")
    assert workflow["permissions"] == {"contents": "read", "id-token": "write"}
    job = workflow["jobs"]["deploy"]
    assert job["environment"]["name"] == "azure"
    assert job["needs"] == "test" and workflow["jobs"]["test"]["uses"] == "./.github/workflows/ci.yml"
    steps = job["steps"]
    login = next(s for s in steps if s.get("uses", "").startswith("azure/login@"))
    assert set(login["with"]) == {"client-id", "tenant-id", "subscription-id"}  # OIDC: no `creds`, no secret
    assert "secrets." not in text and "publish-profile" not in text
    runs = [s.get("run", "") for s in steps]
    assert "azd config set auth.useAzCliAuth true" in runs
    assert runs.index("azd provision --no-prompt") < runs.index("azd deploy --no-prompt")
    assert steps.index(login) < runs.index("azd provision --no-prompt")
    for action in (s["uses"] for s in steps if "uses" in s):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), action  # pinned to a major version
