"""The HTTP connections the back-end client pools, made safe to share between callers.

A hard deadline. Socket timeouts bound each read, not the exchange: a back end that sends its status
line, headers or body one byte a second would hold a worker thread and a socket for as long as it
likes. Each connection is armed with its call's deadline (`cut_at`) and a single watchdog thread
shuts the socket down when the deadline passes, which ends any read or write in progress at once.

Interim answers. `http.client` skips only `100 Continue` before the final answer. Any other interim answer
(`102 Processing`, `103 Early Hints`) would be taken as the answer itself, with no body, and the
connection returned to the pool with the real answer still unread in it: the next caller on that
connection would be served another seller's insights. Here every interim answer is read past, and
an informational status that cannot be read past (`101`, which the connector never asks for)
closes the connection instead of returning it to the pool.

Framing. A connection goes back to the pool only when its answer ended exactly where its framing
says. `Content-Length` is ASCII digits only, bounded, one value (Python's `int()` reads `+1_0`,
` 10 ` and Arabic-Indic digits too, and raises on `²`); a `Transfer-Encoding` other than `chunked` is refused
(`BrokenFraming`, a 502). A `204`, `304` or interim status that declares a body, an answer framed by
both `Content-Length` and `Transfer-Encoding`, or bytes waiting after the answer, closes the
connection: otherwise those bytes would be read as the next caller's answer.
"""

from __future__ import annotations

import heapq
import http.client
import itertools
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.wait import wait_for_read

from connector import header_names

MAX_INTERIM_ANSWERS = 16  # more is a back end talking without answering


MAX_LENGTH_DIGITS = 18  # a Content-Length beyond 10**18 bytes is no answer (and fits in 64 bits)
_LENGTH = re.compile(rf"[0-9]{{1,{MAX_LENGTH_DIGITS}}}")
_NO_BODY_STATUSES = (204, 304)


class BrokenFraming(http.client.HTTPException):
    """An answer whose end cannot be told from its headers: it is refused and its connection closed."""


def content_length(value: str | None) -> int | None:
    """The declared length (None when not declared), or `BrokenFraming`. Repeated headers arrive joined by
    commas: every value must be the same ASCII number."""
    if value is None:
        return None
    lengths = {part.strip(" \t") for part in value.split(",")}
    if len(lengths) != 1 or not _LENGTH.fullmatch(length := lengths.pop()):
        raise BrokenFraming("unreadable Content-Length")
    return int(length)


class FinalResponse(http.client.HTTPResponse):
    """An HTTP response that starts at the final answer, past every interim one, and whose connection is
    reused only when the answer ended exactly where its framing says."""

    def __init__(self, sock: socket.socket, *args, **kwargs) -> None:
        super().__init__(sock, *args, **kwargs)
        self._socket = sock

    def begin(self) -> None:
        super().begin()
        lengths = self.headers.get_all(header_names.CONTENT_LENGTH)
        length = content_length(",".join(lengths)) if lengths else None
        transfer = self.headers.get_all(header_names.TRANSFER_ENCODING)
        if transfer and ",".join(transfer).strip(" \t").lower() != "chunked":
            raise BrokenFraming("a Transfer-Encoding other than chunked")
        declares_body = bool(transfer) or bool(length)
        no_body = self.status in _NO_BODY_STATUSES or self.status < 200 or self._method == "HEAD"
        if (no_body and declares_body) or (transfer and lengths):
            self.will_close = True  # what follows the headers cannot be told apart from the next answer

    def _close_conn(self) -> None:
        # The answer has been read to its end: anything more the back end sent belongs to no answer.
        if self.fp is not None and not self.will_close and self._bytes_after_answer():
            self.will_close = True
            with suppress(OSError):  # the pool finds the connection dropped and opens a new one
                socket.socket.shutdown(self._socket, socket.SHUT_RDWR)
        super()._close_conn()

    def _bytes_after_answer(self) -> bool:
        """Whether bytes wait past the answer: in this response's buffer, in TLS's, or on the socket."""
        sock = self._socket
        try:
            if wait_for_read(sock, timeout=0) or (hasattr(sock, "pending") and sock.pending()):
                return True  # bytes, or the back end closed: either way the connection is done
            timeout = sock.gettimeout()
            sock.settimeout(0.0)  # the socket has nothing: a peek reads the buffer only, never waits
            try:
                return bool(self.fp.peek(1))
            finally:
                sock.settimeout(timeout)
        except (OSError, ValueError):  # nothing to read without waiting (TLS says so by raising), or closed
            return False

    def _read_status(self) -> tuple[str, int, str]:
        for _ in range(MAX_INTERIM_ANSWERS):
            version, status, reason = super()._read_status()
            if not (101 < status < 200):  # 100 is skipped by begin(); 101 is handled by _check_close
                return version, status, reason
            http.client.parse_headers(self.fp)  # the interim answer's headers, bounded like the final ones
        raise http.client.HTTPException(f"more than {MAX_INTERIM_ANSWERS} interim answers")

    def _check_close(self) -> bool:
        # An informational status as the final answer leaves the stream in an unknown state.
        return self.status < 200 or super()._check_close()


