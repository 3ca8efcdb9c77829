"""The local host's WSGI application called in this process: HTTP without a port.

Two ways in, one translation into a WSGI environ (as a server gives it, PEP 3333):
- `HostClient`, a `requests` session whose requests reach the app, for tests that speak HTTP as a
  client does;
- `call`, for any header or query a caller could send: a header value is any `str` (WSGI gives raw
  bytes as latin-1 characters; another host may give anything), and a query string is passed
  exactly as given.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPHeaderDict, HTTPResponse

Wsgi = Callable[[dict[str, Any], Callable], Any]


def environ_for(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    host: str = "localhost:7071",
    scheme: str = "http",
) -> dict[str, Any]:
    name, _, port = host.partition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": name or "localhost",
        "SERVER_PORT": port or "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for header, value in headers.items():
        key = header.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    return environ


def _run(app: Wsgi, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.update(status=status, headers=headers)

    content = b"".join(app(environ, start_response))
    return started["status"], started["headers"], content


@dataclass(frozen=True)
class WsgiResponse:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    app: Wsgi, method: str, path: str, query: str = "", headers: dict[str, str] | None = None, body: bytes = b""
) -> WsgiResponse:
    status, response_headers, content = _run(app, environ_for(method, path, query, headers or {}, body))
    return WsgiResponse(int(status.split()[0]), {name.lower(): value for name, value in response_headers}, content)


class WsgiAdapter(BaseAdapter):
    def __init__(self, app: Wsgi) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        url = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        # PATH_INFO as a server gives it: percent-decoded bytes, as latin-1 text.
        path = unquote_to_bytes(url.path or "/").decode("latin-1")
        environ = environ_for(request.method, path, url.query, request.headers, body, url.netloc, url.scheme)
        environ["CONTENT_LENGTH"] = str(len(body))
        status, headers, content = _run(self.app, environ)
        response = requests.Response()
        code, _, reason = status.partition(" ")
        response.status_code, response.reason = int(code), reason
        response.headers = CaseInsensitiveDict(headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response._content = content
        # What requests itself wraps: the raw answer, as clients that read its headers expect it.
        response.raw = HTTPResponse(
            body=io.BytesIO(content),
            headers=HTTPHeaderDict(headers),
            status=response.status_code,
            reason=reason,
            version=11,
            preload_content=False,
        )
        response.url, response.request = request.url, request
        return response

    def close(self) -> None:
        pass


class HostClient(requests.Session):
    """A session whose requests to `api` reach a WSGI app in this process."""

    def __init__(self, app: Wsgi, prefix: str, origin: str = "http://connector.test") -> None:
        super().__init__()
        self.mount(origin, WsgiAdapter(app))
        self.api = f"{origin}/{prefix}" if prefix else origin
