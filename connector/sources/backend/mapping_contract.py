"""What a mapping is: how one operation meets the partner's service, both ways.

`OperationMapping` says, for one operation,
- the request: the path under `BACKEND_BASE_URL` (a template whose `{inputName}` placeholders take a
  required input's value, escaped as exactly one path segment, and never an empty, `.` or `..` one), the service's name for each input (or none,
  to leave it out), and whether the service applies `top`/`skip` itself;
- the answer: a function from the service's JSON and the validated inputs to the items, or a `Page`.

`connector/sources/backend/mapping.py` holds the partner's mappings (edited there); this module holds
the rules every mapping keeps, the contract's own mapping (the service speaks the contract) and the
construction of a request from a mapping. `check_mappings` states the rules, so the connector
refuses a broken mapping at start and the tests can check any partner's edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.contract import FORWARDED_OPERATIONS, ITEMS_FIELD, MORE_FIELD, OPERATIONS, Operation, operation
from connector.errors import invalid_request
from connector.messages import message
from connector.sources.base import Items, Page
from connector.sources.links import segment, unusable_segment

if TYPE_CHECKING:  # annotations only: starting the app with this source imports no model
    from connector.models.base import Inputs

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
# A literal segment (letters, digits, `-._~`, never `.` or `..`) or one `{placeholder}`.
_SEGMENT = re.compile(r"(?!\.{1,2}\Z)[A-Za-z0-9._~-]+|\{[A-Za-z][A-Za-z0-9_]*\}")

Answer = Callable[[Any, "Inputs"], Items]


class UnexpectedShape(ValueError):
    """The service's document does not have the shape the mapping expects (the caller gets 502)."""


def contract_page(document: Any, inputs: Inputs | None = None) -> Page:
    """The contract's list envelope: `{"value": [...], "hasMoreResults": true|false}` (the flag optional).

    The service received `top` and `skip` and answers that page; `hasMoreResults` is its to say.
    """
    if not isinstance(document, dict) or not isinstance(document.get(ITEMS_FIELD), list):
        raise UnexpectedShape(f'expected an object with a "{ITEMS_FIELD}" array')
    has_more = document.get(MORE_FIELD, False)
    if not isinstance(has_more, bool):
        raise UnexpectedShape(f'expected "{MORE_FIELD}" to be true or false')
    return Page(document[ITEMS_FIELD], has_more)


_CARDS = operation("key_stakeholders").items_field


def contract_cards(document: Any, inputs: Inputs | None = None) -> Items:
    """Key stakeholders in the contract's shape: `{"adaptiveCards": [...]}`."""
    if not isinstance(document, dict) or not isinstance(document.get(_CARDS), list):
        raise UnexpectedShape(f'expected an object with an "{_CARDS}" array')
    return document[_CARDS]


@dataclass(frozen=True)
class OperationMapping:
    answer: Answer | None = None  # None: the contract's envelope for the operation (see contract_answer)
    path: str | None = None  # under BACKEND_BASE_URL, e.g. "/accounts/{recordId}/activities"; None: the contract route
    names: Mapping[str, str | None] = field(default_factory=dict)  # contract input name -> the service's (None: omit)
    pages: bool = True  # the service applies top/skip itself; False: it answers every item and the connector pages


def contract_answer(op: Operation) -> Answer:
    """How the contract's own answer for `op` is read: its list envelope, or key stakeholders' cards."""
    return contract_page if op.paged else contract_cards


def answer_of(op: Operation, mapping: OperationMapping) -> Answer:
    return mapping.answer or contract_answer(op)


# The service speaks the contract: its routes, its names, its envelopes; it pages (the defaults). The
# record lookup (for the Sales agent's chat) is forwarded the same way; a mapping may leave it out.
CONTRACT_MAPPINGS: dict[str, OperationMapping] = {op.key: OperationMapping() for op in FORWARDED_OPERATIONS}


def placeholders(path: str) -> list[str]:
    return PLACEHOLDER.findall(path)


