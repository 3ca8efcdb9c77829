"""A partner back end that misbehaves, for the soak: each call's record id says how (`<fault>-<n>`).

Every fault issue 18 found, on keep-alive connections: interim answers before the real one, a status
line, headers or a compressed-stream header trickled forever, items a connector cannot serve, a
`Retry-After` with internals in it, a malformed header line, a compression bomb. And the framing
faults of issue 22: a `204` or `304` that declares a body (another caller's answer), bytes after a
complete answer, an unreadable `Content-Length`. Healthy answers name the record they were asked
for, so an answer meant for one caller and served to another shows.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from benchmarks.http_server import serve
from benchmarks.servers import local_host
from connector.tools.devhost import DEFAULT_THREADS

TRICKLE_SECONDS = 0.05  # between bytes of an answer that never ends
SECRET = "internal-db01.corp.example"

# fault -> the status the caller must get
EXPECTED = {
    "ok": 200,
    "interim": 200,  # 103 Early Hints then 200 on a kept-alive connection
    "slowstatus": 504,  # the status line one byte at a time, forever
    "slowheaders": 504,
    "slowbody": 504,
    "gzipheader": 504,  # a gzip header whose file name never ends
    "baditems": 200,  # one good item among ones that cannot be served
    "retryafter": 429,  # a Retry-After that is roughly a date, with internals after it
    "badheader": 200,  # a malformed header line: the HTTP library logs the URL
    "bomb": 502,  # a gzip bomb
    "nocontent": 502,  # a 204 (no JSON) whose declared body is another caller's whole answer
    "notmodified": 502,  # a 304 (never followed) with the same
    "stray": 200,  # its own answer, then another caller's, in one write
    "badlength": 502,  # Content-Length: ² (int() raised once: a 500)
}
_RECORD = re.compile(r"([a-z]+)-[0-9]+")


def activity(record_id: str) -> dict[str, str]:
    return {"title": f"Call about {record_id}", "description": "Renewal.", "dateTime": "2024-05-07T03:28:38Z"}


def _bomb() -> bytes:
    return gzip.compress(b'{"value": [' + b" " * 8_000_000 + b"]}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    stopping: threading.Event
    bomb: bytes

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        record_id = parse_qs(urlsplit(self.path).query).get("recordId", [""])[0]
        match = _RECORD.fullmatch(record_id)
        fault = match[1] if match else "ok"
        answer = getattr(self, f"_{fault}", self._ok)
        try:
            answer(record_id)
        except OSError:  # the connector hung up: what a cut at the deadline looks like from here
            self.close_connection = True

    def _send(self, status: int, body: bytes, extra: bytes = b"") -> None:
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n").encode()
        self.wfile.write(head + extra + b"\r\n" + body)

    def _trickle(self, start: bytes, forever: bytes) -> None:
        self.close_connection = True
        self.wfile.write(start)
        while not self.stopping.wait(TRICKLE_SECONDS):
            self.wfile.write(forever)
            self.wfile.flush()

    def _ok(self, record_id: str) -> None:
        self._send(200, json.dumps({"value": [activity(record_id)]}).encode())

    def _interim(self, record_id: str) -> None:
        self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n")
        self._ok(record_id)

    def _slowstatus(self, record_id: str) -> None:
        self._trickle(b"", b"H")

    def _slowheaders(self, record_id: str) -> None:
        self._trickle(b"HTTP/1.1 200 OK\r\n", b"X")

    def _slowbody(self, record_id: str) -> None:
        self._trickle(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"value": [', b" ")

    def _gzipheader(self, record_id: str) -> None:
        self._trickle(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n\r\n"
            b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x03",
            b"n",
        )

    def _baditems(self, record_id: str) -> None:
        good = activity(record_id)
        items = [
            {**good, "dateTime": "9999-12-31T23:59:59-01:00"},
            {**good, "title": "A\x00B"},
            {**good, "additionalProperties": {"\udc00": "x"}},
            good,
        ]
        self._send(200, json.dumps({"value": items}).encode())

    def _retryafter(self, record_id: str) -> None:
        self._send(429, b"{}", f"Retry-After: Wed, 21 Oct 2015 07:28:00 GMT {SECRET}\r\n".encode())

    def _badheader(self, record_id: str) -> None:
        self._send(200, json.dumps({"value": [activity(record_id)]}).encode(), b"this line is no header\r\n")

    def _bomb(self, record_id: str) -> None:
        self._send(200, self.bomb, b"Content-Encoding: gzip\r\n")

    def _forged(self, record_id: str) -> bytes:
        """A whole answer naming another record: served to the next caller on this connection, if it were reused."""
        body = json.dumps({"value": [activity(f"leak-{record_id}")]}).encode()
        return b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)

    def _nocontent(self, record_id: str) -> None:
        self._send(204, self._forged(record_id))

    def _notmodified(self, record_id: str) -> None:
        self._send(304, self._forged(record_id))

    def _stray(self, record_id: str) -> None:
        body = json.dumps({"value": [activity(record_id)]}).encode()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        self.wfile.write(head.encode() + body + self._forged(record_id))

    def _badlength(self, record_id: str) -> None:
        body = json.dumps({"value": [activity(record_id)]}).encode()
        self.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \xc2\xb2\r\n\r\n" + body
        )


@contextmanager
def faulty_backend() -> Iterator[str]:
    """Serve the faulty back end on 127.0.0.1; yields its URL. Trickles end when it stops."""
    stopping = threading.Event()
    handler = type("Handler", (_Handler,), {"stopping": stopping, "bomb": _bomb()})
    with serve(handler, backlog=256) as url:  # a real service's backlog
        try:
            yield url
        finally:
            stopping.set()  # the trickles end, then the server stops


def check(fault: str, record_id: str, status: int, body: bytes, headers: dict[str, str]) -> str | None:
    """None when the caller got what it should for this fault; otherwise what is wrong."""
    if status != EXPECTED[fault]:
        return f"{fault}: status {status}, expected {EXPECTED[fault]}"
    text = body.decode("utf-8", "replace") + json.dumps(dict(headers))
    if SECRET in text:
        return f"{fault}: the back end's text reached the caller"
    if status == 429 and "Retry-After" in headers and not headers["Retry-After"].isdigit():
        return f"{fault}: Retry-After {headers['Retry-After']!r} is not seconds"
    if status == 200:
        items = json.loads(body)["value"]
        if items != [activity(record_id)]:  # exactly its own item: no other caller's, no unservable one
            return f"{fault}: served {str(items)[:120]} for {record_id}"
    return None


# --- the fault soak ----------------------------------------------------------------------------

BUDGET_SECONDS = 1.0  # the connector's budget in this soak: every fault costs at most about this
LATE_MARGIN_SECONDS = 1.0  # an answer later than budget + margin counts as late
POOL_SIZE = 16  # BACKEND_POOL_SIZE in this soak
OWN_THREADS = 6  # main, the deadline watchdog, waitress's I/O thread, and room for the runtime's own
OWN_SOCKETS = 6  # the listening socket, waitress's wake-up pair, and room


def resources(pid: int) -> tuple[int, int] | None:
    """The host's threads and open sockets (Linux /proc); None where they cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        threads = int(re.search(r"^Threads:\s+(\d+)", status, re.MULTILINE)[1])
        sockets = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with suppress(OSError):  # closed while listed
                sockets += os.readlink(fd).startswith("socket:")
        return threads, sockets
    except (OSError, TypeError):
        return None


