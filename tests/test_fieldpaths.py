"""Field paths: a refused value's location stays a tuple until the answer writes it, and logs and
telemetry keep only the contract's names of it (never a key a caller or a back end chose)."""

from __future__ import annotations

from connector.errors import invalid_request, location_text
from connector.fieldpaths import contract_path, describe
from connector.messages import message


def test_the_answer_writes_a_location_as_a_dotted_path():
    assert location_text(("resourceData", "to", 0)) == "resourceData.to[0]"
    assert location_text(("top",)) == "top"
    assert location_text((0, "title")) == "[0].title"
    assert location_text(()) == "body"
    assert location_text("recordId") == "recordId"  # a partner's source may name it as text


def test_an_invalid_request_keeps_its_locations_as_tuples_and_writes_them_in_the_answer():
    error = invalid_request(
        {("resourceData", "to", 0): message("detail.not_text"), ("top",): message("detail.required")}
    )
    assert set(error.details) == {("resourceData", "to", 0), ("top",)}
    assert set(error.details_in("en")) == {"resourceData.to[0]", "top"}
    assert "resourceData.to[0], top" in error.message


def test_two_locations_written_alike_give_one_detail_the_first_reason():
    error = invalid_request({("a.b",): message("detail.not_text"), ("a", "b"): message("detail.required")})
    assert error.details_in("en") == {"a.b": message("detail.not_text").render("en")}


def test_logs_keep_the_contracts_names_up_to_the_first_unnamed_key():
    assert contract_path(("resourceData", "to", 0)) == ("resourceData.to[0]", False)
    assert contract_path(("resourceData", "ana@contoso.com", "x")) == ("resourceData", True)
    assert contract_path(("ana@contoso.com",)) == ("item", True)


def test_describe_sorts_merges_and_counts_the_unnamed_keys():
    locations = [("resourceData", "a@x.com"), ("resourceData", "b@x.com"), ("top",), ("top",)]
    assert describe(locations) == ["resourceData (2 unnamed keys)", "top"]
    assert describe([("resourceData", "a@x.com")]) == ["resourceData (1 unnamed key)"]
