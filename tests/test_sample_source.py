"""The embedded sample source, as a seller would notice it: localized, well-formed, deterministic."""

from __future__ import annotations

import json
import re
import string
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from connector.context import RequestContext
from connector.errors import ConnectorError
from connector.models.email_draft import ContentSuggestion, ContentSuggestionsBody
from connector.models.email_summary_v1 import EmailInsight, EmailSummaryQuery
from connector.models.email_summary_v2 import EmailInsightV2, EmailSummaryBody
from connector.models.key_sales_info import KeySalesInfoQuery, SalesHighlight
from connector.models.key_stakeholders import AdaptiveCardResult, KeyStakeholdersQuery
from connector.models.record_details import RecordDetailsQuery, RelatedRecord
from connector.models.record_summary import Activity, RecordSummaryQuery
from connector.sources.sample import SampleSource, dataset, generated
from connector.sources.sample.text import CATALOGUES, Day, Money, Text
from connector.values import CARD_TITLE_MAX, HIGHLIGHT_TEXT_MAX

LANGUAGES = ("en", "fr", "de", "es", "ja")
CONTOSO = dataset.CONTOSO_ID
KNOWN = [(t, i) for (t, i) in dataset.PROFILES]
TYPES = ("account", "opportunity", "contact", "lead")
GENERATED = [(t, f"00000000-0000-0000-0000-{n:012d}") for t in TYPES for n in range(40)]
LOCALES = Path(dataset.__file__).parent / "locales"

# Words only the translation would contain, to tell it is really that language.
MARKERS = {
    "fr": re.compile(r"[éèêàçô]|\b(le|la|les|des|avec|dans)\b", re.IGNORECASE),
    "de": re.compile(r"[äöüß]|\b(der|die|das|mit|und|am)\b", re.IGNORECASE),
    "es": re.compile(r"[áéíóúñ¿]|\b(el|los|las|con|del)\b", re.IGNORECASE),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
}


@pytest.fixture(scope="module")
def source() -> SampleSource:
    return SampleSource()


def ctx(language: str = "en", operation: str = "record_summary") -> RequestContext:
    return RequestContext(
        operation_key=operation,
        request_id="t",
        user_agent=None,
        language=language,
        accept_language=None,
        deadline=time.monotonic() + 5,
    )


def texts(items) -> str:
    """Every natural-language text of a list of items, flattened."""
    return json.dumps([item.model_dump(mode="json") for item in items], ensure_ascii=False)


def thread(
    subject: str,
    body: str = "",
    sender: str = "megan.bowen@relecloud.example",
    to: tuple[str, ...] = ("sanjay.shah@contoso.com",),
) -> dict:
    return {
        "subject": subject,
        "plaintextBody": body,
        "from": sender,
        "to": list(to),
        "sentDateTime": "2025-05-07T03:28:38Z",
    }


def all_operations(source: SampleSource, language: str) -> dict[str, tuple[type, list]]:
    c = ctx(language)
    return {
        "record_summary": (
            Activity,
            source.record_summary(RecordSummaryQuery(recordType="account", recordId=CONTOSO), c),
        ),
        "record_details": (
            RelatedRecord,
            source.record_details(RecordDetailsQuery(recordType="account", recordId=CONTOSO), c),
        ),
        "key_sales_info": (
            SalesHighlight,
            source.key_sales_info(KeySalesInfoQuery(recordType="account", recordId=CONTOSO), c),
        ),
        "email_summary_v1": (
            EmailInsight,
            source.email_summary_v1(EmailSummaryQuery(emailContacts="sanjay.shah@contoso.com;ann@northwind.com"), c),
        ),
        "email_summary_v2": (
            EmailInsightV2,
            source.email_summary_v2(
                EmailSummaryBody.model_validate(
                    {
                        "resourceData": thread("Pricing for the renewal"),
                        "relatedEntities": [{"entityId": CONTOSO, "entityType": "account"}],
                    }
                ),
                c,
            ),
        ),
        "email_draft": (
            ContentSuggestion,
            source.email_draft(
                ContentSuggestionsBody.model_validate(
                    {"resourceData": thread("Security questionnaire"), "resourceType": "email-thread"}
                ),
                c,
            ),
        ),
        "key_stakeholders": (
            AdaptiveCardResult,
            source.key_stakeholders(KeyStakeholdersQuery(accountName="Contoso Ltd"), c),
        ),
    }


