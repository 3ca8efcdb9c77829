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
    response = local_host.get(f"{local_host.api}/enhanceskills/activities",
                            params={"recordType": "invoice", "recordId": "x1"})
    assert response.status_code == 404
    assert response.json()["errorCode"] == "RECORD_NOT_FOUND"
