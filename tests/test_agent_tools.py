"""Every tool of the agent package answers on the real local host, with its example arguments, in each language.

The calls are made as the plugin runtime makes them, from the package alone: the function's
operation in the package's OpenAPI document (method, path, example arguments), against the local
host serving the sample source; the items are read at the function's `data_path`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from connector.tools.agent.build import AgentOptions, agent_files
from connector.tools.agent.openapi3 import agent_operations

LANGUAGES = ("en", "fr", "de", "es", "ja")
FILES = agent_files(AgentOptions(host="127.0.0.1"))
PLUGIN = json.loads(FILES["ai-plugin.json"])
OPENAPI = json.loads(FILES["openapi.json"])
OPERATIONS = {
    operation["operationId"]: (route, method, operation)
    for route, item in OPENAPI["paths"].items()
    for method, operation in item.items()
}
FUNCTIONS = {function["name"]: function for function in PLUGIN["functions"]}


def at(document: Any, path: str) -> Any:
    """The value at a simple JSONPath (`$.a.b`), None when a member is absent."""
    for member in path.removeprefix("$.").split("."):
        document = document.get(member) if isinstance(document, dict) else None
    return document


def call_tool(base: str, name: str, language: str, arguments: dict[str, Any] | None = None) -> requests.Response:
    """Call a function's operation as the plugin runtime does: query parameters or a JSON body."""
    route, method, operation = OPERATIONS[name]
    if arguments is None:  # the examples the package gives the model
        if method == "get":
            arguments = {p["name"]: p["example"] for p in operation["parameters"] if "example" in p}
        else:
            arguments = operation["requestBody"]["content"]["application/json"]["example"]
    headers = {"Accept-Language": language}
    if method == "get":
        return requests.get(base + route, params=arguments, headers=headers, timeout=10)
    return requests.post(base + route, json=arguments, headers=headers, timeout=10)


def items_of(name: str, response: requests.Response) -> list[dict[str, Any]]:
    return at(response.json(), FUNCTIONS[name]["capabilities"]["response_semantics"]["data_path"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_each_tool_answers_with_items_at_its_data_path(served_host, name, language):
    response = call_tool(served_host, name, language)

    assert response.status_code == 200, response.text
    assert response.headers["Content-Language"] == language
    items = items_of(name, response)
    assert isinstance(items, list) and items
    properties = FUNCTIONS[name]["capabilities"]["response_semantics"]["properties"]
    for item in items:
        assert isinstance(at(item, properties["title"]), str) and at(item, properties["title"])
        assert isinstance(at(item, properties["subtitle"]), str)
        if "url" in properties and at(item, properties["url"]) is not None:
            assert at(item, properties["url"]).startswith("https://")


def test_every_agent_operation_is_a_function():
    assert list(FUNCTIONS) == [op.operation_id for op in agent_operations()]


def test_the_answers_are_in_the_sellers_language(served_host):
    english = items_of("find-crm-records", call_tool(served_host, "find-crm-records", "en"))
    french = items_of("find-crm-records", call_tool(served_host, "find-crm-records", "fr"))
    assert english[0]["recordTypeDisplayName"] == "Account" and french[0]["recordTypeDisplayName"] == "Compte"


@pytest.mark.parametrize(
    ("record_type", "typed", "title", "insight"),
    [
        ("account", "contoso", "Contoso Ltd", "scp-get-related-activities"),
        ("opportunity", "renewal", "Contoso – Relecloud Enterprise renewal", "scp-get-sales-highlights"),
        ("contact", "SANJAY", "Sanjay Shah", "scp-get-related-records"),
    ],
)
def test_a_name_leads_to_a_records_insights_in_two_calls(served_host, record_type, typed, title, insight):
    found = call_tool(served_host, "find-crm-records", "en", {"recordType": record_type, "name": typed})
    [match] = items_of("find-crm-records", found)
    assert (match["recordTitle"], match["recordType"]) == (title, record_type)

    answer = call_tool(served_host, insight, "en", {"recordType": match["recordType"], "recordId": match["recordId"]})

    assert answer.status_code == 200 and items_of(insight, answer)


def test_a_lookup_that_finds_nothing_answers_an_empty_list_and_a_blank_name_is_refused(served_host):
    nothing = call_tool(served_host, "find-crm-records", "en", {"recordType": "account", "name": "Northwind"})
    assert nothing.status_code == 200 and nothing.json() == {"value": [], "hasMoreResults": False}
    blank = call_tool(served_host, "find-crm-records", "de", {"recordType": "account", "name": "   "})
    assert blank.status_code == 400
    assert blank.json()["errorCode"] == "INVALID_REQUEST" and "name" in blank.json()["details"]


def test_the_flat_content_suggestions_reach_the_same_source_call_as_the_email_draft(call):
    flat = {"subject": "Pricing for next year", "text": "Please send the price list.", "top": 3}
    draft = {
        "resourceType": "email-thread",
        "resourceData": {"subject": flat["subject"], "plaintextBody": flat["text"]},
    }
    from_text = call("email_draft_text", body=flat, headers={"Accept-Language": "es"})
    from_draft = call("email_draft", body={**draft, "top": 3}, headers={"Accept-Language": "es"})
    assert from_text.status_code == from_draft.status_code == 200
    assert from_text.get_body() == from_draft.get_body()


def test_a_source_without_the_lookup_says_so(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")

    response = call(
        "record_lookup", params={"recordType": "account", "name": "Contoso"}, headers={"Accept-Language": "fr"}
    )

    assert response.status_code == 404
    body = json.loads(response.get_body())
    assert body["errorCode"] == "NOT_FOUND" and "nom" in body["errorMessage"]


def test_with_sign_in_required_the_chats_routes_refuse_strangers_and_serve_the_signed_in(configure, call):
    """The plugin's OAuth token reaches the functions through App Service Authentication, as every call does."""
    from connector.auth import PRINCIPAL_HEADER
    from tests.test_security import principal

    configure(CONNECTOR_REQUIRE_PRINCIPAL="true")
    lookup = {"recordType": "account", "name": "Contoso"}
    stranger = call("record_lookup", params=lookup)
    assert stranger.status_code == 401 and json.loads(stranger.get_body())["errorCode"] == "INVALID_TOKEN_SPECIFIED"
    signed_in = call("record_lookup", params=lookup, headers={PRINCIPAL_HEADER: principal()})
    assert signed_in.status_code == 200 and json.loads(signed_in.get_body())["value"]
    text = {"subject": "Pricing", "text": "The price list, please."}
    assert call("email_draft_text", body=text).status_code == 401
    assert call("email_draft_text", body=text, headers={PRINCIPAL_HEADER: principal()}).status_code == 200
