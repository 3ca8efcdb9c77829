"""Done when: a partner's service written from the generated reference alone works with the connector.

`PartnerService` is written the way a partner would, in another style (a bare WSGI app), knowing
nothing of the connector's code: it reads only docs/backend-api.openapi.json for its routes, the
names of the inputs, which are required, the answer's envelope and the example items, and honours
the documented rules (the page `top`/`skip` ask for with `hasMoreResults`, the language in
`x-connector-language`, `Content-Language` on the answer, the v1 title is the partner's name).
It must pass `check-backend --probe`, and the connector in front of it must pass `connector check`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from connector.tools.cli import main
from tests.support.loopback import LoopbackWSGIServer

OPENAPI = Path(__file__).resolve().parents[1] / "docs" / "backend-api.openapi.json"
ITEMS_PER_RECORD = 8
WORDS = {"en": "Insight", "fr": "Aperçu"}  # the partner's own translations
FREE_TEXT = ("description", "insight", "contentDescription", "recordTitle", "recordId")


class PartnerService:
    """A WSGI app serving every operation of the back-end API from the OpenAPI document alone."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.routes = {
            (method.upper(), path): spec for path, item in document["paths"].items() for method, spec in item.items()
        }
        self.calls: list[tuple[str, str]] = []

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in schema:
            return self.document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def _inputs(self, spec: dict[str, Any], environ: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The request's inputs, and the required ones that are missing."""
        if "requestBody" in spec:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            inputs = json.loads(environ["wsgi.input"].read(length) or b"{}")
            schema = self._resolve(spec["requestBody"]["content"]["application/json"]["schema"])
            return inputs, [name for name in schema.get("required", []) if name not in inputs]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        declared = [p for p in spec["parameters"] if p["in"] == "query"]
        return query, [p["name"] for p in declared if p["required"] and p["name"] not in query]

    def _items(self, spec: dict[str, Any], language: str) -> tuple[str, list[dict[str, Any]]]:
        content = spec["responses"]["200"]["content"]["application/json"]
        envelope = content["schema"]
        field = next(name for name, prop in envelope["properties"].items() if prop.get("type") == "array")
        schema = self._resolve(envelope["properties"][field]["items"])
        examples = content["example"][field]
        items = []
        for n in range(ITEMS_PER_RECORD):
            item = dict(examples[n % len(examples)])
            for name in FREE_TEXT:  # number and translate free text, within its documented limit
                if name in item:
                    text = f"{WORDS[language]} {n}: {item[name]}"
                    item[name] = text[: schema["properties"][name].get("maxLength", len(text))]
            items.append(item)
        return field, items

    def __call__(self, environ: dict[str, Any], start_response) -> list[bytes]:
        spec = self.routes.get((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        if spec is None:
            return self._send(start_response, "404 Not Found", {"errorCode": "NOT_FOUND"})
        self.calls.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        inputs, missing = self._inputs(spec, environ)
        if missing:
            return self._send(start_response, "400 Bad Request", {"errorCode": "MISSING", "missing": missing})
        language = environ.get("HTTP_X_CONNECTOR_LANGUAGE", "en")
        language = language if language in WORDS else "en"
        field, items = self._items(spec, language)
        if field == "value":  # a list operation: answer exactly the page asked for
            top = int(next(v for k, v in inputs.items() if k.lower() == "top"))
            skip = int(next(v for k, v in inputs.items() if k.lower() == "skip"))
            body = {"value": items[skip : skip + top], "hasMoreResults": skip + top < len(items)}
        else:
            body = {field: items}
        return self._send(start_response, "200 OK", body, language)

    @staticmethod
    def _send(start_response, status: str, body: Any, language: str | None = None) -> list[bytes]:
        payload = json.dumps(body).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        if language:
            headers.append(("Content-Language", language))
        start_response(status, headers)
        return [payload]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def partner(configure, environment) -> Iterator[PartnerService]:
    app = PartnerService(json.loads(OPENAPI.read_text(encoding="utf-8")))
    server = make_server("127.0.0.1", 0, app, server_class=LoopbackWSGIServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings = {
        "CONNECTOR_SOURCE": "backend",
        "BACKEND_BASE_URL": f"http://127.0.0.1:{server.server_port}",  # its paths are the document's, at the root
        "CONNECTOR_LANGUAGES": "en,fr",  # what the service speaks, as docs/backend.md says
    }
    configure(**settings)  # the connector in front of it
    environment(**settings)  # what check-backend reads
    yield app
    server.shutdown()
    server.server_close()


def test_a_service_written_from_the_reference_passes_the_probe(partner, capsys):
    exit_code = main(["check-backend", "--probe", "--language", "fr-FR"])

    out = capsys.readouterr().out
    assert exit_code == 0, out
    assert "Probe: 7 passed, 0 failed, 0 warned." in out
    assert "Content-Language fr" in out and "would be dropped" not in out


def test_the_connector_in_front_of_it_passes_connector_check(partner, served_host, capsys):
    from connector.tools.openapi import DEFINITION_PATH

    exit_code = main(
        [
            "check",
            "--base-url",
            served_host,
            "--definition",
            str(DEFINITION_PATH),
            "--strict",
            "--record",
            "account:6f1c3b1e-8d2a-4c55-9a3e-1f2b3c4d5e60",
            "--languages",
            "en-US,fr-FR",
        ]
    )

    out = capsys.readouterr().out
    assert exit_code == 0, out
    assert "FAIL" not in out and "WARN" not in out
    assert "PASS  connector language" in out
    assert "can use every action checked" in out
    carried, total = out.split(" answers carried items")[0].rsplit("\n", 1)[-1].split(" of ")
    assert carried == total and int(total) > 0
    assert {path for _, path in partner.calls} >= {"/enhanceskills/activities", "/enhanceskills/key-stakeholders"}
