"""Checks on a custom connector definition (apiDefinition.swagger.json) against the contract.

Copilot for Sales finds an action by its description and maps every input and output by its
description, never calls an action that requires an input it does not have, and refuses the
reserved `connectorId`. Those rules are `connector.tools.contract_rules`, which the offline linter
(`connector.tools.lint`) applies with the Swagger 2.0 structure and the certification rules: this module
runs the linter and reports each violation once, on the line of the operation it concerns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from connector.contract import OPERATIONS
from connector.tools.check.report import Check, failed, passed, skipped, verdict
from connector.tools.contract_rules import Violation, json_path, matched_operations

EMAIL_SUMMARY_KEYS = ("email_summary_v1", "email_summary_v2")  # one description, one action at a time


class DefinitionError(Exception):
    """The definition could not be read; the message says why."""


def _read(location: str, session: requests.Session | None, timeout: float) -> bytes:
    try:
        if location.startswith(("http://", "https://")):
            response = (session or requests).get(location, timeout=timeout)
            response.raise_for_status()
            return response.content
        return Path(location).read_bytes()
    except (OSError, requests.RequestException) as error:
        raise DefinitionError(f"cannot read {location}: {error}") from None


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def load_definition(location: str, session: requests.Session | None = None, timeout: float = 30) -> dict[str, Any]:
    """The definition from a file path or an http(s) URL: apiDefinition.swagger.json, or a solution zip."""
    data = _read(location, session, timeout)
    if _is_zip(data):
        from connector.tools.solution.read import SolutionError, solution_definition

        try:
            return solution_definition(data)
        except SolutionError as error:
            raise DefinitionError(f"{location}: {error}") from None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except ValueError as error:
        raise DefinitionError(f"{location} is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise DefinitionError(f"{location} is not a JSON object")
    return document


def solution_checks(location: str, session: requests.Session | None = None, timeout: float = 30) -> list[Check]:
    """For a solution zip: its own files, references, names, icon and secrets (the definition is checked apart)."""
    data = _read(location, session, timeout)
    if not _is_zip(data):
        return []
    from connector.tools.solution.read import lint_solution

    problems = [
        str(v) for v in lint_solution(data) if v.rule.startswith("solution-") or v.rule in ("secret", "api-properties")
    ]
    return [
        verdict(
            "definition",
            "solution",
            problems,
            "the solution's files, references, names, sign-in and icon are sound; no secret in it",
        )
    ]


def declared_operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Contract operation key -> (method, path, operation object), as the contract rules match them."""
    return matched_operations(document)


def _operation_of(violation: Violation, prefixes: dict[str, str]) -> str | None:
    """The contract operation a violation concerns: its own, or the one whose JSON path it lies under."""
    if violation.operation:
        return violation.operation
    return next(
        (
            key
            for prefix, key in prefixes.items()
            if violation.path == prefix or violation.path.startswith((prefix + ".", prefix + "["))
        ),
        None,
    )


def definition_checks(document: dict[str, Any], operations: tuple[str, ...] = ()) -> list[Check]:
    """One line for the Swagger 2.0 structure, one for the rules that concern no operation, one per
    operation (only those in `operations` when it names any, as `--operation` asks): each violation
    the linter finds is reported once, on the line it concerns."""
    from connector.tools.lint import lint  # imported only when a definition is checked

    violations = lint(document)
    declared = declared_operations(document)
    prefixes = {json_path("paths", path, method.lower()): key for key, (method, path, _) in declared.items()}
    structural = [str(v) for v in violations if v.rule == "structure"]
    by_operation: dict[str | None, list[str]] = {}
    for violation in violations:
        if violation.rule != "structure":
            by_operation.setdefault(_operation_of(violation, prefixes), []).append(str(violation))
    checks = [
        verdict("definition", "Swagger 2.0", structural, "valid Swagger 2.0"),
        verdict(
            "definition",
            "certification rules",
            by_operation.get(None, []),
            "the offline linter finds no violation outside the actions",
        ),
    ]
    if not isinstance(document.get("paths"), dict):
        return checks
    for op in OPERATIONS:
        if operations and op.key not in operations:
            continue
        if op.key in declared:
            checks.append(
                verdict(
                    "definition",
                    op.key,
                    by_operation.get(op.key, []),
                    f"{op.operation_id}: descriptions, method and inputs as the contract states",
                )
            )
        elif op.key in EMAIL_SUMMARY_KEYS:
            continue  # one of the two is enough; the email summary line below says which
        else:
            checks.append(
                skipped("definition", op.key, f"{op.operation_id} is not declared: Copilot for Sales will not call it")
            )
    if operations and not any(key in operations for key in EMAIL_SUMMARY_KEYS):
        return checks
    email_summaries = [key for key in EMAIL_SUMMARY_KEYS if key in declared]
    if len(email_summaries) == len(EMAIL_SUMMARY_KEYS):
        checks.append(
            failed(
                "definition",
                "email summary",
                ["declares both email summary v1 and v2: they share one description, so declare only one (v2)"],
            )
        )
    elif not email_summaries:
        checks.append(skipped("definition", "email summary", "no email summary action is declared"))
    else:
        checks.append(passed("definition", "email summary", f"exactly one email summary action ({email_summaries[0]})"))
    return checks
