"""A local host for the function app, for development, tests, fuzzing and benchmarks.

It serves the functions the app itself registers (read from `app.get_functions()`, as the Functions
worker indexes them) under the `host.json` route prefix, on waitress, a pure-Python WSGI server,
so no Azure Functions Core Tools are needed. As with `func start`, function keys are not enforced
locally. Requests and responses are translated faithfully: method, headers, query, body, status.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import azure.functions as func
from azure.functions import _abc  # the abstract TraceContext; azure.functions exports only Context

from connector import header_names
from connector.errors import ErrorCode
from connector.host import APP_ROOT, route_prefix
from connector.language import DEFAULT_LANGUAGE
from connector.messages import message
from connector.models.errors import ApiError
from connector.settings import HOST_MAX_BODY_BYTES
from connector.startup import StartupError
from connector.tracecontext import Trace

# The local host's defaults, for `serve` and `python -m connector serve` alike.
DEFAULT_HOST = "localhost"
DEFAULT_PORT = 7071  # the port `func start` uses
DEFAULT_THREADS = 8  # waitress's worker threads: calls served at once
# What the Functions host accepts, which is also the highest CONNECTOR_MAX_BODY_BYTES allows: whatever
# that setting says, the pipeline's own 413 comes first.
MAX_REQUEST_BODY = HOST_MAX_BODY_BYTES
# What the host writes itself, whatever the function set.
_SET_BY_THE_HOST = frozenset(name.lower() for name in (header_names.CONTENT_TYPE, header_names.CONTENT_LENGTH))
ARRIVED = "connector.arrived"  # WSGI environ key: time.monotonic() when the request's first byte arrived
RECEIVED = "connector.received"  # WSGI environ key: time.monotonic() when the whole request had arrived


@dataclass(frozen=True)
class Route:
    name: str
    pattern: re.Pattern[str]
    methods: frozenset[str]
    function: Callable[..., func.HttpResponse]

    @cached_property
    def takes_context(self) -> bool:
        """Whether the function declares `context`, to which the worker passes the invocation context."""
        return "context" in inspect.signature(self.function).parameters


class InvocationTrace(_abc.TraceContext):
    """The W3C trace context of one invocation, as the Functions host gives it to the worker."""

    def __init__(self, traceparent: str) -> None:
        self._traceparent = traceparent

    @property
    def trace_parent(self) -> str:
        return self._traceparent

    @property
    def trace_state(self) -> str:
        return ""

    @property
    def attributes(self) -> dict[str, str]:
        return {}


class Invocation(func.Context):
    """The invocation context the Functions worker passes to a function's `context` parameter.

    `arrived` (time.monotonic()) is this host's own addition: when the request's first byte arrived,
    so that the pipeline counts the budget from then, not from when a thread was free to serve it;
    `received`, when the whole request had arrived, so that a slow upload is blamed on the caller.
    """

    def __init__(
        self,
        function_name: str,
        trace_context: InvocationTrace,
        arrived: float | None = None,
        received: float | None = None,
    ) -> None:
        self._function_name = function_name
        self._trace_context = trace_context
        self.arrived = arrived
        self.received = received
        self._invocation_id = str(uuid.uuid4())
        self._local = threading.local()

    @property
    def invocation_id(self) -> str:
        return self._invocation_id

    @property
    def function_name(self) -> str:
        return self._function_name

    @property
    def function_directory(self) -> str:
        return str(APP_ROOT)

    @property
    def trace_context(self) -> InvocationTrace:
        return self._trace_context

    @property
    def retry_context(self) -> None:
        return None

    @property
    def thread_local_storage(self) -> threading.local:
        return self._local


def _template_pattern(prefix: str, template: str) -> re.Pattern[str]:
    """`{name}` segments of a route template become named groups, as the host binds them."""
    path = "/".join(p for p in (prefix, template.strip("/")) if p)
    parts = re.split(r"\{(\w+)(?::[^}]*)?\??\}", path)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(f"/{regex}/?", re.IGNORECASE | re.ASCII)


_indexed: weakref.WeakKeyDictionary[func.FunctionApp, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def indexed_functions(app: func.FunctionApp) -> tuple[Any, ...]:
    """The app's functions as the worker indexes them; `get_functions()` may only run once per app."""
    if app not in _indexed:
        _indexed[app] = tuple(app.get_functions())
    return _indexed[app]


