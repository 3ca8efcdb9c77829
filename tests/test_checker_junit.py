"""`python -m connector check --junit FILE`: the report as JUnit XML that CI systems read.

The XML is read twice: with ElementTree for its exact structure, and with junitparser, the reader
behind the GitHub Action that docs/checker.md uses to publish it. Both must agree with the text
report printed by the same run: one test case per line, the same statuses, reasons and counts.
"""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import junitparser

from connector.tools.check.junit import junit_xml
from connector.tools.check.report import Report, failed, passed, skipped, warned
from connector.tools.cli import main
from connector.tools.openapi import build_definition
from tests.support.fake_connector import Reply, fake_connector
from tests.support.ports import refusing_port

LINE = re.compile(r"^(PASS|FAIL|SKIP|WARN)  (\S+) (.+?) {2,}(.*)$")  # the label is padded to a column
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed, (\d+) warned, (\d+) skipped: ")


def _long_title(reply: Reply) -> None:
    if reply.op.key == "key_sales_info" and reply.status == 200:
        reply.body["value"][1]["title"] = "Renewal due in thirty days"


def _text_report(out: str) -> tuple[list[tuple[str, str, str, str]], tuple[int, int, int]]:
    """The check lines (status, subject, name, reason) and the summary counts of a text report.

    JUnit has no warning: a WARN line is a skipped test case whose message starts `warning:`.
    """
    lines, summary = [], None
    for line in out.splitlines():
        if match := LINE.match(line):
            status, subject, name, reason = match.groups()
            if status == "WARN":
                status, reason = "SKIP", f"warning: {reason}"
            lines.append((status, subject, name.rstrip(), reason))
        elif match := SUMMARY.match(line):
            passes, failures, warned, skips = (int(n) for n in match.groups())
            summary = (passes, failures, warned + skips)
    assert summary is not None, out
    return lines, summary


def _run_with_a_breach_and_a_skip(tmp_path, capsys) -> tuple[int, str, bytes]:
    """A connector whose key sales info breaks a limit, checked with a definition lacking key stakeholders."""
    document = build_definition()
    del document["paths"]["/enhanceskills/key-stakeholders"]
    definition = tmp_path / "apiDefinition.swagger.json"
    definition.write_text(json.dumps(document), encoding="utf-8")
    junit = tmp_path / "results" / "connector-check.xml"  # its folder does not exist yet
    with fake_connector(_long_title) as url:
        exit_code = main(["check", "--base-url", url, "--definition", str(definition), "--junit", str(junit)])
    return exit_code, capsys.readouterr().out, junit.read_bytes()


def test_junit_xml_has_one_test_case_per_line_of_the_text_report(tmp_path, capsys):
    exit_code, out, xml = _run_with_a_breach_and_a_skip(tmp_path, capsys)
    lines, (passes, failures, skips) = _text_report(out)

    assert exit_code == 1
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    cases = [(suite, case) for suite in root.findall("testsuite") for case in suite.findall("testcase")]
    assert len(cases) == len(lines) == passes + failures + skips
    for (status, subject, name, reason), (suite, case) in zip(lines, cases, strict=True):
        assert (suite.get("name"), case.get("classname"), case.get("name")) == (subject, subject, name)
        outcome = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        if status == "PASS":
            assert outcome == []
            assert case.find("system-out").text.splitlines()[0] == reason
        elif status == "FAIL":
            assert outcome == ["failure"]
            assert case.find("failure").get("message") == reason == case.find("failure").text
        else:
            assert outcome == ["skipped"]
            assert case.find("skipped").get("message") == reason


def test_junit_counts_match_the_text_report_at_every_level(tmp_path, capsys):
    _, out, xml = _run_with_a_breach_and_a_skip(tmp_path, capsys)
    lines, (passes, failures, skips) = _text_report(out)
    root = ET.fromstring(xml)

    # Key sales info's outputs fail; key stakeholders is neither declared nor called, email summary v1 not called.
    assert (failures, skips) == (1, 3)
    assert {k: int(root.get(k)) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": passes + failures + skips,
        "failures": failures,
        "errors": 0,
        "skipped": skips,
    }
    for suite in root.findall("testsuite"):
        mine = [status for status, subject, _, _ in lines if subject == suite.get("name")]
        assert int(suite.get("tests")) == len(mine) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == mine.count("FAIL")
        assert int(suite.get("skipped")) == mine.count("SKIP")
        assert suite.get("errors") == "0"
        assert suite.find("properties/property[@name='target']").get("value").endswith("/api")
        datetime.fromisoformat(suite.get("timestamp"))
        assert float(suite.get("time")) >= 0
    suites = [suite.get("name") for suite in root.findall("testsuite")]
    assert suites == list(dict.fromkeys(subject for _, subject, _, _ in lines))  # grouped in report order
    assert float(root.get("time")) > 0  # the calls took some time
    failing = root.find("testsuite[@name='key_sales_info']/testcase[@name='outputs']/failure")
    assert "title is 26 characters, over the limit of 20" in failing.get("message")


