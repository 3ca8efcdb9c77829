"""Connectors that tests build for themselves, from explicit app settings.

Each is built the way `function_app.py` builds the real one (`Settings.from_env`, `build_source`,
`build_blueprint`), but from a mapping the test gives: no process environment, no cache to clear.
The conftest keeps a stack of them; `current()` is the one a test's calls and the local host reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import azure.functions as func

from connector.auth import http_auth_level
from connector.functions import build_blueprint
from connector.settings import Settings
from connector.sources import Source, build_source
from connector.telemetry import EXPORT_INTERVAL_SECONDS, Telemetry
from connector.tools.devhost import FunctionHost
from connector.tools.startup import close_source


@dataclass
class BuiltConnector:
    settings: Settings
    telemetry: Telemetry
    source: Source
    app: func.FunctionApp
    functions: dict[str, Any]  # name -> the indexed function, as the worker indexes it
    host: FunctionHost  # the local host's WSGI app for this connector

    def close(self) -> None:
        self.telemetry.shutdown(timeout=1)
        close_source(self.source)


def build_connector(
    values: Mapping[str, str] | None = None, *, export_interval_seconds: float = EXPORT_INTERVAL_SECONDS
) -> BuiltConnector:
    """A connector for these app settings; raises as the real start would (`StartupError`)."""
    settings = Settings.from_env(values or {})
    telemetry = Telemetry(settings, export_interval_seconds=export_interval_seconds)
    source = build_source(settings, telemetry)
    app = func.FunctionApp(http_auth_level=http_auth_level(settings.require_principal))
    app.register_functions(build_blueprint(settings, source, telemetry))
    host = FunctionHost(app)
    functions = {function.get_function_name(): function for function in host.indexed}
    return BuiltConnector(settings, telemetry, source, app, functions, host)


class Connectors:
    """The connectors built during a session: the default one (no settings) under a stack of overrides."""

    def __init__(self) -> None:
        self._default: BuiltConnector | None = None
        self._stack: list[BuiltConnector] = []

    def current(self) -> BuiltConnector:
        if self._stack:
            return self._stack[-1]
        if self._default is None:
            self._default = build_connector()
        return self._default

    def push(self, connector: BuiltConnector) -> BuiltConnector:
        self._stack.append(connector)
        return connector

    def pop(self, connectors: Iterable[BuiltConnector]) -> None:
        for connector in connectors:
            self._stack.remove(connector)
            connector.close()

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        """The current connector's local host, whichever it is when the request arrives."""
        return self.current().host(environ, start_response)

    def close(self) -> None:
        self.pop(list(self._stack))
        if self._default is not None:
            self._default.close()
