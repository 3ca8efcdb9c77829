"""The certification check (`python -m connector lint --certification FILE|DIR`): every rule that runs offline.

It applies the definition linter's rules, the solution linter's rules, and the rules only a
submission has: `x-ms-summary` on every property, placeholders, the repository's JSON schemas, the
readme and intro templates, the icon, and the portal package as `ConnectorPackageValidator.ps1`
reads it. Each finding names its rule and its source. Where Copilot for Sales requires what a
generic rule flags (its `scp-…` operation ids, the contract's fixed descriptions, extensions newer
than the repository's schema), the finding is an expected waiver with its reason, not a failure.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema

from connector.contract import OPERATIONS
from connector.tools import secrets
from connector.tools.certify import documents, sources
from connector.tools.certify.options import placeholder
from connector.tools.contract_rules import json_path, operations
from connector.tools.lint import lint
from connector.tools.solution import layout
from connector.tools.solution.read import check_icon, lint_solution

SCHEMAS = Path(__file__).parent / "schemas"
DEFINITION = "apiDefinition.swagger.json"
PROPERTIES = "apiProperties.json"
SETTINGS = "settings.json"
README = "readme.md"
INTRO = "intro.md"
ICON = "icon.png"
SOLUTION_FILES = (layout.CONTENT_TYPES, layout.CUSTOMIZATIONS, layout.SOLUTION)

CONTRACT_OPERATION_IDS = frozenset(op.operation_id for op in OPERATIONS)
CONTRACT_TEXTS = frozenset(
    " ".join(text.split())
    for op in OPERATIONS
    for text in (
        op.description,
        op.summary,
        *(f.description or "" for model in (op.inputs, op.item) for f in model.model_fields.values()),
    )
)
# Microsoft product names a generic rule wants spelled as Microsoft spells them.
PRODUCT_NAMES = ("Copilot for Sales", "Outlook", "Teams", "Copilot Studio", "Power Automate", "Dynamics 365")
_PRODUCT_ABBREVIATIONS = re.compile(r"\bC4S\b")
_OPERATION_ID = re.compile(r"[A-Za-z0-9]+")
_SENTENCE_END = re.compile(r"[.!?](\s|\Z)")

# Extensions Copilot for Sales asks for that the repository's schema (read in 2024) does not list.
COPILOT_EXTENSIONS = ("x-ms-keywords", "x-ms-openai-data", "x-ms-openai-published-to-copilots")


@dataclass(frozen=True)
class Finding:
    rule: str
    where: str
    message: str
    source: str
    waiver: str | None = None  # why the finding is expected for a Copilot for Sales connector

    def __str__(self) -> str:
        line = f"{self.where}: [{self.rule}] {self.message} (source: {self.source})"
        return f"WAIVED {line} -- expected: {self.waiver}" if self.waiver else line


# --- the rules each finding may come from, with their sources (printed as the list of rules applied) ---

RULES: dict[str, str] = {
    **sources.LINT_RULE_SOURCES,
    "solution-*": sources.SOLUTION_EXPORTS,
    "operation-id-sanitized": sources.SWAGGER_RULES + ": OperationIdSanitized",
    "product-names": sources.SWAGGER_RULES + ": ValueContainsRestrictedWords; " + sources.SUBMISSION,
    "x-ms-summary": sources.SUBMISSION,
    "placeholder": sources.SUBMISSION + "; " + sources.PR_TEMPLATE,
    "publisher": sources.SUBMISSION,
    "json-schema": sources.schema_source("schemas/"),
    "icon": sources.SUBMISSION,
    "readme": sources.README_TEMPLATE,
    "intro": sources.INTRO_TEMPLATE,
    "package": sources.VALIDATOR,
    "flow": sources.POLICY + "; " + sources.FLOW_EXPORTS,
    "same-definition": sources.PROJECT,
    "files": sources.POLICY,
}


def _finding(rule: str, where: str, message: str, waiver: str | None = None) -> Finding:
    return Finding(rule, where, message, RULES[rule], waiver)


def _from_lint(violations: Iterable[Any], prefix: str = "") -> Iterator[Finding]:
    for violation in violations:
        where = f"{prefix}{violation.path}"
        yield Finding(violation.rule, where, violation.message, sources.lint_rule_source(violation.rule))


# --- the definition ---------------------------------------------------------------------------


def _properties(node: Any, path: tuple) -> Iterator[tuple[str, dict, tuple]]:
    """Every named property of every schema below `node`, with its path."""
    if not isinstance(node, dict):
        return
    for name, child in (node.get("properties") or {}).items() if isinstance(node.get("properties"), dict) else ():
        yield name, child, (*path, "properties", name)
        yield from _properties(child, (*path, "properties", name))
    for key in ("items", "additionalProperties", "schema"):
        if isinstance(node.get(key), dict):
            yield from _properties(node[key], (*path, key))


def check_property_summaries(definition: dict[str, Any], file: str) -> Iterator[Finding]:
    """`x-ms-summary` on every property of every schema: the designer's and the reviewers' display names."""
    roots: list[tuple[Any, tuple]] = [
        (schema, ("definitions", name)) for name, schema in (definition.get("definitions") or {}).items()
    ]
    for route, method, operation in operations(definition):
        for index, parameter in enumerate(operation.get("parameters") or []):
            roots.append((parameter, ("paths", route, method, "parameters", index)))
        for status, response in (operation.get("responses") or {}).items():
            if isinstance(response, dict):
                roots.append((response, ("paths", route, method, "responses", status)))
    for root, path in roots:
        for name, schema, where in _properties(root, path):
            if isinstance(schema, dict) and "$ref" not in schema and not schema.get("x-ms-summary"):
                yield _finding("x-ms-summary", f"{file}:{json_path(*where)}", f"property {name} has no x-ms-summary")


def check_operation_ids(definition: dict[str, Any], file: str) -> Iterator[Finding]:
    for route, method, operation in operations(definition):
        operation_id = str(operation.get("operationId") or "")
        if operation_id and not _OPERATION_ID.fullmatch(operation_id):
            waiver = (
                "Copilot for Sales finds its actions by these operation ids (its sample definition and the "
                "certified Seismic, Highspot and PROS AI connectors carry them)"
                if operation_id in CONTRACT_OPERATION_IDS
                else None
            )
            yield _finding(
                "operation-id-sanitized",
                f"{file}:{json_path('paths', route, method, 'operationId')}",
                f"{operation_id!r} has characters other than letters and digits",
                waiver,
            )


def _product_problems(text: str) -> list[str]:
    problems = [f"abbreviates a product name ({match.group(0)!r})" for match in _PRODUCT_ABBREVIATIONS.finditer(text)]
    for name in PRODUCT_NAMES:
        for match in re.finditer(re.escape(name), text, re.IGNORECASE):
            if match.group(0) != name:
                problems.append(f"writes {match.group(0)!r} for the product name {name!r}")
    return problems


def check_product_names(definition: dict[str, Any], file: str) -> Iterator[Finding]:
    """Product names spelled as Microsoft spells them; the contract's fixed texts are Copilot for Sales'."""
    texts: list[tuple[tuple, Any]] = []
    for route, method, operation in operations(definition):
        texts += [((("paths", route, method, key)), operation.get(key)) for key in ("summary", "description")]
        for index, parameter in enumerate(operation.get("parameters") or []):
            texts.append((("paths", route, method, "parameters", index, "description"), parameter.get("description")))
    for name, schema in (definition.get("definitions") or {}).items():
        for _, child, where in _properties(schema, ("definitions", name)):
            texts.append(((*where, "description"), child.get("description") if isinstance(child, dict) else None))
    for path, text in texts:
        if not isinstance(text, str):
            continue
        waiver = (
            "the contract's fixed text: Copilot for Sales matches it word for word"
            if " ".join(text.split()) in CONTRACT_TEXTS
            else None
        )
        for problem in _product_problems(text):
            yield _finding("product-names", f"{file}:{json_path(*path)}", problem, waiver)


def check_definition_placeholders(definition: dict[str, Any], file: str) -> Iterator[Finding]:
    info = definition.get("info") or {}
    contact = info.get("contact") or {}
    values = [(("host",), definition.get("host"))]
    values += [(("info", "contact", key), contact.get(key)) for key in ("name", "url", "email")]
    for index, entry in enumerate(definition.get("x-ms-connector-metadata") or []):
        if isinstance(entry, dict) and entry.get("propertyName") in ("Website", "Privacy policy"):
            values.append((("x-ms-connector-metadata", index, "propertyValue"), entry.get("propertyValue")))
    for path, value in values:
        if why := placeholder(value):
            yield _finding("placeholder", f"{file}:{json_path(*path)}", f"{why}: a submission carries real values")


def check_properties(properties: dict[str, Any], file: str) -> Iterator[Finding]:
    body = properties.get("properties") or {}
    for key in ("publisher", "stackOwner"):
        if why := placeholder(body.get(key)):
            yield _finding("placeholder", f"{file}:{json_path('properties', key)}", f"{why}: name your company")
    if body.get("publisher") and body.get("stackOwner") and body["publisher"] != body["stackOwner"]:
        yield _finding(
            "publisher",
            f"{file}:{json_path('properties', 'stackOwner')}",
            "a verified publisher names its own company as publisher and stack owner",
        )
    settings = ((body.get("connectionParameters") or {}).get("token") or {}).get("oAuthSettings") or {}
    for key, value in (
        ("clientId", settings.get("clientId")),
        ("resourceUri", ((settings.get("customParameters") or {}).get("resourceUri") or {}).get("value")),
    ):
        if why := placeholder(value):
            yield _finding(
                "placeholder",
                f"{file}:{json_path('properties', 'connectionParameters', 'token', 'oAuthSettings', key)}",
                f"{why}: the deployment's app registration goes here",
            )


# --- the repository's JSON schemas ------------------------------------------------------------


@cache
def repository_schema(name: str) -> tuple[dict[str, Any], str]:
    """A schema of the repository (its structure only, kept under schemas/) and its source."""
    document = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return document["schema"], sources.schema_source(document["source"]["path"])


def _schema_waiver(error: jsonschema.ValidationError) -> str | None:
    if error.validator == "additionalProperties" and any(f"'{x}'" in error.message for x in COPILOT_EXTENSIONS):
        return (
            "Copilot for Sales asks for x-ms-keywords and x-ms-openai-data (its sample definition); the certified "
            "Highspot connector carries them; the repository's schema predates them"
        )
    if list(error.absolute_path)[-1:] == ["redirectMode"] and error.instance == "GlobalPerConnector":
        return (
            "the certified Copilot for Sales connectors (Highspot, PROS AI) use GlobalPerConnector and reviewers "
            "ask for it on OAuth connectors; the repository's schema lists only Global and Direct"
        )
    return None


def _deepest(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The most specific errors under a oneOf/anyOf: the ones a person can act on."""
    if not error.context:
        return [error]
    depth = max(len(e.absolute_path) for e in error.context)
    deepest = [e for e in error.context if len(e.absolute_path) == depth]
    return [leaf for e in deepest for leaf in _deepest(e)]