class _Watchdog:
    """One daemon thread that cuts connections whose deadline has passed."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, _Deadlined]] = []
        self._order = itertools.count()  # ties in the heap never compare connections
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, connection: _Deadlined, deadline: float) -> None:
        with self._changed:
            heapq.heappush(self._due, (deadline, next(self._order), connection))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="backend-deadline", daemon=True)
                self._thread.start()
            self._changed.notify()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._changed.wait(self._due[0][0] - time.monotonic() if self._due else None)
                _, _, connection = heapq.heappop(self._due)
            connection.cut_if_late()


_watchdog = _Watchdog()
_local = threading.local()  # the deadline of the call this thread is making, and the connections it armed


@contextmanager
def cut_at(deadline: float) -> Iterator[None]:
    """Every connection this thread uses until the block ends is shut down at `deadline` (time.monotonic)."""
    _local.deadline, _local.armed = deadline, []
    try:
        yield
    finally:
        for connection in _local.armed:
            connection.disarm()
        _local.deadline, _local.armed = None, []


class _Deadlined:
    """Mixed into urllib3's connections: armed with the deadline of the call using it, cut when it passes.

    The sockets to cut are remembered, not read from `self.sock` at the deadline: http.client drops
    `sock` as soon as an answer without a length arrives (it is read until the connection closes),
    while the answer goes on reading from it.
    """

    sock: socket.socket | None
    _deadline: float | None = None
    _owner: int | None = None

    def _arm(self) -> None:
        deadline = getattr(_local, "deadline", None)
        if deadline is None:
            return
        if "_lock" not in self.__dict__:
            self._lock = threading.Lock()
        with self._lock:
            self._deadline, self._owner = deadline, threading.get_ident()
            self._sockets = [self.sock] if self.sock is not None else []
        _local.armed.append(self)
        _watchdog.watch(self, deadline)

    def _remember(self, sock: socket.socket | None) -> None:
        if sock is not None and self._owner == threading.get_ident():
            with self._lock:
                self._sockets.append(sock)

    def disarm(self) -> None:
        """The call that armed this connection is over (the connection may already serve another call)."""
        with self._lock:
            if self._owner == threading.get_ident():
                self._deadline = self._owner = None
                self._sockets = []

    def cut_if_late(self) -> None:
        with self._lock:
            if self._deadline is None or self._deadline > time.monotonic():
                return  # the call ended in time, or the connection now serves a later call
            for sock in self._sockets:
                with suppress(OSError):  # already closed
                    # The plain socket's shutdown, even under TLS: it wakes a thread blocked reading it.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self._remember(sock)  # before any TLS handshake, which the deadline covers too
        return sock

    def connect(self) -> None:
        self._arm()
        super().connect()
        self._remember(self.sock)  # under TLS, the wrapped socket

    def request(self, *args, **kwargs) -> None:
        self._arm()
        super().request(*args, **kwargs)


class _Connection(_Deadlined, HTTPConnection):
    response_class = FinalResponse


class _TLSConnection(_Deadlined, HTTPSConnection):
    response_class = FinalResponse


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class BackendAdapter(HTTPAdapter):
    """requests' adapter, pooling the connections above."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