# --- every operation, every language --------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_operation_answers_valid_items_in_every_language(source, language):
    for name, (model, items) in all_operations(source, language).items():
        assert items, name
        for item in items:
            assert isinstance(item, model), name
            model.model_validate(item.model_dump())


@pytest.mark.parametrize("language", ["fr", "de", "es", "ja"])
def test_translations_differ_from_english_and_are_that_language(source, language):
    english = all_operations(source, "en")
    translated = all_operations(source, language)
    for name in english:
        localized = texts(translated[name][1])
        assert localized != texts(english[name][1]), name
        assert MARKERS[language].search(localized), (name, localized[:200])


def test_unknown_language_falls_back_to_english(source):
    query = RecordSummaryQuery(recordType="account", recordId=CONTOSO)
    assert source.record_summary(query, ctx("pt")) == source.record_summary(query, ctx("en"))


def test_same_inputs_give_the_same_answer(source):
    first = {k: texts(v[1]) for k, v in all_operations(source, "ja").items()}
    second = {k: texts(v[1]) for k, v in all_operations(SampleSource(), "ja").items()}
    assert first == second


# --- record summary -------------------------------------------------------------------------


def test_record_summary_is_newest_first_utc_with_localized_properties(source):
    items = source.record_summary(RecordSummaryQuery(recordType="account", recordId=CONTOSO), ctx("de"))
    times = [a.dateTime for a in items]
    assert times == sorted(times, reverse=True)
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
    assert all(a.url.startswith("https://app.relecloud.example/") for a in items)
    signed = next(a for a in items if a.title.startswith("Vertrag signiert"))
    assert signed.additionalProperties["Betrag"] == "480.000\xa0$"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", signed.additionalProperties["Unterschrieben am"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", items[0].model_dump(mode="json")["dateTime"])


def test_record_summary_honours_the_date_window(source):
    everything = source.record_summary(RecordSummaryQuery(recordType="account", recordId=CONTOSO), ctx())
    now = datetime.now(UTC)
    start, end = now - timedelta(days=15), now - timedelta(days=1)
    window = source.record_summary(
        RecordSummaryQuery(recordType="account", recordId=CONTOSO, startDateTime=start, endDateTime=end), ctx()
    )
    assert window and len(window) < len(everything)
    assert all(start <= a.dateTime <= end for a in window)
    assert window == [a for a in everything if start <= a.dateTime <= end]
    future = now + timedelta(days=1)
    assert (
        source.record_summary(RecordSummaryQuery(recordType="account", recordId=CONTOSO, startDateTime=future), ctx())
        == []
    )


def test_dates_follow_the_current_day():
    day_one = SampleSource(today=lambda: date(2025, 3, 1))
    day_two = SampleSource(today=lambda: date(2025, 3, 2))
    query = RecordSummaryQuery(recordType="account", recordId=CONTOSO)
    first, second = day_one.record_summary(query, ctx()), day_two.record_summary(query, ctx())
    assert [b.dateTime - a.dateTime for a, b in zip(first, second, strict=True)] == [timedelta(days=1)] * len(first)
    assert all(a.dateTime < datetime(2025, 3, 1, tzinfo=UTC) for a in first)


def test_record_ids_match_in_any_case_and_with_braces(source):
    plain = source.record_summary(RecordSummaryQuery(recordType="Account", recordId=CONTOSO), ctx())
    braced = source.record_summary(
        RecordSummaryQuery(recordType="account", recordId="{" + CONTOSO.upper() + "}"), ctx()
    )
    assert plain == braced


# --- known, generated and unknown records ---------------------------------------------------


@pytest.mark.parametrize("record_type", TYPES)
def test_unknown_id_of_a_known_type_gets_generated_insights(source, record_type):
    record_id = "11111111-2222-3333-4444-555555555555"
    summary = source.record_summary(RecordSummaryQuery(recordType=record_type, recordId=record_id), ctx())
    details = source.record_details(RecordDetailsQuery(recordType=record_type, recordId=record_id), ctx())
    highlights = source.key_sales_info(KeySalesInfoQuery(recordType=record_type, recordId=record_id), ctx())
    assert len(summary) >= 5 and details and highlights
    other = source.record_summary(RecordSummaryQuery(recordType=record_type, recordId="another-id"), ctx())
    assert texts(summary) != texts(other)
    again = SampleSource().record_summary(RecordSummaryQuery(recordType=record_type, recordId=record_id), ctx())
    assert texts(summary) == texts(again)


