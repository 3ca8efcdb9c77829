"""The opt-in telemetry backend: the Azure Monitor OpenTelemetry distro, OpenCensus' supported successor.

Selected by `CONNECTOR_TELEMETRY_BACKEND=opentelemetry`, installed from `requirements-opentelemetry.txt`.
It sends the same items as the OpenCensus backend: each call and back-end call becomes a finished span
(server or client kind) with the call's own ids, handed to a `BatchSpanProcessor` whose thread sends
it through `AzureMonitorTraceExporter`; the connector's logger gets a `LoggingHandler` whose records
(warnings, and unexpected errors with their stack trace as exception items) carry the call's trace.

Why not `configure_azure_monitor()`: it installs process-wide providers (once per process) and
instruments `requests`, `urllib3` and more, which would record every back-end call a second time, with
its full URL. The connector builds the same pipeline from the distro's parts, for its own items only.

Imported only when a connection string is set and this backend is chosen.
"""

from __future__ import annotations

import logging
import warnings

from azure.monitor.opentelemetry.exporter import AzureMonitorLogExporter, AzureMonitorTraceExporter
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.instrumentation.logging.handler import LoggingHandler
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanContext, SpanKind, Status, StatusCode, TraceFlags

from connector.context import RequestContext, current_request
from connector.telemetry.items import LOGGER_NAME, BackendOptions, DependencyItem, Item, RequestItem, log_dimensions

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAMPLE_RATE = "_MS.sampleRate"  # the attribute Azure Monitor's exporter reads the envelope's sampleRate from


def _span_context(trace_id: str, span_id: str) -> SpanContext:
    return SpanContext(int(trace_id, 16), int(span_id, 16), is_remote=False, trace_flags=TraceFlags(TraceFlags.SAMPLED))


def _nanoseconds(item: Item) -> tuple[int, int]:
    start = int(item.started.timestamp() * 1e9)
    return start, start + int(item.duration_ms * 1e6)


class _CorrelatedLoggingHandler(LoggingHandler):
    """Sends a connector log record with its call's trace, request id and identifiers as dimensions."""

    closed = False  # set by the backend's close: logging's own flush at exit would wait 30 s on a hanging endpoint

    def flush(self) -> None:
        if not self.closed:
            super().flush()

    def emit(self, record: logging.LogRecord) -> None:
        # A copy: other handlers see the record as it was logged. The handler sends a record's extra
        # fields as dimensions, so the context object itself is taken out and its identifiers put in.
        record = logging.makeLogRecord(record.__dict__)
        context: RequestContext | None = record.__dict__.pop("request_context", None) or current_request()
        if context is None:
            super().emit(record)
            return
        record.__dict__.update(log_dimensions(context))
        trace_span = trace.NonRecordingSpan(_span_context(context.trace.trace_id, context.trace.span_id))
        token = otel_context.attach(trace.set_span_in_context(trace_span))
        try:
            super().emit(record)
        finally:
            otel_context.detach(token)


class OpenTelemetryBackend:
    def __init__(self, backend_options: BackendOptions) -> None:
        options = {
            "connection_string": backend_options.connection_string,
            # A function app's disk is not a safe place to keep telemetry for later: instances come and go.
            "disable_offline_storage": True,
            # Passed even when None, so that the exporter never builds a credential of its own from the
            # environment: the connector's setting is the one place that decides.
            "credential": backend_options.credential,
        }
        self._resource = Resource.create({SERVICE_NAME: backend_options.cloud_role_name})  # the cloud role name
        # The exporter reads the resource from a tracer provider; this one is ours, not the global one.
        provider = TracerProvider(resource=self._resource, shutdown_on_exit=False)
        interval_ms = backend_options.export_interval_seconds * 1000
        self._spans = BatchSpanProcessor(
            AzureMonitorTraceExporter(tracer_provider=provider, **options), schedule_delay_millis=interval_ms
        )
        self._logs = LoggerProvider(resource=self._resource, shutdown_on_exit=False)
        self._logs.add_log_record_processor(
            BatchLogRecordProcessor(AzureMonitorLogExporter(**options), schedule_delay_millis=interval_ms)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self._handler = _CorrelatedLoggingHandler(level=logging.INFO, logger_provider=self._logs)
        self._logger = logging.getLogger(LOGGER_NAME)
        self._logger.addHandler(self._handler)

    def _finish(self, kind: SpanKind, item: Item, attributes: dict[str, object]) -> None:
        start, end = _nanoseconds(item)
        if item.sample_rate < 100:
            attributes[_SAMPLE_RATE] = item.sample_rate
        ids = item.trace
        span = ReadableSpan(
            name=item.name,
            context=_span_context(ids.trace_id, ids.span_id),
            parent=_span_context(ids.trace_id, ids.parent_span_id) if ids.parent_span_id else None,
            resource=self._resource,
            attributes=attributes,
            kind=kind,
            status=Status(StatusCode.OK if item.success else StatusCode.ERROR),
            start_time=start,
            end_time=end,
        )
        self._spans.on_end(span)

    def send_request(self, item: RequestItem) -> None:
        # Method and status as HTTP attributes (the exporter's result code); no route or URL attribute,
        # or the exporter would rename the request "METHOD route" instead of the operationId.
        attributes = {"http.request.method": item.dimensions["method"], "http.response.status_code": item.status}
        self._finish(SpanKind.SERVER, item, {**attributes, **item.dimensions})

    def send_dependency(self, item: DependencyItem) -> None:
        # The exporter names an HTTP dependency "METHOD path" and takes its target from server.*.
        attributes: dict[str, object] = dict(item.dimensions)
        method, _, path = item.name.partition(" ")
        host, _, port = item.target.partition(":")
        if method.isalpha() and method.isupper() and path.startswith("/"):
            # The path template, never a path with values or a query string.
            attributes.update({"http.request.method": method, "url.full": f"{item.scheme}://{item.target}{path}"})
        attributes["server.address"] = host
        attributes["server.port"] = int(port) if port.isdigit() else _DEFAULT_PORTS.get(item.scheme, 443)
        if item.status is not None:
            attributes["http.response.status_code"] = item.status
        self._finish(SpanKind.CLIENT, item, attributes)

    def close(self, timeout: float) -> None:
        """Send what is pending and stop; telemetry.shutdown bounds the wait (see there)."""
        self._logger.removeHandler(self._handler)
        self._handler.closed = True
        self._spans.shutdown()
        self._logs.shutdown()
