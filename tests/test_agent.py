"""The Sales agent's chat package, checked offline: Microsoft's schemas, the OpenAPI document, every
reference between files, the icons, the size, the plugin OpenAPI rules, and no drift from the definition."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from openapi_spec_validator import validate as validate_openapi
from PIL import Image

from connector.contract import CHAT_OPERATIONS, OPERATIONS
from connector.messages import CATALOGUES
from connector.tools.agent import manifests
from connector.tools.agent.build import AgentOptions, agent_files, build_agent
from connector.tools.agent.openapi3 import AGENT_OPERATION_KEYS, EXAMPLES, NOT_FROM_CHAT, agent_operations
from connector.tools.agent.plugin_rules import check_openapi
from connector.tools.agent.read import SALES_LIMIT_BYTES, lint_agent
from connector.tools.openapi import DEFINITION_PATH
from tests.support.m365_schemas import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = Path(__file__).parent / "data" / "m365"
HOST = "contoso-insights.azurewebsites.net"
RESOURCE_URI = "api://72f988bf-86f1-41af-91ab-2d7cd011db47/partner-sales-api"
REFERENCE_ID = "test-oauth-client-registration"  # plainly not a real registration id
OPTIONS = AgentOptions(host=HOST, resource_uri=RESOURCE_URI, reference_id=REFERENCE_ID)
LANGUAGES = ("en", "fr", "de", "es", "ja")


def schema(name: str) -> Draft7Validator:
    path = SCHEMA_DIR / SCHEMAS[name]
    return Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


APP_SCHEMA = "teams/v1.30/MicrosoftTeams.schema.json"
LANGUAGE_SCHEMA = "teams/v1.30/MicrosoftTeams.Localization.schema.json"
AGENT_SCHEMA = "copilot/declarative-agent/v1.8/schema.json"
PLUGIN_SCHEMA = "copilot/plugin/v2.4/schema.json"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return agent_files(OPTIONS)


@pytest.fixture(scope="module")
def documents(files) -> dict[str, Any]:
    return {name: json.loads(data) for name, data in files.items() if name.endswith(".json")}


def errors(validator: Draft7Validator, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]


# --- the package --------------------------------------------------------------------------------


def test_the_package_is_deterministic_and_its_options_change_it():
    assert build_agent(OPTIONS) == build_agent(OPTIONS)
    other = AgentOptions(host=HOST, resource_uri=RESOURCE_URI, reference_id=REFERENCE_ID + "x")
    assert build_agent(other) != build_agent(OPTIONS)
    with zipfile.ZipFile(io.BytesIO(build_agent(OPTIONS))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "manifest.json"


def test_the_package_holds_every_file_in_five_languages(files):
    assert set(files) == {
        "manifest.json",
        "color.png",
        "outline.png",
        "declarativeAgent.json",
        "ai-plugin.json",
        "openapi.json",
        *(f"{language}.json" for language in LANGUAGES),
    }
    # The agent speaks the connector's languages: its catalogues and the answers' share one list.
    assert sorted(manifests.languages()) == sorted(CATALOGUES) == sorted(LANGUAGES)


@pytest.mark.parametrize(
    ("file", "schema_name"),
    [
        ("manifest.json", APP_SCHEMA),
        ("declarativeAgent.json", AGENT_SCHEMA),
        ("ai-plugin.json", PLUGIN_SCHEMA),
        *((f"{language}.json", LANGUAGE_SCHEMA) for language in LANGUAGES),
    ],
)
def test_each_json_file_meets_microsofts_schema(documents, file, schema_name):
    assert errors(schema(schema_name), documents[file]) == []


def test_the_schemas_refuse_what_microsoft_refuses(documents):
    """The test data is the real structure: a too-long name, an unknown member, a bad token are refused."""
    agent = copy.deepcopy(documents["declarativeAgent.json"])
    agent["name"] = "x" * 101
    agent["instructions"] = "[[instructions]]"  # instructions cannot be localized
    agent["made_up"] = True
    found = " ".join(errors(schema(AGENT_SCHEMA), agent))
    assert "name" in found and "instructions" in found and "made_up" in found
    manifest = copy.deepcopy(documents["manifest.json"])
    manifest["name"]["short"] = "A name far longer than thirty characters"
    manifest["copilotAgents"]["declarativeAgents"].append({"id": "second", "file": "second.json"})
    del manifest["developer"]["termsOfUseUrl"]
    assert len(errors(schema(APP_SCHEMA), manifest)) >= 3
    plugin = copy.deepcopy(documents["ai-plugin.json"])
    del plugin["runtimes"][0]["auth"]["reference_id"]  # OAuthPluginVault needs one
    plugin["namespace"] = "has spaces"
    assert len(errors(schema(PLUGIN_SCHEMA), plugin)) >= 2


def test_the_versions_are_the_newest_generally_available(documents):
    assert documents["manifest.json"]["manifestVersion"] == "1.30"
    assert documents["declarativeAgent.json"]["version"] == "v1.8"
    assert documents["ai-plugin.json"]["schema_version"] == "v2.4"
    assert documents["openapi.json"]["openapi"].startswith("3.0.")


def test_the_package_lints_clean_and_within_the_sales_limit(files):
    package = build_agent(OPTIONS)
    assert lint_agent(package) == []
    tools = sum(len(files[name]) for name in ("declarativeAgent.json", "ai-plugin.json", "openapi.json"))
    everything = sum(len(data) for data in files.values())
    assert tools < everything < SALES_LIMIT_BYTES
    assert everything < 100_000  # room for a partner's own knowledge and more tools


# --- the agent and its tools ---------------------------------------------------------------------


def test_the_instructions_look_a_record_up_before_asking_for_its_insights(documents):
    instructions = documents["declarativeAgent.json"]["instructions"]
    names = [op.operation_id for op in agent_operations()]
    assert all(name in instructions for name in names)
    lookup = instructions.index("find-crm-records")
    for insight in ("scp-get-related-activities", "scp-get-related-records", "scp-get-sales-highlights"):
        assert lookup < instructions.index(insight)
    assert "Never ask the seller for a record id" in instructions
    assert len(instructions) <= 8000
    starters = documents["declarativeAgent.json"]["conversation_starters"]
    assert 1 <= len(starters) <= 12


def test_every_function_is_an_operation_with_a_description_and_cards(documents):
    plugin, openapi = documents["ai-plugin.json"], documents["openapi.json"]
    operation_ids = [o["operationId"] for item in openapi["paths"].values() for o in item.values()]
    functions = plugin["functions"]
    assert [f["name"] for f in functions] == operation_ids == [op.operation_id for op in agent_operations()]
    assert plugin["runtimes"] == [
        {
            "type": "OpenApi",
            "auth": {"type": "OAuthPluginVault", "reference_id": REFERENCE_ID},
            "spec": {"url": "openapi.json"},
            "run_for_functions": operation_ids,
        }
    ]
    for function in functions:
        assert 40 <= len(function["description"]) <= 2048
        semantics = function["capabilities"]["response_semantics"]
        assert semantics["data_path"] in ("$.value", "$.adaptiveCards")
        assert set(semantics["properties"]) >= {"title", "subtitle"}
        card = semantics["static_template"]
        assert card["type"] == "AdaptiveCard" and card["version"] == "1.5" and "actions" not in card


def test_the_seller_types_every_input_no_nested_objects(documents):
    """No object inside a parameter or a body, and nothing a conversation never says (crmType, crmOrgUrl)."""
    assert check_openapi(documents["openapi.json"]) == []
    for item in documents["openapi.json"]["paths"].values():
        for operation in item.values():
            names = [p["name"] for p in operation.get("parameters", [])]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            names += list(body.get("properties", {}))
            assert names and not set(names) & NOT_FROM_CHAT
            assert all(p["schema"]["type"] != "object" for p in operation.get("parameters", []))
            assert all(member.get("type") != "object" for member in body.get("properties", {}).values())


def test_the_openapi_document_is_valid_openapi_3_0(documents):
    validate_openapi(documents["openapi.json"])
    assert documents["openapi.json"]["servers"] == [{"url": f"https://{HOST}/api"}]
    flows = documents["openapi.json"]["components"]["securitySchemes"]["oauth2-auth"]["flows"]
    assert list(flows) == ["authorizationCode"]
    assert list(flows["authorizationCode"]["scopes"]) == [f"{RESOURCE_URI}/user_impersonation"]


def _swagger_parameter_as_3_0(parameter: dict[str, Any]) -> dict[str, Any]:
    keep = {"name", "in", "required", "description"}
    schema = {k: v for k, v in parameter.items() if k not in keep and not k.startswith("x-ms-")}
    return {**{k: parameter[k] for k in keep if k in parameter}, "schema": schema}


def test_the_openapi_document_cannot_drift_from_the_connector_definition(documents):
    """Each contract operation the agent calls says what the committed Power Platform definition says."""
    definition = json.loads(DEFINITION_PATH.read_text(encoding="utf-8"))
    swagger = {o["operationId"]: o for item in definition["paths"].values() for o in item.values()}
    agent = {o["operationId"]: o for item in documents["openapi.json"]["paths"].values() for o in item.values()}
    shared = set(swagger) & set(agent)
    assert shared == {op.operation_id for op in agent_operations() if op in OPERATIONS} - {"scp-get-email-insights"}
    for operation_id in shared:
        expected = [
            _swagger_parameter_as_3_0(p)
            for p in swagger[operation_id]["parameters"]
            if p["in"] == "query" and p["name"] not in NOT_FROM_CHAT
        ]
        actual = [{k: v for k, v in p.items() if k != "example"} for p in agent[operation_id]["parameters"]]
        assert actual == expected, operation_id
        assert (swagger[operation_id]["description"], swagger[operation_id]["summary"]) == (
            agent[operation_id]["description"],
            agent[operation_id]["summary"],
        )
        ok = agent[operation_id]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ok.rsplit("/", 1)[1] == swagger[operation_id]["responses"]["200"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert set(agent[operation_id]["responses"]) == set(swagger[operation_id]["responses"])
    # The chat's own routes are never in the Power Platform definition.
    assert not {op.operation_id for op in CHAT_OPERATIONS} & set(swagger)
    assert not {f"/{op.route}" for op in CHAT_OPERATIONS} & set(definition["paths"])


def test_each_tool_has_example_arguments_its_operation_accepts():
    for op in agent_operations():
        op.inputs.model_validate(EXAMPLES[op.key])
    assert tuple(EXAMPLES) == AGENT_OPERATION_KEYS


# --- localization ---------------------------------------------------------------------------------


def test_every_token_resolves_in_every_language_and_the_texts_differ(documents):
    tokens = set(re.findall(r"\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]", json.dumps(documents["declarativeAgent.json"])))
    tokens |= set(re.findall(r"\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]", json.dumps(documents["ai-plugin.json"])))
    assert {"agent_name", "agent_description", "plugin_name", "plugin_description", "starter_1_text"} <= tokens
    info = documents["manifest.json"]["localizationInfo"]
    assert info["defaultLanguageTag"] == "en" and info["defaultLanguageFile"] == "en.json"
    assert [extra["languageTag"] for extra in info["additionalLanguages"]] == ["de", "es", "fr", "ja"]
    for language in LANGUAGES:
        keys = documents[f"{language}.json"]["localizationKeys"]
        assert tokens <= set(keys), language
        assert all(keys[token].strip() for token in tokens)
    for language in LANGUAGES[1:]:
        translated = documents[f"{language}.json"]["localizationKeys"]["starter_1_text"]
        assert translated != documents["en.json"]["localizationKeys"]["starter_1_text"], language
    # The default language's file repeats the app manifest's own texts.
    manifest = documents["manifest.json"]
    assert documents["en.json"]["name.short"] == manifest["name"]["short"]
    assert documents["en.json"]["description.full"] == manifest["description"]["full"]


# --- icons ------------------------------------------------------------------------------------------


def test_the_icons_have_their_sizes_and_the_outline_is_white_on_transparent(files):
    color = Image.open(io.BytesIO(files["color.png"]))
    outline = Image.open(io.BytesIO(files["outline.png"])).convert("RGBA")
    assert (color.format, color.size) == ("PNG", (192, 192))
    assert outline.size == (32, 32)
    pixels = [tuple(outline.tobytes()[i : i + 4]) for i in range(0, 32 * 32 * 4, 4)]
    opacities = [pixel[3] for pixel in pixels]
    assert min(opacities) == 0 and max(opacities) == 255  # transparent around, opaque in the logo
    assert 0.1 < sum(1 for a in opacities if a) / len(opacities) < 0.7
    assert {pixel[:3] for pixel in pixels if pixel[3]} == {(255, 255, 255)}


# --- the linter catches what breaks a package ---------------------------------------------------------


def _broken(files: dict[str, bytes], change) -> bytes:
    broken = dict(files)
    change(broken)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in broken.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _edit(name: str, edit):
    def change(files: dict[str, bytes]) -> None:
        document = json.loads(files[name])
        edit(document)
        files[name] = json.dumps(document).encode()

    return change


def _nest_a_body(openapi: dict[str, Any]) -> None:
    operation = openapi["paths"]["/enhanceskills/content-suggestions-text"]["post"]
    operation["requestBody"]["content"]["application/json"]["schema"]["properties"]["thread"] = {
        "type": "object",
        "properties": {"subject": {"type": "string"}},
    }


def _polymorph(openapi: dict[str, Any]) -> None:
    openapi["paths"]["/enhanceskills/record-lookup"]["get"]["parameters"][0]["schema"] = {
        "oneOf": [{"type": "string"}, {"type": "integer"}]
    }


@pytest.mark.parametrize(
    ("change", "rule", "words"),
    [
        (lambda f: f.pop("outline.png"), "reference", "outline.png"),
        (lambda f: f.pop("fr.json"), "reference", "fr.json"),
        (lambda f: f.pop("openapi.json"), "reference", "openapi.json"),
        (_edit("ja.json", lambda d: d["localizationKeys"].pop("starter_3_text")), "localization", "starter_3_text"),
        (_edit("ai-plugin.json", lambda d: d["functions"][0].update(name="no-such-op")), "function", "no-such-op"),
        (
            _edit("ai-plugin.json", lambda d: d["functions"][1]["capabilities"].pop("response_semantics")),
            "response-semantics",
            "every tool",
        ),
        (
            _edit(
                "ai-plugin.json",
                lambda d: d["functions"][2]["capabilities"]["response_semantics"]["static_template"].update(
                    version="1.6", actions=[{"type": "Action.OpenUrl", "url": "${url}"}]
                ),
            ),
            "response-semantics",
            "1.5 or lower",
        ),
        (_edit("openapi.json", _nest_a_body), "nested-input", "thread"),
        (_edit("openapi.json", _polymorph), "polymorphism", "oneOf"),
        (_edit("openapi.json", lambda d: d.update(openapi="3.1.0")), "openapi-version", "3.0.x"),
        (lambda f: f.update({"color.png": _png(Image.new("RGB", (96, 96), "blue"))}), "icon", "192 x 192"),
        (lambda f: f.update({"outline.png": _png(Image.new("RGBA", (32, 32), (0, 0, 0, 255)))}), "icon", "white"),
        (lambda f: f.update({"knowledge.bin": bytes(SALES_LIMIT_BYTES)}), "size", "150 KB"),
    ],
    ids=[
        "missing icon",
        "missing language file",
        "missing openapi",
        "untranslated token",
        "function without operation",
        "no response semantics",
        "card 1.6 with OpenUrl",
        "nested body",
        "oneOf",
        "openapi 3.1",
        "colour icon size",
        "outline not white on transparent",
        "over 150 KB",
    ],
)
def test_the_linter_names_what_breaks_a_package(files, change, rule, words):
    violations = lint_agent(_broken(files, change))
    assert any(v.rule == rule and words in str(v) for v in violations), [str(v) for v in violations]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_plugin_rules_refuse_api_keys_other_grants_and_dual_auth(documents):
    openapi = copy.deepcopy(documents["openapi.json"])
    schemes = openapi["components"]["securitySchemes"]
    schemes["key"] = {"type": "apiKey", "in": "header", "name": "x-api-key"}
    schemes["oauth2-auth"]["flows"]["clientCredentials"] = {"tokenUrl": "https://login.example/token", "scopes": {}}
    openapi["security"] = [{"oauth2-auth": [], "key": []}]
    rules = {v.rule for v in check_openapi(openapi)}
    assert {"api-key", "oauth-flow", "dual-auth"} <= rules


# --- the command -------------------------------------------------------------------------------------


def run_command(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONNECTOR_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "connector", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_the_command_builds_from_the_azd_values_and_lints_the_zip(tmp_path):
    env = {"CONNECTOR_HOST": f"https://{HOST}", "CONNECTOR_RESOURCE_URI": RESOURCE_URI}
    done = run_command("agent", "--out", f"{tmp_path}/", env={**env, "CONNECTOR_OAUTH_REFERENCE_ID": REFERENCE_ID})
    assert done.returncode == 0, done.stderr
    [package] = tmp_path.glob("*.zip")
    assert package.read_bytes() == build_agent(OPTIONS)
    assert "no violations" in done.stdout and "PLACEHOLDER" not in done.stderr
    linted = run_command("lint", str(package))
    assert (linted.returncode, linted.stdout.strip()) == (0, f"{package}: no violations")


def test_the_command_flags_placeholders_and_refuses_a_bad_reference_id(tmp_path):
    done = run_command("agent", "--host", HOST, "--out", str(tmp_path / "agent.zip"))
    assert done.returncode == 0 and "PLACEHOLDER resource URI, OAuth reference id" in done.stderr
    refused = run_command("agent", "--reference-id", "has a space", "--out", str(tmp_path / "x.zip"))
    assert refused.returncode == 2 and "OAuth reference id" in refused.stderr and not (tmp_path / "x.zip").exists()
