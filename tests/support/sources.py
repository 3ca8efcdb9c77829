"""Data sources for tests that need a source to behave in one particular way.

They are loaded the way a partner loads their own source: `CONNECTOR_SOURCE=module:Class`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from connector.contract import OPERATIONS
from connector.errors import ConnectorError, record_not_found

ITEM_COUNT = 7


def activities(count: int = ITEM_COUNT) -> list[dict]:
    start = datetime(2024, 5, 7, 3, 28, 38, tzinfo=UTC)
    return [
        {"title": f"Activity {n}", "description": f"Description {n}", "dateTime": start - timedelta(days=n)}
        for n in range(count)
    ]


class CountingSource:
    """Every list operation answers ITEM_COUNT numbered items; record summary includes broken ones."""

    def record_summary(self, inputs, context):
        broken = [{"title": "", "description": "empty title"}, {"description": "no title", "dateTime": "x"}]
        return activities()[:3] + broken + activities()[3:]

    def record_details(self, inputs, context):
        return [
            {
                "recordId": str(n),
                "recordType": "contact",
                "recordTypeDisplayName": "Contact",
                "recordTypePluralDisplayName": "Contacts",
                "recordTitle": f"Contact {n}",
            }
            for n in range(ITEM_COUNT)
        ]

    def key_sales_info(self, inputs, context):
        return [{"title": f"Highlight {n}", "description": f"Text {n}"} for n in range(ITEM_COUNT)]

    def email_summary_v1(self, inputs, context):
        return [{"title": "Partner", "description": f"Insight {n}"} for n in range(ITEM_COUNT)]

    def email_summary_v2(self, inputs, context):
        return [{"insight": f"Insight {n}"} for n in range(ITEM_COUNT)]

    def email_draft(self, inputs, context):
        return [
            {
                "contentType": "content-pdf",
                "content": f"https://example.com/{n}.pdf",
                "contentTitle": f"File {n}",
                "contentDescription": f"About {n}",
            }
            for n in range(ITEM_COUNT)
        ]

    def key_stakeholders(self, inputs, context):
        return [{"adaptiveCard": '{"type":"AdaptiveCard","version":"1.5","body":[]}'}]


def _fail(self, inputs, context):
    raise RuntimeError("secret-internal-detail at /srv/app/db.py line 42")


# A source with a bug: every operation raises an exception that carries internals.
RaisingSource = type("RaisingSource", (), {op.key: _fail for op in OPERATIONS})


class IncompleteSource(CountingSource):
    """A partner's source that forgot an operation (and misspelt another): the app must not start."""

    email_draft = None
    key_stakeholder = CountingSource.key_stakeholders
    key_stakeholders = None


class NotFoundSource(CountingSource):
    """Knows no record at all."""

    def record_summary(self, inputs, context):
        raise record_not_found(inputs.recordType, inputs.recordId)

    def key_sales_info(self, inputs, context):
        raise ConnectorError("INVALID_CRM_CONNECTION", "The user is connected to another CRM.")


class PagingSource(CountingSource):
    """A source that pages itself, like a back end, and ignores `top` (it always answers five)."""

    def key_sales_info(self, inputs, context):
        from connector.sources import Page

        return Page(super().key_sales_info(inputs, context)[:5], has_more=False)


class EchoSource(CountingSource):
    """Shows the caller's text back, as a real source shows a record's name: proves it round-trips."""

    def record_summary(self, inputs, context):
        return [{**activities(1)[0], "title": inputs.recordId}]

    def email_summary_v2(self, inputs, context):
        return [{"insight": inputs.resourceData.subject or "no subject"}]

    def key_stakeholders(self, inputs, context):
        card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": inputs.accountName}]}
        return [
            {"adaptiveCard": json.dumps(card, ensure_ascii=False), "previewCardData": {"title": inputs.accountName}}
        ]


class DeclaredPagingSource(CountingSource):
    """Pages every list operation itself and says so in `paged_operations`, answering plain lists."""

    paged_operations = frozenset(
        {"record_details", "key_sales_info", "email_summary_v1", "email_summary_v2", "email_draft"}
    )

    def _page(self, items, inputs):
        skip, top = inputs.skip or 0, 100 if inputs.top is None else inputs.top
        return items[skip : skip + top]

    def record_details(self, inputs, context):
        return self._page(super().record_details(inputs, context), inputs)

    def key_sales_info(self, inputs, context):
        return self._page(super().key_sales_info(inputs, context), inputs)

    def email_summary_v1(self, inputs, context):
        return self._page(super().email_summary_v1(inputs, context), inputs)

    def email_summary_v2(self, inputs, context):
        return self._page(super().email_summary_v2(inputs, context), inputs)

    def email_draft(self, inputs, context):
        return self._page(super().email_draft(inputs, context), inputs)


class GeneratorSource(CountingSource):
    """Record summary as a long generator (two broken items early), counting how many items were read."""

    pulled = 0

    def record_summary(self, inputs, context):
        def items():
            for item in [*CountingSource.record_summary(self, inputs, context), *activities(1000)[ITEM_COUNT:]]:
                GeneratorSource.pulled += 1
                yield item

        GeneratorSource.pulled = 0
        return items()
