"""The back-end API reference and its OpenAPI document: generated from the contract, committed as generated."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from connector.contract import FORWARDED_OPERATIONS
from connector.tools.backend_api import (
    EXAMPLE_ITEMS,
    OPENAPI_PATH,
    REFERENCE_PATH,
    V1_TITLE_RULE,
    build_openapi,
    build_reference,
    render_openapi,
)
from connector.tools.cli import main


def test_the_committed_reference_is_the_generators_output():
    committed = REFERENCE_PATH.read_text(encoding="utf-8")
    assert committed == build_reference(), "run `.venv/bin/python -m connector backend-api` and commit the result"


def test_the_committed_openapi_document_is_the_generators_output():
    committed = OPENAPI_PATH.read_text(encoding="utf-8")
    assert committed == render_openapi(), "run `.venv/bin/python -m connector backend-api` and commit the result"


def test_the_command_writes_both(tmp_path):
    assert main(["backend-api", "--out-dir", str(tmp_path)]) == 0
    assert (tmp_path / REFERENCE_PATH.name).read_text(encoding="utf-8") == build_reference()
    assert json.loads((tmp_path / OPENAPI_PATH.name).read_text(encoding="utf-8")) == build_openapi()


def test_the_openapi_document_is_valid_openapi_3_1():
    validate(build_openapi())


@pytest.mark.parametrize("op", FORWARDED_OPERATIONS, ids=lambda op: op.key)
def test_each_operation_is_described_field_by_field(op):
    reference = build_reference()
    section = reference.split(f"(`{op.key}`)")[1].split("\n## ")[0]
    assert f"`{op.method} {{BACKEND_BASE_URL}}/{op.route}`" in section
    for name in op.input_names():
        assert f"| `{name}` |" in section, f"input {name} is not described"
    for name in op.item.model_fields:
        assert f"| `{name}` |" in section, f"output {name} is not described"
    document = build_openapi()["paths"][f"/{op.route}"][op.method.lower()]
    assert document["operationId"] == op.key


@pytest.mark.parametrize("op", FORWARDED_OPERATIONS, ids=lambda op: op.key)
def test_the_examples_are_items_the_connector_serves(op):
    for item in EXAMPLE_ITEMS[op.key]:
        op.item.model_validate(item)


def test_limits_formats_and_the_v1_title_rule_are_stated():
    reference = build_reference()
    assert "1–20 characters" in reference  # key sales info and v1 titles
    assert "1–130 characters" in reference  # key sales info description
    assert "ISO 8601" in reference and "absolute http(s) URL" in reference
    assert "`content-pdf`" in reference and "Adaptive Card 1.5" in reference
    assert V1_TITLE_RULE in reference
    assert "separated by `,`, `;` or spaces" in reference  # emailContacts
    for code in ("INVALID_CRM_CONNECTION", "RECORD_NOT_FOUND", "REQUEST_THROTTLED", "BACKEND_ERROR", "BACKEND_TIMEOUT"):
        assert code in reference
    schemas = build_openapi()["components"]["schemas"]
    assert {"EmailInsight", "EmailInsightV2"} <= set(schemas)  # both email summary shapes
    assert schemas["SalesHighlight"]["properties"]["title"]["maxLength"] == 20
    assert schemas["Activity"]["properties"]["dateTime"]["format"] == "date-time"
