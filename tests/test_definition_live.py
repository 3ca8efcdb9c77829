"""Live responses from the local host conform to the definition's own response schemas."""

from __future__ import annotations

import pytest

from connector.contract import OPERATIONS, operation
from connector.tools.openapi import build_definition
from tests.support.definition import call_validly, schema_errors, send
from tests.support.inputs import paged
from tests.support.sources import ITEM_COUNT

POST_OPERATIONS = [op for op in OPERATIONS if op.method == "POST"]


def definition_for(op):
    return build_definition(email_summary="v1" if op.key == "email_summary_v1" else "v2")


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_operations_answer_conforms_to_its_declared_schema(local_host, configure, op):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")
    response = call_validly(local_host, op)
    assert response.status_code == 200
    body = response.json()
    assert body[op.items_field], "the answer carries items"
    assert schema_errors(definition_for(op), op, response) == []


def test_a_page_with_more_items_states_it_in_the_declared_shape(local_host, configure):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")
    op = operation("record_details")
    response = send(local_host, op, **paged(op, top=2))
    assert response.json()["hasMoreResults"] is True and len(response.json()["value"]) == 2 < ITEM_COUNT
    assert schema_errors(definition_for(op), op, response) == []


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_invalid_input_and_a_failing_source_answer_declared_error_bodies(local_host, configure, op):
    configure(CONNECTOR_SOURCE="tests.support.sources:RaisingSource")
    definition = definition_for(op)
    invalid = send(local_host, op, {}, {} if op.method == "POST" else None)
    assert (invalid.status_code, invalid.json()["errorCode"]) == (400, "INVALID_REQUEST")
    assert schema_errors(definition, op, invalid) == []
    failed = call_validly(local_host, op)
    assert (failed.status_code, failed.json()["errorCode"]) == (500, "INTERNAL_SERVER_ERROR")
    assert schema_errors(definition, op, failed) == []


def test_documented_source_errors_answer_declared_error_bodies(local_host, configure):
    configure(CONNECTOR_SOURCE="tests.support.sources:NotFoundSource")
    for key, status, code in [
        ("record_summary", 404, "RECORD_NOT_FOUND"),
        ("key_sales_info", 400, "INVALID_CRM_CONNECTION"),
    ]:
        op = operation(key)
        response = call_validly(local_host, op)
        assert (response.status_code, response.json()["errorCode"]) == (status, code)
        assert schema_errors(definition_for(op), op, response) == []


@pytest.mark.parametrize("op", POST_OPERATIONS, ids=lambda op: op.key)
def test_body_errors_answer_declared_error_bodies(local_host, configure, op):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource", CONNECTOR_MAX_BODY_BYTES="1024")
    definition = definition_for(op)
    mistyped = send(local_host, op, body=b"subject=Renewal", headers={"Content-Type": "text/plain"})
    assert (mistyped.status_code, mistyped.json()["errorCode"]) == (415, "UNSUPPORTED_MEDIA_TYPE")
    assert schema_errors(definition, op, mistyped) == []
    too_large = send(
        local_host, op, body={"resourceData": {"plaintextBody": "x" * 2000}, "resourceType": "email-thread"}
    )
    assert (too_large.status_code, too_large.json()["errorCode"]) == (413, "REQUEST_TOO_LARGE")
    assert schema_errors(definition, op, too_large) == []
