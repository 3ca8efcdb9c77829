"""What an API plugin's OpenAPI document may use, as Microsoft states it, checked rule by rule.

Sources (read 2026-12-07; re-read them when Microsoft changes them):
- "Known issues", section "API plugins / Some OpenAPI features aren't supported":
  MicrosoftDocs/m365copilot-docs, docs/known-issues.md (ms.date 03/16/2026, commit 02bd9097);
- "Create effective OpenAPI descriptions for extending Microsoft 365 Copilot":
  docs/openapi-document-guidance.md in the same repository;
- the Agents Toolkit's parser, which asks for "version 3.0.x" (OfficeDev/teams-toolkit,
  packages/spec-parser/src/validators/validator.ts).
Each rule yields a `Violation` naming the JSON path and what is not supported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from connector.tools.contract_rules import Violation, json_path

KNOWN_ISSUES = "docs/known-issues.md"
GUIDANCE = "docs/openapi-document-guidance.md"
OAUTH_FLOWS = frozenset({"authorizationCode"})  # "vanilla Authcode and PKCE Authcode" only
SCALARS = frozenset({"string", "integer", "number", "boolean"})
_POLYMORPHIC = ("oneOf", "allOf", "anyOf")

Document = dict[str, Any]


def _operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for route, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and method in ("get", "put", "post", "delete", "patch"):
                yield route, method, operation


def _resolve(document: Document, schema: Any, seen: frozenset[str] = frozenset()) -> tuple[Any, frozenset[str]]:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        reference = schema["$ref"]
        if reference in seen:
            return None, seen
        seen = seen | {reference}
        target: Any = document
        for part in reference.removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema = target
    return schema, seen


def check_version(document: Document) -> Iterator[Violation]:
    version = document.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.0.")):
        yield Violation("openapi-version", "$.openapi", f"the plugin parser reads OpenAPI 3.0.x, not {version!r}")


def check_info(document: Document) -> Iterator[Violation]:
    if not (document.get("info") or {}).get("description"):
        yield Violation("info-description", "$.info.description", f"describe the API for the model ({GUIDANCE})")


def check_servers(document: Document) -> Iterator[Violation]:
    servers = document.get("servers") or []
    if len(servers) != 1 or not str(servers[0].get("url", "")).startswith("https://"):
        yield Violation(
            "servers",
            "$.servers",
            "one https server: the OAuth registration's base URL must match it (docs/agent.md)",
        )


def check_references(document: Document) -> Iterator[Violation]:
    """Only local references, none circular, and no polymorphism (`oneOf`, `allOf`, `anyOf`)."""

    def walk(node: Any, path: tuple[str | int, ...], seen: frozenset[str]) -> Iterator[Violation]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, (*path, index), seen)
            return
        if not isinstance(node, dict):
            return
        for key in _POLYMORPHIC:
            if key in node:
                yield Violation("polymorphism", json_path(*path, key), f"{key} is not supported ({KNOWN_ISSUES})")
        reference = node.get("$ref")
        if isinstance(reference, str):
            if not reference.startswith("#/"):
                yield Violation("remote-reference", json_path(*path, "$ref"), f"not a local reference: {reference}")
                return
            if reference in seen:
                yield Violation("circular-reference", json_path(*path, "$ref"), f"{reference} refers to itself")
                return
            target, _ = _resolve(document, {"$ref": reference})
            yield from walk(target, path, seen | {reference})
            return
        for key, value in node.items():
            yield from walk(value, (*path, key), seen)

    yield from walk(document.get("paths") or {}, ("paths",), frozenset())


def _nested(document: Document, schema: Any) -> str | None:
    """Why a parameter's or a body member's schema is not flat, or None."""
    schema, _ = _resolve(document, schema)
    if not isinstance(schema, dict):
        return "cannot be resolved"
    kind = schema.get("type")
    if kind == "array":
        items, _ = _resolve(document, schema.get("items"))
        if not isinstance(items, dict) or items.get("type") not in SCALARS:
            return "is an array of objects"
        return None
    if kind not in SCALARS:
        return f"is of type {kind!r}, not a string, number, integer, boolean or an array of them"
    return None


def check_flat_inputs(document: Document) -> Iterator[Violation]:
    """No nested objects in request bodies or parameters."""
    for route, method, operation in _operations(document):
        for index, parameter in enumerate(operation.get("parameters") or []):
            if reason := _nested(document, parameter.get("schema")):
                path = json_path("paths", route, method, "parameters", index)
                yield Violation("nested-input", path, f"parameter {parameter.get('name')} {reason} ({KNOWN_ISSUES})")
        for media, content in ((operation.get("requestBody") or {}).get("content") or {}).items():
            body, _ = _resolve(document, content.get("schema"))
            if not isinstance(body, dict) or body.get("type") != "object":
                yield Violation("nested-input", json_path("paths", route, method, "requestBody"), "not an object")
                continue
            for name, member in (body.get("properties") or {}).items():
                if reason := _nested(document, member):
                    path = json_path("paths", route, method, "requestBody", "content", media, "schema")
                    yield Violation("nested-input", path, f"body member {name} {reason} ({KNOWN_ISSUES})")


def check_security(document: Document) -> Iterator[Violation]:
    """OAuth authorization code only: no API keys in headers, query or cookies; one scheme per operation."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for name, scheme in schemes.items():
        path = json_path("components", "securitySchemes", name)
        if scheme.get("type") == "apiKey":
            yield Violation("api-key", path, f"API keys in {scheme.get('in')} are not supported ({KNOWN_ISSUES})")
        if scheme.get("type") == "oauth2":
            for flow in set(scheme.get("flows") or {}) - OAUTH_FLOWS:
                yield Violation("oauth-flow", path, f"OAuth flow {flow} is not supported, only authorizationCode")
    requirements = [document.get("security") or []]
    requirements += [operation["security"] for _, _, operation in _operations(document) if "security" in operation]
    for requirement in requirements:
        if len(requirement) > 1 or any(len(alternative) > 1 for alternative in requirement):
            yield Violation("dual-auth", "$.security", f"one authentication per endpoint ({KNOWN_ISSUES})")


def check_operations(document: Document) -> Iterator[Violation]:
    """Every operation has an operationId and a description, every parameter a description, and a JSON 200."""
    for route, method, operation in _operations(document):
        path = json_path("paths", route, method)
        if not operation.get("operationId"):
            yield Violation("operation-id", path, f"every operation needs an operationId ({GUIDANCE})")
        if not operation.get("description"):
            yield Violation("operation-description", path, f"describe every operation ({GUIDANCE})")
        for index, parameter in enumerate(operation.get("parameters") or []):
            if not parameter.get("description"):
                where = json_path("paths", route, method, "parameters", index)
                yield Violation("parameter-description", where, f"describe parameter {parameter.get('name')}")
        ok = (operation.get("responses") or {}).get("200") or {}
        if "application/json" not in (ok.get("content") or {}):
            yield Violation("json-answer", path, "a 200 response with an application/json body")


RULES: tuple[Callable[[Document], Iterator[Violation]], ...] = (
    check_version,
    check_info,
    check_servers,
    check_references,
    check_flat_inputs,
    check_security,
    check_operations,
)


def check_openapi(document: Document) -> list[Violation]:
    return [violation for rule in RULES for violation in rule(document)]
