"""The conformance checker run in process, its checks by (subject, name): the one way tests call it."""

from __future__ import annotations

from typing import Any

from connector.tools.check.report import Check
from connector.tools.check.runner import CheckOptions, check_connector


def run_checks(base_url: str, session: Any = None, **options: Any) -> dict[tuple[str, str], Check]:
    """Check the connector at `base_url` with these `CheckOptions`; each check by (subject, name)."""
    report = check_connector(CheckOptions(base_url=base_url, **options), session)
    return {(check.subject, check.name): check for check in report.checks}