def check_schema(document: Any, schema_name: str, file: str) -> Iterator[Finding]:
    schema, source = repository_schema(schema_name)
    validator = jsonschema.validators.validator_for(schema)(schema)
    seen = set()
    for error in validator.iter_errors(document):
        for leaf in _deepest(error):
            where = f"{file}:{json_path(*leaf.absolute_path)}"
            message = leaf.message if len(leaf.message) < 300 else leaf.message[:297] + "..."
            if (where, message) in seen:
                continue
            seen.add((where, message))
            yield Finding("json-schema", where, message, source, _schema_waiver(leaf))


# --- readme.md and intro.md -------------------------------------------------------------------


def _headings(text: str, level: int) -> list[str]:
    marker = "#" * level + " "
    return [line[len(marker) :].strip() for line in text.splitlines() if line.startswith(marker)]


def check_readme(text: str, definition: dict[str, Any] | None, file: str) -> Iterator[Finding]:
    """Every required section of the template, in its order; each operation described."""
    titles = _headings(text, 1)
    if not titles:
        yield _finding("readme", file, "starts with no '# <connector name>' heading")
    sections = _headings(text, 2)
    names = [s.split(":", 1)[0].strip() for s in sections]
    order = [name for name, _ in documents.README_SECTIONS]
    for name, required in documents.README_SECTIONS:
        if required and name not in names:
            yield _finding("readme", file, f"lacks the required section '## {name}'")
    present = [n for n in names if n in order]
    if present != sorted(present, key=order.index):
        yield _finding("readme", file, f"sections out of the template's order: {present}")
    publisher = next((s.split(":", 1)[1].strip() for s in sections if s.startswith("Publisher:")), None)
    if "Publisher" in names and (publisher is None or placeholder(publisher)):
        yield _finding("readme", file, "'## Publisher: <name>' must name the publishing company")
    if "Supported Operations" in names:
        body = text.split("## Supported Operations", 1)[1].split("\n## ", 1)[0]
        described = _headings(body, 3)
        if not described:
            yield _finding("readme", file, "'## Supported Operations' has no '### <operation>' heading")
        for route, method, operation in operations(definition or {}):
            if operation.get("summary") not in described:
                yield _finding(
                    "readme", file, f"describes no operation {operation.get('summary')!r} ({method.upper()} {route})"
                )


