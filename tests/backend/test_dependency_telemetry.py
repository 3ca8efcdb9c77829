"""Each back-end call is reported to telemetry once, as a dependency of the request."""

from __future__ import annotations

import pytest

from tests.support.backend_server import Reply

QUERY = {"recordType": "account", "recordId": "A-1"}


@pytest.fixture
def dependencies(backend, connector, monkeypatch) -> list[dict]:
    """What the connector's telemetry is told about back-end calls."""
    reported: list[dict] = []
    monkeypatch.setattr(connector.telemetry, "track_dependency", lambda context, **fields: reported.append(fields))
    return reported


def test_a_call_is_reported_with_host_route_and_status(backend, call, dependencies):
    call("record_summary", params=QUERY)

    [dependency] = dependencies
    assert dependency["target"] == backend.url.removeprefix("http://")
    assert dependency["name"] == "GET /enhanceskills/activities"
    assert (dependency["status"], dependency["success"]) == (200, True)


def test_a_retried_call_is_reported_per_attempt(backend, call, dependencies):
    backend.reply(Reply(drop=True), Reply(status=503))

    call("record_summary", params=QUERY)

    assert [(d["status"], d["success"]) for d in dependencies] == [(None, False), (503, False)]
