"""What an outgoing item must be before it is served: valid for its model, and text any client can show.

One text rule for every string of an item, dictionary keys and values alike: no C0 or C1 control
character but tab and line breaks, and no unpaired surrogate (UTF-8 cannot encode one: a client
would show replacement characters, or fail). Whatever a source hands over, a value that cannot be
converted (a date beyond the calendar once in UTC, a number where text belongs...) refuses that item
only, naming the contract's fields and never a key a source chose (see `fieldpaths`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from connector.contract import Output
from connector.fieldpaths import describe

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class ItemRefused(ValueError):
    """An item that cannot be served; `fields` are contract names, safe for logs and telemetry."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def _all_text(item: Any) -> str:
    """Every string of the item, keys included, joined by line breaks (which the rule allows): one C-speed scan.

    A container's strings are taken as it is read, so that only containers go through the stack: this
    runs for every page served.
    """
    parts: list[str] = []
    add = parts.append
    stack = [item]
    pop, push = stack.pop, stack.append
    while stack:
        value = pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, str):
                    add(key)
                if isinstance(inner, str):
                    add(inner)
                elif inner is not None:
                    push(inner)
        elif isinstance(value, (list, tuple, BaseModel)):
            for inner in vars(value).values() if isinstance(value, BaseModel) else value:
                if isinstance(inner, str):
                    add(inner)
                elif inner is not None:
                    push(inner)
        elif isinstance(value, str):
            add(value)
    return "\n".join(parts)


def _bad_text(item: Any) -> Iterator[tuple[Any, ...]]:
    """The location of every string in the item (a key's location ends with the key) that breaks the rule."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), item)]
    while stack:
        location, value = stack.pop()
        if isinstance(value, str):
            if _NOT_TEXT.search(value):
                yield location
        elif isinstance(value, (dict, BaseModel)):
            for key, inner in value.items() if isinstance(value, dict) else vars(value).items():
                if isinstance(key, str) and _NOT_TEXT.search(key):
                    yield (*location, key)
                stack.append(((*location, key), inner))
        elif isinstance(value, (list, tuple)):
            stack.extend(((*location, index), inner) for index, inner in enumerate(value))


def conform(model: type[Output], item: Any) -> Output:
    """The item as its model, or `ItemRefused`; never any other exception, whatever the item holds."""
    try:
        if _NOT_TEXT.search(_all_text(item)):  # rare: only then is the item walked to name the fields
            raise ItemRefused(describe(_bad_text(item)))
        return model.model_validate(item)
    except ValidationError as error:
        raise ItemRefused(describe(e["loc"] for e in error.errors(include_url=False, include_input=False))) from None
    except ItemRefused:
        raise
    except Exception:  # a conversion that failed outright, e.g. an overflow; the item is the unit of failure
        raise ItemRefused(["item"]) from None


def conform_all(items_validator: TypeAdapter[list[Output]], items: list[Any]) -> list[Output] | None:
    """Every item as its model, checked in one call, when every one of them passes; else None.

    The common case, a page of good items, costs one text scan and one call into pydantic-core; on
    None the caller conforms each item alone, so that only the bad ones are refused, and named.
    """
    try:
        if _NOT_TEXT.search(_all_text(items)):
            return None
        return items_validator.validate_python(items)
    except Exception:  # whatever refused an item: `conform` finds which, item by item
        return None
