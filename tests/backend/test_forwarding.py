"""Every operation is forwarded to the back end: path, method, inputs and headers as the back end sees them."""

from __future__ import annotations

import base64
import json
import re

import pytest
import requests

from tests.backend.conftest import BASE_PATH, settings_for
from tests.conftest import body_of
from tests.support.backend_server import Reply

CALLER_HEADERS = {
    "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5",
    "x-ms-client-request-id": "7d3c1a52-0f1e-4c3b-9a57-1b2c3d4e5f60",
    "x-ms-user-agent": "sales-copilot",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
}
EMAIL_THREAD = {
    "subject": "Renewal",
    "from": "ana@contoso.com",
    "to": ["ben@fabrikam.com"],
    "sentDateTime": "2024-05-07T05:28:38+02:00",
}
ACTIVITY = {"title": "Call with Ben", "description": "Discussed the renewal.", "dateTime": "2024-05-07T03:28:38Z"}
RELATED_RECORD = {
    "recordId": "C-9",
    "recordType": "contact",
    "recordTypeDisplayName": "Contact",
    "recordTypePluralDisplayName": "Contacts",
    "recordTitle": "Ben Miller",
}
HIGHLIGHT = {"title": "Renewal due", "description": "The contract renews in June."}
SUGGESTION = {
    "contentType": "content-pdf",
    "content": "https://files.example.com/pricing.pdf",
    "contentTitle": "Pricing",
    "contentDescription": "This year's price list.",
}
CARD = {"adaptiveCard": '{"type":"AdaptiveCard","version":"1.5","body":[]}', "previewCardData": {"title": "Ben"}}

# operation, what the caller sends, what the back end must receive, what it answers, what the caller gets
CASES = [
    (
        "record_summary",
        {
            "recordType": "Account",
            "recordId": "A-1",
            "crmType": "dynamics 365",
            "crmOrgUrl": "https://contoso.crm.dynamics.com/",
            "startDateTime": "2024-05-01T02:00:00+02:00",
            "top": "3",
        },
        {
            "recordType": "account",
            "recordId": "A-1",
            "crmType": "Dynamics365",
            "crmOrgUrl": "contoso.crm.dynamics.com",
            "startDateTime": "2024-05-01T02:00:00+02:00",
            "top": "3",
            "skip": "0",
        },
        {"value": [ACTIVITY], "hasMoreResults": True},
        {"value": [ACTIVITY], "hasMoreResults": True},
    ),
    (
        "record_details",
        {"recordType": "account", "recordId": "A-1", "skip": "5"},
        {"recordType": "account", "recordId": "A-1", "top": "100", "skip": "5"},
        {"value": [RELATED_RECORD]},
        {"value": [RELATED_RECORD], "hasMoreResults": False},
    ),
    (
        "key_sales_info",
        {"recordType": "opportunity", "recordId": "O-7", "crmType": "Salesforce"},
        {"recordType": "opportunity", "recordId": "O-7", "crmType": "Salesforce", "top": "100", "skip": "0"},
        {"value": [HIGHLIGHT], "hasMoreResults": False},
        {"value": [HIGHLIGHT], "hasMoreResults": False},
    ),
    (
        "email_summary_v1",
        {"emailContacts": "ana@contoso.com;ben@fabrikam.com", "Top": "2", "Skip": "1"},
        {"emailContacts": "ana@contoso.com;ben@fabrikam.com", "Top": "2", "Skip": "1"},
        {"value": [{"title": "Fabrikam", "description": "Ben asked for a discount."}]},
        {"value": [{"title": "Fabrikam", "description": "Ben asked for a discount."}], "hasMoreResults": False},
    ),
    (
        "email_summary_v2",
        {"resourceData": EMAIL_THREAD, "relatedEntities": [{"entityId": "A-1", "entityType": "Account"}], "top": 1},
        {
            "resourceData": EMAIL_THREAD,
            "relatedEntities": [{"entityId": "A-1", "entityType": "account"}],
            "top": 1,
            "skip": 0,
        },
        {"value": [{"insight": "Ben asked for a discount."}], "hasMoreResults": True},
        {"value": [{"insight": "Ben asked for a discount."}], "hasMoreResults": True},
    ),
    (
        "email_draft",
        {"resourceData": EMAIL_THREAD, "resourceType": "email-thread", "recordId": "O-7", "inputPrompt": "Add prices"},
        {
            "resourceData": EMAIL_THREAD,
            "resourceType": "email-thread",
            "recordId": "O-7",
            "inputPrompt": "Add prices",
            "top": 100,
            "skip": 0,
        },
        {"value": [SUGGESTION]},
        {"value": [SUGGESTION], "hasMoreResults": False},
    ),
    (
        "key_stakeholders",
        {"accountName": "Fabrikam"},
        {"accountName": "Fabrikam"},
        {"adaptiveCards": [CARD]},
        {"adaptiveCards": [CARD]},
    ),
]
ROUTES = {
    "record_summary": "enhanceskills/activities",
    "record_details": "enhanceskills/related-records",
    "key_sales_info": "enhanceskills/sales-highlights",
    "email_summary_v1": "enhanceskills/email-insights",
    "email_summary_v2": "enhanceskills/email-insights-v2",
    "email_draft": "enhanceskills/content-suggestions",
    "key_stakeholders": "enhanceskills/key-stakeholders",
}


