"""Everything the caller controls is read inside the pipeline's guard, by construction.

- Each reader in `connector.caller.READERS` is made to fail in turn: every call still answers a clean
  `500 INTERNAL_SERVER_ERROR` `ApiError` with an `activityId`, through the real local host, and
  Application Insights (a local ingestion endpoint) receives an exception item with the stack.
- Nothing in the runtime touches the request but `connector.caller`, and `run` hands the request to
  its guarded part only: a reader cannot be called outside the guard without failing here.
"""

from __future__ import annotations

import ast
import base64
import json
from pathlib import Path

import pytest
import requests

from connector import caller
from connector.header_names import CLIENT_PRINCIPAL
from tests.support.ingestion import IngestionEndpoint

RUNTIME = Path(caller.__file__).parent
REQUEST_PARTS = {"headers", "params", "get_body", "route_params", "url", "method", "form", "files", "get_json"}
PRINCIPAL = base64.b64encode(json.dumps({"auth_typ": "aad"}).encode()).decode()
CALLS = [  # one GET and one POST operation, with every header a reader reads
    ("GET", "enhanceskills/key-stakeholders", {"params": {"accountName": "Contoso"}}),
    (
        "POST",
        "enhanceskills/content-suggestions",
        {"json": {"resourceData": {"subject": "Renewal"}, "resourceType": "email-thread"}},
    ),
]


class ReaderFailed(RuntimeError):
    pass


def _failing(name: str):
    def reader(req, invocation):
        raise ReaderFailed(f"the {name} reader failed")

    return reader


@pytest.fixture
def ingestion(configure):
    endpoint = IngestionEndpoint()
    connector = configure(
        CONNECTOR_SOURCE="tests.support.sources:CountingSource",
        CONNECTOR_REQUIRE_PRINCIPAL="true",
        APPLICATIONINSIGHTS_CONNECTION_STRING=endpoint.connection_string,
    )
    endpoint.connector = connector
    yield endpoint
    endpoint.close()


def test_every_reader_failing_answers_a_clean_500_and_reaches_telemetry(served_host, ingestion, monkeypatch):
    answered: dict[str, str] = {}  # activityId -> the reader that failed
    for name in caller.READERS:
        with monkeypatch.context() as patch:
            patch.setattr(caller, name, _failing(name))
            for method, route, inputs in CALLS:
                request_id = f"reader-{name}-{method}".replace("_", "-")
                headers = {
                    "x-ms-client-request-id": request_id,
                    "Accept-Language": "fr",
                    "x-ms-user-agent": "sales-copilot",
                    "Authorization": "Bearer t",
                    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    CLIENT_PRINCIPAL: PRINCIPAL,
                }
                response = requests.request(method, f"{served_host}/{route}", headers=headers, timeout=10, **inputs)
                assert response.status_code == 500, (name, response.text)
                assert response.headers["Content-Type"].startswith("application/json")
                error = response.json()
                assert error["errorCode"] == "INTERNAL_SERVER_ERROR"
                assert error["activityId"] == response.headers["x-ms-client-request-id"]
                if name != "request_id":  # read first: the caller's id is known when any other reader fails
                    assert error["activityId"] == request_id
                assert "reader failed" not in response.text
                answered[error["activityId"]] = name
    # Once the reader works again, so does the call.
    assert (
        requests.get(
            f"{served_host}/enhanceskills/key-stakeholders",
            params={"accountName": "Contoso"},
            headers={CLIENT_PRINCIPAL: PRINCIPAL},
            timeout=10,
        ).status_code
        == 200
    )

    ingestion.connector.telemetry.shutdown()  # sends what is pending
    exceptions = {}
    for item in ingestion.items("Exception"):
        request_id = item["data"]["baseData"]["properties"].get("clientRequestId")
        exceptions[request_id] = item["data"]["baseData"]["exceptions"][0]
    for request_id, name in answered.items():
        assert request_id in exceptions, f"no exception item for the {name} reader"
        assert exceptions[request_id]["typeName"].endswith("ReaderFailed")
        assert f"the {name} reader failed" in json.dumps(exceptions[request_id])
    assert set(answered.values()) == set(caller.READERS)


def test_every_reader_is_a_field_of_what_the_caller_sent():
    assert set(caller.READERS) == set(caller.Caller._fields)


def _request_reads(tree: ast.AST) -> list[str]:
    """`req.<part>` and `request.<part>` in a module: where it reads the request itself."""
    return [
        f"line {node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in REQUEST_PARTS
        and isinstance(node.value, ast.Name)
        and node.value.id in ("req", "request")
    ]


def test_only_the_readers_touch_the_request():
    for path in sorted(RUNTIME.rglob("*.py")):
        if "tools" in path.relative_to(RUNTIME).parts or path.name == "caller.py":
            continue
        assert _request_reads(ast.parse(path.read_text(encoding="utf-8"))) == [], path
    assert _request_reads(ast.parse(Path(caller.__file__).read_text(encoding="utf-8")))  # the rule sees them


def test_run_hands_the_request_to_its_guarded_part_only():
    tree = ast.parse((RUNTIME / "pipeline.py").read_text(encoding="utf-8"))
    run = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run")
    [guarded] = [n for n in ast.walk(run) if isinstance(n, ast.Try)]
    uses = [n for n in ast.walk(run) if isinstance(n, ast.Name) and n.id in ("req", "invocation")]
    in_guard = {id(n) for statement in guarded.body for n in ast.walk(statement)}
    assert uses and all(id(n) in in_guard for n in uses)
    calls = [n for statement in guarded.body for n in ast.walk(statement) if isinstance(n, ast.Call)]
    assert [c.func.id for c in calls if isinstance(c.func, ast.Name)] == ["_answer"]