def path_problem(op: Operation, path: str) -> str | None:
    """Why `path` cannot be this operation's path template, or None."""
    segments = path.strip("/").split("/") if path.strip("/") else []
    if not path.startswith("/") or not segments or "//" in path or not all(_SEGMENT.fullmatch(s) for s in segments):
        return (
            f"must be a path such as /insights/activities or /accounts/{{recordId}}/activities "
            f"(letters, digits, '-', '.', '_', '~' or one {{input}} between slashes), got {path!r}"
        )
    names = op.input_names()
    for name in placeholders(path):
        field_name = names.get(name)
        if field_name is None:
            return f"names {{{name}}}, which is not an input of {op.key} (inputs: {', '.join(names)})"
        info = op.inputs.model_fields[field_name]
        if not info.is_required() or name.lower() in ("top", "skip") or info.annotation is not str:
            return f"names {{{name}}}: only a required text input can fill a path segment"
    return None


def check_mappings(mappings: Mapping[str, OperationMapping]) -> list[str]:
    """Every way `mappings` breaks the rules above; empty when the connector can use them."""
    problems = [f"no mapping for {op.key}" for op in OPERATIONS if op.key not in mappings]
    for key, mapping in mappings.items():
        if key not in {op.key for op in FORWARDED_OPERATIONS}:
            problems.append(f"mapping {key!r} names no operation")
            continue
        op = operation(key)
        if not isinstance(mapping, OperationMapping):
            problems.append(f"{key}: expected an OperationMapping, got {type(mapping).__name__}")
            continue
        if mapping.answer is not None and not callable(mapping.answer):
            problems.append(f"{key}: answer must be a function (document, inputs) -> items")
        if mapping.path is not None and (problem := path_problem(op, mapping.path)):
            problems.append(f"{key}: path {problem}")
        for name, renamed in mapping.names.items():
            if name not in op.input_names():
                problems.append(f"{key}: names renames {name!r}, which is not an input of {key}")
            elif renamed is not None and (not isinstance(renamed, str) or not renamed):
                problems.append(f"{key}: the service's name for {name} must be a non-empty string or None")
        if not mapping.pages and not op.paged:
            problems.append(f"{key}: pages=False means nothing for an operation without top/skip")
    return problems


@dataclass(frozen=True)
class Request:
    path: str  # filled in, under the base URL
    data: dict[str, Any]  # the query parameters (GET) or the JSON body (POST)


def build_request(op: Operation, mapping: OperationMapping, path: str, inputs: Inputs) -> Request:
    """What the service receives for `inputs`: the validated values, under the service's names.

    `path` is the template chosen for the operation (a setting, the mapping's, or the contract route).
    A service that pages gets the page spelled out, exactly the page the caller gets, so
    `hasMoreResults` is its to say; a service that does not page gets no `top`/`skip` at all.
    """
    data = inputs.model_dump(mode="json", by_alias=True, exclude_none=True)
    if op.paged:
        aliases = {field_name: alias for alias, field_name in op.input_names().items()}
        top, skip = aliases["top"], aliases["skip"]
        if mapping.pages:
            data[top] = op.page_size if inputs.top is None else inputs.top
            data[skip] = inputs.skip or 0
        else:
            data.pop(top, None)
            data.pop(skip, None)
    # A value that would be an empty, `.` or `..` segment is refused: no escape of it survives the
    # HTTP library's requoting, and a normalising server or proxy would serve another path, key attached.
    unusable = {
        name: message("detail.path_segment") for name in placeholders(path) if unusable_segment(str(data[name]))
    }
    if unusable:
        raise invalid_request(unusable)
    filled = PLACEHOLDER.sub(lambda match: segment(str(data.pop(match.group(1)))), path)
    renamed: dict[str, Any] = {}
    for name, value in data.items():
        target = mapping.names.get(name, name)
        if target is not None:
            renamed[target] = value
    return Request(filled, renamed)
