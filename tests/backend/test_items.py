"""Whatever items a back end sends, each is served or dropped on its own: never a 500, never odd text,
and the log names the contract's fields only."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.contract import OPERATIONS
from connector.sources.backend.client import BackendClient
from tests.backend.test_forwarding import CARD, HIGHLIGHT, RELATED_RECORD, SUGGESTION
from tests.conftest import body_of
from tests.support.backend_server import Reply

QUERY = {"recordType": "account", "recordId": "A-1"}
ACTIVITY = {"title": "Call with Ben", "description": "Discussed the renewal.", "dateTime": "2024-05-07T03:28:38Z"}


def served_and_dropped(backend, call, caplog, items: list) -> tuple[list, list[str]]:
    backend.reply(Reply(body={"value": items}))
    with caplog.at_level(logging.WARNING, logger="connector"):
        response = call("record_summary", params=QUERY)
    assert response.status_code == 200, response.get_body()
    return body_of(response)["value"], [r.getMessage() for r in caplog.records if "Dropped item" in r.getMessage()]


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_a_date_beyond_the_calendar_in_utc_drops_its_item_only(backend, call, caplog, moment):
    served, dropped = served_and_dropped(backend, call, caplog, [ACTIVITY, {**ACTIVITY, "dateTime": moment}, ACTIVITY])

    assert served == [ACTIVITY, ACTIVITY]
    [message] = dropped
    assert message.startswith("Dropped item 1 of scp-get-related-activities") and message.endswith("invalid dateTime")


# The back end's own keys (inside additionalProperties) are never named: they are counted instead.
IN_EXTRAS = "additionalProperties (1 unnamed key)"
BAD_TEXT = [
    ("a NUL in a title", {**ACTIVITY, "title": "Call\x00with Ben"}, "title"),
    ("a C1 control in a description", {**ACTIVITY, "description": "Renewal\x85due"}, "description"),
    ("an escape in a value", {**ACTIVITY, "additionalProperties": {"Stage": "\x1b[31mred"}}, IN_EXTRAS),
    ("a lone surrogate in a value", {**ACTIVITY, "additionalProperties": {"Stage": "Won \ud800"}}, IN_EXTRAS),
    ("a lone surrogate in a key", {**ACTIVITY, "additionalProperties": {"Stage \udc00": "Won"}}, IN_EXTRAS),
    ("a control in a key", {**ACTIVITY, "additionalProperties": {"Stage\x07": "Won"}}, IN_EXTRAS),
]


@pytest.mark.parametrize(("item", "field"), [c[1:] for c in BAD_TEXT], ids=[c[0] for c in BAD_TEXT])
def test_one_text_rule_for_keys_and_values(backend, call, caplog, item, field):
    served, dropped = served_and_dropped(backend, call, caplog, [item, ACTIVITY])

    assert served == [ACTIVITY]
    [message] = dropped
    assert message.endswith(f"invalid {field}")


def test_tabs_and_line_breaks_are_text(backend, call, caplog):
    item = {**ACTIVITY, "description": "Line one\nLine two\r\n\tindented", "additionalProperties": {"Notes": "a\tb"}}

    served, dropped = served_and_dropped(backend, call, caplog, [item])

    assert (served, dropped) == ([item], [])


def test_a_dropped_item_is_logged_by_contract_names_never_by_the_back_ends_keys(backend, call, caplog):
    contact = "ana.lopez@contoso.com"
    items = [{**ACTIVITY, "additionalProperties": {contact: 42, "Stage": ["Won"]}}, ACTIVITY]

    served, [message] = served_and_dropped(backend, call, caplog, items)

    assert served == [ACTIVITY]
    assert contact not in message and "Stage" not in message
    assert message.endswith("invalid additionalProperties (2 unnamed keys)")


# --- property: any JSON from the back end ----------------------------------------------------

FIELD_NAMES = sorted({name for op in OPERATIONS for name in op.item.model_fields} | {"value", "adaptiveCards"})
EDGE_TEXT = [
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "2024-05-07T03:28:38Z",
    "https://x.example/a",
    "",
    "\x00",
    "\ud800",
    "\x85",
    "1e999",
    "-0",
]
text = st.text(
    st.one_of(st.characters(), st.characters(categories=["Cs"]), st.characters(max_codepoint=0x9F)), max_size=12
) | st.sampled_from(EDGE_TEXT)
scalars = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | text
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text | st.sampled_from(FIELD_NAMES), inner, max_size=4),
    max_leaves=12,
)
VALID_ITEMS = [
    ACTIVITY,
    RELATED_RECORD,
    HIGHLIGHT,
    SUGGESTION,
    CARD,
    {"insight": "Ben asked for a discount."},
    {"title": "Fabrikam", "description": "Ben asked for a discount."},
]
# Valid items with some fields replaced: what reaches the conversions most often.
mutated = st.builds(
    lambda item, changes: {**item, **changes},
    st.sampled_from(VALID_ITEMS),
    st.dictionaries(st.sampled_from(FIELD_NAMES) | text, json_values | st.sampled_from(EDGE_TEXT), max_size=3),
)
offsets = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59))
moments = st.datetimes(timezones=st.builds(timezone, offsets)).map(datetime.isoformat) | st.sampled_from(
    [
        f"{day}T{clock}{offset}"
        for day in ("0001-01-01", "9999-12-31")
        for clock in ("00:00:00", "23:59:59")
        for offset in ("Z", "+01:00", "-01:00", "+23:59", "-23:59")
    ]
)
dated = st.builds(lambda item, moment: {**item, "dateTime": moment}, st.sampled_from([ACTIVITY, HIGHLIGHT]), moments)
# Weighted by repetition: most items are valid ones with a date or a few fields changed.
items = (
    dated
    | dated
    | mutated
    | mutated
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | text, json_values, max_size=8)
    | json_values
)
pages = st.fixed_dictionaries(
    {"value": st.lists(items, min_size=1, max_size=5)}, optional={"hasMoreResults": json_values}
)
cards = st.fixed_dictionaries({"adaptiveCards": st.lists(items, min_size=1, max_size=5)})


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.key for op in OPERATIONS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=pages | pages | pages | cards | json_values)
def test_no_back_end_document_makes_the_connector_fail(backend, call, monkeypatch, operation, document):
    """The back end's JSON goes through the real mapping, item rule and serialisation: a 200 or a 502, never a 500."""
    # The document as the client would hand it over after json.loads; the HTTP part is proven elsewhere.
    monkeypatch.setattr(BackendClient, "call", lambda self, *args, **kwargs: document)
    inputs = {
        "email_summary_v1": {"emailContacts": "a@b.com"},
        "key_stakeholders": {"accountName": "Contoso"},
        "email_summary_v2": {"resourceData": {"subject": "Renewal"}},
        "email_draft": {"resourceData": {"subject": "Renewal"}, "resourceType": "email-thread"},
    }.get(operation.key, QUERY)

    response = call(
        operation.key,
        params=None if operation.method == "POST" else inputs,
        body=inputs if operation.method == "POST" else None,
    )

    assert response.status_code in (200, 502), response.get_body()
    json.loads(response.get_body().decode("utf-8"))  # what is served is valid UTF-8 JSON


