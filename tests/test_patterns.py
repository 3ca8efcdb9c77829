"""Every pattern check in `connector/` matches the whole value, never a prefix, and folds case in ASCII only.

With `re.match` and a pattern ending in `$`, `5\\n` passes for `[0-9]+`: `$` also matches before a final
line break. So the rule is static: no `.match(` call, no `$` anchor in a pattern (full matches use
`fullmatch`, an end inside a pattern is `\\Z`), `re.ASCII` wherever case is ignored (else `K`, the
Kelvin sign, is `k`), ASCII digits in what validates. Then the behaviours the rule protects, at the
caller's edge: a value or header ending in a line break is refused or dropped, never accepted.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from connector.values import HttpUrl
from tests.conftest import body_of

PACKAGE = Path(__file__).resolve().parent.parent / "connector"
RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split"}
# Patterns that look for text anywhere (masking, secret scanning): broader digits and case are the point.
SEARCH_ONLY = {"sources/backend/masking.py", "tools/secrets.py"}


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # implicit concatenation across lines
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    return None


def _patterns() -> list[tuple[str, int, str, ast.Call]]:
    """(file, line, pattern text, the call) for every `re.<function>(<literal>, ...)` in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS
                and node.args
                and (text := _literal(node.args[0])) is not None
            ):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, text, node))
    return found


def _dollar_anchors(pattern: str) -> list[int]:
    """Positions of `$` used as an anchor: not escaped, not inside a character class."""
    positions, escaped, in_class = [], False, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            positions.append(index)
    return positions


def _flags(call: ast.Call) -> set[str]:
    names = {node.attr for node in ast.walk(call) if isinstance(node, ast.Attribute)}
    text = _literal(call.args[0]) or ""
    inline = set("".join(re.findall(r"\(\?([aiLmsux]+)[:)]", text)))
    return names | {name for letter, name in (("i", "IGNORECASE"), ("a", "ASCII")) if letter in inline}


def test_the_package_has_patterns_to_check():
    assert len(_patterns()) >= 40


def test_no_pattern_in_the_package_has_a_dollar_anchor():
    anchored = [f"{file}:{line} {text!r}" for file, line, text, _ in _patterns() if _dollar_anchors(text)]
    assert anchored == [], "use fullmatch, or \\Z inside a pattern"


def test_no_pattern_check_in_the_package_matches_a_prefix():
    """`.match(` finds a prefix; a check uses `fullmatch` (or `search` when any occurrence counts)."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "match":
                calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert calls == []


def test_every_case_insensitive_pattern_folds_ascii_only():
    folding = [f"{file}:{line}" for file, line, _, call in _patterns() if {"IGNORECASE", "I"} & _flags(call)]
    assert folding, "the check found no case-insensitive pattern: it would prove nothing"
    unicode = [
        f"{file}:{line}"
        for file, line, _, call in _patterns()
        if {"IGNORECASE", "I"} & _flags(call) and not {"ASCII", "A"} & _flags(call)
    ]
    assert unicode == []


def test_validating_patterns_read_ascii_digits():
    """`\\d` is any Unicode digit (`٣`, `²`...): a validating pattern says `[0-9]`."""
    unicode_digits = []
    for file, line, text, call in _patterns():
        if "\\d" in text and file not in SEARCH_ONLY and not {"ASCII", "A"} & _flags(call):
            unicode_digits.append(f"{file}:{line} {text!r}")
    assert unicode_digits == []


def test_the_url_pattern_pydantic_checks_refuses_a_final_line_break():
    """Field patterns run on pydantic-core's Rust engine, where `$` is the end of the text only."""
    urls = TypeAdapter(HttpUrl)
    assert urls.validate_python("https://app.example/a") == "https://app.example/a"
    for value in ("https://app.example/a\n", "https://app.example\n"):
        with pytest.raises(ValidationError):
            urls.validate_python(value)


# --- the behaviours, at the caller's edge ----------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "query"),
    [
        ("top", {"top": "5\n"}),
        ("skip", {"skip": "0\n"}),
        ("startDateTime", {"startDateTime": "2024-05-07T03:28:38Z\n"}),
    ],
)
def test_a_query_value_ending_in_a_line_break_is_refused(call, parameter, query):
    response = call("record_summary", params={"recordType": "account", "recordId": "A-1", **query})

    assert response.status_code == 400, response.get_body()
    assert parameter in body_of(response)["details"]


def test_query_names_fold_case_in_ascii_only(call):
    """`S\\u212aip` (with the Kelvin sign) is not `skip`: it is an unknown parameter, ignored."""
    kelvin = call("record_summary", params={"recordType": "account", "recordId": "A-1", "S\u212aip": "-1"})
    ascii_spelling = call("record_summary", params={"recordType": "account", "recordId": "A-1", "SKIP": "-1"})

    assert kelvin.status_code == 200
    assert ascii_spelling.status_code == 400 and "skip" in body_of(ascii_spelling)["details"]


HEADERS_ENDING_IN_A_LINE_BREAK = {
    "x-ms-client-request-id": "req-1\n",
    "x-ms-user-agent": "sales-copilot\n",
    "Accept-Language": "fr\n",
    "Authorization": "Bearer abc.def\n",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n",
}


@pytest.mark.parametrize(("name", "value"), HEADERS_ENDING_IN_A_LINE_BREAK.items())
def test_a_header_ending_in_a_line_break_is_dropped_never_a_500(call, name, value):
    response = call("key_stakeholders", params={"accountName": "Contoso"}, headers={name: value})

    assert response.status_code == 200, response.get_body()
    request_id = response.headers["x-ms-client-request-id"]
    assert "\n" not in request_id and request_id != "req-1\n"
