"""What telemetry sends, and what a backend must do to send it: the items and the `Backend` interface.

The facade (`connector.telemetry`) builds the items; a backend module turns them into what its SDK
sends. This module imports nothing of the telemetry package, so neither side imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from connector.context import RequestContext
from connector.tracecontext import Trace

# The logger every backend attaches its handler to: the connector's own, never the root logger (the
# Functions worker already forwards the root logger's records, so a second handler there duplicates them).
LOGGER_NAME = "connector"


@dataclass(frozen=True)
class Item:
    """What every item has: its span, name, timing, outcome, dimensions and sampling rate."""

    trace: Trace
    name: str
    started: datetime
    duration_ms: float
    success: bool
    dimensions: dict[str, str]
    sample_rate: float


@dataclass(frozen=True)
class RequestItem(Item):
    """One answered call, as Application Insights' request item; `name` is the operationId."""

    url: str  # the route, never the query string
    status: int


@dataclass(frozen=True)
class DependencyItem(Item):
    """One call to the partner back end, as Application Insights' dependency item; `name` is
    "METHOD /path/template", and `trace.span_id` the dependency's own id (its parent the request's)."""

    target: str  # host[:port]
    scheme: str
    status: int | None


@dataclass(frozen=True)
class BackendOptions:
    """What every backend is built from: the app's telemetry settings, resolved."""

    connection_string: str
    cloud_role_name: str
    export_interval_seconds: float  # how often the backend's thread sends what has been queued
    credential: object = None  # an Entra ID token credential (see `credential`), or None: the key alone


class Backend(Protocol):
    """How items reach Application Insights. Built only when a connection string is set, from `BackendOptions`;
    its log handler goes on the `LOGGER_NAME` logger."""

    def send_request(self, item: RequestItem) -> None: ...
    def send_dependency(self, item: DependencyItem) -> None: ...
    def close(self, timeout: float) -> None:
        """Send what is pending (waiting at most `timeout` seconds) and stop."""


def log_dimensions(context: RequestContext) -> dict[str, str]:
    """What every item of a call carries, logs and exceptions included: identifiers only."""
    dimensions = {"clientRequestId": context.request_id, "operationKey": context.operation_key}
    if context.user_agent:
        dimensions["userAgent"] = context.user_agent
    return dimensions
