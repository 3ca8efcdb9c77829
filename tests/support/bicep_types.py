"""Every resource body in a Bicep file, checked against Azure's generated Bicep type definitions, offline.

No Bicep compiler runs here. This is the closest offline equivalent of `bicep build`'s type check: each
resource declared in a file is looked up by type and API version in tests/data/bicep-types/ (the structure
of `Azure/bicep-types-az` and `microsoftgraph/msgraph-bicep-types`, see tests/support/bicep_types_extract.py)
and its body is walked against that type. A finding names the file, the line and the property path:

- a property the type does not declare;
- a read-only property set;
- a required property missing;
- a value of the wrong kind (a string where an int belongs, an object where an array belongs, ...);
- a literal outside a closed enum, or outside an integer's or a string's limits;
- a module given a parameter its file does not declare, or a value of another kind, or not given one it
  requires (no default).

Each part of `union(...)` and both branches of a condition are checked against the type. Values the checker
cannot know without evaluating Bicep (other function results, property accessors) pass, except the few whose
kind is fixed (`string(...)`, `guid(...)`, an interpolated string, a parameter of a declared type, a variable
holding a literal).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lark import v_args
from pycep import BicepParser
from pycep.models import BicepElement
from pycep.transformer import BicepToJson

DATA = Path(__file__).resolve().parents[1] / "data" / "bicep-types"
SOURCES = ("azure.json", "microsoft-graph.json")
READ_ONLY, REQUIRED = 2, 1
# Resource declaration keywords that are Bicep's own, not part of the resource body's type.
DECLARATION_KEYWORDS = {"parent", "scope", "dependsOn"}
# Functions whose result is a string whatever their arguments.
STRING_FUNCTIONS = {
    "string",
    "guid",
    "uniqueString",
    "toLower",
    "toUpper",
    "format",
    "concat",
    "subscriptionResourceId",
    "resourceId",
    "tenantResourceId",
}


class Key(str):
    """A property name that remembers its line."""

    line: int


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.problem}"


class _WithLines(BicepToJson):
    """pycep's transformer, with each object key carrying its line number."""

    @v_args(meta=True)
    def pair(self, meta: Any, args: tuple[str, Any]) -> tuple[Key, Any]:
        key, value = super().pair(args)
        named = Key(key)
        named.line = meta.line
        return named, value


def parse(text: str) -> dict[str, Any]:
    """A Bicep file as pycep's JSON tree; object keys are `Key`s with their line."""
    parser = BicepParser()
    return _WithLines(add_line_numbers=True).transform(parser.lark_parser.parse(text))


@cache
def _types() -> tuple[dict[str, dict], ...]:
    return tuple(json.loads((DATA / name).read_text()) for name in SOURCES)


def resource_type(name: str) -> tuple[list[dict], dict] | None:
    """(the type list, the ResourceType entry) for `Type@apiVersion`, or None when no data holds it."""
    for source in _types():
        if name in source["resources"]:
            return source["types"], source["types"][source["resources"][name]]
    return None


