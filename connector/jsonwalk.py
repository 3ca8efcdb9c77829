"""The one walk over a parsed JSON document: every value with its location, for every reader of one.

Inputs look for text the rule refuses (in keys and values) and for nesting too deep to serve; the
back-end failures keep every text the connector sent out of the log. Iterative, so that a document of
any depth `json.loads` accepted is walked without recursion.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def nodes(document: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Each value of the document with its location (`("resourceData", "to", 0)`), the document first.

    An object is given before its members, so a reader sees its keys there; members and items follow
    depth first.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while stack:
        location, value = stack.pop()
        yield location, value
        if isinstance(value, dict):
            stack.extend(((*location, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*location, index), item) for index, item in enumerate(value))


def texts(document: Any) -> Iterator[str]:
    """Every string value of the document (not the keys)."""
    return (value for _, value in nodes(document) if isinstance(value, str))
