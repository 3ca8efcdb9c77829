"""Read a solution zip back and check it: the files, the XML, the references, the names, the icon, no secret.

`python -m connector lint x.zip` lands here. Every definition rule runs on the definition inside,
and each solution rule names the file, the element or reference, and the name that is wrong, so a
partner whose import fails (or whose actions never show up) sees why before importing.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from PIL import Image, UnidentifiedImageError

from connector import header_names
from connector.tools import secrets
from connector.tools.lint import DEFAULT_BRAND_COLOURS, Violation, check_connection_parameters, lint
from connector.tools.solution import layout

ICON_SIZES = range(100, 231)  # certification: a square of about 230 pixels
_COLOUR_TOLERANCE = 2  # the corner pixel's channels may differ this much from iconbrandcolor


class SolutionError(Exception):
    """The zip cannot be read as a solution at all; the message says why."""


@dataclass
class Solution:
    """A solution zip's entries, by path, and the parsed XML of each XML entry that parses."""

    entries: dict[str, bytes]
    xml: dict[str, ET.Element]
    xml_errors: dict[str, str]

    def text(self, path: str) -> str:
        return self.entries[path].decode("utf-8-sig", errors="replace")


def read_solution(source: Path | bytes) -> Solution:
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError) as error:
        raise SolutionError(f"not a readable zip: {error}") from None
    xml, errors = {}, {}
    for path, data in entries.items():
        if path.lower().endswith(".xml"):
            try:
                xml[path] = ET.fromstring(data)
            except ET.ParseError as error:
                errors[path] = str(error)
    return Solution(entries, xml, errors)


@dataclass(frozen=True)
class Connector:
    """One <Connector> of customizations.xml: its children's text, and where it is."""

    index: int
    values: dict[str, str]

    @property
    def where(self) -> str:
        return f"{layout.CUSTOMIZATIONS}:Connectors/Connector[{self.index}]"

    @property
    def name(self) -> str:
        return self.values.get("name", "")

    def file(self, element: str) -> str | None:
        """The zip path an element refers to (without the leading slash), None when the element is absent."""
        reference = self.values.get(element)
        return reference.removeprefix("/") if reference else None


def connectors(solution: Solution) -> list[Connector]:
    root = solution.xml.get(layout.CUSTOMIZATIONS)
    if root is None:
        return []
    return [
        Connector(index, {child.tag: (child.text or "").strip() for child in element})
        for index, element in enumerate(root.findall("Connectors/Connector"), start=1)
    ]


