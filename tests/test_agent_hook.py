"""The postprovision hook builds the Sales agent's package beside the solution once its OAuth registration
id is an azd environment value, and says what to do when it is not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml

from connector.tools.agent.build import AgentOptions, build_agent, default_path
from connector.tools.agent.read import lint_agent

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "infra" / "hooks"
VALUES = {
    "CONNECTOR_HOST": "func-connector-abc123.azurewebsites.net",
    "CONNECTOR_CLIENT_ID": "5a8d2c41-93e7-4b6f-a0d2-7c1e9f3b4a56",
    "CONNECTOR_RESOURCE_URI": "api://72f988bf-86f1-41af-91ab-2d7cd011db47/copilot-sales-connector-api-abc123",
}
REFERENCE_ID = "test-oauth-client-registration"  # plainly not a real registration id


def run_hook(**extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    environment = f"pytest-{uuid.uuid4().hex[:8]}"
    base = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
    result = subprocess.run(
        ["sh", "infra/hooks/postprovision.sh"],
        cwd=ROOT,
        env={**base, **VALUES, "AZURE_ENV_NAME": environment, **extra},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, ROOT / ".azure" / environment


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_with_the_registration_id_the_agent_package_is_built_beside_the_solution():
    result, folder = run_hook(CONNECTOR_OAUTH_REFERENCE_ID=REFERENCE_ID)
    try:
        assert result.returncode == 0, result.stderr
        options = AgentOptions(
            host=VALUES["CONNECTOR_HOST"], resource_uri=VALUES["CONNECTOR_RESOURCE_URI"], reference_id=REFERENCE_ID
        )
        package = folder / "connector" / default_path(options).name
        assert package.read_bytes() == build_agent(options) and lint_agent(package) == []
        assert len(list((folder / "connector").glob("*.zip"))) == 2  # the solution and the agent package
        assert "PLACEHOLDER" not in result.stderr and "NOTE" not in result.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_without_it_the_hook_says_how_to_get_one_and_builds_the_rest():
    result, folder = run_hook()
    try:
        assert result.returncode == 0, result.stderr
        assert "azd env set CONNECTOR_OAUTH_REFERENCE_ID" in result.stdout and "docs/agent.md" in result.stdout
        assert [p.name for p in (folder / "connector").glob("*.zip")] != [] and not list(
            (folder / "connector").glob("*agent*.zip")
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_windows_hook_builds_the_agent_with_the_same_arguments():
    def command(text: str) -> list[str]:
        joined = re.sub(r"\s*[\\`]\n\s*", " ", text)
        line = next(line for line in joined.splitlines() if "-m connector agent" in line)
        return re.findall(r"--[a-z-]+", line)

    posix = command((HOOKS / "postprovision.sh").read_text())
    windows = command((HOOKS / "postprovision.ps1").read_text())
    assert posix == windows == ["--host", "--resource-uri", "--reference-id", "--out"]
    assert "$env:CONNECTOR_OAUTH_REFERENCE_ID" in (HOOKS / "postprovision.ps1").read_text()


def test_azd_keeps_the_registration_id_as_a_pipeline_variable():
    spec = yaml.safe_load((ROOT / "azure.yaml").read_text())
    assert "CONNECTOR_OAUTH_REFERENCE_ID" in spec["pipeline"]["variables"]
