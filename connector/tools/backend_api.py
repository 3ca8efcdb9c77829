"""The API a partner's service offers the connector, generated from the contract: a reference and OpenAPI.

`python -m connector backend-api` writes `docs/backend-api.md` (field by field, for a person) and
`docs/backend-api.openapi.json` (OpenAPI 3.1, for a server stub generator). Both describe the wire as
the shipped mapping (`connector/sources/backend/mapping_contract.py`, the service speaks the
contract) produces it: the connector's validated and normalised inputs, the headers it sends, the
items it accepts, the errors it understands. A test fails when the committed files differ from
this module's output, so the reference cannot drift from the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from connector.contract import FORWARDED_OPERATIONS, MAX_TOP, OPERATIONS, Operation
from connector.models.base import Inputs, Output
from connector.sources.backend.failures import MAX_RETRY_AFTER_SECONDS
from connector.sources.backend.header_names import LANGUAGE_HEADER
from connector.values import CRM_TYPES

DOCS = Path(__file__).resolve().parents[2] / "docs"
REFERENCE_PATH = DOCS / "backend-api.md"
OPENAPI_PATH = DOCS / "backend-api.openapi.json"
EXAMPLE_BASE_URL = "https://insights.example.com/api"
PARTNER_NAME = "Relecloud"

# What the service receives, beyond what the JSON Schema of the input models says (by contract name).
INPUT_FORMATS: dict[str, dict[str, Any]] = {
    "recordType": {
        "pattern": "^[a-z][a-z0-9_]{0,127}$",
        "x-format": "the CRM logical name in lower case, e.g. `account`, `opportunity`, `contact`, `lead`",
    },
    "entityType": {
        "pattern": "^[a-z][a-z0-9_]{0,127}$",
        "x-format": "the CRM logical name in lower case, e.g. `account`",
    },
    "crmType": {
        "enum": list(CRM_TYPES.values()),
        "x-format": "normalised from whatever spelling the caller used (`Dynamics 365`, `dynamics365`…)",
    },
    "crmOrgUrl": {
        "format": "hostname",
        "x-format": "the CRM environment's host name only, e.g. `contoso.crm.dynamics.com` (never fetched by the connector)",
    },
    "startDateTime": {
        "format": "date-time",
        "x-format": "RFC 3339 with the caller's offset, e.g. `2024-05-01T02:00:00+02:00`; never after `endDateTime`",
    },
    "endDateTime": {
        "format": "date-time",
        "x-format": "RFC 3339 with the caller's offset, e.g. `2024-05-07T03:28:38Z`",
    },
    "sentDateTime": {"format": "date-time", "x-format": "RFC 3339 with the sender's offset"},
    "top": {"x-format": f"the page size, 0–{MAX_TOP}; always sent, {MAX_TOP} when the caller gave none"},
    "skip": {"x-format": "the items to skip, ≥ 0; always sent, 0 when the caller gave none"},
    "emailContacts": {
        "x-format": "the thread's participants' email addresses, as the caller sent them, separated by `,`, `;` or spaces, e.g. `ana@contoso.com;ben@fabrikam.com`"
    },
    "from": {"format": "email", "x-format": "an email address"},
    "to": {"x-format": "email addresses"},
    "cc": {"x-format": "email addresses"},
    "bcc": {"x-format": "email addresses"},
    "resourceType": {"x-format": "`email-thread`"},
}

# What the connector accepts from the service, beyond the output models' JSON Schema (by field path).
OUTPUT_FORMATS: dict[str, dict[str, Any]] = {
    "dateTime": {
        "format": "date-time",
        "x-format": "ISO 8601 date-time, e.g. `2024-05-07T03:28:38Z`; served in UTC (a time without offset is taken as UTC)",
    },
    "url": {"format": "uri", "x-format": "an absolute http(s) URL"},
    "contentIconUrl": {"format": "uri", "x-format": "an absolute http(s) URL"},
    "previewCardData.url": {"format": "uri", "x-format": "an absolute http(s) URL"},
    "content": {"x-format": "the file's or web page's absolute URL, or the text itself"},
    "contentType": {"x-format": "the kind of content: `content-web` for a web page, else the file's kind"},
    "adaptiveCard": {
        "x-format": 'an Adaptive Card 1.5 serialized as a JSON string: `{"type":"AdaptiveCard","version":"1.5","body":[…]}`'
    },
    "additionalProperties": {"x-format": "name → text pairs, shown in the detailed view"},
}
# The one output rule that is about meaning, not type: Copilot for Sales titles the partner's
# section of the email summary with it.
V1_TITLE_RULE = (
    "the partner's name only (e.g. `Relecloud`), the same on every item: it titles the partner's section of "
    "the email summary; put the insight in `description`"
)

EXAMPLE_ITEMS: dict[str, list[dict[str, Any]]] = {
    "record_summary": [
        {
            "title": "Pricing call with Sanjay",
            "description": "Sanjay asked for a three-year price before the renewal.",
            "dateTime": "2024-05-07T03:28:38Z",
            "url": "https://insights.example.com/activities/42",
            "additionalProperties": {"Owner": "Dana Lee"},
        }
    ],
    "record_details": [
        {
            "recordId": "c5e9a7b3-1d2f-4a6e-8b0c-9d4f6e2a3b33",
            "recordType": "contact",
            "recordTypeDisplayName": "Contact",
            "recordTypePluralDisplayName": "Contacts",
            "recordTitle": "Sanjay Shah",
            "url": "https://insights.example.com/contacts/c5e9a7b3",
        }
    ],
    "key_sales_info": [
        {
            "title": "Renewal in 30 days",
            "description": "The support plan renews on 1 June; the customer asked for a discount.",
            "dateTime": "2024-05-07T03:28:38Z",
        }
    ],
    "email_summary_v1": [
        {"title": PARTNER_NAME, "description": "Sanjay opened the pricing proposal three times this week."},
        {"title": PARTNER_NAME, "description": "The renewal is due in 30 days."},
    ],
    "email_summary_v2": [{"insight": "Sanjay opened the pricing proposal three times this week."}],
    "email_draft": [
        {
            "contentType": "content-pdf",
            "content": "https://insights.example.com/files/pricing-2024.pdf",
            "contentTitle": "Pricing 2024",
            "contentDescription": "This year's price list, with the renewal discounts.",
            "contentIconUrl": "https://insights.example.com/icons/pdf.png",
        }
    ],
    "key_stakeholders": [
        {
            "adaptiveCard": json.dumps(
                {
                    "type": "AdaptiveCard",
                    "version": "1.5",
                    "body": [
                        {"type": "TextBlock", "text": "Sanjay Shah", "weight": "Bolder"},
                        {"type": "TextBlock", "text": "Chief Procurement Officer", "isSubtle": True},
                    ],
                },
                separators=(",", ":"),
            ),
            "previewCardData": {
                "title": "Sanjay Shah",
                "subTitle": "Chief Procurement Officer",
                "url": "https://insights.example.com/contacts/c5e9a7b3",
            },
        }
    ],
    "record_lookup": [
        {
            "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11",
            "recordType": "account",
            "recordTypeDisplayName": "Account",
            "recordTitle": "Contoso Ltd",
            "url": "https://insights.example.com/accounts/3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11",
        }
    ],
}

# The headers every call carries (headers.py sends them).
REQUEST_HEADERS: list[tuple[str, bool, str]] = [
    ("Accept-Language", False, "the caller's own `Accept-Language`, as sent (e.g. `fr-FR,fr;q=0.9,en;q=0.5`)"),
    (
        LANGUAGE_HEADER,
        True,
        "the language the connector chose from `Accept-Language` among `CONNECTOR_LANGUAGES`, "
        "e.g. `fr`: answer in it if you can",
    ),
    ("x-ms-client-request-id", True, "the caller's request id; log it, the connector logs it too"),
    ("x-ms-user-agent", False, "the caller, e.g. `sales-copilot`"),
    (
        "traceparent",
        True,
        "W3C Trace Context: the trace of the connector's request, with the id of the dependency "
        "item the connector records for this call as parent id: join your own telemetry to it",
    ),
    ("Accept-Encoding", True, "`gzip, deflate`: the only encodings the connector reads (another is a 502)"),
    (
        "x-api-key",
        False,
        "`BACKEND_API_KEY`, in the header `BACKEND_API_KEY_HEADER` names (`x-api-key` by default), when set",
    ),
    ("Authorization", False, "`Bearer <the caller's token>`, when `BACKEND_FORWARD_BEARER=true`"),
]

# The statuses the connector understands, and what the caller then gets (failures.py decides).
ERRORS: list[tuple[str, str, str]] = [
    (
        "400",
        '`{"errorCode": "INVALID_CRM_CONNECTION"}`',
        "400 `INVALID_CRM_CONNECTION`: the user is connected to another CRM than `crmOrgUrl`",
    ),
    (
        "400",
        "any other body",
        "502 `BACKEND_ERROR`: the connector already checked the input, so the two disagree on the API",
    ),
    (
        "401",
        "any",
        "401 `INVALID_TOKEN_SPECIFIED` when the caller's token was forwarded; otherwise the service refused "
        "the connector's own key: 502 `BACKEND_ERROR`, logged as a configuration failure",
    ),
    (
        "403",
        "any",
        "403 `INSUFFICIENT_PERMISSIONS` when the caller's token was forwarded; otherwise 502 `BACKEND_ERROR`, "
        "logged as a configuration failure",
    ),
    ("404", "any", "404 `RECORD_NOT_FOUND`: no such record"),
    (
        "429",
        "any",
        f"429 `REQUEST_THROTTLED`, with a `Retry-After` in seconds rebuilt from yours when yours is "
        f"seconds or an HTTP date, within {MAX_RETRY_AFTER_SECONDS} s (never your text)",
    ),
    ("3xx", "any", "502 `BACKEND_ERROR`: redirects are never followed"),
    ("other 4xx, 5xx", "any", "502 `BACKEND_ERROR`"),
    ("none in time", "", "504 `BACKEND_TIMEOUT` (the budget is `CONNECTOR_DEADLINE_SECONDS`, 4.5 s by default)"),
]


# --- schemas ----------------------------------------------------------------------------------


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic property schema without `title`, `default` and the `null` branch of an optional."""
    if "anyOf" in schema:
        branches = [s for s in schema["anyOf"] if s.get("type") != "null"]
        schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **(branches[0] if len(branches) == 1 else {})}
    return {k: v for k, v in schema.items() if k not in ("title", "default")}


