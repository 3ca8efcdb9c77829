"""The outgoing item rule on its own: an item is served as its model, or refused alone, naming only the
contract's fields; every string of it, dictionary keys included, is text a client can show."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connector.contract import operation
from connector.outputs import ItemRefused, conform, conform_all

ACTIVITIES = operation("record_summary")
GOOD = {
    "title": "Call with Ben",
    "description": "Discussed the renewal.",
    "dateTime": "2024-05-07T03:28:38Z",
    "additionalProperties": {"Owner": "Ana"},
}


def test_a_good_item_is_served_as_its_model():
    item = conform(ACTIVITIES.item, GOOD)
    assert (item.title, item.dateTime) == ("Call with Ben", datetime(2024, 5, 7, 3, 28, 38, tzinfo=UTC))


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"title": "Call\x00"}, ["title"]),
        ({"description": "\ud800"}, ["description"]),
        ({"title": "Call\u0085"}, ["title"]),  # a C1 control
        ({"additionalProperties": {"ana@contoso.com\x07": "x"}}, ["additionalProperties (1 unnamed key)"]),
        ({"title": None}, ["title"]),
        ({"dateTime": "someday"}, ["dateTime"]),
    ],
)
def test_a_bad_item_is_refused_naming_the_contracts_fields_only(change, fields):
    with pytest.raises(ItemRefused) as refused:
        conform(ACTIVITIES.item, {**GOOD, **change})
    assert refused.value.fields == fields


def test_tabs_and_line_breaks_are_text():
    assert conform(ACTIVITIES.item, {**GOOD, "description": "a\tb\r\nc"}).description == "a\tb\r\nc"


def test_a_page_is_checked_in_one_call_and_any_bad_item_sends_it_item_by_item():
    assert [i.title for i in conform_all(ACTIVITIES.items_validator, [GOOD, GOOD])] == ["Call with Ben"] * 2
    assert conform_all(ACTIVITIES.items_validator, [GOOD, {**GOOD, "title": "\x01"}]) is None


def test_whatever_a_source_hands_over_refuses_that_item_only():
    class Explodes:
        def __getattr__(self, name):
            raise RuntimeError("a source's object that fails when read")

    with pytest.raises(ItemRefused) as refused:
        conform(ACTIVITIES.item, Explodes())
    assert refused.value.fields
