"""`check-backend --probe` calls the service for every operation, through the real mapping, and says
what came back: scripted loopback services that work, fail, break items, dawdle or speak other names."""

from __future__ import annotations

import pytest

from connector.contract import OPERATIONS, operation
from connector.sources.backend.mapping_contract import OperationMapping
from connector.sources.base import Page
from connector.tools.cli import main
from tests.support.backend_server import BackendServer, Received, Reply
from tests.support.contract_items import answer, item
from tests.support.ports import refusing_port

BY_PATH = {f"/{op.route}": op for op in OPERATIONS}


def contract_service(tamper=None, headers=None):
    """A service that speaks the contract: three items per operation, or what `tamper` makes of them."""

    def respond(received: Received) -> Reply:
        op = BY_PATH[received.path]
        items = [item(op, n) for n in range(3)]
        if tamper:
            items = tamper(op, items)
        return Reply(body=answer(op, items), headers=headers or {})

    return respond


@pytest.fixture
def service(environment, contract_mapping):
    servers = []

    def start(respond, **settings) -> BackendServer:
        server = BackendServer(respond=respond).start()
        servers.append(server)
        environment(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL=server.url, **settings)  # what the command reads
        return server

    yield start
    for server in servers:
        server.stop()


def probed(capsys) -> dict[str, str]:
    """Each operation's probe line (and the lines under it), by operation key."""
    out = capsys.readouterr().out
    lines: dict[str, str] = {}
    current = None
    for line in out.splitlines():
        words = line.split()
        if len(words) > 1 and words[0] in ("PASS", "FAIL", "WARN") and words[1] in {op.key for op in OPERATIONS}:
            current = words[1]
            lines[current] = line
        elif current and line.startswith(" " * 6):
            lines[current] += "\n" + line
        else:
            current = None
    lines["out"] = out
    return lines


def test_a_service_that_speaks_the_contract_passes_every_operation(service, capsys):
    server = service(contract_service(headers={"Content-Language": "fr"}), BACKEND_API_KEY="k-secret")

    assert main(["check-backend", "--probe", "--language", "fr-FR"]) == 0

    lines = probed(capsys)
    assert (
        "x-ms-client-request-id: probe-…; traceparent: 00-…; x-connector-language: fr; Accept-Language: fr-FR"
        in lines["out"]
    )
    assert "x-api-key: (set)" in lines["out"] and "k-secret" not in lines["out"]
    for op in OPERATIONS:
        assert lines[op.key].startswith("PASS"), lines["out"]
        assert "3 items" in lines[op.key] and "Content-Language fr" in lines[op.key]
        assert "of the 1 s budget" not in lines[op.key]  # the default budget, 4.5 s
    assert "Probe: 7 passed, 0 failed, 0 warned." in lines["out"]
    assert len(server.received) == len(OPERATIONS)
    assert {r.headers["accept-language"] for r in server.received} == {"fr-FR"}
    assert {r.headers["x-connector-language"] for r in server.received} == {"fr"}
    assert all(r.headers["traceparent"].startswith("00-") for r in server.received)


def test_a_dead_service_fails_every_operation_with_exit_1(environment, contract_mapping, capsys):
    with refusing_port() as port:
        environment(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL=f"http://127.0.0.1:{port}")

        assert main(["check-backend", "--probe"]) == 1

    lines = probed(capsys)
    for op in OPERATIONS:
        assert lines[op.key].startswith("FAIL  ") and "502 BACKEND_ERROR" in lines[op.key], lines["out"]
    assert "Probe: 0 passed, 7 failed" in lines["out"]


def test_items_the_connector_would_drop_are_named_with_field_and_rule(service, capsys):
    def break_highlights(op, items):
        if op.key == "key_sales_info":
            items[1]["title"] = "Renewal due in thirty days"
            del items[2]["description"]
        return items

    service(contract_service(break_highlights))

    assert main(["check-backend", "--probe"]) == 1

    line = probed(capsys)["key_sales_info"]
    assert line.startswith("FAIL")
    assert "item 1 would be dropped: title: string_too_long" in line
    assert "item 2 would be dropped: description: missing" in line


def test_v1_titles_that_vary_fail_the_probe(service, capsys):
    def insight_titles(op, items):
        if op.key == "email_summary_v1":
            for n, each in enumerate(items):
                each["title"] = f"Note {n}"
        return items

    service(contract_service(insight_titles))

    assert main(["check-backend", "--probe"]) == 1
    assert "title varies between items" in probed(capsys)["email_summary_v1"]


def test_a_service_slower_than_the_budget_fails_with_504(service, capsys):
    def respond(received: Received) -> Reply:
        op = BY_PATH[received.path]
        slow = op.key == "record_details"
        return Reply(body=answer(op, [item(op, 0)]), delay=1.0 if slow else 0.0)

    service(respond, CONNECTOR_DEADLINE_SECONDS="0.4")

    assert main(["check-backend", "--probe"]) == 1

    lines = probed(capsys)
    assert "504 BACKEND_TIMEOUT" in lines["record_details"]
    assert lines["record_summary"].startswith("PASS") and "of the 0.4 s budget" in lines["record_summary"]


def test_a_service_error_shows_its_status_and_logged_body(service, capsys):
    def respond(received: Received) -> Reply:
        op = BY_PATH[received.path]
        if op.key == "email_draft":
            return Reply(status=500, body={"error": "database unavailable"})
        return Reply(body=answer(op, [item(op, 0)]))

    service(respond)

    assert main(["check-backend", "--probe"]) == 1

    line = probed(capsys)["email_draft"]
    assert "502 BACKEND_ERROR" in line and "log: Back end answered 500" in line and "database unavailable" in line


def test_empty_answers_warn_without_failing(service, capsys):
    service(contract_service(lambda op, items: []))

    assert main(["check-backend", "--probe"]) == 0

    lines = probed(capsys)
    assert lines["record_summary"].startswith("WARN") and "no items: nothing checked" in lines["record_summary"]
    assert "Probe: 0 passed, 0 failed, 7 warned." in lines["out"]


def test_the_probe_goes_through_the_partners_mapping(service, contract_mapping, capsys):
    contract_mapping["record_summary"] = OperationMapping(
        path="/accounts/{recordId}/activities",
        names={"recordType": None, "top": "limit", "skip": "offset"},
        answer=lambda document, inputs: Page(document["activities"], document["total"] > (inputs.skip or 0) + 5),
    )

    def respond(received: Received) -> Reply:
        if received.path.startswith("/accounts/"):
            return Reply(body={"activities": [item(operation("record_summary"), 0)], "total": 9})
        return contract_service()(received)

    server = service(respond)

    assert main(["check-backend", "--probe", "--record", "account:A/1 x"]) == 0

    lines = probed(capsys)
    assert "record_summary    names recordType→(not sent), top→limit, skip→offset" in lines["out"]
    assert "1 items, hasMoreResults true" in lines["record_summary"]
    received = next(r for r in server.received if r.path.startswith("/accounts/"))
    assert received.target.startswith("/accounts/A%2F1%20x/activities?")
    assert received.query["limit"] == "5" and received.query["offset"] == "0"
    assert "recordType" not in received.query and "recordId" not in received.query
