"""What the pipeline learns about a call and every part of the code may read: the request context."""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from connector.tracecontext import Trace


@dataclass
class RequestContext:
    operation_key: str
    request_id: str
    user_agent: str | None
    language: str  # the negotiated language, e.g. "fr"
    accept_language: str | None  # the raw header, for telemetry
    deadline: float  # time.monotonic() by which the answer must be sent
    traceparent: str | None = None
    authorization: str | None = None  # the caller's bearer token, for a back end that wants it
    facts: dict[str, object] = field(default_factory=dict)  # what telemetry reports about the call
    trace: Trace = field(default_factory=Trace)  # the call's place in its distributed operation

    # time.monotonic() when the whole request had arrived, where the host says: a request complete only after
    # its deadline was a slow upload, the caller's doing (None: the host does not say; Azure's worker does not).
    received: float | None = None

    # The language the source says it answered in (a back end's Content-Language); None: the negotiated one.
    content_language: str | None = None

    def remaining(self) -> float:
        """Seconds left in the budget (never negative): what a partner's source checks before slow work."""
        return max(0.0, self.deadline - time.monotonic())

    def arrived_late(self, deadline: float | None = None) -> bool:
        """Whether the request itself took until `deadline` (the call's, by default) to arrive."""
        return self.received is not None and self.received >= (self.deadline if deadline is None else deadline)


_current: ContextVar[RequestContext | None] = ContextVar("connector_request", default=None)


def current_request() -> RequestContext | None:
    return _current.get()


def bind(context: RequestContext):  # -> contextvars.Token
    return _current.set(context)


def unbind(token) -> None:
    _current.reset(token)
