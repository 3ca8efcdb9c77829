"""The conformance checker: passes a conforming connector, and names each breach it is shown.

The breaches come from small fake connectors on loopback (tests/support/fake_connector.py), each
broken in exactly one way, as a partner's connector might be.
"""

from __future__ import annotations

import copy
import json
import time

import pytest

from connector.contract import operation
from connector.tools.check import answers as on
from connector.tools.check.calls import DEFAULT_CRM_ORG_URL, Subject, plan
from connector.tools.check.calls import Answer as CallAnswer
from connector.tools.cli import main
from connector.tools.openapi import build_definition
from tests.support.checker import run_checks
from tests.support.fake_connector import Reply, fake_connector
from tests.support.ports import refusing_port

LOCALIZED = "tests.support.localized:LocalizedSource"


def _failures(checks: dict) -> dict[tuple[str, str], str]:
    return {key: check.reason for key, check in checks.items() if check.failed}


def _definition_file(tmp_path, document) -> str:
    path = tmp_path / "apiDefinition.swagger.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


# --- a conforming connector passes ----------------------------------------------------------


# The command's own connections reach the real local host; the latency limit is one only a hang would
# exceed (speed is the benchmarks' to measure): these tests are about what the answers say.


def test_the_local_host_passes_every_check_with_its_definition(served_host, configure, tmp_path, capsys):
    configure(CONNECTOR_SOURCE=LOCALIZED)
    definition = _definition_file(tmp_path, build_definition())

    exit_code = main(
        ["check", "--base-url", served_host, "--definition", definition, "--max-latency", "30", "--local-app"]
    )

    out = capsys.readouterr().out
    assert exit_code == 0, out
    assert "0 failed" in out and "FAIL" not in out
    for subject in (
        "record_summary",
        "record_details",
        "key_sales_info",
        "email_summary_v2",
        "email_draft",
        "key_stakeholders",
    ):
        assert f"PASS  {subject} outputs" in out
        assert f"PASS  {subject} latency" in out
    assert "PASS  definition Swagger 2.0" in out
    assert "PASS  connector language" in out
    assert "PASS  connector start" in out  # --local-app: this checkout's app starts with its settings


def test_without_a_definition_every_contract_operation_is_called(local_host, configure):
    configure(CONNECTOR_SOURCE=LOCALIZED)
    checks = run_checks(local_host.api, local_host)
    assert _failures(checks) == {}
    assert checks[("email_summary_v1", "outputs")].status == "pass"
    assert checks[("record_summary", "without recordId")].reason == "400 INVALID_REQUEST"


def test_the_fake_connector_conforms_so_each_breach_below_is_the_only_one():
    with fake_connector() as url:
        assert _failures(run_checks(url)) == {}


# --- each breach is caught with a clear reason ----------------------------------------------


def _drop_title(reply: Reply) -> None:
    if reply.op.key == "record_summary" and reply.status == 200:
        for item in reply.body["value"]:
            del item["title"]


def _date_as_number(reply: Reply) -> None:
    if reply.op.key == "record_summary" and reply.status == 200:
        reply.body["value"][0]["dateTime"] = 1715052518


def _long_title(reply: Reply) -> None:
    if reply.op.key == "key_sales_info" and reply.status == 200:
        reply.body["value"][1]["title"] = "Renewal due in thirty days"


def _empty_description(reply: Reply) -> None:
    if reply.op.key == "email_draft" and reply.status == 200:
        reply.body["value"][0]["contentDescription"] = "  "


def _local_time(reply: Reply) -> None:
    if reply.op.key == "record_summary" and reply.status == 200:
        reply.body["value"][0]["dateTime"] = "11/11/23 12:50 PM"


def _relative_url(reply: Reply) -> None:
    if reply.op.key == "record_summary" and reply.status == 200:
        reply.body["value"][0]["url"] = "/activities/0"


