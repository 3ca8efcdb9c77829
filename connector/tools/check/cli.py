"""`python -m connector check`: the conformance checker's command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from connector.contract import OPERATIONS
from connector.tools.check.calls import DEFAULT_ACCOUNT_NAMES, DEFAULT_CRM_ORG_URL, DEFAULT_RECORDS, Subject
from connector.tools.check.report import Check, failed, passed


def _record(text: str) -> Subject:
    try:
        return Subject.record(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _languages(text: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in text.split(",") if part.strip())
    if not languages:
        raise argparse.ArgumentTypeError("name at least one language, e.g. en-US,fr-FR")
    return languages


def _seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        required=True,
        help="the connector's URL up to the route prefix, e.g. https://contoso.azurewebsites.net/api",
    )
    parser.add_argument(
        "--definition",
        metavar="FILE_OR_URL",
        help="apiDefinition.swagger.json or a solution zip to check too; its paths are the ones called",
    )
    auth = parser.add_mutually_exclusive_group()
    auth.add_argument("--key", help="function key, sent as x-functions-key")
    auth.add_argument("--bearer", metavar="TOKEN", help="access token, sent as Authorization: Bearer")
    parser.add_argument(
        "--record",
        action="append",
        type=_record,
        metavar="TYPE:ID",
        help="a real CRM record to ask about (repeatable); default: two made-up ids",
    )
    parser.add_argument(
        "--account-name",
        action="append",
        metavar="NAME",
        help=f"an account name for sales chat (repeatable); default: {DEFAULT_ACCOUNT_NAMES[0]}",
    )
    parser.add_argument(
        "--languages",
        type=_languages,
        default=("en-US", "fr-FR"),
        metavar="LIST",
        help="languages the connector speaks, first is the default (default: en-US,fr-FR)",
    )
    parser.add_argument("--crm-org-url", default=DEFAULT_CRM_ORG_URL, help="the CRM environment to name in calls")
    parser.add_argument(
        "--max-latency",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="p95 answer time allowed per operation (default: 5, what Copilot for Sales waits)",
    )
    parser.add_argument(
        "--operation",
        action="append",
        choices=[op.key for op in OPERATIONS],
        help="check only this operation (repeatable)",
    )
    parser.add_argument(
        "--local-app",
        action="store_true",
        help="the connector is this checkout, served locally: also check that its app settings and "
        "data source build as they do at start (what check-backend reports)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on warnings too, e.g. an operation whose answers carried no item to check",
    )
    parser.add_argument(
        "--junit",
        type=Path,
        metavar="FILE",
        help="also write the report as JUnit XML to FILE, for CI systems to publish",
    )


def start_check() -> Check:
    """Whether this checkout's app starts with its settings (environment and local.settings.json)."""
    from connector.tools.devhost import load_local_settings
    from connector.tools.startup import start_problem

    load_local_settings()
    problem = start_problem()
    if problem:
        return failed("connector", "start", [f"the connector cannot start: {problem}"])
    return passed("connector", "start", "this checkout's app settings and data source build as the app builds them")


def run(args: argparse.Namespace) -> int:
    """Run the checks, print the report; 0 when no check failed (nor warned, under --strict), 1 otherwise."""
    from connector.tools.check.runner import CheckOptions, check_connector

    options = CheckOptions(
        base_url=args.base_url,
        definition=args.definition,
        key=args.key,
        bearer=args.bearer,
        records=tuple(args.record or (Subject.record(r) for r in DEFAULT_RECORDS)),
        account_names=tuple(args.account_name or DEFAULT_ACCOUNT_NAMES),
        languages=args.languages,
        crm_org_url=args.crm_org_url,
        max_latency=args.max_latency,
        operations=tuple(args.operation or ()),
    )
    if args.junit and not _writable(args.junit):  # say so before the calls, not after minutes of them
        return 2
    report = check_connector(options)
    if args.local_app:
        report.checks.insert(0, start_check())
    print(report.as_json() if args.json else report.as_text())
    if args.junit:
        from connector.tools.check.junit import junit_xml

        args.junit.write_bytes(junit_xml(report))
    return report.exit_code(strict=args.strict)


def _writable(path: Path) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab"):
            pass
    except OSError as error:
        print(f"Cannot write the JUnit report to {path}: {error.strerror or error}", file=sys.stderr)
        return False
    return True
