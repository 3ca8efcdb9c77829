"""The default telemetry backend: opencensus-ext-azure, sending to Application Insights.

The connector builds its items itself (see `connector.telemetry`), so this module only turns them into
Application Insights envelopes and hands them to `AzureExporter`, whose worker thread batches and
sends them off the request path. The connector's logger gets an `AzureLogHandler`: warnings become
trace items and unexpected errors exception items with their stack trace, both correlated to the call.

Imported only when a connection string is set. OpenCensus is retired upstream; the OpenTelemetry
backend (`opentelemetry_backend`) is its successor.
"""

from __future__ import annotations

import atexit
import logging
import threading
import warnings
from collections.abc import Callable

from connector.context import current_request
from connector.telemetry.items import LOGGER_NAME, BackendOptions, DependencyItem, Item, RequestItem, log_dimensions

with warnings.catch_warnings():
    # opencensus announces its own retirement at import time.
    warnings.simplefilter("ignore", DeprecationWarning)
    from opencensus.ext.azure.common import Options, utils
    from opencensus.ext.azure.common.protocol import Data, Envelope, RemoteDependency, Request
    from opencensus.ext.azure.log_exporter import AzureLogHandler
    from opencensus.ext.azure.trace_exporter import AzureExporter


def _duration(milliseconds: float) -> str:
    """Application Insights' duration format, `d.hh:mm:ss.fff`."""
    seconds, ms = divmod(round(milliseconds), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}.{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


class _ItemExporter(AzureExporter):
    """AzureExporter's queue, worker thread and transport, for the connector's own items.

    A call only queues its item (immutable: a frozen dataclass of strings and a dict built for it);
    the worker thread turns each into its envelope when it sends the batch (`span_data_to_envelope`
    runs in `emit`, on that thread), so the Request, Data and Envelope objects cost the call nothing.
    """

    def __init__(self, *, to_envelope: Callable[[RequestItem | DependencyItem], Envelope], **options) -> None:
        self._to_envelope = to_envelope  # before the worker thread starts
        super().__init__(**options)

    def span_data_to_envelope(self, item):
        yield self._to_envelope(item)


class _LogHandler(AzureLogHandler):
    """Once the connector has closed it, logging's own flush and close at exit are no-ops: they would wait
    on a hanging ingestion endpoint again, past the shutdown bound."""

    _closed = False

    def flush(self, timeout=None) -> None:
        if not self._closed:
            super().flush(timeout)

    def close(self, timeout=None) -> None:
        if not self._closed:
            self._closed = True
            super().close(timeout)


class _CorrelateRecords(logging.Filter):
    """Stamps a connector log record with its call's operation id, request id and identifiers.

    Runs when the record is logged, on the caller's thread, where the call is known.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        context = getattr(record, "request_context", None) or current_request()
        if context is not None:
            record.traceId = context.trace.trace_id
            record.spanId = context.trace.span_id
            record.custom_dimensions = log_dimensions(context)
        return True


class OpenCensusBackend:
    def __init__(self, backend_options: BackendOptions) -> None:
        options = {
            "connection_string": backend_options.connection_string,
            # A function app's disk is not a safe place to keep telemetry for later: instances come and go.
            "enable_local_storage": False,
            "export_interval": backend_options.export_interval_seconds,
            # An Entra ID token on every send when APPLICATIONINSIGHTS_AUTHENTICATION_STRING asks for one.
            "credential": backend_options.credential,
        }
        # Checked first: the exporter starts its thread before it checks, and would leave it running.
        utils.validate_instrumentation_key(Options(**options).instrumentation_key)
        self._role = backend_options.cloud_role_name
        self._exporter = _ItemExporter(to_envelope=self._item_envelope, **options)
        # The exporter's own exit hooks each wait a grace period on a hanging endpoint: telemetry.shutdown
        # stops it instead, within one bound.
        atexit.unregister(self._exporter._stop)
        atexit.unregister(self._exporter._worker.stop)
        self._ikey = self._exporter.options.instrumentation_key
        self._logger = logging.getLogger(LOGGER_NAME)
        self._handler = _LogHandler(**options)
        # opencensus leaves the handler without a lock (its queue is thread-safe), but from Python 3.13 on
        # logging.Handler.handle() always enters `with self.lock`: give it one.
        if self._handler.lock is None:
            self._handler.lock = threading.RLock()
        self._handler.setLevel(logging.INFO)
        self._handler.addFilter(_CorrelateRecords())
        self._handler.add_telemetry_processor(self._finish_log_envelope)
        self._logger.addHandler(self._handler)

    def _envelope(self, name: str, item: Item, data: Data) -> Envelope:
        tags = {**utils.azure_monitor_context, "ai.cloud.role": self._role, "ai.operation.id": item.trace.trace_id}
        if item.trace.parent_span_id:
            tags["ai.operation.parentId"] = item.trace.parent_span_id
        return Envelope(
            iKey=self._ikey,
            name=f"Microsoft.ApplicationInsights.{name}",
            time=item.started.isoformat().replace("+00:00", "Z"),
            sampleRate=item.sample_rate,
            tags=tags,
            data=data,
        )

    def send_request(self, item: RequestItem) -> None:
        self._exporter.export([item])

    def send_dependency(self, item: DependencyItem) -> None:
        self._exporter.export([item])

    def _item_envelope(self, item: RequestItem | DependencyItem) -> Envelope:
        """On the exporter's thread: the envelope Application Insights receives for one item."""
        if isinstance(item, RequestItem):
            return self._request_envelope(item)
        return self._dependency_envelope(item)

    def _request_envelope(self, item: RequestItem) -> Envelope:
        data = Request(
            id=item.trace.span_id,
            name=item.name,
            url=item.url,
            duration=_duration(item.duration_ms),
            responseCode=str(item.status),
            success=item.success,
            properties=item.dimensions,
        )
        envelope = self._envelope("Request", item, Data(baseData=data, baseType="RequestData"))
        envelope.tags["ai.operation.name"] = item.name
        return envelope

    def _dependency_envelope(self, item: DependencyItem) -> Envelope:
        data = RemoteDependency(
            id=item.trace.span_id,
            name=item.name,
            type="HTTP",
            target=item.target,
            duration=_duration(item.duration_ms),
            resultCode="" if item.status is None else str(item.status),
            success=item.success,
            properties=item.dimensions,
        )
        return self._envelope("RemoteDependency", item, Data(baseData=data, baseType="RemoteDependencyData"))

    def _finish_log_envelope(self, envelope: Envelope) -> None:
        envelope.tags["ai.cloud.role"] = self._role
        # AzureLogHandler writes the legacy `|trace.span.` parent id; the call's request id is the span id.
        parent = envelope.tags.get("ai.operation.parentId", "")
        if parent.startswith("|") and parent.count(".") == 2:
            envelope.tags["ai.operation.parentId"] = parent.strip("|.").split(".")[1]

    def close(self, timeout: float) -> None:
        self._logger.removeHandler(self._handler)
        self._handler.close(timeout)
        self._exporter._stop(timeout)  # what its own atexit hook calls: sends what is queued, then stops