def nested_model(annotation: Any) -> type[Inputs] | type[Output] | None:
    """The contract model inside `Model`, `Model | None`, `list[Model]`, `list[Model] | None`."""
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        for inner in (candidate, *getattr(candidate, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, Inputs | Output):
                return inner
    return None


def model_schema(
    model: type, formats: dict[str, dict[str, Any]], prefix: str = "", items_required: bool = False
) -> dict[str, Any]:
    """The JSON Schema (OpenAPI 3.1) of `model` on the wire, with the connector's formats added."""
    source = model.model_json_schema(by_alias=True, mode="serialization" if issubclass(model, Inputs) else "validation")
    properties, required = {}, []
    for name, info in model.model_fields.items():
        alias = info.alias or name
        schema = _plain(source["properties"][alias])
        path = f"{prefix}{alias}"
        inner = nested_model(info.annotation)
        if inner is not None:
            nested = model_schema(inner, formats, prefix=f"{path}.")
            if schema.get("type") == "array":
                schema = {**{k: v for k, v in schema.items() if k != "items"}, "items": nested}
            else:
                schema = {"description": schema.get("description"), **nested}
        elif schema.get("type") == "array" and "$ref" not in schema.get("items", {}):
            schema["items"] = _plain(schema["items"])
        schema.update(formats.get(path) or formats.get(alias) or formats.get(alias.lower()) or {})
        if path == "title" and model.__name__ == "EmailInsight":
            schema["x-format"] = V1_TITLE_RULE
        properties[alias] = schema
        if info.is_required() or (items_required and alias.lower() in ("top", "skip")):
            required.append(alias)
    result: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        result["required"] = required
    return result


def request_schema(op: Operation) -> dict[str, Any]:
    """The inputs the service receives (top and skip always, for a paged operation)."""
    return model_schema(op.inputs, INPUT_FORMATS, items_required=op.paged)


def item_schema(op: Operation) -> dict[str, Any]:
    return model_schema(op.item, OUTPUT_FORMATS)


def answer_schema(op: Operation) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{op.item.__name__}"}
    if op.items_field == "adaptiveCards":
        return {
            "type": "object",
            "required": ["adaptiveCards"],
            "properties": {
                "adaptiveCards": {
                    "type": "array",
                    "items": ref,
                    "description": "The key stakeholders, one Adaptive Card each.",
                }
            },
        }
    return {
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {
                "type": "array",
                "items": ref,
                "description": "The items of the page `top` and `skip` asked for.",
            },
            "hasMoreResults": {
                "type": "boolean",
                "description": "True when more items follow this page (false when absent).",
            },
        },
    }