class _Checker:
    def __init__(self, file: str, tree: dict[str, Any]) -> None:
        self.file = file
        self.parameters = tree.get("parameters", {})
        self.variables = tree.get("variables", {})
        self.findings: list[Finding] = []
        self._parts = 0  # > 0 inside a part of union(...) or of a condition: required members may be elsewhere

    # --- values ------------------------------------------------------------------------------------

    def kind(self, value: Any, depth: int = 0) -> tuple[str, Any]:
        """("literal"|"string"|"int"|"bool"|"object"|"array"|"unknown", the literal or None)."""
        if isinstance(value, bool):
            return "bool", value
        if isinstance(value, int):
            return "int", value
        if isinstance(value, BicepElement):
            return self._reference(str(value), depth)
        if isinstance(value, str):
            return ("string", None) if "${" in value else ("literal", value)
        if isinstance(value, list):
            return "array", value
        if isinstance(value, dict):
            if "function" in value:
                return ("string", None) if value["function"]["type"] in STRING_FUNCTIONS else ("unknown", None)
            if set(value) == {"operator"} or "loop" in value:
                return "unknown", None
            return "object", value
        return "unknown", None

    def _reference(self, name: str, depth: int) -> tuple[str, Any]:
        if name in self.parameters:
            declared = self.parameters[name].get("type")
            return {"string": "string", "int": "int", "bool": "bool", "object": "object", "array": "array"}.get(
                declared, "unknown"
            ), None
        if name in self.variables and depth < 5:
            return self.kind(self.variables[name]["value"], depth + 1)
        return "unknown", None

    # --- types -------------------------------------------------------------------------------------

    def check(self, types: list[dict], ref: dict, value: Any, path: str, line: int) -> None:
        self.findings.extend(self._mismatches(types, types[_index(ref)], value, path, line))

    def _mismatches(self, types: list[dict], type_: dict, value: Any, path: str, line: int) -> list[Finding]:
        parts = _parts(value)
        if parts:  # union(a, b) and `c ? a : b`: each part must fit the type
            self._parts += 1
            try:
                return [f for part in parts for f in self._mismatches(types, type_, part, path, line)]
            finally:
                self._parts -= 1
        kind, literal = self.kind(value)
        if kind == "unknown" or value is None or type_["$type"] == "AnyType":
            return []
        expected = type_["$type"]
        if expected == "UnionType":
            return self._union(types, type_, value, path, line)
        if expected == "StringLiteralType":
            if kind == "literal" and literal != type_["value"]:
                return [self._found(line, path, f"'{literal}' is not '{type_['value']}'")]
            return [] if kind in ("literal", "string") else [self._found(line, path, f"{kind} where a string belongs")]
        if expected == "StringType":
            if kind not in ("literal", "string"):
                return [self._found(line, path, f"{kind} where a string belongs")]
            return self._string_limits(type_, literal, path, line) if kind == "literal" else []
        if expected == "IntegerType":
            if kind != "int":
                return [self._found(line, path, f"{_said(kind)} where an int belongs")]
            low, high = type_.get("minValue"), type_.get("maxValue")
            if (low is not None and literal < low) or (high is not None and literal > high):
                return [self._found(line, path, f"{literal} is outside {low}..{high}")]
            return []
        if expected == "BooleanType":
            return [] if kind == "bool" else [self._found(line, path, f"{_said(kind)} where a bool belongs")]
        if expected == "ArrayType":
            if kind != "array":
                return [self._found(line, path, f"{_said(kind)} where an array belongs")]
            found = []
            for i, item in enumerate(literal or []):  # None: a parameter, its items unknown
                found += self._mismatches(types, types[_index(type_["itemType"])], item, f"{path}[{i}]", line)
            return found
        if expected in ("ObjectType", "DiscriminatedObjectType"):
            if kind != "object":
                return [self._found(line, path, f"{_said(kind)} where an object belongs")]
            return self._object(types, type_, literal, path) if literal is not None else []
        return []

    def _union(self, types: list[dict], type_: dict, value: Any, path: str, line: int) -> list[Finding]:
        attempts = [self._mismatches(types, types[_index(ref)], value, path, line) for ref in type_["elements"]]
        if any(not attempt for attempt in attempts):
            return []
        literals = [types[_index(ref)].get("value") for ref in type_["elements"]]
        kind, literal = self.kind(value)
        if kind == "literal" and all(isinstance(v, str) for v in literals):
            return [self._found(line, path, f"'{literal}' is not one of {', '.join(literals)}")]
        return min(attempts, key=len)

    def _string_limits(self, type_: dict, literal: str, path: str, line: int) -> list[Finding]:
        low, high, pattern = type_.get("minLength"), type_.get("maxLength"), type_.get("pattern")
        if (low is not None and len(literal) < low) or (high is not None and len(literal) > high):
            return [self._found(line, path, f"'{literal}' is not {low}..{high} characters long")]
        if pattern and re.search(pattern, literal) is None:
            return [self._found(line, path, f"'{literal}' does not match {pattern}")]
        return []

    def _object(self, types: list[dict], type_: dict, body: dict, path: str) -> list[Finding]:
        properties, additional = _members(types, type_, body)
        found = []
        for key, value in body.items():
            name = key.strip("'")
            line = getattr(key, "line", 0)
            where = f"{path}.{name}"
            if "." not in path and name in DECLARATION_KEYWORDS:
                continue
            if name not in properties:
                if additional is not None:
                    found += self._mismatches(types, types[_index(additional)], value, where, line)
                elif "${" not in name:
                    found.append(self._found(line, where, f"'{name}' is not a property of {_named(type_)}"))
                continue
            member = properties[name]
            if member.get("flags", 0) & READ_ONLY and not member.get("flags", 0) & REQUIRED:
                found.append(self._found(line, where, "read-only: Azure sets it, a template may not"))
                continue
            found += self._mismatches(types, types[_index(member["type"])], value, where, line)
        if self._parts:
            return found
        present = {k.strip("'") for k in body}
        for name, member in properties.items():
            flags = member.get("flags", 0)
            if flags & REQUIRED and not flags & READ_ONLY and name not in present:
                line = min((getattr(k, "line", 0) for k in body), default=0)
                found.append(self._found(line, f"{path}.{name}", "required, and missing"))
        return found

    def _found(self, line: int, path: str, problem: str) -> Finding:
        return Finding(self.file, line, path, problem)