@dataclass
class FaultLevel:
    concurrency: int
    requests: int
    seconds: float
    errors: Counter = field(default_factory=Counter)
    late: int = 0
    slowest: float = 0.0
    resources_after: tuple[int, int] | None = None


@dataclass
class FaultReport:
    levels: list[FaultLevel]
    resources_baseline: tuple[int, int] | None
    ceiling: tuple[int, int]  # the most threads and sockets the configuration can explain

    @property
    def error_count(self) -> int:
        return sum(sum(level.errors.values()) for level in self.levels)

    @property
    def late_count(self) -> int:
        return sum(level.late for level in self.levels)

    def resources_flat(self) -> bool:
        """After every level, no more threads or sockets than the configuration explains: host threads, one
        back-end worker and one pooled connection per `BACKEND_POOL_SIZE`, the callers' connections, and a
        few of the process's own. A call that held a thread or a socket past its deadline would pile up."""
        return all(
            threads <= self.ceiling[0] and sockets <= self.ceiling[1]
            for threads, sockets in (level.resources_after for level in self.levels if level.resources_after)
        )

    def held(self) -> bool:
        return self.error_count == 0 and self.late_count == 0 and self.resources_flat()

    def lines(self) -> list[str]:
        out = [
            f"fault soak through the local host and the back-end source (budget {BUDGET_SECONDS:g} s); "
            f"faults: {', '.join(EXPECTED)}"
        ]
        if self.resources_baseline:
            out.append(
                f"  after warm-up: {self.resources_baseline[0]} threads, {self.resources_baseline[1]} sockets "
                f"(at most {self.ceiling[0]} and {self.ceiling[1]} explained by the configuration)"
            )
        for level in self.levels:
            held = (
                f", {level.resources_after[0]} threads, {level.resources_after[1]} sockets"
                if level.resources_after
                else ""
            )
            out.append(
                f"  concurrency {level.concurrency:>3}: {level.requests} requests, "
                f"{sum(level.errors.values())} errors, {level.late} late, slowest {level.slowest:.2f} s{held}"
            )
            out += [f"      {count} x {error}" for error, count in level.errors.most_common(5)]
        return out


