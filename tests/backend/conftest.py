"""Fixtures for the back-end source: a scripted back end on loopback and the connector pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.backend_server import BackendServer

BUDGET_SECONDS = 1.0  # the request budget in these tests: small, so slow back ends cost little time
BASE_PATH = "/partner/v1"


def start_backend() -> BackendServer:
    return BackendServer().start()


def settings_for(server: BackendServer, **extra: str) -> dict[str, str]:
    """The app settings of a connector forwarding to `server` with a one-second budget, plus `extra`."""
    return {
        "CONNECTOR_SOURCE": "backend",
        "BACKEND_BASE_URL": server.url + BASE_PATH,
        "CONNECTOR_DEADLINE_SECONDS": str(BUDGET_SECONDS),
        **extra,
    }


@pytest.fixture
def backend(configure) -> Iterator[BackendServer]:
    """A scripted back end, and the connector configured to forward to it (see `settings_for`)."""
    server = start_backend()
    configure(**settings_for(server))
    yield server
    server.stop()
