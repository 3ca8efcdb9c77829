"""A complete Python `Source` for the Copilot for Sales connector: Relecloud's insights from a data file.

Load it with the app settings
    CONNECTOR_SOURCE=partner_insights.source:RelecloudInsights
    PYTHONPATH=<the folder that holds partner_insights>
docs/source.md explains every part: the inputs each method receives, the request context, the errors
to raise, paging, the constructor and settings, and deployment.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connector.context import RequestContext
from connector.errors import ConnectorError, record_not_found
from connector.models.email_draft import ContentSuggestionsBody
from connector.models.email_summary_v1 import EmailSummaryQuery
from connector.models.email_summary_v2 import EmailSummaryBody
from connector.models.key_sales_info import KeySalesInfoQuery
from connector.models.key_stakeholders import KeyStakeholdersQuery
from connector.models.record_details import RecordDetailsQuery
from connector.models.record_summary import RecordSummaryQuery
from connector.sources import Page

PARTNER_NAME = "Relecloud"  # the email summary v1 title: the partner's name, on every item

# The languages this source speaks; set CONNECTOR_LANGUAGES=en,fr to match.
TEXT = {
    "en": {
        "call": "Call with {who}",
        "meeting": "Meeting with {who}",
        "email": "Email from {who}",
        "notes": "Logged in Relecloud by the account team.",
        "renewal": "Renewal in {days} days",
        "renewal_text": "The subscription renews in {days} days.",
        "tickets": "{n} open tickets",
        "tickets_text": "{n} support tickets are still open.",
        "contact": "Contact",
        "contacts": "Contacts",
        "procurement": "Procurement lead",
        "sponsor": "Executive sponsor",
        "file": "Shared by Relecloud: {title}",
        "insight": "{who} has {n} activities with Relecloud in the last 30 days.",
    },
    "fr": {
        "call": "Appel avec {who}",
        "meeting": "Réunion avec {who}",
        "email": "E-mail de {who}",
        "notes": "Saisi dans Relecloud par l'équipe du compte.",
        "renewal": "Renouvel. dans {days} j",
        "renewal_text": "L'abonnement se renouvelle dans {days} jours.",
        "tickets": "{n} tickets ouverts",
        "tickets_text": "{n} tickets de support sont encore ouverts.",
        "contact": "Contact",
        "contacts": "Contacts",
        "procurement": "Responsable achats",
        "sponsor": "Sponsor exécutif",
        "file": "Partagé par Relecloud : {title}",
        "insight": "{who} a {n} activités avec Relecloud ces 30 derniers jours.",
    },
}


class RelecloudInsights:
    # record_summary pages itself (as a database query with LIMIT/OFFSET would); the others answer
    # every item and the connector applies top/skip.
    paged_operations = frozenset({"record_summary"})

    def __init__(self) -> None:
        # Built once per process, with no arguments: read settings from the environment here.
        path = os.environ.get("RELECLOUD_DATA_FILE") or Path(__file__).with_name("insights.json")
        self.data = json.loads(Path(path).read_text(encoding="utf-8"))

    # --- helpers --------------------------------------------------------------------------

    def _account(self, record_type: str, record_id: str) -> dict:
        account = self.data["accounts"].get(record_id) if record_type == "account" else None
        if account is None:
            raise record_not_found(record_type, record_id)  # 404 RECORD_NOT_FOUND
        return account

    @staticmethod
    def _text(context: RequestContext) -> dict[str, str]:
        return TEXT.get(context.language, TEXT["en"])  # the negotiated language, e.g. "fr"

    def _accounts_of(self, addresses: list[str]) -> list[dict]:
        """The accounts the thread's participants work for, by their email domain."""
        domains = {a.rpartition("@")[2].lower() for a in addresses if "@" in a}
        return [
            acc
            for acc in self.data["accounts"].values()
            if any(c["email"].rpartition("@")[2] in domains for c in acc["contacts"])
        ]

    # --- the seven operations -------------------------------------------------------------

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Page:
        if context.remaining() < 0.05:  # the budget is nearly spent: a clean error beats a late answer
            raise ConnectorError("REQUEST_THROTTLED", "Relecloud is busy; try again shortly.")
        account, text, now = self._account(inputs.recordType, inputs.recordId), self._text(context), datetime.now(UTC)
        activities = []
        for a in sorted(account["activities"], key=lambda a: a["days_ago"]):
            when = now - timedelta(days=a["days_ago"])
            if (inputs.startDateTime and when < inputs.startDateTime) or (
                inputs.endDateTime and when > inputs.endDateTime
            ):
                continue
            activities.append(
                {
                    "title": text[a["kind"]].format(who=a["with"]),
                    "description": text["notes"],
                    "dateTime": when,
                    "url": f"https://app.relecloud.example/activities/{a['id']}",
                }
            )
        skip, top = inputs.skip or 0, 100 if inputs.top is None else inputs.top
        return Page(activities[skip : skip + top], has_more=skip + top < len(activities))

    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> list[dict]:
        account, text = self._account(inputs.recordType, inputs.recordId), self._text(context)
        return [
            {
                "recordId": c["id"],
                "recordType": "contact",
                "recordTypeDisplayName": text["contact"],
                "recordTypePluralDisplayName": text["contacts"],
                "recordTitle": c["name"],
                "url": f"https://app.relecloud.example/contacts/{c['id']}",
            }
            for c in account["contacts"]
        ]

    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> list[dict]:
        account, text = self._account(inputs.recordType, inputs.recordId), self._text(context)
        days, tickets = account["renewal_days"], account["open_tickets"]
        return [
            {"title": text["renewal"].format(days=days), "description": text["renewal_text"].format(days=days)},
            {"title": text["tickets"].format(n=tickets), "description": text["tickets_text"].format(n=tickets)},
        ]

    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> list[dict]:
        return [{"title": PARTNER_NAME, "description": insight} for insight in self._insights(inputs.contacts, context)]

    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> list[dict]:
        return [{"insight": insight} for insight in self._insights(inputs.resourceData.participants, context)]

    def _insights(self, addresses: list[str], context: RequestContext) -> list[str]:
        text = self._text(context)
        return [
            text["insight"].format(who=acc["name"], n=sum(a["days_ago"] <= 30 for a in acc["activities"]))
            for acc in self._accounts_of(addresses)
        ]

    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> list[dict]:
        thread = " ".join(
            filter(None, [inputs.resourceData.subject, inputs.resourceData.plaintextBody, inputs.inputPrompt])
        ).lower()
        files = sorted(self.data["files"], key=lambda f: f["topic"] not in thread)  # on-topic files first
        text = self._text(context)
        return [
            {
                "contentType": f["kind"],
                "content": f["url"],
                "contentTitle": f["title"],
                "contentDescription": text["file"].format(title=f["title"]),
            }
            for f in files
        ]

    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> list[dict]:
        text = self._text(context)
        account = next(
            (a for a in self.data["accounts"].values() if a["name"].lower() == inputs.accountName.strip().lower()), None
        )
        if account is None:
            return []  # an unknown account has no stakeholders: an empty list, not an error
        return [
            {
                "adaptiveCard": json.dumps(
                    {
                        "type": "AdaptiveCard",
                        "version": "1.5",
                        "body": [
                            {"type": "TextBlock", "text": c["name"], "weight": "Bolder"},
                            {"type": "TextBlock", "text": text[c["role"]], "isSubtle": True},
                        ],
                    }
                ),
                "previewCardData": {
                    "title": c["name"],
                    "subTitle": text[c["role"]],
                    "url": f"https://app.relecloud.example/contacts/{c['id']}",
                },
            }
            for c in account["contacts"]
        ]
