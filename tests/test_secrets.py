"""Secret shapes: each kind is found and named without repeating it; generated connector files hold none."""

from __future__ import annotations

import json

import pytest

from connector.tools import openapi, secrets

SECRETS = [
    ("an Entra ID client secret", "Ab38Q~Zp3kR9vTmW2xYb8nLc4dFg6hJ1qA0eUoIi"),
    ("an access token (JWT)", "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9jb250b3NvIn0.c2lnbmF0dXJl"),
    ("a private key", "-----BEGIN RSA PRIVATE KEY-----"),
    ("a storage or Service Bus key", "DefaultEndpointsProtocol=https;AccountKey=Zm9vYmFyYmF6cXV4cXV1eA0123456"),
    ("a SAS signature", "https://x.blob.core.windows.net/c?sv=2022&sig=Zm9vYmFyYmF6cXV4cXV1eA%3D%3D"),
    ("a function key in a URL", "https://x.azurewebsites.net/api/f?code=Zm9vYmFyYmF6cXV4cXV1eA0123456"),
    ("a base64 key (a function key's shape)", "aGVsbG8gd29ybGQgdGhpcyBpcyBhIGtleSBzaGFwZQ=="),
    ("a random-looking key or token", "ZdP3xq9R7uLmN2vT8yWb4cF6hJ1kS5gA0eXoQiVn"),
]


@pytest.mark.parametrize("what, value", SECRETS, ids=[s[0] for s in SECRETS])
def test_each_shape_is_found_named_and_not_repeated(what, value):
    [finding] = secrets.in_text(f"note: {value} end")
    assert finding.what == what
    assert value not in str(finding) and len(finding.excerpt) == 5 and finding.excerpt.endswith("…")


def test_a_literal_value_under_a_secret_key_is_found_but_an_expression_is_not():
    document = {"a": {"clientSecret": "hunter2"}, "b": {"x-functions-key": "@connectionParameters('key')"}}
    assert [(f.what, f.where) for f in secrets.in_json(document)] == [
        ("a literal value under 'clientSecret'", "$.a.clientSecret")]


def test_identifiers_guids_urls_and_prose_are_not_secrets():
    text = ("scp-get-email-insights-v2 #/definitions/EmailInsightsV2ResponseItem 3c9f1d2e-8a47-4b6e-9f0a-5d2c7e1b4a86 "
            "3c9f1d2e8a474b6e9f0a5d2c7e1b4a86 https://login.microsoftonline.com/common/oauth2/authorize "
            "EnhanceSkillsRelatedActivitiesResponseItemValue")
    assert list(secrets.in_text(text)) == []


@pytest.mark.parametrize("path", [openapi.DEFINITION_PATH, openapi.PROPERTIES_PATH, openapi.SETTINGS_PATH],
                         ids=lambda p: p.name)
def test_the_committed_connector_files_hold_no_secret(path):
    assert list(secrets.in_json(json.loads(path.read_text(encoding="utf-8")))) == []
