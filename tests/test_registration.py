"""The functions the worker indexes are exactly the contract's operations."""

from __future__ import annotations

import json
from pathlib import Path

import azure.functions as func

from connector.contract import CHAT_OPERATIONS, OPERATIONS

CONTRACT = Path(__file__).resolve().parent / "data" / "contract" / "operations.json"  # see its README


def test_one_function_per_operation_with_route_method_and_function_auth(functions):
    # The contract's seven, and the Sales agent chat's two routes outside the connector definition.
    assert len(OPERATIONS) == 7 and len(CHAT_OPERATIONS) == 2
    assert len(functions) == len(OPERATIONS) + len(CHAT_OPERATIONS) == 9
    for op in (*OPERATIONS, *CHAT_OPERATIONS):
        trigger = functions[op.key].get_trigger()
        assert trigger.route == op.route
        assert [str(m.value) for m in trigger.methods] == [op.method]
        assert trigger.auth_level == func.AuthLevel.FUNCTION


def test_functions_have_the_http_signature_the_worker_binds(functions):
    import inspect

    for function in functions.values():
        signature = inspect.signature(function.get_user_function())
        assert list(signature.parameters) == ["req", "context"]
        assert signature.parameters["req"].annotation is func.HttpRequest
        # The worker passes its invocation context (with the trace context) to `context: func.Context`.
        assert signature.parameters["context"].annotation is func.Context
        assert signature.return_annotation is func.HttpResponse


def test_registry_states_the_contract_word_for_word():
    from connector.models.email_thread import RelatedEntity, ResourceData

    contract = {op["key"]: op for op in json.loads(CONTRACT.read_text())["operations"]}
    assert set(contract) == {op.key for op in OPERATIONS}
    nested = {"resourceData": ResourceData, "relatedEntities": RelatedEntity}
    for op in OPERATIONS:
        spec = contract[op.key]
        assert (op.method, op.route, op.operation_id, op.summary, op.description) == (
            spec["method"],
            spec["route"],
            spec["operationId"],
            spec["summary"],
            spec["description"],
        )
        names = op.input_names()
        assert set(names) == {p["name"] for p in spec["parameters"]}, op.key
        for parameter in spec["parameters"]:
            field = op.inputs.model_fields[names[parameter["name"]]]
            assert field.description == parameter["description"], (op.key, parameter["name"])
            assert field.is_required() == parameter["required"], (op.key, parameter["name"])
            for prop in parameter.get("properties", []):
                model = nested[parameter["name"]]
                fields = {(f.alias or n): f for n, f in model.model_fields.items()}
                assert fields[prop["name"]].description == prop["description"]
                assert fields[prop["name"]].is_required() == prop.get("required", False)
        for output in spec["response"]["properties"]:
            field = op.item.model_fields[output["name"]]
            assert field.description == output["description"], (op.key, output["name"])
            assert field.is_required() == output["required"], (op.key, output["name"])
        schema = op.item.model_json_schema()
        for output in spec["response"]["properties"]:
            for limit in ("maxLength", "minLength"):
                if limit in output and output.get("format") != "date-time":  # a date-time is never empty
                    assert schema["properties"][output["name"]].get(limit) == output[limit], (op.key, output["name"])
