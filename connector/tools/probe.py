"""`python -m connector check-backend [--probe]`: what the connector's source is, and whether it works.

First it checks the app settings and the source as the app does when it is built, and stops with
the same one line when they cannot work. Then it describes the configuration, whichever source is
chosen: the sample data, a partner's Python `Source` (importable, with every operation), or a back end (where each operation
goes, how it authenticates, what the mapping changes). With `--probe`, it calls the back end for
every operation with realistic inputs through the real client and mapping, and reports per
operation what came back, which raw items the connector would drop and why, the latency against
the budget, and the language the service answered in. Exit 0 when all is well, 1 when an operation
failed, 2 when the settings cannot work.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from connector import header_names
from connector.context import RequestContext
from connector.contract import OPERATIONS, Operation
from connector.errors import ConnectorError
from connector.language import negotiate
from connector.settings import Settings
from connector.sources.base import Page, paged_result
from connector.startup import StartupError
from connector.tools.check.outputs import varying_titles

SLOW_SHARE = 0.5  # a service using more than this share of the budget leaves little for the rest


@dataclass
class Probed:
    op: Operation
    status: str  # "pass", "fail" or "warn"
    summary: str
    details: list[str] = field(default_factory=list)


def _mapping_lines(source: Any) -> list[str]:
    from connector.sources.backend.mapping_contract import CONTRACT_MAPPINGS

    lines = []
    for op in OPERATIONS:
        mapping = source.mappings[op.key]
        if mapping == CONTRACT_MAPPINGS[op.key]:
            continue
        changes = []
        if mapping.names:
            changes.append("names " + ", ".join(f"{k}→{v or '(not sent)'}" for k, v in mapping.names.items()))
        if op.paged and not mapping.pages:
            changes.append("the service does not page: the connector does")
        if mapping.answer is not None:
            changes.append(f"answer read by {getattr(mapping.answer, '__qualname__', 'a function')}")
        lines.append(f"  {op.key:<17} {'; '.join(changes) or 'path from the mapping'}")
    if not lines:
        return ["Mapping: the contract's shapes for every operation (docs/backend-api.md)"]
    return ["Mapping (connector/sources/backend/mapping.py):", *lines]


def describe_backend(source: Any) -> list[str]:
    from connector.sources.backend.config import describe

    return [*describe(source.config), *_mapping_lines(source)]


def describe_python_source(choice: str, source: object) -> list[str]:
    """A partner's `package.module:Class`, built as the app builds it (so it loads and has every method)."""
    module_name, _, class_name = choice.partition(":")
    paged = sorted(getattr(source, "paged_operations", ()))
    return [
        f"Source: your Python class {class_name} from {module_name} (CONNECTOR_SOURCE={choice})",
        "It answers every operation; it pages " + (", ".join(paged) if paged else "none itself (the connector pages)"),
    ]


def _why_dropped(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['type']} ({e['msg']})" for e in error.errors())


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def probe_operation(
    source: Any, op: Operation, raw_inputs: dict[str, Any], settings: Settings, accept_language: str
) -> Probed:
    inputs = op.inputs.model_validate(raw_inputs)
    context = RequestContext(
        operation_key=op.key,
        request_id=f"probe-{uuid.uuid4()}",
        user_agent="sales-copilot",
        language=negotiate(accept_language, settings.languages),
        accept_language=accept_language,
        deadline=time.monotonic() + settings.deadline_seconds,
    )
    budget = settings.deadline_seconds
    log = _Collect()
    logger = logging.getLogger("connector.backend")
    logger.addHandler(log)
    started = time.perf_counter()
    try:
        document = source.fetch_document(op.key, inputs, context)
        elapsed = time.perf_counter() - started
        result = paged_result(source, op.key, source.answer(op.key, document, inputs, context))
    except ConnectorError as error:
        elapsed = time.perf_counter() - started
        return Probed(
            op,
            "fail",
            f"{error.status} {error.error_code} after {elapsed:.2f} s: {error.message}",
            [f"log: {message}" for message in log.messages],
        )
    finally:
        logger.removeHandler(log)
    raw = list(result.items if isinstance(result, Page) else result)
    details, kept = [], 0
    for position, item in enumerate(raw):
        try:
            op.item.model_validate(item)
            kept += 1
        except ValidationError as error:
            details.append(f"item {position} would be dropped: {_why_dropped(error)}")
    problem = varying_titles(raw) if op.key == "email_summary_v1" else None
    problems = [problem] if problem else []
    details += problems
    language = context.content_language
    said = [f"{len(raw)} items"]
    if isinstance(result, Page) and op.paged:
        said.append(f"hasMoreResults {str(result.has_more).lower()}")
    said.append(
        f"Content-Language {language}" if language else f"no Content-Language (the caller is told {context.language})"
    )
    summary = f"answered in {elapsed:.2f} s of the {budget:g} s budget: " + ", ".join(said)
    if elapsed > budget * SLOW_SHARE:
        details.append(f"slow: {elapsed:.2f} s is over {SLOW_SHARE:.0%} of the budget")
    if kept < len(raw) or problems:
        return Probed(op, "fail", summary, details)
    if not raw:
        return Probed(op, "warn", summary, [*details, "no items: nothing checked (name a real record with --record)"])
    return Probed(op, "pass", summary, details)