@pytest.mark.parametrize("operation", ["record_summary", "record_details", "key_sales_info"])
def test_unknown_record_type_is_record_not_found(source, operation):
    model = {
        "record_summary": RecordSummaryQuery,
        "record_details": RecordDetailsQuery,
        "key_sales_info": KeySalesInfoQuery,
    }[operation]
    with pytest.raises(ConnectorError) as raised:
        getattr(source, operation)(model(recordType="invoice", recordId=CONTOSO), ctx())
    assert raised.value.status == 404
    assert raised.value.error_code == "RECORD_NOT_FOUND"


def test_record_details_have_localized_display_names(source):
    records = source.record_details(RecordDetailsQuery(recordType="account", recordId=CONTOSO), ctx("fr"))
    by_type = {r.recordType: r for r in records}
    assert {"contact", "opportunity", "relecloud_contract"} <= set(by_type)
    assert by_type["opportunity"].recordTypeDisplayName == "Opportunité"
    assert by_type["opportunity"].recordTypePluralDisplayName == "Opportunités"
    sanjay = next(r for r in records if r.recordTitle == "Sanjay Shah")
    assert sanjay.additionalProperties["Rôle"] == "Acheteur économique"


# --- key sales info limits ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_sales_info_fits_the_limits_for_known_and_generated_records(source, language):
    for record_type, record_id in KNOWN + GENERATED:
        for h in source.key_sales_info(KeySalesInfoQuery(recordType=record_type, recordId=record_id), ctx(language)):
            assert 1 <= len(h.title) <= CARD_TITLE_MAX, h.title
            assert 1 <= len(h.description) <= HIGHLIGHT_TEXT_MAX, h.description
            assert not h.description.endswith("…"), h.description  # fits without being cut


@pytest.mark.parametrize("language", LANGUAGES)
def test_highlight_templates_fit_even_with_the_longest_values(language):
    text = Text(language, date(2025, 9, 30))
    longest = {
        "document": max((text(k) for k in CATALOGUES["en"] if k.startswith("doc.")), key=len),
        "date": max((text.value(Day(n)) for n in range(-400, 400)), key=len),
        "person": max([*generated.NAMES, *(p.name for p in dataset.PEOPLE)], key=len),
        "account": max([*generated.COMPANIES, dataset.CONTOSO, dataset.FABRIKAM, dataset.ADVENTURE_WORKS], key=len),
        "amount": text.value(Money(1_200_000, "EUR")),
        "views": 12,
        "days": 99,
    }
    for key, template in CATALOGUES[language].items():
        if key.startswith("highlight."):
            limit = CARD_TITLE_MAX if key.endswith(".title") else HIGHLIGHT_TEXT_MAX
            assert len(template.format(**longest)) <= limit, (key, template.format(**longest))


# --- email summary --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_email_summary_v1_title_is_the_partner_name(source, language):
    contacts = ",".join([p.email for p in dataset.PEOPLE] + [f"someone@company{n}.com" for n in range(30)])
    items = source.email_summary_v1(EmailSummaryQuery(emailContacts=contacts), ctx(language))
    assert len(items) == len(dataset.PEOPLE) + 30
    assert {i.title for i in items} == {"Relecloud"}


def test_email_summary_v1_knows_contacts_and_domains(source):
    items = source.email_summary_v1(
        EmailSummaryQuery(
            emailContacts="Sanjay.Shah@contoso.com; bob@gmail.com, pat@northwind-traders.com pat2@northwind-traders.com"
        ),
        ctx(),
    )
    descriptions = [i.description for i in items]
    assert len(descriptions) == 2  # a known contact, and one insight per company domain; no mailbox providers
    assert descriptions[0].startswith("Sanjay Shah, Chief Financial Officer at Contoso Ltd")
    assert "Northwind Traders" in descriptions[1]


