"""readme.md and intro.md of a certification submission, written from the code's own facts.

The section names are Microsoft's templates' (`README_SECTIONS`, `INTRO_SECTIONS`: one home, which
the certification check reads too). Everything inside comes from the code: the operations from the
contract, the time budget and the languages from the settings' defaults, the sign-in from the
identity and the deployment, the error codes from `ErrorCode`. Nothing is typed twice.
"""

from __future__ import annotations

from connector.contract import Operation
from connector.errors import ErrorCode
from connector.host import route_prefix
from connector.settings import Settings
from connector.tools.certify.options import CertifyOptions
from connector.tools.openapi import carried_operations

# templates/certified-connectors/readme.md in microsoft/PowerPlatformConnectors: (heading, required).
# "Publisher" is written `## Publisher: <name>`.
README_SECTIONS: tuple[tuple[str, bool], ...] = (
    ("Publisher", True),
    ("Prerequisites", True),
    ("Supported Operations", True),
    ("Obtaining Credentials", True),
    ("Getting Started", False),
    ("Known Issues and Limitations", True),
    ("Frequently Asked Questions", False),
    ("Deployment Instructions", True),
)
# intro.md's template (Microsoft's certification submission page): a description of at most eight
# sentences, then these sections, and no list of actions or triggers.
INTRO_SECTIONS: tuple[str, ...] = (
    "Prerequisites",
    "How to get credentials",
    "Get started with your connector",
    "Known issues and limitations",
    "Common errors and remedies",
    "FAQ",
)
MAX_INTRO_SENTENCES = 8
OPERATIONS_TABLE_HEADER = "| Action | Operation ID | Method and path | Required inputs |"

# The check that gives certification's "at least 10 successful calls per operation": five languages
# and two subjects make 2 x (2 crmType spellings + 4 other languages + 1 unsupported) = 14 calls each.
CHECK_LANGUAGES = "en-US,fr-FR,de-DE,es-ES,ja-JP"
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "ja": "Japanese"}
# What a person does about each error code a caller may see.
REMEDIES = {
    ErrorCode.INVALID_CRM_CONNECTION: "the CRM type or organisation URL sent is not one the service knows: check the CRM connection in the Sales app settings.",
    ErrorCode.INVALID_TOKEN_SPECIFIED: "the sign-in expired or was made for another app: sign in to the connection again.",
    ErrorCode.INSUFFICIENT_PERMISSIONS: "the signed-in user may not see this record: ask the administrator for access.",
    ErrorCode.RECORD_NOT_FOUND: "the service knows no record with this id: check that the CRM record exists on both sides.",
    ErrorCode.REQUEST_THROTTLED: "too many calls in a short time: the Sales app retries later.",
    ErrorCode.INTERNAL_SERVER_ERROR: "the service failed: retry; if it persists, contact support with the activityId of the answer.",
    ErrorCode.INVALID_REQUEST: "an input is missing or malformed: the answer's details name each one and why.",
    ErrorCode.REQUEST_TIMEOUT: "the request took the whole time allowed to arrive (a slow upload): retry on a better connection.",
    ErrorCode.BACKEND_ERROR: "the publisher's back end answered with an error: retry, then contact support with the activityId.",
    ErrorCode.BACKEND_TIMEOUT: "the publisher's back end did not answer in time: retry, then contact support with the activityId.",
}


def required_inputs(op: Operation) -> list[str]:
    """The inputs (as the definition names them) an action cannot be called without."""
    return [alias for alias, name in op.input_names().items() if op.inputs.model_fields[name].is_required()]


def operation_rows(options: CertifyOptions) -> list[tuple[str, str, str, str]]:
    """(action, operationId, method and path, required inputs) for every action the definition carries."""
    return [
        (
            op.summary,
            op.operation_id,
            f"{op.method} /{route_prefix()}/{op.route}",
            ", ".join(required_inputs(op)) or "none",
        )
        for op in carried_operations(options.email_summary)
    ]


def operations_table(options: CertifyOptions) -> str:
    rows = [OPERATIONS_TABLE_HEADER, "|---|---|---|---|"]
    rows += [
        "| " + " | ".join(f"`{c}`" if i in (1, 2) else c for i, c in enumerate(row)) + " |"
        for row in operation_rows(options)
    ]
    return "\n".join(rows)


def _languages() -> str:
    names = [LANGUAGE_NAMES.get(code, code) for code in Settings().languages]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _budget() -> str:
    return f"{Settings().deadline_seconds:g}"


def check_command(options: CertifyOptions) -> str:
    """The conformance check that makes at least ten successful calls per action."""
    return (
        f"python -m connector check --base-url https://{options.host}/{route_prefix()} "
        "--definition apiDefinition.swagger.json --bearer <access token> "
        f"--languages {CHECK_LANGUAGES} --record account:<id> --record opportunity:<id> "
        "--account-name <name> --account-name <name>"
    )


def _credentials(options: CertifyOptions) -> list[str]:
    return [
        f"The connector signs users in with Microsoft Entra ID (OAuth 2.0, on-behalf-of login, as Copilot for "
        f"Sales requires). {options.publisher}'s deployment has two Entra ID app registrations:",
        "",
        "- the **API**: what the service accepts tokens for; it exposes the delegated scope `user_impersonation`;",
        f"- the **connector's client** (application id `{options.client_id}`): the connector signs users in with "
        "it and asks for that scope. It allows the redirect URLs `https://global.consent.azure-apim.net/redirect`, "
        "`https://global-test.consent.azure-apim.net/redirect` and the connector's own one.",
        "",
        "A tenant administrator grants **admin consent** to the client's `user_impersonation` permission. The "
        "client's **secret** is created in the Entra ID portal and entered only where it is used (the "
        "connector's Security tab, the certification portal): it is never written into any file of this "
        "submission.",
    ]