def routes_of(functions: Iterable[Any], prefix: str) -> list[Route]:
    routes = []
    for function in functions:
        trigger = function.get_trigger()
        methods = frozenset(str(getattr(m, "value", m)).upper() for m in (trigger.methods or ["GET", "POST"]))
        routes.append(
            Route(
                name=function.get_function_name(),
                pattern=_template_pattern(prefix, trigger.route or function.get_function_name()),
                methods=methods,
                function=function.get_user_function(),
            )
        )
    return routes


def load_local_settings(path: Path = APP_ROOT / "local.settings.json") -> None:
    """Like `func start`: app settings from `local.settings.json` become environment variables.

    Variables already set win, so a test or a shell can override any of them.
    """
    if path.is_file():
        values = json.loads(path.read_text(encoding="utf-8")).get("Values", {})
        for name, value in values.items():
            os.environ.setdefault(name, str(value))


def _json_error(code: ErrorCode, key: str, extra: list[tuple[str, str]] = (), **params: object) -> tuple:
    """An `ApiError` of the host's own (in English, as the Functions host answers in one language), with
    the status of its code."""
    text = message(key, **params).render(DEFAULT_LANGUAGE)
    body = ApiError(errorCode=code, errorMessage=text).model_dump_json(exclude_none=True).encode()
    headers = [
        (header_names.CONTENT_TYPE, "application/json"),
        (header_names.CONTENT_LANGUAGE, DEFAULT_LANGUAGE),
        *extra,
    ]
    return int(code.status), headers, body


def _status_line(status: int) -> str:
    """`404 Not Found`: the reason phrase is the standard library's for the status."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:  # a status a function may answer that HTTP does not name
        return f"{status} Status"


class FunctionHost:
    """A WSGI application that dispatches to the app's HTTP functions."""

    def __init__(self, app: func.FunctionApp, prefix: str | None = None) -> None:
        self.prefix = route_prefix() if prefix is None else prefix
        self.indexed = indexed_functions(app)
        self.routes = routes_of(self.indexed, self.prefix)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        try:
            status, headers, body = self.handle(environ)
        except Exception:  # the pipeline catches everything; this only guards the host itself
            status, headers, body = _json_error(ErrorCode.INTERNAL_SERVER_ERROR, "error.function_failed")
        # The length is always declared, so that a HEAD answer is headers only: no chunked body.
        headers = [*headers, (header_names.CONTENT_LENGTH, str(len(body)))]
        start_response(_status_line(status), headers)
        return [body] if environ.get("REQUEST_METHOD", "").upper() != "HEAD" else []

    def handle(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        method = environ["REQUEST_METHOD"].upper()
        path = environ.get("PATH_INFO", "/")
        matched = [(r, m) for r in self.routes if (m := r.pattern.fullmatch(path))]
        if not matched:
            return _json_error(ErrorCode.NOT_FOUND, "error.no_function")
        for route, match in matched:
            if method in route.methods:
                return self._invoke(route, match.groupdict(), environ)
        allowed = ", ".join(sorted(set().union(*(r.methods for r, _ in matched))))
        return _json_error(
            ErrorCode.METHOD_NOT_ALLOWED, "error.method_not_allowed", [(header_names.ALLOW, allowed)], allowed=allowed
        )

    def _invoke(self, route: Route, route_params: dict[str, str], environ: dict[str, Any]) -> tuple:
        try:
            request = _request(environ, route_params)
            # Like the Functions host, continue the caller's trace (or start one) with the host's own span.
            trace = Trace.continuing(request.headers.get(header_names.TRACEPARENT))
        except Exception:  # what waitress let through but a function request cannot carry
            return _json_error(ErrorCode.INVALID_REQUEST, "error.unreadable_request")
        invocation = Invocation(
            route.name, InvocationTrace(trace.traceparent), environ.get(ARRIVED), environ.get(RECEIVED)
        )
        extra = {"context": invocation} if route.takes_context else {}
        response = route.function(request, **extra)  # what escapes the pipeline is answered by __call__'s guard
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _SET_BY_THE_HOST]
        headers.append(
            (header_names.CONTENT_TYPE, response.headers.get(header_names.CONTENT_TYPE) or _content_type(response))
        )
        return response.status_code, headers, response.get_body() or b""


def _content_type(response: func.HttpResponse) -> str:
    """The Content-Type the Python worker gives a response that sets none: only text types get a charset."""
    if response.mimetype.startswith("text/"):
        return f"{response.mimetype}; charset={response.charset}"
    return response.mimetype


_URL_SAFE = "".join(chr(code) for code in range(0x21, 0x7F))  # printable ASCII, `%` included: kept as sent


