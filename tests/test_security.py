"""Locked down by default: no anonymous route, an optional sign-in requirement, nothing leaked."""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from connector.auth import PRINCIPAL_HEADER
from connector.contract import CHAT_OPERATIONS, OPERATIONS
from connector.settings import SettingError
from tests.conftest import body_of
from tests.support.inputs import inputs_of, query_of

ROOT = Path(__file__).resolve().parents[1]
RAISING = "tests.support.sources:RaisingSource"
COUNTING = "tests.support.sources:CountingSource"


def principal(claims: dict | None = None, provider: str = "aad") -> str:
    """The header App Service Authentication adds to a signed-in call: base64 of the principal's JSON."""
    value = {
        "auth_typ": provider,
        "name_typ": "name",
        "role_typ": "roles",
        "claims": [{"typ": "name", "val": "Kim Abercrombie"}, *(claims or [])],
    }
    return base64.b64encode(json.dumps(value).encode()).decode()


def invoke(call, op, headers=None, params=None, body=None):
    if op.method == "POST":
        return call(op.key, body=inputs_of(op) if body is None else body, headers=headers)
    return call(op.key, params=query_of(op) if params is None else params, headers=headers)


# --- no route is anonymous --------------------------------------------------------------------


def test_no_route_is_anonymous(functions):
    """What the worker sends the Functions host: every HTTP binding asks for a function key."""
    assert {f.get_function_name() for f in functions.values()} == {op.key for op in (*OPERATIONS, *CHAT_OPERATIONS)}
    for function in functions.values():
        bindings = json.loads(function.get_function_json())["bindings"]
        triggers = [b for b in bindings if b["type"] == "httpTrigger"]
        assert len(triggers) == 1, function.get_function_name()
        assert triggers[0]["authLevel"] == "FUNCTION", function.get_function_name()


INDEX_PROBE = """
import json
from connector.tools.devhost import indexed_functions
from function_app import app
print(json.dumps(sorted({b["authLevel"] for f in indexed_functions(app)
                         for b in json.loads(f.get_function_json())["bindings"] if b["type"] == "httpTrigger"})))
"""


@pytest.mark.parametrize(
    ("require_principal", "auth_level"),
    [
        ("", "FUNCTION"),
        ("false", "FUNCTION"),
        ("true", "ANONYMOUS"),
    ],
)
def test_the_auth_level_follows_the_sign_in_requirement(require_principal, auth_level):
    """Entra ID in front (CONNECTOR_REQUIRE_PRINCIPAL=true): no key needed, since the pipeline refuses every
    call App Service did not sign in. Otherwise every route needs a function key."""
    env = {k: v for k, v in os.environ.items() if k != "CONNECTOR_REQUIRE_PRINCIPAL"}
    env["CONNECTOR_REQUIRE_PRINCIPAL"] = require_principal
    result = subprocess.run(
        [sys.executable, "-c", INDEX_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [auth_level]


def test_a_misspelt_sign_in_requirement_stops_the_app_rather_than_opening_it():
    env = {**os.environ, "CONNECTOR_REQUIRE_PRINCIPAL": "ture"}
    result = subprocess.run(
        [sys.executable, "-c", "import function_app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "CONNECTOR_REQUIRE_PRINCIPAL must be true or false" in result.stderr


def test_local_settings_json_is_never_committed_nor_deployed():
    assert "local.settings.json" in (ROOT / ".gitignore").read_text().split()
    assert "local.settings.json" in (ROOT / ".funcignore").read_text().split()
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        tracked = subprocess.run(
            [git, "ls-files", "--", "local.settings.json"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        assert tracked == ""


# --- the optional App Service Authentication requirement --------------------------------------


def test_by_default_no_principal_is_required(configure, call):
    configure(CONNECTOR_SOURCE=COUNTING)
    for op in OPERATIONS:
        assert invoke(call, op).status_code == 200, op.key


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "not base64 at all!",
        base64.b64encode(b"not json").decode(),
        base64.b64encode(b"[1, 2]").decode(),
        base64.b64encode(b'{"claims": []}').decode(),  # no identity provider
        "A" * 70_000,
        base64.b64encode(b"[" * 30_000 + b"]" * 30_000).decode(),  # nested deeper than the JSON parser recurses
        base64.b64encode(b'{"a":' * 20_000 + b"1" + b"}" * 20_000).decode(),
        base64.b64encode(b'{"auth_typ": "\xff"}').decode(),  # not UTF-8
        base64.b64encode(b'{"auth_typ": ["aad"]}').decode(),  # a provider that is not a string
        base64.b64encode(b'{"auth_typ": ""}').decode(),
        "eyJhdXRoX3R5cCI6ICJhYWQifQ==\u00e9",  # non-ASCII after valid base64
        "\ud800",  # a lone surrogate
    ],
)
def test_when_required_a_call_without_a_valid_principal_gets_401(configure, call, header):
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="true")
    headers = {} if header is None else {PRINCIPAL_HEADER: header}
    for op in OPERATIONS:
        response = invoke(call, op, headers=headers)
        assert response.status_code == 401, op.key
        assert body_of(response)["errorCode"] == "INVALID_TOKEN_SPECIFIED"
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_when_required_the_principal_is_checked_before_the_input(configure, call):
    """A stranger learns nothing about the inputs: invalid input without sign-in is still 401."""
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="true")
    response = call("record_summary", params={"top": "-1"})
    assert response.status_code == 401
    assert "details" not in body_of(response)


def test_when_required_a_signed_in_call_is_served(configure, call):
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="true")
    for op in OPERATIONS:
        assert invoke(call, op, headers={PRINCIPAL_HEADER: principal()}).status_code == 200, op.key


def test_when_required_a_deeply_nested_principal_gets_401_over_http(configure, local_host):
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="true")
    nested = base64.b64encode(b"[" * 40_000 + b"]" * 40_000).decode()
    for op in OPERATIONS:
        url = f"{local_host.api}/{op.route}"
        headers = {PRINCIPAL_HEADER: nested, "x-ms-client-request-id": "nested-1"}
        response = (
            local_host.post(url, json=inputs_of(op), headers=headers, timeout=10)
            if op.method == "POST"
            else local_host.get(url, params=query_of(op), headers=headers, timeout=10)
        )
        assert response.status_code == 401, op.key
        assert response.json()["errorCode"] == "INVALID_TOKEN_SPECIFIED"
        assert response.json()["activityId"] == "nested-1"


