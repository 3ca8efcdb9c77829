"""Telemetry over Microsoft Entra ID: the credential `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` asks for.

An Application Insights resource with local authentication disabled accepts items only with an Entra ID
token. Azure's convention for asking for one is the app setting `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`:
`Authorization=AAD` for the app's system-assigned managed identity, plus `ClientId=<guid>` for a
user-assigned one (what `infra/` deploys). Both telemetry backends pass the credential built here to
their exporters, which ask it for a token for Azure Monitor before each send.

Without the setting no credential is built and `azure.identity` is not imported by the connector.
"""

from __future__ import annotations

import re
from typing import Any

from connector.startup import bad_setting

SETTING = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def managed_identity_client_id(authentication_string: str) -> str | None:
    """The user-assigned identity's client id the setting names, or None for the system-assigned one.

    Raises `StartupError`, naming the setting, for anything but `Authorization=AAD[;ClientId=<guid>]`:
    `Settings.from_env` reads it so, and a bad one stops the start like any other bad setting.
    """
    fields: dict[str, str] = {}
    for part in authentication_string.split(";"):
        if not part.strip():
            continue
        key, separator, value = part.partition("=")
        if not separator or not value.strip():
            raise bad_setting(SETTING, "must be key=value pairs")
        fields[key.strip().lower()] = value.strip()
    if fields.get("authorization", "").upper() != "AAD":
        raise bad_setting(SETTING, "must contain Authorization=AAD")
    unknown = set(fields) - {"authorization", "clientid"}
    if unknown:
        raise bad_setting(SETTING, f"has unknown keys: {', '.join(sorted(unknown))}")
    client_id = fields.get("clientid")
    if client_id is not None and not _GUID.fullmatch(client_id):
        raise bad_setting(SETTING, "must name a GUID as ClientId")
    return client_id


def telemetry_credential(authentication_string: str | None) -> Any:
    """A managed-identity `TokenCredential` when the setting asks for one, else None (keys, as before)."""
    if not authentication_string:
        return None
    client_id = managed_identity_client_id(authentication_string)
    from azure.identity import ManagedIdentityCredential  # only now: most local runs never need it

    return ManagedIdentityCredential(client_id=client_id) if client_id else ManagedIdentityCredential()
