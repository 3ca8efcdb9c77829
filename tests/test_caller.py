"""The readers of what the caller sends, each on a hand-built request, and `read`, which runs them all."""

from __future__ import annotations

import time
from types import SimpleNamespace

import azure.functions as func
import pytest

from connector import caller, header_names
from connector.context import RequestContext

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def request(
    headers: dict[str, str] | None = None, body: bytes = b"", url: str = "http://host/api/x"
) -> func.HttpRequest:
    return func.HttpRequest("GET", url, headers=headers or {}, params={"top": "1"}, body=body)


def test_read_runs_each_reader_for_its_own_field(monkeypatch):
    for name in caller.READERS:
        monkeypatch.setattr(caller, name, lambda req, invocation, name=name: f"read by {name}")
    assert caller.read(request())._asdict() == {name: f"read by {name}" for name in caller.READERS}


def test_read_puts_the_request_id_into_the_context_before_the_other_readers_run(monkeypatch):
    context = RequestContext(
        operation_key="x", request_id="", user_agent=None, language="en", accept_language=None, deadline=0.0
    )

    def failing(req, invocation):
        raise RuntimeError("the user agent reader failed")

    monkeypatch.setattr(caller, "user_agent", failing)
    with pytest.raises(RuntimeError):
        caller.read(request({header_names.CLIENT_REQUEST_ID: "req-1"}), None, context)
    assert context.request_id == "req-1"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("abc-123", "abc-123"), ("{guid}:1.2_x", "{guid}:1.2_x"), ("with space", None), ("x" * 129, None), ("", None)],
)
def test_the_request_id_is_the_callers_only_when_it_is_a_short_token(sent, kept):
    read = caller.request_id(request({header_names.CLIENT_REQUEST_ID: sent}), None)
    if kept:
        assert read == kept
    else:
        assert read != sent and len(read) == 36  # a fresh uuid4


def test_header_readers_keep_printable_values_and_drop_junk():
    junk = "sales\x01copilot"
    assert caller.user_agent(request({header_names.CLIENT_USER_AGENT: "sales-copilot"}), None) == "sales-copilot"
    assert caller.user_agent(request({header_names.CLIENT_USER_AGENT: junk}), None) is None
    assert caller.user_agent(request(), None) is None
    assert caller.traceparent(request({header_names.TRACEPARENT: TRACEPARENT}), None) == TRACEPARENT
    long_token = "Bearer " + "a" * 3000  # an Entra ID token is as long as its issuer makes it
    assert caller.authorization(request({header_names.AUTHORIZATION: long_token}), None) == long_token
    assert caller.authorization(request({header_names.AUTHORIZATION: "Bearer \x7f"}), None) is None


def test_the_whole_accept_language_header_is_read_for_negotiation():
    value = "fr-CA;q=0.9, en;q=0.5, " + "de;q=0.1, " * 60
    assert caller.accept_language(request({header_names.ACCEPT_LANGUAGE: value}), None) == value


def test_the_invocation_readers_take_what_the_host_says_and_nothing_else():
    invocation = SimpleNamespace(trace_context=SimpleNamespace(trace_parent=TRACEPARENT), arrived=time.monotonic())
    assert caller.invocation_traceparent(request(), invocation) == TRACEPARENT
    assert caller.invocation_traceparent(request(), None) is None
    assert caller.arrived(request(), invocation) == invocation.arrived
    assert caller.arrived(request(), SimpleNamespace(arrived=time.monotonic() + 60)) is None  # not in the future
    assert caller.arrived(request(), SimpleNamespace(arrived="now")) is None


def test_content_query_and_body_are_read_as_sent():
    req = request({header_names.CONTENT_TYPE: "application/json", header_names.CONTENT_ENCODING: "gzip"}, b"{}")
    assert (caller.content_type(req, None), caller.content_encoding(req, None)) == ("application/json", "gzip")
    assert caller.body(req, None) == b"{}"
    assert caller.body(request(), None) == b""
    assert caller.query(req, None) == caller.Query({"top": "1"}, "http://host/api/x")