@pytest.mark.parametrize(
    ("tamper", "failing", "reason"),
    [
        (_drop_title, ("record_summary", "outputs"), "value[0].title is missing"),
        (_date_as_number, ("record_summary", "outputs"), "value[0].dateTime is a number, not a string"),
        (_long_title, ("key_sales_info", "outputs"), "value[1].title is 26 characters, over the limit of 20"),
        (_empty_description, ("email_draft", "outputs"), "value[0].contentDescription is empty"),
        (_local_time, ("record_summary", "outputs"), "not an ISO 8601 date-time"),
        (_relative_url, ("record_summary", "outputs"), "not an absolute http(s) URL"),
    ],
    ids=["missing required output", "wrong type", "title over its limit", "empty string", "local date", "relative url"],
)
def test_an_output_breach_fails_that_operations_outputs_and_nothing_else(tamper, failing, reason):
    with fake_connector(tamper) as url:
        failures = _failures(run_checks(url))
    assert list(failures) == [failing]
    assert reason in failures[failing]
    assert "en-US" in failures[failing]  # the reason names the call that got the bad answer


def test_a_slow_answer_fails_latency_with_its_p95():
    # Every answer takes at least 0.15 s, so its p95 is over a 0.05 s limit however fast the machine.
    def slow(reply: Reply) -> None:
        if reply.op.key == "email_draft" and reply.status == 200:
            time.sleep(0.15)

    with fake_connector(slow) as url:
        failures = _failures(
            run_checks(
                url,
                max_latency=0.05,
                operations=("email_draft",),
                records=(Subject.record("account:a-1"),),
                languages=("en-US",),
            )
        )
    assert list(failures) == [("email_draft", "latency")]
    assert "over 3 calls (limit 0.05 s)" in failures[("email_draft", "latency")]
    assert "stops waiting" in failures[("email_draft", "latency")]


def test_latency_is_judged_on_the_p95_of_the_answers_times():
    op = operation("record_summary")
    call = plan(op, "http://connector.test/api/x", [Subject.record("account:a-1")], ("en-US",), DEFAULT_CRM_ORG_URL)[0]
    quick = [CallAnswer(call, status=200, seconds=0.2)] * 19
    assert on.latency(op, [*quick, CallAnswer(call, status=200, seconds=9.0)], 5.0).status == "pass"
    slow = on.latency(op, [*quick, *[CallAnswer(call, status=200, seconds=6.0)] * 2], 5.0)
    assert (slow.status, slow.reason) == (
        "fail",
        "p95 6.00 s over 21 calls (limit 5 s): Copilot for Sales stops waiting and shows nothing",
    )
    assert on.latency(op, [CallAnswer(call, error="no answer")], 5.0).status == "skip"


def test_a_connector_that_ignores_the_language_is_caught():
    def english_only(reply: Reply) -> None:
        if reply.status == 200:
            english = fake_body_in_english(reply)
            reply.body, reply.headers["Content-Language"] = english, "en"

    with fake_connector(english_only) as url:
        failures = _failures(run_checks(url))
    assert ("record_summary", "Content-Language") in failures
    assert "asked for fr-FR, answered Content-Language en" in failures[("record_summary", "Content-Language")]
    assert "the seller's language is ignored" in failures[("connector", "language")]


def test_a_connector_that_labels_english_text_as_french_is_caught():
    def mislabelled(reply: Reply) -> None:
        if reply.status == 200:
            reply.body = fake_body_in_english(reply)

    with fake_connector(mislabelled) as url:
        failures = _failures(run_checks(url))
    assert list(failures) == [("connector", "language")]


def fake_body_in_english(reply: Reply) -> object:
    from tests.support.fake_connector import _items

    return _items(reply.op, "en")


def test_an_unsupported_language_must_still_get_an_answer():
    def refuses_zulu(reply: Reply) -> None:
        if reply.op.key == "key_sales_info" and reply.status == 200 and reply.language == "en":
            reply.headers.pop("Content-Language")

    with fake_connector(refuses_zulu) as url:
        failures = _failures(run_checks(url))
    assert "zu-ZA" in failures[("key_sales_info", "Content-Language")]
    assert "no Content-Language header" in failures[("key_sales_info", "Content-Language")]


def test_a_request_id_not_echoed_is_caught():
    def forgets_id(reply: Reply) -> None:
        if reply.op.key == "record_details":
            reply.headers.pop("x-ms-client-request-id")

    with fake_connector(forgets_id) as url:
        failures = _failures(run_checks(url))
    assert list(failures) == [("record_details", "request id")]
    assert "not echoed" in failures[("record_details", "request id")]


