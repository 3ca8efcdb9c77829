"""A `requests` transport that hands each request to a WSGI application in this process: HTTP
without a port, so in-process tests speak HTTP to the local host exactly as a client does."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPHeaderDict, HTTPResponse

Wsgi = Callable[[dict[str, Any], Callable], Any]


class WsgiAdapter(BaseAdapter):
    def __init__(self, app: Wsgi) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        url = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            # As a server gives it: percent-decoded bytes, as latin-1 text (PEP 3333).
            "PATH_INFO": unquote_to_bytes(url.path or "/").decode("latin-1"),
            "QUERY_STRING": url.query,
            "SERVER_NAME": url.hostname or "localhost",
            "SERVER_PORT": str(url.port or 80),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": url.scheme,
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_HOST": url.netloc,
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                environ[key] = value
            else:
                environ[f"HTTP_{key}"] = value
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            started.update(status=status, headers=headers)

        chunks = self.app(environ, start_response)
        content = b"".join(chunks)
        response = requests.Response()
        code, _, reason = started["status"].partition(" ")
        response.status_code, response.reason = int(code), reason
        response.headers = CaseInsensitiveDict(started["headers"])
        response.encoding = get_encoding_from_headers(response.headers)
        response._content = content
        # What requests itself wraps: the raw answer, as clients that read its headers expect it.
        response.raw = HTTPResponse(body=io.BytesIO(content), headers=HTTPHeaderDict(started["headers"]),
                                    status=response.status_code, reason=reason, version=11, preload_content=False)
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