def check_intro(text: str, definition: dict[str, Any] | None, file: str) -> Iterator[Finding]:
    """The intro template's sections, a short description, and no list of actions."""
    sections = _headings(text, 2)
    for name in documents.INTRO_SECTIONS:
        if name not in sections:
            yield _finding("intro", file, f"lacks the section '## {name}'")
    present = [s for s in sections if s in documents.INTRO_SECTIONS]
    if present != sorted(present, key=documents.INTRO_SECTIONS.index):
        yield _finding("intro", file, f"sections out of the template's order: {present}")
    description = "\n".join(line for line in text.split("\n## ", 1)[0].splitlines() if not line.startswith("#"))
    sentences = len(_SENTENCE_END.findall(description))
    if not description.strip():
        yield _finding("intro", file, "has no description before its first section")
    elif sentences > documents.MAX_INTRO_SENTENCES:
        yield _finding("intro", file, f"the description has {sentences} sentences; at most 8")
    for _, _, operation in operations(definition or {}):
        for key in ("summary", "operationId"):
            if operation.get(key) and operation[key] in text:
                yield _finding("intro", file, f"lists the action {operation[key]!r}: intro.md lists no actions")


def check_secrets(files: dict[str, bytes]) -> Iterator[Finding]:
    for name, data in files.items():
        try:
            findings = secrets.in_json(json.loads(data)) if name.endswith(".json") else secrets.in_text(data.decode())
        except ValueError:
            findings = secrets.in_text(data.decode("utf-8", errors="replace"))
        for found in findings:
            yield Finding("secret", f"{name}:{found.where}", f"{found.what} ({found.excerpt})", sources.PR_TEMPLATE)