def test_a_crm_type_spelling_refused_is_caught():
    def only_compact_spelling(reply: Reply) -> None:
        if reply.op.key == "key_sales_info" and reply.inputs.get("crmType") == "Dynamics 365":
            reply.status, reply.body = 400, {"errorCode": "INVALID_REQUEST", "details": {"crmType": "unknown"}}

    with fake_connector(only_compact_spelling) as url:
        failures = _failures(run_checks(url))
    assert (
        "'Dynamics 365' got 400 with None items, 'Dynamics365' got 200 with 3"
        in failures[("key_sales_info", "crmType spellings")]
    )
    assert "status 400 INVALID_REQUEST" in failures[("key_sales_info", "answers")]


def test_a_missing_required_input_answered_200_fails_the_error_path():
    def lenient(reply: Reply) -> None:
        if reply.op.key == "key_stakeholders" and reply.status == 400:
            reply.status, reply.body = 200, {"adaptiveCards": []}

    with fake_connector(lenient) as url:
        failures = _failures(run_checks(url))
    assert list(failures) == [("key_stakeholders", "without accountName")]
    assert "status 200, not 400" in failures[("key_stakeholders", "without accountName")]


def test_an_unknown_record_is_a_note_not_a_failure():
    def not_found(reply: Reply) -> None:
        if reply.op.key == "record_summary" and reply.status == 200:
            reply.status, reply.body = 404, {"errorCode": "RECORD_NOT_FOUND", "errorMessage": "No such record."}

    with fake_connector(not_found) as url:
        checks = run_checks(url)
    assert _failures(checks) == {}
    assert "--record TYPE:ID" in checks[("record_summary", "answers")].notes[0]


def test_a_wrong_base_url_says_to_include_the_route_prefix():
    with fake_connector() as url:
        failures = _failures(run_checks(url.removesuffix("/api"), operations=("record_details",)))
    assert "--base-url must include the route prefix" in failures[("record_details", "answers")]


# --- the connector definition ---------------------------------------------------------------


def _changed_description(document: dict) -> None:
    operation = document["paths"]["/enhanceskills/sales-highlights"]["get"]
    operation["description"] = "Gets sales highlights for a record."


def _changed_output_description(document: dict) -> None:
    document["definitions"]["Activity"]["properties"]["title"]["description"] = "The title."


def _extra_required_parameter(document: dict) -> None:
    document["paths"]["/enhanceskills/activities"]["get"]["parameters"].append(
        {"name": "tenant", "in": "query", "type": "string", "required": True, "description": "The tenant."}
    )


def _connector_id(document: dict) -> None:
    document["paths"]["/enhanceskills/related-records"]["get"]["parameters"].append(
        {"name": "connectorId", "in": "query", "type": "string", "required": False, "description": "Reserved."}
    )


def _wrong_method(document: dict) -> None:
    paths = document["paths"]["/enhanceskills/key-stakeholders"]
    paths["post"] = paths.pop("get")


def _both_email_summaries(document: dict) -> None:
    v2 = document["paths"]["/enhanceskills/email-insights-v2"]["post"]
    document["paths"]["/enhanceskills/email-insights"] = {
        "get": {
            **copy.deepcopy(v2),
            "operationId": "scp-get-email-insights",
            "parameters": [],
        }
    }


def _not_swagger(document: dict) -> None:
    del document["paths"]["/enhanceskills/activities"]["get"]["responses"]


@pytest.mark.parametrize(
    ("change", "failing", "reason"),
    [
        (_changed_description, "key_sales_info", "[contract-literals] description differs from the contract's"),
        (
            _changed_output_description,
            "record_summary",
            "$.definitions.Activity.properties.title.description: [contract-literals] output title description "
            "differs from the contract's",
        ),
        (_extra_required_parameter, "record_summary", "[required-inputs] requires input tenant (query)"),
        (_connector_id, "record_details", "[reserved-parameter] declares connectorId (query): the name is reserved"),
        (_wrong_method, "key_stakeholders", "method is POST, the contract's is GET"),
        (_both_email_summaries, "email summary", "declares both email summary v1 and v2"),
        (
            _not_swagger,
            "Swagger 2.0",
            "$.paths['/enhanceskills/activities'].get: [structure] \"responses\" is a required property",
        ),
    ],
    ids=[
        "changed description",
        "changed output description",
        "extra required parameter",
        "connectorId",
        "wrong method",
        "both email summaries",
        "invalid swagger",
    ],
)
def test_a_definition_breach_is_caught(tmp_path, change, failing, reason):
    document = build_definition()
    change(document)
    with fake_connector() as url:
        failures = _failures(run_checks(url, definition=_definition_file(tmp_path, document)))
    assert reason in failures[("definition", failing)]


