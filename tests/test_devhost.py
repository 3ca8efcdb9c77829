"""The local host: what `python -m connector serve` serves, and how faithfully it translates HTTP."""

from __future__ import annotations

import json
import os
import socket

import pytest
import requests

from benchmarks.servers import local_host as serve_command
from connector.contract import OPERATIONS
from connector.host import route_prefix
from connector.tools.devhost import load_local_settings
from tests.support.inputs import inputs_of, query_of

COUNTING = "tests.support.sources:CountingSource"


@pytest.fixture(autouse=True)
def counting(configure):
    configure(CONNECTOR_SOURCE=COUNTING)


def test_it_serves_every_registered_function_under_the_host_json_prefix(local_host):
    assert local_host.api.endswith(f"/{route_prefix()}")
    for op in OPERATIONS:
        url = f"{local_host.api}/{op.route}"
        response = (
            local_host.post(url, json=inputs_of(op))
            if op.method == "POST"
            else local_host.get(url, params=query_of(op))
        )
        assert response.status_code == 200, (op.key, response.text)
        op.response.model_validate(response.json())


def test_headers_query_body_and_status_pass_through(local_host):
    response = local_host.get(
        f"{local_host.api}/enhanceskills/sales-highlights",
        params={"recordType": "account", "recordId": "1", "top": "2"},
        headers={"Accept-Language": "ja", "x-ms-client-request-id": "trace-7"},
    )
    assert response.status_code == 200
    # As the Python worker answers in Azure: application/json names no charset (JSON is UTF-8).
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Language"] == "ja"
    assert response.headers["x-ms-client-request-id"] == "trace-7"
    assert len(response.json()["value"]) == 2


def test_repeated_query_parameters_arrive_joined_as_on_azure(local_host):
    response = local_host.get(f"{local_host.api}/enhanceskills/activities?recordType=account&recordId=1&top=1&top=2")
    assert response.status_code == 400
    assert "top" in response.json()["details"]


def test_a_trailing_slash_and_route_case_are_tolerated_like_the_functions_host(local_host):
    response = local_host.get(
        f"{local_host.api}/EnhanceSkills/Activities/", params={"recordType": "a", "recordId": "1"}
    )
    assert response.status_code == 200


def test_local_settings_json_values_become_settings_without_overriding_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "local.settings.json"
    path.write_text('{"Values": {"CONNECTOR_LANGUAGES": "de", "CONNECTOR_SOURCE": "backend"}}')
    monkeypatch.setenv("CONNECTOR_LANGUAGES", "en")  # so that undo removes what the file sets
    monkeypatch.delenv("CONNECTOR_LANGUAGES")
    monkeypatch.setenv("CONNECTOR_SOURCE", COUNTING)
    load_local_settings(path)
    assert os.environ["CONNECTOR_LANGUAGES"] == "de"
    assert os.environ["CONNECTOR_SOURCE"] == COUNTING


def test_the_serve_command_answers_on_the_port_it_reports():
    # `--port 0`: the host takes any free port and its first line says which; nothing is probed.
    with serve_command({**os.environ, "CONNECTOR_SOURCE": COUNTING}) as host:
        response = requests.get(
            f"{host.url}/enhanceskills/key-stakeholders", params={"accountName": "Contoso"}, timeout=10
        )
    assert response.status_code == 200
    assert response.json()["adaptiveCards"]


def _raw_exchange(base_url: str, request: bytes) -> bytes:
    """Everything the host sends back for one request on its own connection."""
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize("path", ["enhanceskills/key-stakeholders?accountName=Contoso", "enhanceskills/nothing"])
def test_a_head_answer_is_headers_only(served_host, path):
    prefix = "/" + served_host.split("/", 3)[3]
    answer = _raw_exchange(
        served_host, f"HEAD {prefix}/{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert rest == b""  # not even the empty chunk of a chunked body
    assert b"transfer-encoding" not in head.lower()
    assert b"content-type: application/json" in head.lower()


@pytest.mark.parametrize("coding", [b"gzip", b"gzip, chunked", b"compress, chunked", b"chunked, chunked, x"])
def test_a_transfer_encoding_the_host_cannot_read_is_a_json_400(served_host, coding):
    from tests.support.rawhttp import send

    response = send(
        served_host,
        "POST",
        "enhanceskills/content-suggestions",
        [(b"Content-Type", b"application/json"), (b"Transfer-Encoding", coding)],
        b"0\r\n\r\n",
    )
    assert response.status == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["errorCode"] == "INVALID_REQUEST"
    assert "Transfer-Encoding" in response.json()["errorMessage"]


def test_a_request_the_host_cannot_translate_is_a_json_400_and_a_failing_function_a_json_500():
    import io

    import azure.functions as func

    from connector.tools.devhost import FunctionHost
    from tests.support import wsgi

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="boom", methods=["GET"])
    def boom(req: func.HttpRequest) -> func.HttpResponse:
        raise RuntimeError("a bug in the function")

    host = FunctionHost(app, prefix="api")
    broken = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/boom",
        "CONTENT_LENGTH": "not a number",
        "wsgi.input": io.BytesIO(),
    }
    started = {}
    body = b"".join(host(broken, lambda status, headers: started.update(status=status, headers=dict(headers))))
    assert started["status"].startswith("400")
    assert started["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"errorCode": "INVALID_REQUEST", "errorMessage": "The host could not read the request."}

    response = wsgi.call(host, "GET", "/api/boom")
    assert response.status == 500
    assert response.json() == {"errorCode": "INTERNAL_SERVER_ERROR", "errorMessage": "The function failed."}
