"""How the chat shows each tool's answer: the items' path, their title, subtitle and link, and a card.

Every function's `response_semantics` names where the items are (`data_path`, a JSONPath into the
answer), which of an item's fields are its title, subtitle and URL, and an Adaptive Card template
(version 1.5, the highest the plugin documentation and samples use) that renders one item. Card
texts are the item's own values, already in the seller's language (the answers follow
`Accept-Language`); the template adds no words of its own, so it needs no translation. The card
has no actions: response semantics do not support `Action.OpenUrl` (plugin_rules.py); the item's
link is its `url` property, which the chat shows as the citation's link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connector.contract import Operation

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


@dataclass(frozen=True)
class ItemView:
    """Which fields of an item the chat shows, as paths relative to the item (`$.title`)."""

    title: str
    subtitle: str
    url: str | None = None
    when: str | None = None  # a date-time shown under the title


VIEWS: dict[str, ItemView] = {
    "record_lookup": ItemView(title="recordTitle", subtitle="recordTypeDisplayName", url="url"),
    "record_summary": ItemView(title="title", subtitle="description", url="url", when="dateTime"),
    "record_details": ItemView(title="recordTitle", subtitle="recordTypeDisplayName", url="url"),
    "key_sales_info": ItemView(title="title", subtitle="description", url="url", when="dateTime"),
    # Key stakeholders keep their own cards (a serialized card per item, which a template cannot
    # unpack): the chat's card shows each one's preview data.
    "key_stakeholders": ItemView(
        title="previewCardData.title", subtitle="previewCardData.subTitle", url="previewCardData.url"
    ),
    "email_summary_v1": ItemView(title="title", subtitle="description"),
    "email_draft_text": ItemView(title="contentTitle", subtitle="contentDescription", url="content"),
}


def data_path(op: Operation) -> str:
    return f"$.{op.items_field}"


def _expression(path: str) -> str:
    return "${" + path + "}"


def card_template(view: ItemView) -> dict[str, Any]:
    """An Adaptive Card that shows one item, in the templating language's `${field}` expressions."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": _expression(view.title), "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    if view.when:
        body.append(
            {
                "type": "TextBlock",
                "text": "{{DATE(" + _expression(view.when) + ", SHORT)}}",
                "isSubtle": True,
                "spacing": "None",
                "$when": "${exists(" + view.when + ")}",
            }
        )
    body.append({"type": "TextBlock", "text": _expression(view.subtitle), "wrap": True})
    card: dict[str, Any] = {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": CARD_VERSION, "body": body}
    return card


def response_semantics(op: Operation) -> dict[str, Any]:
    view = VIEWS[op.key]
    properties = {"title": f"$.{view.title}", "subtitle": f"$.{view.subtitle}"}
    if view.url:
        properties["url"] = f"$.{view.url}"
    return {"data_path": data_path(op), "properties": properties, "static_template": card_template(view)}
