"""The optional second lock: calls must come signed in by App Service Authentication (Entra ID).

Function keys (auth level FUNCTION) are the first lock and Azure enforces them before any code
runs. With `CONNECTOR_REQUIRE_PRINCIPAL=true`, the connector also refuses every call that App
Service Authentication did not sign in. App Service validates the caller's token, removes any
`X-MS-CLIENT-PRINCIPAL*` header the caller sent, and adds its own: so the header's presence proves
the sign-in, and its absence means authentication is off or the call was let through anonymously.
"""

from __future__ import annotations

import base64
import json

from connector.errors import ConnectorError
from connector.messages import message

PRINCIPAL_HEADER = "x-ms-client-principal"
MAX_PRINCIPAL_BYTES = 64 * 1024  # a principal with many group claims is a few kilobytes


def _not_signed_in() -> ConnectorError:
    return ConnectorError("INVALID_TOKEN_SPECIFIED", message("error.not_signed_in"),
                          headers={"WWW-Authenticate": "Bearer"})


def identity_provider(header: str | None) -> str | None:
    """The `auth_typ` of a well-formed principal header (base64 of a JSON object), else None.

    Whatever goes wrong while decoding it (bad base64, bad UTF-8, bad JSON, nesting deeper than
    the parser's recursion limit, anything else) means the same thing: not signed in.
    """
    if not header or len(header) > MAX_PRINCIPAL_BYTES:
        return None
    try:
        principal = json.loads(base64.b64decode(header, validate=True))
        provider = principal.get("auth_typ") if isinstance(principal, dict) else None
    except Exception:
        return None
    return provider if isinstance(provider, str) and provider else None


def require_principal(provider: str | None) -> str:
    """The identity provider that signed the call in; raises 401 `INVALID_TOKEN_SPECIFIED` if none did."""
    if provider is None:
        raise _not_signed_in()
    return provider
