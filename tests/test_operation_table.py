"""The operation table, each operation's model module and the committed definition say the same thing.

The table (`connector.contract`) is what indexing reads; the models are imported on first use. The
contract is still stated once: the table names each operation's module, and here the three agree.
"""

from __future__ import annotations

import json
import pkgutil
import typing

import pytest

import connector.models
from connector.contract import MAX_TOP, MORE_FIELD, OPERATIONS, OPERATIONS_BY_KEY
from connector.models.base import Inputs, Output
from connector.tools.openapi import DEFINITION_PATH

SHARED_MODULES = {"connector.models.base", "connector.models.errors", "connector.models.email_thread"}


def _definition() -> dict:
    return json.loads(DEFINITION_PATH.read_text(encoding="utf-8"))


def test_every_model_module_is_an_operations_or_shared():
    modules = {f"connector.models.{m.name}" for m in pkgutil.iter_modules(connector.models.__path__)}
    every = list(OPERATIONS_BY_KEY.values())  # the contract's operations and the Sales agent's chat routes
    assert modules == {op.module for op in every} | SHARED_MODULES
    assert len({op.module for op in every}) == len(every)  # one module per operation


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_the_table_names_a_module_holding_the_operations_models(op):
    assert issubclass(op.inputs, Inputs) and issubclass(op.item, Output)
    assert op.inputs.__module__ == op.item.__module__ == op.module


@pytest.mark.parametrize("op", OPERATIONS_BY_KEY.values(), ids=lambda op: op.key)
def test_the_envelope_and_page_size_on_the_table_are_the_models(op):
    envelope = op.response.model_fields
    assert set(envelope) == {op.items_field} | ({MORE_FIELD} if op.paged else set())
    assert typing.get_args(envelope[op.items_field].annotation) == (op.item,)
    # A paged operation takes top and skip; its page size is the largest top the model accepts.
    assert op.paged == ("top" in op.inputs.model_fields) == ("skip" in op.inputs.model_fields)
    if op.paged:
        assert op.page_size == MAX_TOP
        assert op.inputs.model_validate({**_required(op), "top": MAX_TOP}).top == MAX_TOP
        with pytest.raises(ValueError):
            op.inputs.model_validate({**_required(op), "top": MAX_TOP + 1})


def _required(op) -> dict:
    """The smallest valid input of an operation that pages (all take a record or the e-mail contacts)."""
    if "emailContacts" in op.inputs.model_fields:
        return {"emailContacts": "a@contoso.com"}
    if "resourceData" in op.inputs.model_fields:
        return {"resourceData": {}, "resourceType": "email-thread"}
    if "text" in op.inputs.model_fields:
        return {"text": "Renewal"}
    if "name" in op.inputs.model_fields:
        return {"recordType": "account", "name": "Contoso"}
    return {"recordType": "account", "recordId": "1"}


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_the_committed_definition_states_the_tables_operation(op):
    definition = _definition()
    if op.key == "email_summary_v1":  # shares its description with v2, which the committed definition carries
        assert f"/{op.route}" not in definition["paths"]
        return
    declared = definition["paths"][f"/{op.route}"][op.method.lower()]
    assert (declared["operationId"], declared["summary"], declared["description"]) == (
        op.operation_id,
        op.summary,
        op.description,
    )
    envelope = declared["responses"]["200"]["schema"]
    envelope = definition["definitions"][envelope["$ref"].removeprefix("#/definitions/")]
    assert set(envelope["properties"]) == set(op.response.model_fields)
    if op.input_location == "query":
        assert {p["name"] for p in declared["parameters"] if p["in"] == "query"} == set(op.input_names())
    else:
        assert [p["in"] for p in declared["parameters"] if p["in"] != "header"] == ["body"]
