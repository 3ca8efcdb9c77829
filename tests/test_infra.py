"""What `azd up` would create, read from the Bicep, azure.yaml and the hooks, offline.

No Bicep compiler can run here, so every `.bicep` file is parsed by pycep-parser (pure Python, 0.7 reads
the Microsoft Graph extension declaration too) and the properties that matter are asserted on the parsed
tree. Every resource body is also checked against Azure's type definitions (tests/test_infra_types.py) and
scanned by checkov (tests/test_infra_scan.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from pycep import BicepParser

from connector.settings import Settings
from connector.tools.solution.build import SolutionOptions, build_solution, default_path
from connector.tools.solution.read import lint_solution

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "infra"
# Resource types and their API versions: those of Microsoft's azd Flex Consumption template for Python, the managed
# identity on its newest GA version (no preview API). tests/data/bicep-types/ holds the type definition of each.
API_VERSIONS = {
    "Microsoft.Resources/resourceGroups": "2021-04-01",
    "Microsoft.ManagedIdentity/userAssignedIdentities": "2024-11-30",
    "Microsoft.OperationalInsights/workspaces": "2021-12-01-preview",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.Storage/storageAccounts": "2023-01-01",
    "Microsoft.Storage/storageAccounts/blobServices": "2023-01-01",
    "Microsoft.Storage/storageAccounts/blobServices/containers": "2023-01-01",
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
    "Microsoft.Web/serverfarms": "2023-12-01",
    "Microsoft.Web/sites": "2023-12-01",
    "Microsoft.Web/sites/config": "2023-12-01",
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies": "2023-12-01",
    "Microsoft.Graph/applications": "v1.0",
    "Microsoft.Graph/servicePrincipals": "v1.0",
}
STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"


@pytest.fixture(scope="module")
def bicep() -> dict[str, dict[str, Any]]:
    """Every .bicep file under infra/, parsed: {"app/function.bicep": tree, ...}."""
    parser = BicepParser()
    return {
        path.relative_to(INFRA).as_posix(): parser.parse(text=path.read_text())
        for path in sorted(INFRA.rglob("*.bicep"))
    }


def resources(tree: dict, type_: str) -> dict[str, dict]:
    return {name: r for name, r in tree.get("resources", {}).items() if r["type"] == type_}


def one(tree: dict, type_: str) -> dict:
    found = resources(tree, type_)
    assert len(found) == 1, (type_, list(found))
    return next(iter(found.values()))


def default(tree: dict, parameter: str) -> Any:
    return tree["parameters"][parameter]["default"]


def decorator(tree: dict, parameter: str, name: str) -> Any:
    for item in tree["parameters"][parameter]["decorators"]:
        if item["type"] == name:
            return item["argument"]
    raise AssertionError(f"{parameter} has no @{name}")


def referenced(value: Any) -> str:
    """`a.b.c` from pycep's nested property accessors."""
    if isinstance(value, str):
        return value
    operands = value["operator"]["operands"]
    return f"{referenced(operands['operand_1'])}.{referenced(operands['operand_2'])}"


# --- every file parses; the one construct pycep cannot read is named ----------------------------


def test_every_bicep_file_parses_and_uses_the_templates_api_versions(bicep):
    assert set(bicep) == {
        "main.bicep",
        "app/identity.bicep",
        "app/monitoring.bicep",
        "app/storage.bicep",
        "app/access.bicep",
        "app/function.bicep",
        "app/registrations.bicep",
    }
    seen = set()
    for name, tree in bicep.items():
        for resource_name, resource in tree.get("resources", {}).items():
            assert API_VERSIONS.get(resource["type"]) == resource["api_version"], (name, resource_name)
            seen.add(resource["type"])
    assert seen == set(API_VERSIONS)


def test_only_the_registrations_use_the_graph_extension_and_bicepconfig_resolves_it(bicep):
    assert {name for name, tree in bicep.items() if tree.get("extensions")} == {"app/registrations.bicep"}
    assert set(bicep["app/registrations.bicep"]["extensions"]) == {"microsoftGraphV1"}
    # The alias resolves through bicepconfig.json to Microsoft's Graph extension (v1.0 API).
    aliases = json.loads((INFRA / "bicepconfig.json").read_text())["extensions"]
    assert re.fullmatch(
        r"br:mcr\.microsoft\.com/bicep/extensions/microsoftgraph/v1\.0:\d+\.\d+\.\d+", aliases["microsoftGraphV1"]
    )


