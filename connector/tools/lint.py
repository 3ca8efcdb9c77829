"""Offline linter for the custom connector definition: certification and Copilot for Sales rules.

Microsoft's own validator is an online service (`paconn validate` needs a Power Platform login), and
Copilot for Sales silently ignores an action whose definition breaks its rules, so these checks run
here and in CI. Each violation names its rule and the JSON path of the offending value. The contract's
own rules (descriptions, required inputs, methods) are `connector.tools.contract_rules`, shared with the
conformance checker; they compare against the code's registry, so the linter needs nothing beside the repo.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openapi_spec_validator import OpenAPIV2SpecValidator

from connector.tools.contract_rules import Violation, check_contract, json_path, operations, resolve, same_text

__all__ = ["Violation", "lint", "lint_file"]

MAX_FILE_BYTES = 1_048_576
MAX_OPERATIONS = 256
FORBIDDEN_SCHEMA_KEYS = ("anyOf", "oneOf", "nullable", "const")
RESERVED_PARAMETERS = ("connectorid", "connectionid")
TITLE_WORDS = re.compile(
    r"\b(api|connector|power\s*(platform|apps|automate)|copilot\s*studio)\b", re.IGNORECASE | re.ASCII
)
CATEGORIES = frozenset(
    {
        "AI",
        "Business Management",
        "Business Intelligence",
        "Collaboration",
        "Commerce",
        "Communication",
        "Content and Files",
        "Finance",
        "Data",
        "Human Resources",
        "Internet of Things",
        "IT Operations",
        "Lifestyle and Entertainment",
        "Marketing",
        "Productivity",
        "Sales and CRM",
        "Security",
        "Social Media",
        "Website",
    }
)
DEFAULT_BRAND_COLOURS = frozenset({"#007ee5", "#ffffff"})

_SUMMARY_CHARACTERS = re.compile(r"[A-Za-z0-9 ()]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ABSOLUTE_URL = re.compile(r"https?://[^\s/]+\S*")
_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]+)?")


# --- the rules ------------------------------------------------------------------------------


def check_structure(definition: dict[str, Any]) -> Iterator[Violation]:
    """Swagger 2.0 structure, by the JSON Schema of the specification."""
    for error in OpenAPIV2SpecValidator(definition).iter_errors():
        # The validator appends the whole offending instance after the first line; the path says where.
        yield Violation("structure", json_path(*error.absolute_path), error.message.splitlines()[0][:300])


def check_info(definition: dict[str, Any]) -> Iterator[Violation]:
    info = definition.get("info") or {}
    title = info.get("title")
    if not isinstance(title, str) or not title.strip():
        yield Violation("info-title", json_path("info", "title"), "a title is required")
    else:
        if len(title) > 30:
            yield Violation("info-title", json_path("info", "title"), f"at most 30 characters, not {len(title)}")
        if match := TITLE_WORDS.search(title):
            yield Violation("info-title", json_path("info", "title"), f"must not contain {match.group(0)!r}")
        if not title[-1].isalnum():
            yield Violation("info-title", json_path("info", "title"), "must end with a letter or digit")
    description = info.get("description")
    if not isinstance(description, str) or not 30 <= len(description) <= 500:
        length = len(description) if isinstance(description, str) else 0
        yield Violation(
            "info-description", json_path("info", "description"), f"30 to 500 characters required, not {length}"
        )
    contact = info.get("contact") or {}
    if not _EMAIL.fullmatch(str(contact.get("email", ""))):
        yield Violation("info-contact", json_path("info", "contact", "email"), "a valid email address is required")
    for key in ("name", "url"):
        if not contact.get(key):
            yield Violation("info-contact", json_path("info", "contact", key), "is required")


def check_connector_metadata(definition: dict[str, Any]) -> Iterator[Violation]:
    metadata = definition.get("x-ms-connector-metadata")
    where = json_path("x-ms-connector-metadata")
    if not isinstance(metadata, list):
        yield Violation("connector-metadata", where, "a list of Website, Privacy policy and Categories is required")
        return
    values = {m.get("propertyName"): m.get("propertyValue") for m in metadata if isinstance(m, dict)}
    for name in ("Website", "Privacy policy"):
        if not _ABSOLUTE_URL.fullmatch(str(values.get(name, ""))):
            yield Violation("connector-metadata", where, f"{name!r} must be an absolute URL")
    categories = [c.strip() for c in str(values.get("Categories", "")).split(";") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORIES]
    if not categories or len(categories) > 2 or unknown:
        yield Violation(
            "connector-metadata", where, f"'Categories' must be one or two known categories; unknown: {unknown}"
        )


def check_endpoint(definition: dict[str, Any]) -> Iterator[Violation]:
    if not _HOST.fullmatch(str(definition.get("host", ""))):
        yield Violation("endpoint", json_path("host"), "must be a host name only: no scheme, no path")
    if not str(definition.get("basePath", "")).startswith("/"):
        yield Violation("endpoint", json_path("basePath"), "must start with '/'")
    schemes = definition.get("schemes")
    if not schemes or any(s not in ("https", "http") for s in schemes):
        yield Violation("endpoint", json_path("schemes"), "must list https (or http) only")


def check_size(definition: dict[str, Any], size_bytes: int) -> Iterator[Violation]:
    if size_bytes >= MAX_FILE_BYTES:
        yield Violation("size", "$", f"the file must be under 1 MB, not {size_bytes} bytes")
    count = sum(1 for _ in operations(definition))
    if count > MAX_OPERATIONS:
        yield Violation("size", json_path("paths"), f"at most {MAX_OPERATIONS} operations, not {count}")


def check_operations(definition: dict[str, Any]) -> Iterator[Violation]:
    """operationId, summary, description and visibility of every operation."""
    seen: dict[str, str] = {}
    for route, method, operation in operations(definition):
        where = ("paths", route, method)
        operation_id = operation.get("operationId")
        if not operation_id:
            yield Violation("operation-id", json_path(*where, "operationId"), "is required")
        elif operation_id in seen:
            yield Violation("operation-id", json_path(*where, "operationId"), f"duplicates {seen[operation_id]}")
        else:
            seen[operation_id] = json_path(*where)
        for key in ("summary", "description", "x-ms-visibility"):
            if not operation.get(key):
                yield Violation("operation-fields", json_path(*where, key), "is required on every operation")
        summary, description = operation.get("summary"), operation.get("description")
        if summary:
            yield from _summary_violations(str(summary), json_path(*where, "summary"))
            if same_text(summary, description):
                yield Violation("summary", json_path(*where, "summary"), "must differ from the description")
        if description and not str(description).rstrip().endswith((".", "!", "?")):
            yield Violation(
                "operation-description", json_path(*where, "description"), "must be sentences ending with a period"
            )


def _summary_violations(summary: str, where: str) -> Iterator[Violation]:
    if len(summary) > 80:
        yield Violation("summary", where, f"at most 80 characters, not {len(summary)}")
    if "/" in summary:
        yield Violation("summary", where, "must not contain '/'")
    if not _SUMMARY_CHARACTERS.fullmatch(summary):
        yield Violation("summary", where, "letters, digits, spaces and parentheses only (no trailing punctuation)")


def check_parameters(definition: dict[str, Any]) -> Iterator[Violation]:
    for route, method, operation in operations(definition):
        parameters = operation.get("parameters") or []
        bodies = [p for p in parameters if isinstance(p, dict) and p.get("in") == "body"]
        if len(bodies) > 1 or (bodies and method == "get"):
            yield Violation(
                "parameters",
                json_path("paths", route, method, "parameters"),
                "at most one body parameter, and none on GET",
            )
        for index, parameter in enumerate(parameters):
            if not isinstance(parameter, dict):
                continue
            where = ("paths", route, method, "parameters", index)
            if str(parameter.get("name", "")).lower() in RESERVED_PARAMETERS:
                yield Violation(
                    "reserved-parameter",
                    json_path(*where, "name"),
                    f"declares {parameter['name']} ({parameter.get('in', '?')}): the name is reserved by the platform",
                )
            for key in ("description", "x-ms-summary"):
                if not parameter.get(key):
                    yield Violation("parameters", json_path(*where, key), "is required on every parameter")
            if parameter.get("in") == "path" and (
                parameter.get("required") is not True or f"{{{parameter.get('name')}}}" not in route
            ):
                yield Violation("parameters", json_path(*where), "a path parameter is required and in the route")


def check_responses(definition: dict[str, Any]) -> Iterator[Violation]:
    for route, method, operation in operations(definition):
        responses = operation.get("responses") or {}
        success = responses.get("200") or responses.get("201")
        if not isinstance(success, dict) or not resolve(definition, success.get("schema")):
            yield Violation(
                "success-schema",
                json_path("paths", route, method, "responses", "200"),
                "a 200 response with a non-empty schema is required",
            )
        default = responses.get("default")
        if isinstance(default, dict) and "schema" in default:
            yield Violation(
                "default-schema",
                json_path("paths", route, method, "responses", "default", "schema"),
                "the default response must not have a schema",
            )


def _schemas(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Every schema object in the definition, with its path (keys of `properties` are names, not keywords)."""
    if not isinstance(node, dict):
        return
    yield node, path
    for key in ("items", "additionalProperties", "schema"):
        if isinstance(node.get(key), dict):
            yield from _schemas(node[key], (*path, key))
    for key in ("properties", "definitions"):
        for name, child in (node.get(key) or {}).items() if isinstance(node.get(key), dict) else ():
            yield from _schemas(child, (*path, key, name))
    for key in ("anyOf", "oneOf", "allOf"):
        for index, child in enumerate(node.get(key) or []):
            yield from _schemas(child, (*path, key, index))


