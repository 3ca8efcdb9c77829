"""A scripted partner back end on 127.0.0.1: real HTTP over real sockets, nothing mocked.

A test queues the replies it wants (status, body, headers, delay, hang, drop, trickle, chunked, interim
answers, raw bytes and endless streams) and
reads back what the server received. Replies are used in order; when none is queued the default
reply answers. Stopping the server releases every handler still hanging or trickling.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.loopback import LoopbackServer


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-serialisable, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    hang: bool = False  # never answer, until the server stops
    drop: bool = False  # close the connection without answering
    trickle: float = 0.0  # seconds between body bytes
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    cut_after: int | None = None  # announce the whole body, send this many bytes, close the connection
    interim: tuple[int, ...] = ()  # informational answers sent before the final one, e.g. (103,)
    raw: bytes | None = None  # the whole answer, status line and headers included, sent as it is (trickled too)
    endless: bytes = b""  # after the answer, these bytes again and again until the connector hangs up

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body if self.body is not None else {"value": []}).encode()


@dataclass(frozen=True)
class Received:
    method: str
    target: str  # the request target exactly as sent: path and raw query
    headers: dict[str, str]  # lower-case names
    body: bytes
    connection: tuple[str, int]  # the client's address: one per TCP connection
    request_line: str = ""  # the request line exactly as it came off the socket, e.g. `GET /a%2Fb HTTP/1.1`

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        """Decoded query parameters (each expected once)."""
        pairs = parse_qs(urlsplit(self.target).query, keep_blank_values=True)
        return {name: values[0] for name, values in pairs.items()}

    def json(self) -> Any:
        return json.loads(self.body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real service answers
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self._answer()

    do_POST = do_PUT = do_DELETE = do_GET

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        backend = self.server.backend
        received = Received(
            self.command,
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            body,
            self.client_address,
            self.requestline,
        )
        backend.record(received)
        reply = backend.next_reply(received)
        if reply.hang:
            backend.stopping.wait()
        if reply.hang or (reply.delay and backend.stopping.wait(reply.delay)) or reply.drop:
            self.close_connection = True  # the test has ended, or the reply is to drop the connection
            return
        if reply.raw is not None:
            self._send_raw(reply)
            return
        payload = reply.payload()
        for status in reply.interim:  # e.g. 103 Early Hints: a status line and headers, then the real answer
            self.wfile.write(b"HTTP/1.1 %d Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" % status)
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
            return
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            if reply.trickle:
                for byte in payload:
                    if backend.stopping.wait(reply.trickle):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            elif reply.cut_after is not None:
                self.wfile.write(payload[: reply.cut_after])
                self.close_connection = True
            else:
                self.wfile.write(payload)
        except OSError:  # the connector hung up: that is what the test wanted to see
            self.close_connection = True

    def _send_raw(self, reply: Reply) -> None:
        """Write the raw answer (one byte at a time when trickling), then the endless tail; note a hang-up."""
        self.close_connection = True
        backend = self.server.backend
        step = 1 if reply.trickle else 65_536

        def pieces():
            yield from (reply.raw[i : i + step] for i in range(0, len(reply.raw), step))
            while reply.endless:
                yield from (reply.endless[i : i + step] for i in range(0, len(reply.endless), step))

        try:
            for piece in pieces():
                if (reply.trickle and backend.stopping.wait(reply.trickle)) or backend.stopping.is_set():
                    return
                self.wfile.write(piece)
                self.wfile.flush()
        except OSError:
            backend.hung_up.set()


class _Server(LoopbackServer):
    backend: BackendServer


class BackendServer:
    def __init__(self, default: Reply | None = None, respond: Callable[[Received], Reply] | None = None) -> None:
        self.default = default or Reply()
        self.respond = respond  # a service that computes its reply from the request, when no reply is queued
        self.received: list[Received] = []
        self.stopping = threading.Event()
        self.hung_up = threading.Event()  # the connector closed a connection while a raw answer was being sent
        self._replies: list[Reply] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.backend = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> BackendServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def reply(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._replies.extend(replies)

    def drop_replies(self) -> None:
        """Forget the queued replies no request used: the default answers from now on."""
        with self._lock:
            self._replies.clear()

    def next_reply(self, received: Received | None = None) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.pop(0)
        if self.respond is not None and received is not None:
            return self.respond(received)
        return self.default

    def record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    @property
    def last(self) -> Received:
        assert self.received, "the back end received no request"
        return self.received[-1]
