"""The contract's value types on their own: what each accepts, how it normalises, and the reason it
gives when it refuses (a `detail.*` key of the catalogues, or pydantic's own type for a limit)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from connector import values


def accepted(value_type, value):
    return TypeAdapter(value_type).validate_python(value)


def refusal(value_type, value) -> str:
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(value_type).validate_python(value)
    return refused.value.errors()[0]["type"]


@pytest.mark.parametrize(
    ("value_type", "given", "kept"),
    [
        (values.CrmType, "Dynamics 365", "Dynamics365"),
        (values.CrmType, "DYNAMICS365", "Dynamics365"),
        (values.CrmType, "salesforce", "Salesforce"),
        (values.RecordType, "Account", "account"),
        (values.CrmOrgUrl, "https://contoso.crm.dynamics.com/", "contoso.crm.dynamics.com"),
        (values.CrmOrgUrl, "contoso.crm.dynamics.com", "contoso.crm.dynamics.com"),
        (values.Identifier, "A-1", "A-1"),
        (values.Top, "5", 5),
        (values.Top, 3, 3),
        (values.Skip, "0", 0),
    ],
)
def test_a_value_is_accepted_in_its_normal_form(value_type, given, kept):
    assert accepted(value_type, given) == kept


@pytest.mark.parametrize(
    ("value_type", "given", "reason"),
    [
        (values.CrmType, "SAP", "detail.crm_type"),
        (values.RecordType, "account type!", "detail.record_type"),
        (values.CrmOrgUrl, "ftp://contoso.crm.dynamics.com", "detail.crm_org_url"),
        (values.CrmOrgUrl, "not a host", "detail.crm_org_url"),
        (values.Identifier, "", "string_too_short"),
        (values.Identifier, "a\nb", "detail.single_line"),
        (values.Identifier, "x" * 257, "string_too_long"),
        (values.InputDateTime, "2024-05-07T03:28:38", "detail.date_time"),  # no offset: which day is it?
        (values.InputDateTime, "yesterday", "detail.date_time"),
        (values.Top, "1.5", "detail.whole_number"),
        (values.Top, "ten", "detail.whole_number"),
        (values.Top, "-1", "greater_than_equal"),
        (values.Top, str(values.MAX_TOP + 1), "less_than_equal"),
        (values.Skip, "2147483648", "less_than_equal"),
    ],
)
def test_a_value_is_refused_with_its_reason(value_type, given, reason):
    assert refusal(value_type, given) == reason


def test_an_input_time_keeps_its_offset_and_an_output_time_is_written_in_utc():
    paris = timezone(timedelta(hours=2))
    assert accepted(values.InputDateTime, "2024-05-07T05:28:38+02:00") == datetime(2024, 5, 7, 5, 28, 38, tzinfo=paris)
    assert values.as_utc(datetime(2024, 5, 7, 5, 28, 38, tzinfo=paris)) == datetime(2024, 5, 7, 3, 28, 38, tzinfo=UTC)


@pytest.mark.parametrize("year", ["0000", "0001", "1900", "2024", "2100", "9999"])
def test_the_usual_time_shape_reads_as_every_other_shape_does(year):
    # `...Z` takes a fast path; the same instant with a `+00:00` offset takes the general one. Both agree
    # on every date, real or not (February 30th, minute 60, second 61, year 0).
    for month, day, hour, minute, second in itertools.product(
        ["00", "01", "02", "12", "13"],
        ["00", "01", "29", "30", "31", "32"],
        ["00", "23", "24"],
        ["59", "60"],
        ["59", "60", "61"],
    ):
        usual = f"{year}-{month}-{day}T{hour}:{minute}:{second}Z"
        general = usual.replace("Z", "+00:00")
        try:
            expected = accepted(values.InputDateTime, general)
        except ValidationError:
            assert refusal(values.InputDateTime, usual) == refusal(values.InputDateTime, general), usual
        else:
            read = accepted(values.InputDateTime, usual)
            assert (read, read.tzinfo) == (expected, UTC), usual


@pytest.mark.parametrize("text", ["\x00", "a\x7fb", "\u2028", "\ud800", "\x9f"])
def test_the_text_rule_refuses_controls_separators_and_surrogates(text):
    assert values.NOT_TEXT.search(text)


@pytest.mark.parametrize("text", ["Renewal", "a\tb\nc\r", "日本語 😀"])
def test_the_text_rule_allows_text_tabs_and_line_breaks(text):
    assert not values.NOT_TEXT.search(text)