def test_main_wires_every_module_to_a_file(bicep):
    main = bicep["main.bicep"]
    assert main["globals"]["scope"]["value"] == "subscription"
    for name, module in main["modules"].items():
        assert (INFRA / module["detail"]["path"]).is_file(), name
        assert module["config"]["scope"] == "resourceGroup", name


# --- the function app --------------------------------------------------------------------------


def test_a_flex_consumption_linux_plan(bicep):
    plan = one(bicep["app/function.bicep"], "Microsoft.Web/serverfarms")["config"]
    assert plan["sku"] == {"name": "FC1", "tier": "FlexConsumption"}
    assert plan["properties"]["reserved"] is True


def test_a_python_function_app_that_runs_as_its_user_assigned_identity(bicep):
    site = one(bicep["app/function.bicep"], "Microsoft.Web/sites")["config"]
    assert site["kind"] == "functionapp,linux"
    config = site["properties"]["functionAppConfig"]
    # The version is main.bicep's one parameter (tests/test_infra_values.py).
    assert config["runtime"] == {"name": "python", "version": "pythonVersion"}
    assert bicep["main.bicep"]["modules"]["functionApp"]["config"]["params"]["pythonVersion"] == "pythonVersion"
    assert site["identity"] == {"type": "UserAssigned", "userAssignedIdentities": {"'${identityId}'": {}}}
    storage = config["deployment"]["storage"]
    assert storage["type"] == "blobContainer"
    assert storage["value"] == "${storage.properties.primaryEndpoints.blob}${deploymentContainerName}"
    assert storage["authentication"] == {"type": "UserAssignedIdentity", "userAssignedIdentityResourceId": "identityId"}
    assert site["tags"]["function"]["parameters"]["arg_2"] == {"'azd-service-name'": "api"}


