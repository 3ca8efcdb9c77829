"""Shared fixtures: connectors built from explicit settings, their functions, and the local host.

A test that needs settings of its own calls `configure(NAME=value, ...)`: it builds a connector
from exactly those app settings, as `function_app.py` builds the real one from the environment,
and makes it the one `call` and the local host reach until the test ends.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

import azure.functions as func
import pytest

# Set before anything imports an exporter: no test may reach the internet.
os.environ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL"] = "true"
# Child processes (the serve command, the benchmarks) read the environment: start them from defaults,
# whatever the developer's shell has set.
for _name in list(os.environ):
    if _name.startswith(("CONNECTOR_", "BACKEND_")) or _name in (
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ):
        del os.environ[_name]

from connector.host import route_prefix  # noqa: E402
from connector.tools.devhost import create_server, indexed_functions  # noqa: E402
from tests.support.app import BuiltConnector, Connectors, build_connector  # noqa: E402
from tests.support.loopback import UNEXPECTED  # noqa: E402
from tests.support.wsgi import HostClient  # noqa: E402

_connectors = Connectors()


@pytest.fixture(scope="session")
def functions() -> dict[str, Any]:
    """function_app.py's functions by name, indexed once as the worker does."""
    from function_app import app

    return {f.get_function_name(): f for f in indexed_functions(app)}


@pytest.fixture
def configure() -> Iterator[Any]:
    """Build a connector from the given app settings and make it the current one for this test."""
    built: list[BuiltConnector] = []

    def apply(export_interval_seconds: float | None = None, **values: str) -> BuiltConnector:
        options = {} if export_interval_seconds is None else {"export_interval_seconds": export_interval_seconds}
        connector = build_connector(values, **options)
        built.append(connector)
        return _connectors.push(connector)

    yield apply
    _connectors.pop(reversed(built))


@pytest.fixture(scope="session")
def connectors() -> Connectors:
    """Every connector of the session; a module that serves one connector throughout pushes its own."""
    return _connectors


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch):
    """Set app settings in the process environment, for the commands that read it as the app does
    (check-backend, check --local-app); the in-process connector is `configure`'s."""

    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return apply


@pytest.fixture
def connector() -> BuiltConnector:
    """The current connector: the last one this test configured, else one with default settings."""
    return _connectors.current()


@pytest.fixture
def call():
    """Call an operation's function directly with a hand-built request, as the worker would."""

    def invoke(
        name: str,
        params: dict[str, str] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> func.HttpResponse:
        function = _connectors.current().functions[name]
        method = str(function.get_trigger().methods[0].value)
        raw = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        request_headers = {"content-type": "application/json"} if method == "POST" else {}
        request_headers.update(headers or {})
        request = func.HttpRequest(
            method,
            f"http://localhost/{route_prefix()}/{function.get_trigger().route}",
            headers=request_headers,
            params=params or {},
            body=raw or b"",
        )
        return function.get_user_function()(request)

    return invoke


@pytest.fixture(scope="session")
def local_host() -> Iterator[HostClient]:
    """The local host's WSGI app for the current connector, spoken to over HTTP in this process (no port).

    A `requests.Session`: `local_host.get(f"{local_host.api}/enhanceskills/...")`.
    """
    with HostClient(_connectors.wsgi, prefix=route_prefix()) as client:
        yield client


@pytest.fixture(scope="session")
def served_host() -> Iterator[str]:
    """The real local host (waitress serving the current connector) on a port the server chose itself;
    for tests of what reaches the wire: raw bytes, and commands that make their own connections."""
    server = create_server(_connectors.wsgi, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/{route_prefix()}"
    server.close()


@pytest.fixture(autouse=True)
def loopback_servers_stay_quiet() -> Iterator[None]:
    """A loopback server that printed a traceback during a test fails that test: a green run prints
    none, so that a real one is seen (tests/support/loopback.py drops a client's hang-up)."""
    printed = len(UNEXPECTED)
    yield
    assert UNEXPECTED[printed:] == [], "a loopback server printed a traceback:\n" + "".join(UNEXPECTED[printed:])


def body_of(response: func.HttpResponse) -> Any:
    return json.loads(response.get_body())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _connectors.close()
    # A telemetry test points an exporter at a closed port on purpose; its background retries may
    # outlive the session and must not print after pytest's closing line.
    logging.getLogger("azure.monitor.opentelemetry.exporter").setLevel(logging.CRITICAL)
