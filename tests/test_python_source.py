"""A partner's Python `Source`: the guide's protocol is the contract's, the guide's class runs as
written, and the complete example in examples/python_source serves every operation and passes the
conformance checker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connector.contract import OPERATIONS
from connector.tools.cli import main
from connector.tools.source_protocol import GUIDE_PATH, refreshed
from tests.conftest import body_of

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "python_source"
RELECLOUD = "partner_insights.source:RelecloudInsights"
CONTOSO = "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"
THREAD = {"subject": "Pricing for the renewal", "from": "sanjay.shah@contoso.com", "to": ["seller@relecloud.example"]}


def test_the_guides_protocol_is_generated_from_the_contract():
    guide = GUIDE_PATH.read_text(encoding="utf-8")
    assert guide == refreshed(guide), "run `.venv/bin/python -m connector backend-api` and commit docs/source.md"
    for op in OPERATIONS:
        assert f"### `{op.key}(self, inputs: {op.inputs.__name__}, context: RequestContext)`" in guide


# --- the guide's class, as written -----------------------------------------------------------


@pytest.fixture
def guide_source(tmp_path, monkeypatch, configure, environment):
    section = GUIDE_PATH.read_text(encoding="utf-8").split("## The class", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    (tmp_path / "fabrikam_insights.py").write_text(code, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    configure(CONNECTOR_SOURCE="fabrikam_insights:FabrikamInsights")
    environment(CONNECTOR_SOURCE="fabrikam_insights:FabrikamInsights")  # for check-backend


def test_the_guides_class_loads_and_answers_every_operation(guide_source, call, capsys):
    assert main(["check-backend"]) == 0
    assert "It answers every operation; it pages record_details" in capsys.readouterr().out

    record = {"recordType": "account", "recordId": "A-1"}
    assert body_of(call("record_summary", params=record))["value"][0]["title"] == "Kick-off call"
    assert body_of(call("key_sales_info", params=record))["value"][0]["title"] == "Renewal due"
    assert (
        body_of(call("email_summary_v1", params={"emailContacts": "a@x.com;b@x.com"}))["value"][0]["description"]
        == "2 participants know Fabrikam."
    )
    assert body_of(call("email_summary_v2", body={"resourceData": THREAD}))["value"][0]["insight"].startswith("Pricing")
    assert body_of(call("email_draft", body={"resourceData": THREAD, "resourceType": "email-thread"}))["value"]
    assert body_of(call("key_stakeholders", params={"accountName": "Contoso"}))["adaptiveCards"]
    not_found = call("record_summary", params={"recordType": "lead", "recordId": "L-1"})
    assert not_found.status_code == 404 and body_of(not_found)["errorCode"] == "RECORD_NOT_FOUND"


def test_the_guides_class_pages_record_details_itself_and_is_not_paged_again(guide_source, call):
    body = body_of(call("record_details", params={"recordType": "account", "recordId": "A-1", "top": "2", "skip": "1"}))
    assert [r["recordId"] for r in body["value"]] == ["C-1", "C-2"]


# --- the complete example --------------------------------------------------------------------


@pytest.fixture
def relecloud(monkeypatch, configure, environment):
    monkeypatch.syspath_prepend(str(EXAMPLE))  # as PYTHONPATH=examples/python_source does
    configure(CONNECTOR_SOURCE=RELECLOUD, CONNECTOR_LANGUAGES="en,fr")
    environment(CONNECTOR_SOURCE=RELECLOUD, CONNECTOR_LANGUAGES="en,fr")  # for check-backend


def test_the_example_answers_in_french_and_pages_itself(relecloud, call):
    response = call(
        "record_summary",
        params={"recordType": "account", "recordId": CONTOSO, "top": "2", "skip": "1"},
        headers={"Accept-Language": "fr-FR"},
    )

    body = body_of(response)
    assert response.headers["Content-Language"] == "fr"
    assert [a["title"] for a in body["value"]] == ["Réunion avec Sanjay Shah", "E-mail de Mira Patel"]
    assert body["hasMoreResults"] is True


def test_the_example_passes_the_conformance_checker(relecloud, served_host, capsys):
    from connector.tools.openapi import DEFINITION_PATH

    exit_code = main(
        [
            "check",
            "--base-url",
            served_host,
            "--definition",
            str(DEFINITION_PATH),
            "--strict",
            "--record",
            f"account:{CONTOSO}",
            "--account-name",
            "Contoso Ltd",
            "--languages",
            "en-US,fr-FR",
        ]
    )

    out = capsys.readouterr().out
    assert exit_code == 0, out
    assert "FAIL" not in out and "WARN" not in out


def test_check_backend_says_when_the_class_cannot_be_built(relecloud, monkeypatch, capsys):
    monkeypatch.setenv("RELECLOUD_DATA_FILE", "/nonexistent/insights.json")

    assert main(["check-backend"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1  # the one line that would stop the start
    assert (
        f"The connector cannot start: data source {RELECLOUD.replace(':', '.')} could not be built: "
        "FileNotFoundError" in error
    )