# --- the repository folder --------------------------------------------------------------------


def _load_json(path: Path) -> tuple[Any, Finding | None]:
    try:
        return json.loads(path.read_bytes()), None
    except ValueError as error:
        return None, _finding("files", str(path), f"is not valid JSON: {error}")


def check_folder(folder: Path) -> Iterator[Finding]:
    """The pull request's folder: the definition, apiProperties.json and readme.md."""
    definition_path, properties_path, readme_path = folder / DEFINITION, folder / PROPERTIES, folder / README
    for path in (definition_path, properties_path, readme_path):
        if not path.is_file():
            yield _finding("files", str(path), "is missing: a certification pull request carries it")
    definition, properties = None, None
    if definition_path.is_file():
        definition, problem = _load_json(definition_path)
        if problem:
            yield problem
    if properties_path.is_file():
        properties, problem = _load_json(properties_path)
        if problem:
            yield problem
    file = str(definition_path)
    if isinstance(definition, dict):
        size = definition_path.stat().st_size
        yield from _from_lint(lint(definition, size_bytes=size, properties=properties), f"{file}:")
        for rule in (check_property_summaries, check_operation_ids, check_product_names, check_definition_placeholders):
            yield from rule(definition, file)
        yield from check_schema(definition, "apiDefinition.swagger.schema.json", file)
    if isinstance(properties, dict):
        yield from check_properties(properties, str(properties_path))
        yield from check_schema(properties, "paconn-apiProperties.schema.json", str(properties_path))
    if readme_path.is_file():
        yield from check_readme(readme_path.read_text(encoding="utf-8"), definition, str(readme_path))
    files = {str(p): p.read_bytes() for p in (definition_path, properties_path, readme_path) if p.is_file()}
    yield from check_secrets(files)