def test_the_definition_can_be_fetched_from_a_url_and_its_paths_are_the_ones_called():
    document = build_definition()
    document["paths"] = {"/enhanceskills/activities": document["paths"]["/enhanceskills/activities"]}
    with fake_connector(definition=document) as url:
        checks = run_checks(url, definition=url.removesuffix("/api") + "/definition.json")
    assert _failures(checks) == {}
    assert checks[("record_summary", "outputs")].status == "pass"
    assert checks[("key_sales_info", "calls")].reason == "not in the definition: not called"
    assert checks[("definition", "key_sales_info")].status == "skip"


def test_an_unreadable_definition_fails_with_the_reason(tmp_path):
    with fake_connector() as url:
        failures = _failures(run_checks(url, definition=str(tmp_path / "missing.json"), operations=("record_details",)))
    assert "cannot read" in failures[("definition", "read")]


# --- the command line -----------------------------------------------------------------------


def test_json_report_and_exit_code_on_a_breach(capsys):
    with fake_connector(_long_title) as url:
        exit_code = main(["check", "--base-url", url, "--json", "--operation", "key_sales_info"])
    report = json.loads(capsys.readouterr().out)
    assert exit_code == 1
    assert report["ok"] is False and report["summary"]["fail"] == 1
    failing = [c for c in report["checks"] if c["status"] == "fail"]
    assert failing[0]["subject"] == "key_sales_info" and "over the limit of 20" in failing[0]["reason"]


