"""What a data source is: one method per contract operation, named by its key, answering items.

The methods are derived from `connector.contract.OPERATIONS`: `record_summary(inputs, context)`
takes that operation's validated input model and the request context. A method returns the items
in order from the first one (the pipeline applies `skip`/`top` and computes `hasMoreResults`), or a
`Page` when the source has already cut the page itself (a back end that pages). Items may be output
models or plain dicts; the pipeline validates each against the contract and drops any that would
break the schema. A source signals a documented failure by raising `ConnectorError` (e.g.
`record_not_found`). A source that holds resources (a connection pool) has a `close()` method.

An app is only built around a source that has every method: `missing_operations` names the absent.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

from connector.context import RequestContext
from connector.contract import OPERATIONS, Operation


class Page(NamedTuple):
    items: Sequence[Any]
    has_more: bool


Items = Sequence[Any] | Page


class SourceError(TypeError):
    """A source the app cannot be built around; the message names what is missing, on one line."""


def _method(op: Operation):  # -> the protocol member for one operation
    def method(self, inputs: op.inputs, context: RequestContext) -> Items: ...  # type: ignore[name-defined]

    method.__name__ = method.__qualname__ = op.key
    method.__doc__ = f"{op.summary} ({op.method} {op.route}): the items for validated `{op.inputs.__name__}`."
    return method


def _protocol_body(namespace: dict[str, Any]) -> None:
    namespace["__doc__"] = "A data source: one method per contract operation (see the module's docstring)."
    namespace["__module__"] = __name__
    namespace.update({op.key: _method(op) for op in OPERATIONS})


Source = runtime_checkable(types.new_class("Source", (Protocol,), exec_body=_protocol_body))


def missing_operations(source: object) -> list[str]:
    """The operation keys `source` has no callable method for, in contract order."""
    return [op.key for op in OPERATIONS if not callable(getattr(source, op.key, None))]


def check_source(source: object) -> None:
    """Raise `SourceError` naming every method a source lacks."""
    missing = missing_operations(source)
    if missing:
        raise SourceError(
            f"data source {type(source).__module__}.{type(source).__qualname__} lacks "
            f"{', '.join(f'{key}(inputs, context)' for key in missing)}: a source has one method per operation"
        )
