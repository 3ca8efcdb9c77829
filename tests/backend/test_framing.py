"""A pooled connection is reused only when its answer ended exactly where its framing says.

Against a keep-alive back end that writes scripted bytes: a `204` or `304` that declares a body, bytes
after a complete answer, a `Content-Length` the client cannot read. With one pooled connection,
every call would share it: if the connector read the next answer off a connection the last one left
dirty, a caller would be served the previous caller's items (and stay one answer behind).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import body_of
from tests.support.keepalive_backend import KeepAliveBackend, answer

QUERY = {"recordType": "account", "recordId": "A-1"}


def activity(seller: str) -> dict[str, str]:
    return {"title": f"Call with {seller}", "description": f"{seller}'s renewal.", "dateTime": "2024-05-07T03:28:38Z"}


def items(seller: str) -> bytes:
    return json.dumps({"value": [activity(seller)]}).encode()


FORGED = answer(200, items("Ana"))  # another caller's answer, as the back end could leave it in the connection


@pytest.fixture
def keepalive(configure):
    server = KeepAliveBackend()
    configure(
        CONNECTOR_SOURCE="backend",
        BACKEND_BASE_URL=server.url,
        CONNECTOR_DEADLINE_SECONDS="2",
        BACKEND_POOL_SIZE="1",  # one pooled connection: every call would share it
    )
    yield server
    server.stop()


def calls(call, count: int) -> list:
    return [call("record_summary", params={**QUERY, "recordId": f"A-{n}"}) for n in range(count)]


# the first answer -> the status its caller gets
DIRTY = {
    "a 204 declaring a body": (answer(204, FORGED), 502),
    "a 304 declaring a body": (answer(304, FORGED), 502),
    "a 204 with chunked framing": (answer(204, b"0\r\n\r\n" + FORGED, "Transfer-Encoding: chunked", length=""), 502),
    "bytes after a complete answer": (answer(200, items("Ben")) + FORGED, 200),
    "chunked and Content-Length both": (
        answer(200, b"%x\r\n%s\r\n0\r\n\r\n" % (len(items("Ben")), items("Ben")), "Transfer-Encoding: chunked")
        + FORGED,
        200,
    ),
}


@pytest.mark.parametrize("first", DIRTY.values(), ids=list(DIRTY))
def test_a_connection_left_dirty_is_never_reused(keepalive, call, first):
    raw, status = first
    keepalive.answer(raw, answer(200, items("Chloe")))

    one, two = calls(call, 2)

    assert one.status_code == status, one.get_body()
    if status == 200:
        assert body_of(one)["value"] == [activity("Ben")]
    assert (two.status_code, body_of(two)["value"]) == (200, [activity("Chloe")])
    assert "Ana" not in one.get_body().decode() + two.get_body().decode()
    # the second call came on a connection of its own
    assert [r.connection for r in keepalive.received] == [1, 2]


def test_a_clean_answer_keeps_its_connection(keepalive, call):
    """The rule costs good back ends nothing: clean answers share one connection, as before."""
    keepalive.answer(answer(200, items("Ben")), answer(204), answer(200, items("Chloe")))

    one, _, three = calls(call, 3)

    assert [one.status_code, three.status_code] == [200, 200]
    assert [r.connection for r in keepalive.received] == [1, 1, 1]


UNREADABLE_LENGTHS = ["\u00b2", "1" * 5000, "+5", "\u0661\u0660", "1_0", "-1", "0x10", "5, 6", "1e3", ""]


@pytest.mark.parametrize("length", UNREADABLE_LENGTHS, ids=ascii)
def test_an_unreadable_content_length_is_a_bad_answer_never_a_500(keepalive, call, length):
    body = items("Ana")
    keepalive.answer(answer(200, body, f"Content-Length: {length}", length=""), answer(200, items("Chloe")))

    one, two = calls(call, 2)

    assert (one.status_code, body_of(one)["errorCode"]) == (502, "BACKEND_ERROR")
    assert "well-formed HTTP" in body_of(one)["errorMessage"]
    assert (two.status_code, body_of(two)["value"]) == (200, [activity("Chloe")])
    assert len(keepalive.received) == 2  # a bad answer is not asked for again
    assert [r.connection for r in keepalive.received] == [1, 2]


@pytest.mark.parametrize("coding", ["gzip", "chunked, chunked", "identity", "chunked;x=1"])
def test_a_transfer_coding_other_than_chunked_is_a_bad_answer(keepalive, call, coding):
    keepalive.answer(answer(200, items("Ana"), f"Transfer-Encoding: {coding}", length=""), answer(200, items("Chloe")))

    one, two = calls(call, 2)

    assert (one.status_code, body_of(one)["errorCode"]) == (502, "BACKEND_ERROR")
    assert (two.status_code, body_of(two)["value"]) == (200, [activity("Chloe")])


def test_repeated_equal_content_lengths_are_one_length(keepalive, call):
    body = items("Ben")
    keepalive.answer(answer(200, body, f"Content-Length: {len(body)}"))

    [one] = calls(call, 1)

    assert (one.status_code, body_of(one)["value"]) == (200, [activity("Ben")])
