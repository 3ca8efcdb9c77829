"""The calls Copilot for Sales makes to a connector, and sending them.

Each operation is called as the skill calls it: the contract's method and every input it accepts,
with realistic values (a CRM record, an email thread, both `crmType` spellings seen in the wild),
the seller's language and the diagnostic headers. Values are keyed by the contract's parameter
names, so an operation gets exactly the inputs its model declares.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from requests.structures import CaseInsensitiveDict

from connector import header_names
from connector.contract import Operation

USER_AGENT = "sales-copilot"  # what Copilot for Sales sends as x-ms-user-agent
CRM_TYPE_SPELLINGS = ("Dynamics 365", "Dynamics365")  # the prose spelling and the sample definition's
UNSUPPORTED_LANGUAGE = "zu-ZA"  # a language no partner connector is expected to speak
PAGE_SIZE = 5  # the `top` Copilot for Sales asks for: a card shows a handful of items

# Realistic, well-formed record ids (Dynamics 365 ids are GUIDs). Any connector may not know them:
# an empty list or RECORD_NOT_FOUND is a note, not a failure. `--record TYPE:ID` names real ones.
DEFAULT_RECORDS = ("account:6f1c3b1e-8d2a-4c55-9a3e-1f2b3c4d5e60", "opportunity:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
DEFAULT_ACCOUNT_NAMES = ("Contoso",)
DEFAULT_CRM_ORG_URL = "https://contoso.crm.dynamics.com"


@dataclass(frozen=True)
class Subject:
    """What a call is about: a CRM record (`account:ID`) or, for sales chat, an account name."""

    record_type: str | None = None
    record_id: str | None = None
    account_name: str | None = None

    @classmethod
    def record(cls, text: str) -> Subject:
        record_type, sep, record_id = text.partition(":")
        if not sep or not record_type.strip() or not record_id.strip():
            raise ValueError(f"a record is TYPE:ID, e.g. account:{DEFAULT_RECORDS[0].split(':')[1]}; got {text!r}")
        return cls(record_type=record_type.strip(), record_id=record_id.strip())

    @property
    def label(self) -> str:
        if self.account_name is not None:
            return f"account name {self.account_name!r}"
        return f"{self.record_type}:{self.record_id}"


def _email_thread(now: datetime) -> dict[str, Any]:
    return {
        "subject": "Renewal of the Fabrikam support plan",
        "plaintextBody": "Hi Alex, could you send the updated pricing for the renewal before Friday? Thanks, Dana",
        "fullHtmlBody": "<p>Hi Alex, could you send the updated pricing for the renewal before Friday?</p><p>Thanks, Dana</p>",
        "from": "dana@fabrikam.com",
        "to": ["alex@contoso.com"],
        "cc": ["sam@contoso.com"],
        "bcc": [],
        "sentDateTime": (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "messageId": "<AM6PR01MB1234.eurprd01.prod.outlook.com>",
        "conversationId": "AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAJ7u",
    }


def realistic_inputs(op: Operation, subject: Subject, crm_type: str, crm_org_url: str) -> dict[str, Any]:
    """The inputs Copilot for Sales passes to `op` about `subject`, by contract parameter name."""
    now = datetime.now(UTC).replace(microsecond=0)
    values: dict[str, Any] = {
        "recordType": subject.record_type,
        "recordId": subject.record_id,
        "crmType": crm_type,
        "crmOrgUrl": crm_org_url,
        "startDateTime": (now - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "endDateTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "top": PAGE_SIZE,
        "skip": 0,
        "emailContacts": "dana@fabrikam.com,alex@contoso.com",
        "accountName": subject.account_name,
        "resourceData": _email_thread(now),
        "resourceType": "email-thread",
        "relatedEntities": (
            [{"entityId": subject.record_id, "entityType": subject.record_type, "entitySource": "CRM"}]
            if subject.record_id
            else None
        ),
        "inputPrompt": "Share the latest pricing sheet with Dana",
    }
    inputs = {}
    for name in op.input_names():  # the contract's own spelling, e.g. `Top` for email summary v1
        value = values.get(name, values.get(name.lower()))
        if value is not None:
            inputs[name] = value
    return inputs


@dataclass(frozen=True)
class Call:
    op: Operation
    url: str
    subject: Subject
    language: str  # the Accept-Language sent
    crm_type: str | None
    inputs: dict[str, Any]
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    omitted: str | None = None  # the required input left out on purpose, for the error-path checks

    @property
    def label(self) -> str:
        parts = [self.subject.label, self.language]
        if self.crm_type and "crmType" in self.inputs:
            parts.append(f"crmType {self.crm_type!r}")
        if self.omitted:
            parts.append(f"without {self.omitted}")
        return ", ".join(parts)


@dataclass
class Answer:
    call: Call
    status: int | None = None  # None: no answer at all (see `error`)
    headers: CaseInsensitiveDict = field(default_factory=CaseInsensitiveDict)
    body: Any = None
    json_problem: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def items_count(self) -> int | None:
        items = self.body.get(self.call.op.items_field) if isinstance(self.body, dict) else None
        return len(items) if isinstance(items, list) else None


def subjects_for(op: Operation, records: tuple[Subject, ...], account_names: tuple[str, ...]) -> list[Subject]:
    if "accountName" in op.input_names():
        return [Subject(account_name=name) for name in account_names]
    return list(records)


def plan(op: Operation, url: str, subjects: list[Subject], languages: tuple[str, ...], crm_org_url: str) -> list[Call]:
    """Per subject: both crmType spellings in the first language, then every other language."""
    calls = []
    first, *others = languages
    spellings = [(first, CRM_TYPE_SPELLINGS[0]), (first, CRM_TYPE_SPELLINGS[1])]
    spellings += [(language, CRM_TYPE_SPELLINGS[1]) for language in others]
    spellings.append((UNSUPPORTED_LANGUAGE, CRM_TYPE_SPELLINGS[0]))
    for subject in subjects:
        for language, crm_type in spellings:
            inputs = realistic_inputs(op, subject, crm_type, crm_org_url)
            calls.append(Call(op, url, subject, language, crm_type, inputs))
    return calls


def missing_input_calls(op: Operation, url: str, subject: Subject, language: str, crm_org_url: str) -> list[Call]:
    """One call per required input, with that input left out: each must answer 400 with ApiError."""
    inputs = realistic_inputs(op, subject, CRM_TYPE_SPELLINGS[1], crm_org_url)
    required = [alias for alias, name in op.input_names().items() if op.inputs.model_fields[name].is_required()]
    return [
        Call(
            op,
            url,
            subject,
            language,
            CRM_TYPE_SPELLINGS[1],
            {k: v for k, v in inputs.items() if k != name},
            omitted=name,
        )
        for name in required
    ]


def _root_cause(error: BaseException) -> str:
    """The innermost cause, e.g. `[Errno 111] Connection refused`, without urllib3's wrapping."""
    while (inner := error.__cause__ or error.__context__) is not None:
        error = inner
    return str(error).rsplit(": ", 1)[-1]


