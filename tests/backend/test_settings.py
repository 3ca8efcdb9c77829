"""Back-end settings that could not work fail at once, naming the setting; good ones are shown back."""

from __future__ import annotations

import pytest

from connector.settings import Settings
from connector.sources.backend.config import BackendConfig
from connector.startup import StartupError
from connector.tools.cli import main
from tests.backend.conftest import start_backend


def backend_config(**values: str) -> BackendConfig:
    return BackendConfig.from_settings(Settings.from_env({"CONNECTOR_SOURCE": "backend", **values}))


def test_the_base_url_is_required():
    with pytest.raises(StartupError, match="BACKEND_BASE_URL is required"):
        backend_config()


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
        # Read one way by urlsplit (what check-backend showed) and another by urllib3 (what requests calls).
        ("http://127.0.0.2\\.127.0.0.1:18080/api", "backslashes"),
        ("https://partner.example.com /api", "whitespace"),
        ("https://partner.example.com\t/api", "whitespace"),
        (" https://partner.example.com/api\n", None),  # surrounding whitespace is trimmed: accepted
        ("https://partner.exa%6dple.com/api", "more than one URL"),
        ("https://partner.example.com;evil.example/api", "name a host"),
        ("https://partner.example.com/api#", "query or fragment"),
        ("https://partner.example.com/api?", "query or fragment"),
        ("https://partner.example.com:443:80/api", "not a valid URL"),
    ],
)
def test_an_unusable_base_url_is_refused(url, reason):
    if reason is None:
        assert backend_config(BACKEND_BASE_URL=url).base_url == url.strip()
        return
    with pytest.raises(StartupError, match=f"BACKEND_BASE_URL .*{reason}"):
        backend_config(BACKEND_BASE_URL=url)


def test_a_base_url_that_means_two_things_stops_check_backend_and_the_start(configure, monkeypatch, capsys):
    """urllib3 ends the host at a backslash (127.0.0.1) where urlsplit does not: the API key would go there."""
    backend = start_backend()
    url = f"http://127.0.0.1\\.127.0.0.2:{backend.url.rsplit(':', 1)[1]}/api"
    said = "app setting BACKEND_BASE_URL must not contain whitespace, control characters or backslashes"
    try:
        for name, value in {"CONNECTOR_SOURCE": "backend", "BACKEND_BASE_URL": url, "BACKEND_API_KEY": "k-1"}.items():
            monkeypatch.setenv(name, value)
        assert main(["check-backend"]) == 2
        [line] = capsys.readouterr().err.strip().splitlines()
        assert said in line

        with pytest.raises(StartupError, match=said):
            configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL=url, BACKEND_API_KEY="k-1")
        assert backend.received == []
    finally:
        backend.stop()


def test_credentials_in_the_base_url_are_refused_without_echoing_them():
    with pytest.raises(StartupError, match="must not contain credentials") as refused:
        backend_config(BACKEND_BASE_URL="https://svc:s3cret@partner.example.com/api")
    assert "s3cret" not in str(refused.value)


def test_paths_default_to_the_contract_routes_under_the_base_url():
    config = backend_config(
        BACKEND_BASE_URL="https://partner.example.com/api/", BACKEND_PATH_EMAIL_DRAFT="/files/suggest"
    )
    assert config.url("record_summary") == "https://partner.example.com/api/enhanceskills/activities"
    assert config.url("email_draft") == "https://partner.example.com/api/files/suggest"
    assert config.host == "partner.example.com"


@pytest.mark.parametrize("path", ["files", "/files/../admin", "/files?x=1", "//evil.example/x", "/a%2f..", "/a b"])
def test_an_unusable_path_override_is_refused(path):
    with pytest.raises(StartupError, match="BACKEND_PATH_EMAIL_DRAFT must be a path"):
        backend_config(BACKEND_BASE_URL="https://partner.example.com", BACKEND_PATH_EMAIL_DRAFT=path)


def test_a_path_override_for_no_operation_is_refused():
    with pytest.raises(StartupError, match=r"BACKEND_PATH_EMAIL_DRAFTS names no operation.*BACKEND_PATH_EMAIL_DRAFT"):
        backend_config(BACKEND_BASE_URL="https://partner.example.com", BACKEND_PATH_EMAIL_DRAFTS="/x")


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("BACKEND_FORWARD_BEARER", "maybe", "true or false"),
        ("BACKEND_POOL_SIZE", "0", "between 1 and 256"),
        ("BACKEND_MAX_RESPONSE_BYTES", "lots", "a number"),
        ("BACKEND_API_KEY_HEADER", "x-api-key: forged", "HTTP header name"),
    ],
)
def test_other_unusable_settings_are_refused_by_name(name, value, reason):
    with pytest.raises(StartupError, match=f"{name} must be .*{reason}"):
        backend_config(BACKEND_BASE_URL="https://partner.example.com", **{name: value})


def test_a_misconfigured_back_end_stops_the_start_naming_the_setting_without_its_secret(configure):
    with pytest.raises(StartupError, match="BACKEND_BASE_URL must not contain credentials") as refused:
        configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL="https://svc:s3cret@partner.example.com")

    assert refused.value.setting == "BACKEND_BASE_URL"
    assert "s3cret" not in str(refused.value) and "\n" not in str(refused.value)


def test_settings_that_cannot_work_together_stop_the_start(configure):
    with pytest.raises(
        StartupError, match="BACKEND_API_KEY_HEADER cannot be Authorization while BACKEND_FORWARD_BEARER is true"
    ):
        configure(
            CONNECTOR_SOURCE="backend",
            BACKEND_BASE_URL="https://partner.example.com",
            BACKEND_API_KEY="k-1",
            BACKEND_API_KEY_HEADER="Authorization",
            BACKEND_FORWARD_BEARER="true",
        )


