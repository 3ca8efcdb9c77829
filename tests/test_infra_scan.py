"""checkov scans infra/ (Bicep) and .github/ (workflows) offline, with zero failed checks.

checkov runs once for this module, from its own venv (requirements-checkov.txt, built and cached by
tests/support/venvs.py): its many pinned dependencies stay out of the project's. checkov pins pycep-parser 0.5,
which cannot parse the Microsoft Graph extension declaration (`extension microsoftGraphV1`); the project's own
pycep-parser (0.7, requirements-dev.txt) can, and is put first on checkov's path, so that every Bicep file,
the Graph registrations included, is parsed and scanned. Every skip is a
`checkov:skip=<id>: <reason>` comment beside the resource it concerns; each must carry a reason and each
must still be needed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pycep
import pytest

from tests.support.venvs import cached_venv

ROOT = Path(__file__).resolve().parents[1]
SKIP = re.compile(r"checkov:skip=(CKV2?_[A-Z0-9_]+)(?::\s*(.*))?")


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> dict[str, dict]:
    python = cached_venv("checkov", ROOT / "requirements-checkov.txt", per_python=False)  # a command: any Python
    out = tmp_path_factory.mktemp("checkov")
    newer_pycep = tmp_path_factory.mktemp("pycep")
    (newer_pycep / "pycep").symlink_to(Path(pycep.__file__).parent, target_is_directory=True)
    result = subprocess.run(
        [
            str(python.parent / "checkov"),
            "--directory",
            "infra",
            "--directory",
            ".github",
            "--framework",
            "bicep",
            "github_actions",
            "--skip-download",
            "--output",
            "json",
            "--output-file-path",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(newer_pycep)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (out / "results_json.json").is_file(), result.stdout + result.stderr
    reports = json.loads((out / "results_json.json").read_text())
    return {report["check_type"]: report for report in (reports if isinstance(reports, list) else [reports])}


@pytest.mark.parametrize("framework", ["bicep", "github_actions"])
def test_no_failed_check(scan, framework):
    report = scan[framework]
    failed = [(f["check_id"], f["file_path"], f["resource"]) for f in report["results"].get("failed_checks", [])]
    assert failed == []
    assert report["summary"]["passed"] >= 20  # it really looked


def test_checkov_parses_every_bicep_file_the_graph_registrations_included(scan):
    summary = scan["bicep"]["summary"]
    assert summary["parsing_errors"] == 0
    assert scan["bicep"]["results"].get("parsing_errors", []) == []
    # checkov has no checks for Microsoft.Graph resources; what it can do with the file is parse it and look.
    assert summary["resource_count"] >= 40


def test_every_skip_has_a_reason_and_is_still_needed(scan):
    comments = []
    for path in (ROOT / "infra").rglob("*.bicep"):
        for line in path.read_text().splitlines():
            match = SKIP.search(line)
            if match:
                assert match.group(2) and len(match.group(2)) > 15, f"{path.name}: {line.strip()} needs its reason"
                comments.append(match.group(1))
    skipped = [s["check_id"] for s in scan["bicep"]["results"].get("skipped_checks", [])]
    assert sorted(skipped) == sorted(comments)  # each comment skipped exactly one finding
    for skip in scan["bicep"]["results"].get("skipped_checks", []):
        assert skip["check_result"]["suppress_comment"].strip(), skip["check_id"]
