"""`python -m benchmarks.soak`: thousands of mixed requests through the local host, at several
concurrency levels; every answer must be the expected one, and the host's memory must stay flat.

The host runs in its own process (`python -m connector serve`), so its resident memory (RSS, read
from /proc on Linux) is the connector's alone. The mix is every operation with valid input in
rotating languages, plus refused input (400), a wrong content type (415), an unknown route (404)
and a wrong method (405). An error is any answer other than the expected status with a body valid
against its schema, or no answer at all. With `--source backend` the host forwards to a local
back end this script serves on 127.0.0.1, answering in the contract's own shapes.

    python -m benchmarks.soak                                  # 5000 requests per level, sample data
    python -m benchmarks.soak --source backend                 # through the back-end source
    python -m benchmarks.soak --requests 20000 --concurrency 1,8,32,64
    python -m benchmarks.soak --faults                         # a back end that misbehaves (benchmarks/faults.py)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from benchmarks.servers import local_host
from connector.contract import OPERATIONS, operation
from connector.models.errors import ApiError

LANGUAGES = ("fr-FR", "de-DE,de;q=0.9", "ja", "es-MX", "en-US", "zu", "*")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Call:
    operation: str  # "" for calls no operation answers (unknown route)
    method: str
    path: str
    status: int
    params: dict[str, str] | None = None
    body: bytes | None = None
    content_type: str = "application/json"


def _valid_calls() -> list[Call]:
    record = {"recordType": "account", "recordId": "soak-account-1"}
    queries = {
        "record_summary": {**record, "top": "5"},
        "record_details": {"recordType": "opportunity", "recordId": "soak-opportunity-2", "crmType": "Dynamics 365"},
        "key_sales_info": record,
        "email_summary_v1": {"emailContacts": "kim@contoso.com;lee@fabrikam.com", "Top": "2"},
        "key_stakeholders": {"accountName": "Contoso"},
    }
    thread = {"subject": "Renewal pricing", "from": "kim@contoso.com", "to": ["seller@relecloud.example"]}
    bodies = {
        "email_summary_v2": {"resourceData": thread, "top": 3},
        "email_draft": {"resourceData": thread, "resourceType": "email-thread", "inputPrompt": "Send the deck"},
    }
    return [
        Call(
            op.key,
            op.method,
            op.route,
            200,
            params=queries.get(op.key),
            body=json.dumps(bodies[op.key]).encode() if op.key in bodies else None,
        )
        for op in OPERATIONS
    ]


def mixed_calls() -> list[Call]:
    """One round of the mix: mostly valid calls, some refused ones, in a fixed order."""
    refused = [
        Call("record_summary", "GET", "enhanceskills/activities", 400, params={"recordType": "account", "top": "-1"}),
        Call(
            "key_sales_info",
            "GET",
            "enhanceskills/sales-highlights",
            400,
            params={"recordType": "account", "recordId": "a1", "skip": "a lot"},
        ),
        Call("email_draft", "POST", "enhanceskills/content-suggestions", 400, body=b"[1, 2, 3]"),
        Call("email_summary_v2", "POST", "enhanceskills/email-insights-v2", 415, body=b"{}", content_type="text/plain"),
        Call("", "GET", "enhanceskills/nothing-here", 404),
        Call("", "DELETE", "enhanceskills/activities", 405),
    ]
    valid = _valid_calls()
    return valid + valid + refused  # two valid calls for each refused one


def check(call: Call, response: requests.Response) -> str | None:
    """None when the answer is the expected one; otherwise what is wrong with it."""
    if response.status_code != call.status:
        return f"{call.method} {call.path}: status {response.status_code}, expected {call.status}"
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        return f"{call.method} {call.path}: content type {response.headers.get('Content-Type')!r}"
    try:
        model = operation(call.operation).response if call.status == 200 else ApiError
        model.model_validate_json(response.content)
    except ValueError as error:
        return f"{call.method} {call.path}: body does not match its schema ({str(error)[:200]})"
    return None


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc); None where it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class _BackendHandler(BaseHTTPRequestHandler):
    """A partner back end that answers every contract route in the contract's own shapes."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real service answers
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall
    documents: dict[str, bytes] = {}
    latency_seconds = 0.0  # how long the service thinks before it answers (the capacity benchmark's knob)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        document = self.documents.get(self.path.split("?", 1)[0].lstrip("/"))
        if self.latency_seconds:
            time.sleep(self.latency_seconds)
        self.send_response(200 if document else 404)
        payload = document or b'{"errorCode": "NOT_FOUND"}'
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_POST = do_GET


def _backend_documents() -> dict[str, bytes]:
    # Items for every operation; its record summary has two broken ones, which the pipeline drops.
    from tests.support.contract_items import answer
    from tests.support.sources import CountingSource

    source, documents = CountingSource(), {}
    for op in OPERATIONS:
        envelope = answer(op, getattr(source, op.key)(None, None))
        documents[op.route] = json.dumps(envelope, default=lambda v: v.isoformat() if isinstance(v, datetime) else v)
    return {route: document.encode() for route, document in documents.items()}


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


