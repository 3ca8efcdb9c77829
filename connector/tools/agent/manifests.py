"""The package's JSON files: the app manifest, the declarative agent, the API plugin and the language files.

Versions are the newest Microsoft documents as generally available (docs/agent.md says which and
where): app manifest 1.30, declarative agent v1.8, API plugin v2.4. Texts a person reads are
`[[key]]` tokens in the agent and plugin manifests, resolved per language from `localizationKeys`
in each language file (written from locales/<language>.json, with the connector's name from
`identity.TITLE`); the app manifest holds the default language's
strings, and each language file its own. The agent's instructions and the functions' descriptions
are for the model and stay in English (the schema does not let `instructions` be localized); the
instructions tell the model to answer in the seller's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connector.catalogues import Catalogues
from connector.tools import identity
from connector.tools.agent.cards import response_semantics
from connector.tools.agent.openapi3 import agent_operations
from connector.tools.openapi import render as render_json

APP_MANIFEST_VERSION = "1.30"
AGENT_MANIFEST_VERSION = "v1.8"
PLUGIN_MANIFEST_VERSION = "v2.4"
APP_MANIFEST_SCHEMA = (
    f"https://developer.microsoft.com/json-schemas/teams/v{APP_MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
LOCALIZATION_SCHEMA = f"https://developer.microsoft.com/json-schemas/teams/v{APP_MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json"
AGENT_SCHEMA = (
    f"https://developer.microsoft.com/json-schemas/copilot/declarative-agent/{AGENT_MANIFEST_VERSION}/schema.json"
)
PLUGIN_SCHEMA = f"https://developer.microsoft.com/json-schemas/copilot/plugin/{PLUGIN_MANIFEST_VERSION}/schema.json"

# The package's files, by role.
APP_MANIFEST = "manifest.json"
COLOR_ICON = "color.png"
OUTLINE_ICON = "outline.png"
AGENT_MANIFEST = "declarativeAgent.json"
PLUGIN_MANIFEST = "ai-plugin.json"
OPENAPI_DOCUMENT = "openapi.json"

AGENT_ID = "partnerSalesInsights"
PLUGIN_ID = "partnerSalesInsightsTools"
NAMESPACE = "partnersalesinsights"
TERMS_OF_USE = identity.WEBSITE + "/terms"

TEXTS = Catalogues(Path(__file__).parent / "locales")
DEFAULT_LANGUAGE = "en"
# The app manifest's members each language file states (JSONPath keys), the rest are agent keys.
MANIFEST_TEXTS = ("name.short", "name.full", "description.short", "description.full")
STARTERS = 5

INSTRUCTIONS = """\
You are a sales assistant for sellers. You answer from the partner's sales data, which the actions of \
this agent read; never invent records, people, numbers or dates, and say plainly when the data has no answer.

How to find what the seller asks about:
- When the seller names an account, opportunity, contact or lead, first call find-crm-records with the \
record type and the name (or the part of it the seller gave). Never ask the seller for a record id.
- If it finds one record, use its recordId and recordType for the next call. If it finds several, show \
them and ask which one the seller means. If it finds none, say so and ask for another spelling.
- Then answer with the record's insights:
  - recent activities (meetings, calls, documents, contracts): scp-get-related-activities;
  - related records (contacts, opportunities, documents of a record): scp-get-related-records;
  - key sales info, what to know before a call or a meeting: scp-get-sales-highlights.
- For the key stakeholders or decision makers of an account, call scp-get-key-stakeholders with the \
account's name as the seller wrote it.
- For what is known about people the seller emails, call scp-get-email-insights with their email addresses.
- For files or links to share in an email, call suggest-content-for-text with the email's subject and text.

How to answer:
- Answer in the language the seller writes in; the data comes back in that language.
- Be brief: lead with what matters for the seller's next step, then the details.
- Name the record you answered about, and keep each item's link so the seller can open it.
- Dates are in the seller's time zone only when the data says so; otherwise give them as they come.
"""

PLUGIN_DESCRIPTION_FOR_MODEL = (
    "Reads the partner's sales data about CRM records (accounts, opportunities, contacts, leads): find "
    "records by name, then a record's recent activities, related records and key sales info; the key "
    "stakeholders of an account by name; insights about email contacts; files to share for an email."
)

# Each function's description for the model: when to call it and what to pass.
FUNCTION_DESCRIPTIONS: dict[str, str] = {
    "record_lookup": (
        "Finds CRM records of one type (account, opportunity, contact or lead) whose name contains the given "
        "text. Call it first whenever the seller names a record, to get the recordId the other functions need."
    ),
    "record_summary": (
        "Gets the recent activities of a CRM record (meetings, calls, shared documents, signed contracts), "
        "newest first. Needs the recordType and recordId that find-crm-records returned."
    ),
    "record_details": (
        "Gets the records related to a CRM record, such as an account's contacts and opportunities. Needs the "
        "recordType and recordId that find-crm-records returned."
    ),
    "key_sales_info": (
        "Gets the key sales info of a CRM record: short highlights a seller should know before a call or a "
        "meeting. Needs the recordType and recordId that find-crm-records returned."
    ),
    "key_stakeholders": (
        "Gets the key stakeholders and decision makers of a CRM account, given the account's name as the "
        "seller wrote it."
    ),
    "email_summary_v1": (
        "Gets what is known about the people of an email conversation, given their email addresses separated by commas."
    ),
    "email_draft_text": (
        "Suggests files and links to share in an email, given the email's subject and its text (or what the "
        "seller wants to send)."
    ),
}


def texts(language: str) -> dict[str, str]:
    """A language's texts: its catalogue, with the connector's name (`identity.TITLE`, a name, not
    translated) where the app, the agent and the plugin are named."""
    catalogue = TEXTS[language]
    names = {"name.short": identity.TITLE, "agent_name": identity.TITLE, "plugin_name": identity.TITLE}
    return {**names, **catalogue, "name.full": catalogue["name.full"].format(title=identity.TITLE)}


def token(key: str) -> str:
    """A localization token: the whole value of a member, resolved from each language's `localizationKeys`."""
    return f"[[{key}]]"


