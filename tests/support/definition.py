"""Checking live responses against the connector definition's own response schemas."""

from __future__ import annotations

from typing import Any

import requests
from jsonschema import Draft4Validator

from connector.contract import Operation
from tests.support.inputs import request_of
from tests.support.wsgi import HostClient


def send(
    host: HostClient,
    op: Operation,
    params: dict[str, str] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Call the operation on the local host; a dict body is sent as JSON, bytes as they are."""
    url = f"{host.api}/{op.route}"
    if isinstance(body, bytes):
        return host.request(op.method, url, params=params, data=body, headers=headers)
    return host.request(op.method, url, params=params, json=body, headers=headers)


def call_validly(host: HostClient, op: Operation) -> requests.Response:
    return send(host, op, **request_of(op))


def schema_errors(definition: dict[str, Any], op: Operation, response: requests.Response) -> list[str]:
    """Why the response breaks the schema the definition declares for its status (empty when it conforms)."""
    declared = definition["paths"][f"/{op.route}"][op.method.lower()]["responses"]
    status = str(response.status_code)
    if status not in declared:
        return [f"status {status} is not declared for {op.operation_id}"]
    schema = {**declared[status]["schema"], "definitions": definition["definitions"]}
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(response.json())]
