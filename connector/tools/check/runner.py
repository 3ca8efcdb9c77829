"""Playing Copilot for Sales against a deployed connector: every call, every check, one report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests

from connector import header_names
from connector.contract import OPERATIONS, Operation
from connector.tools.check import answers as on
from connector.tools.check.calls import (
    DEFAULT_ACCOUNT_NAMES,
    DEFAULT_CRM_ORG_URL,
    DEFAULT_RECORDS,
    Answer,
    Subject,
    missing_input_calls,
    plan,
    send,
    subjects_for,
)
from connector.tools.check.definition import (
    DefinitionError,
    declared_operations,
    definition_checks,
    load_definition,
    solution_checks,
)
from connector.tools.check.report import Check, Report, failed, skipped

COPILOT_WAITS_SECONDS = 5.0  # each call should complete within five seconds


@dataclass(frozen=True)
class CheckOptions:
    base_url: str  # up to and including the route prefix, e.g. https://contoso.azurewebsites.net/api
    definition: str | None = None  # file path or URL of apiDefinition.swagger.json
    key: str | None = None  # function key, sent as x-functions-key
    bearer: str | None = None  # token, sent as Authorization: Bearer
    records: tuple[Subject, ...] = tuple(Subject.record(r) for r in DEFAULT_RECORDS)
    account_names: tuple[str, ...] = DEFAULT_ACCOUNT_NAMES
    languages: tuple[str, ...] = ("en-US", "fr-FR")  # languages the connector is expected to speak
    crm_org_url: str = DEFAULT_CRM_ORG_URL
    max_latency: float = COPILOT_WAITS_SECONDS
    operations: tuple[str, ...] = field(default=())  # operation keys to check; empty: all

    def __post_init__(self) -> None:
        for name in ("records", "account_names", "languages"):
            if not getattr(self, name):
                raise ValueError(f"{name} must name at least one")

    def auth_headers(self) -> dict[str, str]:
        if self.bearer:
            return {header_names.AUTHORIZATION: f"Bearer {self.bearer}"}
        if self.key:
            return {header_names.FUNCTIONS_KEY: self.key}
        return {}

    @property
    def timeout(self) -> float:
        return max(10.0, 3 * self.max_latency)


def _operation_checks(
    op: Operation, url: str, options: CheckOptions, session: requests.Session
) -> tuple[list[Check], list[Answer]]:
    subjects = subjects_for(op, options.records, options.account_names)
    auth = options.auth_headers()
    answers = [
        send(session, call, auth, options.timeout)
        for call in plan(op, url, subjects, options.languages, options.crm_org_url)
    ]
    checks = [
        on.answered(op, answers),
        on.outputs(op, answers),
        on.content_language(op, answers, options.languages),
        on.request_id_echoed(op, answers),
        on.crm_type_spellings(op, answers),
        on.latency(op, answers, options.max_latency),
    ]
    for call in missing_input_calls(op, url, subjects[0], options.languages[0], options.crm_org_url):
        checks.append(on.missing_input(op, send(session, call, auth, options.timeout)))
    return checks, answers


def check_connector(options: CheckOptions, session: requests.Session | None = None) -> Report:
    """Call every operation as Copilot for Sales does and report whether it could use each one."""
    session = session or requests.Session()
    report = Report(options.base_url)
    base = options.base_url.rstrip("/")
    paths = {op.key: f"/{op.route}" for op in OPERATIONS}
    if options.definition:
        started = time.perf_counter()
        try:
            document = load_definition(options.definition, session)
        except DefinitionError as error:
            report.checks.append(failed("definition", "read", [str(error)]))
        else:
            report.checks += definition_checks(document, options.operations)
            report.checks += solution_checks(options.definition, session)
            # The paths are the partner's to choose: call each action where the definition puts it.
            paths = {key: path for key, (_, path, _) in declared_operations(document).items()}
        report.seconds["definition"] = time.perf_counter() - started
    all_answers: list[Answer] = []
    for op in OPERATIONS:
        if options.operations and op.key not in options.operations:
            continue
        if op.key not in paths:
            report.checks.append(skipped(op.key, "calls", "not in the definition: not called"))
            continue
        started = time.perf_counter()
        checks, answers = _operation_checks(op, base + paths[op.key], options, session)
        report.seconds[op.key] = time.perf_counter() - started
        report.checks += checks
        all_answers += answers
    report.checks.append(on.text_follows_language(all_answers, options.languages))
    answered = [a for a in all_answers if a.status == 200]
    report.answers = len(answered)
    report.answers_with_items = sum(1 for a in answered if a.items_count)
    return report
