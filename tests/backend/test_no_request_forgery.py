"""Inputs reach the back end only as data: never as its host or path, and crmOrgUrl is never fetched."""

from __future__ import annotations

import pytest

from tests.backend.conftest import BASE_PATH, start_backend
from tests.conftest import body_of
from tests.support.backend_server import Reply

ACTIVITIES_PATH = f"{BASE_PATH}/enhanceskills/activities"
ATTEMPTS = [
    "../../admin",
    "../",
    "a?admin=true",
    "a#fragment",
    "a%2F..%2Fadmin",
    "http://evil.example/x",
    "//evil.example/x",
    "a/b",
    "a b&c=d",
    "A-1\u00e9",
]


@pytest.mark.parametrize("record_id", ATTEMPTS)
def test_a_record_id_in_the_query_reaches_the_back_end_as_data(backend, call, record_id):
    response = call("record_summary", params={"recordType": "account", "recordId": record_id})

    assert response.status_code == 200
    received = backend.last
    assert received.path == ACTIVITIES_PATH
    assert received.query == {"recordType": "account", "recordId": record_id, "top": "100", "skip": "0"}


@pytest.mark.parametrize("record_id", ATTEMPTS)
def test_a_record_id_in_a_body_reaches_the_back_end_as_data(backend, call, record_id):
    response = call("email_draft", body={"resourceData": {}, "resourceType": "email-thread", "recordId": record_id})

    assert response.status_code == 200
    assert backend.last.path == f"{BASE_PATH}/enhanceskills/content-suggestions"
    assert backend.last.json()["recordId"] == record_id


def test_line_breaks_cannot_add_headers_or_requests(backend, call):
    account = "Fabrikam\r\nX-Injected: yes\r\n\r\nGET /admin HTTP/1.1"
    backend.reply(Reply(body={"adaptiveCards": []}))

    response = call("key_stakeholders", params={"accountName": account})

    assert response.status_code == 200
    assert len(backend.received) == 1
    assert backend.last.query == {"accountName": account}
    assert "x-injected" not in backend.last.headers


def test_a_record_id_with_control_characters_is_refused_before_the_back_end(backend, call):
    response = call("record_summary", params={"recordType": "account", "recordId": "A-1\r\nX-Injected: yes"})

    assert response.status_code == 400
    assert body_of(response)["errorCode"] == "INVALID_REQUEST"
    assert "recordId" in body_of(response)["details"]
    assert backend.received == []


def test_crm_org_url_is_passed_on_and_never_fetched(backend, call):
    crm = start_backend()
    try:
        crm.reply(Reply(body={"value": [{"title": "stolen", "description": "x", "dateTime": "2024-05-07T03:28:38Z"}]}))

        response = call("record_summary", params={"recordType": "account", "recordId": "A-1", "crmOrgUrl": crm.url})

        assert response.status_code == 200
        assert body_of(response)["value"] == []
        assert crm.received == []
        assert backend.last.path == ACTIVITIES_PATH
        assert backend.last.query["crmOrgUrl"] == "127.0.0.1"  # the host, as data
    finally:
        crm.stop()


def test_a_caller_supplied_host_header_does_not_redirect_the_call(backend, call):
    call(
        "record_summary",
        params={"recordType": "account", "recordId": "A-1"},
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )

    assert backend.last.headers["host"] == backend.url.removeprefix("http://")