def test_the_requirement_holds_over_http(configure, local_host):
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="yes")
    url = f"{local_host.api}/enhanceskills/key-stakeholders"
    refused = local_host.get(url, params={"accountName": "Contoso"})
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "INVALID_TOKEN_SPECIFIED"
    served = local_host.get(url, params={"accountName": "Contoso"}, headers={PRINCIPAL_HEADER: principal()})
    assert served.status_code == 200


def test_a_misspelt_requirement_fails_loudly_rather_than_opening_the_door(configure):
    with pytest.raises(SettingError, match="CONNECTOR_REQUIRE_PRINCIPAL must be true or false"):
        configure(CONNECTOR_REQUIRE_PRINCIPAL="ture")


# --- nothing leaks: no stack trace, setting value or key in any response or log line ----------

FUNCTION_KEY = "fkey-Zq81vQ-0000-secret-function-key"
BEARER = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-bearer-token"
SETTING_VALUE = "secret-setting-value-42"
INTERNALS = ("Traceback", 'File "', "secret-internal-detail", "/srv/app/db.py", "RuntimeError")
SECRETS = (FUNCTION_KEY, BEARER, SETTING_VALUE, "Kim Abercrombie")


def _failing_calls(call) -> list:
    """Every operation failing unexpectedly, with invalid input, and refused sign-in, carrying secrets."""
    secrets = {"x-functions-key": FUNCTION_KEY, "authorization": f"Bearer {BEARER}"}
    responses = []
    for op in OPERATIONS:
        responses.append(invoke(call, op, headers=secrets, params={**query_of(op), "code": FUNCTION_KEY}))
        responses.append(
            invoke(
                call,
                op,
                headers=secrets,
                params={"code": FUNCTION_KEY, "top": "x"},
                body={"code": FUNCTION_KEY, "top": "x"},
            )
        )
    return responses


def test_no_response_or_log_line_shows_internals_keys_or_setting_values(configure, call, caplog):
    # A back-end key among the app's settings, and a setting the code has no business showing.
    configure(CONNECTOR_SOURCE=RAISING, BACKEND_API_KEY=SETTING_VALUE, CONNECTOR_TEST_SECRET=SETTING_VALUE)
    caplog.set_level(logging.DEBUG)
    responses = _failing_calls(call)
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_REQUIRE_PRINCIPAL="true")
    responses += [
        invoke(call, op, headers={PRINCIPAL_HEADER: principal([{"typ": "k", "val": FUNCTION_KEY}]) + "!"})
        for op in OPERATIONS
    ]

    assert {r.status_code for r in responses} == {500, 400, 401}
    for response in responses:
        shown = response.get_body().decode() + json.dumps(dict(response.headers))
        for text in INTERNALS + SECRETS + (RAISING,):
            assert text not in shown
    assert any(r.levelno >= logging.ERROR for r in caplog.records)  # the failures were reported...
    for record in caplog.records:  # ...in log lines that say what failed, not how or with what
        line = record.getMessage()
        for text in INTERNALS + SECRETS:
            assert text not in line, line