def _all_schemas(definition: dict[str, Any]) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    for name, schema in (definition.get("definitions") or {}).items():
        yield from _schemas(schema, ("definitions", name))
    for route, method, operation in operations(definition):
        for index, parameter in enumerate(operation.get("parameters") or []):
            yield from _schemas(parameter, ("paths", route, method, "parameters", index))
        for status, response in (operation.get("responses") or {}).items():
            if isinstance(response, dict) and "schema" in response:
                yield from _schemas(response["schema"], ("paths", route, method, "responses", status, "schema"))


def check_swagger2_constructs(definition: dict[str, Any]) -> Iterator[Violation]:
    """JSON Schema keywords Swagger 2.0 lacks; Power Platform rejects or ignores them."""
    for schema, path in _all_schemas(definition):
        for key in FORBIDDEN_SCHEMA_KEYS:
            if key in schema:
                yield Violation("swagger2-constructs", json_path(*path, key), f"Swagger 2.0 has no {key!r}")
        if "$ref" in schema and len(schema) > 1:
            yield Violation("swagger2-constructs", json_path(*path), "a $ref must have no sibling keys")
        if "required" in schema and not (
            isinstance(schema["required"], bool) or (schema["required"] and schema.get("type", "object") == "object")
        ):
            yield Violation("swagger2-constructs", json_path(*path, "required"), "only on objects, never empty")


