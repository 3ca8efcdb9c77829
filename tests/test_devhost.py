"""The local host: what `python -m connector serve` serves, and how faithfully it translates HTTP."""

from __future__ import annotations

import os

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
        response = local_host.post(url, json=inputs_of(op)) if op.method == "POST" else local_host.get(
            url, params=query_of(op))
        assert response.status_code == 200, (op.key, response.text)
        op.response.model_validate(response.json())


def test_headers_query_body_and_status_pass_through(local_host):
    response = local_host.get(
        f"{local_host.api}/enhanceskills/sales-highlights",
        params={"recordType": "account", "recordId": "1", "top": "2"},
        headers={"Accept-Language": "ja", "x-ms-client-request-id": "trace-7"}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Content-Language"] == "ja"
    assert response.headers["x-ms-client-request-id"] == "trace-7"
    assert len(response.json()["value"]) == 2


def test_repeated_query_parameters_arrive_joined_as_on_azure(local_host):
    response = local_host.get(f"{local_host.api}/enhanceskills/activities?recordType=account&recordId=1&top=1&top=2")
    assert response.status_code == 400
    assert "top" in response.json()["details"]


def test_a_trailing_slash_and_route_case_are_tolerated_like_the_functions_host(local_host):
    response = local_host.get(f"{local_host.api}/EnhanceSkills/Activities/", params={"recordType": "a", "recordId": "1"})
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
        response = requests.get(f"{host.url}/enhanceskills/key-stakeholders", params={"accountName": "Contoso"},
                                timeout=10)
    assert response.status_code == 200
    assert response.json()["adaptiveCards"]
