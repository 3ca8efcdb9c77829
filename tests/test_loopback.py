"""The tests' loopback servers say nothing when a client hangs up, and a handler's real error is both
printed and fails the test it happened in (the autouse fixture in tests/conftest.py)."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler

import requests

from tests.support.loopback import UNEXPECTED, LoopbackServer, serving

CHUNK = b"x" * 65536


def _server(behaviour) -> LoopbackServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            behaviour(self)

        def log_message(self, *args: object) -> None:
            pass

    return LoopbackServer(("127.0.0.1", 0), Handler)


def test_a_client_that_hangs_up_prints_nothing(capfd):
    hung_up, answered = threading.Event(), threading.Event()

    def answer_after_the_hang_up(handler: BaseHTTPRequestHandler) -> None:
        hung_up.wait(10)
        try:
            handler.send_response(200)
            handler.end_headers()
            for _ in range(1000):  # until the reset reaches the writer
                handler.wfile.write(CHUNK)
        finally:
            answered.set()

    with serving(_server(answer_after_the_hang_up)) as server:
        client = socket.create_connection(server.server_address[:2])
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        client.close()
        hung_up.set()
        assert answered.wait(10)
    assert "Traceback" not in capfd.readouterr().err


def test_a_handlers_own_error_is_printed_and_kept(capfd):
    def fail(handler: BaseHTTPRequestHandler) -> None:
        raise ValueError("a bug in the test server")

    printed = len(UNEXPECTED)
    # The handler closes the connection without an answer.
    with serving(_server(fail)) as server, contextlib.suppress(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10)
    kept = UNEXPECTED[printed:]
    del UNEXPECTED[printed:]  # seen here: this test is about it, so the autouse check must not fail it
    assert len(kept) == 1 and "ValueError: a bug in the test server" in kept[0]
    assert "ValueError: a bug in the test server" in capfd.readouterr().err