def check_security(definition: dict[str, Any]) -> Iterator[Violation]:
    schemes = definition.get("securityDefinitions") or {}
    if not any(isinstance(s, dict) and s.get("type") == "oauth2" for s in schemes.values()):
        yield Violation("security", json_path("securityDefinitions"), "an oauth2 scheme (Entra ID) is required")
    for index, requirement in enumerate(definition.get("security") or []):
        for name in requirement:
            if name not in schemes:
                yield Violation("security", json_path("security", index, name), "names no security definition")


def check_api_properties(definition: dict[str, Any], properties: dict[str, Any]) -> Iterator[Violation]:
    """apiProperties.json: Entra ID with on-behalf-of login, as Copilot for Sales requires."""
    body = properties.get("properties") or {}
    yield from check_connection_parameters(
        definition, body.get("connectionParameters") or {}, "apiProperties.json", ("properties", "connectionParameters")
    )
    expectations = [
        (
            str(body.get("iconBrandColor", "")).lower() not in DEFAULT_BRAND_COLOURS | {""},
            ("properties", "iconBrandColor"),
            "must be set, and not #007ee5 or #ffffff",
        ),
        (bool(body.get("publisher")), ("properties", "publisher"), "is required"),
        (bool(body.get("stackOwner")), ("properties", "stackOwner"), "is required"),
    ]
    for holds, path, message in expectations:
        if not holds:
            yield Violation("api-properties", "apiProperties.json:" + json_path(*path), message)


