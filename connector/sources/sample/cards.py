"""Adaptive Cards (version 1.5) for the sales chat: one card per key stakeholder."""

from __future__ import annotations

import json

from connector.models.key_stakeholders import AdaptiveCardResult, PreviewCardData
from connector.sources.sample.catalog import Person, url
from connector.sources.sample.text import Day, Text, msg

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def stakeholder_card(person: Person, last_meeting: Day | None, text: Text) -> AdaptiveCardResult:
    link = url("contacts", person.id)
    subtitle = text("card.subtitle", job=msg(f"job.{person.job}"), account=person.account)
    facts = [
        {"title": text("prop.role"), "value": text(f"role.{person.role}")},
        {"title": text("prop.influence"), "value": text(f"influence.{person.influence}")},
        {"title": text("prop.email"), "value": person.email},
    ]
    if last_meeting is not None:
        facts.append({"title": text("prop.last_meeting"), "value": text.value(last_meeting)})
    card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "body": [
            {
                "type": "TextBlock",
                "text": text("card.header", account=person.account),
                "size": "Small",
                "isSubtle": True,
                "wrap": True,
            },
            {"type": "TextBlock", "text": person.name, "size": "Medium", "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": subtitle, "spacing": "None", "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": text("card.open"), "url": link},
            {"type": "Action.OpenUrl", "title": text("card.email"), "url": f"mailto:{person.email}"},
        ],
    }
    return AdaptiveCardResult(
        adaptiveCard=json.dumps(card, ensure_ascii=False, separators=(",", ":")),
        previewCardData=PreviewCardData(title=person.name, subTitle=subtitle, url=link),
    )
