"""`SampleData`: the embedded, localized data source a fresh checkout answers with.

The app holds it as `SampleSource`, which imports this module on the first call. Each operation's
items are built from that operation's own models (looked up in the operation table), so a call
imports only its own operation's models.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from connector.context import RequestContext
from connector.contract import OPERATIONS_BY_KEY
from connector.errors import invalid_request, record_not_found
from connector.messages import message
from connector.sources.links import unusable_segment
from connector.sources.sample import generated
from connector.sources.sample.dataset import (
    ACCOUNT_IDS_BY_DOMAIN,
    ACCOUNT_IDS_BY_NAME,
    BASE_URL,
    COLLATERAL,
    CONSUMER_DOMAINS,
    KNOWN_TYPES,
    PARTNER_NAME,
    PEOPLE_BY_EMAIL,
    PROFILES,
    STAKEHOLDERS,
    Event,
    Person,
    Profile,
    url,
)
from connector.sources.sample.text import Day, Text, clip, msg, utc_today
from connector.sources.sample.topics import ranked_topics, thread_text, topic_scores
from connector.values import CARD_TITLE_MAX, HIGHLIGHT_TEXT_MAX

if TYPE_CHECKING:
    from connector.models.email_draft import ContentSuggestion, ContentSuggestionsBody
    from connector.models.email_summary_v1 import EmailInsight, EmailSummaryQuery
    from connector.models.email_summary_v2 import EmailInsightV2, EmailSummaryBody
    from connector.models.key_sales_info import KeySalesInfoQuery, SalesHighlight
    from connector.models.key_stakeholders import AdaptiveCardResult, KeyStakeholdersQuery
    from connector.models.record_details import RecordDetailsQuery, RelatedRecord
    from connector.models.record_lookup import RecordLookupQuery, RecordMatch
    from connector.models.record_summary import Activity, RecordSummaryQuery

# URL path of each record type in the partner app.
PATHS = {
    "account": "accounts",
    "contact": "contacts",
    "opportunity": "opportunities",
    "lead": "leads",
    "relecloud_contract": "contracts",
    "relecloud_document": "documents",
    "relecloud_meeting": "meetings",
}

# Each person's latest event anywhere in the catalogue, for the email summary ("last activity").
_LATEST_EVENT: dict[str, Event] = {}
for _profile in PROFILES.values():
    for _event in _profile.events:
        _seen = _LATEST_EVENT.get(_event.person)
        if _seen is None or _event.days_ago < _seen.days_ago:
            _LATEST_EVENT[_event.person] = _event


def _linkable(record_id: str) -> bool:
    """The id is a segment of the record's links: never one that is or becomes `.` or `..`."""
    return not (unusable_segment(record_id) or unusable_segment(_normalise_id(record_id)))


def _item(operation_key: str) -> type:
    """The item model of an operation (imported on its first call)."""
    return OPERATIONS_BY_KEY[operation_key].item


def _normalise_id(record_id: str) -> str:
    """Dynamics GUIDs arrive in any case, sometimes in braces; they name the same record."""
    return record_id.strip().strip("{}").lower()


