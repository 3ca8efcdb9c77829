"""The shared pipeline every connector function wears, as the decorator `connector_operation`.

For each call it reads the language and diagnostic headers into the request context, checks the
sign-in when the app requires one, validates the inputs against the contract, gives the source a
deadline, applies `top`/`skip` unless the source paged (one rule, connector.sources.base),
validates every outgoing item, labels the answer with its language (the source's word for it, else
the negotiated one), maps every failure to an `ApiError` body and reports the call to telemetry.
"""

# No `from __future__ import annotations` here: the Functions worker inspects the HTTP function's
# annotations as real types.
import logging
import math
import re
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import azure.functions as func
from pydantic import ValidationError

from connector import inputs as request_inputs
from connector.auth import require_principal
from connector.context import RequestContext, bind, unbind
from connector.contract import ApiError, Inputs, Operation, Output
from connector.errors import ConnectorError
from connector.language import negotiate
from connector.settings import Settings
from connector.sources.base import Items, Page
from connector.telemetry import Telemetry
from connector.tracecontext import Trace
from connector.types import MAX_TOP

logger = logging.getLogger("connector.pipeline")

Fetch = Callable[[Any, RequestContext], Items]
HttpFunction = Callable[[func.HttpRequest], func.HttpResponse]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:{}\-]{1,128}$")
_PRINTABLE = re.compile(r"^[\x20-\x7e]{1,512}$")
_JSON = "application/json"


def _request_id(header: str | None) -> str:
    """The caller's id when it is a short printable token; otherwise a fresh one (never echo junk)."""
    if header and _REQUEST_ID.match(header):
        return header
    return str(uuid.uuid4())


def _printable(header: str | None) -> str | None:
    return header if header and _PRINTABLE.match(header) else None


def new_context(
    op: Operation, headers: Mapping[str, str], config: Settings, invocation_traceparent: str | None = None
) -> RequestContext:
    accept_language = _printable(headers.get("accept-language"))
    traceparent = _printable(headers.get("traceparent"))
    return RequestContext(
        operation_key=op.key,
        request_id=_request_id(headers.get("x-ms-client-request-id")),
        user_agent=_printable(headers.get("x-ms-user-agent")),
        language=negotiate(accept_language, config.languages),
        accept_language=accept_language,
        deadline=time.monotonic() + config.deadline_seconds,
        traceparent=traceparent,
        authorization=_printable(headers.get("authorization")),
        # The Functions host's invocation is this call's parent, so its request item and ours line up;
        # without a host (tests), the caller's own traceparent.
        trace=Trace.continuing(invocation_traceparent, traceparent),
    )


def _valid_items(op: Operation, items: Iterable[Any], context: RequestContext, limit: float) -> list[Output]:
    """Up to `limit` items that conform to the contract, in order.

    An item that would break the schema is dropped and logged, and does not count towards `top`
    or `skip`: paging is over what the seller can see.
    """
    valid: list[Output] = []
    for position, item in enumerate(items):
        if len(valid) >= limit:
            break
        try:
            valid.append(op.item.model_validate(item))
        except ValidationError as error:
            fields = sorted({".".join(map(str, e["loc"])) or "item" for e in error.errors()})
            logger.warning(
                "Dropped item %d of %s (request %s): invalid %s",
                position, op.operation_id, context.request_id, ", ".join(fields),
            )
            context.facts["dropped_items"] = context.facts.get("dropped_items", 0) + 1
    return valid


def shape(op: Operation, inputs: Inputs, result: Items, context: RequestContext) -> Output:
    """The response body: the page the caller asked for, every item checked against the contract."""
    if not op.paged:
        return op.response.model_construct(**{op.items_field: _valid_items(op, result, context, math.inf)})
    top = inputs.top if inputs.top is not None else MAX_TOP
    if isinstance(result, Page):  # the source cut the page already; a longer one is cut to top
        valid = _valid_items(op, result.items, context, top + 1)
        items, has_more = valid[:top], result.has_more or len(valid) > top
    else:
        skip = inputs.skip or 0
        # One item beyond the page tells whether more follow; items past that are never validated.
        valid = _valid_items(op, result, context, skip + top + 1)
        items, has_more = valid[skip : skip + top], len(valid) > skip + top
    context.facts.update(item_count=len(items), has_more_results=has_more)
    return op.response.model_construct(value=items, hasMoreResults=has_more)


