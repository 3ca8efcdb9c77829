"""Secret shapes: each kind is found and named without repeating it; generated connector files hold none."""

from __future__ import annotations

import json

import pytest

from connector.tools import openapi, secrets

# Each value is assembled at run time, so that the repository's own secret scan finds none in this file.
_R = "Zp3kR9vTmW2xYb8n" + "Lc4dFg6hJ1qA0eUoIi"
SECRETS = [
    ("an Entra ID client secret", "Ab38" + "Q~" + _R),
    ("an access token (JWT)", "ey" + "JhbGciOiJSUzI1NiJ9.ey" + "JhdWQiOiJhcGk6Ly9jb250b3NvIn0.c2lnbmF0dXJl"),
    ("a private key", "-----BEGIN RSA " + "PRIVATE KEY-----"),
    ("a storage or Service Bus key", "DefaultEndpointsProtocol=https;Account" + "Key=" + _R),
    ("a SAS signature", "https://x.blob.core.windows.net/c?sv=2022&s" + "ig=" + _R + "%3D%3D"),
    ("a function key in a URL", "https://x.azurewebsites.net/api/f?co" + "de=" + _R),
    ("a base64 key (a function key's shape)", _R + "=="),
    ("a random-looking key or token", _R[::-1] + "X7"),
]


@pytest.mark.parametrize("what, value", SECRETS, ids=[s[0] for s in SECRETS])
def test_each_shape_is_found_named_and_not_repeated(what, value):
    [finding] = secrets.in_text(f"note: {value} end")
    assert finding.what == what
    assert value not in str(finding) and len(finding.excerpt) == 5 and finding.excerpt.endswith("…")


def test_a_literal_value_under_a_secret_key_is_found_but_an_expression_is_not():
    document = {"a": {"clientSecret": "hunter2"}, "b": {"x-functions-key": "@connectionParameters('key')"}}
    assert [(f.what, f.where) for f in secrets.in_json(document)] == [
        ("a literal value under 'clientSecret'", "$.a.clientSecret")
    ]


def test_identifiers_guids_urls_and_prose_are_not_secrets():
    text = (
        "scp-get-email-insights-v2 #/definitions/EmailInsightsV2ResponseItem 3c9f1d2e-8a47-4b6e-9f0a-5d2c7e1b4a86 "
        "3c9f1d2e8a474b6e9f0a5d2c7e1b4a86 https://login.microsoftonline.com/common/oauth2/authorize "
        "EnhanceSkillsRelatedActivitiesResponseItemValue APPLICATIONINSIGHTS_CONNECTION_STRING="
    )
    assert list(secrets.in_text(text)) == []


@pytest.mark.parametrize(
    "path", [openapi.DEFINITION_PATH, openapi.PROPERTIES_PATH, openapi.SETTINGS_PATH], ids=lambda p: p.name
)
def test_the_committed_connector_files_hold_no_secret(path):
    assert list(secrets.in_json(json.loads(path.read_text(encoding="utf-8")))) == []
