"""Back-end settings that could not work fail at once, naming the setting; good ones are shown back."""

from __future__ import annotations

import pytest

from connector.settings import reload_settings
from connector.sources.backend.config import BackendConfig
from connector.tools.cli import main
from tests.conftest import body_of


def backend_config(configure, **values: str) -> BackendConfig:
    configure(CONNECTOR_SOURCE="backend", **values)
    return BackendConfig.from_settings(reload_settings())


def test_the_base_url_is_required(configure):
    with pytest.raises(ValueError, match="BACKEND_BASE_URL is required"):
        backend_config(configure)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://partner.example.com", "http\\(s\\) URL with a host"),
        ("partner.example.com/api", "http\\(s\\) URL with a host"),
        ("https:///api", "http\\(s\\) URL with a host"),
        ("https://partner.example.com:port/", "not a valid URL"),
        ("https://partner.example.com/api?code=1", "query or fragment"),
        ("https://partner.example.com/api#x", "query or fragment"),
        ("https://partner.example.com/a/../b", "unusable path"),
    ],
)
def test_an_unusable_base_url_is_refused(configure, url, reason):
    with pytest.raises(ValueError, match=f"BACKEND_BASE_URL .*{reason}"):
        backend_config(configure, BACKEND_BASE_URL=url)


def test_credentials_in_the_base_url_are_refused_without_echoing_them(configure):
    with pytest.raises(ValueError, match="must not contain credentials") as refused:
        backend_config(configure, BACKEND_BASE_URL="https://svc:s3cret@partner.example.com/api")
    assert "s3cret" not in str(refused.value)


def test_paths_default_to_the_contract_routes_under_the_base_url(configure):
    config = backend_config(configure, BACKEND_BASE_URL="https://partner.example.com/api/",
                            BACKEND_PATH_EMAIL_DRAFT="/files/suggest")
    assert config.url("record_summary") == "https://partner.example.com/api/enhanceskills/activities"
    assert config.url("email_draft") == "https://partner.example.com/api/files/suggest"
    assert config.host == "partner.example.com"


@pytest.mark.parametrize("path", ["files", "/files/../admin", "/files?x=1", "//evil.example/x", "/a%2f..", "/a b"])
def test_an_unusable_path_override_is_refused(configure, path):
    with pytest.raises(ValueError, match="BACKEND_PATH_EMAIL_DRAFT must be a path"):
        backend_config(configure, BACKEND_BASE_URL="https://partner.example.com", BACKEND_PATH_EMAIL_DRAFT=path)


def test_a_path_override_for_no_operation_is_refused(configure):
    with pytest.raises(ValueError, match=r"BACKEND_PATH_EMAIL_DRAFTS names no operation.*BACKEND_PATH_EMAIL_DRAFT"):
        backend_config(configure, BACKEND_BASE_URL="https://partner.example.com", BACKEND_PATH_EMAIL_DRAFTS="/x")


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("BACKEND_FORWARD_BEARER", "maybe", "true or false"),
        ("BACKEND_POOL_SIZE", "0", "between 1 and 256"),
        ("BACKEND_MAX_RESPONSE_BYTES", "lots", "a number"),
        ("BACKEND_API_KEY_HEADER", "x-api-key: forged", "HTTP header name"),
    ],
)
def test_other_unusable_settings_are_refused_by_name(configure, name, value, reason):
    with pytest.raises(ValueError, match=f"{name} must be .*{reason}"):
        backend_config(configure, BACKEND_BASE_URL="https://partner.example.com", **{name: value})


def test_a_misconfigured_back_end_answers_a_clean_500(configure, call, caplog):
    configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="https://svc:s3cret@partner.example.com")

    response = call("key_stakeholders", params={"accountName": "Fabrikam"})

    assert response.status_code == 500
    assert body_of(response)["errorCode"] == "INTERNAL_SERVER_ERROR"
    assert b"s3cret" not in response.get_body()
    logged = [r.getMessage() for r in caplog.records if r.name == "connector.sources"]
    assert any("BACKEND_BASE_URL must not contain credentials" in m for m in logged)
    assert not any("s3cret" in m for m in logged)


def test_settings_that_cannot_work_together_are_refused_with_a_logged_reason(configure, call, caplog):
    configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="https://partner.example.com", BACKEND_API_KEY="k-1",
              BACKEND_API_KEY_HEADER="Authorization", BACKEND_FORWARD_BEARER="true")

    response = call("key_stakeholders", params={"accountName": "Fabrikam"}, headers={"Authorization": "Bearer t"})

    assert response.status_code == 500
    assert any("cannot work together" in r.getMessage() for r in caplog.records if r.name == "connector.sources")


def test_the_key_in_authorization_with_bearer_forwarding_is_refused(configure):
    with pytest.raises(ValueError, match="BACKEND_API_KEY_HEADER=Authorization and BACKEND_FORWARD_BEARER=true"):
        backend_config(configure, BACKEND_BASE_URL="https://partner.example.com", BACKEND_API_KEY="k-1",
                       BACKEND_API_KEY_HEADER="Authorization", BACKEND_FORWARD_BEARER="true")


def test_check_backend_shows_where_each_operation_goes(configure, capsys):
    configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="https://partner.example.com/api", BACKEND_API_KEY="k-1", BACKEND_FORWARD_BEARER="yes")

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr().out
    assert "POST https://partner.example.com/api/enhanceskills/content-suggestions" in shown
    assert "API key in header x-api-key and the caller's bearer token" in shown
    assert "k-1" not in shown


def test_check_backend_explains_what_is_wrong(configure, capsys):
    configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="ftp://partner.example.com")

    assert main(["check-backend"]) == 2
    assert "BACKEND_BASE_URL must be an http(s) URL" in capsys.readouterr().err


def test_check_backend_describes_the_sample_source_without_a_back_end_error(configure, capsys):
    configure(CONNECTOR_SOURCE="sample")

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr()
    assert "Source: sample" in shown.out and "nothing is forwarded" in shown.out
    assert "BACKEND_BASE_URL is required" not in shown.out + shown.err


def test_check_backend_describes_a_python_source(configure, capsys):
    configure(CONNECTOR_SOURCE="tests.support.sources:DeclaredPagingSource")

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr().out
    assert "your Python class DeclaredPagingSource from tests.support.sources" in shown
    assert "It answers every operation; it pages email_draft, email_summary_v1" in shown


def test_check_backend_says_why_a_python_source_cannot_load(configure, capsys):
    configure(CONNECTOR_SOURCE="partner_insights.source:Insights")

    assert main(["check-backend"]) == 2

    err = capsys.readouterr().err
    assert "Cannot load it: ModuleNotFoundError" in err and "PYTHONPATH" in err


def test_check_backend_refuses_settings_that_cannot_work_together(configure, capsys):
    configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="https://partner.example.com",
              BACKEND_API_KEY_HEADER="Authorization", BACKEND_FORWARD_BEARER="true")

    assert main(["check-backend"]) == 2
    assert "cannot work together" in capsys.readouterr().err
