"""Invalid input is answered 400 INVALID_REQUEST naming each offending parameter, directly and over HTTP."""

from __future__ import annotations

import json

import pytest

from tests.conftest import body_of
from tests.support.inputs import RECORD, THREAD

# (operation, query params or JSON body, the parameter that must be named)
CASES = [
    ("record_summary", {"recordId": "a1"}, "recordType"),
    ("record_summary", {"recordType": "account"}, "recordId"),
    ("record_summary", {**RECORD, "top": "ten"}, "top"),
    ("record_summary", {**RECORD, "top": "-1"}, "top"),
    ("record_summary", {**RECORD, "top": "101"}, "top"),
    ("record_summary", {**RECORD, "skip": "-5"}, "skip"),
    ("record_summary", {**RECORD, "skip": "2147483648"}, "skip"),
    ("record_summary", {**RECORD, "startDateTime": "yesterday"}, "startDateTime"),
    ("record_summary", {**RECORD, "startDateTime": "2024-05-07T03:28:38"}, "startDateTime"),
    ("record_summary", {**RECORD, "endDateTime": "2024-13-40T00:00:00Z"}, "endDateTime"),
    (
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-08T00:00:00Z", "endDateTime": "2024-05-07T00:00:00Z"},
        "endDateTime",
    ),
    ("record_summary", {**RECORD, "crmType": "SAP"}, "crmType"),
    ("record_details", {**RECORD, "recordType": "account type!"}, "recordType"),
    ("record_details", {**RECORD, "crmOrgUrl": "ftp://contoso.crm.dynamics.com"}, "crmOrgUrl"),
    ("record_details", {**RECORD, "crmOrgUrl": "not a host"}, "crmOrgUrl"),
    ("record_details", {**RECORD, "recordId": "x" * 300}, "recordId"),
    ("key_sales_info", {"recordType": "lead"}, "recordId"),
    ("key_sales_info", {**RECORD, "top": "1.5"}, "top"),
    ("email_summary_v1", {}, "emailContacts"),
    ("email_summary_v1", {"emailContacts": " ,; "}, "emailContacts"),
    ("email_summary_v1", {"emailContacts": "kim@contoso.com", "Top": "many"}, "Top"),
    ("key_stakeholders", {}, "accountName"),
    ("key_stakeholders", {"accountName": "x" * 300}, "accountName"),
    ("email_summary_v2", {}, "resourceData"),
    ("email_summary_v2", {"resourceData": "just text"}, "resourceData"),
    ("email_summary_v2", {"resourceData": {"to": "kim@contoso.com"}}, "resourceData.to"),
    (
        "email_summary_v2",
        {"resourceData": {}, "relatedEntities": [{"entityType": "account"}]},
        "relatedEntities[0].entityId",
    ),
    ("email_summary_v2", {"resourceData": {"sentDateTime": "last week"}}, "resourceData.sentDateTime"),
    ("email_summary_v2", {"resourceData": {}, "top": -3}, "top"),
    ("email_draft", {"resourceData": {}}, "resourceType"),
    ("email_draft", {**THREAD, "recordId": 12345}, "recordId"),
    ("email_draft", {**THREAD, "crmType": "dynamics 2011"}, "crmType"),
    ("email_draft", {**THREAD, "skip": "lots"}, "skip"),
]

BODIES = [  # POST bodies that are not a JSON object
    (b"", "body"),
    (b"not json", "body"),
    (b"[1, 2]", "body"),
    (b'"a string"', "body"),
    (b'{"resourceData": ', "body"),
    (b"\xff\xfe\xfa", "body"),
    (b"[" * 50_000 + b"]" * 50_000, "body"),
]


def _ids(case) -> str:
    return f"{case[0]}-{case[2]}"


@pytest.fixture(autouse=True)
def counting(configure):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")


def _assert_invalid(status: int, body: dict, parameter: str) -> None:
    assert status == 400
    assert body["errorCode"] == "INVALID_REQUEST"
    assert parameter in body["details"], body
    assert body["details"][parameter]  # says why
    assert parameter in body["errorMessage"]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_invalid_input_called_directly(call, case):
    name, data, parameter = case
    is_post = name in ("email_summary_v2", "email_draft")
    response = call(name, body=data) if is_post else call(name, params=data)
    _assert_invalid(response.status_code, body_of(response), parameter)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_invalid_input_over_http(local_host, case):
    from connector.contract import operation

    name, data, parameter = case
    op = operation(name)
    url = f"{local_host.api}/{op.route}"
    response = local_host.post(url, json=data) if op.method == "POST" else local_host.get(url, params=data)
    _assert_invalid(response.status_code, response.json(), parameter)
    assert response.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("body", "parameter"), BODIES, ids=lambda v: repr(v)[:20] if isinstance(v, bytes) else v)