@pytest.mark.parametrize(("name", "sent", "forwarded", "answer", "served"), CASES, ids=[c[0] for c in CASES])
def test_each_operation_is_forwarded_and_served(backend, call, name, sent, forwarded, answer, served):
    backend.reply(Reply(body=answer))
    is_post = name in ("email_summary_v2", "email_draft")

    response = call(name, params=None if is_post else sent, body=sent if is_post else None, headers=CALLER_HEADERS)

    assert response.status_code == 200, response.get_body()
    assert body_of(response) == served
    received = backend.last
    assert len(backend.received) == 1
    assert received.method == ("POST" if is_post else "GET")
    assert received.path == f"{BASE_PATH}/{ROUTES[name]}"
    if is_post:
        assert received.headers["content-type"] == "application/json"
        assert received.json() == forwarded
    else:
        assert received.query == forwarded
        assert received.body == b""


def test_the_callers_headers_are_passed_on_with_a_child_trace(backend, call):
    call("key_stakeholders", params={"accountName": "Fabrikam"}, headers=CALLER_HEADERS)

    headers = backend.last.headers
    assert headers["accept-language"] == CALLER_HEADERS["Accept-Language"]
    assert headers["x-ms-client-request-id"] == CALLER_HEADERS["x-ms-client-request-id"]
    assert headers["x-ms-user-agent"] == "sales-copilot"
    version, trace_id, span_id, flags = headers["traceparent"].split("-")
    # Same trace, so the call is correlated; a new span, because this is the connector's own call.
    assert (version, trace_id, flags) == ("00", "4bf92f3577b34da6a3ce929d0e0e4736", "01")
    assert re.fullmatch(r"[0-9a-f]{16}", span_id) and span_id != "00f067aa0ba902b7"
    assert "authorization" not in headers


def test_a_call_without_a_trace_starts_one(backend, call):
    call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"traceparent": "not-a-trace"})

    headers = backend.last.headers
    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-01", headers["traceparent"])
    assert "4bf92f3577b34da6a3ce929d0e0e4736" not in headers["traceparent"]
    assert re.fullmatch(r"[0-9a-f-]{36}", headers["x-ms-client-request-id"])  # the connector's own id


def test_the_api_key_is_sent_in_the_configured_header(backend, call, configure):
    configure(**settings_for(backend, BACKEND_API_KEY="k-123", BACKEND_API_KEY_HEADER="Ocp-Apim-Subscription-Key"))

    call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"Authorization": "Bearer abc.def"})

    assert backend.last.headers["ocp-apim-subscription-key"] == "k-123"
    assert "authorization" not in backend.last.headers  # not forwarded unless asked for


def test_the_callers_bearer_token_is_forwarded_when_configured(backend, call, configure):
    configure(**settings_for(backend, BACKEND_FORWARD_BEARER="true"))

    call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"Authorization": "Bearer abc.def-ghi"})

    assert backend.last.headers["authorization"] == "Bearer abc.def-ghi"
    assert "x-api-key" not in backend.last.headers


