"""The mapping contract: whatever a partner writes in connector/sources/backend/mapping.py keeps these
rules, the connector refuses a mapping that breaks them, and a mapping shapes both the request and the
answer. The shipped mapping is one example; docs/backend.md's worked example is another, run here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connector.contract import operation
from connector.errors import ConnectorError
from connector.sources.backend import mapping
from connector.sources.backend.mapping_contract import (
    CONTRACT_MAPPINGS,
    OperationMapping,
    build_request,
    check_mappings,
)
from connector.startup import StartupError
from tests.backend.conftest import BASE_PATH, settings_for
from tests.conftest import body_of
from tests.support.backend_server import Reply

DOCS = Path(__file__).resolve().parents[2] / "docs" / "backend.md"


def test_the_partners_mapping_keeps_the_rules():
    assert check_mappings(mapping.MAPPINGS) == []


@pytest.mark.parametrize(
    ("key", "change", "reason"),
    [
        ("record_summary", {"path": "/accounts/{account}/activities"}, "names {account}, which is not an input"),
        ("record_summary", {"path": "/x/{crmType}"}, "names {crmType}: only a required text input"),
        ("record_summary", {"path": "/x/{top}"}, "names {top}: only a required text input"),
        ("record_summary", {"path": "activities"}, "must be a path such as"),
        ("record_summary", {"path": "/a/../b"}, "must be a path such as"),
        ("record_summary", {"path": "/a/{recordId}x"}, "must be a path such as"),
        ("record_details", {"names": {"recordID": "id"}}, "renames 'recordID', which is not an input"),
        ("record_details", {"names": {"recordId": ""}}, "must be a non-empty string or None"),
        ("key_stakeholders", {"pages": False}, "pages=False means nothing"),
    ],
)
def test_a_broken_mapping_is_refused_with_the_reason(key, change, reason):
    broken = {**CONTRACT_MAPPINGS, key: OperationMapping(**change)}
    problems = check_mappings(broken)
    assert any(reason in problem and problem.startswith(key) for problem in problems), problems


def test_a_missing_operation_is_refused():
    partial = {k: v for k, v in CONTRACT_MAPPINGS.items() if k != "email_draft"}
    assert check_mappings(partial) == ["no mapping for email_draft"]


def test_the_connector_refuses_a_broken_mapping_when_it_starts(configure, contract_mapping):
    contract_mapping["record_summary"] = OperationMapping(path="/accounts/{nope}")

    with pytest.raises(StartupError) as refused:
        configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="http://127.0.0.1:9")

    assert str(refused.value).startswith(
        "the back-end mapping cannot work: record_summary: path names {nope}, which is not an input of record_summary"
    )


@pytest.mark.parametrize(
    ("record_id", "segment"),
    [
        ("A-1", "A-1"),
        ("a/b", "a%2Fb"),
        ("...", "..."),  # three dots are a name, not a dot segment
        ("a%2Fb", "a%252Fb"),
        ("%", "%25"),  # a lone percent sign decodes to itself: an ordinary segment
        ("x y?z#", "x%20y%3Fz%23"),
        ("Łódź", "%C5%81%C3%B3d%C5%BA"),
    ],
)
def test_an_input_in_the_path_is_escaped_as_one_segment(record_id, segment):
    op = operation("record_details")
    rules = OperationMapping(path="/records/{recordId}/related")
    inputs = op.inputs.model_validate({"recordType": "account", "recordId": record_id})

    request = build_request(op, rules, rules.path, inputs)

    assert request.path == f"/records/{segment}/related"
    assert "recordId" not in request.data


@pytest.mark.parametrize("record_id", ["..", ".", "%2e%2e", "%2E.", ".%2e", "%252e", "%25252e%25252E"])
def test_an_input_that_is_or_decodes_to_a_dot_segment_is_refused_naming_it(record_id):
    op = operation("record_details")
    rules = OperationMapping(path="/records/{recordId}/related")
    inputs = op.inputs.model_validate({"recordType": "account", "recordId": record_id})

    with pytest.raises(ConnectorError) as refused:
        build_request(op, rules, rules.path, inputs)

    assert (refused.value.status, refused.value.error_code) == (400, "INVALID_REQUEST")
    assert list(refused.value.details) == ["recordId"]


def test_names_rename_or_leave_out_and_a_service_that_does_not_page_gets_no_page():
    op = operation("email_summary_v1")
    rules = OperationMapping(names={"emailContacts": "participants", "crmOrgUrl": None}, pages=False)
    inputs = op.inputs.model_validate(
        {"emailContacts": "ana@contoso.com", "crmOrgUrl": "contoso.crm.dynamics.com", "Top": 3, "Skip": 1}
    )

    request = build_request(op, rules, "/insights", inputs)

    assert request.data == {"participants": "ana@contoso.com"}


def _documented_example() -> dict:
    """The `mapping.py` docs/backend.md shows, run as written."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("**A worked example.**", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOCS), "exec"), namespace)
    return namespace["MAPPINGS"]


def test_the_documented_worked_example_keeps_the_rules():
    assert check_mappings(_documented_example()) == []


def test_the_documented_worked_example_serves_northwinds_service(backend, contract_mapping, configure, call):
    contract_mapping.update(_documented_example())
    configure(**settings_for(backend))  # the app reads its mapping when it is built
    entry = {
        "subject": "Call with Ben",
        "notes": "Discussed the renewal.",
        "when": "2024-05-07T03:28:38Z",
        "link": "https://northwind.example.com/t/1",
    }
    backend.reply(Reply(body={"entries": [entry, entry], "total": 9}))

    body = body_of(
        call(
            "record_summary",
            params={"recordType": "account", "recordId": "A-1", "crmType": "Dynamics 365", "top": "2", "skip": "5"},
        )
    )

    assert body["hasMoreResults"] is True and len(body["value"]) == 2
    assert body["value"][0] == {
        "title": "Call with Ben",
        "description": "Discussed the renewal.",
        "dateTime": "2024-05-07T03:28:38Z",
        "url": "https://northwind.example.com/t/1",
    }
    assert backend.last.path == f"{BASE_PATH}/v2/accounts/A-1/timeline"
    assert backend.last.query == {"crmType": "Dynamics365", "limit": "2", "offset": "5"}

    highlights = [{"headline": f"Highlight {n}", "text": f"Text {n}"} for n in range(4)]
    backend.reply(Reply(body={"highlights": highlights}))

    body = body_of(call("key_sales_info", params={"recordType": "account", "recordId": "A-1", "top": "2", "skip": "1"}))

    assert [h["title"] for h in body["value"]] == ["Highlight 1", "Highlight 2"]
    assert body["hasMoreResults"] is True
    assert backend.last.path == f"{BASE_PATH}/v2/highlights"
    assert backend.last.query == {"record": "A-1"}


def test_a_mapping_that_only_moves_the_path_still_reads_the_contracts_answer(
    backend, contract_mapping, configure, call
):
    contract_mapping["key_stakeholders"] = OperationMapping(path="/accounts/{accountName}/stakeholders")
    configure(**settings_for(backend))  # the app reads its mapping when it is built
    card = {"adaptiveCard": '{"type":"AdaptiveCard","version":"1.5","body":[]}'}
    backend.reply(Reply(body={"adaptiveCards": [card]}))

    body = body_of(call("key_stakeholders", params={"accountName": "Contoso Ltd"}))

    assert body == {"adaptiveCards": [card]}
    assert backend.last.target == f"{BASE_PATH}/accounts/Contoso%20Ltd/stakeholders"
