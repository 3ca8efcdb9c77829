"""The optional second lock: calls must come signed in by App Service Authentication (Entra ID).

Function keys (auth level FUNCTION) are the first lock and Azure enforces them before any code
runs. With `CONNECTOR_REQUIRE_PRINCIPAL=true`, the connector also refuses every call that App
Service Authentication did not sign in. App Service validates the caller's token, removes any
`X-MS-CLIENT-PRINCIPAL*` header the caller sent, and adds its own: so the header's presence proves
the sign-in, and its absence means authentication is off or the call was let through anonymously.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping

from connector.errors import ConnectorError

PRINCIPAL_HEADER = "x-ms-client-principal"
MAX_PRINCIPAL_BYTES = 64 * 1024  # a principal with many group claims is a few kilobytes


def _not_signed_in() -> ConnectorError:
    return ConnectorError(
        "INVALID_TOKEN_SPECIFIED",
        "The call is not authenticated: it must come through the app's Microsoft Entra ID sign-in.",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _identity_provider(header: str) -> str | None:
    """The `auth_typ` of a well-formed principal header (base64 of a JSON object), else None."""
    if len(header) > MAX_PRINCIPAL_BYTES:
        return None
    try:
        principal = json.loads(base64.b64decode(header, validate=True))
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(principal, dict):
        return None
    provider = principal.get("auth_typ")
    return provider if isinstance(provider, str) and provider else None


def require_principal(headers: Mapping[str, str]) -> str:
    """The identity provider that signed the call in; raises 401 `INVALID_TOKEN_SPECIFIED` if none did."""
    provider = _identity_provider(headers.get(PRINCIPAL_HEADER) or "")
    if provider is None:
        raise _not_signed_in()
    return provider