def realistic_access_token() -> str:
    """An Entra ID access token's shape and size: a JWT whose claims (groups, roles, scopes) pass 2,000 characters."""

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {
        "aud": "api://00000000-0000-0000-0000-0000000000aa",
        "iss": "https://sts.windows.net/tenant/",
        "iat": 1715050118,
        "nbf": 1715050118,
        "exp": 1715054018,
        "name": "Ana Lopez",
        "scp": "Insights.Read",
        "groups": [f"{n:08x}-aaaa-bbbb-cccc-{n:012x}" for n in range(30)],
        "roles": ["Seller", "Reader"],
    }
    signature = base64.urlsafe_b64encode(bytes(range(256))).rstrip(b"=").decode()
    return ".".join((part({"typ": "JWT", "alg": "RS256", "kid": "key-1"}), part(claims), signature))


def test_a_real_sized_bearer_token_is_forwarded_whole(backend, configure, served_host):
    """Through the real local host (waitress): limited only by what HTTP and the host allow."""
    configure(**settings_for(backend, BACKEND_FORWARD_BEARER="true"))
    token = realistic_access_token()
    assert len(token) > 2000
    backend.reply(Reply(body={"adaptiveCards": [CARD]}))

    response = requests.get(
        f"{served_host}/enhanceskills/key-stakeholders",
        params={"accountName": "Fabrikam"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )

    assert response.status_code == 200
    assert backend.last.headers["authorization"] == f"Bearer {token}"


def test_a_path_can_be_overridden_per_operation(backend, call, configure):
    configure(**settings_for(backend, BACKEND_PATH_RECORD_SUMMARY="/crm/v2/activities"))
    backend.reply(Reply(body={"value": [ACTIVITY]}))

    response = call("record_summary", params={"recordType": "account", "recordId": "A-1"})

    assert response.status_code == 200
    assert backend.last.path == f"{BASE_PATH}/crm/v2/activities"


def test_cookies_set_by_the_back_end_are_not_sent_back(backend, call):
    backend.reply(Reply(body={"adaptiveCards": [CARD]}, headers={"Set-Cookie": "session=user-a; Path=/"}))

    call("key_stakeholders", params={"accountName": "Fabrikam"})
    call("key_stakeholders", params={"accountName": "Contoso"})

    # One seller's session must never ride along on another seller's call.
    assert "cookie" not in backend.last.headers


def test_the_pipeline_cuts_an_oversized_page_to_top(backend, call):
    backend.reply(Reply(body={"value": [ACTIVITY] * 5, "hasMoreResults": True}))

    response = call("record_summary", params={"recordType": "account", "recordId": "A-1", "top": "2"})

    assert body_of(response) == {"value": [ACTIVITY, ACTIVITY], "hasMoreResults": True}


def test_the_service_is_told_the_negotiated_language_beside_the_callers_header(backend, call, configure):
    configure(**settings_for(backend, CONNECTOR_LANGUAGES="en,de"))

    call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"Accept-Language": "de-AT,fr;q=0.8"})

    assert backend.last.headers["accept-language"] == "de-AT,fr;q=0.8"
    assert backend.last.headers["x-connector-language"] == "de"


@pytest.mark.parametrize(
    ("service_says", "caller_is_told"),
    [("en", "en"), ("en-GB", "en-GB"), ("fr-CA, en", "fr-CA"), (None, "ja"), ("<b>", "ja"), ("", "ja")],
)
def test_content_language_is_the_services_own_when_it_sends_one(backend, call, service_says, caller_is_told):
    headers = {"Content-Language": service_says} if service_says is not None else {}
    backend.reply(Reply(body={"adaptiveCards": [CARD]}, headers=headers))

    response = call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"Accept-Language": "ja-JP"})

    assert response.status_code == 200
    assert response.headers["Content-Language"] == caller_is_told


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("x-ms-client-request-id", "req-1\n"),
        ("x-ms-user-agent", "sales-copilot\n"),
        ("Accept-Language", "fr-FR\n"),
        ("Authorization", "Bearer abc.def\n"),
    ],
)
def test_a_header_ending_in_a_line_break_is_never_passed_on(backend, call, configure, name, value):
    """`$` would match before the line break: a 500 without an id, or a 502 blaming the partner, before."""
    configure(**settings_for(backend, BACKEND_FORWARD_BEARER="true"))

    response = call("record_summary", params={"recordType": "account", "recordId": "A-1"}, headers={name: value})

    assert response.status_code == 200, response.get_body()
    assert all("\n" not in sent and value.strip() != sent for sent in backend.last.headers.values())
