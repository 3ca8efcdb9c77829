"""Checks on a custom connector definition (apiDefinition.swagger.json) against the contract.

Copilot for Sales finds an action by its description and maps every input and output by its
description, never calls an action that requires an input it does not have, and refuses the
reserved `connectorId`. `contract_problems` states those rules, computed from `connector.contract`;
the Swagger 2.0 structure and the certification rules are the offline linter's (`connector.tools.lint`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from connector.contract import OPERATIONS, OPERATIONS_BY_KEY, Operation, contract_literals
from connector.tools.check.report import Check, failed, passed, skipped, verdict

EMAIL_SUMMARY_KEYS = ("email_summary_v1", "email_summary_v2")  # one description, one action at a time
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


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

    problems = [str(v) for v in lint_solution(data) if v.rule.startswith("solution-") or v.rule in ("secret",
                                                                                                  "api-properties")]
    return [verdict("definition", "solution", problems,
                    "the solution's files, references, names, sign-in and icon are sound; no secret in it")]


def _normalised(text: Any) -> str:
    return " ".join(str(text or "").split())


def _resolve(document: dict[str, Any], schema: Any) -> dict[str, Any]:
    """Follow local `$ref`s (`#/definitions/Name`) to the schema they name."""
    for _ in range(32):
        if not isinstance(schema, dict) or "$ref" not in schema:
            break
        target: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
        schema = target
    return schema if isinstance(schema, dict) else {}


def declared_operations(document: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Contract operation key -> (method, path, operation object), matched by operationId, else by
    description and method (a partner may have renamed the operationId)."""
    by_id = {op.operation_id: op for op in OPERATIONS}
    by_text = {(_normalised(op.description), op.method): op for op in OPERATIONS}
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    paths = document.get("paths") if isinstance(document.get("paths"), dict) else {}
    for path, item in paths.items():
        for method, operation in (item or {}).items():
            if method not in _METHODS or not isinstance(operation, dict):
                continue
            op = by_id.get(operation.get("operationId")) or by_text.get(
                (_normalised(operation.get("description")), method.upper())
            )
            if op is not None:
                found.setdefault(op.key, (method.upper(), path, operation))
    return found


def _parameters(document: dict[str, Any], path_item: dict[str, Any], operation: dict[str, Any]) -> list[dict]:
    shared = path_item.get("parameters", []) if isinstance(path_item, dict) else []
    return [_resolve(document, p) for p in [*shared, *operation.get("parameters", [])] if isinstance(p, dict)]


def _inputs(document: dict[str, Any], parameters: list[dict]) -> dict[str, tuple[str, bool, str]]:
    """Every input the definition declares: name -> (description, required, where)."""
    inputs: dict[str, tuple[str, bool, str]] = {}
    for parameter in parameters:
        if parameter.get("in") == "body":
            schema = _resolve(document, parameter.get("schema"))
            required = set(schema.get("required", []))
            for name, prop in (schema.get("properties") or {}).items():
                description = prop.get("description") or _resolve(document, prop).get("description")
                inputs[name] = (description, name in required, "body")
        elif parameter.get("name"):
            inputs[parameter["name"]] = (parameter.get("description"), bool(parameter.get("required")),
                                         parameter.get("in", "?"))
    return inputs


def _outputs(document: dict[str, Any], op: Operation, operation: dict[str, Any]) -> dict[str, str] | None:
    """The item properties of the success response: name -> description; None when not found."""
    responses = operation.get("responses") or {}
    success = _resolve(document, responses.get("200") or responses.get("201") or {})
    envelope = _resolve(document, success.get("schema"))
    items = _resolve(document, ((envelope.get("properties") or {}).get(op.items_field) or {}).get("items"))
    if not items.get("properties"):
        return None
    return {
        name: prop.get("description") or _resolve(document, prop).get("description")
        for name, prop in items["properties"].items()
    }


