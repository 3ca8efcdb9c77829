"""A minimal custom connector definition built from the contract registry, for the checker's tests.

Only what the checker reads: paths, methods, operationIds, descriptions, parameters with their
required flags, and the success response's item properties. Carries email summary v2 only.
"""

from __future__ import annotations

from typing import Any

from connector.contract import OPERATIONS, Inputs, Output

_FLAT_TYPES = {"string", "integer", "boolean", "number", "object", "array"}


def _swagger_type(schema: dict[str, Any]) -> dict[str, Any]:
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    option = options[0]
    if "$ref" in option:
        return {"type": "object"}
    result = {"type": option.get("type") if option.get("type") in _FLAT_TYPES else "string"}
    if result["type"] == "array":
        result["items"] = {"type": "object"} if "$ref" in option.get("items", {}) else {"type": "string"}
    return result


def _properties(model: type[Inputs] | type[Output]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", by_alias=True)
    return {
        name: {**_swagger_type(prop), "description": field.description}
        for (name, prop), field in zip(schema["properties"].items(), model.model_fields.values(), strict=True)
    }


def contract_definition() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    definitions: dict[str, Any] = {}
    for op in OPERATIONS:
        if op.key == "email_summary_v1":
            continue
        properties = _properties(op.inputs)
        required = [alias for alias, name in op.input_names().items() if op.inputs.model_fields[name].is_required()]
        if op.method == "GET":
            parameters = [{"name": name, "in": "query", "required": name in required, "x-ms-summary": name,
                           **{k: v for k, v in prop.items() if k != "items"}} for name, prop in properties.items()]
        else:
            parameters = [{"name": "body", "in": "body", "required": True, "description": "The request.",
                           "schema": {"type": "object", "required": required, "properties": properties}}]
        item = op.item.__name__
        definitions[item] = {"type": "object", "properties": _properties(op.item),
                             "required": [n for n, f in op.item.model_fields.items() if f.is_required()]}
        definitions[f"{item}List"] = {"type": "object", "properties": {
            op.items_field: {"type": "array", "items": {"$ref": f"#/definitions/{item}"}}}}
        paths[f"/{op.route}"] = {op.method.lower(): {
            "operationId": op.operation_id, "summary": op.summary, "description": op.description,
            "x-ms-visibility": "important", "parameters": parameters,
            "responses": {"200": {"description": "OK", "schema": {"$ref": f"#/definitions/{item}List"}}},
        }}
    return {
        "swagger": "2.0",
        "info": {"title": "Partner insights", "version": "1.0", "description": "Insights for sellers, for tests."},
        "host": "contoso.azurewebsites.net", "basePath": "/api", "schemes": ["https"],
        "consumes": ["application/json"], "produces": ["application/json"],
        "paths": paths, "definitions": definitions,
    }
