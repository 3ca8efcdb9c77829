"""Where telemetry attaches: the pipeline reports each call here, the back-end source each back-end call.

`Telemetry` (this module) decides *what* Application Insights receives; a backend module decides
*how* it is sent: `opencensus_backend` (the default) or `opentelemetry_backend`
(`CONNECTOR_TELEMETRY_BACKEND`). Both build on `items` (the item types and the `Backend`
interface), which imports nothing of this package. Nothing else in the code imports a telemetry SDK.
The app builds one `Telemetry` from its settings and hands it to the pipeline and the source.

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
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connector.context import RequestContext
    from connector.settings import Settings
    from connector.telemetry.items import Backend
    from connector.tracecontext import Trace

__all__ = ["Backend", "DependencyItem", "RequestItem", "Telemetry", "log_dimensions", "sampling_score"]

# Indexing builds a `Telemetry` but sends nothing: the item types (and the request context they
# name) are imported when a backend is built or something is logged, not at start.
_ITEMS_EXPORTS = frozenset({"Backend", "DependencyItem", "RequestItem", "log_dimensions"})


def __getattr__(name: str) -> Any:
    if name in _ITEMS_EXPORTS:
        from connector.telemetry import items

        return getattr(items, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _logger() -> logging.Logger:
    from connector.telemetry.items import LOGGER_NAME

    return logging.getLogger(LOGGER_NAME)


# How often a backend's thread sends what has been queued, and how long shutdown waits for the rest.
EXPORT_INTERVAL_SECONDS = 5.0
SHUTDOWN_SECONDS = 4.0  # with the rest of a stopping process, an exit within the five seconds docs promise


def request_dimensions(context: RequestContext, method: str, route: str, source: str) -> dict[str, str]:
    from connector.telemetry.items import log_dimensions

    facts = context.facts
    dimensions = {
        **log_dimensions(context),
        "method": method,
        "route": route,
        "language": context.language,
        "source": source,
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


def _started(duration_ms: float) -> datetime:
    return datetime.now(UTC) - timedelta(milliseconds=duration_ms)


class _Closer:
    """Closes a backend when asked, within a bound: the SDKs' own waits add up (a send in flight, then each
    part's grace period), so the close runs in a thread joined with one timeout. The thread starts with the
    backend, since an exiting interpreter may start none (Python 3.12.0 and 3.12.1 refuse in atexit)."""

    def __init__(self, backend: Backend) -> None:
        self._asked = threading.Event()
        self._timeout = 0.0
        self._thread = threading.Thread(target=self._run, args=(backend,), name="telemetry-shutdown", daemon=True)
        self._thread.start()

    def _run(self, backend: Backend) -> None:
        self._asked.wait()
        backend.close(self._timeout)

    def close(self, timeout: float) -> None:
        self._timeout = timeout
        self._asked.set()
        self._thread.join(timeout)


class Telemetry:
    """The app's telemetry: one per app, built from its settings; every method is safe to call and never raises.

    The backend is built on the first call (so an app that is only indexed imports no SDK) and again
    after `shutdown`. A connection string no backend can use turns telemetry off, said once in the log.
    """

    def __init__(self, settings: Settings, *, export_interval_seconds: float = EXPORT_INTERVAL_SECONDS) -> None:
        self.settings = settings
        self.export_interval_seconds = export_interval_seconds
        self._lock = threading.Lock()
        self._backend: Backend | None = None
        self._closer: _Closer | None = None
        self._refused = False  # no backend could be built from these settings: not tried again

    @property
    def backend(self) -> Backend | None:
        """The backend, built on first use; None when telemetry is off."""
        if self._backend is not None or not self.settings.telemetry_connection_string or self._refused:
            return self._backend
        with self._lock:
            if self._backend is None and not self._refused:
                try:
                    self._backend = self._build()
                except Exception:
                    # e.g. a connection string without an instrumentation key: say so once, and serve on.
                    self._refused = True
                    _logger().exception(
                        "Telemetry is off: no %s exporter could be built", self.settings.telemetry_backend
                    )
                else:
                    self._closer = _Closer(self._backend)
                    atexit.register(self.shutdown)  # a stopping host sends what is pending
        return self._backend

    def _build(self) -> Backend:
        from connector.telemetry.credential import telemetry_credential
        from connector.telemetry.items import BackendOptions

        options = BackendOptions(
            connection_string=self.settings.telemetry_connection_string,
            cloud_role_name=self.settings.cloud_role_name,
            export_interval_seconds=self.export_interval_seconds,
            # Entra ID: a managed identity's credential when APPLICATIONINSIGHTS_AUTHENTICATION_STRING asks.
            credential=telemetry_credential(self.settings.telemetry_authentication),
        )
        if self.settings.telemetry_backend == "opentelemetry":
            from connector.telemetry.opentelemetry_backend import OpenTelemetryBackend

            return OpenTelemetryBackend(options)
        from connector.telemetry.opencensus_backend import OpenCensusBackend

        return OpenCensusBackend(options)

    def start(self) -> None:
        """Build the backend if telemetry is on, so that what a call logs is sent too. Never raises."""
        try:
            self.backend  # noqa: B018 - building it is the point
        except Exception:
            _logger().warning("Telemetry could not start", exc_info=True)

    def shutdown(self, timeout: float = SHUTDOWN_SECONDS) -> None:
        """Send pending telemetry and stop the backend, returning within `timeout` seconds whatever the
        ingestion endpoint does; the next call builds it again."""
        with self._lock:
            backend, self._backend = self._backend, None
            closer, self._closer = self._closer, None
        if backend is not None and closer is not None:
            atexit.unregister(self.shutdown)
            # The SDKs' own waits add up (a send in flight, then each part's grace period): one bound for all.
            closer.close(timeout)

    def _sampled(self, trace: Trace) -> bool:
        percentage = self.settings.telemetry_sampling_percentage
        return percentage >= 100 or (percentage > 0 and sampling_score(trace.trace_id) < percentage / 100)

    def track_request(
        self,
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
        if error is not None:
            # Through the connector's logger: the worker's log shows it, and a backend's handler sends it as
            # an exception item with its stack trace, correlated to the call.
            _logger().error(
                "Unhandled error in %s (request %s)",
                operation_id,
                context.request_id,
                exc_info=error,
                extra={"request_context": context},
            )
        try:
            backend = self.backend
            if backend is None or not self._sampled(context.trace):
                return
            from connector.host import route_path
            from connector.telemetry.items import RequestItem

            backend.send_request(
                RequestItem(
                    trace=context.trace,
                    name=operation_id,
                    url=route_path(route),
                    started=_started(duration_ms),
                    duration_ms=duration_ms,
                    status=status,
                    success=status < 400,  # Application Insights' rule: a refused input is a failed request too
                    dimensions=request_dimensions(context, method, route, self.settings.source),
                    sample_rate=self.settings.telemetry_sampling_percentage,
                )
            )
        except Exception:  # telemetry never fails a call
            _logger().warning("Telemetry for request %s was not recorded", context.request_id, exc_info=True)

    def track_dependency(
        self,
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
            backend = self.backend
            if backend is None or context is None or not self._sampled(context.trace):
                return
            from connector.telemetry.items import DependencyItem, log_dimensions

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
                    sample_rate=self.settings.telemetry_sampling_percentage,
                )
            )
        except Exception:  # telemetry never fails a call
            _logger().warning("Telemetry for a back-end call was not recorded", exc_info=True)
