"""The conformance report as JUnit XML, the test-result format CI systems display.

GitHub Actions reporters, Azure Pipelines' PublishTestResults (format JUnit) and Jenkins read the
same shape: `<testsuites>` holding one `<testsuite>` per subject (an operation, the definition, the
connector as a whole), one `<testcase>` per check. A failed check carries `<failure>` with its
reason, a skipped one `<skipped>`, and so does a warned one (its message starts `warning:`); a
passing check's reason and every note go to `<system-out>`, so the CI page shows what the text
report shows.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from connector.tools.check.report import Check, Report

SUITES_NAME = "connector check"

# XML 1.0 has no way to carry these characters, even escaped; a reason quoting a connector's answer may hold them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_IN_XML.sub("\ufffd", value)


def _counts(checks: list[Check]) -> dict[str, str]:
    return {
        "tests": str(len(checks)),
        "failures": str(sum(c.status == "fail" for c in checks)),
        "errors": "0",  # the checker reports what it could not check as a failure with the reason
        "skipped": str(sum(c.status in ("skip", "warn") for c in checks)),
    }


def _testcase(suite: ET.Element, check: Check) -> None:
    case = ET.SubElement(suite, "testcase", name=_text(check.name), classname=_text(check.subject), time="0")
    if check.status == "fail":
        failure = ET.SubElement(case, "failure", message=_text(check.reason), type="ConformanceFailure")
        failure.text = _text(check.reason)
    elif check.status == "skip":
        ET.SubElement(case, "skipped", message=_text(check.reason))
    elif check.status == "warn":  # JUnit has no warning: nothing was proven, as for a skip, and it says why
        ET.SubElement(case, "skipped", message=_text(f"warning: {check.reason}"))
    output = [check.reason] if check.status == "pass" else []
    output += [f"note: {note}" for note in check.notes]
    if output:
        ET.SubElement(case, "system-out").text = _text("\n".join(output))


def junit_xml(report: Report, timestamp: datetime | None = None) -> bytes:
    """The report as a UTF-8 JUnit XML document, checks grouped by subject in report order."""
    timestamp = (timestamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    subjects = list(dict.fromkeys(check.subject for check in report.checks))
    root = ET.Element(
        "testsuites", name=SUITES_NAME, **_counts(report.checks), time=f"{sum(report.seconds.values()):.3f}"
    )
    for index, subject in enumerate(subjects):
        checks = [check for check in report.checks if check.subject == subject]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_text(subject),
            id=str(index),
            **_counts(checks),
            time=f"{report.seconds.get(subject, 0.0):.3f}",
            timestamp=timestamp.isoformat(),
            hostname=socket.gethostname(),
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="target", value=_text(report.target))
        for check in checks:
            _testcase(suite, check)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