def test_junitparser_reads_the_same_results(tmp_path, capsys):
    _, out, xml = _run_with_a_breach_and_a_skip(tmp_path, capsys)
    lines, (passes, failures, skips) = _text_report(out)
    path = tmp_path / "again.xml"
    path.write_bytes(xml)

    document = junitparser.JUnitXml.fromfile(str(path))
    read = []
    for suite in document:
        for case in suite:
            result = case.result[0] if case.result else None
            status = {junitparser.Failure: "FAIL", junitparser.Skipped: "SKIP", type(None): "PASS"}[type(result)]
            read.append(
                (status, case.classname, case.name, result.message if result else case.system_out.split("\n")[0])
            )
    assert read == lines
    assert (document.tests, document.failures, document.errors, document.skipped) == (
        passes + failures + skips,
        failures,
        0,
        skips,
    )


def test_json_report_and_junit_agree_on_counts(tmp_path, capsys):
    with fake_connector() as url:
        exit_code = main(
            [
                "check",
                "--base-url",
                url,
                "--operation",
                "record_summary",
                "--json",
                "--junit",
                str(tmp_path / "check.xml"),
            ]
        )
    summary = json.loads(capsys.readouterr().out)["summary"]
    root = ET.parse(tmp_path / "check.xml").getroot()
    assert exit_code == 0
    assert int(root.get("tests")) == sum(summary.values())
    assert (int(root.get("failures")), int(root.get("skipped"))) == (summary["fail"], summary["skip"]) == (0, 0)


def test_notes_go_to_system_out_and_awkward_text_stays_valid_xml():
    report = Report("https://contoso.example/api", seconds={"record_summary": 1.25})
    report.checks += [
        passed("record_summary", "answers", "8 calls answered with JSON", ['no items for account:1 <&> "x"']),
        failed("record_summary", "outputs", ["value[0].title is 'a\x00b\x1bc' & <d>"]),
        skipped("definition", "key_stakeholders", "not declared"),
    ]
    xml = junit_xml(report, timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))

    root = ET.fromstring(xml)
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    first, second = root.findall("testsuite")
    assert (first.get("time"), first.get("timestamp"), first.get("hostname")) == (
        "1.250",
        "2026-01-02T03:04:05",
        socket.gethostname(),
    )
    assert second.get("time") == "0.000" and root.get("time") == "1.250"
    answers, outputs = first.findall("testcase")
    assert answers.find("system-out").text == '8 calls answered with JSON\nnote: no items for account:1 <&> "x"'
    assert outputs.find("failure").get("message") == "value[0].title is 'a\ufffdb\ufffdc' & <d>"
    assert outputs.find("system-out") is None
    assert second.find("testcase/skipped").get("message") == "not declared"


def test_an_unwritable_junit_file_is_refused_before_any_call(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with refusing_port() as port:  # nothing listens here: a call would fail, not exit 2
        exit_code = main(["check", "--base-url", f"http://127.0.0.1:{port}/api", "--junit", str(blocker / "check.xml")])

    captured = capsys.readouterr()
    assert exit_code == 2
    assert f"Cannot write the JUnit report to {blocker / 'check.xml'}" in captured.err
    assert captured.out == ""  # no report: nothing was called


def test_a_warning_is_a_skipped_test_case_that_says_so():
    report = Report("https://contoso.example/api")
    report.checks.append(warned("email_draft", "outputs", "all 4 answers were empty lists: no output was checked"))

    root = ET.fromstring(junit_xml(report))

    assert root.get("skipped") == "1" and root.get("failures") == "0"
    skipped_case = root.find("testsuite/testcase/skipped")
    assert skipped_case.get("message") == "warning: all 4 answers were empty lists: no output was checked"
