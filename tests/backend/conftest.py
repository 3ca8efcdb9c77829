"""Fixtures for the back-end source: a scripted back end on loopback and the connector pointed at it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from connector.sources import active_source
from tests.support.backend_server import BackendServer

BUDGET_SECONDS = 1.0  # the request budget in these tests: small, so slow back ends cost little time
MARGIN_SECONDS = 0.5  # allowance for the test machine; a correctness bound, not a benchmark
BASE_PATH = "/partner/v1"


def start_backend() -> BackendServer:
    return BackendServer().start()


@pytest.fixture
def contract_mapping(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The contract's own mapping, whatever a partner made of connector/sources/backend/mapping.py:
    these tests are about forwarding, not about one partner's service (test_mapping.py checks theirs)."""
    from connector.sources.backend import mapping
    from connector.sources.backend.mapping_contract import CONTRACT_MAPPINGS

    monkeypatch.setattr(mapping, "MAPPINGS", dict(CONTRACT_MAPPINGS))
    return mapping.MAPPINGS


@pytest.fixture
def backend(configure, contract_mapping) -> Iterator[BackendServer]:
    """A scripted back end, and the connector configured to forward to it with a one-second budget."""
    server = start_backend()
    configure(
        CONNECTOR_SOURCE="backend",
        BACKEND_BASE_URL=server.url + BASE_PATH,
        CONNECTOR_DEADLINE_SECONDS=str(BUDGET_SECONDS),
    )
    yield server
    server.stop()
    source = active_source()
    if hasattr(source, "close"):
        source.close()


@pytest.fixture
def timed() -> Callable[..., tuple[Any, float]]:
    """Call a function and also return how long it took, in seconds."""

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
        started = time.monotonic()
        result = function(*args, **kwargs)
        return result, time.monotonic() - started

    return run
