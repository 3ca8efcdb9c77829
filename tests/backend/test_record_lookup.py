"""The record lookup through the back-end source: forwarded like the other operations, and a name leads
to a record's insights in two calls, with the partner's back end a real HTTP server on loopback."""

from __future__ import annotations

import pytest

from connector.sources.backend import mapping
from tests.backend.conftest import BASE_PATH, settings_for
from tests.conftest import body_of
from tests.support.backend_server import Reply

MATCH = {
    "recordId": "A-17",
    "recordType": "account",
    "recordTypeDisplayName": "Compte",
    "recordTitle": "Fabrikam, Inc.",
    "url": "https://insights.example.com/accounts/A-17",
}
HIGHLIGHT = {"title": "Renouvellement", "description": "Le contrat est renouvelé en juin."}


def test_a_name_leads_to_a_records_insights_in_two_calls(backend, call):
    backend.reply(
        Reply(body={"value": [MATCH], "hasMoreResults": False}, headers={"Content-Language": "fr"}),
        Reply(body={"value": [HIGHLIGHT], "hasMoreResults": False}, headers={"Content-Language": "fr"}),
    )
    language = {"Accept-Language": "fr-FR"}

    found = call("record_lookup", params={"recordType": "Account", "name": "fabri"}, headers=language)

    assert found.status_code == 200 and found.headers["Content-Language"] == "fr"
    [match] = body_of(found)["value"]
    assert match == MATCH
    lookup = backend.last
    assert (lookup.method, lookup.path) == ("GET", f"{BASE_PATH}/enhanceskills/record-lookup")
    assert lookup.query == {"recordType": "account", "name": "fabri", "top": "100", "skip": "0"}

    insights = call(
        "key_sales_info", params={"recordType": match["recordType"], "recordId": match["recordId"]}, headers=language
    )

    assert insights.status_code == 200 and body_of(insights)["value"] == [HIGHLIGHT]
    assert backend.last.path == f"{BASE_PATH}/enhanceskills/sales-highlights"
    assert backend.last.query["recordId"] == "A-17"
    assert len(backend.received) == 2


def test_the_lookup_has_its_own_path_setting(backend, call, configure):
    configure(**settings_for(backend, BACKEND_PATH_RECORD_LOOKUP="/crm/search"))
    backend.reply(Reply(body={"value": [], "hasMoreResults": False}))

    response = call("record_lookup", params={"recordType": "contact", "name": "Ana"})

    assert response.status_code == 200 and body_of(response)["value"] == []
    assert backend.last.path == f"{BASE_PATH}/crm/search"


def test_a_mapping_without_the_lookup_still_starts_and_the_lookup_says_it_has_none(
    backend, call, configure, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(mapping, "MAPPINGS", {k: v for k, v in mapping.MAPPINGS.items() if k != "record_lookup"})
    configure(**settings_for(backend))

    response = call("record_lookup", params={"recordType": "account", "name": "Contoso"})

    assert response.status_code == 404 and body_of(response)["errorCode"] == "NOT_FOUND"
    assert backend.received == []  # nothing was asked of the back end
    backend.reply(Reply(body={"value": [HIGHLIGHT]}))
    assert call("key_sales_info", params={"recordType": "account", "recordId": "A-1"}).status_code == 200