def example_answer(op: Operation) -> dict[str, Any]:
    items = EXAMPLE_ITEMS[op.key]
    return {op.items_field: items} if op.items_field == "adaptiveCards" else {"value": items, "hasMoreResults": False}


# --- OpenAPI ----------------------------------------------------------------------------------


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceError"}}},
    }


def build_openapi() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "ServiceError": {
            "type": "object",
            "description": "Any body; the connector reads only `errorCode`, and only on a 400.",
            "properties": {"errorCode": {"type": "string", "examples": ["INVALID_CRM_CONNECTION"]}},
        },
    }
    headers = [
        {"name": name, "in": "header", "required": required, "description": meaning, "schema": {"type": "string"}}
        for name, required, meaning in REQUEST_HEADERS
        if name not in ("x-api-key", "Authorization")
    ]
    for op in FORWARDED_OPERATIONS:
        schemas[op.item.__name__] = item_schema(op)
        request = request_schema(op)
        operation: dict[str, Any] = {
            "operationId": op.key,
            "summary": op.summary,
            "description": f"{op.description}\n\nThe connector calls this for `{op.operation_id}`"
            f" (`{op.method} /{op.route}` on the connector). Path setting: `BACKEND_PATH_{op.key.upper()}`.",
            "parameters": list(headers),
            "responses": {
                "200": {
                    "description": "The items; each is checked against the contract and any that breaks it is dropped.",
                    "headers": {
                        "Content-Language": {
                            "description": "the language the answer is in; the connector passes it on "
                            f"(without it, the caller is told `{LANGUAGE_HEADER}`)",
                            "schema": {"type": "string"},
                        }
                    },
                    "content": {"application/json": {"schema": answer_schema(op), "example": example_answer(op)}},
                },
                "400": _error_response("`INVALID_CRM_CONNECTION` in `errorCode`: the user is connected to another CRM"),
                "401": _error_response("the caller's forwarded token (or the connector's key) was refused"),
                "403": _error_response("the caller may not read these insights (or the connector's key may not)"),
                "404": _error_response("no such record"),
                "429": {
                    **_error_response("too many requests"),
                    "headers": {
                        "Retry-After": {"description": "seconds or an HTTP date", "schema": {"type": "string"}}
                    },
                },
            },
        }
        if op.method == "GET":
            for name, schema in request["properties"].items():
                operation["parameters"].append(
                    {
                        "name": name,
                        "in": "query",
                        "required": name in request.get("required", []),
                        "description": schema.get("description", ""),
                        "schema": schema,
                    }
                )
        else:
            schemas[op.inputs.__name__] = request
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{op.inputs.__name__}"}}},
            }
        paths[f"/{op.route}"] = {op.method.lower(): operation}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partner service behind the Copilot for Sales connector",
            "version": "1.0.0",
            "description": "What the connector (CONNECTOR_SOURCE=backend) sends to the partner's service and "
            "accepts from it, with the shipped mapping. Generated by `python -m connector "
            "backend-api`; the reference for a person is docs/backend-api.md.",
        },
        "servers": [{"url": EXAMPLE_BASE_URL, "description": "BACKEND_BASE_URL"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "apiKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "x-api-key",
                    "description": "BACKEND_API_KEY, when set, in BACKEND_API_KEY_HEADER",
                }
            },
        },
        "security": [{}, {"apiKey": []}],
    }


