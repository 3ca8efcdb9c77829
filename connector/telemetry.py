"""Where telemetry attaches: the pipeline reports each call here, the back-end source each back-end call.

This module decides *what* Application Insights receives; a backend module decides *how* it is sent:
`telemetry_opencensus` (the default) or `telemetry_opentelemetry` (`CONNECTOR_TELEMETRY_BACKEND`).
Nothing else in the code imports a telemetry SDK.

- Without `APPLICATIONINSIGHTS_CONNECTION_STRING` no backend is built and no SDK is imported: a
  call costs a function call.
- No personal data leaves: items carry identifiers and counts only, never input values (no email
  text, subject, addresses, prompt, account name or query string).
- Sending happens on the backend's own thread: an ingestion endpoint that is down, slow or refusing
  never delays or fails a call, and no failure of telemetry itself reaches the caller.
"""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from connector.context import RequestContext
from connector.host import route_path
from connector.settings import Settings, settings
from connector.tracecontext import Trace

logger = logging.getLogger("connector")

# The logger every backend attaches its handler to: the connector's own, never the root logger (the
# Functions worker already forwards the root logger's records, so a second handler there duplicates them).
LOGGER_NAME = "connector"
# How often a backend's thread sends what has been queued, and how long shutdown waits for the rest.
EXPORT_INTERVAL_SECONDS = 5.0
SHUTDOWN_SECONDS = 4.0  # with the rest of a stopping process, an exit within the five seconds docs promise


@dataclass(frozen=True)
class RequestItem:
    """One answered call, as Application Insights' request item."""

    trace: Trace
    name: str  # the operationId
    url: str  # the route, never the query string
    started: datetime
    duration_ms: float
    status: int
    success: bool
    dimensions: dict[str, str]
    sample_rate: float


@dataclass(frozen=True)
class DependencyItem:
    """One call to the partner back end, as Application Insights' dependency item."""

    trace: Trace  # span_id is the dependency's own id; parent_span_id the request's
    name: str  # "METHOD /path/template"
    target: str  # host[:port]
    scheme: str
    started: datetime
    duration_ms: float
    status: int | None
    success: bool
    dimensions: dict[str, str]
    sample_rate: float


class Backend(Protocol):
    """How items reach Application Insights. Built only when a connection string is set."""

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


def request_dimensions(context: RequestContext, method: str, route: str) -> dict[str, str]:
    facts = context.facts
    dimensions = {
        **log_dimensions(context),
        "method": method,
        "route": route,
        "language": context.language,
        "source": settings().source,
    }
    if context.accept_language:
        dimensions["acceptLanguage"] = context.accept_language
    if facts.get("crm_type"):
        dimensions["crmType"] = str(facts["crm_type"])
    if "item_count" in facts:
        dimensions["itemCount"] = str(facts["item_count"])
    if "has_more_results" in facts:
        dimensions["hasMoreResults"] = str(facts["has_more_results"]).lower()
    if facts.get("invalid_parameters"):
        dimensions["invalidParameters"] = ",".join(map(str, facts["invalid_parameters"]))  # names only
    if facts.get("dropped_items"):
        dimensions["droppedItems"] = str(facts["dropped_items"])
    return dimensions


def sampling_score(trace_id: str) -> float:
    """Application Insights' sampling score of an operation id, in [0, 1].

    The same hash every Application Insights SDK uses, so that a call and the calls it makes are kept
    or dropped together, and together with the Functions host's own items.
    """
    value = 5381
    for char in trace_id.lower():
        value = ((value << 5) + value + ord(char) + 2**31) % 2**32 - 2**31  # djb2 with int32 overflow
    return min(abs(value), 2**31 - 1) / (2**31 - 1)


def _sampled(config: Settings, trace: Trace) -> bool:
    percentage = config.telemetry_sampling_percentage
    return percentage >= 100 or (percentage > 0 and sampling_score(trace.trace_id) < percentage / 100)


_lock = threading.Lock()
_backend: Backend | None = None
_refused: Settings | None = None  # settings a backend could not be built from: not tried again


