"""Reading an operation's inputs from an HTTP request and validating them against its model.

GET inputs come from the query string, matched case-insensitively (the contract's own pages spell
`Top` and `top`); POST inputs are a JSON object body of bounded size. Whatever fails is reported
per parameter, by its contract name, in one `INVALID_REQUEST` error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from connector.contract import Inputs, Operation
from connector.errors import ConnectorError, invalid_request

_JSON_MEDIA_TYPES = ("application/json", "text/json")


def read_query(op: Operation, params: Mapping[str, str]) -> dict[str, str]:
    """The operation's parameters present in the query; unknown ones are ignored, empty ones absent."""
    by_folded_name = {name.lower(): value for name, value in params.items()}
    found = {}
    for name in op.input_names():
        value = by_folded_name.get(name.lower())
        if value:
            found[name] = value
    return found


def read_json_body(body: bytes, content_type: str | None, max_bytes: int) -> dict[str, Any]:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in _JSON_MEDIA_TYPES and not media_type.endswith("+json"):
        raise ConnectorError(
            "UNSUPPORTED_MEDIA_TYPE", f"The body must be application/json, not {media_type[:100]!r}."
        )
    if len(body) > max_bytes:
        raise ConnectorError("REQUEST_TOO_LARGE", f"The body must be at most {max_bytes} bytes.")
    if not body.strip():
        raise invalid_request({"body": "is required: a JSON object"})
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        raise invalid_request({"body": "must be UTF-8 encoded JSON"}) from None
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any real request
        raise invalid_request({"body": "must be valid JSON"}) from None
    if not isinstance(data, dict):
        raise invalid_request({"body": f"must be a JSON object, not {type(data).__name__}"})
    return data


def _location(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def _reason(error: Mapping[str, Any]) -> str:
    if error["type"] == "missing":
        return "is required"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def validate(op: Operation, data: Mapping[str, Any]) -> Inputs:
    try:
        return op.inputs.model_validate(data)
    except ValidationError as error:
        details: dict[str, str] = {}
        for item in error.errors(include_url=False, include_input=False):
            details.setdefault(_location(item["loc"]), _reason(item))
        raise invalid_request(details) from None


def parse(op: Operation, params: Mapping[str, str], body: bytes, content_type: str | None, max_bytes: int) -> Inputs:
    if op.input_location == "query":
        return validate(op, read_query(op, params))
    return validate(op, read_json_body(body, content_type, max_bytes))
