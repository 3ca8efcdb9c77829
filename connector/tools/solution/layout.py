"""The solution zip's format, as real Power Platform exports hold one custom connector.

One home for what the builder writes and the linter reads back: the file names and their order,
the connector's component type, the elements of `customizations.xml`, the naming rules and the
connector's GUID. The facts come from exported solutions (see docs/solution.md for the sources).
"""

from __future__ import annotations

import re
import uuid

CONTENT_TYPES = "[Content_Types].xml"
SOLUTION = "solution.xml"
CUSTOMIZATIONS = "customizations.xml"
CONNECTOR_FOLDER = "Connector"  # singular inside the zip (pac's unpacked folder is "Connectors")

# The connector's files: the customizations.xml element that names each, and the file's suffix.
# Exports write them in this order, with the capital P of ".Png".
CONNECTOR_FILES = {
    "openapidefinition": "_openapidefinition.json",
    "connectionparameters": "_connectionparameters.json",
    "policytemplateinstances": "_policytemplateinstances.json",
    "iconblob": "_iconblob.Png",
}
# The children of <Connector> in customizations.xml, in the exports' order.
CONNECTOR_ELEMENTS = (
    "connectorid",
    "description",
    "displayname",
    "iconbrandcolor",
    "name",
    "connectortype",
    *CONNECTOR_FILES,
)
CONNECTOR_TYPE = "1"  # <connectortype> of a custom connector in current exports
COMPONENT_TYPE = "372"  # RootComponent type of a custom connector (371 is a connection reference)
LANGUAGE = "1033"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The organisation version the manifest claims: a 2022 one, so that any current environment is newer
# (an environment refuses a solution exported from a later version than its own).
ORGANIZATION_VERSION = "9.2.22064.56"
CONTENT_TYPE_EXTENSIONS = ("xml", "json", "Png")

# Every entry is stamped with this time, so two builds of the same inputs are byte-identical.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

UNIQUE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,64}")
PREFIX = re.compile(r"(?!mscrm)[a-z][a-z0-9]{1,7}")
CONNECTOR_NAME = re.compile(r"[a-z][a-z0-9]{1,7}_[a-z0-9]{1,64}")
VERSION = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9}){1,3}")
OPTION_VALUE_PREFIXES = range(10_000, 100_000)

# The root of the connector GUIDs: a connector's id follows from its schema name, never random,
# so a rebuilt solution updates the same connector on import.
_GUID_NAMESPACE = uuid.UUID("6f1c3b52-8f0e-5c2e-9d6a-3c1b7e4a2f90")


def connector_files(name: str) -> dict[str, str]:
    """customizations.xml element -> the file's path in the zip, e.g. `Connector/x_y_iconblob.Png`."""
    return {element: f"{CONNECTOR_FOLDER}/{name}{suffix}" for element, suffix in CONNECTOR_FILES.items()}


def reference(path: str) -> str:
    """How customizations.xml names a file: an absolute path inside the zip."""
    return "/" + path


def connector_id(name: str) -> str:
    """The connector's GUID (lower case, no braces), derived from its schema name."""
    return str(uuid.uuid5(_GUID_NAMESPACE, f"connector:{name}"))


def entry_order(name: str) -> list[str]:
    """The zip's entries in the exports' order."""
    return [CUSTOMIZATIONS, CONTENT_TYPES, SOLUTION, *connector_files(name).values()]
