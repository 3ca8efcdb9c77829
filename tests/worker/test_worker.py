"""The worker tier: the app inside Azure's own Python worker, compared with the local host.

Azure (and `func start`) find and call the functions through the Python worker, not through our
local host. Here the worker library Azure loads for Python 3.13 (`azure-functions-runtime`) indexes
the deployment package and is invoked with the host's messages, in a Python 3.13 environment built
from `requirements.txt` and cached under `.venv/cache/`. Every answer must equal the local host's.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from connector.contract import CHAT_OPERATIONS, OPERATIONS
from connector.host import route_prefix
from connector.tools.devhost import FunctionHost
from connector.tools.package import package_files
from function_app import app
from tests.support.backend_server import BackendServer, Reply
from tests.support.ingestion import IngestionEndpoint
from tests.support.interpreters import find_python
from tests.support.rawhttp import send
from tests.worker.client import Answer, Call, Worker
from tests.worker.environment import MISSING, ROOT, WORKER_PYTHON, worker_python

OPS = {op.key: op for op in (*OPERATIONS, *CHAT_OPERATIONS)}  # the seven, and the chat's two routes
# The sample records the README names, so the answers carry real, localized data.
VALID = {
    "record_summary": {
        "recordType": "account",
        "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11",
        "crmType": "Dynamics 365",
        "top": "3",
    },
    "record_details": {"recordType": "account", "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"},
    "key_sales_info": {"recordType": "opportunity", "recordId": "0d7c4b2a-9e8f-4d1c-a6b5-3e2f1a0c9d44"},
    "email_summary_v1": {"emailContacts": "sanjay.shah@contoso.com", "Top": "2"},
    "email_summary_v2": {
        "resourceData": {
            "subject": "Renewal pricing",
            "from": "sanjay.shah@contoso.com",
            "to": ["seller@relecloud.example"],
        },
        "crmType": "Dynamics365",
    },
    "email_draft": {"resourceType": "email-thread", "resourceData": {"subject": "Security review before we sign"}},
    "key_stakeholders": {"accountName": "Contoso Ltd"},
    "record_lookup": {"recordType": "account", "name": "contoso"},
    "email_draft_text": {"subject": "Security review before we sign", "text": "Could you send the whitepaper?"},
}
# Headers whose difference a caller would notice (the host adds its own Date, Server and the like).
HEADERS_THAT_MATTER = (
    "content-type",
    "content-language",
    "x-ms-client-request-id",
    "retry-after",
    "allow",
    "www-authenticate",
)
HOST_TRACE_ID = "0af7651916cd43dd8448eb211c80319c"  # the trace the Functions host gives the invocation
HOST_SPAN_ID = "b7ad6b7169203331"


def _worker_env(**settings: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CONNECTOR_", "BACKEND_")) and k != "APPLICATIONINSIGHTS_CONNECTION_STRING"
    }
    return {**env, "APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true", **settings}


if find_python(WORKER_PYTHON) is None:  # one line for the whole tier, saying what to install
    if os.environ.get("CI"):  # CI runs on this project's machines, where 3.13 must be there
        pytest.fail(MISSING, pytrace=False)
    pytest.skip(MISSING, allow_module_level=True)


@pytest.fixture(scope="session")
def worker_python_path() -> Path:
    return worker_python()


@pytest.fixture(scope="session")
def app_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What Azure receives: the files `python -m connector package` zips (the app folder less `.funcignore`)."""
    destination = tmp_path_factory.mktemp("deployment") / "app"
    for path, name in package_files(ROOT):
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination / name)
    return destination


@pytest.fixture(scope="module")
def worker(worker_python_path: Path, app_package: Path) -> Iterator[Worker]:
    started = Worker(worker_python_path, app_package, _worker_env())
    yield started
    assert started.close() == 0, started.output()


