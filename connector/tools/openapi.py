"""The custom connector definition (Swagger 2.0), generated from the operation registry and its models.

Copilot for Sales decides whether to call an action from this definition alone, so it is derived
from the same `OPERATIONS` and pydantic models that validate requests: routes, operationIds,
descriptions, parameters, `required` flags and response schemas cannot drift from the code.
`python -m connector openapi` writes `openapi/apiDefinition.swagger.json`; a test keeps the
committed file equal to this module's output.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal

from connector.contract import OPERATIONS, Operation
from connector.errors import ErrorCode
from connector.host import APP_ROOT, route_prefix
from connector.models.errors import ApiError
from connector.tools import identity
from connector.tools.icon import icon_png
from connector.tools.swagger import SwaggerSchemas

DEFINITION_PATH = APP_ROOT / "openapi" / "apiDefinition.swagger.json"
PROPERTIES_PATH = APP_ROOT / "openapi" / "apiProperties.json"
ICON_PATH = APP_ROOT / "openapi" / "icon.png"
SETTINGS_PATH = APP_ROOT / "openapi" / "settings.json"  # paconn's: `paconn create --settings openapi/settings.json`

EmailSummaryVersion = Literal["v1", "v2"]
EMAIL_SUMMARY_KEYS: dict[str, str] = {"v1": "email_summary_v1", "v2": "email_summary_v2"}

DEFAULT_HOST = "your-function-app.azurewebsites.net"
# RFC 9110's reason phrases where Python's differ by version (3.13 renamed 413), so the definition is
# the same whichever Python generates it.
_PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}
DEFAULT_TITLE = identity.TITLE


def connector_metadata(website: str = identity.WEBSITE, privacy_policy: str = identity.PRIVACY_POLICY) -> list[dict]:
    """`x-ms-connector-metadata`: the publisher's website and privacy policy, and the categories."""
    return [
        {"propertyName": "Website", "propertyValue": website},
        {"propertyName": "Privacy policy", "propertyValue": privacy_policy},
        {"propertyName": "Categories", "propertyValue": identity.CATEGORIES},
    ]


SECURITY_SCHEME = "oauth2-auth"

# Answered by the host, not by an operation: a wrong path or method never reaches the pipeline.
HOST_LEVEL_CODES = frozenset({ErrorCode.NOT_FOUND, ErrorCode.METHOD_NOT_ALLOWED})
# Only a request with a body can be too large or of the wrong media type.
BODY_ONLY_CODES = frozenset({ErrorCode.REQUEST_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE})

_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?")

_QUERY_PARAMETER_KEYS = (
    "format",
    "description",
    "x-ms-summary",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
)


def checked_host(host: str) -> str:
    """`host` when it is a host name (and port), else a ValueError that says what is expected."""
    if not _HOST.fullmatch(host):
        raise ValueError(f"host must be a host name such as contoso.azurewebsites.net (no scheme, no path): {host!r}")
    return host


def carried_operations(email_summary: EmailSummaryVersion = "v2") -> list[Operation]:
    """The operations a definition carries: email summary v1 and v2 share one description, so one only."""
    left_out = EMAIL_SUMMARY_KEYS["v1" if email_summary == "v2" else "v2"]
    return [op for op in OPERATIONS if op.key != left_out]


def error_statuses(op: Operation) -> dict[int, list[str]]:
    """Each error status the operation can answer, with the error codes behind it."""
    statuses: dict[int, list[str]] = defaultdict(list)
    for code in ErrorCode:
        if code in HOST_LEVEL_CODES or (op.input_location == "query" and code in BODY_ONLY_CODES):
            continue
        statuses[int(code.status)].append(str(code))
    return dict(sorted(statuses.items()))


def _query_parameters(op: Operation, schemas: SwaggerSchemas) -> list[dict[str, Any]]:
    schema = schemas.of_model(op.inputs)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        if prop.get("type") not in ("string", "integer", "number", "boolean"):
            raise ValueError(f"{op.key}.{name}: a query parameter must be a scalar, not {prop.get('type')}")
        parameter = {"name": name, "in": "query", "required": name in required, "type": prop["type"]}
        parameter.update({key: prop[key] for key in _QUERY_PARAMETER_KEYS if key in prop})
        parameters.append(parameter)
    return parameters


def _body_parameter(op: Operation, schemas: SwaggerSchemas) -> dict[str, Any]:
    return {
        "name": "body",
        "in": "body",
        "required": True,
        "description": "The inputs of this action, as one JSON object.",
        "x-ms-summary": "Request body",
        "schema": schemas.of_model(op.inputs),
    }


def _responses(op: Operation, schemas: SwaggerSchemas) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "schema": schemas.reference(op.response)}}
    for status, codes in error_statuses(op).items():
        responses[str(status)] = {
            "description": f"{_PHRASES.get(status) or HTTPStatus(status).phrase}: {', '.join(codes)}.",
            "schema": schemas.reference(ApiError),
        }
    responses["default"] = {"description": "Any other failure."}
    return responses


def operation_object(op: Operation, schemas: SwaggerSchemas) -> dict[str, Any]:
    """The definition's operation object for `op`, its models collected into `schemas`.

    The Sales agent's OpenAPI 3.0 document (connector/tools/agent/openapi3.py) converts these, for the
    chat's operations outside the definition too, so the two documents cannot drift.
    """
    parameters = _query_parameters(op, schemas) if op.input_location == "query" else [_body_parameter(op, schemas)]
    return {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "x-ms-visibility": "important",
        "x-ms-openai-data": {"openai-enabled": True},
        "parameters": parameters,
        "responses": _responses(op, schemas),
    }


