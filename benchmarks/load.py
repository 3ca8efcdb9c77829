"""A small closed-loop load generator: N clients on keep-alive connections, each sending its next
request as soon as the previous answer arrives."""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from benchmarks.workload import Call


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0  # no HTTP answer at all (connection refused, reset, client timeout)
    wall_seconds: float = 0.0


def send(base_url: str, calls: list[Call], total: int, concurrency: int, timeout: float = 30) -> LoadResult:
    """Send `total` requests, cycling through `calls`, from `concurrency` clients at once."""
    target = urlsplit(base_url)
    jobs = itertools.islice(itertools.cycle(calls), total)
    jobs_lock, result_lock = threading.Lock(), threading.Lock()
    result = LoadResult()

    def client() -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=timeout)
        while True:
            with jobs_lock:
                call = next(jobs, None)
            if call is None:
                break
            started = time.perf_counter()
            try:
                connection.request(
                    call.op.method, f"{target.path}{call.path}", body=call.raw_body or None, headers=call.headers
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=timeout)
                status = None
            elapsed = (time.perf_counter() - started) * 1000
            with result_lock:
                result.latencies_ms.append(elapsed)
                if status is None:
                    result.failures += 1
                else:
                    result.statuses[status] = result.statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - began
    return result
