"""Shared fixtures: an isolated environment, the app's indexed functions, and the real local host."""

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
for _name in list(os.environ):
    if _name.startswith(("CONNECTOR_", "BACKEND_")) or _name in (
        "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"
    ):
        del os.environ[_name]

from connector.settings import reload_settings  # noqa: E402
from connector.sources import reset_source  # noqa: E402
from connector.tools.devhost import FunctionHost, create_server, indexed_functions  # noqa: E402
from function_app import app  # noqa: E402


@pytest.fixture(scope="session")
def functions() -> dict[str, Any]:
    """The app's functions by name, indexed once as the worker does."""
    return {f.get_function_name(): f for f in indexed_functions(app)}


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch):
    """Set app settings for one test; the source and settings are rebuilt from them."""

    def apply(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        reload_settings()
        reset_source()

    yield apply
    monkeypatch.undo()
    reload_settings()
    reset_source()


@pytest.fixture
def call(functions):
    """Call an operation's function directly with a hand-built request, as the worker would."""

    def invoke(
        name: str,
        params: dict[str, str] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> func.HttpResponse:
        function = functions[name]
        method = str(function.get_trigger().methods[0].value)
        raw = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        request_headers = {"content-type": "application/json"} if method == "POST" else {}
        request_headers.update(headers or {})
        request = func.HttpRequest(
            method, f"http://localhost/api/{function.get_trigger().route}", headers=request_headers,
            params=params or {}, body=raw or b"",
        )
        return function.get_user_function()(request)

    return invoke


@pytest.fixture(scope="session")
def local_host() -> Iterator[str]:
    """The real local host (waitress serving the app's registered functions) on a free port."""
    server = create_server(FunctionHost(app), host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/api"
    server.close()


def body_of(response: func.HttpResponse) -> Any:
    return json.loads(response.get_body())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A telemetry test points an exporter at a closed port on purpose; its background retries may
    # outlive the session and must not print after pytest's closing line.
    logging.getLogger("azure.monitor.opentelemetry.exporter").setLevel(logging.CRITICAL)