LAX_DATES = [0, 1715052518, 1.5e9, True, "1715052518", "0", "", "tomorrow", None, [2024, 5, 7], {"year": 2024}]


@pytest.mark.parametrize("value", LAX_DATES, ids=repr)
def test_a_date_that_is_not_a_date_drops_its_item(backend, call, caplog, value):
    """Strict conversion: pydantic's lax mode would serve `0` (or "1715052518") as a Unix time."""
    served, dropped = served_and_dropped(backend, call, caplog, [{**ACTIVITY, "dateTime": value}, ACTIVITY])

    assert served == [ACTIVITY]
    [message] = dropped
    assert message.endswith("invalid dateTime")


@pytest.mark.parametrize(
    "value", ["2024-05-07T03:28:38Z", "2024-05-07T05:28:38+02:00", "2024-05-07T03:28:38.250Z", "2024-05-07T03:28:38"]
)
def test_an_iso_date_time_from_a_back_end_is_served_as_before(backend, call, caplog, value):
    served, dropped = served_and_dropped(backend, call, caplog, [{**ACTIVITY, "dateTime": value}])

    assert (served, dropped) == ([ACTIVITY], [])


NOT_A_CARD = [
    '["AdaptiveCard"]',
    '"AdaptiveCard"',
    "not JSON",
    "",
    '{"type": "AdaptiveCard"',
    {"type": "AdaptiveCard", "version": "1.5", "body": []},  # an object, not text
    42,
]


@pytest.mark.parametrize("card", NOT_A_CARD, ids=repr)
def test_an_adaptive_card_must_be_a_json_object_as_text(backend, call, caplog, card):
    backend.reply(Reply(body={"adaptiveCards": [{**CARD, "adaptiveCard": card}, CARD]}))
    with caplog.at_level(logging.WARNING, logger="connector"):
        response = call("key_stakeholders", params={"accountName": "Contoso"})

    assert response.status_code == 200, response.get_body()
    assert body_of(response)["adaptiveCards"] == [CARD]
    assert any(r.getMessage().endswith("invalid adaptiveCard") for r in caplog.records)


@pytest.mark.parametrize(("field", "value"), [("title", 5), ("description", 1.5), ("title", True)])
def test_a_number_where_text_belongs_drops_its_item(backend, call, caplog, field, value):
    served, dropped = served_and_dropped(backend, call, caplog, [{**ACTIVITY, field: value}, ACTIVITY])

    assert served == [ACTIVITY] and dropped[0].endswith(f"invalid {field}")


@pytest.mark.parametrize(("field", "value"), [("title", b"Call"), ("dateTime", 0), ("dateTime", b"2024-05-07")])
def test_a_python_sources_item_converts_strictly_too(field, value):
    """What a Python source hands over directly: bytes are not text, a number is not a date."""
    from connector.contract import operation
    from connector.outputs import ItemRefused, conform

    with pytest.raises(ItemRefused, match=field):
        conform(operation("record_summary").item, {**ACTIVITY, field: value})
