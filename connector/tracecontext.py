"""W3C Trace Context (`traceparent`): how a call joins the distributed operation it belongs to.

Application Insights' operation id is the W3C trace id, and an item's parent is the span that
caused it. A call continues the trace it was given, or starts a new one when it was given none.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
_INVALID_TRACE_ID = "0" * 32
_INVALID_SPAN_ID = "0" * 16


def new_trace_id() -> str:
    return os.urandom(16).hex()  # what secrets.token_hex does, one call less per id


def new_span_id() -> str:
    return os.urandom(8).hex()


@dataclass(frozen=True)
class Trace:
    """Where one call sits in its operation: the trace it belongs to, its own span and its parent's."""

    trace_id: str = field(default_factory=new_trace_id)
    span_id: str = field(default_factory=new_span_id)
    parent_span_id: str | None = None

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-01"

    def child(self) -> Trace:
        """A new span in this trace, caused by this one (e.g. a call this call makes)."""
        return Trace(trace_id=self.trace_id, parent_span_id=self.span_id)

    @classmethod
    def continuing(cls, *traceparents: str | None) -> Trace:
        """A new span under the first valid `traceparent` given, or at the root of a new trace."""
        for header in traceparents:
            if not header:
                continue
            match = _TRACEPARENT.fullmatch(header.strip().lower())
            if match and match[1] != "ff" and match[2] != _INVALID_TRACE_ID and match[3] != _INVALID_SPAN_ID:
                return cls(trace_id=match[2], parent_span_id=match[3])
        ids = os.urandom(24).hex()  # a new root: its trace id and span id from one draw
        return cls(trace_id=ids[:32], span_id=ids[32:])