def _fault_level(base_url: str, concurrency: int, count: int, start: int) -> FaultLevel:
    faults = list(EXPECTED)
    sessions = threading.local()

    def one(n: int) -> tuple[str | None, float]:
        fault = faults[n % len(faults)]
        record_id = f"{fault}-{n}"
        if not hasattr(sessions, "session"):
            sessions.session = requests.Session()
        started = time.perf_counter()
        try:
            response = sessions.session.get(
                f"{base_url}/enhanceskills/activities",
                timeout=30,
                params={"recordType": "account", "recordId": record_id},
            )
        except requests.RequestException as error:
            return f"{fault}: no answer ({type(error).__name__})", time.perf_counter() - started
        elapsed = time.perf_counter() - started
        return check(fault, record_id, response.status_code, response.content, dict(response.headers)), elapsed

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(one, range(start, start + count)))
    level = FaultLevel(concurrency, count, time.perf_counter() - started)
    level.errors.update(error for error, _ in outcomes if error)
    level.late = sum(elapsed > BUDGET_SECONDS + LATE_MARGIN_SECONDS for _, elapsed in outcomes)
    level.slowest = max(elapsed for _, elapsed in outcomes)
    return level


def soak_faults(
    concurrency: tuple[int, ...] = (1, 4, 8), requests_per_level: int = 500, threads: int = DEFAULT_THREADS
) -> FaultReport:
    """Every fault in turn, on shared keep-alive connections, at each concurrency level (at most `threads`,
    so that no call waits for a host thread: what is measured is the back end's effect)."""
    with faulty_backend() as backend_url:
        env = {
            **os.environ,
            "CONNECTOR_SOURCE": "backend",
            "BACKEND_BASE_URL": backend_url,
            "CONNECTOR_DEADLINE_SECONDS": str(BUDGET_SECONDS),
            "BACKEND_MAX_RESPONSE_BYTES": "65536",
            "BACKEND_POOL_SIZE": str(POOL_SIZE),
        }
        ceiling = (threads + POOL_SIZE + OWN_THREADS, max(concurrency) + POOL_SIZE + OWN_SOCKETS)
        with local_host(env, threads) as (base_url, pid):
            _fault_level(base_url, max(concurrency), 2 * len(EXPECTED), 0)  # imports, pools
            time.sleep(BUDGET_SECONDS)  # the warm-up's trickles cut and closed
            baseline = resources(pid)
            levels, start = [], 10_000
            for width in concurrency:
                level = _fault_level(base_url, width, requests_per_level, start)
                start += requests_per_level
                time.sleep(BUDGET_SECONDS)
                level.resources_after = resources(pid)
                levels.append(level)
            return FaultReport(levels, baseline, ceiling)