def solution_definition(source: Path | bytes) -> dict[str, Any]:
    """The definition of the solution's connector, for the checker (`check --definition x.zip`)."""
    solution = read_solution(source)
    found = connectors(solution)
    if not found:
        raise SolutionError(f"{layout.CUSTOMIZATIONS} names no connector")
    path = found[0].file("openapidefinition")
    if path not in solution.entries:
        raise SolutionError(f"{found[0].where}/openapidefinition: {path!r} is not in the zip")
    try:
        document = json.loads(solution.entries[path])
    except ValueError as error:
        raise SolutionError(f"{path} is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise SolutionError(f"{path} is not a JSON object")
    return document


# --- the rules ------------------------------------------------------------------------------


def check_files(solution: Solution) -> Iterator[Violation]:
    for path in (layout.CONTENT_TYPES, layout.SOLUTION, layout.CUSTOMIZATIONS):
        if path not in solution.entries:
            yield Violation("solution-files", path, "is missing from the zip")
    for path, error in solution.xml_errors.items():
        yield Violation("solution-xml", path, f"is not well-formed XML: {error}")


def check_content_types(solution: Solution) -> Iterator[Violation]:
    root = solution.xml.get(layout.CONTENT_TYPES)
    if root is None:
        return
    declared = {element.get("Extension", "").lower() for element in root.iter() if element.tag.endswith("Default")}
    used = {path.rsplit(".", 1)[-1] for path in solution.entries if "." in path and path != layout.CONTENT_TYPES}
    for extension in sorted(used):
        if extension.lower() not in declared:
            yield Violation(
                "solution-content-types", layout.CONTENT_TYPES, f"declares no content type for .{extension}"
            )


def _manifest(solution: Solution) -> ET.Element | None:
    root = solution.xml.get(layout.SOLUTION)
    return None if root is None else root.find("SolutionManifest")


def check_manifest(solution: Solution) -> Iterator[Violation]:
    if layout.SOLUTION not in solution.xml:
        return
    manifest = _manifest(solution)
    where = f"{layout.SOLUTION}:SolutionManifest"
    if manifest is None:
        yield Violation("solution-manifest", layout.SOLUTION, "has no <SolutionManifest>")
        return
    checks = [
        ("UniqueName", layout.UNIQUE_NAME, "letters, digits and underscores"),
        ("Version", layout.VERSION, "major.minor.build.revision numbers"),
        ("Publisher/UniqueName", layout.UNIQUE_NAME, "letters, digits and underscores"),
        ("Publisher/CustomizationPrefix", layout.PREFIX, "2 to 8 lower-case letters or digits, not mscrm"),
    ]
    for path, pattern, rule in checks:
        value = (manifest.findtext(path) or "").strip()
        if not pattern.fullmatch(value):
            yield Violation("solution-manifest", f"{where}/{path}", f"{value!r} is not valid: {rule}")
    option_prefix = (manifest.findtext("Publisher/CustomizationOptionValuePrefix") or "").strip()
    if not option_prefix.isdigit() or int(option_prefix) not in layout.OPTION_VALUE_PREFIXES:
        yield Violation(
            "solution-manifest",
            f"{where}/Publisher/CustomizationOptionValuePrefix",
            f"{option_prefix!r} is not a number from 10000 to 99999",
        )
    if (manifest.findtext("Managed") or "").strip() not in ("0", "1"):
        yield Violation("solution-manifest", f"{where}/Managed", "must be 0 (unmanaged) or 1")


def check_connectors(solution: Solution) -> Iterator[Violation]:
    """Each connector's elements, its file references and its names, against solution.xml and the files."""
    if layout.CUSTOMIZATIONS not in solution.xml:
        return
    found = connectors(solution)
    if not found:
        yield Violation("solution-references", f"{layout.CUSTOMIZATIONS}:Connectors", "names no <Connector>")
    manifest = _manifest(solution)
    prefix = (manifest.findtext("Publisher/CustomizationPrefix") or "").strip() if manifest is not None else ""
    for connector in found:
        for element in ("connectorid", "displayname", "name", "iconbrandcolor", *layout.CONNECTOR_FILES):
            if not connector.values.get(element):
                yield Violation("solution-references", f"{connector.where}/{element}", "is missing or empty")
        name = connector.name
        if name and prefix and not name.startswith(prefix + "_"):
            yield Violation(
                "solution-names",
                f"{connector.where}/name",
                f"{name!r} must begin with the publisher's prefix {prefix + '_'!r}",
            )
        for element, expected in layout.connector_files(name).items():
            reference = connector.values.get(element)
            if not reference:
                continue
            if not reference.startswith("/"):
                yield Violation(
                    "solution-references",
                    f"{connector.where}/{element}",
                    f"{reference!r} must be an absolute path in the zip, e.g. {layout.reference(expected)!r}",
                )
            elif connector.file(element) not in solution.entries:
                yield Violation(
                    "solution-references", f"{connector.where}/{element}", f"{reference!r} is not in the zip"
                )
            elif connector.file(element) != expected:
                yield Violation(
                    "solution-names",
                    f"{connector.where}/{element}",
                    f"{reference!r} does not carry the connector's name: expected {layout.reference(expected)!r}",
                )
        colour = connector.values.get("iconbrandcolor", "").lower()
        if colour in DEFAULT_BRAND_COLOURS:
            yield Violation("solution-names", f"{connector.where}/iconbrandcolor", "must not be #007ee5 or #ffffff")


def check_root_components(solution: Solution) -> Iterator[Violation]:
    manifest = _manifest(solution)
    if manifest is None or layout.CUSTOMIZATIONS not in solution.xml:
        return
    where = f"{layout.SOLUTION}:SolutionManifest/RootComponents"
    roots = manifest.findall("RootComponents/RootComponent")
    by_name = {root.get("schemaName"): root for root in roots}
    for connector in connectors(solution):
        root = by_name.get(connector.name)
        if root is None:
            yield Violation(
                "solution-root-component",
                where,
                f"no RootComponent names the connector {connector.name!r} (schemaName)",
            )
            continue
        if root.get("type") != layout.COMPONENT_TYPE:
            yield Violation(
                "solution-root-component",
                f"{where}/RootComponent[@schemaName='{connector.name}']",
                f"type is {root.get('type')!r}; a custom connector is {layout.COMPONENT_TYPE}",
            )
        expected = "{" + connector.values.get("connectorid", "").lower() + "}"
        if (root.get("id") or "").lower() != expected:
            yield Violation(
                "solution-root-component",
                f"{where}/RootComponent[@schemaName='{connector.name}']",
                f"id {root.get('id')!r} is not the connector's connectorid {expected}",
            )
    names = {connector.name for connector in connectors(solution)}
    for root in roots:
        if root.get("type") == layout.COMPONENT_TYPE and root.get("schemaName") not in names:
            yield Violation(
                "solution-root-component",
                where,
                f"RootComponent {root.get('schemaName')!r} names no connector in {layout.CUSTOMIZATIONS}",
            )


def _json(solution: Solution, path: str | None) -> tuple[Any, Violation | None]:
    if path is None or path not in solution.entries:
        return None, None  # reported by check_connectors
    try:
        return json.loads(solution.entries[path].decode("utf-8-sig")), None
    except ValueError as error:
        return None, Violation("solution-json", path, f"is not valid JSON: {error}")


def check_connector_files(solution: Solution) -> Iterator[Violation]:
    """The definition (every definition rule), the connection parameters, the policies and the icon."""
    for connector in connectors(solution):
        path = connector.file("openapidefinition")
        definition, problem = _json(solution, path)
        if problem:
            yield problem
        if isinstance(definition, dict):
            size = len(solution.entries[path])
            for violation in lint(definition, size_bytes=size):
                yield dataclasses.replace(violation, path=f"{path}:{violation.path}")
            title = (definition.get("info") or {}).get("title")
            if title != connector.values.get("displayname"):
                yield Violation(
                    "solution-names",
                    f"{connector.where}/displayname",
                    f"{connector.values.get('displayname')!r} differs from {path}'s info.title {title!r}",
                )
            description = (definition.get("info") or {}).get("description")
            if description != connector.values.get("description"):
                yield Violation(
                    "solution-names", f"{connector.where}/description", f"differs from {path}'s info.description"
                )
        elif path in solution.entries and not problem:
            yield Violation("solution-json", path, "must be a JSON object")
        yield from _connection_parameters(solution, connector, definition if isinstance(definition, dict) else {}, path)
        yield from _policies(solution, connector)
        yield from _icon(solution, connector)


def _connection_parameters(
    solution: Solution, connector: Connector, definition: dict, definition_path: str | None
) -> Iterator[Violation]:
    path = connector.file("connectionparameters")
    parameters, problem = _json(solution, path)
    if problem:
        yield problem
    elif isinstance(parameters, dict):
        yield from check_connection_parameters(definition, parameters, path, definition_file=definition_path or "")
    elif path in solution.entries:
        yield Violation("solution-json", path, "must be a JSON object of connection parameters")


def _policies(solution: Solution, connector: Connector) -> Iterator[Violation]:
    path = connector.file("policytemplateinstances")
    policies, problem = _json(solution, path)
    if problem:
        yield problem
        return
    if policies is None:
        return
    if not isinstance(policies, list):
        yield Violation("solution-policies", path, "must be null or a list of policy template instances")
        return
    for index, policy in enumerate(policies):
        if not isinstance(policy, dict) or not {"TemplateId", "Title", "Parameters"} <= set(policy):
            yield Violation(
                "solution-policies",
                f"{path}:$[{index}]",
                "needs TemplateId, Title and Parameters (the export's PascalCase keys)",
            )
            continue
        parameters = policy.get("Parameters") or {}
        header = str(parameters.get("x-ms-apimTemplateParameter.name", "")).lower()
        value = str(parameters.get("x-ms-apimTemplateParameter.value", ""))
        if header == header_names.FUNCTIONS_KEY and not value.startswith("@"):
            yield Violation(
                "secret",
                f"{path}:$[{index}].Parameters",
                "a function key is baked into the solution: enter it after import instead",
            )


def _icon(solution: Solution, connector: Connector) -> Iterator[Violation]:
    path = connector.file("iconblob")
    if path is None or path not in solution.entries:
        return
    yield from check_icon(
        solution.entries[path], connector.values.get("iconbrandcolor", ""), path, f"{connector.where}/iconbrandcolor"
    )


def check_icon(data: bytes, colour: str, path: str, colour_where: str) -> Iterator[Violation]:
    """A connector icon: a valid PNG, a square of about 230 pixels, its background the brand colour."""
    try:
        Image.open(io.BytesIO(data)).verify()  # signature, chunks and their checksums
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        yield Violation("solution-icon", path, f"is not a valid PNG: {error}")
        return
    if image.format != "PNG":
        yield Violation("solution-icon", path, f"is a {image.format} image, not a PNG")
    width, height = image.size
    if width != height or width not in ICON_SIZES:
        yield Violation("solution-icon", path, f"is {width}×{height}: certification asks for a square of about 230")
    corner = image.convert("RGBA").getpixel((0, 0))
    try:
        expected = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    except ValueError:
        yield Violation("solution-names", colour_where, f"{colour!r} is not #rrggbb")
        return
    if corner[3] != 255 or any(abs(a - b) > _COLOUR_TOLERANCE for a, b in zip(corner[:3], expected, strict=True)):
        found = "#{:02x}{:02x}{:02x}".format(*corner[:3]) + ("" if corner[3] == 255 else " (transparent)")
        yield Violation("solution-icon", path, f"its background {found} is not the iconbrandcolor {colour}")


def check_secrets(solution: Solution) -> Iterator[Violation]:
    """No secret-shaped value in any file: a solution is committed, mailed and imported elsewhere."""
    for path, data in solution.entries.items():
        if path.lower().endswith(".json"):
            try:
                findings = secrets.in_json(json.loads(data.decode("utf-8-sig")))
            except ValueError:
                findings = secrets.in_text(data.decode("utf-8", errors="replace"))
        elif path.lower().endswith(".xml"):
            findings = secrets.in_text(solution.text(path))
        else:
            continue
        for finding in findings:
            yield Violation("secret", f"{path}:{finding.where}", f"{finding.what} ({finding.excerpt})")


SOLUTION_RULES = (
    check_files,
    check_content_types,
    check_manifest,
    check_connectors,
    check_root_components,
    check_connector_files,
    check_secrets,
)


def lint_solution(source: Path | bytes) -> list[Violation]:
    """Every violation in a solution zip and in the connector definition it carries."""
    try:
        solution = read_solution(source)
    except SolutionError as error:
        return [Violation("solution-files", "$", str(error))]
    return [violation for rule in SOLUTION_RULES for violation in rule(solution)]
