"""What a data source is: one method per contract operation, named by its key, answering items.

The methods are derived from `connector.contract.OPERATIONS`: `record_summary(inputs, context)`
takes that operation's validated input model and the request context. An app is only built around
a source that has every method: `missing_operations` names the absent ones.

Paging has one rule, so a page is never cut twice. A source either pages an operation itself or
leaves it to the pipeline, and says which:
- it returns a `Page` (the items of the page `top`/`skip` asked for, and whether more follow), or
- it names the operation in `paged_operations` and returns that page's items as a plain list;
- otherwise it returns every item from the first one, and the pipeline applies `skip` and `top` and
  computes `hasMoreResults`.
Items may be output models or plain dicts; the pipeline validates each against the contract and
drops any that would break the schema. A source signals a documented failure by raising
`ConnectorError` (e.g. `record_not_found`). A source that holds resources (a connection pool) has a
`close()` method. docs/source.md is the guide.

One method is optional: `record_lookup(inputs, context)` (the contract's `RECORD_LOOKUP`) finds
records by name for the Sales agent's chat. A source without it is still complete; the lookup then
answers `NOT_FOUND`.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol, runtime_checkable

from connector.context import RequestContext
from connector.contract import OPERATIONS, Operation


class Page(NamedTuple):
    """A page the source cut itself: the items `top`/`skip` asked for, and whether more follow."""

    items: Sequence[Any]
    has_more: bool


Items = Sequence[Any] | Page
# A source's method for one operation, as the pipeline calls it: (validated inputs, context) -> items.
Fetch = Callable[[Any, RequestContext], Items]


def paged_result(source: object, operation_key: str, result: Items) -> Items:
    """The source's answer with its paging made explicit: a `Page` when the source paged it.

    A plain list from an operation the source declares in `paged_operations` is already the page
    `top`/`skip` asked for; without a `hasMoreResults` of its own, none is claimed.
    """
    if isinstance(result, Page) or operation_key not in getattr(source, "paged_operations", ()):
        return result
    return Page(list(result), has_more=False)


class SourceError(TypeError):
    """A source the app cannot be built around; the message names what is missing, on one line."""


def _method(op: Operation):  # -> the protocol member for one operation
    def method(self, inputs, context): ...

    method.__name__ = method.__qualname__ = op.key
    # Real types, not strings: readers (and typing.get_type_hints) see each operation's own input model.
    method.__annotations__ = {"inputs": op.inputs, "context": RequestContext, "return": Items}
    method.__doc__ = f"{op.summary} ({op.method} {op.route}): the items for validated `{op.inputs.__name__}`."
    return method


def _protocol_body(namespace: dict[str, Any]) -> None:
    # Optional beside the methods: `paged_operations`, the operation keys whose methods return the
    # page already cut by `top`/`skip`.
    namespace["__doc__"] = "A data source: one method per contract operation (see the module's docstring)."
    namespace["__module__"] = __name__
    namespace.update({op.key: _method(op) for op in OPERATIONS})


def __getattr__(name: str) -> Any:
    # `Source` names every operation's input model, so it is built on first use, not when the app is
    # indexed: indexing imports no model (PEP 562 module attribute).
    if name != "Source":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    source = globals()["Source"] = runtime_checkable(types.new_class("Source", (Protocol,), exec_body=_protocol_body))
    return source


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