def _short_hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _folded(text: str) -> str:
    """A name as a lookup compares it: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


# Every catalogue record by type, for the lookup: (folded name, profile), in name order.
_NAMED: dict[str, list[tuple[str, Profile]]] = {}
for _profile in sorted(PROFILES.values(), key=lambda p: _folded(p.name)):
    _NAMED.setdefault(_profile.record_type, []).append((_folded(_profile.name), _profile))


class SampleData:
    """Fictional insights from "Relecloud", in en, fr, de, es and ja; deterministic within a UTC day."""

    def __init__(self, today: Callable[[], date] = utc_today) -> None:
        self._today = today  # dates are relative to this day; a test can pin it
        # What a record or the collateral renders to depends only on the record, the language and
        # the day: render it once per process (bounded) instead of on every call. The cached items
        # are never changed afterwards (the pipeline only validates and serialises them).
        self._rendered_activities = lru_cache(maxsize=1024)(self._render_activities)
        self._rendered_related = lru_cache(maxsize=1024)(self._render_related)
        self._rendered_collateral = lru_cache(maxsize=64)(self._render_collateral)
        self._rendered_cards = lru_cache(maxsize=256)(self._render_cards)

    # --- shared helpers -----------------------------------------------------------------------

    def _text(self, context: RequestContext) -> Text:
        return Text(context.language, self._today())

    @staticmethod
    def _profile(record_type: str, record_id: str) -> Profile:
        if record_type not in KNOWN_TYPES:
            raise record_not_found(record_type, record_id)
        if not _linkable(record_id):
            raise invalid_request({"recordId": message("detail.path_segment")})
        key = _normalise_id(record_id)
        return PROFILES.get((record_type, key)) or generated.profile(record_type, key)

    @staticmethod
    def _activity(event: Event, account: str, text: Text) -> Activity:
        kind = event.kind
        topic, document = msg(f"topic.{event.topic}"), msg(f"doc.{event.document}")
        if kind == "meeting":
            title = text("activity.meeting.title", topic=topic)
            description = text(
                "activity.meeting.description", organizer=event.organizer, person=event.person, topic=topic
            )
            props = (
                ("organizer", event.organizer),
                ("attendees", event.person),
                ("topic", topic),
                ("duration", msg("value.minutes", minutes=event.minutes)),
            )
        elif kind == "call":
            outcome = msg(f"outcome.{event.outcome}")
            title = text("activity.call.title", person=event.person)
            description = text(
                "activity.call.description",
                organizer=event.organizer,
                person=event.person,
                topic=topic,
                outcome=outcome,
            )
            props = (
                ("organizer", event.organizer),
                ("topic", topic),
                ("outcome", outcome),
                ("duration", msg("value.minutes", minutes=event.minutes)),
            )
        elif kind == "contract":
            title = text("activity.contract.title", document=document)
            description = text("activity.contract.description", person=event.person, amount=event.amount)
            props = (
                ("signed_by", event.person),
                ("signed_on", Day(event.days_ago)),
                ("amount", event.amount),
                ("term", msg("value.months", months=event.term_months)),
            )
        else:  # document
            title = text("activity.document.title", document=document)
            description = text(
                "activity.document.description", organizer=event.organizer, person=event.person, views=event.views
            )
            props = (("shared_by", event.organizer), ("date", Day(event.days_ago)), ("views", event.views))
        # The same event seen from an account and from its contact opens the same page.
        link = f"{BASE_URL}/activities/{_short_hash(account, kind, event.days_ago, event.person)}"
        return _item("record_summary")(
            title=title,
            description=description,
            dateTime=text.moment(event.days_ago, event.hour),
            url=link,
            additionalProperties=text.properties(props),
        )

    @staticmethod
    def _highlight_text(profile: Profile, text: Text) -> str | None:
        if not profile.highlights:
            return None
        first = profile.highlights[0]
        return text(f"highlight.{first.kind}.description", **dict(first.params))

    def _record_insight(self, profile: Profile, text: Text) -> str | None:
        insight = self._highlight_text(profile, text)
        if insight is None:
            return None
        return text("email.record", type=msg(f"type.{profile.record_type}.one"), record=profile.name, insight=insight)

    def _contact_insight(self, person: Person, text: Text) -> str:
        event = _LATEST_EVENT.get(person.name)
        activity = self._activity(event, person.account, text).title if event else text(f"role.{person.role}")
        return text(
            "email.contact",
            person=person.name,
            job=msg(f"job.{person.job}"),
            account=person.account,
            role=msg(f"role.{person.role}"),
            date=Day(event.days_ago if event else 0),
            activity=activity,
        )

    def _domain_insight(self, domain: str, text: Text) -> str | None:
        account_id = ACCOUNT_IDS_BY_DOMAIN.get(domain)
        if account_id:
            return self._record_insight(PROFILES[("account", account_id)], text)
        company, count, days = generated.domain_facts(domain)
        return text("email.domain", company=company, count=count, date=Day(days))

    def _participant_insights(self, addresses: Iterable[str], text: Text) -> list[str]:
        """Known contacts by address; anyone else through their company's domain (once per domain)."""
        insights: list[str] = []
        domains: set[str] = set()
        for raw in addresses:
            address = raw.strip().strip("<>").lower()
            if "@" not in address:
                continue
            person = PEOPLE_BY_EMAIL.get(address)
            if person is not None:
                insights.append(self._contact_insight(person, text))
                continue
            domain = address.rsplit("@", 1)[1]
            if domain in CONSUMER_DOMAINS or domain in domains:
                continue
            domains.add(domain)
            insight = self._domain_insight(domain, text)
            if insight:
                insights.append(insight)
        return insights

    # --- renderings, cached per instance ------------------------------------------------------

    def _render_activities(self, record_type: str, record_id: str, language: str, today: date) -> tuple[Activity, ...]:
        profile = self._profile(record_type, record_id)
        text = Text(language, today)
        items = [self._activity(event, profile.account, text) for event in profile.events]
        return tuple(sorted(items, key=lambda a: a.dateTime, reverse=True))

    def _render_related(
        self, record_type: str, record_id: str, language: str, today: date
    ) -> tuple[RelatedRecord, ...]:
        profile = self._profile(record_type, record_id)
        text = Text(language, today)
        return tuple(
            _item("record_details")(
                recordId=r.record_id,
                recordType=r.record_type,
                recordTypeDisplayName=text(f"type.{r.record_type}.one"),
                recordTypePluralDisplayName=text(f"type.{r.record_type}.other"),
                recordTitle=text.value(r.title),
                url=url(PATHS[r.record_type], r.record_id),
                additionalProperties=text.properties(r.properties),
            )
            for r in profile.related
        )

    def _render_collateral(self, language: str, today: date) -> tuple[ContentSuggestion, ...]:
        """Every collateral item, in the catalogue's order."""
        text = Text(language, today)
        items = []
        for c in COLLATERAL:
            props = [("file_type", msg(f"filetype.{c.file_type}")), ("updated", Day(c.updated_days_ago))]
            if c.size_kb:
                props.append(("size", msg("value.kb", size=c.size_kb)))
            items.append(
                _item("email_draft")(
                    contentType=c.content_type,
                    content=f"{BASE_URL}/{c.file}",
                    contentTitle=text(f"doc.{c.key}"),
                    contentDescription=text(f"collateral.{c.key}"),
                    contentIconUrl=f"{BASE_URL}/static/icons/{c.file_type}.png",
                    additionalProperties=text.properties(tuple(props)),
                )
            )
        return tuple(items)

    def _render_cards(self, account_id: str, language: str, today: date) -> tuple[AdaptiveCardResult, ...]:
        from connector.sources.sample.cards import stakeholder_card  # the key stakeholders' models, on its first call

        text = Text(language, today)
        events = PROFILES[("account", account_id)].events
        cards = []
        for person in STAKEHOLDERS[account_id]:
            meetings = [e.days_ago for e in events if e.kind == "meeting" and e.person == person.name]
            cards.append(stakeholder_card(person, Day(min(meetings)) if meetings else None, text))
        return tuple(cards)

    # --- the seven operations, and the chat's record lookup ------------------------------------

    def record_lookup(self, inputs: RecordLookupQuery, context: RequestContext) -> list[RecordMatch]:
        """The catalogue's records of that type whose name contains the text: exact names first, then
        names that start with it, then the rest, each group in name order."""
        wanted = _folded(inputs.name)
        found = [(name, profile) for name, profile in _NAMED.get(inputs.recordType, ()) if wanted in name]
        found.sort(key=lambda match: (match[0] != wanted, not match[0].startswith(wanted)))
        text = self._text(context)
        return [
            _item("record_lookup")(
                recordId=profile.record_id,
                recordType=profile.record_type,
                recordTypeDisplayName=text(f"type.{profile.record_type}.one"),
                recordTitle=profile.name,
                url=url(PATHS[profile.record_type], profile.record_id),
            )
            for _, profile in found
        ]

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> list[Activity]:
        self._profile(inputs.recordType, inputs.recordId)  # an unknown type is not found, and not cached
        items = self._rendered_activities(
            inputs.recordType, _normalise_id(inputs.recordId), context.language, self._today()
        )
        return [
            a
            for a in items
            if (inputs.startDateTime is None or a.dateTime >= inputs.startDateTime)
            and (inputs.endDateTime is None or a.dateTime <= inputs.endDateTime)
        ]

    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> list[RelatedRecord]:
        self._profile(inputs.recordType, inputs.recordId)
        return list(
            self._rendered_related(inputs.recordType, _normalise_id(inputs.recordId), context.language, self._today())
        )

    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> list[SalesHighlight]:
        profile = self._profile(inputs.recordType, inputs.recordId)
        text = self._text(context)
        link = url(PATHS[profile.record_type], profile.record_id, "insights")
        return [
            _item("key_sales_info")(
                title=clip(text(f"highlight.{h.kind}.title"), CARD_TITLE_MAX),
                description=clip(text(f"highlight.{h.kind}.description", **dict(h.params)), HIGHLIGHT_TEXT_MAX),
                url=link,
                dateTime=text.moment(h.days_ago, 9),
            )
            for h in profile.highlights
        ]

    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> list[EmailInsight]:
        text = self._text(context)
        insights: list[str | None] = []
        if inputs.recordType in KNOWN_TYPES and inputs.recordId:
            insights.append(self._record_insight(self._profile(inputs.recordType, inputs.recordId), text))
        insights.extend(self._participant_insights(inputs.contacts, text))
        email_insight = _item("email_summary_v1")
        return [email_insight(title=PARTNER_NAME, description=d) for d in _unique(i for i in insights if i)]

    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> list[EmailInsightV2]:
        text = self._text(context)
        data = inputs.resourceData
        insights: list[str | None] = []
        # What the thread is about: when was the matching collateral last shared with this customer.
        topics = ranked_topics(thread_text(data.subject, data.plaintextBody, data.fullHtmlBody))
        company = self._thread_company(inputs)
        if topics and company:
            document = next(c.key for c in COLLATERAL if dict(c.topics).get(topics[0], 0) >= 2)
            draw = generated.Draw(f"topic:{company}:{topics[0]}")
            insights.append(
                text(
                    "email.topic",
                    document=msg(f"doc.{document}"),
                    company=company,
                    date=Day(draw.between(1, 20)),
                    views=draw.between(2, 9),
                )
            )
        for entity in inputs.relatedEntities or ():
            if entity.entityType in KNOWN_TYPES and _linkable(entity.entityId):  # a hint: skipped, not refused
                insights.append(self._record_insight(self._profile(entity.entityType, entity.entityId), text))
        insights.extend(self._participant_insights(data.participants, text))
        email_insight = _item("email_summary_v2")
        return [email_insight(insight=d) for d in _unique(i for i in insights if i)]

    def _thread_company(self, inputs: EmailSummaryBody) -> str | None:
        """The customer of a thread: a related account, a known contact, else an address's company."""
        for entity in inputs.relatedEntities or ():
            if entity.entityType in KNOWN_TYPES and _linkable(entity.entityId):
                return self._profile(entity.entityType, entity.entityId).account
        for raw in inputs.resourceData.participants:
            address = raw.strip().strip("<>").lower()
            if address in PEOPLE_BY_EMAIL:
                return PEOPLE_BY_EMAIL[address].account
        for raw in inputs.resourceData.participants:
            domain = raw.strip().strip("<>").lower().rpartition("@")[2]
            if domain and domain not in CONSUMER_DOMAINS and "." in domain:
                account_id = ACCOUNT_IDS_BY_DOMAIN.get(domain)
                return PROFILES[("account", account_id)].name if account_id else generated.company_for_domain(domain)
        return None

    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> list[ContentSuggestion]:
        data = inputs.resourceData
        parts = thread_text(data.subject, data.plaintextBody, data.fullHtmlBody)
        parts["prompt"] = inputs.inputPrompt or ""
        scores = topic_scores(parts)
        # Best matches first; ties and unmatched collateral keep the catalogue's order (general first).
        ranked = sorted(
            range(len(COLLATERAL)), key=lambda i: (-sum(scores.get(t, 0) * w for t, w in COLLATERAL[i].topics), i)
        )
        rendered = self._rendered_collateral(context.language, self._today())
        return [rendered[i] for i in ranked]

    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> list[AdaptiveCardResult]:
        account_id = ACCOUNT_IDS_BY_NAME.get(" ".join(inputs.accountName.split()).casefold())
        if account_id is None:
            return []
        return list(self._rendered_cards(account_id, context.language, self._today()))
