"""HTTP requests sent byte for byte, for input that `requests` would normalise or refuse to send
(CR/LF in a header, invalid UTF-8 in the query, raw NUL bytes, repeated parameters)."""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def send(
    base_url: str,
    method: str,
    target: str | bytes,
    headers: list[tuple[bytes, bytes]] = (),
    body: bytes = b"",
) -> RawResponse:
    """Send `METHOD <base path>/<target> HTTP/1.1` with exactly these headers and body; read the answer.

    `Content-Length` is added unless the headers frame the body themselves (a `Content-Length` or a
    `Transfer-Encoding` of their own, the body then already in that form).
    """
    parts = urlsplit(base_url)
    target_bytes = target if isinstance(target, bytes) else target.encode("ascii")
    lines = [
        method.encode() + b" " + parts.path.encode() + b"/" + target_bytes + b" HTTP/1.1",
        b"Host: " + parts.netloc.encode(),
        b"Connection: close",
    ]
    lines += [name + b": " + value for name, value in headers]
    framed = any(name.lower() in (b"content-length", b"transfer-encoding") for name, _ in headers)
    if (body or method == "POST") and not framed:  # a case that frames its body itself sends it as it is
        lines.append(b"Content-Length: " + str(len(body)).encode())
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return RawResponse(response.status, response.headers, response.read())