def test_https_only_tls_1_2_no_ftp_no_publishing_passwords(bicep):
    """Flex Consumption has no FTP at all (and refuses `ftpsState`: tests/test_infra_types.py); the publishing
    credential policies turn off basic authentication for deployments."""
    function = bicep["app/function.bicep"]
    properties = one(function, "Microsoft.Web/sites")["config"]["properties"]
    assert properties["httpsOnly"] is True
    assert properties["siteConfig"]["minTlsVersion"] == "1.2"
    assert properties["siteConfig"]["scmMinTlsVersion"] == "1.2"
    assert "ftpsState" not in properties["siteConfig"]
    policies = resources(function, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").values()
    assert {(p["config"]["name"], p["config"]["properties"]["allow"]) for p in policies} == {
        ("ftp", False),
        ("scm", False),
    }


def test_scale_parameters_with_one_always_ready_instance_by_default(bicep):
    main = bicep["main.bicep"]
    assert default(main, "alwaysReadyInstances") == 1
    assert default(main, "instanceMemoryMB") == 2048
    assert decorator(main, "instanceMemoryMB", "allowed") == [512, 2048, 4096]
    assert default(main, "maximumInstanceCount") == 100
    assert main["parameters"]["location"]["decorators"][-1]["argument"] == {"azd": {"type": "location"}}
    scale = one(bicep["app/function.bicep"], "Microsoft.Web/sites")["config"]["properties"]["functionAppConfig"][
        "scaleAndConcurrency"
    ]
    assert scale["instanceMemoryMB"] == "instanceMemoryMB"
    assert scale["maximumInstanceCount"] == "maximumInstanceCount"
    always_ready = scale["alwaysReady"]["operator"]
    assert always_ready["type"] == "conditional"
    assert always_ready["operands"]["true_value"] == [{"name": "http", "instanceCount": "alwaysReadyInstances"}]
    passed = main["modules"]["functionApp"]["config"]["params"]
    for name in ("instanceMemoryMB", "maximumInstanceCount", "alwaysReadyInstances", "httpPerInstanceConcurrency"):
        assert passed[name] == name


def test_http_concurrency_and_worker_threads_agree_with_the_sync_pipeline(bicep):
    """Each call holds a worker thread until it answers: as many threads as concurrent calls, and no more
    concurrent calls than the Python worker allows threads (32), nor than the back-end pool keeps connections."""
    main, function = bicep["main.bicep"], bicep["app/function.bicep"]
    concurrency = default(main, "httpPerInstanceConcurrency")
    assert concurrency == 16
    assert decorator(main, "httpPerInstanceConcurrency", "max_value") == 32
    scale = one(function, "Microsoft.Web/sites")["config"]["properties"]["functionAppConfig"]["scaleAndConcurrency"]
    assert scale["triggers"] == {"http": {"perInstanceConcurrency": "httpPerInstanceConcurrency"}}
    threads = app_settings(function)["PYTHON_THREADPOOL_THREAD_COUNT"]
    assert threads == {"function": {"type": "string", "parameters": {"value_to_convert": "httpPerInstanceConcurrency"}}}
    assert Settings().backend_pool_size >= decorator(main, "httpPerInstanceConcurrency", "max_value")


def app_settings(function: dict) -> dict[str, Any]:
    config = [
        r for r in resources(function, "Microsoft.Web/sites/config").values() if r["config"]["name"] == "appsettings"
    ]
    assert len(config) == 1
    union = config[0]["config"]["properties"]["function"]
    assert union["type"] == "union"
    settings = dict(union["parameters"]["arg_1"])
    optional = union["parameters"]["arg_2"]["operator"]["operands"]
    assert optional["true_value"] == {}
    settings.update(optional["false_value"])
    return settings


def test_host_storage_and_telemetry_use_the_identity_not_keys(bicep):
    settings = app_settings(bicep["app/function.bicep"])
    assert settings["AzureWebJobsStorage__credential"] == "managedidentity"
    assert settings["AzureWebJobsStorage__clientId"] == "identityClientId"
    assert referenced(settings["AzureWebJobsStorage__blobServiceUri"]) == "storage.properties.primaryEndpoints.blob"
    assert "AzureWebJobsStorage" not in settings  # no connection string with an account key
    assert settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] == "ClientId=${identityClientId};Authorization=AAD"
    assert referenced(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]) == (
        "applicationInsights.properties.ConnectionString"
    )
    # Flex Consumption takes the runtime from functionAppConfig and the package from the container.
    assert {"FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE"}.isdisjoint(settings)


def test_the_connector_requires_a_signed_in_caller_and_its_settings_are_documented(bicep):
    settings = app_settings(bicep["app/function.bicep"])
    assert settings["CONNECTOR_REQUIRE_PRINCIPAL"] == "true"
    sample = json.loads((ROOT / "local.settings.sample.json").read_text())["Values"]
    read_by_the_code = [n for n in settings if n.startswith(("CONNECTOR_", "BACKEND_", "APPLICATIONINSIGHTS_"))]
    assert set(read_by_the_code) <= set(sample)


def test_every_app_setting_the_app_gets_is_read_by_the_connector_or_the_functions_host(bicep):
    settings = set(app_settings(bicep["app/function.bicep"]))
    read_by_the_host = {  # identity-based host storage, and the Python worker's thread pool
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "PYTHON_THREADPOOL_THREAD_COUNT",
    }
    sample = json.loads((ROOT / "local.settings.sample.json").read_text())["Values"]
    read_by_the_connector = {n for n in sample if n == n.upper() and n != "FUNCTIONS_WORKER_RUNTIME"}
    assert settings - read_by_the_host - read_by_the_connector == set()