def check_connection_parameters(
    definition: dict[str, Any],
    parameters: dict[str, Any],
    file: str,
    at: tuple[str, ...] = (),
    definition_file: str = "",
) -> Iterator[Violation]:
    """The connection's sign-in (apiProperties' connectionParameters, or a solution's connectionparameters file)."""
    settings = (parameters.get("token") or {}).get("oAuthSettings") or {}
    where = (*at, "token", "oAuthSettings")
    custom = settings.get("customParameters") or {}
    expectations = [
        (settings.get("identityProvider") == "aad", (*where, "identityProvider"), "must be 'aad' (Entra ID)"),
        (settings.get("redirectMode") == "GlobalPerConnector", (*where, "redirectMode"), "must be GlobalPerConnector"),
        (
            (settings.get("properties") or {}).get("IsOnbehalfofLoginSupported") is True,
            (*where, "properties", "IsOnbehalfofLoginSupported"),
            "must be true",
        ),
        (
            str((custom.get("enableOnbehalfOfLogin") or {}).get("value")).lower() == "true",
            (*where, "customParameters", "enableOnbehalfOfLogin"),
            "must be {'value': 'true'}",
        ),
        (bool(settings.get("clientId")), (*where, "clientId"), "is required"),
        (
            bool((custom.get("resourceUri") or {}).get("value")),
            (*where, "customParameters", "resourceUri"),
            "is required",
        ),
    ]
    for holds, path, message in expectations:
        if not holds:
            yield Violation("api-properties", f"{file}:" + json_path(*path), message)
    login = f"{(custom.get('loginUri') or {}).get('value')}/{(custom.get('tenantId') or {}).get('value')}/"
    for name, scheme in (definition.get("securityDefinitions") or {}).items():
        if isinstance(scheme, dict) and not str(scheme.get("authorizationUrl", "")).startswith(login):
            yield Violation(
                "api-properties",
                (f"{definition_file}:" if definition_file else "")
                + json_path("securityDefinitions", name, "authorizationUrl"),
                f"must start with {file}'s loginUri and tenantId: {login}",
            )


RULES = (
    check_structure,
    check_info,
    check_connector_metadata,
    check_endpoint,
    check_operations,
    check_parameters,
    check_responses,
    check_swagger2_constructs,
    check_contract,
    check_security,
)


def lint(
    definition: dict[str, Any], *, size_bytes: int | None = None, properties: dict[str, Any] | None = None
) -> list[Violation]:
    """Every violation in the definition (and in its apiProperties.json, when given)."""
    violations = [v for rule in RULES for v in rule(definition)]
    size = size_bytes if size_bytes is not None else len(json.dumps(definition).encode())
    violations += check_size(definition, size)
    if properties is not None:
        violations += check_api_properties(definition, properties)
    return violations


def lint_file(path: Path) -> list[Violation]:
    """Lint a definition file, and the apiProperties.json beside it when there is one.

    A solution zip is `connector.tools.solution.read.lint_solution`'s (the command line picks).
    """
    raw = path.read_bytes()
    try:
        definition = json.loads(raw)
    except ValueError as error:
        return [Violation("structure", "$", f"not valid JSON: {error}")]
    if not isinstance(definition, dict):
        return [Violation("structure", "$", "the definition must be a JSON object")]
    properties_path = path.with_name("apiProperties.json")
    properties = json.loads(properties_path.read_text(encoding="utf-8")) if properties_path.is_file() else None
    return lint(definition, size_bytes=len(raw), properties=properties)
