"""Build the unmanaged Power Platform solution that holds the custom connector.

The definition inside is `render(build_definition(...))`, the very bytes `python -m connector
openapi` writes for the same options, and the connection parameters are `build_properties(...)`'s:
the solution is one more form of the same source, never a second copy. No secret is written: the
connector's client secret is entered in Power Apps after import.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from connector.host import APP_ROOT
from connector.tools import identity
from connector.tools.icon import icon_png
from connector.tools.openapi import (
    DEFAULT_HOST,
    EMAIL_SUMMARY_KEYS,
    EmailSummaryVersion,
    build_definition,
    build_properties,
    project_version,
    render,
)
from connector.tools.solution import layout

DIST = APP_ROOT / "dist"

# The publisher's address blocks, as every export carries them: two, each all nil but its number.
_ADDRESS_FIELDS = (
    "AddressTypeCode",
    "City",
    "County",
    "Country",
    "Fax",
    "FreightTermsCode",
    "ImportSequenceNumber",
    "Latitude",
    "Line1",
    "Line2",
    "Line3",
    "Longitude",
    "Name",
    "PostalCode",
    "PostOfficeBox",
    "PrimaryContactName",
    "ShippingMethodCode",
    "StateOrProvince",
    "Telephone1",
    "Telephone2",
    "Telephone3",
    "TimeZoneRuleVersionNumber",
    "UPSZone",
    "UTCOffset",
    "UTCConversionTimeZoneCode",
)


def _alphanumeric(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text)


def _listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def default_option_value_prefix(prefix: str) -> int:
    """A stable option-value prefix (10000 to 99999) for a customization prefix, as the maker portal suggests one."""
    digest = int.from_bytes(hashlib.sha256(prefix.encode()).digest()[:4], "big")
    span = layout.OPTION_VALUE_PREFIXES
    return span.start + digest % len(span)


def default_version() -> str:
    """The project's version as a solution version: major.minor.build.revision."""
    parts = [part for part in re.split(r"[.+-]", project_version()) if part.isdigit()][:4]
    return ".".join(parts + ["0"] * (4 - len(parts)))


@dataclass(frozen=True)
class SolutionOptions:
    """Everything the solution is built from; the defaults import as they are, with placeholders marked."""

    host: str = DEFAULT_HOST
    client_id: str = identity.PLACEHOLDER_CLIENT_ID
    resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI
    email_summary: EmailSummaryVersion = "v2"
    title: str = identity.TITLE  # the connector's display name, and the definition's info.title
    description: str = identity.DESCRIPTION
    publisher: str = field(default_factory=lambda: _alphanumeric(identity.PUBLISHER))  # unique name
    publisher_display_name: str = identity.PUBLISHER
    prefix: str = identity.CUSTOMIZATION_PREFIX
    option_value_prefix: int | None = None  # derived from the prefix when not given
    solution: str | None = None  # unique name; derived from the title when not given
    solution_display_name: str | None = None
    version: str | None = None  # the project's version when not given
    # The definition's contact and metadata (a certification submission gives the publisher's own).
    contact_name: str = identity.CONTACT["name"]
    contact_email: str = identity.CONTACT["email"]
    contact_url: str = identity.CONTACT["url"]
    website: str = identity.WEBSITE
    privacy_policy: str = identity.PRIVACY_POLICY

    def __post_init__(self) -> None:
        problems = []
        if not layout.UNIQUE_NAME.fullmatch(self.publisher):
            problems.append(f"publisher unique name {self.publisher!r}: letters, digits and underscores")
        if not layout.PREFIX.fullmatch(self.prefix):
            problems.append(
                f"customization prefix {self.prefix!r}: 2 to 8 lower-case letters or digits, "
                "starting with a letter, not 'mscrm'"
            )
        if self.option_value_prefix is not None and self.option_value_prefix not in layout.OPTION_VALUE_PREFIXES:
            problems.append(f"option-value prefix {self.option_value_prefix}: a number from 10000 to 99999")
        if self.solution is not None and not layout.UNIQUE_NAME.fullmatch(self.solution):
            problems.append(f"solution unique name {self.solution!r}: letters, digits and underscores")
        if self.version is not None and not layout.VERSION.fullmatch(self.version):
            problems.append(f"solution version {self.version!r}: two to four numbers, e.g. 1.0.0.0")
        if not _alphanumeric(self.title):
            problems.append(f"connector display name {self.title!r}: needs a letter or digit")
        if self.email_summary not in EMAIL_SUMMARY_KEYS:
            problems.append(f"email summary {self.email_summary!r}: v1 or v2")
        if problems:
            raise ValueError("; ".join(problems))
        identity.checked_client_id(self.client_id)
        identity.checked_resource_uri(self.resource_uri)

    @property
    def connector_name(self) -> str:
        """The connector's schema name: `<prefix>_<display name in lower-case letters and digits>`."""
        return f"{self.prefix}_{_alphanumeric(self.title).lower()[:64]}"

    @property
    def solution_name(self) -> str:
        return self.solution or _alphanumeric(self.title)

    @property
    def solution_version(self) -> str:
        parts = (self.version or default_version()).split(".")
        return ".".join(parts + ["0"] * (4 - len(parts)))

    @property
    def option_values(self) -> int:
        return self.option_value_prefix or default_option_value_prefix(self.prefix)

    def placeholders(self) -> list[str]:
        """The options still at their placeholder: the solution imports, but its connector cannot sign in or call."""
        found = []
        if self.host == DEFAULT_HOST:
            found.append("host")
        if self.client_id == identity.PLACEHOLDER_CLIENT_ID:
            found.append("client id")
        if self.resource_uri == identity.PLACEHOLDER_RESOURCE_URI:
            found.append("resource URI")
        return found

    @property
    def solution_title(self) -> str:
        if self.solution_display_name:
            return self.solution_display_name
        missing = self.placeholders()
        return f"{self.title} (set {_listing(missing)})" if missing else self.title

    @property
    def solution_description(self) -> str:
        missing = self.placeholders()
        built_for = f"Custom connector {self.title} for https://{self.host}; Entra ID client {self.client_id}."
        if not missing:
            return built_for + " The connector's client secret is entered in Power Apps after import."
        return (
            f"PLACEHOLDERS: {_listing(missing)} not set. Rebuild with python -m connector solution "
            f"--host, --client-id and --resource-uri for your deployment. {built_for}"
        )