def test_email_summary_v1_with_a_record_starts_with_its_insight(source):
    items = source.email_summary_v1(
        EmailSummaryQuery(
            emailContacts="mona.kane@fabrikam.com", recordType="opportunity", recordId=dataset.FABRIKAM_PILOT_ID
        ),
        ctx(),
    )
    assert items[0].description.startswith(f"Opportunity {dataset.FABRIKAM_PILOT}:")
    assert items[1].description.startswith("Mona Kane")


def test_email_summary_v2_is_shaped_by_subject_and_participants_and_never_echoes_the_body(source):
    secret = "The quarterly figures are attached, code word PELICAN."
    body = EmailSummaryBody.model_validate(
        {
            "resourceData": thread(
                "Security review before signing", secret, to=("kayla.lewis@contoso.com", "new.person@fabrikam.com")
            ),
            "relatedEntities": [
                {"entityId": dataset.CONTOSO_RENEWAL_ID, "entityType": "opportunity"},
                {"entityId": "x", "entityType": "invoice"},
            ],
        }
    )
    items = source.email_summary_v2(body, ctx())
    insights = [i.insight for i in items]
    assert "Security and compliance whitepaper" in insights[0] and "Contoso Ltd" in insights[0]
    assert any(i.startswith(f"Opportunity {dataset.CONTOSO_RENEWAL}:") for i in insights)
    assert any(i.startswith("Kayla Lewis") for i in insights)
    assert any("Fabrikam, Inc." in i for i in insights)
    assert all("PELICAN" not in i and "quarterly" not in i for i in insights)
    assert len(insights) == len(set(insights))


def test_email_summary_v2_in_japanese(source):
    body = EmailSummaryBody.model_validate({"resourceData": thread("価格のお見積もりについて")})
    items = source.email_summary_v2(body, ctx("ja"))
    assert "2025 年価格表" in items[0].insight


# --- email draft ----------------------------------------------------------------------------


def _draft(source, subject, body="", prompt=None, language="en"):
    data = {"resourceData": thread(subject, body), "resourceType": "email-thread"}
    if prompt:
        data["inputPrompt"] = prompt
    return source.email_draft(ContentSuggestionsBody.model_validate(data), ctx(language))


def test_email_draft_puts_the_best_match_first(source):
    assert (
        _draft(source, "Pricing for 500 seats", "Could you send a quote with your discount?")[0].contentType
        == "content-xlsx"
    )
    assert (
        _draft(source, "Re: questions", "Our CISO needs your GDPR and security documentation.")[0].contentType
        == "content-pdf"
    )
    assert _draft(source, "Follow-up", prompt="attach the product demo deck")[0].contentType == "content-pptx"
    assert _draft(source, "Next steps", "Please send the contract for legal review.")[0].contentType == "content-doc"
    assert (
        _draft(source, "Angebot", "Können Sie uns die Preise schicken?", language="de")[0].contentType == "content-xlsx"
    )
    assert _draft(source, "お見積もり", "価格表をお送りください。", language="ja")[0].contentType == "content-xlsx"


def test_email_draft_offers_general_collateral_after_the_matches(source):
    unrelated = _draft(source, "Lunch on Friday?", "See you there.")
    pricing = _draft(source, "Pricing", "price list please")
    assert unrelated[0].content.endswith(".pptx")  # the general overview leads when nothing matches
    assert sorted(c.content for c in pricing) == sorted(c.content for c in unrelated)  # all collateral, reordered
    assert all(c.contentIconUrl.startswith("https://") for c in pricing)
    allowed = {"content-file", "content-web", "content-doc", "content-pdf", "content-pptx", "content-xlsx"}
    assert {c.contentType for c in pricing} <= allowed


# --- key stakeholders -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["Contoso Ltd", "  contoso LTD ", "Fabrikam, Inc.", "adventure works cycles"])
def test_key_stakeholders_are_adaptive_cards_1_5(source, name, language):
    results = source.key_stakeholders(KeyStakeholdersQuery(accountName=name), ctx(language, "key_stakeholders"))
    assert results
    for result in results:
        card = json.loads(result.adaptiveCard)
        assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
        assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
        assert {b["type"] for b in card["body"]} <= {"TextBlock", "FactSet"}
        assert all(b["text"] for b in card["body"] if b["type"] == "TextBlock")
        facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
        assert all(f["title"] and f["value"] for f in facts)
        assert all(a["type"] == "Action.OpenUrl" and a["url"] for a in card["actions"])
        assert result.previewCardData.title and result.previewCardData.url.startswith("https://")
        if language == "ja":
            assert MARKERS["ja"].search(result.adaptiveCard)


