"""A value that fills a path placeholder reaches the back end as exactly one encoded segment, or not at all.

What the mapping builds is not what the service receives: the HTTP library requotes URLs, turning
`%2E%2E` back into `..`, and a normalising server or proxy then serves another path, with the API
key attached. So this is checked at the socket: the scripted back end records the request line as it
came off the wire.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.sources.links import unusable_segment
from tests.backend.conftest import BASE_PATH, settings_for
from tests.conftest import body_of

PATH_SETTING = {"BACKEND_PATH_RECORD_SUMMARY": "/v2/accounts/{recordId}/timeline", "BACKEND_API_KEY": "k-123456"}

# value -> the one segment the back end must receive
SENT_AS_ONE_SEGMENT = {
    "a/b": "a%2Fb",
    "a%2Fb": "a%252Fb",
    "?": "%3F",
    "#": "%23",
    ";": "%3B",
    "a b": "a%20b",
    " ": "%20",
    "Łódź": "%C5%81%C3%B3d%C5%BA",
    "...": "...",
    "%": "%25",
    "..a": "..a",
}
# values that are, or percent-decode to, an empty, `.` or `..` segment: refused before any call
REFUSED = ["..", ".", "%2e%2e", "%2E%2E", "%2e", ".%2E", "%252e%252e"]


@pytest.fixture
def placed(backend, configure):
    configure(**settings_for(backend, **PATH_SETTING))
    return backend


@pytest.mark.parametrize(("record_id", "segment"), SENT_AS_ONE_SEGMENT.items(), ids=list(SENT_AS_ONE_SEGMENT))
def test_the_back_end_receives_exactly_one_encoded_segment(placed, call, record_id, segment):
    response = call("record_summary", params={"recordType": "account", "recordId": record_id})

    assert response.status_code == 200, response.get_body()
    method, target, version = placed.last.request_line.split(" ")
    assert (method, version) == ("GET", "HTTP/1.1")
    path = target.split("?", 1)[0]
    assert path.split("/") == ["", *BASE_PATH.strip("/").split("/"), "v2", "accounts", segment, "timeline"]
    assert unquote(segment) == record_id  # the service decodes the segment back to the caller's value


@pytest.mark.parametrize("record_id", REFUSED)
def test_a_dot_segment_is_refused_and_never_sent(placed, call, record_id):
    response = call("record_summary", params={"recordType": "account", "recordId": record_id})

    assert response.status_code == 400
    assert body_of(response)["errorCode"] == "INVALID_REQUEST"
    assert list(body_of(response)["details"]) == ["recordId"]
    assert placed.received == []


def test_a_dot_value_in_the_query_is_data_as_before(backend, call):
    """Without a placeholder the value travels as a query value, where `..` is harmless: still served."""
    response = call("record_summary", params={"recordType": "account", "recordId": ".."})

    assert response.status_code == 200
    assert backend.last.query["recordId"] == ".."


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    record_id=st.text(min_size=1, max_size=12)
    | st.text(alphabet=".%2eE/\\?#;", min_size=1, max_size=8)
    | st.sampled_from(["..", ".", "%2e", "%2E%2e", "%252E%252E", "..%2F", "%2F..", ".%00."])
)
def test_any_value_is_one_encoded_segment_at_the_socket_or_refused(placed, call, record_id):
    placed.received.clear()

    response = call("record_summary", params={"recordType": "account", "recordId": record_id})

    if response.status_code == 400:
        assert "recordId" in body_of(response)["details"]
        assert placed.received == []
        return
    assert response.status_code == 200, response.get_body()
    assert not unusable_segment(record_id)
    path = placed.last.request_line.split(" ")[1].split("?", 1)[0]
    segments = path.split("/")
    assert len(segments) == len(BASE_PATH.split("/")) + 4  # the base path, then v2, accounts, the value, timeline
    assert segments[-2] == quote(record_id, safe="") and unquote(segments[-2]) == record_id