def _request(environ: dict[str, Any], route_params: dict[str, str]) -> func.HttpRequest:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    # Like the Functions host, repeated query parameters arrive joined by commas.
    params: dict[str, str] = {}
    query = environ.get("QUERY_STRING", "")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        params[name] = f"{params[name]},{value}" if name in params else value
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    url = f"http://{environ.get('HTTP_HOST', 'localhost')}{environ.get('PATH_INFO', '/')}"
    if query:
        # As on Azure, the URL carries the query as sent, percent-encoded: raw bytes (which WSGI gives
        # as latin-1 characters) are encoded back to %XX, so that the pipeline sees them as bytes.
        url += "?" + quote(query.encode("latin-1", "replace"), safe=_URL_SAFE)
    return func.HttpRequest(
        method=environ["REQUEST_METHOD"].upper(),
        url=url,
        headers=headers,
        params=params,
        route_params=route_params,
        body=body,
    )


def _protocol_error(status: int) -> tuple[ErrorCode, str]:
    """What the host answers when waitress refuses a request before the app sees it.

    Waitress's own answer is text that quotes the offending header line raw; this one is an
    `ApiError` with a declared status, and never repeats what the caller sent. A request the host
    cannot read is the caller's to fix: 413 for a body over the limit, 400 for anything else.
    """
    if status == 413:
        return ErrorCode.REQUEST_TOO_LARGE, "error.body_too_large"
    if status == 431:  # not a status the connector declares: an oversized header is bad input
        return ErrorCode.INVALID_REQUEST, "error.headers_too_large"
    if status == 501:  # a Transfer-Encoding waitress cannot decode: the body cannot be read
        return ErrorCode.INVALID_REQUEST, "error.transfer_encoding"
    return ErrorCode.INVALID_REQUEST, "error.malformed_http"


def _json_error_channel():  # -> a waitress channel class; waitress is imported only to serve
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.task import ErrorTask, WSGITask

    class ArrivingRequest(HTTPRequestParser):
        """Made when a request's first byte arrives (on the server's I/O thread): the time is kept."""

        def __init__(self, adj) -> None:
            super().__init__(adj)
            self.arrived = time.monotonic()
            self.complete_at: float | None = None

        def received(self, data: bytes) -> int:
            consumed = super().received(data)
            if self.completed and self.complete_at is None:  # the whole request, body included, is here
                self.complete_at = time.monotonic()
            return consumed

    class ArrivedTask(WSGITask):
        """The WSGI environ carries when the request arrived, however long it waited for a thread."""

        def get_environment(self) -> dict[str, Any]:
            environ = super().get_environment()
            environ[ARRIVED] = self.request.arrived
            environ[RECEIVED] = self.request.complete_at
            return environ

    class JsonErrorTask(ErrorTask):
        def execute(self) -> None:
            status, headers, body = _json_error(*_protocol_error(self.request.error.code))
            self.status = _status_line(status)
            self.response_headers.extend(headers)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class JsonErrorChannel(HTTPChannel):
        parser_class = ArrivingRequest
        task_class = ArrivedTask
        error_task_class = JsonErrorTask

    return JsonErrorChannel


def create_server(
    wsgi: Callable[..., Iterable[bytes]], host: str, port: int, threads: int = DEFAULT_THREADS
):  # -> waitress server
    """A waitress server for a WSGI app, e.g. a `FunctionHost` (port 0: any free port, see `.effective_port`)."""
    import waitress

    server = waitress.create_server(
        wsgi, host=host, port=port, threads=threads, max_request_body_size=MAX_REQUEST_BODY, ident="connector-devhost"
    )
    server.channel_class = _json_error_channel()
    return server


def create_host() -> FunctionHost:
    """The WSGI app for this project's function app, with `local.settings.json` applied."""
    load_local_settings()
    from function_app import app  # imported after the settings, as the Functions host does

    return FunctionHost(app)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, threads: int = DEFAULT_THREADS) -> int:
    """Serve until stopped; 0 when stopped, 2 when the app could not be built (one line on stderr says why)."""
    try:
        wsgi = create_host()
    except StartupError as error:
        print(f"The connector cannot start: {error}", file=sys.stderr)
        return 2
    server = create_server(wsgi, host, port, threads)
    # The port it really listens on: with --port 0, any free one.
    print(f"Serving {len(wsgi.routes)} functions on http://{host}:{server.effective_port}/{wsgi.prefix}/", flush=True)
    for route in wsgi.routes:
        print(f"  {route.name}: {','.join(sorted(route.methods))} {route.pattern.pattern}", flush=True)
    # SIGTERM (a container or process manager stopping the host) ends it like Ctrl+C does, so that
    # pending telemetry is sent either way (the app's telemetry sends it when the process exits).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    return 0
