"""The real parts the benchmarks run against, all on loopback: the local host, a back end that never
answers, and an Application Insights ingestion endpoint that counts what it receives."""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

from connector.host import route_prefix
from connector.tools.devhost import DEFAULT_THREADS

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Host(NamedTuple):
    url: str  # the base URL, `.../api`
    pid: int  # the host's process, whose memory the soak samples


_SERVING = re.compile(r"on http://127\.0\.0\.1:(\d+)/")


@contextmanager
def local_host(env: dict[str, str], threads: int = DEFAULT_THREADS) -> Iterator[Host]:
    """`python -m connector serve` in a child process, so load generation does not share its GIL."""
    child_env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))}
    command = [
        sys.executable,
        "-m",
        "connector",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--threads",
        str(threads),
    ]
    # The host's log goes to a file, not a pipe: a pipe nobody reads fills up, then blocks every
    # thread that logs.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=child_env, stdout=subprocess.PIPE, stderr=log, text=True
        )
        try:
            listening = _SERVING.search(process.stdout.readline())  # the first line says where it listens
            if not listening:
                process.wait(timeout=10)
                log.seek(0)
                raise RuntimeError(f"the local host did not start: {log.read()[-2000:]}")
            yield Host(f"http://127.0.0.1:{listening[1]}/{route_prefix()}", process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def hanging_backend() -> Iterator[str]:
    """A back end that accepts connections, reads the request, and never answers; yields its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)  # kept open and unanswered until the benchmark ends

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        for connection in held:
            connection.close()


class Ingestion:
    """A local Application Insights ingestion endpoint: accepts envelopes at /v2.1/track and counts them."""

    def __init__(self) -> None:
        self.envelopes = 0
        self._lock = threading.Lock()
        ingestion = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                if self.headers.get("content-encoding") == "gzip":
                    raw = gzip.decompress(raw)
                count = _envelope_count(raw)
                with ingestion._lock:
                    ingestion.envelopes += count
                body = json.dumps({"itemsReceived": count, "itemsAccepted": count, "errors": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def connection_string(self) -> str:
        return f"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={self.url}"

    def __enter__(self) -> Ingestion:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _envelope_count(raw: bytes) -> int:
    """Envelopes arrive as a JSON array or as newline-delimited JSON."""
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return 0
    try:
        data = json.loads(text)
    except ValueError:
        return sum(1 for line in text.splitlines() if line.strip())
    return len(data) if isinstance(data, list) else 1