def call_of(key: str, case: str) -> Call:
    """The request for one operation and one case: valid, bad input, unknown language, or as text."""
    op = OPS[key]
    headers = {
        "Accept-Language": "fr-FR,fr;q=0.9",
        "x-ms-client-request-id": f"worker-{key}-{case}",
        "x-ms-user-agent": "sales-copilot",
        "traceparent": f"00-{HOST_TRACE_ID}-00f067aa0ba902b7-01",
    }
    if case == "unknown-language":
        headers["Accept-Language"] = "sw-KE"  # not offered: the default language answers
    inputs = {} if case == "bad-input" else VALID[key]
    path = f"/{route_prefix()}/{op.route}"
    if op.method == "GET":
        query = urlencode(inputs)
        return Call("GET", f"{path}?{query}" if query else path, headers)
    body = b'{"resourceData": {"subject": ' if case == "bad-input" else json.dumps(inputs).encode()
    return Call("POST", path, {**headers, "Content-Type": "application/json"}, body)


def local_answer(served_host: str, call: Call) -> Answer:
    base = served_host.removesuffix(f"/{route_prefix()}")
    headers = [(k.encode(), v.encode()) for k, v in call.headers.items()]
    raw = send(base, call.method, call.path, headers, call.body)
    return Answer(raw.status, {k.lower(): v for k, v in raw.headers.items()}, raw.body)


def assert_same(worker_answer: Answer, local: Answer) -> None:
    assert worker_answer.status == local.status, (worker_answer.body, local.body)
    for name in HEADERS_THAT_MATTER:
        assert worker_answer.headers.get(name) == local.headers.get(name), name
    assert worker_answer.body == local.body


def test_the_worker_indexes_the_deployment_package_without_failing(worker):
    assert worker.indexed["init_failure"] is None
    assert worker.indexed["metadata_failure"] is None
    assert all(f["load_failure"] is None for f in worker.indexed["functions"])


def test_the_worker_finds_the_nine_functions_by_name(worker):
    assert sorted(worker.functions) == sorted(OPS)
    assert len(worker.functions) == len(OPERATIONS) + len(CHAT_OPERATIONS) == 9


@pytest.mark.parametrize("key", OPS)
def test_each_function_has_its_method_route_auth_level_and_bindings(worker, key):
    op = OPS[key]
    function = worker.functions[op.key]
    assert (function["script_file"], function["language"], function["worker_indexed"]) == (
        "function_app.py",
        "python",
        "True",
    )
    trigger, output = function["raw_bindings"]
    assert trigger == {
        "direction": "IN",
        "type": "httpTrigger",
        "name": "req",
        "methods": [op.method],
        "authLevel": "FUNCTION",
        "route": op.route,
    }
    assert output == {"direction": "OUT", "type": "http", "name": "$return"}
    assert function["bindings"] == {
        "req": {"type": "httpTrigger", "direction": "in"},
        "$return": {"type": "http", "direction": "out"},
    }
    # `req` is bound as an HttpRequest, the return value is the HttpResponse, and `context` is recognised.
    assert function["parameters"] == {"req": "HttpRequest"}
    assert function["returns"] == "HttpResponse"
    assert function["requires_context"] is True


@pytest.mark.parametrize("key", OPS)
def test_the_local_host_serves_each_function_at_the_path_the_host_gives_it(worker, key):
    route = worker.functions[OPS[key].key]["raw_bindings"][0]["route"]
    assert not route.startswith(("/", f"{route_prefix()}/"))  # the host adds the prefix itself
    served = {r.name: r for r in FunctionHost(app).routes}[OPS[key].key]
    assert served.pattern.match(f"/{route_prefix()}/{route}")
    assert served.methods == {OPS[key].method}


CASES = [(key, case) for key in OPS for case in ("valid", "bad-input", "unknown-language")]


@pytest.mark.parametrize(("key", "case"), CASES, ids=[f"{k}-{c}" for k, c in CASES])
def test_every_operation_answers_through_the_worker_as_on_the_local_host(worker, served_host, key, case):
    call = call_of(key, case)
    local = local_answer(served_host, call)
    expected_status = 400 if case == "bad-input" else 200
    assert local.status == expected_status, local.body
    worker_answer = worker.invoke(
        OPS[key].key, call, host=urlsplit(served_host).netloc, traceparent=f"00-{HOST_TRACE_ID}-{HOST_SPAN_ID}-01"
    )
    assert_same(worker_answer, local)
    if case == "unknown-language":
        assert worker_answer.headers["content-language"] == "en"
    elif case == "valid":
        assert worker_answer.headers["content-language"] == "fr"