# --- the files ------------------------------------------------------------------------------


def element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    if text is not None:
        child.text = text
    return child


def nil(parent: ET.Element, tag: str) -> None:
    element(parent, tag, "", **{"xsi:nil": "true"})


def serialise(root: ET.Element) -> bytes:
    """As exports write solution.xml and customizations.xml: no BOM, no XML declaration."""
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True).encode("utf-8")


def content_types_xml() -> bytes:
    types = "".join(
        f'<Default Extension="{extension}" ContentType="application/octet-stream" />'
        for extension in layout.CONTENT_TYPE_EXTENSIONS
    )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>'
    )
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def solution_xml(options: SolutionOptions) -> bytes:
    return serialise(solution_root(options))


def solution_root(options: SolutionOptions) -> ET.Element:
    """solution.xml's tree: the manifest, its publisher and the connector as root component."""
    root = ET.Element(
        "ImportExportXml",
        {
            "version": layout.ORGANIZATION_VERSION,
            "SolutionPackageVersion": "9.2",
            "languagecode": layout.LANGUAGE,
            "generatedBy": "CrmLive",
            "xmlns:xsi": layout.XSI,
        },
    )
    manifest = element(root, "SolutionManifest")
    element(manifest, "UniqueName", options.solution_name)
    names = element(manifest, "LocalizedNames")
    element(names, "LocalizedName", description=options.solution_title, languagecode=layout.LANGUAGE)
    descriptions = element(manifest, "Descriptions")
    element(descriptions, "Description", description=options.solution_description, languagecode=layout.LANGUAGE)
    element(manifest, "Version", options.solution_version)
    element(manifest, "Managed", "0")
    publisher = element(manifest, "Publisher")
    element(publisher, "UniqueName", options.publisher)
    names = element(publisher, "LocalizedNames")
    element(names, "LocalizedName", description=options.publisher_display_name, languagecode=layout.LANGUAGE)
    element(publisher, "Descriptions")
    nil(publisher, "EMailAddress")
    nil(publisher, "SupportingWebsiteUrl")
    element(publisher, "CustomizationPrefix", options.prefix)
    element(publisher, "CustomizationOptionValuePrefix", str(options.option_values))
    addresses = element(publisher, "Addresses")
    for number in ("1", "2"):
        address = element(addresses, "Address")
        element(address, "AddressNumber", number)
        for name in _ADDRESS_FIELDS:
            nil(address, name)
    components = element(manifest, "RootComponents")
    element(
        components,
        "RootComponent",
        type=layout.COMPONENT_TYPE,
        id="{" + layout.connector_id(options.connector_name) + "}",
        schemaName=options.connector_name,
        behavior="0",
    )
    element(manifest, "MissingDependencies")
    return root