# --- the portal package -----------------------------------------------------------------------


def _zip_entries(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError):
        return None


def _folders(entries: Iterable[str]) -> set[str]:
    return {name.split("/", 1)[0] for name in entries if "/" in name}


def _root_files(entries: Iterable[str]) -> list[str]:
    return [name for name in entries if "/" not in name]


def _has_children(root: ET.Element | None, tag: str) -> bool:
    """As the validator's `SelectSingleNode("//tag")`: the first such element, with children or attributes."""
    found = None if root is None else next(root.iter(tag), None)
    return found is not None and (len(found) > 0 or bool(found.attrib))


def check_package(data: bytes, file: str, definition: dict[str, Any] | None = None) -> Iterator[Finding]:
    """The portal package, rule by rule as ConnectorPackageValidator.ps1 reads it (no plugin solution).

    `definition` (the pull request's) lets the check see whether the package's intro.md lists its actions.
    """
    outer = _zip_entries(data)
    if outer is None:
        yield _finding("package", file, "is not a readable zip")
        return
    if folders := _folders(outer):
        yield _finding("package", file, f"must hold no folder at its root, not {sorted(folders)}")
    markdown = [n for n in _root_files(outer) if n.lower().endswith(".md")]
    packages = [n for n in _root_files(outer) if n.lower().endswith(".zip")]
    if len(markdown) != 1 or len(packages) != 1:
        yield _finding(
            "package", file, f"must hold exactly one intro.md and one package zip, not {markdown + packages}"
        )
    if markdown:
        intro = outer[markdown[0]].decode("utf-8", errors="replace")
        yield from check_intro(intro, definition, f"{file}/{markdown[0]}")
    if len(packages) != 1:
        return
    where = f"{file}/{packages[0]}"
    inner = _zip_entries(outer[packages[0]])
    if inner is None:
        yield _finding("package", where, "is not a readable zip")
        return
    folders = _folders(inner)
    if len(folders) != 1:
        yield _finding("package", where, f"must hold exactly one folder (PkgAssets), not {sorted(folders)}")
        return
    assets = folders.pop()
    below = {name[len(assets) + 1 :]: data for name, data in inner.items() if name.startswith(assets + "/")}
    below = {name: data for name, data in below.items() if name}
    if subfolders := _folders(below):
        yield _finding("package", f"{where}/{assets}", f"must hold no folder, not {sorted(subfolders)}")
    solutions = {n: below[n] for n in _root_files(below) if n.lower().endswith(".zip")}
    if len(solutions) != 2:
        yield _finding(
            "package",
            f"{where}/{assets}",
            f"must hold exactly two solution zips (connector, flow), not {len(solutions)}",
        )
    kinds = []
    for name, solution in sorted(solutions.items()):
        kind = yield from check_package_solution(solution, f"{where}/{assets}/{name}")
        kinds.append(kind)
    if "connector" not in kinds:
        yield _finding("package", f"{where}/{assets}", "holds no connector solution (Connector and no Workflows)")
    elif "flow" not in kinds:
        yield _finding("package", f"{where}/{assets}", "holds no flow solution (Connector and Workflows)")


