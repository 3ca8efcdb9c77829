"""A back end cannot hold a call, a worker thread or a socket past the call's deadline, nor make the
connector read more than the size cap, whatever it sends and however slowly."""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from connector.tools.devhost import create_server
from tests.backend.conftest import settings_for
from tests.conftest import body_of
from tests.support.backend_server import Reply

QUERY = {"recordType": "account", "recordId": "A-1"}
ACTIVITY = {"title": "Call with Ben", "description": "Discussed the renewal.", "dateTime": "2024-05-07T03:28:38Z"}
STATUS_LINE = b"HTTP/1.1 200 OK\r\n"
HEADERS = b"Content-Type: application/json\r\nX-Padding: " + b"p" * 64 + b"\r\n"
GZIP_HEADER_WITH_A_NAME = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x03"  # FNAME set: a name up to a NUL follows
HANG_UP_SECONDS = 10  # how long the test waits to see the connection closed; a trickle never ends by itself
CAP_BYTES = 2048

TRICKLES = [
    ("a slow status line", Reply(raw=STATUS_LINE + HEADERS + b"\r\n{}", trickle=0.05)),
    ("slow headers", Reply(raw=STATUS_LINE, endless=b"X-More: " + b"m" * 32 + b"\r\n", trickle=0.02)),
    ("an endless body", Reply(raw=STATUS_LINE + HEADERS + b"\r\n" + b'{"value": [', endless=b" ", trickle=0.02)),
    (
        "an endless compressed-stream header",
        Reply(
            raw=STATUS_LINE + HEADERS + b"Content-Encoding: gzip\r\n\r\n" + GZIP_HEADER_WITH_A_NAME,
            endless=b"n",
            trickle=0.02,
        ),
    ),
]


@pytest.mark.parametrize("reply", [t[1] for t in TRICKLES], ids=[t[0] for t in TRICKLES])
def test_a_trickling_back_end_is_cut_off_at_the_deadline(backend, call, reply):
    backend.reply(reply)

    response = call("record_summary", params=QUERY)

    assert (response.status_code, body_of(response)["errorCode"]) == (504, "BACKEND_TIMEOUT")
    # The connector closed the socket: the back end's next write failed, although it never stopped sending.
    assert backend.hung_up.wait(HANG_UP_SECONDS)


OVERSIZED = [
    ("an endless body", Reply(raw=STATUS_LINE + HEADERS + b"\r\n", endless=b" " * 1024)),
    (
        "an endless compressed-stream header",
        Reply(
            raw=STATUS_LINE + HEADERS + b"Content-Encoding: gzip\r\n\r\n" + GZIP_HEADER_WITH_A_NAME, endless=b"n" * 1024
        ),
    ),
    (
        "a compression bomb",
        Reply(body=gzip.compress(b'{"value": [' + b" " * 50_000_000 + b"]}"), headers={"Content-Encoding": "gzip"}),
    ),
    ("a deflate bomb", Reply(body=zlib.compress(b" " * 20_000_000), headers={"Content-Encoding": "deflate"})),
]


@pytest.mark.parametrize("reply", [t[1] for t in OVERSIZED], ids=[t[0] for t in OVERSIZED])
def test_no_more_than_the_cap_is_read_before_or_after_decompression(backend, call, configure, reply):
    configure(**settings_for(backend, BACKEND_MAX_RESPONSE_BYTES=str(CAP_BYTES)))
    backend.reply(reply)

    response = call("record_summary", params=QUERY)

    assert response.status_code == 502
    assert body_of(response) | {"activityId": ""} == {
        "errorCode": "BACKEND_ERROR",
        "errorMessage": f"The partner service's answer was larger than {CAP_BYTES} bytes.",
        "activityId": "",
    }


def test_a_compressed_answer_within_the_cap_is_served(backend, call):
    backend.reply(
        Reply(
            body=gzip.compress(b'{"value": [%s]}' % json.dumps(ACTIVITY).encode()), headers={"Content-Encoding": "gzip"}
        )
    )

    response = call("record_summary", params=QUERY)

    assert (response.status_code, body_of(response)["value"]) == (200, [ACTIVITY])
    assert backend.last.headers["accept-encoding"] == "gzip, deflate"


