"""Valid inputs of every operation, the one table tests draw them from.

They are the product's own realistic inputs: what the conformance checker sends as Copilot for Sales
(`connector.tools.check.calls.realistic_inputs`: an email thread, both date bounds, the CRM org URL...),
about a record the sample source knows (Contoso, `connector/sources/sample/RECORDS.md`), so the same
call gets real answers from the sample data and from any test source. Paging is left out: a test
that pages says so (`paged`).
"""

from __future__ import annotations

from typing import Any

from connector.contract import OPERATIONS, OPERATIONS_BY_KEY, Operation
from connector.sources.sample.dataset import CONTOSO_ID
from connector.tools.check.calls import CRM_TYPE_SPELLINGS, DEFAULT_CRM_ORG_URL, Subject, realistic_inputs

CONTOSO = Subject(record_type="account", record_id=CONTOSO_ID)
CONTOSO_BY_NAME = Subject(account_name="Contoso Ltd")
PAGING = ("top", "skip")


def subject_of(op: Operation) -> Subject:
    return CONTOSO_BY_NAME if "accountName" in op.input_names() else CONTOSO


def inputs_of(op: Operation) -> dict[str, Any]:
    """Every input `op` accepts but paging, by contract name, as JSON values."""
    values = realistic_inputs(op, subject_of(op), CRM_TYPE_SPELLINGS[0], DEFAULT_CRM_ORG_URL)
    return {name: value for name, value in values.items() if name.lower() not in PAGING}


def query_of(op: Operation) -> dict[str, str]:
    """The inputs of a GET operation as query parameters."""
    return {name: str(value) for name, value in inputs_of(op).items()}


def request_of(op: Operation) -> dict[str, Any]:
    """`params=` for a GET operation, `body=` for a POST one: the keyword arguments of the `call` fixture."""
    return {"params": query_of(op)} if op.method == "GET" else {"body": inputs_of(op)}


def paged(op: Operation, top: int | None = None, skip: int | None = None) -> dict[str, Any]:
    """`request_of(op)` asking for a page, in the operation's own spelling (`Top` for email summary v1)."""
    request = request_of(op)
    where = request["params"] if op.method == "GET" else request["body"]
    names = {name.lower(): name for name in op.input_names()}
    for key, value in (("top", top), ("skip", skip)):
        if value is not None:
            where[names[key]] = str(value) if op.method == "GET" else value
    return request


VALID: dict[str, dict[str, Any]] = {op.key: request_of(op) for op in OPERATIONS}

# The parts most bad-input cases change one thing in: the record asked about, and the email thread.
RECORD = {"recordType": CONTOSO.record_type, "recordId": CONTOSO.record_id}
THREAD = {"resourceData": inputs_of(OPERATIONS_BY_KEY["email_draft"])["resourceData"], "resourceType": "email-thread"}
