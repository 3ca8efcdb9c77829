"""A loopback HTTP server for a handler class: what the soak's and the fault benchmark's back ends serve on.

Its own module, so that `soak` and `faults` both import it and neither imports the other for it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler], backlog: int = 5) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1, one thread per connection, with a listen `backlog`; yields its URL."""
    server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": backlog, "daemon_threads": True})
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