def test_an_encoding_the_connector_did_not_ask_for_is_refused(backend, call):
    backend.reply(Reply(body=b"\x00" * 16, headers={"Content-Encoding": "br"}))

    response = call("record_summary", params=QUERY)

    assert (response.status_code, body_of(response)["errorCode"]) == (502, "BACKEND_ERROR")


HOST_THREADS = 4
POOL_SIZE = 4


def test_more_trickling_calls_than_threads_leave_the_connector_serving(backend, configure):
    """Trickling calls end at their deadline and free their threads: a healthy call right after is served."""
    backend.default = Reply(body={"value": [ACTIVITY]})
    connector = configure(**settings_for(backend, BACKEND_POOL_SIZE=str(POOL_SIZE)))
    # Each kind for every call that reaches the back end; calls queued long for a thread never do.
    backend.reply(*[trickle for _, trickle in TRICKLES] * 3)
    server = create_server(connector.host, host="127.0.0.1", port=0, threads=HOST_THREADS)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/api/enhanceskills/activities"
    try:
        with ThreadPoolExecutor(max_workers=3 * HOST_THREADS) as callers:
            trickled = list(callers.map(lambda n: requests.get(url, params=QUERY, timeout=60), range(3 * HOST_THREADS)))
        assert {r.status_code for r in trickled} == {504}
        backend.drop_replies()

        healthy = requests.get(url, params=QUERY, timeout=60)  # the default reply: an activity

        # A 200 is an answer within the budget: the connector answers 504 at the deadline otherwise.
        assert (healthy.status_code, healthy.json()["value"]) == (200, [ACTIVITY])
    finally:
        server.close()


def test_a_call_queued_for_a_thread_counts_its_budget_from_arrival(backend, connector):
    """Two host threads, six callers at once, a back end that needs most of the one-second budget.

    The first two calls are served. The next ones waited for a thread; their budget ran while they waited,
    so they get 504 at their deadline instead of a 200 long after the caller gave up.
    """
    backend.default = Reply(delay=0.7, body={"value": [ACTIVITY]})
    server = create_server(connector.host, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/api/enhanceskills/activities"
    try:
        with ThreadPoolExecutor(max_workers=6) as callers:
            answers = list(callers.map(lambda n: requests.get(url, params=QUERY, timeout=60), range(6)))
    finally:
        server.close()

    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {200, 504}
    assert statuses.count(504) >= 2, statuses  # counted from when each thread was free, all six would be 200
    assert all(a.json()["errorCode"] == "BACKEND_TIMEOUT" for a in answers if a.status_code == 504)


def _trickled_post(port: int, path: str, body: bytes, seconds: float) -> tuple[int, dict]:
    """POST `body` one piece at a time over `seconds`, as a slow uploader does; the status and JSON answer."""
    import http.client
    import socket
    import time

    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        sock.sendall(head.encode() + b"Connection: close\r\n\r\n")
        pieces = 10
        for n in range(pieces):
            time.sleep(seconds / pieces)
            sock.sendall(body[n * len(body) // pieces : (n + 1) * len(body) // pieces])
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, json.loads(response.read())


def test_a_slow_upload_is_the_callers_fault_not_the_partners(backend, connector):
    """A body trickled past the budget: no back-end call is made, and the answer blames the request (408)."""
    server = create_server(connector.host, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    body = json.dumps({"resourceData": {"subject": "Renewal"}, "resourceType": "email-thread"}).encode()
    try:
        status, answer = _trickled_post(server.effective_port, "/api/enhanceskills/content-suggestions", body, 1.5)
        on_time = requests.post(
            f"http://127.0.0.1:{server.effective_port}/api/enhanceskills/content-suggestions", data=body, timeout=30
        )
    finally:
        server.close()

    assert (status, answer["errorCode"]) == (408, "REQUEST_TIMEOUT")
    assert "too long to arrive" in answer["errorMessage"] and "partner" not in answer["errorMessage"].split(":")[0]
    assert on_time.status_code == 200  # the same request sent at once is served
    assert len(backend.received) == 1  # only the one sent at once reached the back end
