"""A stand-alone connector on `http.server` that meets the contract, unless a test makes it break it.

Each broken-server test passes a `tamper` function that changes the reply (drops an output, slows
down, ignores the language…) so the conformance checker has exactly one breach to find.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from connector.contract import OPERATIONS, Operation
from connector.host import route_path, route_prefix
from tests.support.localized import LocalizedSource
from tests.support.loopback import LoopbackServer, serving

SPOKEN = ("en", "fr")


@dataclass
class Reply:
    op: Operation
    language: str  # the language answered in
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)  # what the call sent: query or JSON body


Tamper = Callable[[Reply], None]


def _items(op: Operation, language: str) -> Any:
    items = getattr(LocalizedSource(), op.key)(None, SimpleNamespace(language=language))
    shaped = op.response.model_validate({op.items_field: items})
    return shaped.model_dump(mode="json", by_alias=True, exclude_none=True)


def _answer(op: Operation, query: dict[str, str], body: bytes, headers: Any) -> Reply:
    asked = (headers.get("Accept-Language") or "en").split(",")[0].split("-")[0].strip().lower()
    language = asked if asked in SPOKEN else "en"
    request_id = headers.get("x-ms-client-request-id") or "generated"
    inputs = query if op.method == "GET" else json.loads(body or b"{}")
    given = {name.lower() for name, value in inputs.items() if value not in (None, "")}
    for alias, name in op.input_names().items():
        if op.inputs.model_fields[name].is_required() and alias.lower() not in given:
            return Reply(
                op,
                "en",
                400,
                {"errorCode": "INVALID_REQUEST", "errorMessage": f"{alias} is required.", "activityId": request_id},
                {"x-ms-client-request-id": request_id},
                inputs,
            )
    return Reply(
        op,
        language,
        200,
        _items(op, language),
        {"Content-Language": language, "x-ms-client-request-id": request_id},
        inputs,
    )


def _handler(tamper: Tamper | None, definition: dict[str, Any] | None) -> type[BaseHTTPRequestHandler]:
    routes = {(route_path(op.route), op.method): op for op in OPERATIONS}

    class Handler(BaseHTTPRequestHandler):
        wbufsize = 1 << 16  # one write per response: headers and body in separate packets stall on delayed ACKs

        def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if url.path == "/definition.json" and definition is not None:
                return self._send(200, definition, {})
            op = routes.get((url.path, method))
            if op is None:
                return self._send(404, {"errorCode": "NOT_FOUND"}, {})
            reply = _answer(op, dict(parse_qsl(url.query)), body, self.headers)
            if tamper:
                tamper(reply)
            self._send(reply.status, reply.body, reply.headers)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler


@contextmanager
def fake_connector(tamper: Tamper | None = None, definition: dict[str, Any] | None = None) -> Iterator[str]:
    """Serve the fake connector on a free loopback port; yields its base URL (ending in /api)."""
    with serving(LoopbackServer(("127.0.0.1", 0), _handler(tamper, definition))) as server:
        yield f"http://127.0.0.1:{server.server_port}/{route_prefix()}"