def check_package_solution(data: bytes, where: str) -> Generator[Finding, None, str | None]:
    """One solution of the package: the validator's rules, the solution linter's, and the flow's. Returns its kind."""
    entries = _zip_entries(data)
    if entries is None:
        yield _finding("package", where, "is not a readable zip")
        return None
    for name in SOLUTION_FILES:
        if name not in entries:
            yield _finding("package", where, f"lacks {name} (an exported solution always has it)")
    try:
        customizations = ET.fromstring(entries.get(layout.CUSTOMIZATIONS, b""))
    except ET.ParseError:
        customizations = None
    has_connector = _has_children(customizations, "Connector")
    has_workflows = _has_children(customizations, "Workflows")
    folders = _folders(entries)
    for flag, folder in ((has_connector, "Connector"), (has_workflows, "Workflows")):
        if flag and folder not in folders:
            yield _finding("package", where, f"customizations.xml names a {folder} but the zip has no {folder}/ folder")
    yield from _from_lint(lint_solution(data), f"{where}:")
    if has_workflows:
        yield from check_flow(entries, customizations, where)
    if has_connector and not has_workflows:
        return "connector"
    return "flow" if has_connector and has_workflows else None


def check_flow(entries: dict[str, bytes], customizations: ET.Element, where: str) -> Iterator[Finding]:
    """The flow uses the connector and calls every one of its actions; the Workflow elements match the files."""
    workflows = customizations.findall("Workflows/Workflow")
    files = {name for name in entries if name.startswith("Workflows/") and name.endswith(".json")}
    named = {(w.findtext("JsonFileName") or "").strip().removeprefix("/") for w in workflows}
    for name in sorted(named - files):
        yield _finding("flow", where, f"customizations.xml names the workflow {name!r}, which is not in the zip")
    for name in sorted(files - named):
        yield _finding("flow", where, f"{name} has no <Workflow> element in customizations.xml")
    references = {
        element.get("connectionreferencelogicalname"): (element.findtext("connectorid") or "").strip()
        for element in customizations.iter("connectionreference")
    }
    connector_names = [c.findtext("name") for c in customizations.iter("Connector")]
    api_names = {"shared_" + (name or "").replace("_", "-5f") for name in connector_names}
    called: set[str] = set()
    for name in sorted(files & named):
        try:
            flow = json.loads(entries[name])
        except ValueError as error:
            yield _finding("flow", f"{where}:{name}", f"is not valid JSON: {error}")
            continue
        properties = flow.get("properties") or {}
        for key, reference in (properties.get("connectionReferences") or {}).items():
            logical = ((reference or {}).get("connection") or {}).get("connectionReferenceLogicalName")
            if logical not in references:
                yield _finding(
                    "flow", f"{where}:{name}", f"connection {key!r} names no connectionreference {logical!r}"
                )
        for action in ((properties.get("definition") or {}).get("actions") or {}).values():
            host = ((action or {}).get("inputs") or {}).get("host") or {}
            if str(host.get("apiId", "")).rsplit("/", 1)[-1] in api_names:
                called.add(str(host.get("operationId")))
    if not called:
        yield _finding("flow", where, "no flow calls the solution's connector: the flow must use it")
    for connector in customizations.iter("Connector"):
        path = (connector.findtext("openapidefinition") or "").strip().removeprefix("/")
        try:
            definition = json.loads(entries.get(path, b"{}"))
        except ValueError:
            continue
        for route, method, operation in operations(definition):
            if operation.get("operationId") not in called:
                yield _finding(
                    "flow",
                    where,
                    f"no flow action calls {operation.get('operationId')!r} ({method.upper()} {route}): "
                    "reviewers find the actions through the sample flow",
                )


