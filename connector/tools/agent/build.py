"""Build the Sales agent's app package: a zip Microsoft 365 (and the Sales agent) reads.

Every file is generated from the contract, the connector's identity and the definition's generator,
and the zip is written like the solution's (`zip_bytes`): the same options give the same
bytes. Nothing secret is in it: the OAuth client's secret lives in the plugin vault registration that
`reference_id` names (docs/agent.md).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from connector.host import APP_ROOT
from connector.tools import identity
from connector.tools.agent import manifests
from connector.tools.agent.icons import color_png, outline_png
from connector.tools.agent.openapi3 import build_openapi3
from connector.tools.openapi import DEFAULT_HOST, checked_host, project_version
from connector.tools.solution.build import zip_bytes

DIST = APP_ROOT / "dist"
# Until a deployment says otherwise: plainly not a vault registration.
PLACEHOLDER_REFERENCE_ID = "set-the-oauth-client-registration-id"
# A Developer Portal registration id: printable, no spaces (its exact alphabet is not documented).
_REFERENCE_ID = re.compile(r"[!-~]{1,1024}")
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# The app's id is derived from the host, so rebuilding for one deployment updates the same app.
_APP_NAMESPACE = uuid.UUID("6f1c5b9e-3f5a-4b7e-9a51-0c2d8e4f7a13")


@dataclass(frozen=True)
class AgentOptions:
    """Everything the package is built from; the defaults build, with the placeholders marked."""

    host: str = DEFAULT_HOST
    resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI
    reference_id: str = PLACEHOLDER_REFERENCE_ID
    app_id: str | None = None  # derived from the host when not given
    version: str = field(default_factory=project_version)

    def __post_init__(self) -> None:
        checked_host(self.host)
        identity.checked_resource_uri(self.resource_uri)
        if not _REFERENCE_ID.fullmatch(self.reference_id):
            raise ValueError(
                "the OAuth reference id is the Developer Portal's OAuth client registration id "
                f"(printable characters, no spaces): {self.reference_id!r}"
            )
        if self.app_id is not None:
            identity.checked_client_id(self.app_id)  # a GUID, as the manifest's id must be
        if not _SEMVER.fullmatch(self.version):
            raise ValueError(f"the app's version must be major.minor.patch, e.g. 1.0.0: {self.version!r}")

    @property
    def manifest_id(self) -> str:
        return (self.app_id or str(uuid.uuid5(_APP_NAMESPACE, self.host.lower()))).lower()

    def placeholders(self) -> list[str]:
        """The options still at their placeholder: the package uploads, but its tools cannot sign in or call."""
        found = []
        if self.host == DEFAULT_HOST:
            found.append("host")
        if self.resource_uri == identity.PLACEHOLDER_RESOURCE_URI:
            found.append("resource URI")
        if self.reference_id == PLACEHOLDER_REFERENCE_ID:
            found.append("OAuth reference id")
        return found


def agent_files(options: AgentOptions) -> dict[str, bytes]:
    """Every entry of the package, in a fixed order: the app manifest first."""
    files = {
        manifests.APP_MANIFEST: manifests.render(manifests.app_manifest(options.manifest_id, options.version)),
        manifests.COLOR_ICON: color_png(identity.BRAND_COLOR),
        manifests.OUTLINE_ICON: outline_png(identity.BRAND_COLOR),
        manifests.AGENT_MANIFEST: manifests.render(manifests.agent_manifest()),
        manifests.PLUGIN_MANIFEST: manifests.render(manifests.plugin_manifest(options.reference_id)),
        manifests.OPENAPI_DOCUMENT: manifests.render(build_openapi3(options.host, options.resource_uri)),
    }
    for language in manifests.languages():
        files[manifests.language_file(language)] = manifests.render(manifests.localization(language))
    return files


def build_agent(options: AgentOptions | None = None) -> bytes:
    return zip_bytes(agent_files(options or AgentOptions()))


def default_path(options: AgentOptions) -> Path:
    return DIST / f"{manifests.NAMESPACE}-agent_{options.version.replace('.', '_')}.zip"


def write_agent(options: AgentOptions, path: Path | None = None) -> Path:
    path = path or default_path(options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_agent(options))
    return path
