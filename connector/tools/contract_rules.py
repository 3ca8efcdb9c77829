"""What a connector definition must state for Copilot for Sales to use its actions: the contract's rules.

Copilot for Sales finds an action by its description (or operationId) and method, maps every input
and output by its description, never calls an action that requires an input the contract does not
require, and refuses the reserved `connectorId`. These rules are computed from `connector.contract`
and stated here once: the offline linter reports them as violations with their JSON path, and the
conformance checker reports the same violations on the line of the operation they concern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from connector.contract import OPERATIONS, OPERATIONS_BY_KEY, Operation

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


@dataclass(frozen=True)
class Violation:
    rule: str
    path: str  # the JSON path of the offending value
    message: str
    operation: str | None = None  # the contract operation's key, for a rule about one operation

    def __str__(self) -> str:
        return f"{self.path}: [{self.rule}] {self.message}"


def json_path(*parts: str | int) -> str:
    """`$.paths['/x'].get.parameters[0]`: dotted where a key is a plain name, bracketed otherwise."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            path += f".{part}"
        else:
            path += f"['{part}']"
    return path


def same_text(a: Any, b: Any) -> bool:
    """Literals match with whitespace normalised, as Copilot for Sales compares them."""
    return isinstance(a, str) and isinstance(b, str) and a.split() == b.split()


def resolve(definition: dict[str, Any], schema: Any) -> dict[str, Any]:
    """Follow local `$ref`s (`#/definitions/Name`) to the schema they name; {} when there is none."""
    for _ in range(32):
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            break
        target: Any = definition
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
        schema = target
    return schema if isinstance(schema, dict) else {}


def operations(definition: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every operation the definition declares: (path, method in lower case, operation object)."""
    paths = definition.get("paths")
    for route, item in (paths if isinstance(paths, dict) else {}).items():
        for method in METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                yield route, method, item[method]


def matched_operations(definition: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Contract operation key -> (method in upper case, path, operation object), matched by operationId,
    else by description and method (a partner may have renamed the operationId)."""
    by_id = {op.operation_id: op for op in OPERATIONS}
    by_text = {(" ".join(op.description.split()), op.method): op for op in OPERATIONS}
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for route, method, operation in operations(definition):
        op = by_id.get(operation.get("operationId")) or by_text.get(
            (" ".join(str(operation.get("description") or "").split()), method.upper())
        )
        if op is not None:
            found.setdefault(op.key, (method.upper(), route, operation))
    return found


def declared_inputs(definition: dict[str, Any], operation: dict[str, Any]) -> dict[str, tuple[dict, bool, tuple, str]]:
    """Each input the operation declares: its schema, whether required, its path below the operation and
    where it goes (query, header, body...)."""
    inputs = {}
    for index, parameter in enumerate(operation.get("parameters") or []):
        parameter = resolve(definition, parameter) if isinstance(parameter, dict) else None
        if not parameter:
            continue
        if parameter.get("in") == "body":
            body = resolve(definition, parameter.get("schema"))
            required = set(body.get("required") or [])
            for name, prop in (body.get("properties") or {}).items():
                path = ("parameters", index, "schema", "properties", name)
                inputs[name] = (prop, name in required, path, "body")
        elif parameter.get("name"):
            inputs[str(parameter["name"])] = (
                parameter,
                parameter.get("required") is True,
                ("parameters", index),
                str(parameter.get("in", "?")),
            )
    return inputs


def _required(op: Operation) -> set[str]:
    return {alias for alias, name in op.input_names().items() if op.inputs.model_fields[name].is_required()}


def _field_description(model: type, name: str) -> str | None:
    return model.model_fields[name].description


def _description(definition: dict[str, Any], schema: Any) -> Any:
    """A schema's description: its own, else that of the definition it refers to."""
    own = schema.get("description") if isinstance(schema, dict) else None
    return own or resolve(definition, schema).get("description")


def operation_violations(
    definition: dict[str, Any], op: Operation, method: str, route: str, operation: dict[str, Any]
) -> Iterator[Violation]:
    """How one declared operation departs from the contract operation `op` it was matched to."""
    where = ("paths", route, method.lower())

    def violation(rule: str, path: tuple, message: str) -> Violation:
        return Violation(rule, json_path(*path), message, op.key)

    if method != op.method:
        yield violation("contract-method", where, f"method is {method}, the contract's is {op.method}")
    if not same_text(operation.get("description"), op.description):
        yield violation(
            "contract-literals",
            (*where, "description"),
            "description differs from the contract's (Copilot for Sales finds the action by it)",
        )
    declared = declared_inputs(definition, operation)
    required = _required(op)
    for name, (_, is_required, path, location) in declared.items():
        if is_required and name not in required:
            yield violation(
                "required-inputs",
                (*where, *path),
                f"requires input {name} ({location}) that the contract does not have as required: "
                "Copilot for Sales never calls an action with an extra required input",
            )
    folded = {name.lower(): name for name in declared}
    for alias, field_name in op.input_names().items():
        name = folded.get(alias.lower())
        if name is None:
            yield violation("contract-literals", (*where, "parameters"), f"lacks input {alias}")
        elif not same_text(_description(definition, declared[name][0]), _field_description(op.inputs, field_name)):
            yield violation(
                "contract-literals",
                (*where, *declared[name][2], "description"),
                f"input {alias} description differs from the contract's",
            )
    yield from _output_violations(definition, op, operation, where)


def _output_violations(
    definition: dict[str, Any], op: Operation, operation: dict[str, Any], where: tuple
) -> Iterator[Violation]:
    responses = operation.get("responses") or {}
    success = resolve(definition, responses.get("200") or responses.get("201") or {})
    envelope = resolve(definition, success.get("schema"))
    item_ref = ((envelope.get("properties") or {}).get(op.items_field) or {}).get("items") or {}
    item = resolve(definition, item_ref)
    if not item.get("properties"):
        yield Violation(
            "contract-literals",
            json_path(*where, "responses", "200"),
            f"the 200 response declares no {op.items_field} items with properties",
            op.key,
        )
        return
    ref = item_ref.get("$ref") if isinstance(item_ref, dict) else None
    item_path = (
        ("definitions", ref.removeprefix("#/definitions/"))
        if isinstance(ref, str)
        else (*where, "responses", "200", "schema", "properties", op.items_field, "items")
    )
    properties = item["properties"]
    for name, field in op.item.model_fields.items():
        if name not in properties:
            yield Violation("contract-literals", json_path(*item_path, "properties"), f"lacks output {name}", op.key)
        elif not same_text(_description(definition, properties[name]), field.description):
            yield Violation(
                "contract-literals",
                json_path(*item_path, "properties", name, "description"),
                f"output {name} description differs from the contract's",
                op.key,
            )


def check_contract(definition: dict[str, Any]) -> Iterator[Violation]:
    """Every departure from the contract of every operation the definition declares."""
    for key, (method, route, operation) in matched_operations(definition).items():
        yield from operation_violations(definition, OPERATIONS_BY_KEY[key], method, route, operation)
