"""The loopback HTTP servers tests start: quiet when a client hangs up, loud about anything else.

A client that closes its connection early (a timeout, a refused answer, the connector giving up on a
slow back end) is what these tests provoke on purpose: `socketserver` would print its
`ConnectionResetError` as a traceback into a green run, where it hides the real ones. Here it is
dropped; any other error in a handler is printed as before and kept in `UNEXPECTED`, and the
suite's autouse fixture (tests/conftest.py) fails the test during which one was printed.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from socketserver import BaseServer
from wsgiref.simple_server import WSGIServer

CLIENT_GONE = (ConnectionError,)  # reset, aborted, broken pipe: the client hung up
UNEXPECTED: list[str] = []  # the tracebacks of server errors printed in this process, in order


class QuietAboutHangUps:
    """A `socketserver` mixin: a hung-up client is not an error; any other handler error is kept."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], CLIENT_GONE):
            return
        UNEXPECTED.append(traceback.format_exc())
        super().handle_error(request, client_address)  # type: ignore[misc]  # prints it, as socketserver does


class LoopbackServer(QuietAboutHangUps, ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class LoopbackWSGIServer(QuietAboutHangUps, WSGIServer):
    pass


@contextmanager
def serving(server: BaseServer) -> Iterator[BaseServer]:
    """Serve on a thread of its own until the block ends, then stop and close the socket."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
