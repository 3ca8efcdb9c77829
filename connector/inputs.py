"""Reading an operation's inputs from an HTTP request and validating them against its model.

GET inputs come from the query string, matched case-insensitively (the contract's own pages spell
`Top` and `top`), each given at most once; POST inputs are a JSON object body of bounded size.
Text must be real text: a query value holds no control character but tab and line breaks, a body
string no NUL and no unpaired surrogate (they break logs, databases and JSON encoders downstream).
Whatever fails is reported per parameter, by its contract name, in one `INVALID_REQUEST` error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote_plus

from pydantic import ValidationError

from connector.contract import Inputs, Operation
from connector.errors import ConnectorError, invalid_request

_JSON_MEDIA_TYPES = ("application/json", "text/json")
# Tab and line breaks can be real separators (emailContacts); identifiers refuse them by type.
_CONTROL_OR_SURROGATE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In a UTF-8 body, a NUL or a surrogate can only reach a parsed string through a \u0000 or
# \uD800-\uDFFF escape, or as a UTF-8-encoded surrogate (json decodes with surrogatepass, and such a
# surrogate starts with byte 0xED): the document is walked only when the raw body holds one of those.
_ESCAPED_NUL_OR_SURROGATE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")  # a literal prefix: a fast scan
_JSON_KINDS = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


def _query_names(url: str) -> Iterator[str]:
    """The parameter names of a URL's query, folded; decoded only where encoded (the common case is cheap)."""
    query = url.partition("?")[2].partition("#")[0]
    for part in query.split("&"):
        name = part.partition("=")[0]
        yield (unquote_plus(name) if "%" in name or "+" in name else name).lower()


def read_query(op: Operation, params: Mapping[str, str], url: str = "") -> dict[str, str]:
    """The operation's parameters present in the query; unknown ones are ignored, empty ones absent.

    Each may be given once, in any spelling (`top=1&Top=2` is refused): the Functions host joins
    repeated values with commas, which could turn two record ids into one plausible id, so the raw
    query of the URL is what is counted.
    """
    names = op.folded_input_names
    given = Counter(_query_names(url) if "?" in url else (name.lower() for name in params))
    problems = {names[n]: "must be given once, not repeated" for n, count in given.items() if count > 1 and n in names}
    found = {}
    for name, value in params.items():
        contract_name = names.get(name.lower())
        if contract_name is None or not value:
            continue
        if _CONTROL_OR_SURROGATE.search(value):
            problems.setdefault(contract_name, "must not contain control characters")
        else:
            found[contract_name] = value
    if problems:
        raise invalid_request(problems)
    return found


MAX_JSON_DEPTH = 64  # objects and arrays inside each other: far beyond any real request
_TOO_DEEP = f"must be valid JSON nested at most {MAX_JSON_DEPTH} levels deep"


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than `limit` levels deep (iterative: any depth is safe)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _strings(data: Any) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """Every string in a parsed JSON document with its location and whether it is a key.

    Iterative, so that any depth json.loads accepted is walked without recursion.
    """
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        location, value = stack.pop()
        if isinstance(value, str):
            yield location, value, False
        elif isinstance(value, dict):
            for key, item in value.items():
                yield location, key, True
                stack.append(((*location, key), item))
        elif isinstance(value, list):
            stack.extend(((*location, index), item) for index, item in enumerate(value))


def _is_real_text(text: str) -> bool:
    """No NUL and no unpaired surrogate (which UTF-8 cannot encode): C-speed checks, not a regex scan."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _may_hold_nul_or_surrogate(body: bytes) -> bool:
    return b"\xed" in body or _ESCAPED_NUL_OR_SURROGATE.search(body) is not None


def _check_text(data: Any) -> None:
    for location, text, is_key in _strings(data):
        if _is_real_text(text):
            continue
        if is_key:  # name the object the key is in, never the key itself: it could not even be encoded
            raise invalid_request({_location(location): "has a name that is not Unicode text without NUL"})
        raise invalid_request({_location(location): "must be Unicode text without NUL characters"})


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
    except RecursionError:
        raise invalid_request({"body": _TOO_DEEP}) from None
    except ValueError:
        raise invalid_request({"body": "must be valid JSON"}) from None
    # The limit is ours, not the interpreter's: Python 3.13's parser accepts nesting that 3.12's refuses.
    # Counting brackets first (at C speed) keeps the walk off every ordinary body.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _deeper_than(data, MAX_JSON_DEPTH):
        raise invalid_request({"body": _TOO_DEEP})
    if not isinstance(data, dict):
        raise invalid_request({"body": f"must be a JSON object, not {_JSON_KINDS.get(type(data), 'a number')}"})
    if json.detect_encoding(body) != "utf-8" or _may_hold_nul_or_surrogate(body):
        _check_text(data)
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


def parse(
    op: Operation, params: Mapping[str, str], body: bytes, content_type: str | None, max_bytes: int, url: str = ""
) -> Inputs:
    if op.input_location == "query":
        return validate(op, read_query(op, params, url))
    return validate(op, read_json_body(body, content_type, max_bytes))