def _response(body: str, status: int, context: RequestContext, language: str, extra=None) -> func.HttpResponse:
    headers = {"Content-Language": language, "x-ms-client-request-id": context.request_id, **(extra or {})}
    return func.HttpResponse(body, status_code=status, headers=headers, mimetype=_JSON, charset="utf-8")


def error_response(error: ConnectorError, context: RequestContext) -> func.HttpResponse:
    body = ApiError(
        errorCode=error.error_code,
        errorMessage=error.message,
        activityId=context.request_id,
        details=error.details,
    ).model_dump_json(exclude_none=True)
    # Error messages are written in English whatever the seller's language.
    return _response(body, error.status, context, "en", error.headers)


def _invocation_traceparent(invocation: func.Context | None) -> str | None:
    trace_context = getattr(invocation, "trace_context", None)
    return getattr(trace_context, "trace_parent", None) or getattr(trace_context, "Traceparent", None)


def run(
    op: Operation,
    fetch: Fetch,
    req: func.HttpRequest,
    invocation: func.Context | None,
    config: Settings,
    telemetry: Telemetry,
) -> func.HttpResponse:
    telemetry.start()  # before anything logs, so that what the call logs is sent too
    started = time.perf_counter()
    context = new_context(op, req.headers, config, _invocation_traceparent(invocation))
    token = bind(context)
    unexpected: BaseException | None = None
    try:
        if config.require_principal:  # before anything reads the input: strangers learn nothing
            require_principal(req.headers)
        inputs = request_inputs.parse(
            op, req.params, req.get_body(), req.headers.get("content-type"), config.max_body_bytes, req.url
        )
        if getattr(inputs, "crmType", None):
            context.facts["crm_type"] = inputs.crmType
        body = shape(op, inputs, fetch(inputs, context), context)
        # The language the answer is in: the source's own word for it when it gave one (a back end's
        # Content-Language), else the negotiated language the source was asked to answer in.
        language = context.content_language or context.language
        response = _response(body.model_dump_json(by_alias=True, exclude_none=True), 200, context, language)
    except ConnectorError as error:
        if error.error_code == "INVALID_REQUEST" and error.details:
            context.facts["invalid_parameters"] = sorted(error.details)
        response = error_response(error, context)
    except Exception as error:  # the caller gets a clean 500; the stack goes to telemetry only
        unexpected = error
        response = error_response(
            ConnectorError("INTERNAL_SERVER_ERROR", "The connector could not answer this request."), context
        )
    finally:
        unbind(token)
    telemetry.track_request(
        context,
        operation_id=op.operation_id,
        method=op.method,
        route=op.route,
        status=response.status_code,
        duration_ms=(time.perf_counter() - started) * 1000,
        error=unexpected,
    )
    return response


def connector_operation(op: Operation, *, settings: Settings, telemetry: Telemetry) -> Callable[[Fetch], HttpFunction]:
    """Turn `fetch(inputs, context) -> items` into the operation's HTTP function, for an app's settings and telemetry."""

    def decorate(fetch: Fetch) -> HttpFunction:
        # The worker passes its invocation context to a parameter named `context` annotated exactly
        # `func.Context` (so no `| None`); its trace context makes our telemetry line up with the host's.
        # The default keeps direct calls with a request alone working.
        def function(req: func.HttpRequest, context: func.Context = None) -> func.HttpResponse:
            return run(op, fetch, req, context, settings, telemetry)

        # Not functools.wraps: the Functions worker binds `req` and `context` by reading the signature
        # (following __wrapped__), so it must see this function's signature and annotations, not fetch's.
        function.__name__ = function.__qualname__ = op.key
        function.__doc__ = fetch.__doc__
        return function

    return decorate