def test_key_stakeholders_of_an_unknown_account_are_empty(source):
    assert source.key_stakeholders(KeyStakeholdersQuery(accountName="Unknown Corp"), ctx()) == []


# --- catalogues -----------------------------------------------------------------------------


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", ["fr", "de", "es", "ja"])
def test_every_catalogue_has_the_same_ids_and_placeholders_as_english(language):
    english = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
    other = json.loads((LOCALES / f"{language}.json").read_text(encoding="utf-8"))
    assert set(other) == set(english)
    for key, template in english.items():
        assert _placeholders(other[key]) == _placeholders(template), key
    untranslated = [
        k
        for k in english
        if english[k] == other[k]
        and not _placeholders(english[k])
        and k
        not in {
            "doc.trust_center",
            "type.contact.one",
            "type.contact.other",
            "type.lead.one",
            "type.lead.other",
            "type.relecloud_document.other",
            "prop.date",
            "prop.status",
            "prop.influence",
            "value.kb",
        }
    ]
    assert len(untranslated) <= 3, untranslated


HOSTILE_IDS = [
    "a b",
    "../../admin",
    "a?b=c",
    "x#frag",
    "100%",
    "50%2F50",
    "é/ü",
    "a\tb".replace("\t", " "),
    "{braced id}",
    "javascript:alert(1)",
    "//evil.example/x",
    "a" * 256,
]


@pytest.mark.parametrize("record_id", HOSTILE_IDS)
def test_a_link_built_from_the_callers_record_id_keeps_its_shape(local_host, configure, record_id):
    """The id is one percent-encoded path segment: no space, `../`, `?` or `#` changes where the link goes."""
    from urllib.parse import unquote, urlsplit

    configure(CONNECTOR_SOURCE="sample")
    response = local_host.get(
        f"{local_host.api}/enhanceskills/sales-highlights",
        params={"recordType": "account", "recordId": record_id},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    items = response.json()["value"]
    assert items
    for item in items:
        link = urlsplit(item["url"])
        assert (link.scheme, link.netloc, link.query, link.fragment) == ("https", "app.relecloud.example", "", "")
        _, kind, segment, tail = link.path.split("/")
        assert (kind, tail) == ("accounts", "insights")
        assert unquote(segment) == record_id.strip().strip("{}").lower()


def test_a_link_encodes_every_part_of_caller_text():
    from connector.sources.links import link

    assert (
        link("https://app.example/", "accounts", "a b/../c?d#e%")
        == "https://app.example/accounts/a%20b%2F..%2Fc%3Fd%23e%25"
    )
    assert link("https://app.example", "search", q="x&y=z#") == "https://app.example/search?q=x%26y%3Dz%23"


DOT_SEGMENT_IDS = ["..", ".", "{..}", " .. ", "%2e%2e", "%2E", ".%2e"]


@pytest.mark.parametrize("record_id", DOT_SEGMENT_IDS)
def test_a_record_id_that_would_be_a_dot_segment_of_a_link_is_refused(local_host, configure, record_id):
    """`…/accounts/../insights` opens `…/insights` in a browser, escaped or not: such an id is refused."""
    configure(CONNECTOR_SOURCE="sample")
    for route in ("sales-highlights", "activities", "related-records"):
        response = local_host.get(
            f"{local_host.api}/enhanceskills/{route}",
            params={"recordType": "account", "recordId": record_id},
            timeout=10,
        )
        assert response.status_code == 400, (route, response.text)
        assert response.json()["errorCode"] == "INVALID_REQUEST"
        assert list(response.json()["details"]) == ["recordId"]


@pytest.mark.parametrize("value", ["", ".", "..", "%2e%2e", "%252E."])
def test_the_link_helper_never_makes_a_dot_segment(value):
    from connector.sources.links import UnusableSegment, link

    with pytest.raises(UnusableSegment):
        link("https://app.example", "accounts", value, "insights")
