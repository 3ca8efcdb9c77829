"""Whatever status line and headers a back end sends, the caller gets a mapped answer, never a 500.

Property-based, over the raw bytes of an answer: status lines, header blocks (the headers the client
reads: `Content-Length`, `Transfer-Encoding`, `Content-Encoding`, `Content-Language`, `Retry-After`,
among others) and bodies, sent byte for byte by the scripted back end. The parsers behind them are
checked alone too, over any text: each returns a value or refuses in its own terms, never raises.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from connector.errors import ConnectorError
from connector.sources.backend import failures
from connector.sources.backend.client import _decoder
from connector.sources.backend.connection import BrokenFraming, content_length
from connector.sources.backend.headers import answer_language
from tests.support.backend_server import Reply

QUERY = {"recordType": "account", "recordId": "A-1"}
MAPPED_STATUSES = {200, 400, 401, 403, 404, 429, 502, 504}

# Header values as a back end might get them wrong: digits of every script, signs, separators, junk.
odd_text = st.text(
    st.characters(codec="latin-1", exclude_characters="\r\n") | st.sampled_from("0123456789²١٠, ;-+_.e\t"),
    max_size=40,
)
numbers = st.integers(-5, 10**30).map(str) | st.sampled_from(["", "1" * 5000, "0" * 40 + "1"])
header_names = st.sampled_from(
    [
        "Content-Length",
        "Transfer-Encoding",
        "Content-Encoding",
        "Content-Language",
        "Retry-After",
        "Content-Type",
        "Connection",
        "X-Other",
    ]
)
headers = st.lists(
    st.tuples(header_names, odd_text | numbers | st.sampled_from(["chunked", "gzip", "close"])), max_size=6
)
statuses = st.integers(100, 999) | st.sampled_from([200, 204, 304, 401, 429, 500])
reasons = odd_text
versions = st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.1 ", "ICY", "http/1.1"])
bodies = st.sampled_from([b"", b'{"value": []}', b"0\r\n\r\n", b"\x1f\x8b\x08\x00", b"not json"]) | st.binary(
    max_size=60
)


def raw_answer(version: str, status: int, reason: str, header_lines: list[tuple[str, str]], body: bytes) -> bytes:
    head = f"{version} {status} {reason}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in header_lines)
    return head.encode() + b"\r\n" + body  # UTF-8: bytes beyond Latin-1 too


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(version=versions, status=statuses, reason=reasons, header_lines=headers, body=bodies)
@example(version="HTTP/1.1", status=200, reason="OK", header_lines=[("Content-Length", "²")], body=b"{}")
@example(version="HTTP/1.1", status=200, reason="OK", header_lines=[("Content-Length", "1" * 5000)], body=b"{}")
@example(version="HTTP/1.1", status=429, reason="X", header_lines=[("Retry-After", "١٢")], body=b"{}")
def test_no_status_line_or_header_block_makes_a_500(backend, call, version, status, reason, header_lines, body):
    backend.reply(Reply(raw=raw_answer(version, status, reason, header_lines, body)))

    response = call("record_summary", params=QUERY)

    assert response.status_code in MAPPED_STATUSES, response.get_body()
    answer = json.loads(response.get_body())
    if response.status_code != 200:
        assert answer["errorCode"] != "INTERNAL_SERVER_ERROR"
    if "Retry-After" in response.headers:
        assert response.headers["Retry-After"].isascii() and response.headers["Retry-After"].isdigit()


@given(st.text(max_size=60) | numbers)
def test_content_length_is_ascii_digits_or_refused(value):
    try:
        length = content_length(value)
    except BrokenFraming:
        return
    assert length is not None and length >= 0
    assert all(part.strip(" \t").isascii() and part.strip(" \t").isdigit() for part in value.split(","))


@given(st.text(max_size=60) | numbers)
def test_the_other_headers_the_client_reads_never_raise(value):
    retry_after = failures.retry_after_seconds(value)
    assert retry_after is None or (retry_after.isascii() and retry_after.isdigit())
    language = answer_language(value)
    assert language is None or (language.isascii() and language in value)
    try:
        _decoder(value)
    except ConnectorError as refused:
        assert refused.error_code == "BACKEND_ERROR"


@pytest.mark.parametrize(("value", "seconds"), [("12", "12"), (" 12 ", "12"), ("١٢", None), ("²", None), ("1_2", None)])
def test_retry_after_is_read_in_ascii_digits_only(value, seconds):
    assert failures.retry_after_seconds(value) == seconds