def test_app_service_authentication_with_entra_id_answers_401(bicep):
    function = bicep["app/function.bicep"]
    auth = [
        r for r in resources(function, "Microsoft.Web/sites/config").values() if r["config"]["name"] == "authsettingsV2"
    ]
    assert len(auth) == 1
    properties = auth[0]["config"]["properties"]
    assert properties["platform"]["enabled"] is True
    assert properties["globalValidation"] == {"requireAuthentication": True, "unauthenticatedClientAction": "Return401"}
    assert properties["httpSettings"]["requireHttps"] is True
    entra = properties["identityProviders"]["azureActiveDirectory"]
    assert entra["enabled"] is True
    assert entra["registration"]["clientId"] == "apiClientId"
    assert entra["registration"]["openIdIssuer"].endswith("${tenant().tenantId}/v2.0")
    assert "clientSecretSettingName" not in entra["registration"]  # validating bearer tokens needs no secret
    assert entra["validation"]["allowedAudiences"] == ["apiIdentifierUri", "apiClientId"]
    assert entra["validation"]["defaultAuthorizationPolicy"] == {"allowedApplications": ["connectorClientId"]}
    assert properties["login"]["tokenStore"]["enabled"] is False
    passed = bicep["main.bicep"]["modules"]["functionApp"]["config"]["params"]
    assert referenced(passed["apiClientId"]) == "registrations.outputs.apiClientId"
    assert referenced(passed["apiIdentifierUri"]) == "registrations.outputs.apiIdentifierUri"
    assert referenced(passed["connectorClientId"]) == "registrations.outputs.connectorClientId"


# --- storage, monitoring, roles ------------------------------------------------------------------


def test_storage_accepts_entra_id_only(bicep):
    storage = bicep["app/storage.bicep"]
    properties = one(storage, "Microsoft.Storage/storageAccounts")["config"]["properties"]
    assert properties["allowSharedKeyAccess"] is False
    assert properties["allowBlobPublicAccess"] is False
    assert properties["minimumTlsVersion"] == "TLS1_2"
    assert properties["supportsHttpsTrafficOnly"] is True
    container = one(storage, "Microsoft.Storage/storageAccounts/blobServices/containers")["config"]
    assert container["name"] == "deploymentContainerName"
    assert container["properties"]["publicAccess"] == "None"


def test_log_analytics_and_application_insights_without_local_auth(bicep):
    monitoring = bicep["app/monitoring.bicep"]
    workspace = one(monitoring, "Microsoft.OperationalInsights/workspaces")["config"]["properties"]
    assert workspace["features"]["disableLocalAuth"] is True
    insights = one(monitoring, "Microsoft.Insights/components")["config"]["properties"]
    assert insights["DisableLocalAuth"] is True
    assert referenced(insights["WorkspaceResourceId"]) == "logAnalytics.id"


def test_two_role_assignments_each_on_its_one_resource(bicep):
    access = bicep["app/access.bicep"]
    assignments = resources(access, "Microsoft.Authorization/roleAssignments")
    roles = {}
    for assignment in assignments.values():
        config = assignment["config"]
        role_variable = config["properties"]["roleDefinitionId"]["function"]["parameters"]
        role = access["variables"][role_variable["resource_name_1"]]["value"]
        assert role_variable["resource_type"] == "Microsoft.Authorization/roleDefinitions"
        assert config["properties"]["principalId"] == "identityPrincipalId"
        assert config["properties"]["principalType"] == "ServicePrincipal"
        roles[role] = config["scope"]
    assert roles == {STORAGE_BLOB_DATA_OWNER: "storage", MONITORING_METRICS_PUBLISHER: "applicationInsights"}
    assert one(access, "Microsoft.Storage/storageAccounts")["existing"] is True
    assert one(access, "Microsoft.Insights/components")["existing"] is True
    # The app starts only once its identity holds the roles.
    assert bicep["main.bicep"]["modules"]["functionApp"]["config"]["dependsOn"] == ["access"]


# --- the app registrations -------------------------------------------------------------------------


