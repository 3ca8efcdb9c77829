"""Whether a response body is what the contract promises, item by item, in words a partner acts on.

The rules come from the contract's own output models (their JSON Schema), so the checker and the
connector's pipeline can never disagree: required outputs, types, non-empty strings, length limits,
enums, date-times in UTC and absolute http(s) URLs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from connector.contract import Operation

_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_UTC = re.compile(r"([Zz]|[+-]00:00)\Z")
_JSON_TYPES = {"string": str, "boolean": bool, "object": dict, "array": list}
_TYPE_NAMES = {"string": "a string", "boolean": "a boolean", "object": "an object", "array": "an array"}


@cache
def response_schema(op: Operation) -> dict[str, Any]:
    return op.response.model_json_schema(mode="validation")


def _type_name(value: Any) -> str:
    """What a JSON value is, in words: `a string`, `a number`, `null`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return next(
        (_TYPE_NAMES[name] for name, kind in _JSON_TYPES.items() if isinstance(value, kind)), type(value).__name__
    )


def _date_time_problem(value: str) -> str | None:
    if not _RFC3339.fullmatch(value):
        return f"is {value[:40]!r}, not an ISO 8601 date-time such as 2024-05-07T03:28:38Z"
    try:
        datetime.fromisoformat(re.sub(r"(\.[0-9]{6})[0-9]+", r"\1", value).replace("z", "Z"))
    except ValueError:
        return f"is {value!r}, not a real date and time"
    if not _UTC.search(value):
        return f"is {value!r}, not in UTC (end it with Z)"
    return None


def _string_problems(value: str, schema: dict[str, Any]) -> list[str]:
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"is {value[:40]!r}, not one of {', '.join(schema['enum'])}")
    if schema.get("minLength", 0) >= 1 and not value.strip():
        problems.append("is empty")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"is {len(value)} characters, over the limit of {schema['maxLength']}")
    if schema.get("format") == "date-time" and value:
        problem = _date_time_problem(value)
        if problem:
            problems.append(problem)
    if "pattern" in schema and value and not re.search(schema["pattern"], value):
        problems.append(f"is {value[:60]!r}, not an absolute http(s) URL")
    return problems


def problems_in(value: Any, schema: dict[str, Any], defs: dict[str, Any], where: str) -> list[str]:
    """Every way `value` breaks `schema`, each prefixed with where it is (e.g. `value[2].title`)."""
    if "$ref" in schema:
        return problems_in(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs, where)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if value is None and len(options) < len(schema["anyOf"]):
            return []
        return problems_in(value, options[0], defs, where)
    expected = schema.get("type")
    if expected in _JSON_TYPES and not isinstance(value, _JSON_TYPES[expected]):
        return [f"{where or 'the body'} is {_type_name(value)}, not {_TYPE_NAMES[expected]}"]
    if expected == "string":
        return [f"{where} {problem}" for problem in _string_problems(value, schema)]
    problems: list[str] = []
    if expected == "array":
        for position, item in enumerate(value):
            problems += problems_in(item, schema.get("items", {}), defs, f"{where}[{position}]")
    if expected == "object":
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}.{name} is missing".lstrip("."))
        for name, sub_schema in properties.items():
            if name in value:
                problems += problems_in(value[name], sub_schema, defs, f"{where}.{name}".lstrip("."))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for name, item in value.items():
                if name not in properties:
                    problems += problems_in(item, extra, defs, f"{where}.{name}".lstrip("."))
    return problems


def _adaptive_card_problems(items: list[Any]) -> list[str]:
    """Key stakeholders: each `adaptiveCard` must be a serialized Adaptive Card, or the chat shows nothing."""
    problems = []
    for position, item in enumerate(items):
        card = item.get("adaptiveCard") if isinstance(item, dict) else None
        if not isinstance(card, str) or not card.strip():
            continue  # reported by the schema already
        try:
            parsed = json.loads(card)
        except ValueError:
            problems.append(f"adaptiveCards[{position}].adaptiveCard is not JSON: not a serialized Adaptive Card")
            continue
        if not isinstance(parsed, dict) or parsed.get("type") != "AdaptiveCard":
            problems.append(f"adaptiveCards[{position}].adaptiveCard is JSON but not an Adaptive Card (type)")
    return problems


def body_problems(op: Operation, body: Any, top: int | None = None) -> list[str]:
    """Every breach of the contract in one response body; empty when Copilot for Sales can use it."""
    schema = response_schema(op)
    problems = problems_in(body, schema, schema.get("$defs", {}), "")
    items = body.get(op.items_field) if isinstance(body, dict) else None
    if isinstance(items, list):
        if top is not None and len(items) > top:
            problems.append(f"{op.items_field} has {len(items)} items although top={top} was asked")
        if op.key == "key_stakeholders":
            problems += _adaptive_card_problems(items)
    return problems


def varying_titles(items: Iterable[Any]) -> str | None:
    """Email summary v1's rule, which no schema states: `title` holds only the partner's name, so it is
    the same on every item. The problem, naming the first titles, or None."""
    titles = list(
        dict.fromkeys(item["title"] for item in items if isinstance(item, dict) and isinstance(item.get("title"), str))
    )
    if len(titles) <= 1:
        return None
    shown = ", ".join(repr(title) for title in titles[:3]) + (" …" if len(titles) > 3 else "")
    return (
        f"title varies between items ({shown}): it must hold only the partner's name, the same on every item; "
        "put the insight in description"
    )