def active_backend() -> Backend | None:
    """The backend for the current settings, built on first use; None when telemetry is off."""
    global _backend, _refused
    config = settings()
    if _backend is not None or not config.telemetry_connection_string or config == _refused:
        return _backend
    with _lock:
        if _backend is None and config != _refused:
            try:
                _backend = _build(config)
            except Exception:
                # e.g. a connection string without an instrumentation key: say so once, and serve on.
                _refused = config
                logger.exception("Telemetry is off: no %s exporter could be built", config.telemetry_backend)
    return _backend


def _build(config: Settings) -> Backend:
    if config.telemetry_backend == "opentelemetry":
        from connector.telemetry_opentelemetry import OpenTelemetryBackend

        return OpenTelemetryBackend(config, logging.getLogger(LOGGER_NAME))
    from connector.telemetry_opencensus import OpenCensusBackend

    return OpenCensusBackend(config, logging.getLogger(LOGGER_NAME))


def start() -> None:
    """Build the backend if telemetry is on, so that what the call logs is sent too. Never raises."""
    try:
        active_backend()
    except Exception:
        logger.warning("Telemetry could not start", exc_info=True)


def shutdown(timeout: float = SHUTDOWN_SECONDS) -> None:
    """Send pending telemetry and stop the backend, returning within `timeout` seconds whatever the
    ingestion endpoint does; the next call builds it again from the settings."""
    global _backend
    with _lock:
        backend, _backend = _backend, None
    if backend is not None:
        # The SDKs' own waits add up (a send in flight, then each part's grace period): one bound for all.
        closing = threading.Thread(target=backend.close, args=(timeout,), name="telemetry-shutdown", daemon=True)
        closing.start()
        closing.join(timeout)


atexit.register(shutdown)


def _started(duration_ms: float) -> datetime:
    return datetime.now(UTC) - timedelta(milliseconds=duration_ms)


def track_request(
    context: RequestContext,
    *,
    operation_id: str,
    method: str,
    route: str,
    status: int,
    duration_ms: float,
    error: BaseException | None = None,
) -> None:
    """One call has been answered. `error` is an unexpected exception, if there was one."""
    start()
    if error is not None:
        # Through the connector's logger: the worker's log shows it, and a backend's handler sends it as
        # an exception item with its stack trace, correlated to the call.
        logger.error(
            "Unhandled error in %s (request %s)", operation_id, context.request_id,
            exc_info=error, extra={"request_context": context},
        )
    try:
        backend = active_backend()
        if backend is None or not _sampled(settings(), context.trace):
            return
        backend.send_request(
            RequestItem(
                trace=context.trace,
                name=operation_id,
                url=route_path(route),
                started=_started(duration_ms),
                duration_ms=duration_ms,
                status=status,
                success=status < 400,  # Application Insights' rule: a refused input is a failed request too
                dimensions=request_dimensions(context, method, route),
                sample_rate=settings().telemetry_sampling_percentage,
            )
        )
    except Exception:  # telemetry never fails a call
        logger.warning("Telemetry for request %s was not recorded", context.request_id, exc_info=True)


def track_dependency(
    context: RequestContext | None,
    *,
    target: str,
    name: str,
    duration_ms: float,
    status: int | None,
    success: bool,
    scheme: str = "https",
    trace: Trace | None = None,
) -> None:
    """One call to the partner back end has ended (`status` None when no answer came).

    `trace` is the dependency's own span, the one whose `traceparent` the back end received; without
    it, a new span under the call's.

    `target` is the back end's host (and port), `name` the method and path template, e.g.
    `GET /records/{recordId}/activities`: never a path with values in it, nor a query string.
    `scheme` is the back end's URL scheme.
    """
    try:
        backend = active_backend()
        if backend is None or context is None or not _sampled(settings(), context.trace):
            return
        backend.send_dependency(
            DependencyItem(
                trace=trace or context.trace.child(),
                name=name,
                target=target,
                scheme=scheme,
                started=_started(duration_ms),
                duration_ms=duration_ms,
                status=status,
                success=success,
                dimensions=log_dimensions(context),
                sample_rate=settings().telemetry_sampling_percentage,
            )
        )
    except Exception:  # telemetry never fails a call
        logger.warning("Telemetry for a back-end call was not recorded", exc_info=True)
