"""The shared pipeline every connector function wears (`run`; `connector.functions` registers them).

For each call it reads what the caller sent (`connector.caller`: headers, trace context, principal,
query and body) inside its guard, negotiates the language, checks the sign-in when the app requires
one, validates the inputs against the contract, gives the source a deadline, applies `top`/`skip`
unless the source paged (one rule, connector.sources.base), validates every outgoing item, labels
the answer with its language (the source's word for it, else the negotiated one), maps every failure
to an `ApiError` body in the caller's language and reports the call to telemetry.
"""

# No `from __future__ import annotations` here: the Functions worker inspects the HTTP function's
# annotations as real types.
import itertools
import logging
import math
import time
import uuid
from collections.abc import Iterable
from typing import Any

import azure.functions as func

from connector import caller, header_names
from connector import inputs as request_inputs
from connector.auth import require_principal
from connector.context import RequestContext, bind, unbind
from connector.contract import Operation
from connector.errors import ConnectorError, ErrorCode, internal_error, late_request
from connector.fieldpaths import describe
from connector.language import negotiate
from connector.models.base import Inputs, Output
from connector.models.errors import ApiError
from connector.outputs import ItemRefused, conform, conform_all
from connector.settings import Settings
from connector.sources.base import Fetch, Items, Page
from connector.telemetry import Telemetry
from connector.tracecontext import Trace

logger = logging.getLogger("connector.pipeline")


_JSON = "application/json"


# A call's trace before the caller's is read: `learn` replaces it, or `run` gives a call that failed
# before that a new root. Shared, so that a call does not draw random ids it then throws away.
_UNREAD_TRACE = Trace(trace_id="0" * 32, span_id="0" * 16)


def blank_context(op: Operation, config: Settings) -> RequestContext:
    """A call's context before anything the caller sent is read: the default language, and no id yet.

    The caller's id (or a fresh one) is the first thing read; only a call that fails before that gets
    a fresh id, in `error_response`: a uuid4 per call that nobody reads is not made.
    """
    return RequestContext(
        operation_key=op.key,
        request_id="",
        user_agent=None,
        language=config.languages[0],
        accept_language=None,
        deadline=time.monotonic() + config.deadline_seconds,
        trace=_UNREAD_TRACE,
    )


def learn(context: RequestContext, call: caller.Caller, config: Settings) -> None:
    """What the caller sent, into the call's context (inside the guard: negotiation runs here too).

    The request id is in the context already: `caller.read` put it there before any other reader ran.
    """
    context.user_agent = call.user_agent
    context.accept_language = caller.printable(call.accept_language)
    context.language = negotiate(call.accept_language, config.languages)
    context.traceparent = call.traceparent
    context.authorization = call.authorization
    # The Functions host's invocation is this call's parent, so its request item and ours line up;
    # without a host (tests), the caller's own traceparent.
    context.trace = Trace.continuing(call.invocation_traceparent, call.traceparent)
    if call.arrived is not None:  # the host says when the call arrived: the budget counts from then
        context.deadline = call.arrived + config.deadline_seconds
    context.received = call.received


def new_context(
    op: Operation, req: func.HttpRequest, config: Settings, invocation: func.Context | None = None
) -> RequestContext:
    """The context of a call to `op` (for code that calls a source without the pipeline, e.g. benchmarks)."""
    context = blank_context(op, config)
    learn(context, caller.read(req, invocation, context), config)
    return context


def _valid_items(op: Operation, items: Iterable[Any], context: RequestContext, limit: float) -> list[Output]:
    """Up to `limit` items that conform to the contract, in order.

    An item that would break the schema is dropped and logged, and does not count towards `top`
    or `skip`: paging is over what the seller can see. The common case, every item valid, is
    checked in one call; only a list with a bad item is walked item by item.
    """
    rest = iter(items)  # a source's generator is read once, and no further than needed
    window = list(rest) if limit == math.inf else list(itertools.islice(rest, int(limit)))
    all_valid = conform_all(op.items_validator, window)
    if all_valid is not None:
        return all_valid
    valid: list[Output] = []
    for position, item in enumerate(itertools.chain(window, rest)):
        if len(valid) >= limit:
            break
        try:
            valid.append(conform(op.item, item))
        except ItemRefused as refused:  # logged by contract names only: the item may hold personal data
            logger.warning(
                "Dropped item %d of %s (request %s): invalid %s", position, op.operation_id, context.request_id, refused
            )
            context.facts["dropped_items"] = context.facts.get("dropped_items", 0) + 1
    return valid


