"""Checking live responses against the connector definition's own response schemas."""

from __future__ import annotations

from typing import Any

import requests
from jsonschema import Draft4Validator

from connector.contract import Operation

# One valid call per operation: (query parameters, JSON body).
VALID_INPUTS: dict[str, tuple[dict[str, str], dict[str, Any] | None]] = {
    "record_summary": ({"recordType": "account", "recordId": "1"}, None),
    "record_details": ({"recordType": "account", "recordId": "1"}, None),
    "key_sales_info": ({"recordType": "account", "recordId": "1"}, None),
    "email_summary_v1": ({"emailContacts": "anna@contoso.com"}, None),
    "email_summary_v2": ({}, {"resourceData": {"subject": "Renewal", "from": "anna@contoso.com"}}),
    "email_draft": ({}, {"resourceData": {"subject": "Renewal"}, "resourceType": "email-thread"}),
    "key_stakeholders": ({"accountName": "Contoso"}, None),
}


def send(base_url: str, op: Operation, params: dict[str, str] | None = None, body: Any = None,
         headers: dict[str, str] | None = None) -> requests.Response:
    """Call the operation on the local host; a dict body is sent as JSON, bytes as they are."""
    url = f"{base_url}/{op.route}"
    if isinstance(body, bytes):
        return requests.request(op.method, url, params=params, data=body, headers=headers, timeout=10)
    return requests.request(op.method, url, params=params, json=body, headers=headers, timeout=10)


def call_validly(base_url: str, op: Operation) -> requests.Response:
    params, body = VALID_INPUTS[op.key]
    return send(base_url, op, params, body)


def schema_errors(definition: dict[str, Any], op: Operation, response: requests.Response) -> list[str]:
    """Why the response breaks the schema the definition declares for its status (empty when it conforms)."""
    declared = definition["paths"][f"/{op.route}"][op.method.lower()]["responses"]
    status = str(response.status_code)
    if status not in declared:
        return [f"status {status} is not declared for {op.operation_id}"]
    schema = {**declared[status]["schema"], "definitions": definition["definitions"]}
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.json())]
