"""Calling the local host's WSGI application in process, with any header or query a caller could send.

No socket in between: a header value is any `str` (WSGI gives raw bytes as latin-1 characters;
another host may give anything), and a query string is passed exactly as given. It is the real
local host's application (`FunctionHost`), so the request is translated as `make serve` does it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WsgiResponse:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(app, method: str, path: str, query: str = "", headers: dict[str, str] | None = None,
         body: bytes = b"") -> WsgiResponse:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "localhost", "SERVER_PORT": "7071", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost:7071", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0), "wsgi.multithread": True,
        "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    started: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info=None) -> None:
        started["status"] = int(status.split()[0])
        started["headers"] = {name.lower(): value for name, value in response_headers}

    chunks = app(environ, start_response)
    return WsgiResponse(started["status"], started["headers"], b"".join(chunks))
