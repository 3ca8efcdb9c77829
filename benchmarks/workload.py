"""One realistic call per operation, as Copilot for Sales sends it: query or JSON body, and headers.

The same call is handed to every variant (pipeline, bare handler, FastAPI, loopback host), so their
costs differ only by what serves it. `top` and the email size are the knobs of the growth part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import azure.functions as func

from connector.contract import Operation
from connector.host import route_prefix

HEADERS = {
    "accept-language": "fr-FR,fr;q=0.9,en;q=0.8",
    "x-ms-client-request-id": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "x-ms-user-agent": "sales-copilot",
}
DEFAULT_TOP = 5
EMAIL_BYTES = 2_000  # a short thread; the growth part varies it

_CRM = {"crmType": "Dynamics 365", "crmOrgUrl": "contoso.crm.dynamics.com"}
_RECORD = {"recordType": "account", "recordId": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}
_PARAGRAPH = (
    "Hi Nora, thanks for the call today. As discussed, we will send the revised quote for the 250 seats "
    "and the onboarding plan by Friday. Could you confirm who signs off on the renewal? "
)


def email_text(size_bytes: int) -> str:
    return (_PARAGRAPH * (size_bytes // len(_PARAGRAPH) + 1))[:size_bytes]


def _email(size_bytes: int) -> dict[str, Any]:
    return {
        "plaintextBody": email_text(size_bytes),
        "subject": "Renewal of the Contoso subscription",
        "from": "alex@fabrikam.com",
        "to": ["nora@contoso.com"],
        "cc": ["sam@fabrikam.com"],
        "sentDateTime": "2024-05-07T03:28:38Z",
        "messageId": "AAMkAGI2TG93AAA=",
        "conversationId": "AAQkAGI2TG93AAA=",
    }


@dataclass(frozen=True)
class Call:
    """One request: query parameters for a GET, a JSON body for a POST."""

    op: Operation
    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None

    @property
    def raw_body(self) -> bytes:
        return json.dumps(self.body).encode() if self.body is not None else b""

    @property
    def headers(self) -> dict[str, str]:
        return {**HEADERS, "content-type": "application/json"} if self.body is not None else dict(HEADERS)

    @property
    def path(self) -> str:
        """The path under the host's route prefix, with the query string."""
        query = f"?{urlencode(self.params)}" if self.params else ""
        return f"/{self.op.route}{query}"

    def inputs(self) -> Any:
        """The validated inputs, as the pipeline would hand them to the source."""
        return self.op.inputs.model_validate(self.body if self.body is not None else self.params)

    def http_request(self) -> func.HttpRequest:
        return func.HttpRequest(
            self.op.method,
            f"http://localhost/{route_prefix()}{self.path}",
            headers=self.headers,
            params=self.params,
            body=self.raw_body,
        )


def call_for(op: Operation, top: int = DEFAULT_TOP, email_bytes: int = EMAIL_BYTES) -> Call:
    paging = {"top": top, "skip": 0}
    if op.key == "record_summary":
        params = {**_RECORD, **_CRM, "startDateTime": "2024-01-01T00:00:00Z", "endDateTime": "2024-06-30T00:00:00Z"}
        return Call(op, _strings({**params, **paging}))
    if op.key in ("record_details", "key_sales_info"):
        return Call(op, _strings({**_RECORD, **_CRM, **paging}))
    if op.key == "email_summary_v1":
        contacts = {"emailContacts": "nora@contoso.com,sam@fabrikam.com"}
        return Call(op, _strings({**_RECORD, **_CRM, **contacts, "Top": top, "Skip": 0}))
    if op.key == "email_summary_v2":
        related = [{"entityId": _RECORD["recordId"], "entityType": "account"}]
        return Call(op, body={"resourceData": _email(email_bytes), "relatedEntities": related, **_CRM, **paging})
    if op.key == "email_draft":
        body = {
            "resourceData": _email(email_bytes),
            "resourceType": "email-thread",
            **_RECORD,
            **_CRM,
            "inputPrompt": "Suggest the pricing deck",
            **paging,
        }
        return Call(op, body=body)
    if op.key == "key_stakeholders":
        return Call(op, {"accountName": "Contoso"})
    raise ValueError(f"no workload for operation {op.key!r}")


def _strings(params: dict[str, Any]) -> dict[str, str]:
    return {name: str(value) for name, value in params.items()}