def page(op: Operation, inputs: Inputs, result: Items, context: RequestContext) -> tuple[list[Output], bool | None]:
    """The items the caller asked for, every one checked against the contract, and whether more follow
    (None for an operation that does not page)."""
    if not op.paged:
        return _valid_items(op, result, context, math.inf), None
    top = inputs.top if inputs.top is not None else op.page_size
    if isinstance(result, Page):  # the source cut the page already; a longer one is cut to top
        valid = _valid_items(op, result.items, context, top + 1)
        items, has_more = valid[:top], result.has_more or len(valid) > top
    else:
        skip = inputs.skip or 0
        # One item beyond the page tells whether more follow; items past that are never validated.
        valid = _valid_items(op, result, context, skip + top + 1)
        items, has_more = valid[skip : skip + top], len(valid) > skip + top
    context.facts.update(item_count=len(items), has_more_results=has_more)
    return items, has_more


def body_json(op: Operation, items: list[Output], has_more: bool | None) -> bytes:
    """The response body as JSON, serialised straight from the checked items.

    The bytes `op.response(...).model_dump_json(by_alias=True, exclude_none=True)` would give (the
    envelope is the operation's response model: `value` and `hasMoreResults`, or its one list field),
    without building that model for every answer.
    """
    listed = op.items_validator.dump_json(items, by_alias=True, exclude_none=True)
    if has_more is None:
        return b'{"%s":%s}' % (op.items_field.encode(), listed)
    more = b"true" if has_more else b"false"
    return b'{"%s":%s,"%s":%s}' % (op.items_field.encode(), listed, op.more_field.encode(), more)


def shape(op: Operation, inputs: Inputs, result: Items, context: RequestContext) -> bytes:
    """The response body: the page the caller asked for, every item checked against the contract, as JSON."""
    return body_json(op, *page(op, inputs, result, context))


def _response(body: str | bytes, status: int, context: RequestContext, language: str, extra=None) -> func.HttpResponse:
    headers = {
        header_names.CONTENT_LANGUAGE: language,
        header_names.CLIENT_REQUEST_ID: context.request_id,
        **(extra or {}),
    }
    return func.HttpResponse(body, status_code=status, headers=headers, mimetype=_JSON, charset="utf-8")


def error_response(error: ConnectorError, context: RequestContext) -> func.HttpResponse:
    """The `ApiError` answer, written in the caller's language (`Content-Language` says which)."""
    if not context.request_id:  # the call failed before its id was read
        context.request_id = str(uuid.uuid4())
    language = error.language_for(context.language)
    body = ApiError(
        errorCode=error.error_code,
        errorMessage=error.message_in(language),
        activityId=context.request_id,
        details=error.details_in(language),
    ).model_dump_json(exclude_none=True)
    return _response(body, error.status, context, language, error.headers)


def _answer(
    op: Operation, fetch: Fetch, req: func.HttpRequest, invocation: Any, context: RequestContext, config: Settings
) -> func.HttpResponse:
    """The guarded part of a call: everything the caller controls is read here and nowhere else."""
    call = caller.read(req, invocation, context)
    learn(context, call, config)
    if config.require_principal:  # before anything reads the input: strangers learn nothing
        require_principal(call.principal)
    inputs = request_inputs.parse(
        op,
        call.query.params,
        call.body,
        call.content_type,
        config.max_body_bytes,
        call.query.url,
        call.content_encoding,
    )
    if getattr(inputs, "crmType", None):
        context.facts["crm_type"] = inputs.crmType
    if context.arrived_late():  # the request took the whole budget to arrive: a slow upload
        logger.warning(
            "%s arrived too late to be answered (request %s): its budget was spent before it had all arrived",
            op.operation_id,
            context.request_id,
        )
        raise late_request()
    body = shape(op, inputs, fetch(inputs, context), context)
    # The language the answer is in: the source's own word for it when it gave one (a back end's
    # Content-Language), else the negotiated language the source was asked to answer in.
    language = context.content_language or context.language
    return _response(body, 200, context, language)


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
    context = blank_context(op, config)
    token = bind(context)
    unexpected: BaseException | None = None
    try:
        response = _answer(op, fetch, req, invocation, context, config)
    except ConnectorError as error:
        if error.error_code is ErrorCode.INVALID_REQUEST and error.details:
            # Contract names only: a key inside resourceData may be an e-mail address.
            context.facts["invalid_parameters"] = describe(
                location if isinstance(location, tuple) else (location,) for location in error.details
            )
        response = error_response(error, context)
    except Exception as error:  # the caller gets a clean 500; the stack goes to telemetry only
        unexpected = error
        response = error_response(internal_error(), context)
    finally:
        unbind(token)
    if context.trace is _UNREAD_TRACE:  # the call failed before its trace context was read
        context.trace = Trace()
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
