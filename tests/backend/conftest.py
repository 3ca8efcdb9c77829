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
def contract_mapping(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The contract's own mapping, whatever a partner made of connector/sources/backend/mapping.py:
    these tests are about forwarding, not about one partner's service (test_mapping.py checks theirs)."""
    from connector.sources.backend import mapping
    from connector.sources.backend.mapping_contract import CONTRACT_MAPPINGS

    monkeypatch.setattr(mapping, "MAPPINGS", dict(CONTRACT_MAPPINGS))
    return mapping.MAPPINGS


@pytest.fixture
def backend(configure, contract_mapping) -> Iterator[BackendServer]:
    """A scripted back end, and the connector configured to forward to it (see `settings_for`)."""
    server = start_backend()
    configure(**settings_for(server))
    yield server
    server.stop()
