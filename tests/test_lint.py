"""The offline linter: clean on the committed definition, and each rule caught when broken on purpose."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable

import pytest

from connector.tools.cli import main
from connector.tools.lint import lint, lint_file
from connector.tools.openapi import DEFINITION_PATH, PROPERTIES_PATH

ACTIVITIES = "/enhanceskills/activities"
SUGGESTIONS = "/enhanceskills/content-suggestions"


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(DEFINITION_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def api_properties() -> dict:
    return json.loads(PROPERTIES_PATH.read_text(encoding="utf-8"))


def get(d: dict) -> dict:
    return d["paths"][ACTIVITIES]["get"]


def post(d: dict) -> dict:
    return d["paths"][SUGGESTIONS]["post"]


def body_schema(d: dict) -> dict:
    return post(d)["parameters"][0]["schema"]


def _set(target: dict, key: str, value) -> None:
    target[key] = value


# (rule, JSON path the violation must name, how to break a copy of the definition)
BREAKAGES: list[tuple[str, str, Callable[[dict], None]]] = [
    (
        "structure",
        "$.paths['/enhanceskills/activities'].get.parameters[0]",
        lambda d: _set(get(d)["parameters"][0], "type", "text"),
    ),
    ("info-title", "$.info.title", lambda d: _set(d["info"], "title", "Contoso Sales Insights API")),
    ("info-title", "$.info.title", lambda d: _set(d["info"], "title", "A title much longer than thirty chars")),
    ("info-description", "$.info.description", lambda d: _set(d["info"], "description", "Too short.")),
    ("info-contact", "$.info.contact.email", lambda d: _set(d["info"]["contact"], "email", "not-an-address")),
    (
        "connector-metadata",
        "$.x-ms-connector-metadata",
        lambda d: _set(d["x-ms-connector-metadata"][2], "propertyValue", "Sales and CRM;AI;Data"),
    ),
    ("endpoint", "$.host", lambda d: _set(d, "host", "https://contoso.azurewebsites.net/api")),
    ("endpoint", "$.schemes", lambda d: _set(d, "schemes", ["ftp"])),
    (
        "operation-id",
        "$.paths['/enhanceskills/content-suggestions'].post.operationId",
        lambda d: _set(post(d), "operationId", get(d)["operationId"]),
    ),
    (
        "operation-fields",
        "$.paths['/enhanceskills/activities'].get.x-ms-visibility",
        lambda d: get(d).pop("x-ms-visibility"),
    ),
    ("operation-fields", "$.paths['/enhanceskills/activities'].get.summary", lambda d: get(d).pop("summary")),
    (
        "summary",
        "$.paths['/enhanceskills/activities'].get.summary",
        lambda d: _set(get(d), "summary", "Enrich CRM record summary."),
    ),
    (
        "summary",
        "$.paths['/enhanceskills/activities'].get.summary",
        lambda d: _set(get(d), "summary", "Enrich summary/details"),
    ),
    ("summary", "$.paths['/enhanceskills/activities'].get.summary", lambda d: _set(get(d), "summary", "Enrich " * 12)),
    (
        "operation-description",
        "$.paths['/enhanceskills/activities'].get.description",
        lambda d: _set(get(d), "description", "Gets activities"),
    ),
    (
        "success-schema",
        "$.paths['/enhanceskills/activities'].get.responses['200']",
        lambda d: get(d)["responses"]["200"].pop("schema"),
    ),
    (
        "default-schema",
        "$.paths['/enhanceskills/activities'].get.responses.default.schema",
        lambda d: _set(get(d)["responses"]["default"], "schema", {"$ref": "#/definitions/ApiError"}),
    ),
    (
        "reserved-parameter",
        "$.paths['/enhanceskills/activities'].get.parameters[8].name",
        lambda d: get(d)["parameters"].append(
            {"name": "connectorId", "in": "query", "type": "string", "description": "Id.", "x-ms-summary": "Id"}
        ),
    ),
    (
        "parameters",
        "$.paths['/enhanceskills/activities'].get.parameters[0].x-ms-summary",
        lambda d: get(d)["parameters"][0].pop("x-ms-summary"),
    ),
    (
        "required-inputs",
        "$.paths['/enhanceskills/activities'].get.parameters[4]",
        lambda d: _set(get(d)["parameters"][4], "required", True),
    ),
    (
        "required-inputs",
        "$.paths['/enhanceskills/content-suggestions'].post.parameters[0].schema.properties.inputPrompt",
        lambda d: body_schema(d)["required"].append("inputPrompt"),
    ),
    (
        "contract-literals",
        "$.paths['/enhanceskills/activities'].get.description",
        lambda d: _set(get(d), "description", get(d)["description"].replace("record summary", "summary")),
    ),
    (
        "contract-literals",
        "$.paths['/enhanceskills/activities'].get.parameters[1].description",
        lambda d: _set(get(d)["parameters"][1], "description", "The record's id."),
    ),
    (
        "contract-literals",
        "$.paths['/enhanceskills/content-suggestions'].post.parameters[0].schema.properties.inputPrompt.description",
        lambda d: _set(body_schema(d)["properties"]["inputPrompt"], "description", "The prompt."),
    ),
    (
        "contract-literals",
        "$.definitions.Activity.properties.dateTime.description",
        lambda d: _set(d["definitions"]["Activity"]["properties"]["dateTime"], "description", "When."),
    ),
    (
        "contract-literals",
        "$.definitions.Activity.properties",
        lambda d: d["definitions"]["Activity"]["properties"].pop("url"),
    ),
    (
        "swagger2-constructs",
        "$.definitions.Activity.properties.url.anyOf",
        lambda d: _set(
            d["definitions"]["Activity"]["properties"]["url"], "anyOf", [{"type": "string"}, {"type": "null"}]
        ),
    ),
    (
        "swagger2-constructs",
        "$.definitions.Activity.properties.url.nullable",
        lambda d: _set(d["definitions"]["Activity"]["properties"]["url"], "nullable", True),
    ),
    (
        "swagger2-constructs",
        "$.definitions.ContentSuggestion.properties.contentType.const",
        lambda d: _set(d["definitions"]["ContentSuggestion"]["properties"]["contentType"], "const", "content-pdf"),
    ),
    (
        "swagger2-constructs",
        "$.definitions.ApiError.properties.errorCode.oneOf",
        lambda d: _set(d["definitions"]["ApiError"]["properties"]["errorCode"], "oneOf", [{"type": "string"}]),
    ),
    (
        "swagger2-constructs",
        "$.definitions.ActivityList.properties.value.items",
        lambda d: _set(d["definitions"]["ActivityList"]["properties"]["value"]["items"], "description", "Items."),
    ),
    ("security", "$.security[0].oauth2-auth", lambda d: d.pop("securityDefinitions")),
]


def test_the_committed_definition_and_properties_lint_clean():
    assert lint_file(DEFINITION_PATH) == []


@pytest.mark.parametrize(
    ("rule", "path", "breakage"), BREAKAGES, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(BREAKAGES)]
)
def test_each_rule_catches_a_definition_broken_on_purpose(committed, api_properties, rule, path, breakage):
    broken = copy.deepcopy(committed)
    breakage(broken)
    violations = lint(broken, properties=api_properties)
    assert (rule, path) in {(v.rule, v.path) for v in violations}, [str(v) for v in violations]


def test_a_definition_over_one_megabyte_is_refused(committed):
    assert [v.rule for v in lint(committed, size_bytes=1_048_576)] == ["size"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("properties", "connectionParameters", "token", "oAuthSettings", "identityProvider"), "oauth2"),
        (("properties", "connectionParameters", "token", "oAuthSettings", "redirectMode"), "Global"),
        (
            (
                "properties",
                "connectionParameters",
                "token",
                "oAuthSettings",
                "customParameters",
                "enableOnbehalfOfLogin",
            ),
            {"value": "false"},
        ),
        (
            ("properties", "connectionParameters", "token", "oAuthSettings", "customParameters", "tenantId"),
            {"value": "contoso.onmicrosoft.com"},
        ),
        (("properties", "iconBrandColor"), "#007ee5"),
    ],
    ids=lambda p: p[-1] if isinstance(p, tuple) else None,
)
def test_api_properties_rules_catch_each_broken_setting(committed, api_properties, path, value):
    broken = copy.deepcopy(api_properties)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    violations = lint(committed, properties=broken)
    assert violations and all(v.rule == "api-properties" for v in violations), [str(v) for v in violations]


def test_lint_command_reports_every_violation_with_its_path(tmp_path, committed, capsys):
    broken = copy.deepcopy(committed)
    get(broken)["summary"] = "Enrich CRM record summary."
    broken["info"]["title"] = "Sales Connector"
    target = tmp_path / "apiDefinition.swagger.json"
    target.write_text(json.dumps(broken), encoding="utf-8")
    shutil.copy(PROPERTIES_PATH, tmp_path / "apiProperties.json")
    assert main(["lint", str(target)]) == 1
    errors = capsys.readouterr().err
    assert "$.paths['/enhanceskills/activities'].get.summary: [summary]" in errors
    assert "$.info.title: [info-title]" in errors
    assert "2 violation(s)" in errors
    assert main(["lint", str(DEFINITION_PATH)]) == 0


def test_lint_command_reports_a_file_that_is_not_json(tmp_path, capsys):
    target = tmp_path / "apiDefinition.swagger.json"
    target.write_text("{not json", encoding="utf-8")
    assert main(["lint", str(target)]) == 1
    assert "[structure] not valid JSON" in capsys.readouterr().err
