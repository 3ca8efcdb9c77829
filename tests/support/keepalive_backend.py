"""A scripted back end that answers on kept-alive connections with exactly the bytes a test gives.

`http.server` frames its answers itself; this one writes each scripted answer as it is (a 204 with a
body, bytes after a complete answer, an unreadable `Content-Length`) and keeps the connection open,
so a test sees whether the connector reads the next answer off a connection the last one left dirty.
It records each request line with the number of the connection it came on.
"""

from __future__ import annotations

import itertools
import socket
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    connection: int  # 1 for the first connection accepted, 2 for the next...
    line: str  # the request line as received, e.g. `GET /partner/v1/enhanceskills/activities?... HTTP/1.1`


class KeepAliveBackend:
    def __init__(self) -> None:
        self.received: list[Request] = []
        self._answers: list[bytes] = []
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def answer(self, *answers: bytes) -> None:
        """Queue the raw bytes of the next answers, in order (one per request, whatever connection it uses)."""
        with self._lock:
            self._answers.extend(answers)

    def stop(self) -> None:
        self._listener.close()
        for connection in self._open:
            connection.close()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:  # stopped
                return
            self._open.append(connection)
            threading.Thread(target=self._serve, args=(connection, next(self._numbers)), daemon=True).start()

    def _serve(self, connection: socket.socket, number: int) -> None:
        reader = connection.makefile("rb")
        try:
            while line := reader.readline():
                length = 0
                while (header := reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                reader.read(length)
                with self._lock:
                    self.received.append(Request(number, line.decode("latin-1").rstrip("\r\n")))
                    answer = (
                        self._answers.pop(0)
                        if self._answers
                        else b"HTTP/1.1 500 Unscripted\r\nContent-Length: 0\r\n\r\n"
                    )
                connection.sendall(answer)
        except OSError:  # the connector closed the connection
            pass
        finally:
            reader.close()
            connection.close()


def answer(status: int, body: bytes = b"", *headers: str, length: str | None = None) -> bytes:
    """An answer's bytes: the status line, `headers`, `Content-Length` (the body's, or `length` as given)."""
    lines = [f"HTTP/1.1 {status} Scripted", "Content-Type: application/json", *headers]
    if length != "":
        lines.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