def project_version() -> str:
    """The project's version, from pyproject.toml: the definition's info.version."""
    with (APP_ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def build_definition(
    host: str = DEFAULT_HOST,
    title: str = DEFAULT_TITLE,
    email_summary: EmailSummaryVersion = "v2",
    description: str = identity.DESCRIPTION,
    *,
    contact: dict[str, str] | None = None,
    website: str = identity.WEBSITE,
    privacy_policy: str = identity.PRIVACY_POLICY,
) -> dict[str, Any]:
    """The connector definition for a back end at `https://{host}/{route prefix}`.

    `contact`, `website` and `privacy_policy` default to `identity`'s; a certification submission
    (`python -m connector certify`) passes the publisher's real ones.
    """
    if email_summary not in EMAIL_SUMMARY_KEYS:
        raise ValueError(f"email_summary must be v1 or v2, not {email_summary!r}")
    checked_host(host)
    schemas = SwaggerSchemas()
    paths: dict[str, dict[str, Any]] = {}
    for op in carried_operations(email_summary):
        paths.setdefault(f"/{op.route}", {})[op.method.lower()] = operation_object(op, schemas)
    return {
        "swagger": "2.0",
        "info": {
            "title": title,
            "description": description,
            "version": project_version(),
            "contact": contact or identity.CONTACT,
            "x-ms-keywords": list(identity.KEYWORDS),
        },
        "host": host,
        "basePath": "/" + route_prefix(),
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": paths,
        "definitions": dict(sorted(schemas.definitions.items())),
        "securityDefinitions": {
            SECURITY_SCHEME: {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": f"{identity.LOGIN_URI}/{identity.TENANT}/oauth2/authorize",
                "tokenUrl": f"{identity.LOGIN_URI}/{identity.TENANT}/oauth2/token",
                "scopes": {},
            }
        },
        "security": [{SECURITY_SCHEME: []}],
        "x-ms-connector-metadata": connector_metadata(website, privacy_policy),
    }


def build_properties(
    client_id: str = identity.PLACEHOLDER_CLIENT_ID,
    resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI,
    *,
    publisher: str = identity.PUBLISHER,
    stack_owner: str = identity.STACK_OWNER,
) -> dict[str, Any]:
    """`apiProperties.json`: Entra ID OAuth with on-behalf-of login for the connector's client app.

    The client secret is never here: a person enters it on the connector after import.
    """
    client_id = identity.checked_client_id(client_id)
    resource_uri = identity.checked_resource_uri(resource_uri)
    return {
        "properties": {
            "connectionParameters": {
                "token": {
                    "type": "oauthSetting",
                    "oAuthSettings": {
                        "identityProvider": "aad",
                        "clientId": client_id,
                        "scopes": [],
                        "redirectMode": "GlobalPerConnector",
                        "properties": {
                            "IsFirstParty": "False",
                            "AzureActiveDirectoryResourceId": resource_uri,
                            "IsOnbehalfofLoginSupported": True,
                        },
                        "customParameters": {
                            "loginUri": {"value": identity.LOGIN_URI},
                            "tenantId": {"value": identity.TENANT},
                            "resourceUri": {"value": resource_uri},
                            "enableOnbehalfOfLogin": {"value": "true"},
                        },
                    },
                },
                "token:TenantId": {
                    "type": "string",
                    "metadata": {"sourceType": "AzureActiveDirectoryTenant"},
                    "uiDefinition": {"constraints": {"required": "false", "hidden": "true"}},
                },
            },
            "iconBrandColor": identity.BRAND_COLOR,
            "capabilities": [],
            "publisher": publisher,
            "stackOwner": stack_owner,
        }
    }


def render(definition: dict[str, Any]) -> str:
    """The definition as the committed file holds it."""
    return json.dumps(definition, indent=2, ensure_ascii=False) + "\n"


def paconn_settings(folder: Path) -> dict[str, Any]:
    """paconn's `settings.json` for the files in `folder`, so `paconn create --settings` finds them.

    paconn opens the paths as given, from where it runs: they are relative to the repository root
    when the folder is inside it (run paconn from there), absolute otherwise. No environment and no
    connector id: paconn asks for the environment, and `create` makes the id.
    """
    folder = folder.resolve()
    base = folder.relative_to(APP_ROOT).as_posix() if folder.is_relative_to(APP_ROOT) else folder.as_posix()
    return {
        "apiDefinition": f"{base}/{DEFINITION_PATH.name}",
        "apiProperties": f"{base}/{PROPERTIES_PATH.name}",
        "icon": f"{base}/{ICON_PATH.name}",
        "powerAppsUrl": "https://api.powerapps.com",
        "powerAppsApiVersion": "2016-11-01",
    }


def write_definition(
    path: Path = DEFINITION_PATH,
    *,
    client_id: str = identity.PLACEHOLDER_CLIENT_ID,
    resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI,
    **options: Any,
) -> Path:
    """Write the definition and, beside it, the rest of paconn's set: apiProperties.json, icon.png, settings.json."""
    definition = render(build_definition(**options))
    properties = render(build_properties(client_id, resource_uri))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(definition, encoding="utf-8")
    path.with_name(PROPERTIES_PATH.name).write_text(properties, encoding="utf-8")
    path.with_name(ICON_PATH.name).write_bytes(icon_png(identity.BRAND_COLOR))
    path.with_name(SETTINGS_PATH.name).write_text(render(paconn_settings(path.parent)), encoding="utf-8")
    return path
