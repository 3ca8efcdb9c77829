"""Read an agent package back and check what Microsoft's schemas cannot: references, icons, names, size.

`python -m connector lint package.zip` lands here for a zip with a `manifest.json` at its root. Each
rule names the file and the JSON path that is wrong: a file a manifest refers to and the zip lacks, a
`[[key]]` a language file does not resolve, a plugin function with no OpenAPI operation, an icon of
the wrong size or not white on transparent, a tool set over the Sales agent's 150 KB, and the
OpenAPI features API plugins do not support (plugin_rules.py). The schemas themselves are checked by
the tests (tests/data/m365/), which need the schema files this tool does not ship.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, UnidentifiedImageError

from connector.tools.agent import icons
from connector.tools.agent.manifests import APP_MANIFEST
from connector.tools.agent.plugin_rules import check_openapi
from connector.tools.contract_rules import Violation, json_path

SALES_LIMIT_BYTES = 150 * 1000  # "cannot exceed 150 KB" (read as 1000-byte kilobytes, the stricter reading)
MAX_CARD_VERSION = (1, 5)
UNSUPPORTED_CARD_ACTIONS = frozenset({"Action.OpenUrl", "Action.ToggleVisibility"})  # plugin_rules.KNOWN_ISSUES
TOKEN = re.compile(r"\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]")


def is_agent_package(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return APP_MANIFEST in archive.namelist()


class Package:
    """A package's entries, and each JSON entry parsed (or why it does not parse)."""

    def __init__(self, entries: dict[str, bytes]) -> None:
        self.entries = entries
        self.json: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        for name, data in entries.items():
            if name.endswith(".json"):
                try:
                    self.json[name] = json.loads(data.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    self.errors[name] = str(error)

    @property
    def manifest(self) -> dict[str, Any]:
        return self.json.get(APP_MANIFEST) or {}

    def agents(self) -> list[str]:
        return [a.get("file", "") for a in (self.manifest.get("copilotAgents") or {}).get("declarativeAgents") or []]

    def plugins(self) -> list[str]:
        return [a.get("file", "") for agent in self.agents() for a in (self.json.get(agent) or {}).get("actions") or []]

    def specs(self, plugin: str) -> list[str]:
        runtimes = (self.json.get(plugin) or {}).get("runtimes") or []
        return [r.get("spec", {}).get("url", "") for r in runtimes if r.get("type") == "OpenApi"]

    def language_files(self) -> dict[str, str]:
        info = self.manifest.get("localizationInfo") or {}
        files = {info.get("defaultLanguageTag", ""): info.get("defaultLanguageFile", "")}
        files.update(
            {extra.get("languageTag", ""): extra.get("file", "") for extra in info.get("additionalLanguages") or []}
        )
        return {tag: file for tag, file in files.items() if file}


def read_package(source: Path | bytes) -> Package:
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        return Package({info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()})


def check_files(package: Package) -> Iterator[Violation]:
    for name, error in package.errors.items():
        yield Violation("json", name, f"not JSON: {error}")
    for role, name in (package.manifest.get("icons") or {}).items():
        if name not in package.entries:
            yield Violation(
                "reference", f"{APP_MANIFEST}:{json_path('icons', role)}", f"names {name!r}, which the zip lacks"
            )
    for index, agent in enumerate(package.agents()):
        if agent not in package.json:
            where = f"{APP_MANIFEST}:{json_path('copilotAgents', 'declarativeAgents', index, 'file')}"
            yield Violation("reference", where, f"names {agent!r}, which the zip lacks")
    for agent in package.agents():
        for index, plugin in enumerate(package.plugins()):
            if plugin not in package.json:
                yield Violation(
                    "reference",
                    f"{agent}:{json_path('actions', index, 'file')}",
                    f"names {plugin!r}, which the zip lacks",
                )
    for plugin in package.plugins():
        for spec in package.specs(plugin):
            if spec not in package.json:
                yield Violation("reference", f"{plugin}:$.runtimes", f"names {spec!r}, which the zip lacks")
    for tag, file in package.language_files().items():
        if file not in package.json:
            yield Violation(
                "reference", f"{APP_MANIFEST}:$.localizationInfo", f"{tag}: names {file!r}, which the zip lacks"
            )


def _tokens(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _tokens(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _tokens(value, (*path, index))
    elif isinstance(node, str) and node.startswith("[["):
        match = TOKEN.fullmatch(node)
        yield json_path(*path), match.group(1) if match else ""


def check_localization(package: Package) -> Iterator[Violation]:
    """Every `[[key]]` of the agent and plugin manifests is in every language file's `localizationKeys`."""
    languages = package.language_files()
    for file in [*package.agents(), *package.plugins()]:
        for path, key in _tokens(package.json.get(file)):
            if not key:
                yield Violation(
                    "localization",
                    f"{file}:{path}",
                    "a token is [[key]], the whole value, key ^[a-zA-Z_][a-zA-Z0-9_]*$",
                )
                continue
            for tag, language_file in languages.items():
                keys = (package.json.get(language_file) or {}).get("localizationKeys") or {}
                if not keys.get(key):
                    yield Violation(
                        "localization", f"{file}:{path}", f"[[{key}]] has no text in {language_file} ({tag})"
                    )


def check_icons(package: Package) -> Iterator[Violation]:
    icons_ = package.manifest.get("icons") or {}
    for role, size in (("color", icons.COLOR_SIZE), ("outline", icons.OUTLINE_SIZE)):
        name = icons_.get(role)
        if name not in package.entries:
            continue
        try:
            image = Image.open(io.BytesIO(package.entries[name]))
            image.load()
        except (UnidentifiedImageError, OSError) as error:
            yield Violation("icon", name, f"not an image: {error}")
            continue
        if image.format != "PNG" or image.size != (size, size):
            yield Violation("icon", name, f"the {role} icon is a {size} x {size} PNG, not {image.format} {image.size}")
        if role == "outline":
            rgba = image.convert("RGBA")
            alpha = rgba.getchannel("A")
            seen = alpha.point(lambda opacity: 255 if opacity else 0)
            # How far from white each channel is, where the pixel shows at all: 0 everywhere for white.
            off_white = [ImageChops.multiply(ImageChops.invert(rgba.getchannel(c)), seen) for c in "RGB"]
            if alpha.getextrema()[0] != 0 or any(channel.getextrema()[1] for channel in off_white):
                yield Violation("icon", name, "the outline icon is white on a transparent background")


def check_functions(package: Package) -> Iterator[Violation]:
    """Each function is an operation of the plugin's OpenAPI document, claimed by one runtime."""
    for plugin in package.plugins():
        manifest = package.json.get(plugin) or {}
        operation_ids = {
            operation.get("operationId")
            for spec in package.specs(plugin)
            for item in ((package.json.get(spec) or {}).get("paths") or {}).values()
            for operation in item.values()
            if isinstance(operation, dict)
        }
        names = [function.get("name") for function in manifest.get("functions") or []]
        for index, name in enumerate(names):
            if name not in operation_ids:
                yield Violation(
                    "function", f"{plugin}:{json_path('functions', index, 'name')}", f"{name!r} is no operationId"
                )
        claimed: dict[str, int] = {}
        for runtime in manifest.get("runtimes") or []:
            for name in runtime.get("run_for_functions") or []:
                claimed[name] = claimed.get(name, 0) + 1
                if name != "*" and name not in names:
                    yield Violation("function", f"{plugin}:$.runtimes", f"runs {name!r}, which is no function")
        for name, count in claimed.items():
            if count > 1:
                yield Violation("function", f"{plugin}:$.runtimes", f"{name!r} is claimed by {count} runtimes")
        for index, function in enumerate(manifest.get("functions") or []):
            yield from _check_semantics(plugin, index, function)


def _card_actions(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            yield node["type"]
        for value in node.values():
            yield from _card_actions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _card_actions(value)


def _check_semantics(plugin: str, index: int, function: dict[str, Any]) -> Iterator[Violation]:
    where = f"{plugin}:{json_path('functions', index, 'capabilities', 'response_semantics')}"
    semantics = (function.get("capabilities") or {}).get("response_semantics")
    if not semantics:
        yield Violation("response-semantics", where, "every tool names its items and how a card shows one")
        return
    if not str(semantics.get("data_path", "")).startswith("$"):
        yield Violation("response-semantics", where, "data_path is a JSONPath such as $.value")
    if not (semantics.get("properties") or {}).get("title"):
        yield Violation("response-semantics", where, "properties.title names the item's title")
    card = semantics.get("static_template") or {}
    version = tuple(int(part) for part in re.findall(r"[0-9]+", str(card.get("version", ""))))
    if card.get("type") != "AdaptiveCard" or not version or version > MAX_CARD_VERSION:
        yield Violation(
            "response-semantics",
            where,
            f"static_template is an Adaptive Card of version 1.5 or lower, not {card.get('version')!r}",
        )
    for action in set(_card_actions(card)) & UNSUPPORTED_CARD_ACTIONS:
        yield Violation("response-semantics", where, f"{action} is not supported in response semantics")


def check_openapi_documents(package: Package) -> Iterator[Violation]:
    for plugin in package.plugins():
        for spec in package.specs(plugin):
            for violation in check_openapi(package.json.get(spec) or {}):
                yield Violation(violation.rule, f"{spec}:{violation.path}", violation.message)


def check_size(package: Package) -> Iterator[Violation]:
    total = sum(len(data) for data in package.entries.values())
    if total > SALES_LIMIT_BYTES:
        yield Violation("size", "$", f"the package holds {total} bytes; the Sales agent copies at most 150 KB of tools")


RULES = (check_files, check_localization, check_icons, check_functions, check_openapi_documents, check_size)


def lint_agent(source: Path | bytes) -> list[Violation]:
    try:
        package = read_package(source)
    except (zipfile.BadZipFile, OSError) as error:
        return [Violation("package", "$", f"not a readable zip: {error}")]
    if APP_MANIFEST not in package.json:
        return [Violation("package", "$", f"no {APP_MANIFEST} at the zip's root")]
    return [violation for rule in RULES for violation in rule(package)]