def package_definition(data: bytes) -> bytes | None:
    """The connector solution's definition inside a portal package, to compare with the pull request's."""
    outer = _zip_entries(data) or {}
    for name, inner_data in outer.items():
        if not name.endswith(".zip"):
            continue
        for solution_name, solution in (_zip_entries(inner_data) or {}).items():
            entries = _zip_entries(solution) if solution_name.endswith(".zip") else None
            if entries and not any(n.startswith("Workflows/") for n in entries):
                for entry, content in entries.items():
                    if entry.endswith(layout.CONNECTOR_FILES["openapidefinition"]):
                        return content
    return None


# --- what to check, from a path ---------------------------------------------------------------


def check_submission(out: Path) -> Iterator[Finding]:
    """A folder `certify` wrote (or a pull request folder): every part found in it."""
    folders = sorted({p.parent for p in out.rglob(DEFINITION)})
    packages = sorted(p for p in out.glob("*.zip") if p.is_file())
    if not folders and not packages:
        yield _finding("files", str(out), f"holds no {DEFINITION} and no package zip to check")
    for folder in folders:
        yield from check_folder(folder)
    definition, _ = _load_json(folders[0] / DEFINITION) if folders else (None, None)
    definition = definition if isinstance(definition, dict) else None
    if (out / INTRO).is_file():
        yield from check_intro((out / INTRO).read_text(encoding="utf-8"), definition, str(out / INTRO))
    if (out / SETTINGS).is_file():
        settings, problem = _load_json(out / SETTINGS)
        yield from [problem] if problem else check_schema(settings, "paconn-settings.schema.json", str(out / SETTINGS))
    if (out / ICON).is_file() and folders:
        properties, _ = _load_json(folders[0] / PROPERTIES)
        colour = str(((properties or {}).get("properties") or {}).get("iconBrandColor", ""))
        for violation in check_icon((out / ICON).read_bytes(), colour, str(out / ICON), PROPERTIES):
            yield _finding("icon", violation.path, violation.message)
    for package in packages:
        data = package.read_bytes()
        yield from check_package(data, str(package), definition)
        inside = package_definition(data)
        for folder in folders:
            if inside is not None and inside != (folder / DEFINITION).read_bytes():
                yield _finding(
                    "same-definition",
                    str(package),
                    f"its connector's definition differs from {folder / DEFINITION}: build both in one run",
                )


def certification_findings(path: Path) -> list[Finding]:
    """Every finding for a submission folder, a definition (its folder), a portal package or an intro.md."""
    checks: dict[str, Callable[[], Iterable[Finding]]] = {
        "dir": lambda: check_submission(path),
        "zip": lambda: check_package(path.read_bytes(), str(path)),
        "intro": lambda: check_intro(path.read_text(encoding="utf-8"), None, str(path)),
        "readme": lambda: check_readme(path.read_text(encoding="utf-8"), None, str(path)),
        "definition": lambda: check_folder(path.parent),
    }
    if path.is_dir():
        kind = "dir"
    elif path.suffix.lower() == ".zip":
        kind = "zip"
    elif path.name.lower() in (INTRO, README):
        kind = path.name.lower().removesuffix(".md")
    else:
        kind = "definition"
    return list(checks[kind]())


def report(findings: list[Finding], path: Path) -> int:
    """Print the findings (failures, then waivers with their reasons) and every rule applied; 1 on a failure."""
    failures = [f for f in findings if not f.waiver]
    waivers = [f for f in findings if f.waiver]
    for finding in failures:
        print(finding, file=sys.stderr)
    for finding in waivers:
        print(finding)
    print("Rules applied (rule: source):")
    for rule, source in RULES.items():
        print(f"  {rule}: {source}")
    print(f"{path}: {len(failures)} failure(s), {len(waivers)} expected waiver(s)")
    return 1 if failures else 0
