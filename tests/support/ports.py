"""A loopback port where nothing listens, held for as long as a test needs it.

The socket is bound but never listening: a connection to it is refused at once, and no other process
can take the port meanwhile (a probed port that is closed again could be taken by anyone).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def refusing_port() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]
