"""A constant-cost source: what the framework alone costs (cost per call), and growth with `top`.

Every operation answers `ITEMS` valid, realistic items (as many as `top` can ask for), built once, so
that what is measured is the serving of a call, not the making of data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from connector.contract import MAX_TOP

ITEMS = MAX_TOP
_START = datetime(2024, 5, 7, 3, 28, 38, tzinfo=UTC)
_CARD = '{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"Nora Lee, CFO"}]}'


@cache
def _items(key: str) -> tuple[dict, ...]:
    make = {
        "record_summary": lambda n: {
            "title": f"Meeting {n}",
            "description": f"Quarterly review number {n} with the buying committee.",
            "dateTime": _START - timedelta(days=n),
            "url": f"https://partner.example.com/activities/{n}",
            "additionalProperties": {"Owner": "Alex Wu", "Channel": "Teams"},
        },
        "record_details": lambda n: {
            "recordId": f"rec-{n}",
            "recordType": "contact",
            "recordTypeDisplayName": "Contact",
            "recordTypePluralDisplayName": "Contacts",
            "recordTitle": f"Contact {n}",
            "url": f"https://partner.example.com/contacts/{n}",
        },
        "key_sales_info": lambda n: {
            "title": f"Highlight {n}",
            "description": f"Budget approved for phase {n} of the rollout.",
            "dateTime": _START - timedelta(hours=n),
        },
        "email_summary_v1": lambda n: {"title": "Fabrikam", "description": f"Open opportunity {n} is in negotiation."},
        "email_summary_v2": lambda n: {"insight": f"Open opportunity {n} is in negotiation."},
        "email_draft": lambda n: {
            "contentType": "content-pdf",
            "content": f"https://partner.example.com/files/{n}.pdf",
            "contentTitle": f"Pricing deck {n}",
            "contentDescription": "The current price list for enterprise plans.",
        },
        "key_stakeholders": lambda n: {
            "adaptiveCard": _CARD,
            "previewCardData": {"title": f"Stakeholder {n}", "subTitle": "Decision maker"},
        },
    }[key]
    return tuple(make(n) for n in range(ITEMS))


class BenchmarkSource:
    name = "benchmark"

    def record_summary(self, inputs, context):
        return _items("record_summary")

    def record_details(self, inputs, context):
        return _items("record_details")

    def key_sales_info(self, inputs, context):
        return _items("key_sales_info")

    def email_summary_v1(self, inputs, context):
        return _items("email_summary_v1")

    def email_summary_v2(self, inputs, context):
        return _items("email_summary_v2")

    def email_draft(self, inputs, context):
        return _items("email_draft")

    def key_stakeholders(self, inputs, context):
        return _items("key_stakeholders")[:3]  # not paged: a chat answer shows a few cards