# --- the reference for a person ---------------------------------------------------------------


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "object")
    if kind == "array":
        items = schema.get("items", {})
        return f"array of {_type_of(items)}s" if items.get("type") != "object" else "array of objects"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "object (text values)"
    return kind


def _limits(schema: dict[str, Any]) -> str:
    parts = []
    if "x-format" in schema:
        parts.append(schema["x-format"])
    if "enum" in schema:
        parts.append("one of " + ", ".join(f"`{v}`" for v in schema["enum"]))
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high is not None:
        parts.append(f"{low or 0}–{high} characters")
    elif low:
        parts.append("not empty")
    if ("minimum" in schema or "maximum" in schema) and "x-format" not in schema:
        parts.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    if schema.get("maxItems") is not None:
        parts.append(f"at most {schema['maxItems']} items")
    if schema.get("format") == "date-time" and not any("date-time" in p or "RFC 3339" in p for p in parts):
        parts.append("date-time")
    return "; ".join(parts)


def _rows(schema: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        text = (prop.get("description") or "").replace("|", "\\|")
        limits = _limits(prop).replace("|", "\\|")
        rows.append(
            f"| `{prefix}{name}` | {_type_of(prop)} | {'yes' if name in required else 'no'} | {limits} | {text} |"
        )
        inner = prop.get("items") if prop.get("type") == "array" else prop
        if isinstance(inner, dict) and inner.get("properties"):
            rows += _rows(inner, f"{prefix}{name}{'[]' if prop.get('type') == 'array' else ''}.")
    return rows


_TABLE = "| field | type | required | format and limits | meaning |\n|---|---|---|---|---|"


def _operation_section(op: Operation) -> str:
    request = request_schema(op)
    where = "query parameters (URL-encoded)" if op.method == "GET" else "a JSON body"
    example = json.dumps(example_answer(op), indent=2, ensure_ascii=False)
    lines = [
        f"## {op.summary} (`{op.key}`)",
        "",
        f"`{op.method} {{BACKEND_BASE_URL}}/{op.route}`; another path with `BACKEND_PATH_{op.key.upper()}` or the mapping.",
        f"The connector calls it for the action `{op.operation_id}`: {op.description}",
        *(
            []
            if op in OPERATIONS
            else [
                "",
                "Optional: the Sales agent's chat looks records up with it ([agent.md](agent.md)); it is not part",
                "of the Power Platform connector. A mapping without it makes the lookup answer `404 NOT_FOUND`.",
            ]
        ),
        "",
        f"**Request**: {where}. Absent optional inputs are not sent.",
        "",
        _TABLE,
        *_rows(request),
        "",
    ]
    if op.items_field == "adaptiveCards":
        lines.append('**Answer**: `200` with `{"adaptiveCards": [ ...items... ]}`. Each item:')
    else:
        lines.append(
            '**Answer**: `200` with `{"value": [ ...items... ], "hasMoreResults": false}`: the page '
            "`top` and `skip` asked for (`hasMoreResults` optional, false when absent). Each item:"
        )
    lines += ["", _TABLE, *_rows(item_schema(op)), "", "Example:", "", "```json", example, "```", ""]
    return "\n".join(lines)


def build_reference() -> str:
    header_rows = [
        f"| `{name}` | {'always' if required else 'when set'} | {meaning} |"
        for name, required, meaning in REQUEST_HEADERS
    ]
    error_rows = [f"| {status} | {body} | {result} |" for status, body, result in ERRORS]
    parts = [
        "# The back-end API: what your service offers the connector",
        "",
        "<!-- Generated by `.venv/bin/python -m connector backend-api` from connector/contract.py; do not edit. -->",
        "",
        "With `CONNECTOR_SOURCE=backend`, the connector forwards each Copilot for Sales action to your service",
        "at `BACKEND_BASE_URL`. This page is that API, field by field, as the shipped mapping sends it (your",
        "service speaks the contract); [backend-api.openapi.json](backend-api.openapi.json) is the same as",
        "OpenAPI 3.1, to generate a server stub in your stack. To serve other paths, names or shapes, adapt",
        "the mapping ([backend.md](backend.md#adapting-a-service-that-speaks-another-shape)).",
        "",
        "## Every call",
        "",
        "- GET operations send their inputs as URL-encoded query parameters, POST operations as a JSON body",
        "  (`Content-Type: application/json`), under the names below, after the connector checked and",
        "  normalised them (so `crmType` is always `Dynamics365` or `Salesforce`, `recordType` lower case).",
        "- Answer `200` with `Content-Type: application/json` within the budget (4.5 s per call by default,",
        "  the connector's own work included); redirects are not followed. At the deadline the connector",
        "  shuts the connection; interim answers (`103 Early Hints`) are read past.",
        f"- **Paging**: list operations carry `top` (0–{MAX_TOP}; {MAX_TOP} when the caller gave none) and",
        "  `skip` (0 when none). Answer exactly that page and say `hasMoreResults`; the connector never pages",
        "  again. A service that cannot page sets `pages=False` in its mapping: it then gets no `top`/`skip`,",
        "  answers every item, and the connector pages.",
        f"- **Language**: answer in the language of `{LANGUAGE_HEADER}` (the connector's choice among",
        "  `CONNECTOR_LANGUAGES`, which you set to the languages your service speaks), or decide from",
        "  `Accept-Language` yourself and say so in `Content-Language`: the caller is told the language",
        f"  your `Content-Language` names, and `{LANGUAGE_HEADER}` when you send none.",
        "- **Items**: each item is checked against the contract; one that breaks it (a missing required",
        "  field, a text over its limit, a date that is not a date, a relative URL) is dropped and logged, and",
        "  the others are served. Fields not listed are ignored. Texts are plain text, no HTML.",
        "",
        "Headers on every call:",
        "",
        "| header | sent | value |",
        "|---|---|---|",
        *header_rows,
        "",
        "## Errors",
        "",
        "No text of yours reaches the caller; the connector logs the start of your error body, with email",
        "addresses, long numbers and the request's own values masked.",
        "",
        "| your status | your body | the caller gets |",
        "|---|---|---|",
        *error_rows,
        "",
        *(_operation_section(op) for op in FORWARDED_OPERATIONS),
    ]
    return "\n".join(parts).rstrip() + "\n"


def render_openapi() -> str:
    return json.dumps(build_openapi(), indent=2, ensure_ascii=False) + "\n"


def write(directory: Path | None = None) -> list[Path]:
    """Write the reference and the OpenAPI document into `directory` (default: docs/)."""
    reference = directory / REFERENCE_PATH.name if directory else REFERENCE_PATH
    openapi = directory / OPENAPI_PATH.name if directory else OPENAPI_PATH
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_text(build_reference(), encoding="utf-8")
    openapi.write_text(render_openapi(), encoding="utf-8")
    return [reference, openapi]
