"""The shared pipeline, through the functions the worker calls: headers, paging, errors."""

from __future__ import annotations

import uuid

import pytest

from connector.contract import OPERATIONS, operation
from tests.conftest import body_of
from tests.support.inputs import VALID, paged
from tests.support.sources import ITEM_COUNT, CountingSource

COUNTING = "tests.support.sources:CountingSource"

PAGED = [op for op in OPERATIONS if op.paged]


@pytest.fixture
def counting(configure):
    configure(CONNECTOR_SOURCE=COUNTING)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_operation_answers_its_response_model_with_the_diagnostic_headers(counting, call, op):
    response = call(op.key, **VALID[op.key], headers={"x-ms-client-request-id": "req-123", "accept-language": "de"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["x-ms-client-request-id"] == "req-123"
    assert response.headers["Content-Language"] == "de"
    op.response.model_validate(body_of(response))


@pytest.mark.parametrize("op", PAGED, ids=lambda op: op.key)
@pytest.mark.parametrize(
    ("top", "skip", "expected", "more"),
    [
        (None, None, ITEM_COUNT, False),
        (3, None, 3, True),
        (3, 3, 3, True),
        (3, 4, 3, False),
        (5, 5, 2, False),
        (2, 100, 0, False),
        (0, 0, 0, True),
    ],
)
def test_top_and_skip_slice_and_has_more_results_agree(counting, call, op, top, skip, expected, more):
    body = body_of(call(op.key, **paged(op, top, skip)))
    assert len(body["value"]) == expected
    assert body["hasMoreResults"] is more


def test_paging_is_the_same_page_of_the_same_list(counting, call):
    op = operation("key_sales_info")
    pages = [body_of(call(op.key, **paged(op, 2, skip)))["value"] for skip in (0, 2, 4, 6)]
    everything = body_of(call(op.key, **paged(op)))["value"]
    assert [item for page in pages for item in page] == everything


def test_items_that_break_the_schema_are_dropped_and_the_rest_served(counting, call):
    body = body_of(call("record_summary", **VALID["record_summary"]))
    titles = [item["title"] for item in body["value"]]
    assert titles == [f"Activity {n}" for n in range(ITEM_COUNT)]
    assert all(item["dateTime"].endswith("Z") for item in body["value"])


def test_optional_outputs_are_omitted_not_null(counting, call):
    body = body_of(call("record_details", **VALID["record_details"]))
    assert all("url" not in item and None not in item.values() for item in body["value"])


@pytest.mark.parametrize("header", [None, "", "has space", "x" * 200, "line\r\nbreak", "ünïcode"])
def test_a_missing_or_unusable_request_id_is_replaced_by_a_fresh_uuid(counting, call, header):
    headers = {} if header is None else {"x-ms-client-request-id": header}
    response = call("record_summary", params={}, headers=headers)
    echoed = response.headers["x-ms-client-request-id"]
    assert echoed != header and uuid.UUID(echoed)
    assert body_of(response)["activityId"] == echoed


def test_errors_carry_the_request_id_as_activity_id(counting, call):
    response = call("record_summary", params={"recordId": "1"}, headers={"x-ms-client-request-id": "abc-42"})
    assert response.status_code == 400
    assert body_of(response)["activityId"] == "abc-42"
    assert response.headers["x-ms-client-request-id"] == "abc-42"


def test_a_source_that_raises_gives_500_without_internals(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:RaisingSource")
    for op in OPERATIONS:
        response = call(op.key, **VALID[op.key])
        assert response.status_code == 500
        body = body_of(response)
        assert body["errorCode"] == "INTERNAL_SERVER_ERROR"
        text = response.get_body().decode()
        assert "secret" not in text and "Traceback" not in text and "RuntimeError" not in text
    # and the next call is served normally
    configure(CONNECTOR_SOURCE=COUNTING)
    assert call("record_summary", **VALID["record_summary"]).status_code == 200


def test_a_source_signals_documented_errors(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:NotFoundSource")
    response = call("record_summary", params={"recordType": "account", "recordId": "gone"})
    assert response.status_code == 404
    assert body_of(response)["errorCode"] == "RECORD_NOT_FOUND"
    assert "gone" in body_of(response)["errorMessage"]
    response = call("key_sales_info", **VALID["key_sales_info"])
    assert (response.status_code, body_of(response)["errorCode"]) == (400, "INVALID_CRM_CONNECTION")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("fr-CA", "fr"),
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("en;q=0.5, es;q=0.9", "es"),
        ("de;q=0.2, fr;q=0.3", "fr"),
        ("zu, xh", "en"),
        ("*", "en"),
        ("pt-BR, de-AT;q=0.7", "de"),
        ("not a language;;q=x", "en"),
    ],
)
def test_content_language_is_the_negotiated_language(counting, call, header, expected):
    headers = {} if header is None else {"accept-language": header}
    response = call("key_sales_info", **VALID["key_sales_info"], headers=headers)
    assert response.headers["Content-Language"] == expected


def test_the_supported_languages_are_a_setting(configure, call):
    configure(CONNECTOR_SOURCE=COUNTING, CONNECTOR_LANGUAGES="de,en")
    response = call("key_sales_info", **VALID["key_sales_info"], headers={"accept-language": "fr, it"})
    assert response.headers["Content-Language"] == "de"


def test_a_page_longer_than_top_is_cut_and_says_more_follow(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:PagingSource")
    body = body_of(call("key_sales_info", **paged(operation("key_sales_info"), top=3)))
    assert [item["title"] for item in body["value"]] == ["Highlight 0", "Highlight 1", "Highlight 2"]
    assert body["hasMoreResults"] is True
    body = body_of(call("key_sales_info", **paged(operation("key_sales_info"), top=5)))
    assert len(body["value"]) == 5
    assert body["hasMoreResults"] is False


@pytest.mark.parametrize("op", [op for op in PAGED if op.key != "record_summary"], ids=lambda op: op.key)
@pytest.mark.parametrize(("top", "skip"), [(2, 1), (1, 2), (3, 5), (2, 7)])
def test_a_source_that_declares_it_pages_is_never_paged_again(configure, call, op, top, skip):
    configure(CONNECTOR_SOURCE="tests.support.sources:DeclaredPagingSource")

    body = body_of(call(op.key, **paged(op, top, skip)))

    # Exactly the page the source cut (items skip .. skip+top-1 of its seven), not cut again by the pipeline.
    assert body["value"] == getattr(CountingSource(), op.key)(None, None)[skip : skip + top]
    assert body["hasMoreResults"] is False  # a plain list claims nothing more


def test_a_source_that_does_not_declare_it_is_paged_by_the_pipeline(configure, call):
    configure(CONNECTOR_SOURCE="tests.support.sources:DeclaredPagingSource")  # record_summary is not declared

    body = body_of(call("record_summary", **paged(operation("record_summary"), 2, 1)))

    assert [item["title"] for item in body["value"]] == ["Activity 1", "Activity 2"]
    assert body["hasMoreResults"] is True