def test_a_body_that_is_not_a_json_object_is_refused(call, body, parameter):
    response = call("email_draft", body=body)
    _assert_invalid(response.status_code, body_of(response), parameter)


def test_query_names_match_case_insensitively_and_unknown_ones_are_ignored(call):
    response = call("record_summary", params={"RECORDTYPE": "Account", "recordid": "a1", "TOP": "2", "debug": "1"})
    assert response.status_code == 200
    assert len(body_of(response)["value"]) == 2


def test_every_crm_type_spelling_is_accepted(call):
    for spelling in ("Dynamics 365", "Dynamics365", "dynamics365", "DYNAMICS 365", "Salesforce", "salesforce"):
        assert call("record_details", params={**RECORD, "crmType": spelling}).status_code == 200, spelling


def test_crm_org_url_may_be_a_host_or_a_url(call):
    for value in ("contoso.crm.dynamics.com", "https://contoso.crm.dynamics.com/", "https://contoso.my.salesforce.com"):
        assert call("record_details", params={**RECORD, "crmOrgUrl": value}).status_code == 200, value


def test_a_body_of_the_wrong_content_type_is_refused_with_415(call):
    response = call("email_draft", body=json.dumps(THREAD).encode(), headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert body_of(response)["errorCode"] == "UNSUPPORTED_MEDIA_TYPE"


def test_a_body_over_the_size_cap_is_refused_with_413(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource", CONNECTOR_MAX_BODY_BYTES="2048")
    big = {**THREAD, "resourceData": {"plaintextBody": "x" * 4096}}
    response = call("email_draft", body=big)
    assert response.status_code == 413
    assert body_of(response)["errorCode"] == "REQUEST_TOO_LARGE"


def test_an_unknown_route_gives_404(local_host):
    response = local_host.get(f"{local_host.api}/enhanceskills/nothing-here")
    assert response.status_code == 404
    assert response.json()["errorCode"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "enhanceskills/activities", "GET"),
        ("DELETE", "enhanceskills/related-records", "GET"),
        ("GET", "enhanceskills/content-suggestions", "POST"),
        ("PUT", "enhanceskills/email-insights-v2", "POST"),
    ],
)
def test_a_wrong_method_is_refused(local_host, method, path, allowed):
    response = local_host.request(method, f"{local_host.api}/{path}")
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()["errorCode"] == "METHOD_NOT_ALLOWED"


def test_the_host_keeps_serving_after_bad_input(local_host):
    for case in CASES[:5]:
        local_host.get(f"{local_host.api}/enhanceskills/activities", params=case[1])
    response = local_host.get(f"{local_host.api}/enhanceskills/activities", params=RECORD)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b'{"resourceType": "email-thread", "resourceData": {"subject": "\\u0000"}}',  # escaped NUL
        b'{"resourceType": "email-thread", "resourceData": {"subject": "\\uDC00x"}}',  # escaped lone surrogate
        b'{"resourceType": "email-thread", "resourceData": {"subject": "\xed\xa0\x80"}}',  # UTF-8-encoded surrogate
        '{"resourceType": "email-thread", "resourceData": {"subject": "\ud800"}}'.encode("utf-16-le", "surrogatepass"),
    ],
    ids=["escaped NUL", "escaped surrogate", "encoded surrogate", "utf-16 surrogate"],
)
def test_text_that_is_not_unicode_is_refused_however_it_is_encoded(call, body):
    response = call("email_draft", body=body)
    _assert_invalid(response.status_code, body_of(response), "resourceData.subject")


def test_a_real_emoji_and_non_latin_text_are_accepted(call):
    body = '{"resourceType": "email-thread", "resourceData": {"subject": "\\ud83d\\ude00 日本語 한국어"}}'.encode()
    assert call("email_draft", body=body).status_code == 200


def _nested_body(lists: int) -> bytes:
    """A valid email draft body whose resourceData holds `lists` arrays inside each other (2 + lists levels)."""
    return (
        b'{"resourceType": "email-thread", "resourceData": {"subject": "Renewal", "extra": '
        + b"[" * lists
        + b"]" * lists
        + b"}}"
    )


@pytest.mark.parametrize("lists", [63, 1000, 5000])
def test_a_body_nested_past_the_limit_is_refused_the_same_on_every_python(call, lists):
    # The limit is the connector's (64 levels): Python 3.13's parser accepts nesting that 3.12's refuses.
    response = call("email_draft", body=_nested_body(lists))
    assert response.status_code == 400
    assert body_of(response)["details"] == {"body": "must be valid JSON"}


def test_a_body_nested_to_the_limit_is_read(call):
    response = call("email_draft", body=_nested_body(62))
    assert response.status_code == 200, body_of(response)
