"""Each HTTP header name is written once, in `connector/header_names.py`, and used from there everywhere
in `connector/` (the runtime, the local host, the checker, the probe and the generated references)."""

from __future__ import annotations

import ast
from pathlib import Path

from connector import header_names

CONNECTOR = Path(header_names.__file__).parent
NAMES = {name: value for name, value in vars(header_names).items() if name.isupper() and isinstance(value, str)}
# Texts equal to a header name that are not one: a key of APPLICATIONINSIGHTS_AUTHENTICATION_STRING, and
# the attribute of the Functions worker's trace context.
NOT_HEADERS = {("telemetry/credential.py", "authorization"), ("caller.py", "Traceparent")}


def test_the_constants_name_each_header_the_connector_reads_or_writes():
    assert {
        "CLIENT_REQUEST_ID",
        "CLIENT_USER_AGENT",
        "ACCEPT_LANGUAGE",
        "CONTENT_LANGUAGE",
        "CONTENT_TYPE",
        "TRACEPARENT",
        "AUTHORIZATION",
        "CLIENT_PRINCIPAL",
        "RETRY_AFTER",
    } <= set(NAMES)
    folded = [value.lower() for value in NAMES.values()]
    assert len(folded) == len(set(folded)), "a header named twice"


def literal_header_names(root: Path = CONNECTOR) -> list[str]:
    """Every string literal in `root` that is a header name (in any case), outside header_names.py."""
    folded = {value.lower() for value in NAMES.values()}
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if path.name == "header_names.py" and path.parent == CONNECTOR:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and node.value.lower() in folded and (where, node.value) not in NOT_HEADERS:
                found.append(f"connector/{where}:{node.lineno}: {node.value!r}")
    return found


def test_no_header_name_is_written_as_a_literal_elsewhere_in_the_connector():
    found = literal_header_names()
    assert not found, "use connector.header_names:\n" + "\n".join(found)


def test_the_scan_finds_a_literal_header_name(tmp_path):
    (tmp_path / "module.py").write_text('HEADERS = {"X-MS-Client-Request-Id": "1", "x-other": "2"}\n')
    assert literal_header_names(tmp_path) == ["connector/module.py:1: 'X-MS-Client-Request-Id'"]
