""".devcontainer/devcontainer.json: Python 3.11 with Core Tools, the Azure CLI and azd, port 7071, the README's set-up."""

from __future__ import annotations

import re
import subprocess
import tomllib

from connector.host import APP_ROOT
from connector.tools.devhost import DEFAULT_PORT
from tests.support import jsonc

CONTAINER = jsonc.load(APP_ROOT / ".devcontainer" / "devcontainer.json")


def _set_up_commands() -> list[str]:
    readme = (APP_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\n## Set up\n.*?```bash\n(.*?)```", readme, re.DOTALL).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_image_is_python_of_the_version_the_project_requires():
    image = CONTAINER["image"]
    assert image.startswith("mcr.microsoft.com/devcontainers/python:")
    minimum = tomllib.loads((APP_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert minimum == ">=3.11"
    assert re.search(r":(\d+-)?3\.11(-|$)", image), f"{image} is not a Python 3.11 image"


def test_features_bring_core_tools_the_azure_cli_and_azd():
    features = {re.sub(r":[^/:]+$", "", name).rsplit("/", 1)[-1] for name in CONTAINER["features"]}
    assert features == {"azure-functions-core-tools", "azure-cli", "azd"}
    for name in CONTAINER["features"]:
        assert name.startswith("ghcr.io/") and re.search(r":(\d+|latest)$", name), f"{name} is not pinned to a line"


def test_the_functions_port_is_forwarded():
    assert CONTAINER["forwardPorts"] == [DEFAULT_PORT]
    assert set(CONTAINER.get("portsAttributes", {})) <= {str(DEFAULT_PORT)}


def test_post_create_runs_the_readmes_set_up():
    assert CONTAINER["postCreateCommand"] == _set_up_commands()[0] == "make install"
    dry_run = subprocess.run(["make", "-n", "-B", "install"], cwd=APP_ROOT, capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    assert re.search(r"-m venv \.venv$", dry_run.stdout, re.MULTILINE)
    assert re.search(r"-m pip install .*-r requirements-dev\.txt$", dry_run.stdout, re.MULTILINE)


def test_the_container_installs_the_extensions_the_workspace_recommends():
    recommended = jsonc.load(APP_ROOT / ".vscode" / "extensions.json")["recommendations"]
    assert CONTAINER["customizations"]["vscode"]["extensions"] == recommended
