"""Everything the caller controls, read in one place: the readers the pipeline runs inside its guard.

Each reader takes the request (and the Functions invocation) and returns one thing the caller sent,
made safe to keep: a header, the trace context, the principal, the query or the body. `read` calls
each reader in turn, and the pipeline calls `read` only inside its guarded block: so a
reader that fails, whatever the caller sent, answers a clean `ApiError` with an `activityId`, and
its stack goes to telemetry. Nothing else in the runtime touches the request.

A new header gets a field of `Caller`, a reader of the same name here, and its call in `read`
(`READERS` lists the fields; a test holds `read` to them).
The tests make every reader in `READERS` fail in turn, and the header fuzzing makes the reader of
the header it fuzzes fail now and then: a reader called outside the guard fails them.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Mapping
from typing import Any, NamedTuple

import azure.functions as func

from connector import header_names
from connector.auth import identity_provider
from connector.context import RequestContext

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:{}\-]{1,128}")
_PRINTABLE = re.compile(r"[\x20-\x7e]{1,512}")
_PRINTABLE_ANY_LENGTH = re.compile(r"[\x20-\x7e]+")


class Query(NamedTuple):
    params: Mapping[str, str]  # as the host parsed them
    url: str  # with the raw query, which is what is validated


class Caller(NamedTuple):
    """What one call's caller sent, each field read by the reader of the same name.

    A named tuple: as immutable as a frozen dataclass, and built in a fraction of its time, on every call.
    """

    request_id: str
    user_agent: str | None
    accept_language: str | None
    traceparent: str | None
    invocation_traceparent: str | None
    arrived: float | None  # time.monotonic() when the host received the call, where it says
    received: float | None  # time.monotonic() when the whole request (body included) had arrived, where it says
    authorization: str | None
    principal: str | None  # the identity provider App Service Authentication signed the call in with
    content_type: str | None
    content_encoding: str | None
    query: Query
    body: bytes


def _header(req: func.HttpRequest, name: str) -> str | None:
    # `in` first: most headers asked for are absent, and Mapping.get finds that out by a KeyError.
    headers = req.headers
    return headers[name] if name in headers else None  # noqa: SIM401


def printable(value: str | None) -> str | None:
    """A header kept for telemetry or passed on only when it is short printable ASCII (never junk)."""
    return value if value and _PRINTABLE.fullmatch(value) else None


def request_id(req: func.HttpRequest, invocation: Any) -> str:
    """The caller's id when it is a short printable token; otherwise a fresh one (never echo junk)."""
    header = _header(req, header_names.CLIENT_REQUEST_ID)
    return header if header and _REQUEST_ID.fullmatch(header) else str(uuid.uuid4())


def user_agent(req: func.HttpRequest, invocation: Any) -> str | None:
    return printable(_header(req, header_names.CLIENT_USER_AGENT))


def accept_language(req: func.HttpRequest, invocation: Any) -> str | None:
    """The whole header (negotiation reads all of it); only its printable form is kept for telemetry."""
    return _header(req, header_names.ACCEPT_LANGUAGE)


def traceparent(req: func.HttpRequest, invocation: Any) -> str | None:
    return printable(_header(req, header_names.TRACEPARENT))


def invocation_traceparent(req: func.HttpRequest, invocation: Any) -> str | None:
    """The Functions host's trace context for this invocation (its span is our parent)."""
    trace_context = getattr(invocation, "trace_context", None)
    value = getattr(trace_context, "trace_parent", None) or getattr(trace_context, "Traceparent", None)
    return printable(value) if isinstance(value, str) else None


def _host_time(invocation: Any, name: str) -> float | None:
    """A `time.monotonic()` the host set on the invocation as `name`, if it did and it is not in the future."""
    value = getattr(invocation, name, None)
    return value if isinstance(value, float) and value <= time.monotonic() else None


def arrived(req: func.HttpRequest, invocation: Any) -> float | None:
    """When the host received the call, if it tells (the local host does; Azure's worker does not)."""
    return _host_time(invocation, "arrived")


def received(req: func.HttpRequest, invocation: Any) -> float | None:
    """When the whole request had arrived, if the host tells: a slow upload is told from a slow service by it."""
    return _host_time(invocation, "received")


def authorization(req: func.HttpRequest, invocation: Any) -> str | None:
    """Printable, however long: a credential is as long as its issuer makes it (Entra ID tokens often pass
    2,000 characters); only HTTP and the host limit it."""
    value = _header(req, header_names.AUTHORIZATION)
    return value if value and _PRINTABLE_ANY_LENGTH.fullmatch(value) else None


def principal(req: func.HttpRequest, invocation: Any) -> str | None:
    return identity_provider(_header(req, header_names.CLIENT_PRINCIPAL))


def content_type(req: func.HttpRequest, invocation: Any) -> str | None:
    return _header(req, header_names.CONTENT_TYPE)


def content_encoding(req: func.HttpRequest, invocation: Any) -> str | None:
    return _header(req, header_names.CONTENT_ENCODING)


def query(req: func.HttpRequest, invocation: Any) -> Query:
    return Query(req.params, req.url)


def body(req: func.HttpRequest, invocation: Any) -> bytes:
    return req.get_body() or b""


# Every field of `Caller` is read by the reader of its name, in the fields' order (the request id first).
READERS: tuple[str, ...] = Caller._fields


def read(req: func.HttpRequest, invocation: Any = None, context: RequestContext | None = None) -> Caller:
    """Run every reader, one per field of `Caller`, and return what they read.

    The request id is read first and put into `context` at once (the one place it is set): a later
    reader that fails is answered with the caller's own id as `activityId`.
    """
    caller_request_id = request_id(req, invocation)
    if context is not None:
        context.request_id = caller_request_id
    return Caller(
        caller_request_id,
        user_agent(req, invocation),
        accept_language(req, invocation),
        traceparent(req, invocation),
        invocation_traceparent(req, invocation),
        arrived(req, invocation),
        received(req, invocation),
        authorization(req, invocation),
        principal(req, invocation),
        content_type(req, invocation),
        content_encoding(req, invocation),
        query(req, invocation),
        body(req, invocation),
    )