def _needs(options: CertifyOptions) -> list[str]:
    lines = []
    for op in carried_operations(options.email_summary):
        needs = required_inputs(op)
        lines.append(f"- **{op.summary}** needs {', '.join(f'`{n}`' for n in needs) if needs else 'no input'}.")
    return lines


def _limits(options: CertifyOptions) -> list[str]:
    return [
        f"- Copilot for Sales gives each call five seconds; the service answers within {_budget()} seconds or "
        "fails the call with an error, so that the Sales app never waits in vain.",
        f"- Answers are written in {_languages()}; other languages get English.",
        "- Email summary comes in two versions that share one description; a connector carries one of them "
        f"(this one carries version {options.email_summary[1:]}).",
        "- Actions enabled in Copilot for Sales can take up to seven days to reach users; signing out and in "
        "again makes it sooner.",
        "",
        "What each action needs:",
        "",
        *_needs(options),
    ]


def readme(options: CertifyOptions) -> str:
    """readme.md in the certified-connectors template's sections."""
    operations = carried_operations(options.email_summary)
    lines = [
        f"# {options.connector_title}",
        "",
        f"{options.description} {options.connector_title} is published by {options.publisher} as a Copilot for "
        "Sales extension: Copilot for Sales calls its actions to show these insights in Outlook and Teams.",
        "",
        f"## Publisher: {options.publisher}",
        "",
        "## Prerequisites",
        "",
        "- Microsoft Copilot for Sales (the Sales agent) for the sellers, with a Power Platform environment "
        "where the Dynamics 365 apps are enabled.",
        f"- {options.publisher}'s service deployed in Azure (Azure Functions) and its two Microsoft Entra ID app "
        "registrations (see Obtaining Credentials).",
        "- A tenant administrator who grants admin consent and enables the actions in Copilot Studio and the "
        "Copilot for Sales settings.",
        "",
        "## Supported Operations",
        "",
        operations_table(options),
        "",
    ]
    for op in operations:
        needs = required_inputs(op)
        lines += [
            f"### {op.summary}",
            "",
            f"{op.description} Operation ID `{op.operation_id}`; "
            + (f"required inputs: {', '.join(f'`{n}`' for n in needs)}." if needs else "no required input."),
            "",
        ]
    lines += [
        "## Obtaining Credentials",
        "",
        *_credentials(options),
        "",
        "## Getting Started",
        "",
        "Create a connection (sign in with your work account), then in Copilot Studio add the connector's "
        "actions to Copilot for Microsoft 365 and publish them, and turn them on in the Copilot for Sales "
        "settings. The sellers then see the insights in Outlook and Teams.",
        "",
        "## Known Issues and Limitations",
        "",
        *_limits(options),
        "",
        "## Frequently Asked Questions",
        "",
        "### Why does an action not show up in Copilot for Sales?",
        "",
        "Copilot for Sales finds an action by its exact description and never calls one that requires an input it "
        "does not know. Keep the definition as it is generated; `python -m connector check` says, line by line, "
        "what Copilot for Sales would trip over.",
        "",
        "### Where is the client secret?",
        "",
        "Only in Microsoft Entra ID and in the connector's Security tab: no file of this connector holds it.",
        "",
        "## Deployment Instructions",
        "",
        "1. Deploy the service and its app registrations: `azd up` (Azure Developer CLI) in the project's "
        "repository. It prints the host and writes the connector files for that deployment.",
        "2. Create the client secret and grant admin consent (see Obtaining Credentials).",
        "3. Import the connector: the solution (`python -m connector solution`, then Power Apps, Solutions, "
        "Import solution) or these files with paconn: `paconn create --api-def apiDefinition.swagger.json "
        "--api-prop apiProperties.json --icon icon.png --secret <client secret>`.",
        "4. Copy the connector's redirect URL from its Security tab into the client's redirect URLs "
        "(`azd env set CONNECTOR_REDIRECT_URIS <url>`, then `azd provision`).",
        f"5. Check the deployment: `{check_command(options)}`.",
        "",
    ]
    return "\n".join(lines)


def _error_rows() -> list[str]:
    rows = ["| Error code | Status | Remedy |", "|---|---|---|"]
    rows += [f"| `{code}` | {int(code.status)} | {remedy} |" for code, remedy in REMEDIES.items()]
    return rows


def intro(options: CertifyOptions) -> str:
    """intro.md in its template's sections: a short description, no list of actions."""
    lines = [
        f"# {options.connector_title}",
        "",
        f"{options.description} {options.connector_title} is published by {options.publisher}. It extends "
        "Copilot for Sales, which calls it while a seller reads and writes email or looks at a CRM record.",
        "",
        "## Prerequisites",
        "",
        f"Copilot for Sales for the sellers, {options.publisher}'s service deployed for your organisation, and a "
        "tenant administrator to grant consent and enable the connector's actions.",
        "",
        "## How to get credentials",
        "",
        *_credentials(options),
        "",
        "## Get started with your connector",
        "",
        "Create a connection by signing in with your work account. An administrator adds the connector's "
        "actions to Copilot for Microsoft 365 in Copilot Studio, publishes them and turns them on in the "
        "Copilot for Sales settings.",
        "",
        "## Known issues and limitations",
        "",
        *_limits(options)[:4],
        "",
        "## Common errors and remedies",
        "",
        "Every failure answers a JSON body with an `errorCode`, a message and the call's `activityId`:",
        "",
        *_error_rows(),
        "",
        "## FAQ",
        "",
        "**Is the client secret part of the connector?** No: it stays in Microsoft Entra ID and the connector's "
        "Security tab, never in a file.",
        "",
    ]
    return "\n".join(lines)