def sent_headers(source: Any, settings: Settings, accept_language: str) -> str:
    """The headers each call carries with this configuration, as the real client builds them (secrets masked)."""
    from connector.sources.backend.headers import backend_headers

    context = RequestContext(
        operation_key="probe",
        request_id="probe-…",
        user_agent="sales-copilot",
        language=negotiate(accept_language, settings.languages),
        accept_language=accept_language,
        deadline=0.0,
    )
    shown = []
    for name, value in backend_headers(context, source.config).items():
        if name in (header_names.ACCEPT, header_names.USER_AGENT):
            continue
        secret = name.lower() in (source.config.api_key_header.lower(), header_names.AUTHORIZATION.lower())
        shown.append(f"{name}: {'(set)' if secret else value}")
        if name == header_names.CLIENT_REQUEST_ID:
            shown.append(
                f"{header_names.TRACEPARENT}: 00-…"
            )  # each attempt's own, added by the client (see client._attempt)
    if source.config.forward_bearer:
        shown.append(f"{header_names.AUTHORIZATION}: the caller's bearer token, when it sends one")
    return "; ".join(shown)


def probe(
    source: Any, settings: Settings, records: Sequence[str], account_names: Sequence[str], accept_language: str
) -> list[Probed]:
    from connector.tools.check.calls import DEFAULT_CRM_ORG_URL, Subject, realistic_inputs

    results = []
    for op in OPERATIONS:
        subject = (
            Subject(account_name=account_names[0]) if "accountName" in op.input_names() else Subject.record(records[0])
        )
        raw_inputs = realistic_inputs(op, subject, "Dynamics365", DEFAULT_CRM_ORG_URL)
        results.append(probe_operation(source, op, raw_inputs, settings, accept_language))
    return results


def check_backend(
    probe_service: bool = False,
    records: Sequence[str] = (),
    account_names: Sequence[str] = (),
    accept_language: str = "en-US",
) -> int:
    from connector.tools.check.calls import DEFAULT_ACCOUNT_NAMES, DEFAULT_RECORDS
    from connector.tools.devhost import load_local_settings
    from connector.tools.startup import built_source, close_source

    load_local_settings()
    try:
        # The settings and the source as the app builds them: what stops its start stops this, in the same line.
        settings, source = built_source()
    except StartupError as error:
        print(f"The connector cannot start: {error}", file=sys.stderr)
        return 2
    try:
        if settings.source == "sample":
            print("Source: sample (CONNECTOR_SOURCE=sample): the embedded sample data; nothing is forwarded.")
            print("To forward to your service, set CONNECTOR_SOURCE=backend and BACKEND_BASE_URL (docs/backend.md).")
            return _nothing_to_probe(probe_service, "sample")
        if settings.source != "backend":
            print("\n".join(describe_python_source(settings.source, source)))
            return _nothing_to_probe(probe_service, settings.source)
        print("Source: backend (CONNECTOR_SOURCE=backend)")
        print("\n".join(describe_backend(source)))
        if not probe_service:
            return 0
        print(
            f"\nProbe: every operation called once, Accept-Language {accept_language}, "
            f"budget {settings.deadline_seconds:g} s per call"
        )
        print(f"Each call sends {sent_headers(source, settings, accept_language)}")
        results = probe(
            source,
            settings,
            list(records) or list(DEFAULT_RECORDS),
            list(account_names) or list(DEFAULT_ACCOUNT_NAMES),
            accept_language,
        )
    finally:
        close_source(source)
    for result in results:
        print(f"{result.status.upper():4}  {result.op.key:<17} {result.summary}")
        for detail in result.details:
            print(f"{'':6}{'':17} {detail}")
    counts = {status: sum(r.status == status for r in results) for status in ("pass", "fail", "warn")}
    print(f"Probe: {counts['pass']} passed, {counts['fail']} failed, {counts['warn']} warned.")
    return 1 if counts["fail"] else 0


def _nothing_to_probe(probe_service: bool, source: str) -> int:
    if probe_service:
        print(
            f"--probe calls a back end; CONNECTOR_SOURCE is {source}, so there is none to call. "
            "Check the running connector with `python -m connector check` instead (docs/checker.md)."
        )
    return 0
