"""What an outgoing item must be before it is served: valid for its model, and text any client can show.

Every string of an item, dictionary keys and values alike, obeys the outgoing text rule
(`connector.values.OUTPUT_TEXT_PATTERN`: no C0 or C1 control but tab and line breaks, no surrogate),
checked by pydantic-core while it validates the item: no second pass over the strings. Whatever a
source hands over, a value that cannot be converted (a date beyond the calendar once in UTC, a number
where text belongs...) refuses that item only, naming the contract's fields and never a key a source
chose (see `fieldpaths`).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from connector.fieldpaths import describe
from connector.models.base import Output


class ItemRefused(ValueError):
    """An item that cannot be served; `fields` are contract names, safe for logs and telemetry."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


def conform(model: type[Output], item: Any) -> Output:
    """The item as its model, or `ItemRefused`; never any other exception, whatever the item holds."""
    try:
        return model.model_validate(item)
    except ValidationError as error:
        raise ItemRefused(describe(e["loc"] for e in error.errors(include_url=False, include_input=False))) from None
    except Exception:  # a conversion that failed outright, e.g. an overflow; the item is the unit of failure
        raise ItemRefused(["item"]) from None


def conform_all(items_validator: TypeAdapter[list[Output]], items: list[Any]) -> list[Output] | None:
    """Every item as its model, checked in one call, when every one of them passes; else None.

    The common case, a page of good items, costs one call into pydantic-core; on None the caller
    conforms each item alone, so that only the bad ones are refused, and named.
    """
    try:
        return items_validator.validate_python(items)
    except Exception:  # whatever refused an item: `conform` finds which, item by item
        return None
