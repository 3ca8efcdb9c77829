"""Error codes are a closed set: one table (`ErrorCode`) with each code's status, one constructor each."""

from __future__ import annotations

import ast
from http import HTTPStatus
from pathlib import Path

import pytest

from connector.errors import ConnectorError, ErrorCode, invalid_request, record_not_found
from connector.messages import message
from connector.tools.devhost import _status_line

CONNECTOR = Path(__file__).resolve().parents[1] / "connector"
ERRORS_MODULE = CONNECTOR / "errors.py"


def _modules() -> list[Path]:
    return sorted(path for path in CONNECTOR.rglob("*.py") if path != ERRORS_MODULE)


def test_each_code_has_a_status_http_names():
    for code in ErrorCode:
        assert isinstance(code.status, HTTPStatus), code
        assert 400 <= code.status < 600, code
        assert code == code.name  # the code is written once, as the member's name


def test_each_code_constructs_its_error_with_its_status():
    for code in ErrorCode:
        error = code.error("text")
        assert (error.error_code, error.status, error.message) == (code, int(code.status), "text")
    assert record_not_found("account", "1").status == 404
    assert invalid_request({"top": message("detail.invalid")}).error_code is ErrorCode.INVALID_REQUEST


def test_a_partner_may_name_a_code_as_text_and_an_unknown_one_is_refused():
    assert ConnectorError("REQUEST_THROTTLED", "busy").error_code is ErrorCode.REQUEST_THROTTLED
    with pytest.raises(ValueError, match="unknown error code 'THROTTLED'"):
        ConnectorError("THROTTLED", "busy")


def test_no_code_is_written_as_text_and_no_error_is_built_inline_in_the_connector():
    codes = {code.value for code in ErrorCode}
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in codes:
                found.append(f"{path.relative_to(CONNECTOR)}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ConnectorError":
                found.append(f"{path.relative_to(CONNECTOR)}:{node.lineno}: ConnectorError(...)")
    assert not found, "use ErrorCode.<code>.error(...) or a constructor of connector/errors.py:\n" + "\n".join(found)


@pytest.mark.parametrize(("status", "line"), [(200, "200 OK"), (404, "404 Not Found"), (599, "599 Status")])
def test_the_local_host_takes_reason_phrases_from_http(status, line):
    assert _status_line(status) == line
