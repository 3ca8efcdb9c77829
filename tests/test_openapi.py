"""The connector definition: generated from the registry, committed as generated, true to the contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from connector.contract import CHAT_OPERATIONS, OPERATIONS, operation
from connector.models.errors import ApiError
from connector.tools.cli import main
from connector.tools.lint import lint
from connector.tools.openapi import (
    DEFINITION_PATH,
    PROPERTIES_PATH,
    build_definition,
    build_properties,
    carried_operations,
    render,
)
from connector.tools.swagger import SwaggerSchemas

CONTRACT = Path(__file__).resolve().parent / "data" / "contract" / "operations.json"  # see its README
DOCUMENTED_ERROR_STATUSES = {"400", "401", "403", "404", "429", "500"}


def operation_in(definition: dict, op) -> dict:
    return definition["paths"][f"/{op.route}"][op.method.lower()]


def resolve(definition: dict, schema: dict) -> dict:
    return definition["definitions"][schema["$ref"].removeprefix("#/definitions/")] if "$ref" in schema else schema


def test_the_committed_definition_is_the_generators_output():
    committed = DEFINITION_PATH.read_text(encoding="utf-8")
    assert committed == render(build_definition()), "run `python -m connector openapi` and commit the result"


def test_the_committed_api_properties_are_the_generators_output():
    committed = PROPERTIES_PATH.read_text(encoding="utf-8")
    assert committed == render(build_properties()), "run `python -m connector openapi` and commit the result"


def test_an_environments_client_and_resource_reach_api_properties_beside_the_definition(tmp_path):
    client_id, resource_uri = "1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0", "api://1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0"
    out = tmp_path / "env" / "apiDefinition.swagger.json"
    status = main(
        [
            "openapi",
            "--host",
            "contoso-c4s.azurewebsites.net",
            "--client-id",
            client_id,
            "--resource-uri",
            resource_uri,
            "--out",
            str(out),
        ]
    )
    assert status == 0
    assert json.loads(out.read_text(encoding="utf-8"))["host"] == "contoso-c4s.azurewebsites.net"
    oauth = json.loads((out.parent / "apiProperties.json").read_text(encoding="utf-8"))["properties"][
        "connectionParameters"
    ]["token"]["oAuthSettings"]
    assert oauth["clientId"] == client_id
    assert oauth["properties"]["AzureActiveDirectoryResourceId"] == resource_uri
    assert oauth["customParameters"]["resourceUri"]["value"] == resource_uri


@pytest.mark.parametrize("option, value", [("--client-id", "not-a-guid"), ("--resource-uri", "javascript:alert(1)")])
def test_a_malformed_client_id_or_resource_uri_is_refused(tmp_path, option, value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["openapi", option, value, "--out", str(tmp_path / "apiDefinition.swagger.json")])
    assert exit_info.value.code == 2
    assert option.removeprefix("--").replace("-", " ") in capsys.readouterr().err.lower()
    assert not (tmp_path / "apiDefinition.swagger.json").exists()


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_both_email_summary_variants_generate_and_lint_clean(version):
    definition = build_definition(email_summary=version)
    properties = json.loads(PROPERTIES_PATH.read_text(encoding="utf-8"))
    assert lint(definition, properties=properties) == []
    ids = {o["operationId"] for path in definition["paths"].values() for o in path.values()}
    carried, left_out = (
        operation(f"email_summary_{version}"),
        operation(f"email_summary_{'v2' if version == 'v1' else 'v1'}"),
    )
    assert carried.operation_id in ids
    assert left_out.operation_id not in ids
    descriptions = [o["description"] for path in definition["paths"].values() for o in path.values()]
    assert len(descriptions) == len(set(descriptions)), "two actions share a description"


def test_every_registered_function_has_exactly_one_path_and_method_and_vice_versa(functions):
    definition = json.loads(DEFINITION_PATH.read_text(encoding="utf-8"))
    declared = sorted((path, method.upper()) for path, item in definition["paths"].items() for method in item)
    registered = sorted(
        (f"/{trigger.route}", str(m.value))
        for name, function in functions.items()
        if name != "email_summary_v1"  # shares its description with v2, which the definition carries
        and name not in {op.key for op in CHAT_OPERATIONS}  # the Sales agent chat's routes: never in it
        for trigger in [function.get_trigger()]
        for m in trigger.methods
    )
    assert declared == registered


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_parameters_state_the_contract_exactly(op):
    definition = build_definition(email_summary="v1" if op.key == "email_summary_v1" else "v2")
    declared = operation_in(definition, op)
    assert (declared["operationId"], declared["summary"], declared["description"]) == (
        op.operation_id,
        op.summary,
        op.description,
    )
    assert declared["x-ms-visibility"] == "important"
    assert declared["x-ms-openai-data"] == {"openai-enabled": True}
    if op.input_location == "query":
        inputs = {p["name"]: (p, p["required"]) for p in declared["parameters"]}
        assert all(p["in"] == "query" for p, _ in inputs.values())
    else:
        [body] = declared["parameters"]
        assert (body["in"], body["required"]) == ("body", True)
        required = set(body["schema"].get("required", []))
        inputs = {name: (p, name in required) for name, p in body["schema"]["properties"].items()}
    assert set(inputs) == set(op.input_names())
    for alias, name in op.input_names().items():
        field = op.inputs.model_fields[name]
        parameter, required = inputs[alias]
        assert required == field.is_required(), alias
        assert parameter["description"] == field.description, alias
        assert parameter["x-ms-summary"] == field.title, alias


@pytest.mark.parametrize("op", carried_operations(), ids=lambda op: op.key)
def test_responses_name_the_item_schema_the_error_body_and_a_bare_default(op):
    definition = build_definition()
    responses = operation_in(definition, op)["responses"]
    envelope = resolve(definition, responses["200"]["schema"])
    assert "$ref" in responses["200"]["schema"], "the 200 schema is a named definition"
    item = resolve(definition, envelope["properties"][op.items_field]["items"])
    expected_required = [name for name, f in op.item.model_fields.items() if f.is_required()]
    assert item.get("required", []) == expected_required
    assert {name: p["description"] for name, p in item["properties"].items()} == {
        name: f.description for name, f in op.item.model_fields.items()
    }
    assert set(responses) >= DOCUMENTED_ERROR_STATUSES
    for status, response in responses.items():
        if status not in ("200", "default"):
            assert response["schema"] == {"$ref": "#/definitions/ApiError"}, status
    assert "schema" not in responses["default"]
    assert definition["definitions"]["ApiError"]["required"] == ["errorCode"]
    body_only = {"413", "415"} <= set(responses)
    assert body_only == (op.method == "POST"), "only a request with a body can be too large or mistyped"


def test_definition_matches_the_documented_contract():
    contract = json.loads(CONTRACT.read_text())
    for version in ("v1", "v2"):
        definition = build_definition(email_summary=version)
        for spec in contract["operations"]:
            path = definition["paths"].get(f"/{spec['route']}", {})
            declared = path.get(spec["method"].lower())
            if declared is None:
                assert spec["key"] == f"email_summary_{'v2' if version == 'v1' else 'v1'}"
                continue
            assert declared["operationId"] == spec["operationId"]
            assert declared["description"] == spec["description"]
            by_name = {p["name"]: p for p in declared["parameters"]}
            body = by_name.get("body", {}).get("schema", {})
            for parameter in spec["parameters"]:
                if parameter["in"] == "query":
                    found, required = by_name[parameter["name"]], by_name[parameter["name"]]["required"]
                else:
                    found = body["properties"][parameter["name"]]
                    required = parameter["name"] in body.get("required", [])
                assert (found["type"], found["description"], required) == (
                    parameter["type"],
                    parameter["description"],
                    parameter["required"],
                ), (spec["key"], parameter["name"])
                if "format" in parameter:
                    assert found["format"] == parameter["format"], (spec["key"], parameter["name"])
            assert not any(name.lower() == "connectorid" for name in by_name)


def test_the_command_writes_the_definition_for_a_real_host(tmp_path, capsys):
    out = tmp_path / "apiDefinition.swagger.json"
    code = main(
        [
            "openapi",
            "--host",
            "contoso-insights.azurewebsites.net",
            "--title",
            "Contoso Insights",
            "--email-summary",
            "v1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    definition = json.loads(out.read_text(encoding="utf-8"))
    assert definition["host"] == "contoso-insights.azurewebsites.net"
    assert definition["info"]["title"] == "Contoso Insights"
    assert "/enhanceskills/email-insights" in definition["paths"]
    assert "/enhanceskills/email-insights-v2" not in definition["paths"]
    assert "no violations" in capsys.readouterr().out


def test_the_command_refuses_a_url_as_host_and_reports_a_title_that_breaks_the_rules(tmp_path, capsys):
    out = tmp_path / "apiDefinition.swagger.json"
    with pytest.raises(SystemExit):
        main(["openapi", "--host", "https://contoso.azurewebsites.net/api", "--out", str(out)])
    assert "host name" in capsys.readouterr().err
    assert main(["openapi", "--title", "Contoso Sales API", "--out", str(out)]) == 1
    assert "$.info.title: [info-title]" in capsys.readouterr().err


# --- the JSON Schema -> Swagger 2.0 converter -----------------------------------------------


class _Inner(BaseModel):
    note: str = Field(description="A note.")


class _Probe(BaseModel):
    kind: Literal["fixed"] = Field(title="Kind", description="Always fixed.")
    ratio: float = Field(gt=0, lt=1, description="Strictly between 0 and 1.")
    maybe: int | None = Field(None, description="May be null.")
    inner: _Inner = Field(description="Nested, described where it is used.")
    many: list[_Inner] = Field(description="A list of named items.")


def test_converter_writes_swagger_2_forms_of_json_schema_constructs():
    schemas = SwaggerSchemas()
    schema = schemas.of_model(_Probe)
    props = schema["properties"]
    assert props["kind"] == {
        "type": "string",
        "description": "Always fixed.",
        "x-ms-summary": "Kind",
        "enum": ["fixed"],
    }
    assert props["ratio"]["minimum"] == 0 and props["ratio"]["exclusiveMinimum"] is True
    assert props["ratio"]["maximum"] == 1 and props["ratio"]["exclusiveMaximum"] is True
    assert props["maybe"] == {"type": "integer", "description": "May be null.", "x-nullable": True}
    assert props["inner"]["description"] == "Nested, described where it is used."
    assert props["inner"]["properties"]["note"]["description"] == "A note."
    assert props["many"]["items"] == {"$ref": "#/definitions/_Inner"}
    assert schemas.definitions["_Inner"]["required"] == ["note"]
    assert "title" not in json.dumps(schema)


def test_converter_refuses_a_union_swagger_2_cannot_state():
    class Union(BaseModel):
        value: int | str

    with pytest.raises(ValueError, match="no unions"):
        SwaggerSchemas().of_model(Union)


def test_the_error_body_definition_is_the_api_error_model():
    definition = build_definition()
    assert set(definition["definitions"]["ApiError"]["properties"]) == set(ApiError.model_fields)


def _arrays(definition: dict, schema: dict, path: str, seen: frozenset = frozenset()):
    """Every array schema reachable from `schema`, with where it is."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen = seen | {schema["$ref"]}
        schema = resolve(definition, schema)
    if schema.get("type") == "array":
        yield path, schema
        yield from _arrays(definition, schema.get("items", {}), f"{path}[]", seen)
    for name, child in schema.get("properties", {}).items():
        yield from _arrays(definition, child, f"{path}.{name}", seen)


@pytest.mark.parametrize("email_summary", ["v1", "v2"])
def test_every_array_input_has_max_items_in_the_models_and_the_definition(email_summary):
    definition = build_definition(email_summary=email_summary)
    found = []
    for op in carried_operations(email_summary):
        for parameter in operation_in(definition, op).get("parameters", []):
            if parameter["in"] == "body":
                found += list(_arrays(definition, parameter["schema"], op.key))
            elif parameter.get("type") == "array":
                found.append((f"{op.key}.{parameter['name']}", parameter))
    for path, schema in found:
        assert isinstance(schema.get("maxItems"), int), path
    if email_summary == "v2":
        assert {path.split(".", 1)[1] for path, _ in found} >= {
            "resourceData.to",
            "resourceData.cc",
            "resourceData.bcc",
            "relatedEntities",
        }