def _parts(value: Any) -> list[Any]:
    """The operands of union(...) or of a condition's two branches; [] for any other value."""
    if not isinstance(value, dict):
        return []
    if value.get("function", {}).get("type") == "union":
        return list(value["function"]["parameters"].values())
    operator = value.get("operator", {})
    if operator.get("type") == "conditional":
        return [operator["operands"]["true_value"], operator["operands"]["false_value"]]
    return []


def _index(ref: dict) -> int:
    return int(ref["$ref"].removeprefix("#/"))


def _said(kind: str) -> str:
    return "a string" if kind == "literal" else kind


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _named(type_: dict) -> str:
    return type_.get("name", type_["$type"])


def _members(types: list[dict], type_: dict, body: dict) -> tuple[dict[str, dict], dict | None]:
    """The properties (and the type of any other key) an object of this type may have."""
    if type_["$type"] == "ObjectType":
        return type_.get("properties", {}), type_.get("additionalProperties")
    properties = dict(type_.get("baseProperties", {}))
    discriminator = type_["discriminator"]
    chosen = next((v for k, v in body.items() if k.strip("'") == discriminator), None)
    if isinstance(chosen, str) and not isinstance(chosen, BicepElement) and chosen in type_["elements"]:
        element = types[_index(type_["elements"][chosen])]
        properties.update(element.get("properties", {}))
        return properties, element.get("additionalProperties")
    # A discriminator the checker cannot read: every variant's properties are possible.
    for ref in type_["elements"].values():
        properties.update(types[_index(ref)].get("properties", {}))
    return properties, None


def _check_modules(checker: _Checker, tree: dict[str, Any], folder: Path) -> None:
    """Each module's params against the parameters its file declares."""
    for name, module in tree.get("modules", {}).items():
        declared = parse((folder / module["detail"]["path"]).read_text()).get("parameters", {})
        given = module["config"].get("params", {})
        for key, value in given.items():
            where, line = f"{name}.params.{key}", getattr(key, "line", 0)
            if key not in declared:
                checker.findings.append(
                    Finding(checker.file, line, where, f"not a parameter of {module['detail']['path']}")
                )
                continue
            kind, _ = checker.kind(value)
            expected = declared[key].get("type")
            if kind != "unknown" and expected in _PARAMETER_KINDS and kind not in _PARAMETER_KINDS[expected]:
                checker.findings.append(
                    Finding(checker.file, line, where, f"{_said(kind)} where {_a(expected)} belongs")
                )
        for key, parameter in declared.items():
            if parameter.get("default") is None and key not in given:
                line = module.get("__start_line__", 0)
                checker.findings.append(Finding(checker.file, line, f"{name}.params.{key}", "required, and missing"))


# A declared parameter type -> the value kinds that fit it.
_PARAMETER_KINDS = {
    "string": {"literal", "string"},
    "int": {"int"},
    "bool": {"bool"},
    "object": {"object"},
    "array": {"array"},
}


def check_file(path: Path, root: Path) -> list[Finding]:
    """Every finding in one Bicep file (paths in findings are relative to root)."""
    tree = parse(path.read_text())
    checker = _Checker(path.relative_to(root).as_posix(), tree)
    _check_modules(checker, tree, path.parent)
    for name, resource in tree.get("resources", {}).items():
        full_name = f"{resource['type']}@{resource['api_version']}"
        line = resource.get("__start_line__", 0)
        found = resource_type(full_name)
        if found is None:
            checker.findings.append(Finding(checker.file, line, name, f"no type definition for {full_name}"))
            continue
        types, entry = found
        if resource["existing"]:
            continue  # only a reference: its body is Azure's, not this file's
        checker.check(types, entry["body"], resource["config"], name, line)
    return sorted(checker.findings, key=lambda f: (f.line, f.path))
