"""Field paths as logs and telemetry may carry them: the contract's own names, nothing a person typed.

A validation error's location can hold dictionary keys chosen by the caller (a key inside
`resourceData`) or by the back end (an `additionalProperties` key): an e-mail address, a name. Here a
path keeps the contract's names and list positions up to the first name the contract does not define;
what follows is left out, and the number of such unnamed keys is given instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel

import connector.models.errors  # noqa: F401  (the error body's names are the contract's too)
from connector.contract import OPERATIONS_BY_KEY
from connector.models.base import Inputs, Output

_PART = re.compile(r"\[([0-9]+)\]|\.?([^.\[]+)")  # `a.b[0].c` as the pipeline writes an input's location


@cache
def contract_names() -> frozenset[str]:
    """Every field name of every input and output model, by its contract spelling.

    Only a refused input or item needs these: every operation's models are imported then, so that
    the names do not depend on which operations were called first.
    """
    for op in OPERATIONS_BY_KEY.values():
        op.response  # noqa: B018 (imports the operation's models and builds its envelope)
    names = {"body", "item"}
    pending: list[type[BaseModel]] = [Inputs, Output]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        names.update(field.alias or name for name, field in model.model_fields.items())
    return frozenset(names)


def contract_path(location: Iterable[str | int]) -> tuple[str, bool]:
    """A location as `name.name[0]` up to the first name the contract does not define, and whether one was cut."""
    known = contract_names()
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in known:
            path += f".{part}" if path else part
        else:
            return path or "item", True
    return path or "item", False


def parse_location(text: str) -> list[str | int]:
    """`resourceData.to[0]` back into its parts (an input's location as the pipeline names it)."""
    return [int(index) if index else name for index, name in _PART.findall(text)]


def describe(locations: Iterable[Iterable[str | int]]) -> list[str]:
    """Each location reduced to the contract's names, sorted and once each, with a count of unnamed keys."""
    reduced: dict[str, int] = {}
    for location in locations:
        path, cut = contract_path(location)
        reduced[path] = reduced.get(path, 0) + cut
    return [
        f"{path} ({unnamed} unnamed {'key' if unnamed == 1 else 'keys'})" if unnamed else path
        for path, unnamed in sorted(reduced.items())
    ]
