"""A back end that echoes what it received never gets the connector's secrets into a log line or telemetry.

The scripted back end answers with every header value it received (the API key and the caller's
forwarded token among them) in its body, in headers and in its reason phrase, in every way the
connector quotes a back end: an error body, a refusal of the connector's own key, an answer a
mapping cannot read. Every log record of the process and every telemetry item sent, for each
telemetry backend, is searched for the key, the token and each part of the token.
"""

from __future__ import annotations

import json
import logging

import pytest

from connector.sources.backend.mapping_contract import OperationMapping, UnexpectedShape
from tests.backend.conftest import settings_for
from tests.support.backend_server import BackendServer, Received, Reply
from tests.support.ingestion import BACKENDS, IngestionEndpoint

API_KEY = "connector-key-Zq81"  # short: a test value the secret scanner is not asked to judge
TOKEN_PARTS = ("eyJhbGciOiJSUzI1NiJ9", "eyJzdWIiOiJzZWxsZXItNDIifQ", "c2lnbmF0dXJlLW9mLXRoZS1jYWxsZXI")
TOKEN = ".".join(TOKEN_PARTS)
SECRETS = (API_KEY, TOKEN, *TOKEN_PARTS)
QUERY = {"recordType": "account", "recordId": "A-1"}


def echo(status: int, *, shape: str = "json") -> type:
    """A back end answering `status` with everything it received, in its body, its headers and its reason."""

    def respond(received: Received) -> Reply:
        values = " ".join(received.headers.values())
        body = json.dumps({"error": f"you sent {values}", "value": [{"title": values}], "headers": received.headers})
        if shape == "text":
            body = f"<html>{values}</html>"
        head = [f"HTTP/1.1 {status} Echo {received.headers.get('x-api-key', '')} {values}"]
        head += [f"X-Echo-{name}: {value}" for name, value in received.headers.items() if value.isascii()]
        head += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}", "Connection: close"]
        return Reply(raw=("\r\n".join(head) + "\r\n\r\n" + body).encode())

    return respond


CASES = {
    "an error body": (500, "json"),
    "a refused caller": (401, "json"),
    "a forbidden call": (403, "json"),
    "a disagreement on the API": (422, "text"),
    "throttling": (429, "json"),
    "an answer a mapping cannot read": (200, "json"),
    "an answer that is not JSON": (200, "text"),
}


def quoting_mapping(document, inputs):
    """A partner's mapping that quotes the service's document in its refusal, as partners' code does."""
    raise UnexpectedShape(f"unexpected document {document!r}")


@pytest.mark.parametrize("telemetry", BACKENDS)
@pytest.mark.parametrize("forward_bearer", ["true", "false"])
def test_no_secret_the_connector_sent_comes_back_in_a_log_or_telemetry(
    configure, call, contract_mapping, caplog, telemetry, forward_bearer
):
    contract_mapping["record_summary"] = OperationMapping(answer=quoting_mapping)
    ingestion = IngestionEndpoint()
    server = BackendServer().start()
    try:
        connector = configure(
            **settings_for(
                server,
                BACKEND_API_KEY=API_KEY,
                BACKEND_FORWARD_BEARER=forward_bearer,
                APPLICATIONINSIGHTS_CONNECTION_STRING=ingestion.connection_string,
                CONNECTOR_TELEMETRY_BACKEND=telemetry,
            )
        )
        with caplog.at_level(logging.DEBUG):
            for status, shape in CASES.values():
                server.respond = echo(status, shape=shape)
                response = call("record_summary", params=QUERY, headers={"Authorization": f"Bearer {TOKEN}"})
                assert response.status_code in (401, 403, 429, 502), response.get_body()
                assert not any(secret in response.get_body().decode() for secret in SECRETS)
        connector.telemetry.shutdown()
        assert len(server.received) == len(CASES)
        if forward_bearer == "true":  # the test would prove nothing if the token had not been sent
            assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.received)
        assert all(r.headers["x-api-key"] == API_KEY for r in server.received)
        logged = "\n".join(record.getMessage() for record in caplog.records)
        assert "answered 500" in logged and "unexpected document" in logged  # the back end was quoted
        sent = json.dumps(ingestion.envelopes())
        assert "unexpected document" in sent  # the warning reached telemetry
        for secret in SECRETS:
            assert secret not in logged
            assert secret not in sent
    finally:
        server.stop()
        ingestion.close()


def test_a_key_echoed_as_the_answers_language_is_not_passed_on(configure, call, contract_mapping):
    """A key shaped like a language tag, sent back as `Content-Language`, never reaches the caller's headers."""
    server = BackendServer().start()
    try:
        configure(**settings_for(server, BACKEND_API_KEY="zq-k3y81"))
        server.reply(Reply(body={"value": []}, headers={"Content-Language": "zq-k3y81"}))
        echoed = call("record_summary", params=QUERY)
        server.reply(Reply(body={"value": []}, headers={"Content-Language": "fr-CA"}))
        honest = call("record_summary", params=QUERY)
    finally:
        server.stop()

    assert echoed.status_code == 200 and echoed.headers["Content-Language"] == "en"
    assert honest.headers["Content-Language"] == "fr-CA"