def languages() -> list[str]:
    """The package's languages, the default first: the connector's own (its catalogues speak them all)."""
    return [DEFAULT_LANGUAGE, *sorted(language for language in TEXTS if language != DEFAULT_LANGUAGE)]


def language_file(language: str) -> str:
    return f"{language}.json"


def app_manifest(app_id: str, version: str) -> dict[str, Any]:
    default = texts(DEFAULT_LANGUAGE)
    return {
        "$schema": APP_MANIFEST_SCHEMA,
        "manifestVersion": APP_MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {
            "name": identity.PUBLISHER,
            "websiteUrl": identity.WEBSITE,
            "privacyUrl": identity.PRIVACY_POLICY,
            "termsOfUseUrl": TERMS_OF_USE,
        },
        "name": {"short": default["name.short"], "full": default["name.full"]},
        "description": {"short": default["description.short"], "full": default["description.full"]},
        "icons": {"outline": OUTLINE_ICON, "color": COLOR_ICON},
        "accentColor": identity.BRAND_COLOR.upper(),
        "copilotAgents": {"declarativeAgents": [{"id": AGENT_ID, "file": AGENT_MANIFEST}]},
        "localizationInfo": {
            "defaultLanguageTag": DEFAULT_LANGUAGE,
            "defaultLanguageFile": language_file(DEFAULT_LANGUAGE),
            "additionalLanguages": [
                {"languageTag": language, "file": language_file(language)} for language in languages()[1:]
            ],
        },
    }


def _starters() -> list[dict[str, str]]:
    return [{"title": token(f"starter_{n}_title"), "text": token(f"starter_{n}_text")} for n in range(1, STARTERS + 1)]


def agent_manifest() -> dict[str, Any]:
    return {
        "$schema": AGENT_SCHEMA,
        "version": AGENT_MANIFEST_VERSION,
        "name": token("agent_name"),
        "description": token("agent_description"),
        "instructions": INSTRUCTIONS,
        "conversation_starters": _starters(),
        "actions": [{"id": PLUGIN_ID, "file": PLUGIN_MANIFEST}],
    }


def plugin_manifest(reference_id: str) -> dict[str, Any]:
    functions = [
        {
            "name": op.operation_id,
            "description": FUNCTION_DESCRIPTIONS[op.key],
            "capabilities": {"response_semantics": response_semantics(op)},
        }
        for op in agent_operations()
    ]
    return {
        "$schema": PLUGIN_SCHEMA,
        "schema_version": PLUGIN_MANIFEST_VERSION,
        "name_for_human": token("plugin_name"),
        "namespace": NAMESPACE,
        "description_for_human": token("plugin_description"),
        "description_for_model": PLUGIN_DESCRIPTION_FOR_MODEL,
        "contact_email": identity.CONTACT["email"],
        "privacy_policy_url": identity.PRIVACY_POLICY,
        "legal_info_url": TERMS_OF_USE,
        "functions": functions,
        "runtimes": [
            {
                "type": "OpenApi",
                "auth": {"type": "OAuthPluginVault", "reference_id": reference_id},
                "spec": {"url": OPENAPI_DOCUMENT},
                "run_for_functions": [function["name"] for function in functions],
            }
        ],
    }


def localization(language: str) -> dict[str, Any]:
    """One language file: the app manifest's texts by JSONPath, and the agent's and plugin's by key."""
    written = texts(language)
    return {
        "$schema": LOCALIZATION_SCHEMA,
        **{key: written[key] for key in MANIFEST_TEXTS},
        "localizationKeys": {key: value for key, value in written.items() if key not in MANIFEST_TEXTS},
    }


def render(document: dict[str, Any]) -> bytes:
    """A package file: the JSON as `connector openapi` writes its files (2-space indent, UTF-8, final newline)."""
    return render_json(document).encode("utf-8")
