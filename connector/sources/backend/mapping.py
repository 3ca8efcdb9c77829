"""How the back end's JSON becomes contract items: one small function per operation.

By default the back end answers in the contract's own shapes, so each function only unwraps the
envelope. This is the one place a partner adapts a service that speaks another shape: change the
function for that operation to build contract items from the service's JSON (see docs/backend.md).
Return the items (plain dicts are fine) or a `Page`; the pipeline then checks every item against the
contract and drops, and logs, any that would break it. Raise `UnexpectedShape` when the document is
not what the function expects: the caller gets 502 BACKEND_ERROR. A link built from the service's
values (an id rather than a URL) is built with `connector.sources.links.link`, which percent-encodes
every part, never by pasting text into a string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connector.sources.base import Items, Page


class UnexpectedShape(ValueError):
    """The back end's document does not have the shape the mapping function expects."""


def contract_page(document: Any) -> Page:
    """The contract's list envelope: `{"value": [...], "hasMoreResults": true|false}` (the flag optional).

    The back end received `top` and `skip` and answers that page; `hasMoreResults` is its to say.
    """
    if not isinstance(document, dict) or not isinstance(document.get("value"), list):
        raise UnexpectedShape('expected an object with a "value" array')
    has_more = document.get("hasMoreResults", False)
    if not isinstance(has_more, bool):
        raise UnexpectedShape('expected "hasMoreResults" to be true or false')
    return Page(document["value"], has_more)


def record_summary(document: Any) -> Items:
    """Activities for the record summary card: `title`, `description`, `dateTime`, `url`, `additionalProperties`."""
    return contract_page(document)


def record_details(document: Any) -> Items:
    """Related records: `recordId`, `recordType`, `recordTypeDisplayName`, `recordTypePluralDisplayName`,
    `recordTitle`, `url`, `additionalProperties`."""
    return contract_page(document)


def key_sales_info(document: Any) -> Items:
    """Sales highlights: `title` (≤ 20 characters), `description` (≤ 130), `url`, `dateTime`, `additionalProperties`."""
    return contract_page(document)


def email_summary_v1(document: Any) -> Items:
    """Email insights, version 1: `title` (the partner's name, ≤ 20 characters) and `description`."""
    return contract_page(document)


def email_summary_v2(document: Any) -> Items:
    """Email insights, version 2: `insight`."""
    return contract_page(document)


def email_draft(document: Any) -> Items:
    """Content suggestions: `contentType`, `content`, `contentTitle`, `contentDescription`, `contentIconUrl`,
    `additionalProperties`."""
    return contract_page(document)


def key_stakeholders(document: Any) -> Items:
    """Key stakeholders, one Adaptive Card each: `{"adaptiveCards": [{"adaptiveCard": "...", "previewCardData": {...}}]}`."""
    if not isinstance(document, dict) or not isinstance(document.get("adaptiveCards"), list):
        raise UnexpectedShape('expected an object with an "adaptiveCards" array')
    return document["adaptiveCards"]


MAPPINGS: dict[str, Callable[[Any], Items]] = {
    "record_summary": record_summary,
    "record_details": record_details,
    "key_sales_info": key_sales_info,
    "email_summary_v1": email_summary_v1,
    "email_summary_v2": email_summary_v2,
    "email_draft": email_draft,
    "key_stakeholders": key_stakeholders,
}