def test_the_key_in_authorization_with_bearer_forwarding_is_refused():
    with pytest.raises(StartupError, match="BACKEND_API_KEY_HEADER cannot be Authorization"):
        backend_config(
            BACKEND_BASE_URL="https://partner.example.com",
            BACKEND_API_KEY="k-1",
            BACKEND_API_KEY_HEADER="Authorization",
            BACKEND_FORWARD_BEARER="true",
        )


def test_check_backend_shows_where_each_operation_goes(monkeypatch, capsys):
    # The command reads the environment, as the app does at start.
    for name, value in {
        "CONNECTOR_SOURCE": "backend",
        "BACKEND_BASE_URL": "https://partner.example.com/api",
        "BACKEND_API_KEY": "k-1",
        "BACKEND_FORWARD_BEARER": "yes",
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr().out
    assert "POST https://partner.example.com/api/enhanceskills/content-suggestions" in shown
    assert "API key in header x-api-key and the caller's bearer token" in shown
    assert "k-1" not in shown


def test_check_backend_explains_what_is_wrong(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_SOURCE", "backend")
    monkeypatch.setenv("BACKEND_BASE_URL", "ftp://partner.example.com")

    assert main(["check-backend"]) == 2
    assert "BACKEND_BASE_URL must be an http(s) URL" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("CONNECTOR_DEADLINE_SECONDS", "abc", "app setting CONNECTOR_DEADLINE_SECONDS must be a number, got 'abc'"),
        ("BACKEND_POOL_SIZE", "0", "app setting BACKEND_POOL_SIZE must be between 1 and 256, got '0'"),
    ],
)
def test_check_backend_reports_any_setting_the_start_would_refuse(monkeypatch, capsys, name, value, said):
    monkeypatch.setenv("BACKEND_BASE_URL", "https://partner.example.com/api")
    monkeypatch.setenv(name, value)

    assert main(["check-backend"]) == 2
    assert capsys.readouterr().err == f"The connector cannot start: {said}\n"


def test_check_backend_reports_a_partner_source_that_lacks_an_operation(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_SOURCE", "tests.support.sources:IncompleteSource")

    assert main(["check-backend"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "lacks email_draft(inputs, context), key_stakeholders(inputs, context)" in error


def test_check_backend_describes_the_sample_source_without_a_back_end_error(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_SOURCE", "sample")

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr()
    assert "Source: sample" in shown.out and "nothing is forwarded" in shown.out
    assert "BACKEND_BASE_URL is required" not in shown.out + shown.err


def test_check_backend_describes_a_python_source(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_SOURCE", "tests.support.sources:DeclaredPagingSource")

    assert main(["check-backend"]) == 0

    shown = capsys.readouterr().out
    assert "your Python class DeclaredPagingSource from tests.support.sources" in shown
    assert "It answers every operation; it pages email_draft, email_summary_v1" in shown


def test_check_backend_says_why_a_python_source_cannot_load(monkeypatch, capsys):
    monkeypatch.setenv("CONNECTOR_SOURCE", "partner_insights.source:Insights")

    assert main(["check-backend"]) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "CONNECTOR_SOURCE names module 'partner_insights.source', which cannot be imported" in err
    assert "ModuleNotFoundError" in err and "PYTHONPATH" in err


def test_check_backend_refuses_settings_that_cannot_work_together(monkeypatch, capsys):
    for name, value in {
        "CONNECTOR_SOURCE": "backend",
        "BACKEND_BASE_URL": "https://partner.example.com",
        "BACKEND_API_KEY_HEADER": "Authorization",
        "BACKEND_FORWARD_BEARER": "true",
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["check-backend"]) == 2
    assert "BACKEND_API_KEY_HEADER cannot be Authorization while BACKEND_FORWARD_BEARER is true" in (
        capsys.readouterr().err
    )


OWNED_HEADERS = [
    "Host",
    "Content-Length",
    "transfer-encoding",
    "Connection",
    "traceparent",
    "x-ms-client-request-id",
    "Accept",
    "User-Agent",
    "x-connector-language",
    "Content-Type",
]


@pytest.mark.parametrize("header", OWNED_HEADERS)
def test_the_key_in_a_header_framing_or_the_connector_owns_stops_the_start(configure, header):
    with pytest.raises(StartupError) as refused:
        configure(
            CONNECTOR_SOURCE="backend",
            BACKEND_BASE_URL="https://partner.example.com",
            BACKEND_API_KEY="k-secret-1",
            BACKEND_API_KEY_HEADER=header,
        )

    assert refused.value.setting == "BACKEND_API_KEY_HEADER"
    message = str(refused.value)
    assert f"BACKEND_API_KEY_HEADER must not be {header}," in message and "\n" not in message
    assert "k-secret-1" not in message


@pytest.mark.parametrize("header", ["Host", "traceparent"])
def test_check_backend_exits_non_zero_for_an_owned_key_header(monkeypatch, capsys, header):
    for name, value in {
        "CONNECTOR_SOURCE": "backend",
        "BACKEND_BASE_URL": "https://partner.example.com",
        "BACKEND_API_KEY": "k-secret-1",
        "BACKEND_API_KEY_HEADER": header,
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["check-backend"]) != 0
    err = capsys.readouterr().err
    assert f"BACKEND_API_KEY_HEADER must not be {header}" in err and err.count("\n") == 1


@pytest.mark.parametrize("header", ["x-api-key", "Ocp-Apim-Subscription-Key", "X-Functions-Key", "api_key"])
def test_a_key_header_of_its_own_is_accepted(header):
    config = backend_config(BACKEND_BASE_URL="https://partner.example.com", BACKEND_API_KEY_HEADER=header)

    assert config.api_key_header == header