@contextmanager
def local_backend(latency_seconds: float = 0.0) -> Iterator[str]:
    """The back end on loopback, answering after `latency_seconds`; yields its URL."""
    handler = type(
        "Handler", (_BackendHandler,), {"documents": _backend_documents(), "latency_seconds": latency_seconds}
    )
    with serve(handler, backlog=256 if latency_seconds else 5) as url:  # the capacity part's callers connect at once
        yield url


@dataclass
class Level:
    concurrency: int
    requests: int
    seconds: float
    errors: Counter = field(default_factory=Counter)
    rss_after: int | None = None

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Report:
    source: str
    levels: list[Level]
    rss_baseline: int | None  # after the warm-up
    rss_final: int | None

    @property
    def error_count(self) -> int:
        return sum(level.error_count for level in self.levels)

    @property
    def rss_growth(self) -> int | None:
        if self.rss_baseline is None or self.rss_final is None:
            return None
        return self.rss_final - self.rss_baseline

    def memory_is_flat(self) -> bool:
        """Growth after the warm-up within a quarter of the baseline or 32 MiB, whichever is more.

        Generous on purpose: allocators keep freed memory and the machine is shared; a leak of a
        few kilobytes per request still shows over a long run.
        """
        growth = self.rss_growth
        return growth is None or growth <= max(0.25 * self.rss_baseline, 32 * MIB)

    def lines(self) -> list[str]:
        out = [f"soak through the local host, source {self.source}"]
        for level in self.levels:
            memory = f", host RSS {level.rss_after / MIB:.1f} MiB" if level.rss_after else ""
            out.append(
                f"  concurrency {level.concurrency:>3}: {level.requests} requests, {level.error_count} errors, "
                f"{level.requests / level.seconds:,.0f} requests/s{memory}"
            )
            out += [f"      {count} x {error}" for error, count in level.errors.most_common(5)]
        if self.rss_growth is not None:
            out.append(
                f"  host RSS after warm-up {self.rss_baseline / MIB:.1f} MiB, at the end "
                f"{self.rss_final / MIB:.1f} MiB ({self.rss_growth / MIB:+.1f} MiB)"
            )
        return out


def _run_level(base_url: str, calls: list[Call], concurrency: int, count: int, languages: Iterator[str]) -> Level:
    sessions = threading.local()
    work = [(call, next(languages), n) for n, call in zip(range(count), itertools.cycle(calls), strict=False)]

    def one(item: tuple[Call, str, int]) -> str | None:
        call, language, n = item
        if not hasattr(sessions, "session"):
            sessions.session = requests.Session()
        headers = {
            "Accept-Language": language,
            "x-ms-client-request-id": f"soak-{concurrency}-{n}",
            "x-ms-user-agent": "sales-copilot",
        }
        if call.body is not None:
            headers["Content-Type"] = call.content_type
        try:
            response = sessions.session.request(
                call.method, f"{base_url}/{call.path}", params=call.params, data=call.body, headers=headers, timeout=30
            )
        except requests.RequestException as error:
            return f"{call.method} {call.path}: no answer ({type(error).__name__})"
        return check(call, response)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(one, work))
    level = Level(concurrency, count, time.perf_counter() - started)
    level.errors.update(outcome for outcome in outcomes if outcome)
    return level


def soak(
    source: str = "sample", concurrency: tuple[int, ...] = (1, 8, 32), requests_per_level: int = 5000, threads: int = 8
) -> Report:
    """Warm up, then run each concurrency level in turn against a fresh local host."""
    calls, languages = mixed_calls(), itertools.cycle(LANGUAGES)
    with _source_env(source) as env, local_host({**os.environ, **env}, threads) as (base_url, pid):
        _run_level(base_url, calls, max(concurrency), len(calls) * 4, languages)  # imports, caches, pools
        baseline = rss_bytes(pid)
        levels = []
        for width in concurrency:
            level = _run_level(base_url, calls, width, requests_per_level, languages)
            level.rss_after = rss_bytes(pid)
            levels.append(level)
        return Report(source, levels, baseline, rss_bytes(pid))


@contextmanager
def _source_env(source: str) -> Iterator[dict[str, str]]:
    if source != "backend":
        yield {"CONNECTOR_SOURCE": source}
        return
    with local_backend() as backend_url:
        yield {"CONNECTOR_SOURCE": "backend", "BACKEND_BASE_URL": backend_url}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="sample", help="sample, backend, or module:Class (default sample)")
    parser.add_argument("--requests", type=int, default=5000, help="requests per concurrency level")
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated levels (default 1,8,32)")
    parser.add_argument("--threads", type=int, default=8, help="the host's worker threads")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="through the back-end source, against a back end with every fault of benchmarks/faults.py",
    )
    args = parser.parse_args(argv)
    levels = tuple(int(width) for width in args.concurrency.split(","))
    if args.faults:
        from benchmarks.faults import soak_faults

        fault_report = soak_faults(levels, args.requests, args.threads)
        print("\n".join(fault_report.lines()))
        print(
            "held: no errors, no cross-talk, all in budget, threads and sockets flat"
            if fault_report.held()
            else "FAILED: errors, late answers, or threads or sockets grew"
        )
        return 0 if fault_report.held() else 1
    report = soak(args.source, levels, args.requests, args.threads)
    print("\n".join(report.lines()))
    held = report.error_count == 0 and report.memory_is_flat()
    print("held: no errors, memory flat" if held else "FAILED: errors, or memory grew")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
