"""Who may call: function keys, or Microsoft Entra ID sign-in through App Service Authentication.

The app is closed either way, and `CONNECTOR_REQUIRE_PRINCIPAL` chooses the lock (`http_auth_level`):
- `false` (the default): auth level FUNCTION. Azure refuses a call without a function key before any
  code runs.
- `true` (what `infra/` deploys, with App Service Authentication in front): auth level ANONYMOUS at the
  host, so the connector needs no key, and the connector refuses every call that App Service
  Authentication did not sign in. App Service validates the caller's token, removes any
`X-MS-CLIENT-PRINCIPAL*` header the caller sent, and adds its own: so the header's presence proves
the sign-in, and its absence means authentication is off or the call was let through anonymously.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING

import azure.functions as func

if TYPE_CHECKING:
    from connector.errors import ConnectorError

PRINCIPAL_HEADER = "x-ms-client-principal"
MAX_PRINCIPAL_BYTES = 64 * 1024  # a principal with many group claims is a few kilobytes


def http_auth_level(require_principal: bool) -> func.AuthLevel:
    """The functions' auth level: no key where Entra ID sign-in is required, function keys otherwise."""
    return func.AuthLevel.ANONYMOUS if require_principal else func.AuthLevel.FUNCTION


def _not_signed_in() -> ConnectorError:
    # Imported here: indexing reads only `http_auth_level`, and needs no message catalogue.
    from connector.errors import ConnectorError
    from connector.messages import message

    return ConnectorError(
        "INVALID_TOKEN_SPECIFIED", message("error.not_signed_in"), headers={"WWW-Authenticate": "Bearer"}
    )


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
