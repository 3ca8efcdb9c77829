"""Reading an operation's inputs from what the caller sent and validating them against its model.

GET inputs come from the query string, matched case-insensitively (the contract's own pages spell
`Top` and `top`), each given at most once; POST inputs are a JSON object body of bounded size, sent
as it is or gzip-compressed. One text rule holds for both: strict UTF-8, and no control character
but tab and line breaks, no U+2028/U+2029 and no unpaired surrogate (they break logs, databases,
JSON readers and JavaScript downstream). Whatever fails is reported per parameter, by its contract
name, in one `INVALID_REQUEST` error whose reasons are the connector's own sentences.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

from pydantic import ValidationError

from connector.contract import Operation
from connector.errors import ErrorCode, Location, invalid_request, request_too_large
from connector.jsonwalk import nodes
from connector.language import DEFAULT_LANGUAGE
from connector.messages import CATALOGUES, Message, message
from connector.models.base import Inputs
from connector.values import NOT_TEXT

BODY: Location = ("body",)  # the request body as a whole
_JSON_MEDIA_TYPES = ("application/json", "text/json")
_GZIP = ("gzip", "x-gzip")
MAX_CODINGS = 2  # `gzip` and `identity`; a longer list is not a client's honest choice

# In a UTF-8 body, text the rule refuses can only reach a parsed string as an escape (`\b`, `\f`, or
# a \u escape of a C0/C1 control, DEL, a surrogate or U+2028/2029), or raw: DEL, a C1 control (bytes
# C2 80-9F), U+2028/2029 (E2 80 A8/A9) or a UTF-8-encoded surrogate (json reads it with
# surrogatepass; it starts with ED). (Raw C0 controls inside a string are invalid JSON already.) The
# document is walked only then; tests/test_text_rule.py holds the prefilter to the rule.
_ESCAPE = re.compile(rb"\\(?:[bf]|u(?:00[0-1]|007[fF]|00[89]|[dD][89a-fA-F]|202[89]))")  # a literal prefix: fast
_RAW_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_JSON_KINDS = {list: "word.array", str: "word.string", bool: "word.boolean", type(None): "word.null"}


# --- the query ------------------------------------------------------------------------------


def ascii_lower(name: str) -> str:
    """`name` folded to lower case in ASCII only: `str.lower()` folds the Kelvin sign (U+212A) to `k` and
    `İ` to `i̇`, so `S\u212aip` would be read as `skip`. A name with any other character matches no input."""
    return name.lower() if name.isascii() else name


def _raw_query(url: str, names: Mapping[str, str]) -> list[tuple[str, str | bytes]]:
    """The URL's query parameters the operation takes, as (contract name, value), percent- and plus-decoded.

    Names match folded to lower case in ASCII only (`names` maps them to the contract's spelling); other
    parameters are skipped before their values are decoded. A value that was encoded stays bytes,
    so that the text rule decides on strict UTF-8 (a host's own decoding would have turned `%FF`
    into U+FFFD silently); the common case, plain ASCII, is kept as it is.
    """
    found: list[tuple[str, str | bytes]] = []
    for part in url.partition("?")[2].partition("#")[0].split("&"):
        name, _, value = part.partition("=")
        if "%" in name or "+" in name:
            name = unquote_to_bytes(name.replace("+", " ")).decode("utf-8", "replace")
        contract_name = names.get(ascii_lower(name))
        if contract_name is None:  # an empty part too
            continue
        if "%" in value or "+" in value or not value.isascii():
            found.append((contract_name, unquote_to_bytes(value.replace("+", " "))))
        else:
            found.append((contract_name, value))
    return found


def _query_values(op: Operation, params: Mapping[str, str], url: str) -> tuple[dict[str, int], list[tuple[str, Any]]]:
    """(how often each of the operation's parameters was given, [(contract name, value)]).

    The raw query of the URL is what is read when there is one: the Functions host joins repeated
    values with commas, which could turn two record ids into one plausible id, and replaces invalid
    UTF-8. Without one (a request built in code), the parsed parameters.
    """
    names = op.folded_input_names
    if "?" in url:
        values = _raw_query(url, names)
    else:
        values = [(names[ascii_lower(n)], value) for n, value in params.items() if ascii_lower(n) in names]
    given: dict[str, int] = {}
    for contract_name, _ in values:
        given[contract_name] = given.get(contract_name, 0) + 1
    return given, values


def read_query(op: Operation, params: Mapping[str, str], url: str = "") -> dict[str, str]:
    """The operation's parameters present in the query; unknown ones are ignored, empty ones absent.

    Each may be given once, in any spelling (`top=1&Top=2` is refused).
    """
    given, values = _query_values(op, params, url)
    problems: dict[Location, Message] = {
        (name,): message("detail.repeated") for name, count in given.items() if count > 1
    }
    found = {}
    for name, value in values:
        if not value or (name,) in problems:
            continue
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                problems[(name,)] = message("detail.utf8")
                continue
        if NOT_TEXT.search(value):
            problems[(name,)] = message("detail.not_text")
        else:
            found[name] = value
    if problems:
        raise invalid_request(problems)
    return found


# --- the body -------------------------------------------------------------------------------


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    """One gzip member, decompressed to at most `max_bytes` (a small bomb never grows past the limit)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, max_bytes + 1)
    except zlib.error:
        raise invalid_request({BODY: message("detail.body_gzip")}) from None
    if len(data) > max_bytes:
        raise request_too_large(max_bytes)
    if not decompressor.eof or decompressor.unused_data:
        raise invalid_request({BODY: message("detail.body_gzip")})
    return data


def decoded_body(body: bytes, content_encoding: str | None, max_bytes: int) -> bytes:
    """The body with its `Content-Encoding` undone: identity and gzip are read, anything else is 415."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    if len(codings) > MAX_CODINGS or any(c not in (*_GZIP, "identity") for c in codings):
        raise ErrorCode.UNSUPPORTED_MEDIA_TYPE.error(message("error.unsupported_encoding"))
    for coding in reversed(codings):  # listed in the order they were applied
        if coding in _GZIP:
            body = _gunzip(body, max_bytes)
    return body


MAX_JSON_DEPTH = 64  # objects and arrays inside each other: far beyond any real request


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than `limit` levels deep (the document itself is level 1)."""
    return any(len(location) >= limit and isinstance(value, dict | list) for location, value in nodes(data))


def _may_hold_what_the_rule_refuses(body: bytes) -> bool:
    # A one-byte search (memchr) first: it rules most bodies out in a fraction of a multi-byte search.
    return (
        b"\xed" in body
        or b"\x7f" in body
        or (b"\xe2" in body and (b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body))
        or (b"\xc2" in body and _RAW_C1.search(body) is not None)
        or (b"\\" in body and _ESCAPE.search(body) is not None)
    )


def _check_text(data: Any) -> None:
    for location, value in nodes(data):
        if isinstance(value, str) and NOT_TEXT.search(value):
            raise invalid_request({location: message("detail.not_text")})
        if isinstance(value, dict) and any(NOT_TEXT.search(key) for key in value if isinstance(key, str)):
            # name the object the key is in, never the key itself
            raise invalid_request({location: message("detail.member_name")})


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")  # json.loads accepts NaN and Infinity; JSON does not


class _RepeatedMember(ValueError):
    """An object in the body names a member twice: two JSON readers (a gateway, the connector) could keep
    different values, so the body is refused, as a repeated query parameter is."""


class _Marked(dict):
    """An object that names `repeated` more than once (only built to say where, once refused)."""

    repeated: str


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _RepeatedMember
    return members


def _marking(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = _Marked(pairs)
    if len(members) != len(pairs):
        names = [name for name, _ in pairs]
        members.repeated = next(name for index, name in enumerate(names) if name in names[:index])
    return members


def _repeated_member(text: str) -> Location:
    """Where the first repeated member is, e.g. `resourceData.subject` (`body` if its name is not clean text)."""
    try:
        document = json.JSONDecoder(parse_constant=_no_constant, object_pairs_hook=_marking).decode(text)
    except (ValueError, RecursionError):  # invalid past the repeated member, or deeper than the interpreter goes
        return BODY
    for location, value in nodes(document):
        if isinstance(value, dict) and hasattr(value, "repeated"):
            clean = all(not NOT_TEXT.search(str(part)) and len(str(part)) <= 64 for part in location)
            name = value.repeated
            return (*location, name) if clean and len(name) <= 64 and not NOT_TEXT.search(name) else BODY
    return BODY


# One for the process (json.loads builds one per call); a repeated member is refused as it is read.
_DECODER = json.JSONDecoder(parse_constant=_no_constant, object_pairs_hook=_unique_members)


def read_json_body(
    body: bytes, content_type: str | None, max_bytes: int, content_encoding: str | None = None
) -> dict[str, Any]:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in _JSON_MEDIA_TYPES and not media_type.endswith("+json"):
        raise ErrorCode.UNSUPPORTED_MEDIA_TYPE.error(message("error.unsupported_media_type"))
    if len(body) > max_bytes:
        raise request_too_large(max_bytes)
    body = decoded_body(body, content_encoding, max_bytes)
    if not body.strip():
        raise invalid_request({BODY: message("detail.body_required")})
    encoding = json.detect_encoding(body)
    try:
        # What json.loads does with bytes (surrogatepass included), with the one decoder.
        text = body.decode(encoding, "surrogatepass")
        data = _DECODER.decode(text)
    except UnicodeDecodeError:
        raise invalid_request({BODY: message("detail.body_utf8")}) from None
    except _RepeatedMember:
        raise invalid_request({_repeated_member(text): message("detail.repeated")}) from None
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than any real request
        raise invalid_request({BODY: message("detail.body_json")}) from None
    # The nesting limit is ours, not the interpreter's: Python 3.13's parser accepts nesting that 3.12's
    # refuses. Counting brackets first (at C speed) keeps the walk off every ordinary body.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _deeper_than(data, MAX_JSON_DEPTH):
        raise invalid_request({BODY: message("detail.body_json")})
    if not isinstance(data, dict):
        kind = message(_JSON_KINDS.get(type(data), "word.number"))
        raise invalid_request({BODY: message("detail.body_not_object", kind=kind)})
    if encoding != "utf-8" or _may_hold_what_the_rule_refuses(body):
        _check_text(data)
    return data


# --- validation -----------------------------------------------------------------------------


# Pydantic's error types the contract models can raise, in the connector's words (with the context
# parameter each sentence takes). The types' own refusals carry their `detail.*` key as their type.
_PYDANTIC_REASONS: dict[str, tuple[str, str | None]] = {
    "missing": ("detail.required", None),
    "string_type": ("detail.string", None),
    "string_too_short": ("detail.not_empty", None),
    "string_too_long": ("detail.too_long", "max_length"),
    "too_long": ("detail.too_many", "max_length"),
    "int_type": ("detail.whole_number", None),
    "int_parsing": ("detail.whole_number", None),
    "int_from_float": ("detail.whole_number", None),
    "greater_than_equal": ("detail.at_least", "ge"),
    "less_than_equal": ("detail.at_most", "le"),
    "list_type": ("detail.array", None),
    "model_type": ("detail.object", None),
    "model_attributes_type": ("detail.object", None),
    "dict_type": ("detail.object", None),
}


def reason(error: Mapping[str, Any]) -> Message:
    """Why pydantic refused a value, as a message of the catalogues; never pydantic's or Python's text."""
    kind, context = error["type"], error.get("ctx") or {}
    if kind.startswith("detail.") and kind in CATALOGUES[DEFAULT_LANGUAGE]:
        return message(kind, **context)
    key, parameter = _PYDANTIC_REASONS.get(kind, ("detail.invalid", None))
    if parameter in ("ge", "le"):
        return message(key, limit=context[parameter])
    if parameter:
        return message(key, **{parameter: context[parameter]})
    return message(key)


def validate(op: Operation, data: Mapping[str, Any]) -> Inputs:
    try:
        return op.inputs.model_validate(data)
    except ValidationError as error:
        details: dict[Location, Message] = {}
        for item in error.errors(include_url=False, include_input=False):
            details.setdefault(item["loc"], reason(item))
        raise invalid_request(details) from None


def parse(
    op: Operation,
    params: Mapping[str, str],
    body: bytes,
    content_type: str | None,
    max_bytes: int,
    url: str = "",
    content_encoding: str | None = None,
) -> Inputs:
    if op.input_location == "query":
        return validate(op, read_query(op, params, url))
    return validate(op, read_json_body(body, content_type, max_bytes, content_encoding))
