"""The OpenAPI 3.0 document the agent's API plugin calls, converted from the connector definition's generator.

Each operation object is the one the Swagger 2.0 definition holds for the same operation
(`openapi.operation_object`), so a route, parameter, limit or response schema changes in one place.
Converted here: query parameters' constraints move into `schema`, the body into `requestBody`,
responses into `content`, `x-nullable` into `nullable`, and `#/definitions/` into
`#/components/schemas/`; Power Platform's `x-ms-*` extensions are dropped. The parameters a seller
never states (which CRM, its URL) are left out: the model could only make them up.
"""

from __future__ import annotations

from typing import Any

from connector.contract import Operation, operation
from connector.host import route_prefix
from connector.tools import identity
from connector.tools.openapi import SECURITY_SCHEME, operation_object, project_version
from connector.tools.swagger import SwaggerSchemas

OPENAPI_VERSION = "3.0.3"
# The contract's operations a seller can drive by typing, then the chat's own; email summary v2 and
# the email draft take a nested `resourceData`, which API plugins do not support (the chat's flat
# content suggestions stand in for the draft).
AGENT_OPERATION_KEYS = (
    "record_lookup",
    "record_summary",
    "record_details",
    "key_sales_info",
    "key_stakeholders",
    "email_summary_v1",
    "email_draft_text",
)
NOT_FROM_CHAT = frozenset({"crmType", "crmOrgUrl"})  # nothing in a conversation says them
# Example arguments for each operation (records of the sample source, which answers them): the
# model reads them as a hint of what to pass, and the tests call every tool with them.
_CONTOSO = "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"
EXAMPLES: dict[str, dict[str, Any]] = {
    "record_lookup": {"recordType": "account", "name": "Contoso"},
    "record_summary": {"recordType": "account", "recordId": _CONTOSO, "top": 5},
    "record_details": {"recordType": "account", "recordId": _CONTOSO},
    "key_sales_info": {"recordType": "opportunity", "recordId": "0d7c4b2a-9e8f-4d1c-a6b5-3e2f1a0c9d44"},
    "key_stakeholders": {"accountName": "Contoso Ltd"},
    "email_summary_v1": {"emailContacts": "sanjay.shah@contoso.com"},
    "email_draft_text": {
        "subject": "Security review before we sign",
        "text": "Could you send me what you have on data protection and compliance?",
    },
}
_PARAMETER_KEYS = ("name", "in", "required", "description")


def agent_operations() -> list[Operation]:
    return [operation(key) for key in AGENT_OPERATION_KEYS]


def _node(node: Any) -> Any:
    """A Swagger 2.0 schema (or any part of one) in OpenAPI 3.0's form."""
    if isinstance(node, list):
        return [_node(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            converted[key] = value.replace("#/definitions/", "#/components/schemas/")
        elif key == "x-nullable":
            converted["nullable"] = value
        elif key.startswith("x-ms-"):
            continue
        elif key in ("properties",):
            converted[key] = {name: _node(schema) for name, schema in value.items()}
        else:
            converted[key] = _node(value)
    return converted


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    converted = {key: parameter[key] for key in _PARAMETER_KEYS if key in parameter}
    schema = {k: v for k, v in parameter.items() if k not in _PARAMETER_KEYS and not k.startswith("x-ms-")}
    converted["schema"] = _node(schema)
    return converted


def _without_chat_silent(schema: dict[str, Any]) -> dict[str, Any]:
    properties = {k: v for k, v in schema["properties"].items() if k not in NOT_FROM_CHAT}
    required = [name for name in schema.get("required", []) if name in properties]
    return {**schema, "properties": properties, **({"required": required} if required else {})}


def convert_operation(swagger: dict[str, Any], examples: dict[str, Any] | None = None) -> dict[str, Any]:
    """One Swagger 2.0 operation object as OpenAPI 3.0's, with example arguments when given."""
    examples = examples or {}
    converted: dict[str, Any] = {key: swagger[key] for key in ("operationId", "summary", "description")}
    query = [p for p in swagger["parameters"] if p["in"] == "query" and p["name"] not in NOT_FROM_CHAT]
    if query:
        converted["parameters"] = [_parameter(p) for p in query]
        for parameter in converted["parameters"]:
            if parameter["name"] in examples:
                parameter["example"] = examples[parameter["name"]]
    body = next((p for p in swagger["parameters"] if p["in"] == "body"), None)
    if body is not None:
        media: dict[str, Any] = {"schema": _node(_without_chat_silent(body["schema"]))}
        if examples:
            media["example"] = examples
        converted["requestBody"] = {
            "required": body["required"],
            "description": body["description"],
            "content": {"application/json": media},
        }
    responses: dict[str, Any] = {}
    for status, response in swagger["responses"].items():
        answer: dict[str, Any] = {"description": response["description"]}
        if "schema" in response:
            answer["content"] = {"application/json": {"schema": _node(response["schema"])}}
        responses[status] = answer
    converted["responses"] = responses
    return converted


def build_openapi3(host: str, resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI) -> dict[str, Any]:
    """The agent's OpenAPI 3.0 document for a function app at `https://{host}/{route prefix}`."""
    schemas = SwaggerSchemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in agent_operations():
        swagger = operation_object(op, schemas)
        paths.setdefault(f"/{op.route}", {})[op.method.lower()] = convert_operation(swagger, EXAMPLES[op.key])
    scope = f"{identity.checked_resource_uri(resource_uri)}/user_impersonation"
    authority = f"{identity.LOGIN_URI}/{identity.TENANT}/oauth2/v2.0"
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": identity.TITLE,
            "description": identity.DESCRIPTION,
            "version": project_version(),
            "contact": identity.CONTACT,
        },
        "servers": [{"url": f"https://{host}/{route_prefix()}"}],
        "paths": paths,
        "components": {
            "schemas": {name: _node(schema) for name, schema in sorted(schemas.definitions.items())},
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": f"{authority}/authorize",
                            "tokenUrl": f"{authority}/token",
                            "refreshUrl": f"{authority}/token",
                            "scopes": {scope: "Call the connector API as the signed-in user."},
                        }
                    },
                }
            },
        },
        "security": [{SECURITY_SCHEME: [scope]}],
    }
