"""Telemetry over Microsoft Entra ID: with APPLICATIONINSIGHTS_AUTHENTICATION_STRING, every send carries a
managed identity's token; without it, nothing changes.

Both backends send to a local HTTPS ingestion endpoint (the Azure SDKs put a bearer token on HTTPS only).
`azure.identity.ManagedIdentityCredential` is replaced by a fake token provider: the real one asks the
instance metadata endpoint of an Azure host, which does not exist here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import azure.identity
import pytest
from azure.core.credentials import AccessToken

from connector.startup import StartupError
from connector.telemetry.credential import managed_identity_client_id
from tests.support.ingestion import BACKENDS, IngestionEndpoint

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COUNTING = "tests.support.sources:CountingSource"
CLIENT_ID = "3c1e9a52-7d4b-4f0e-9b8a-2a6c5d4e3f21"
MONITOR_SCOPE = "https://monitor.azure.com//.default"


class FakeManagedIdentity:
    """Stands in for azure.identity.ManagedIdentityCredential: records how it was built and what it was asked."""

    built: list[dict] = []
    scopes: list[tuple[str, ...]] = []

    def __init__(self, **kwargs) -> None:
        FakeManagedIdentity.built.append(kwargs)
        self.token = f"fake-token-for-{kwargs.get('client_id') or 'system-identity'}"

    def get_token(self, *scopes: str, **kwargs) -> AccessToken:
        FakeManagedIdentity.scopes.append(scopes)
        return AccessToken(self.token, 4102444800)  # 2100-01-01: never refreshed during a test

    def get_token_info(self, *scopes: str, options=None):  # azure-core's newer protocol, same answer
        from azure.core.credentials import AccessTokenInfo

        FakeManagedIdentity.scopes.append(scopes)
        return AccessTokenInfo(self.token, 4102444800)

    def close(self) -> None:
        pass


@pytest.fixture
def https_ingestion(monkeypatch):
    endpoint = IngestionEndpoint(tls=True)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", endpoint.ca_file)  # the exporters' requests trust its certificate
    monkeypatch.setattr(azure.identity, "ManagedIdentityCredential", FakeManagedIdentity)
    FakeManagedIdentity.built.clear()
    FakeManagedIdentity.scopes.clear()
    yield endpoint
    endpoint.close()


def _send_one_call(call, configure, endpoint: IngestionEndpoint, backend: str, **settings: str) -> None:
    connector = configure(
        APPLICATIONINSIGHTS_CONNECTION_STRING=endpoint.connection_string,
        CONNECTOR_TELEMETRY_BACKEND=backend,
        CONNECTOR_SOURCE=COUNTING,
        **settings,
    )
    response = call("key_stakeholders", params={"accountName": "Contoso"}, headers={"x-ms-client-request-id": "e-1"})
    assert response.status_code == 200
    connector.telemetry.shutdown(timeout=5)  # sends what is pending


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_user_assigned_identity_signs_every_send(backend, https_ingestion, call, configure):
    _send_one_call(
        call,
        configure,
        https_ingestion,
        backend,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING=f"Authorization=AAD;ClientId={CLIENT_ID}",
    )
    assert FakeManagedIdentity.built == [{"client_id": CLIENT_ID}]
    assert https_ingestion.items("Request"), "the request item reached the endpoint"
    assert set(https_ingestion.authorizations) == {f"Bearer fake-token-for-{CLIENT_ID}"}
    assert FakeManagedIdentity.scopes and all(s == (MONITOR_SCOPE,) for s in FakeManagedIdentity.scopes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_system_assigned_identity_when_no_client_id_is_named(backend, https_ingestion, call, configure):
    _send_one_call(
        call, configure, https_ingestion, backend, APPLICATIONINSIGHTS_AUTHENTICATION_STRING="Authorization=AAD"
    )
    assert FakeManagedIdentity.built == [{}]
    assert set(https_ingestion.authorizations) == {"Bearer fake-token-for-system-identity"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_without_the_setting_no_credential_and_no_token(backend, https_ingestion, call, configure):
    _send_one_call(call, configure, https_ingestion, backend)
    assert FakeManagedIdentity.built == []
    assert https_ingestion.items("Request")
    assert set(https_ingestion.authorizations) == {None}


@pytest.mark.parametrize(
    "value",
    [
        "Authorization=Key",
        "ClientId=" + CLIENT_ID,
        "Authorization=AAD;ClientId=me",
        "Authorization=AAD;Secret=x",
        "nonsense",
    ],
)
def test_a_malformed_setting_stops_the_start_naming_it(value, https_ingestion, configure):
    # As the README promises for any bad setting: the app is not built, rather than served without telemetry.
    with pytest.raises(StartupError) as refused:
        configure(
            APPLICATIONINSIGHTS_CONNECTION_STRING=https_ingestion.connection_string,
            CONNECTOR_SOURCE=COUNTING,
            APPLICATIONINSIGHTS_AUTHENTICATION_STRING=value,
        )
    assert refused.value.setting == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"
    assert str(refused.value).startswith("app setting APPLICATIONINSIGHTS_AUTHENTICATION_STRING ")
    assert "\n" not in str(refused.value)
    assert FakeManagedIdentity.built == []


def test_the_setting_is_read_as_azure_writes_it():
    assert managed_identity_client_id(f"ClientId={CLIENT_ID};Authorization=AAD") == CLIENT_ID
    assert managed_identity_client_id(f" authorization=aad ; clientid={CLIENT_ID} ;") == CLIENT_ID
    assert managed_identity_client_id("Authorization=AAD") is None


PROBE = """
import sys
from connector.settings import Settings
from connector.telemetry import Telemetry
telemetry = Telemetry(Settings.from_env())
telemetry.start()
print(type(telemetry.backend).__name__, telemetry.settings.telemetry_authentication,
      [m for m in ("azure.identity",) if m in sys.modules])
telemetry.shutdown(timeout=1)
"""


def test_without_a_connection_string_the_credential_module_imports_nothing():
    env = {k: v for k, v in os.environ.items() if not k.startswith("APPLICATIONINSIGHTS_")}
    env.update(
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL="true", APPLICATIONINSIGHTS_AUTHENTICATION_STRING="Authorization=AAD"
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["NoneType", "Authorization=AAD", "[]"]
