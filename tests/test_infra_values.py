"""The values a deployment runs with, each stated once and held together, offline.

- Every value infra/main.parameters.json reads reaches the Deploy workflow through azure.yaml's
  `pipeline.variables` (what `azd pipeline config` copies to the repository), so CI provisions with the
  partner's values, never the defaults.
- The deployed Python is one parameter, with one default, that the README and the workflow name alike.
- The minimum azd version is stated in azure.yaml, the preprovision hooks and the README alike, and the
  hook stops an older azd with one line.
- The registrations are owned by whoever deploys, plus the owners the partner names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.support.bicep_types import parse
from tests.support.interpreters import AZURE_FUNCTIONS_PYTHONS

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
AZURE_YAML = yaml.safe_load((ROOT / "azure.yaml").read_text())
README = (ROOT / "README.md").read_text()
# What azd itself sets in CI (`azd pipeline config` copies them; the workflow passes them), not the partner's values.
AZD_OWN = {"AZURE_ENV_NAME", "AZURE_LOCATION"}


def deploy_workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())


def parameter_values() -> dict[str, tuple[str, str | None]]:
    """main.parameters.json: {parameter: (azd environment value, its default or None)}."""
    given = json.loads((INFRA / "main.parameters.json").read_text())["parameters"]
    values = {}
    for name, parameter in given.items():
        match = re.fullmatch(r"\$\{([A-Z_]+)(?:=(.*))?\}", parameter["value"])
        assert match, name
        values[name] = (match.group(1), match.group(2))
    return values


# --- CI keeps the partner's values ---------------------------------------------------------------


def azd_schema_errors(spec: dict) -> list[str]:
    """azure.yaml against azd's own schema (its structure, kept in tests/data/azd/)."""
    schema = json.loads((ROOT / "tests" / "data" / "azd" / "azure.yaml.schema.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    return sorted(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(spec))


def test_azure_yaml_matches_azds_schema_and_the_check_can_fail():
    assert (
        "Azure/azure-dev"
        in json.loads((ROOT / "tests" / "data" / "azd" / "azure.yaml.schema.json").read_text())["$comment"]
    )
    assert azd_schema_errors(AZURE_YAML) == []
    wrong = {**AZURE_YAML, "pipeline": {"provider": "gitlab", "variables": "CONNECTOR_SOURCE"}}
    assert azd_schema_errors(wrong) == [
        "pipeline.provider: 'gitlab' is not one of ['github', 'azdo']",
        "pipeline.variables: 'CONNECTOR_SOURCE' is not of type 'array'",
    ]


# Values a person sets that the postprovision hook reads, beyond the parameters (docs/agent.md).
HOOK_VALUES = {"CONNECTOR_OAUTH_REFERENCE_ID"}


def test_every_value_the_parameters_read_reaches_the_deploy_workflow_through_the_pipeline_list():
    hook = (INFRA / "hooks" / "postprovision.sh").read_text() + (INFRA / "hooks" / "postprovision.ps1").read_text()
    assert all(f"${{{name}" in hook and f"$env:{name}" in hook for name in HOOK_VALUES)
    read = {value for value, _ in parameter_values().values()} | HOOK_VALUES
    pipeline = AZURE_YAML["pipeline"]
    assert pipeline["provider"] == "github"
    variables, secrets = set(pipeline.get("variables", [])), set(pipeline.get("secrets", []))
    assert variables.isdisjoint(secrets)
    assert variables | secrets == read - AZD_OWN  # nothing read is left out, nothing listed is unread
    env = deploy_workflow()["jobs"]["deploy"]["env"]
    for name in sorted(read):
        kind = "secrets" if name in secrets else "vars"
        assert env.get(name) == f"${{{{ {kind}.{name} }}}}", name
    assert "azd pipeline config" in README


# --- the deployed Python -----------------------------------------------------------------------------


def test_the_deployed_python_is_one_parameter_with_one_default_named_alike_everywhere():
    main = parse((INFRA / "main.bicep").read_text())
    parameter = main["parameters"]["pythonVersion"]
    default = parameter["default"]
    [allowed] = [d["argument"] for d in parameter["decorators"] if d["type"] == "allowed"]
    value, stated = parameter_values()["pythonVersion"]
    assert (value, stated) == ("CONNECTOR_PYTHON_VERSION", default)
    # Selectable: what Microsoft's Flex Consumption table lists and the matrix tests (3.13 is not in the table).
    assert allowed == ["3.11", "3.12"] and default in allowed
    assert set(allowed) <= set(AZURE_FUNCTIONS_PYTHONS)
    # The workflow's tools run on the same Python, with the same default.
    [setup] = [
        s for s in deploy_workflow()["jobs"]["deploy"]["steps"] if s.get("uses", "").startswith("actions/setup-python@")
    ]
    assert setup["with"]["python-version"] == f"${{{{ vars.CONNECTOR_PYTHON_VERSION || '{default}' }}}}"
    # The README names the default once, as the deployed version, and the manual path uses it too.
    assert re.findall(r"function app on \*\*Python (\d+\.\d+)\*\*", README) == [default]
    assert f"| `CONNECTOR_PYTHON_VERSION` | `{default}` |" in README
    assert re.findall(r"--runtime-version (\d+\.\d+)", README) == [default]


# --- the minimum azd version ------------------------------------------------------------------------

MINIMUM_AZD = "1.17.0"


def test_the_minimum_azd_version_is_stated_alike_in_azure_yaml_the_hooks_and_the_readme():
    assert AZURE_YAML["requiredVersions"] == {"azd": f">= {MINIMUM_AZD}"}
    assert f"minimum={MINIMUM_AZD}\n" in (INFRA / "hooks" / "preprovision.sh").read_text()
    assert f"$minimum = '{MINIMUM_AZD}'\n" in (INFRA / "hooks" / "preprovision.ps1").read_text()
    assert f"azd {MINIMUM_AZD} or later" in README
    hook = AZURE_YAML["hooks"]["preprovision"]
    assert (hook["posix"]["shell"], hook["windows"]["shell"]) == ("sh", "pwsh")
    assert os.access(ROOT / hook["posix"]["run"], os.X_OK) and (ROOT / hook["windows"]["run"]).is_file()
    assert hook["posix"]["continueOnError"] is False and hook["windows"]["continueOnError"] is False


def run_preprovision(tmp_path: Path, printed: str | None) -> subprocess.CompletedProcess:
    """The POSIX hook, with an `azd` on PATH that prints `printed` for `azd version` (None: no azd at all).
    A stand-in: the real azd cannot be installed here."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if printed is not None:
        azd = bin_dir / "azd"
        azd.write_text(f"#!/bin/sh\n[ \"$1\" = version ] && echo '{printed}'\n")
        azd.chmod(0o755)
    tools = {Path(shutil.which(t)).parent for t in ("sed", "sort", "head")}
    path = os.pathsep.join([str(bin_dir), *sorted(map(str, tools))])
    return subprocess.run(
        ["sh", str(INFRA / "hooks" / "preprovision.sh")],
        env={"PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
@pytest.mark.parametrize(
    "printed", ["azd version 1.17.0 (commit 0123abc)", "azd version 1.23.8 (commit 0123abc)", "azd version 1.100.0"]
)
def test_the_preprovision_hook_lets_a_recent_azd_through(tmp_path, printed):
    result = run_preprovision(tmp_path, printed)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
@pytest.mark.parametrize(
    ("printed", "says"),
    [
        (
            "azd version 1.16.1 (commit 0123abc)",
            f"azd 1.16.1 is too old for this deployment: install azd {MINIMUM_AZD}",
        ),
        ("azd version 1.9.0 (commit 0123abc)", f"azd 1.9.0 is too old for this deployment: install azd {MINIMUM_AZD}"),
        ("something else", f"could not read azd's version (azd version); this deployment needs azd {MINIMUM_AZD}"),
        (None, f"could not read azd's version (azd version); this deployment needs azd {MINIMUM_AZD}"),
    ],
)
def test_the_preprovision_hook_stops_an_older_azd_with_one_line(tmp_path, printed, says):
    result = run_preprovision(tmp_path, printed)
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert says in line


def test_the_windows_preprovision_hook_says_the_same_lines():
    """No PowerShell here: its messages and its version pattern are compared with the POSIX hook's."""

    def lines(name: str) -> list[str]:
        return re.findall(r"preprovision: [^\"]*", (INFRA / "hooks" / name).read_text())

    assert lines("preprovision.ps1") == lines("preprovision.sh")
    assert len(lines("preprovision.sh")) == 2
    assert "'azd version (\\d+\\.\\d+\\.\\d+)'" in (INFRA / "hooks" / "preprovision.ps1").read_text()


# --- regions and registrations ----------------------------------------------------------------------


def test_the_location_is_one_of_microsofts_flex_consumption_regions_with_its_source_and_date():
    text = (INFRA / "main.bicep").read_text()
    main = parse(text)
    [allowed] = [d["argument"] for d in main["parameters"]["location"]["decorators"] if d["type"] == "allowed"]
    assert allowed == sorted(set(allowed)) and all(re.fullmatch(r"[a-z0-9]+", r) for r in allowed)
    assert {"eastus", "northeurope", "westeurope", "swedencentral", "australiaeast"} <= set(allowed)
    assert "Azure-Samples/functions-quickstart-python-http-azd" in text and "as of 2025-05-07" in text


def test_whoever_deploys_owns_every_registration_and_the_partner_may_name_more_owners():
    registrations = parse((INFRA / "app" / "registrations.bicep").read_text())
    graph = [r for r in registrations["resources"].values() if r["type"].startswith("Microsoft.Graph/")]
    assert len(graph) == 4
    assert all(r["config"]["owners"] == "owners" for r in graph)
    owners = registrations["variables"]["owners"]["value"]
    assert owners["relationshipSemantics"] == "append"  # adds owners, never removes a person's
    union = owners["relationships"]["function"]
    assert union["type"] == "union"
    assert union["parameters"]["arg_1"] == [
        {
            "operator": {
                "type": "property_accessor",
                "operands": {
                    "operand_1": {"function": {"type": "deployer", "parameters": {}}},
                    "operand_2": "objectId",
                },
            }
        }
    ]
    assert union["parameters"]["arg_2"] == "extraOwnerIds"
    assert parameter_values()["connectorRegistrationOwners"] == ("CONNECTOR_REGISTRATION_OWNERS", "")