def test_text_report_has_one_line_per_check_and_a_summary(capsys):
    with fake_connector(_drop_title) as url:
        exit_code = main(["check", "--base-url", url, "--operation", "record_summary", "--key", "secret"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert exit_code == 1
    assert any(line.startswith("FAIL  record_summary outputs") and "title is missing" in line for line in lines)
    assert lines[-1].startswith("8 passed, 1 failed, 0 warned, 0 skipped")
    assert lines[-2].endswith("answers carried items to check.")


def test_records_and_account_names_given_are_what_the_calls_ask_about(capsys):
    asked: set[tuple[str, str]] = set()

    def remember(reply: Reply) -> None:
        if reply.status == 200:
            asked.add((reply.op.key, reply.inputs.get("recordId") or reply.inputs.get("accountName")))

    with fake_connector(remember) as url:
        exit_code = main(
            [
                "check",
                "--base-url",
                url,
                "--record",
                "contact:c-42",
                "--account-name",
                "Fabrikam",
                "--operation",
                "record_details",
                "--operation",
                "key_stakeholders",
            ]
        )
    assert exit_code == 0, capsys.readouterr().out
    assert asked == {("record_details", "c-42"), ("key_stakeholders", "Fabrikam")}


def test_a_malformed_record_option_is_refused_before_any_call(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--base-url", "http://127.0.0.1:9/api", "--record", "c-42"])
    assert exit_info.value.code == 2
    assert "a record is TYPE:ID" in capsys.readouterr().err


def test_a_connector_that_does_not_answer_fails_every_call_with_the_reason():
    with refusing_port() as port:
        failures = _failures(run_checks(f"http://127.0.0.1:{port}/api", operations=("record_details",)))
    assert "no answer (ConnectionError" in failures[("record_details", "answers")]
    assert "no answer" in failures[("record_details", "without recordId")]


def test_the_default_app_on_its_sample_data_passes_with_its_committed_definition(served_host, capsys):
    from connector.tools.openapi import DEFINITION_PATH

    exit_code = main(
        [
            "check",
            "--base-url",
            served_host,
            "--definition",
            str(DEFINITION_PATH),
            "--max-latency",
            "30",
            "--record",
            "account:3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11",
            "--record",
            "opportunity:0d7c4b2a-9e8f-4d1c-a6b5-3e2f1a0c9d44",
            "--account-name",
            "Contoso Ltd",
            "--languages",
            "en-US,fr-FR,ja-JP",
        ]
    )
    out = capsys.readouterr().out
    assert exit_code == 0, out
    assert "FAIL" not in out
    assert "PASS  definition certification rules" in out
    assert "PASS  connector language" in out
    for subject in (
        "record_summary",
        "record_details",
        "key_sales_info",
        "email_summary_v2",
        "email_draft",
        "key_stakeholders",
    ):
        assert f"PASS  {subject} outputs" in out, out


def test_the_local_app_option_reports_a_setting_the_start_refuses(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_DEADLINE_SECONDS", "abc")  # the command reads the environment, as the app does
    with fake_connector() as url:
        exit_code = main(["check", "--base-url", url, "--operation", "key_stakeholders", "--local-app"])
    out = capsys.readouterr().out
    assert exit_code == 1
    [line] = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert line.split()[:3] == ["FAIL", "connector", "start"]
    assert line.endswith(
        "the connector cannot start: app setting CONNECTOR_DEADLINE_SECONDS must be a number, got 'abc'"
    )


# --- coverage: a verdict no larger than what was checked -------------------------------------


def _empty_lists(reply: Reply) -> None:
    if reply.status == 200:
        reply.body[reply.op.items_field] = []


def test_answers_without_items_warn_and_the_verdict_says_so(capsys):
    with fake_connector(_empty_lists) as url:
        exit_code = main(["check", "--base-url", url, "--operation", "record_summary", "--operation", "email_draft"])
    out = capsys.readouterr().out
    assert exit_code == 0
    assert "WARN  record_summary outputs" in out and "WARN  email_draft outputs" in out
    assert "0 of 16 answers carried items to check." in out
    assert "can use every action" not in out
    assert "nothing to check for email_draft, record_summary" in out


def test_under_strict_a_warning_is_a_non_zero_exit(capsys):
    with fake_connector(_empty_lists) as url:
        exit_code = main(["check", "--base-url", url, "--operation", "record_summary", "--strict", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert exit_code == 1
    assert report["ok"] is True and report["summary"]["warn"] == 1
    assert report["answers"] == {"total": 8, "with_items": 0}


def test_v1_titles_that_vary_between_items_are_flagged():
    def insight_as_title(reply: Reply) -> None:
        if reply.op.key == "email_summary_v1" and reply.status == 200:
            for n, item in enumerate(reply.body["value"]):
                item["title"] = f"Insight {n}"

    with fake_connector(insight_as_title) as url:
        failures = _failures(run_checks(url, operations=("email_summary_v1",)))
    assert list(failures) == [("email_summary_v1", "outputs")]
    assert "title varies between items ('Insight 0', 'Insight 1'" in failures[("email_summary_v1", "outputs")]
    assert "only the partner's name" in failures[("email_summary_v1", "outputs")]


def test_operation_limits_the_definition_lines_too(tmp_path):
    definition = _definition_file(tmp_path, build_definition())
    with fake_connector() as url:
        checks = run_checks(url, definition=definition, operations=("key_sales_info",))
    definition_lines = sorted(name for subject, name in checks if subject == "definition")
    assert definition_lines == ["Swagger 2.0", "certification rules", "key_sales_info"]
    assert {subject for subject, _ in checks} == {"definition", "key_sales_info", "connector"}


def test_a_changed_description_is_reported_once_on_its_operations_line(tmp_path):
    # The linter and the checker share one set of definition rules: the breach is on key_sales_info's
    # line only, not again among the certification rules.
    document = build_definition()
    _changed_description(document)
    with fake_connector() as url:
        checks = run_checks(url, definition=_definition_file(tmp_path, document), operations=("key_sales_info",))
    mentions = [key for key, check in checks.items() if "description differs from the contract's" in check.reason]
    assert mentions == [("definition", "key_sales_info")]
    assert checks[("definition", "certification rules")].status == "pass"