def send(session: requests.Session, call: Call, auth_headers: dict[str, str], timeout: float) -> Answer:
    headers = {
        header_names.ACCEPT_LANGUAGE: call.language,
        header_names.CLIENT_REQUEST_ID: call.request_id,
        header_names.CLIENT_USER_AGENT: USER_AGENT,
        header_names.ACCEPT: "application/json",
        **auth_headers,
    }
    kwargs: dict[str, Any] = {"headers": headers, "timeout": timeout}
    if call.op.method == "GET":
        kwargs["params"] = {name: str(value) for name, value in call.inputs.items()}
    else:
        kwargs["json"] = call.inputs
    started = time.perf_counter()
    try:
        response = session.request(call.op.method, call.url, **kwargs)
    except requests.Timeout:
        return Answer(call, error=f"no answer within {timeout:g} s", seconds=time.perf_counter() - started)
    except requests.ConnectionError as error:
        return Answer(
            call,
            error=f"no answer (ConnectionError): cannot connect to {call.url} ({_root_cause(error)})",
            seconds=time.perf_counter() - started,
        )
    except requests.RequestException as error:
        return Answer(call, error=f"no answer ({type(error).__name__}: {error})", seconds=time.perf_counter() - started)
    answer = Answer(call, status=response.status_code, headers=response.headers, seconds=time.perf_counter() - started)
    if not response.content:
        answer.json_problem = "the body is empty"
    elif "json" not in response.headers.get(header_names.CONTENT_TYPE, "").lower():
        answer.json_problem = (
            f"Content-Type is {response.headers.get(header_names.CONTENT_TYPE)!r}, not application/json"
        )
    else:
        try:
            answer.body = response.json()
        except ValueError:
            answer.json_problem = "the body is not valid JSON"
    return answer
