"""Many parallel calls through the local host share one bounded, kept-alive connection pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.backend.conftest import settings_for
from tests.support.backend_server import Reply

ACTIVITY = {"title": "Call with Ben", "description": "Discussed the renewal.", "dateTime": "2024-05-07T03:28:38Z"}
POOL_SIZE = 4
CALLS = 48


def test_parallel_calls_all_succeed_over_a_shared_bounded_pool(backend, local_host, configure):
    # A generous budget: this test is about sharing the pool, not about time.
    configure(**settings_for(backend, BACKEND_POOL_SIZE=str(POOL_SIZE), CONNECTOR_DEADLINE_SECONDS="4.5"))
    backend.default = Reply(delay=0.01, body={"value": [ACTIVITY]})

    def get(n: int):
        return local_host.get(
            f"{local_host.api}/enhanceskills/activities",
            params={"recordType": "account", "recordId": f"A-{n}"},
            headers={"x-ms-client-request-id": f"req-{n}"},
            timeout=30,
        )

    with ThreadPoolExecutor(max_workers=16) as callers:
        responses = list(callers.map(get, range(CALLS)))

    assert [r.status_code for r in responses] == [200] * CALLS
    assert all(r.json()["value"] == [ACTIVITY] for r in responses)
    # Each call reached the back end once, with its own id and inputs.
    assert sorted(r.headers["x-ms-client-request-id"] for r in backend.received) == sorted(
        f"req-{n}" for n in range(CALLS)
    )
    assert sorted(r.query["recordId"] for r in backend.received) == sorted(f"A-{n}" for n in range(CALLS))
    # Kept alive and shared: the back end saw a handful of connections, never more than the pool.
    assert 1 <= len({r.connection for r in backend.received}) <= POOL_SIZE
