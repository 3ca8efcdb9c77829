"""Valid contract items for every operation, numbered, as a partner's service would answer them."""

from __future__ import annotations

from typing import Any

from connector.contract import Operation

CARD = '{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Ben Miller"}]}'


def item(op: Operation, n: int) -> dict[str, Any]:
    return {
        "record_summary": {
            "title": f"Call {n}",
            "description": f"Notes {n}",
            "dateTime": f"2024-05-0{n % 9 + 1}T03:28:38Z",
        },
        "record_details": {
            "recordId": f"C-{n}",
            "recordType": "contact",
            "recordTypeDisplayName": "Contact",
            "recordTypePluralDisplayName": "Contacts",
            "recordTitle": f"Contact {n}",
        },
        "key_sales_info": {"title": f"Highlight {n}", "description": f"Text {n}"},
        "email_summary_v1": {"title": "Relecloud", "description": f"Insight {n}"},
        "email_summary_v2": {"insight": f"Insight {n}"},
        "email_draft": {
            "contentType": "content-pdf",
            "content": f"https://files.example.com/{n}.pdf",
            "contentTitle": f"File {n}",
            "contentDescription": f"About {n}",
        },
        "key_stakeholders": {"adaptiveCard": CARD, "previewCardData": {"title": f"Stakeholder {n}"}},
    }[op.key]


def answer(op: Operation, items: list[dict[str, Any]], has_more: bool = False) -> dict[str, Any]:
    """The contract's envelope around `items`."""
    if op.items_field == "adaptiveCards":
        return {"adaptiveCards": items}
    return {"value": items, "hasMoreResults": has_more}
