"""The default sample source through the whole stack: every operation in every language, over HTTP."""

from __future__ import annotations

import re

import pytest
import requests

from connector.contract import OPERATIONS, operation
from tests.support.inputs import inputs_of, query_of
from tests.support.wsgi import HostClient

LANGUAGES = ["en", "fr", "de", "es", "ja"]
# Words a reader would recognise as that language in these texts (the sample's own vocabulary).
MARKERS = {
    "fr": re.compile(r"\b(le|la|les|des|du|avec|pour|et)\b|é|è"),
    "de": re.compile(r"\b(der|die|das|mit|und|für|ein|eine)\b|ä|ö|ü|ß"),
    "es": re.compile(r"\b(el|la|los|las|con|para|del|y)\b|ñ|ó|á"),
    "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]"),
}


def _fetch(host: HostClient, key: str, language: str | None) -> requests.Response:
    op = operation(key)
    headers = {"x-ms-user-agent": "sales-copilot"} | ({"Accept-Language": language} if language else {})
    if op.method == "GET":
        return host.get(f"{host.api}/{op.route}", headers=headers, params=query_of(op))
    return host.post(f"{host.api}/{op.route}", headers=headers, json=inputs_of(op))


def _texts(body: dict) -> str:
    """All natural-language text of an answer: what the seller reads."""
    items = body.get("value", body.get("adaptiveCards", []))
    return " ".join(str(value) for item in items for value in item.values())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_operation_answers_the_contract_in_every_language(local_host, op, language):
    response = _fetch(local_host, op.key, language)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Language"] == language
    body = op.response.model_validate(response.json())
    assert getattr(body, op.items_field), "the sample data answers every operation with items"


@pytest.mark.parametrize("language", ["fr", "de", "es", "ja"])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_other_languages_differ_from_english_and_are_that_language(local_host, op, language):
    english = _texts(_fetch(local_host, op.key, "en").json())
    other = _texts(_fetch(local_host, op.key, language).json())
    assert other != english
    assert MARKERS[language].search(other), other[:300]


def test_an_unsupported_language_falls_back_to_english(local_host):
    english = _fetch(local_host, "record_summary", "en")
    for header in ("zu-ZA", "pt-BR, it;q=0.8", None):
        response = _fetch(local_host, "record_summary", header)
        assert response.headers["Content-Language"] == "en"
        assert response.json() == english.json()


def test_q_values_decide_between_two_supported_languages(local_host):
    german_first = _fetch(local_host, "key_sales_info", "fr;q=0.4, de;q=0.9")
    french_first = _fetch(local_host, "key_sales_info", "fr;q=0.9, de;q=0.4")
    assert german_first.headers["Content-Language"] == "de"
    assert french_first.headers["Content-Language"] == "fr"
    assert german_first.json() == _fetch(local_host, "key_sales_info", "de").json()
    assert french_first.json() == _fetch(local_host, "key_sales_info", "fr-CA").json()


def test_a_regional_tag_falls_back_to_its_language(local_host):
    assert _fetch(local_host, "record_details", "es-MX").json() == _fetch(local_host, "record_details", "es").json()


def test_key_sales_info_limits_hold_in_every_language(local_host):
    for language in LANGUAGES:
        for item in _fetch(local_host, "key_sales_info", language).json()["value"]:
            assert 1 <= len(item["title"]) <= 20 and 1 <= len(item["description"]) <= 130


def test_a_record_of_an_unknown_type_is_not_found(local_host):
    response = local_host.get(
        f"{local_host.api}/enhanceskills/activities", params={"recordType": "invoice", "recordId": "x1"}
    )
    assert response.status_code == 404
    assert response.json()["errorCode"] == "RECORD_NOT_FOUND"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ja-JP-u-ca-japanese", "ja"),  # extension subtags are stripped before lookup
        ("de-DE-x-private", "de"),  # and private-use ones
        ("x-klingon, es;q=0.5", "es"),  # a private-use tag names no language: skipped, not fatal
        ("i-klingon;q=0.9, fr;q=0.1", "fr"),  # a grandfathered one too
        ("tlh, qaa, zz-ZZ, ja;q=0.1", "ja"),  # tags no language of ours matches are skipped
        ("en;q=0, fr;q=0.1", "fr"),  # q=0 refuses
        ("fr;q=0, fr-CA", "en"),  # fr-CA can only be answered in fr, which is refused
        ("fr-CA;q=0, fr;q=0.5", "fr"),  # refusing fr-CA does not refuse fr
        ("*", "en"),  # any language: ours, in our order
        ("en;q=0, *;q=0.5", "fr"),  # any language but English
        ("en;q=0, fr;q=0, *", "de"),
        ("*;q=0, es", "es"),
        ("en;q=0, fr;q=0, de;q=0, es;q=0, ja;q=0", "en"),  # nothing acceptable remains: the default
        (", ".join(["zz;q=0.9"] * 300) + ", ja;q=0.5", "ja"),  # the whole header is read, then sorted
        ("fr;q=0.5, de;q=0.5", "fr"),  # equal weights keep the caller's order
        ("es;q=2, de;q=abc, ja;q=0.3", "ja"),  # malformed weights are skipped
    ],
)
def test_negotiation_is_rfc_4647_lookup_over_the_whole_header(local_host, header, expected):
    response = _fetch(local_host, "key_sales_info", header)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == expected
    assert response.json() == _fetch(local_host, "key_sales_info", expected).json()


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_are_written_in_the_negotiated_language_and_say_so(served_host, language):
    from connector.messages import CATALOGUES

    response = requests.get(
        f"{served_host}/enhanceskills/activities",
        params={"recordType": "account", "top": "x"},
        headers={"Accept-Language": f"{language}-XX;q=0.9, zz"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.headers["Content-Language"] == language
    error = response.json()
    assert error["errorMessage"] == CATALOGUES[language]["error.invalid_request"].format(names="recordId, top")
    assert error["details"] == {
        "recordId": CATALOGUES[language]["detail.required"],
        "top": CATALOGUES[language]["detail.whole_number"],
    }