def _operation_problems(document: dict[str, Any], op: Operation, method: str, path: str,
                        operation: dict[str, Any]) -> list[str]:
    literals = contract_literals()[op.operation_id]
    problems = []
    if method != op.method:
        problems.append(f"method is {method}, the contract's is {op.method}")
    if _normalised(operation.get("description")) != _normalised(op.description):
        problems.append(f"description differs from the contract's: {_normalised(operation.get('description'))[:80]!r}…"
                        " (Copilot for Sales finds the action by it)")
    declared = _inputs(document, _parameters(document, document["paths"][path], operation))
    folded = {name.lower(): name for name in declared}
    required = {alias for alias, name in op.input_names().items() if op.inputs.model_fields[name].is_required()}
    for name, (_, is_required, where) in declared.items():
        if name.lower() == "connectorid":
            problems.append(f"declares {name} ({where}): the name is reserved by Copilot for Sales")
        elif is_required and name not in required:
            problems.append(f"requires input {name} ({where}) that the contract does not have as required: "
                            "Copilot for Sales never calls an action with an extra required input")
    for alias, literal in literals["inputs"].items():
        name = folded.get(alias.lower())
        if name is None:
            problems.append(f"lacks input {alias}")
        elif _normalised(declared[name][0]) != _normalised(literal):
            problems.append(f"input {alias} description differs from the contract's")
    outputs = _outputs(document, op, operation)
    if outputs is None:
        problems.append(f"the 200 response declares no {op.items_field} items with properties")
    else:
        for output, literal in literals["outputs"].items():
            if output not in outputs:
                problems.append(f"lacks output {output}")
            elif _normalised(outputs[output]) != _normalised(literal):
                problems.append(f"output {output} description differs from the contract's")
    return problems


def contract_problems(document: dict[str, Any]) -> dict[str, list[str]]:
    """Contract breaches per declared operation key, plus `email summary` when both versions are declared."""
    declared = declared_operations(document)
    problems = {
        key: _operation_problems(document, OPERATIONS_BY_KEY[key], method, path, operation)
        for key, (method, path, operation) in declared.items()
    }
    if all(key in declared for key in EMAIL_SUMMARY_KEYS):
        problems["email summary"] = [
            "declares both email summary v1 and v2: they share one description, so declare only one (v2)"
        ]
    return problems


def definition_checks(document: dict[str, Any], operations: tuple[str, ...] = ()) -> list[Check]:
    """The definition's lines: Swagger 2.0, the certification rules, and one per operation (only those
    in `operations` when it names any, as `--operation` asks)."""
    from connector.tools.lint import lint  # imported only when a definition is checked

    violations = lint(document)
    structural = [str(v) for v in violations if v.rule == "structure"]
    certification = [str(v) for v in violations if v.rule != "structure"]
    checks = [
        verdict("definition", "Swagger 2.0", structural, "valid Swagger 2.0"),
        verdict("definition", "certification rules", certification, "the offline linter finds no violation"),
    ]
    if not isinstance(document.get("paths"), dict):
        return checks
    problems = contract_problems(document)
    for op in OPERATIONS:
        if operations and op.key not in operations:
            continue
        if op.key in problems:
            checks.append(verdict("definition", op.key, problems[op.key],
                                  f"{op.operation_id}: descriptions, method and inputs as the contract states"))
        elif op.key in EMAIL_SUMMARY_KEYS:
            continue  # one of the two is enough; the email summary line below says which
        else:
            checks.append(skipped("definition", op.key, f"{op.operation_id} is not declared: Copilot for Sales "
                                                         "will not call it"))
    if operations and not any(key in operations for key in EMAIL_SUMMARY_KEYS):
        return checks
    if "email summary" in problems:
        checks.append(failed("definition", "email summary", problems["email summary"]))
    elif not any(key in problems for key in EMAIL_SUMMARY_KEYS):
        checks.append(skipped("definition", "email summary", "no email summary action is declared"))
    else:
        version = next(key for key in EMAIL_SUMMARY_KEYS if key in problems)
        checks.append(passed("definition", "email summary", f"exactly one email summary action ({version})"))
    return checks
