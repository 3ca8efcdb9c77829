"""A small localized source: every operation answers a few items in the negotiated language.

It gives the conformance checker's end-to-end tests a conforming connector whose every answer is
known, next to the run against the sample data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from connector.context import RequestContext

_TEXT = {
    "en": {
        "meeting": "Meeting",
        "call": "Call with the buyer",
        "renewal": "Renewal due",
        "contact": "Contact",
        "contacts": "Contacts",
        "pricing": "Pricing sheet",
        "about": "Latest list prices",
        "stakeholder": "Key stakeholder",
    },
    "fr": {
        "meeting": "Réunion",
        "call": "Appel avec l'acheteur",
        "renewal": "Renouvellement",
        "contact": "Contact",
        "contacts": "Contacts",
        "pricing": "Grille tarifaire",
        "about": "Derniers prix catalogue",
        "stakeholder": "Partie prenante clé",
    },
}
_COUNT = 3


def _words(context: RequestContext) -> dict[str, str]:
    return _TEXT.get(context.language, _TEXT["en"])


class LocalizedSource:
    def record_summary(self, inputs, context):
        words, start = _words(context), datetime(2024, 5, 7, 3, 28, 38, tzinfo=UTC)
        return [
            {
                "title": f"{words['meeting']} {n}",
                "description": words["call"],
                "dateTime": start - timedelta(days=n),
                "url": f"https://partner.example/activities/{n}",
            }
            for n in range(_COUNT)
        ]

    def record_details(self, inputs, context):
        words = _words(context)
        return [
            {
                "recordId": f"c{n}",
                "recordType": "contact",
                "recordTypeDisplayName": words["contact"],
                "recordTypePluralDisplayName": words["contacts"],
                "recordTitle": f"Dana {n}",
            }
            for n in range(_COUNT)
        ]

    def key_sales_info(self, inputs, context):
        words = _words(context)
        return [{"title": words["renewal"], "description": f"{words['call']} {n}"} for n in range(_COUNT)]

    def email_summary_v1(self, inputs, context):
        return [{"title": "Partner", "description": f"{_words(context)['call']} {n}"} for n in range(_COUNT)]

    def email_summary_v2(self, inputs, context):
        return [{"insight": f"{_words(context)['renewal']} {n}"} for n in range(_COUNT)]

    def email_draft(self, inputs, context):
        words = _words(context)
        return [
            {
                "contentType": "content-pdf",
                "content": f"https://partner.example/files/{n}.pdf",
                "contentTitle": words["pricing"],
                "contentDescription": words["about"],
            }
            for n in range(_COUNT)
        ]

    def key_stakeholders(self, inputs, context):
        card = '{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"%s"}]}'
        return [{"adaptiveCard": card % _words(context)["stakeholder"]}]