@pytest.mark.parametrize("key", [k for k, op in OPS.items() if op.method == "POST"])
@pytest.mark.parametrize("body_as", ["bytes", "string"])
def test_a_post_body_reads_the_same_whether_the_host_sends_it_as_bytes_or_text(worker, served_host, key, body_as):
    call = call_of(key, "valid")
    worker_answer = worker.invoke(OPS[key].key, call, host=urlsplit(served_host).netloc, body_as=body_as)
    assert worker_answer.status == 200
    assert_same(worker_answer, local_answer(served_host, call))


@pytest.fixture
def traced_worker(
    worker_python_path: Path, app_package: Path
) -> Iterator[tuple[Worker, IngestionEndpoint, BackendServer]]:
    """The worker with telemetry on (the local ingestion endpoint) and a local partner back end as source."""
    ingestion = IngestionEndpoint()
    backend = BackendServer(Reply(body={"adaptiveCards": []})).start()  # key stakeholders' empty answer
    traced = Worker(
        worker_python_path,
        app_package,
        _worker_env(
            APPLICATIONINSIGHTS_CONNECTION_STRING=ingestion.connection_string,
            CONNECTOR_SOURCE="backend",
            BACKEND_BASE_URL=backend.url,
        ),
    )
    try:
        yield traced, ingestion, backend
    finally:
        traced.close()
        backend.stop()
        ingestion.close()


def _items_of(ingestion: IngestionEndpoint, kind: str, request_id: str) -> list[dict]:
    return [
        item
        for item in ingestion.items(kind)
        if item["data"]["baseData"].get("properties", {}).get("clientRequestId") == request_id
    ]


@pytest.mark.parametrize("key", [k for k, op in OPS.items() if op.method == "POST"])
def test_a_post_without_a_body_is_refused_alike(worker, served_host, key):
    call = Call(
        "POST",
        f"/{route_prefix()}/{OPS[key].route}",
        {"Content-Type": "application/json", "x-ms-client-request-id": f"worker-{key}-empty"},
    )
    local = local_answer(served_host, call)
    assert local.status == 400
    assert_same(worker.invoke(OPS[key].key, call, host=urlsplit(served_host).netloc), local)


def test_the_worker_trace_context_reaches_the_request_item(traced_worker):
    traced, ingestion, _ = traced_worker
    call = call_of("key_stakeholders", "valid")
    answer = traced.invoke(
        "key_stakeholders", call, host="127.0.0.1:7071", traceparent=f"00-{HOST_TRACE_ID}-{HOST_SPAN_ID}-01"
    )
    assert answer.status == 200, answer.body
    # The worker ends as when the host stops it; pending telemetry is sent on the way out.
    assert traced.close() == 0, traced.output()
    [item] = _items_of(ingestion, "Request", call.headers["x-ms-client-request-id"])
    # The host's invocation is the parent: our request item joins the trace the worker was given.
    assert item["tags"]["ai.operation.id"] == HOST_TRACE_ID
    assert item["tags"]["ai.operation.parentId"] == HOST_SPAN_ID
    assert item["data"]["baseData"]["responseCode"] == "200"


def test_a_logged_warning_with_telemetry_on_still_gets_the_documented_answer(traced_worker):
    # Found here: opencensus's log handler has no lock, and Python 3.13's logging takes it with
    # `with`, so the first warning of a call (here a back end answering non-JSON) raised inside it.
    traced, ingestion, backend = traced_worker
    backend.reply(Reply(status=200, body=b"<html>not json</html>", headers={"Content-Type": "text/html"}))
    call = call_of("key_stakeholders", "valid")
    answer = traced.invoke("key_stakeholders", call, host="127.0.0.1:7071")
    assert answer.status == 502, answer.body
    assert json.loads(answer.body)["errorCode"] == "BACKEND_ERROR"
    assert traced.close() == 0, traced.output()
    assert _items_of(ingestion, "Message", call.headers["x-ms-client-request-id"]), traced.output()