def test_the_api_and_the_connector_client_registrations(bicep):
    registrations = bicep["app/registrations.bicep"]
    apps = {
        r["config"]["uniqueName"]: r["config"]
        for r in resources(registrations, "Microsoft.Graph/applications").values()
    }
    api, client = apps["apiUniqueName"], apps["clientUniqueName"]
    assert api["identifierUris"] == ["apiIdentifierUri"]
    assert registrations["variables"]["apiIdentifierUri"]["value"] == "api://${tenant().tenantId}/${apiUniqueName}"
    assert api["api"]["requestedAccessTokenVersion"] == 2  # v2 tokens: the issuer App Service validates
    [scope] = api["api"]["oauth2PermissionScopes"]
    assert (scope["value"], scope["type"], scope["isEnabled"], scope["id"]) == ("scopeValue", "User", True, "scopeId")
    assert registrations["variables"]["scopeValue"]["value"] == "user_impersonation"
    assert client["requiredResourceAccess"] == [
        {
            "resourceAppId": {
                "operator": {"type": "property_accessor", "operands": {"operand_1": "api", "operand_2": "appId"}}
            },
            "resourceAccess": [{"id": "scopeId", "type": "Scope"}],
        }
    ]
    redirects = client["web"]["redirectUris"]["function"]["parameters"]
    assert redirects["arg_1"] == ["powerPlatformRedirectUri", "powerPlatformTestRedirectUri"]
    assert registrations["variables"]["powerPlatformRedirectUri"]["value"] == (
        "https://global.consent.azure-apim.net/redirect"
    )
    # Certification's second redirect URL, beside the global one (the per-connector one is extraRedirectUris).
    assert registrations["variables"]["powerPlatformTestRedirectUri"]["value"] == (
        "https://global-test.consent.azure-apim.net/redirect"
    )
    principals = resources(registrations, "Microsoft.Graph/servicePrincipals").values()
    assert sorted(referenced(p["config"]["appId"]) for p in principals) == ["api.appId", "connectorClient.appId"]


def test_no_credential_is_declared_for_any_registration():
    text = (INFRA / "app" / "registrations.bicep").read_text()
    for credential in ("passwordCredentials", "keyCredentials", "addPassword", "federatedIdentityCredentials"):
        assert credential not in text


# --- outputs and parameters ----------------------------------------------------------------------------


def test_the_environment_values_azd_keeps(bicep):
    outputs = bicep["main.bicep"]["outputs"]
    assert set(outputs) == {
        "AZURE_LOCATION",
        "AZURE_TENANT_ID",
        "AZURE_RESOURCE_GROUP",
        "AZURE_FUNCTION_APP_NAME",
        "CONNECTOR_HOST",
        "CONNECTOR_RESOURCE_URI",
        "CONNECTOR_CLIENT_ID",
        "CONNECTOR_API_CLIENT_ID",
    }
    assert referenced(outputs["CONNECTOR_HOST"]["value"]) == "functionApp.outputs.defaultHostName"
    assert referenced(outputs["CONNECTOR_RESOURCE_URI"]["value"]) == "registrations.outputs.apiIdentifierUri"
    assert referenced(outputs["CONNECTOR_CLIENT_ID"]["value"]) == "registrations.outputs.connectorClientId"
    assert referenced(outputs["AZURE_FUNCTION_APP_NAME"]["value"]) == "functionApp.outputs.name"
    function_outputs = bicep["app/function.bicep"]["outputs"]
    assert referenced(function_outputs["defaultHostName"]["value"]) == "functionApp.properties.defaultHostName"
    for tree in bicep.values():
        for name, output in tree.get("outputs", {}).items():
            text = json.dumps(output).lower()
            assert not re.search(r"secret|password|key|connectionstring|listkeys", name.lower() + text), name


def test_main_parameters_feed_every_parameter_main_declares(bicep):
    declared = bicep["main.bicep"]["parameters"]
    given = json.loads((INFRA / "main.parameters.json").read_text())["parameters"]
    assert set(given) == set(declared)
    assert given["environmentName"]["value"] == "${AZURE_ENV_NAME}"
    assert given["location"]["value"] == "${AZURE_LOCATION}"
    for name, parameter in given.items():
        match = re.fullmatch(r"\$\{([A-Z_]+)(?:=(.*))?\}", parameter["value"])
        assert match, name
        if match.group(2) is not None and "default" in declared[name]:
            assert str(declared[name]["default"]) == match.group(2), name  # one default, stated twice alike


# --- azure.yaml and the hook -------------------------------------------------------------------------


