"""The connector's identity, stated once: its name, description, publisher, brand colour and sign-in.

The definition (`apiDefinition.swagger.json`), its `apiProperties.json` and the Power Platform
solution all read these values; change them here to make the connector your company's.
"""

from __future__ import annotations

import re

TITLE = "Partner Sales Insights"  # the connector's display name (≤ 30 characters)
DESCRIPTION = (
    "Brings the partner's sales insights into the seller's daily work: activities for a CRM record "
    "summary, related records, key sales info, insights for email summaries, file links for email "
    "drafts, and the key stakeholders of an account."
)
PUBLISHER = "Partner"
STACK_OWNER = "Partner"
BRAND_COLOR = "#0f6cbd"  # the icon's background; certification refuses #007ee5 and #ffffff
CONTACT = {"name": "Partner support", "url": "https://www.example.com/support", "email": "support@example.com"}
WEBSITE = "https://www.example.com"
PRIVACY_POLICY = "https://www.example.com/privacy"
CATEGORIES = "Sales and CRM;AI"
KEYWORDS = ("sales", "crm", "insights", "copilot for sales")

# The Power Platform solution's publisher. The prefix starts the connector's schema name
# (`<prefix>_<name>`): 2 to 8 lower-case letters or digits, beginning with a letter, not "mscrm".
CUSTOMIZATION_PREFIX = "partner"

# Entra ID sign-in (on-behalf-of login, as Copilot for Sales requires).
LOGIN_URI = "https://login.microsoftonline.com"
TENANT = "common"
# Until a deployment says otherwise: plainly not a real app registration.
PLACEHOLDER_CLIENT_ID = "00000000-0000-0000-0000-000000000000"
PLACEHOLDER_RESOURCE_URI = f"api://{PLACEHOLDER_CLIENT_ID}"

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RESOURCE_URI = re.compile(r"api://[^\s/?#]+(/[^\s?#]*)?|https://[^\s/?#]+(/[^\s?#]*)?")


def checked_client_id(value: str) -> str:
    if not _GUID.fullmatch(value):
        raise ValueError(f"the client id must be an application (client) ID, a GUID: {value!r}")
    return value.lower()


def checked_resource_uri(value: str) -> str:
    if not _RESOURCE_URI.fullmatch(value):
        raise ValueError(f"the resource URI must be an application ID URI such as api://<guid>: {value!r}")
    return value
