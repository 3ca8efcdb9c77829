"""Only what a call needs is built, when it needs it; and building less changes nothing a caller sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from connector import pipeline
from connector.contract import OPERATIONS
from tests.conftest import body_of
from tests.support.inputs import VALID, paged
from tests.support.sources import GeneratorSource

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# In a fresh process: what importing the app, indexing it and answering one French call have built.
_PROBE = r"""
import json
from function_app import app
from connector.contract import OPERATIONS
from connector.models.errors import ApiError
from connector.messages import CATALOGUES
from connector.sources.sample.text import CATALOGUES as SAMPLE_CATALOGUES

def built():
    return sorted({f"{op.key}.{part}" for op in OPERATIONS for part, model in
                   (("inputs", op.inputs), ("item", op.item), ("response", op.response))
                   if model.__pydantic_complete__} | ({"ApiError"} if ApiError.__pydantic_complete__ else set()))

functions = {f.get_function_name(): f for f in app.get_functions()}
after_indexing = built()
import azure.functions as func
request = func.HttpRequest("GET", "http://localhost/api/enhanceskills/activities",
                           params={"recordType": "account", "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"},
                           headers={"accept-language": "fr-FR"}, body=b"")
response = functions["record_summary"].get_user_function()(request)
print(json.dumps({"status": response.status_code, "language": response.headers["Content-Language"],
                  "after_indexing": after_indexing, "after_one_call": built(),
                  "sample_languages": sorted(SAMPLE_CATALOGUES.loaded()),
                  "message_languages": sorted(CATALOGUES.loaded())}))
"""


@pytest.fixture(scope="module")
def probe() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_indexing_the_app_builds_no_model(probe):
    assert probe["after_indexing"] == []


def test_one_call_builds_only_its_own_operations_checks(probe):
    assert probe["status"] == 200
    assert probe["after_one_call"] == ["record_summary.inputs", "record_summary.item"]


def test_one_french_call_reads_french_only(probe):
    assert probe["language"] == "fr"
    assert probe["sample_languages"] == ["fr"]
    assert set(probe["message_languages"]) <= {"en"}  # English holds the keys every message is checked against


def test_every_language_is_still_offered_before_it_is_read():
    from connector.sources.sample.text import CATALOGUES, LANGUAGES

    assert set(CATALOGUES) == set(LANGUAGES)
    assert "pt" not in CATALOGUES
    with pytest.raises(KeyError):
        CATALOGUES["pt"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_body_is_the_response_models_own_serialisation(configure, call, op, language):
    """Serialised straight from the checked items: the same bytes the response model would write."""
    configure()  # the sample source, as deployed
    response = call(op.key, **VALID[op.key], headers={"accept-language": language})
    assert response.status_code == 200
    body = body_of(response)
    items = [op.item.model_validate(item) for item in body[op.items_field]]
    envelope = {op.items_field: items} if not op.paged else {"value": items, "hasMoreResults": body["hasMoreResults"]}
    expected = op.response.model_construct(**envelope).model_dump_json(by_alias=True, exclude_none=True)
    assert response.get_body() == expected.encode()


def test_a_page_with_broken_items_is_checked_item_by_item(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")
    body = body_of(call("record_summary", **paged(next(op for op in OPERATIONS if op.key == "record_summary"), 4, 0)))
    assert [item["title"] for item in body["value"]] == ["Activity 0", "Activity 1", "Activity 2", "Activity 3"]
    assert body["hasMoreResults"] is True


def test_a_generator_source_is_read_once_and_no_further_than_the_page(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:GeneratorSource")
    op = next(op for op in OPERATIONS if op.key == "record_summary")
    body = body_of(call("record_summary", **paged(op, 4, 1)))
    assert [item["title"] for item in body["value"]] == ["Activity 1", "Activity 2", "Activity 3", "Activity 4"]
    assert body["hasMoreResults"] is True
    # skip 1 + top 4 + one to know more follow, plus the two broken ones, plus the one that stops the walk.
    assert GeneratorSource.pulled <= 1 + 4 + 1 + 2 + 1


def test_a_call_that_fails_before_its_id_is_read_still_gets_an_id_and_a_trace(configure, call, monkeypatch):
    from connector import caller

    configure(CONNECTOR_SOURCE="tests.support.sources:CountingSource")

    def broken(req, invocation):
        raise RuntimeError("the reader broke")

    monkeypatch.setattr(caller, "request_id", broken)
    seen = []
    monkeypatch.setattr(pipeline.Telemetry, "track_request", lambda self, context, **kw: seen.append(context))
    response = call("key_stakeholders", **VALID["key_stakeholders"])
    assert response.status_code == 500
    activity = body_of(response)["activityId"]
    assert activity and response.headers["x-ms-client-request-id"] == activity
    assert seen and seen[0].trace.trace_id != "0" * 32 and seen[0].request_id == activity