def test_azure_yaml_deploys_this_folder_as_a_python_function_app():
    spec = yaml.safe_load((ROOT / "azure.yaml").read_text())
    assert spec["infra"] == {"provider": "bicep", "path": "infra", "module": "main"}
    assert spec["services"] == {"api": {"project": ".", "language": "python", "host": "function", "remoteBuild": True}}
    hook = spec["hooks"]["postprovision"]
    assert (ROOT / hook["posix"]["run"]).is_file() and hook["posix"]["shell"] == "sh"
    assert (ROOT / hook["windows"]["run"]).is_file() and hook["windows"]["shell"] == "pwsh"
    assert os.access(ROOT / hook["posix"]["run"], os.X_OK)


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_the_postprovision_hook_writes_the_environments_connector_files():
    environment = f"pytest-{uuid.uuid4().hex[:8]}"
    folder = ROOT / ".azure" / environment
    values = {
        "AZURE_ENV_NAME": environment,
        "CONNECTOR_HOST": "func-connector-abc123.azurewebsites.net",
        "CONNECTOR_CLIENT_ID": "5a8d2c41-93e7-4b6f-a0d2-7c1e9f3b4a56",
        "CONNECTOR_RESOURCE_URI": "api://72f988bf-86f1-41af-91ab-2d7cd011db47/copilot-sales-connector-api-abc123",
    }
    try:
        result = subprocess.run(
            ["sh", "infra/hooks/postprovision.sh"],
            cwd=ROOT,
            env={**os.environ, **values},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        written = folder / "connector"
        definition = json.loads((written / "apiDefinition.swagger.json").read_text())
        assert definition["host"] == values["CONNECTOR_HOST"]
        oauth = json.loads((written / "apiProperties.json").read_text())["properties"]["connectionParameters"]["token"][
            "oAuthSettings"
        ]
        assert oauth["clientId"] == values["CONNECTOR_CLIENT_ID"]
        assert oauth["customParameters"]["resourceUri"]["value"] == values["CONNECTOR_RESOURCE_URI"]
        ignored = subprocess.run(["git", "check-ignore", "-q", str(written / "apiProperties.json")], cwd=ROOT)
        assert ignored.returncode == 0, "generated connector files must never be committed"
        # The solution beside them: what `connector solution` builds from the same values, lint-clean.
        [solution] = written.glob("*.zip")
        options = SolutionOptions(
            host=values["CONNECTOR_HOST"],
            client_id=values["CONNECTOR_CLIENT_ID"],
            resource_uri=values["CONNECTOR_RESOURCE_URI"],
        )
        assert solution.name == default_path(options).name
        assert solution.read_bytes() == build_solution(options)
        assert lint_solution(solution) == []
        with zipfile.ZipFile(solution) as archive:
            inside = archive.read(f"Connector/{options.connector_name}_openapidefinition.json")
        assert inside == (written / "apiDefinition.swagger.json").read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_postprovision_hook_refuses_to_run_before_provisioning():
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
    result = subprocess.run(
        ["sh", "infra/hooks/postprovision.sh"],
        cwd=ROOT,
        env={**env, "AZURE_ENV_NAME": "x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CONNECTOR_HOST" in result.stderr
    assert not (ROOT / ".azure" / "x").exists()


@pytest.mark.parametrize("subcommand", ["openapi", "solution"])
def test_the_windows_hook_runs_the_same_command(subcommand):
    """No PowerShell here: compare its connector commands with the POSIX hook's, argument by argument."""

    def command(text: str) -> list[str]:
        joined = re.sub(r"\s*[\\`]\n\s*", " ", text)
        line = next(line for line in joined.splitlines() if f"-m connector {subcommand}" in line)
        return re.findall(r"--[a-z-]+|\S*\$out\S*", line)

    posix = command((INFRA / "hooks" / "postprovision.sh").read_text())
    windows = command((INFRA / "hooks" / "postprovision.ps1").read_text())
    assert (
        [w for w in posix if w.startswith("--")]
        == [w for w in windows if w.startswith("--")]
        == ["--host", "--client-id", "--resource-uri", "--out"]
    )
    assert posix[-1].strip('"') == windows[-1].strip('"')  # the same file or folder under .azure/<env>/connector
    for name in ("CONNECTOR_HOST", "CONNECTOR_CLIENT_ID", "CONNECTOR_RESOURCE_URI", "AZURE_ENV_NAME"):
        assert f"$env:{name}" in (INFRA / "hooks" / "postprovision.ps1").read_text()
