"""What `bicep build` and ARM would refuse in infra/, found offline.

- Every resource body in every Bicep file, the Microsoft Graph registrations included, is checked against
  the generated Bicep type definitions of its exact type and API version, and every module's params against
  the parameters its file declares (tests/support/bicep_types.py, data in tests/data/bicep-types/).
- No Bicep file sets a site property or app setting that Microsoft lists as deprecated or invalid for Flex
  Consumption (tests/data/flex-consumption-deprecated.json names the page and section).
A deliberately wrong copy of the files proves each check can fail, and where it points.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.bicep_types import DATA, Finding, check_file, parse

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
FLEX_DEPRECATED = json.loads((ROOT / "tests" / "data" / "flex-consumption-deprecated.json").read_text())


def findings(root: Path) -> list[Finding]:
    return [f for path in sorted(root.rglob("*.bicep")) for f in check_file(path, root)]


def line_of(path: Path, text: str) -> int:
    [number] = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return number


# --- the type check ------------------------------------------------------------------------------


def test_every_resource_in_infra_matches_its_type_definition():
    assert [str(f) for f in findings(INFRA)] == []


def test_the_type_data_covers_every_resource_type_infra_declares_and_names_its_source():
    declared = {
        f"{r['type']}@{r['api_version']}"
        for path in INFRA.rglob("*.bicep")
        for r in parse(path.read_text()).get("resources", {}).values()
    }
    held = {}
    for name in ("azure.json", "microsoft-graph.json"):
        data = json.loads((DATA / name).read_text())
        assert re.fullmatch(r"https://github\.com/[\w-]+/[\w-]+", data["source"]["repository"])
        assert re.fullmatch(r"[0-9a-f]{40}", data["source"]["commit"])
        assert all(f["path"].endswith("/types.json") for f in data["source"]["files"])
        assert not re.search(r'"description"', json.dumps(data["types"]))  # structure, never prose
        held.update(data["resources"])
    assert declared <= set(held)
    # The Graph types are the version bicepconfig.json pins for the extension.
    pinned = json.loads((INFRA / "bicepconfig.json").read_text())["extensions"]["microsoftGraphV1"].rsplit(":", 1)[1]
    graph = json.loads((DATA / "microsoft-graph.json").read_text())["source"]["files"]
    assert [f["path"] for f in graph] == [f"generated/microsoftgraph/microsoft.graph/v1.0/{pinned}/types.json"]


def edited_copy(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]) -> Path:
    """A copy of infra/ with, in each named file, each `old` text replaced once by `new`."""
    copy = tmp_path / "infra"
    shutil.copytree(INFRA, copy)
    for name, replacements in edits.items():
        text = (copy / name).read_text()
        for old, new in replacements:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        (copy / name).write_text(text)
    return copy


@pytest.fixture
def wrong_copy(tmp_path) -> Path:
    """infra/ with a misspelt property, a string where an int belongs, an enum value Azure does not know,
    a bool where an app setting's string belongs (inside union()), a read-only property set, the same in the
    Graph file, and a misspelt module parameter and a string for an int one."""
    principal = "resource apiServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {"
    return edited_copy(
        tmp_path,
        {
            "main.bicep": [
                ("    pythonVersion: pythonVersion", "    pythonVerison: pythonVersion"),
                ("    alwaysReadyInstances: alwaysReadyInstances", "    alwaysReadyInstances: '1'"),
            ],
            "app/function.bicep": [
                ("httpsOnly: true", "httpsOnyl: true"),
                ("maximumInstanceCount: maximumInstanceCount", "maximumInstanceCount: '100'"),
                ("unauthenticatedClientAction: 'Return401'", "unauthenticatedClientAction: 'Return402'"),
                ("CONNECTOR_REQUIRE_PRINCIPAL: 'true'", "CONNECTOR_REQUIRE_PRINCIPAL: true"),
            ],
            "app/registrations.bicep": [
                ("requestedAccessTokenVersion: 2", "requestedAccessTokenVersion: '2'"),
                (principal, f"{principal}\n  appOwnerOrganizationId: tenant().tenantId"),
            ],
        },
    )


def test_the_type_check_fails_on_a_wrong_copy_with_file_line_and_property_path(wrong_copy):
    function, registrations = wrong_copy / "app" / "function.bicep", wrong_copy / "app" / "registrations.bicep"
    main = wrong_copy / "main.bicep"
    found = {(f.file, f.line, f.path): f.problem for f in findings(wrong_copy)}
    assert found == {
        ("main.bicep", line_of(main, "pythonVerison"), "functionApp.params.pythonVerison"): (
            "not a parameter of app/function.bicep"
        ),
        ("main.bicep", line_of(main, "module functionApp"), "functionApp.params.pythonVersion"): (
            "required, and missing"
        ),
        ("main.bicep", line_of(main, "alwaysReadyInstances: '1'"), "functionApp.params.alwaysReadyInstances"): (
            "a string where an int belongs"
        ),
        ("app/function.bicep", line_of(function, "httpsOnyl"), "functionApp.properties.httpsOnyl"): (
            "'httpsOnyl' is not a property of SiteProperties"
        ),
        (
            "app/function.bicep",
            line_of(function, "maximumInstanceCount: '100'"),
            "functionApp.properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount",
        ): "a string where an int belongs",
        (
            "app/function.bicep",
            line_of(function, "Return402"),
            "authentication.properties.globalValidation.unauthenticatedClientAction",
        ): "'Return402' is not one of RedirectToLoginPage, AllowAnonymous, Return401, Return403",
        (
            "app/function.bicep",
            line_of(function, "CONNECTOR_REQUIRE_PRINCIPAL: true"),
            "appSettings.properties.CONNECTOR_REQUIRE_PRINCIPAL",
        ): "bool where a string belongs",
        (
            "app/registrations.bicep",
            line_of(registrations, "requestedAccessTokenVersion"),
            "api.api.requestedAccessTokenVersion",
        ): "a string where an int belongs",
        (
            "app/registrations.bicep",
            line_of(registrations, "appOwnerOrganizationId"),
            "apiServicePrincipal.appOwnerOrganizationId",
        ): "read-only: Azure sets it, a template may not",
    }


def test_a_resource_type_without_type_data_is_a_finding_not_a_pass(tmp_path):
    (tmp_path / "x.bicep").write_text(
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'v'\n  location: 'westeurope'\n}\n"
    )
    assert [str(f) for f in findings(tmp_path)] == [
        "x.bicep:1: vault: no type definition for Microsoft.KeyVault/vaults@2023-07-01"
    ]


# --- what Flex Consumption refuses ---------------------------------------------------------------


def keys(node: Any) -> list[tuple[str, int]]:
    """Every object key anywhere in a parsed Bicep file (inside functions and conditions too), with its line."""
    if isinstance(node, dict):
        found = [(str(k).strip("'"), getattr(k, "line", 0)) for k in node]
        return found + [item for value in node.values() for item in keys(value)]
    if isinstance(node, list):
        return [item for value in node for item in keys(value)]
    return []


def refused(root: Path) -> list[str]:
    """file:line: name for every deprecated site property or app setting a Bicep file sets."""
    names = {n.lower(): n for n in (*FLEX_DEPRECATED["siteProperties"], *FLEX_DEPRECATED["appSettings"])}
    hits = []
    for path in sorted(root.rglob("*.bicep")):
        for key, line in keys(parse(path.read_text()).get("resources", {})):
            if key.lower() in names:
                hits.append(f"{path.relative_to(root).as_posix()}:{line}: {names[key.lower()]}")
    return hits


def test_no_bicep_file_sets_what_flex_consumption_refuses():
    assert FLEX_DEPRECATED["source"]["section"] == "Deprecated properties and settings"
    assert {"ftpsState", "use32BitWorkerProcess", "alwaysOn", "linuxFxVersion"} <= set(
        FLEX_DEPRECATED["siteProperties"]
    )
    assert {"FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_CONTENTSHARE"} <= set(
        FLEX_DEPRECATED["appSettings"]
    )
    assert refused(INFRA) == []


def test_the_flex_check_finds_ftps_state_and_a_worker_runtime_app_setting(tmp_path):
    setting = "CONNECTOR_REQUIRE_PRINCIPAL: 'true'"
    copy = edited_copy(
        tmp_path,
        {
            "app/function.bicep": [
                ("http20Enabled: true", "http20Enabled: true\n      ftpsState: 'Disabled'"),
                (setting, f"{setting}\n    FUNCTIONS_WORKER_RUNTIME: 'python'"),
            ]
        },
    )
    function = copy / "app" / "function.bicep"
    ftps = line_of(function, "ftpsState: 'Disabled'")
    assert refused(copy) == [
        f"app/function.bicep:{ftps}: ftpsState",
        f"app/function.bicep:{line_of(function, 'FUNCTIONS_WORKER_RUNTIME')}: FUNCTIONS_WORKER_RUNTIME",
    ]