def customizations_xml(options: SolutionOptions) -> bytes:
    return serialise(customizations_root(options))


def customizations_root(options: SolutionOptions) -> ET.Element:
    """customizations.xml's tree: the empty component lists exports carry, and the connector."""
    name = options.connector_name
    root = ET.Element("ImportExportXml", {"xmlns:xsi": layout.XSI})
    for tag in (
        "Entities",
        "Roles",
        "Workflows",
        "FieldSecurityProfiles",
        "Templates",
        "EntityMaps",
        "EntityRelationships",
        "OrganizationSettings",
        "optionsets",
        "CustomControls",
        "EntityDataProviders",
    ):
        element(root, tag)
    connector = element(element(root, "Connectors"), "Connector")
    values = {
        "connectorid": layout.connector_id(name),
        "description": options.description,
        "displayname": options.title,
        "iconbrandcolor": identity.BRAND_COLOR,
        "name": name,
        "connectortype": layout.CONNECTOR_TYPE,
        **{tag: layout.reference(path) for tag, path in layout.connector_files(name).items()},
    }
    for tag in layout.CONNECTOR_ELEMENTS:
        element(connector, tag, values[tag])
    element(element(root, "Languages"), "Language", layout.LANGUAGE)
    return root


def policy_template_instances(properties: dict[str, Any]) -> list[dict[str, Any]] | None:
    """apiProperties' `policyTemplateInstances` in the export's form (PascalCase keys); None when there are none."""
    instances = properties["properties"].get("policyTemplateInstances") or []
    converted = [
        {"TemplateId": p["templateId"], "Title": p["title"], "Parameters": p.get("parameters", {})} for p in instances
    ]
    return converted or None


def solution_definition(options: SolutionOptions) -> dict[str, Any]:
    """The connector definition the solution carries (the one `python -m connector openapi` writes)."""
    return build_definition(
        options.host,
        options.title,
        options.email_summary,
        options.description,
        contact={"name": options.contact_name, "url": options.contact_url, "email": options.contact_email},
        website=options.website,
        privacy_policy=options.privacy_policy,
    )


def solution_files(options: SolutionOptions) -> dict[str, bytes]:
    """Every entry of the zip, in the exports' order."""
    definition = solution_definition(options)
    properties = build_properties(options.client_id, options.resource_uri)
    files = layout.connector_files(options.connector_name)
    contents = {
        layout.CUSTOMIZATIONS: customizations_xml(options),
        layout.CONTENT_TYPES: content_types_xml(),
        layout.SOLUTION: solution_xml(options),
        files["openapidefinition"]: render(definition).encode("utf-8"),
        files["connectionparameters"]: render(properties["properties"]["connectionParameters"]).encode("utf-8"),
        files["policytemplateinstances"]: json.dumps(policy_template_instances(properties)).encode("utf-8"),
        files["iconblob"]: icon_png(identity.BRAND_COLOR),
    }
    return {path: contents[path] for path in layout.entry_order(options.connector_name)}


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files`: deflated entries in the given order, each with the same fixed timestamp."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, date_time=layout.ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0  # the same bytes whichever system builds it
            entry.external_attr = 0
            archive.writestr(entry, data, compresslevel=9)
    return buffer.getvalue()


def build_solution(options: SolutionOptions | None = None) -> bytes:
    """The solution zip, byte-identical for the same options."""
    return zip_bytes(solution_files(options or SolutionOptions()))


def default_path(options: SolutionOptions) -> Path:
    """Where Power Apps' export would name it: `dist/<UniqueName>_<version with underscores>.zip`."""
    return DIST / f"{options.solution_name}_{options.solution_version.replace('.', '_')}.zip"


def write_solution(options: SolutionOptions, path: Path | None = None) -> Path:
    path = path or default_path(options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_solution(options))
    return path
