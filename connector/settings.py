"""App settings: every setting the code reads, with its default, checked when the app is built.

Azure Functions passes app settings as environment variables (locally from `local.settings.json`);
`local.settings.sample.json` lists every one of them. The defaults are the field defaults of
`Settings` and nowhere else; `Settings.from_env` reads a mapping (the environment by default), so a
test builds its own settings without touching the process environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from connector import header_names
from connector.language import LANGUAGES
from connector.startup import bad_setting

MIB = 1_048_576  # bytes in a mebibyte: the default size limits
# The Functions host's own request body limit (100 MB): the highest a size setting may ask for.
HOST_MAX_BODY_BYTES = 100 * MIB
SOURCES = ("sample", "backend")  # or a partner's own `package.module:ClassName`
TELEMETRY_BACKENDS = ("opencensus", "opentelemetry")


class _Reader:
    """Reads raw values from one mapping, each refusal naming its setting."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ

    def text(self, name: str, default: str) -> str:
        return self.environ.get(name, "").strip() or default

    def number(self, name: str, default: float, low: float, high: float) -> float:
        raw = self.environ.get(name, "").strip()
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise bad_setting(name, f"must be a number, got {raw!r}") from None
        if not low <= value <= high:
            raise bad_setting(name, f"must be between {low:g} and {high:g}, got {raw!r}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.environ.get(name, "").strip().lower()
        if not raw:
            return default
        if raw in ("true", "1", "yes"):
            return True
        if raw in ("false", "0", "no"):
            return False
        raise bad_setting(name, f"must be true or false, got {raw!r}")

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default).lower()
        if value not in choices:
            raise bad_setting(name, f"must be {' or '.join(choices)}, got {value!r}")
        return value

    def prefixed(self, prefix: str) -> tuple[tuple[str, str], ...]:
        """Settings named PREFIX<SUFFIX>, as (suffix in lower case, value), e.g. per-operation overrides."""
        return tuple(
            sorted(
                (name[len(prefix) :].lower(), value.strip())
                for name, value in self.environ.items()
                if name.upper().startswith(prefix) and value.strip()
            )
        )


@dataclass(frozen=True)
class Settings:
    source: str = "sample"
    # Copilot for Sales gives a call five seconds; keep a margin for the network.
    deadline_seconds: float = 4.5
    max_body_bytes: int = MIB
    languages: tuple[str, ...] = LANGUAGES
    # The partner back end (CONNECTOR_SOURCE=backend); checked by connector.sources.backend.config.
    backend_base_url: str = ""
    backend_api_key: str = field(default="", repr=False)  # a secret: never in logs
    backend_api_key_header: str = header_names.API_KEY
    backend_forward_bearer: bool = False
    backend_paths: tuple[tuple[str, str], ...] = ()  # (operation key, path) from BACKEND_PATH_<KEY>
    backend_max_response_bytes: int = MIB
    backend_pool_size: int = 32  # the Python worker runs at most 32 threads
    # Telemetry: none is sent without a connection string.
    telemetry_connection_string: str | None = None
    # `Authorization=AAD[;ClientId=<guid>]`: send with a managed identity's token (connector/telemetry/credential.py).
    telemetry_authentication: str | None = None
    telemetry_backend: str = "opencensus"
    telemetry_sampling_percentage: float = 100.0
    cloud_role_name: str = "copilot-sales-connector"
    # Refuse calls that App Service Authentication (Entra ID) did not sign in; see connector/auth.py.
    require_principal: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings an environment gives (the process's own by default); a bad value raises `StartupError`."""
        read = _Reader(os.environ if environ is None else environ)
        default = {f.name: f.default for f in fields(cls)}
        source = read.text("CONNECTOR_SOURCE", default["source"])
        if ":" not in source:
            source = source.lower()
        if source not in SOURCES and not (":" in source and all(p.strip() for p in source.partition(":")[::2])):
            raise bad_setting("CONNECTOR_SOURCE", f"must be sample, backend or module:Class, got {source!r}")
        languages = tuple(
            code.strip().lower() for code in read.text("CONNECTOR_LANGUAGES", "").split(",") if code.strip()
        )
        return cls(
            source=source,
            deadline_seconds=read.number("CONNECTOR_DEADLINE_SECONDS", default["deadline_seconds"], 0.1, 30),
            max_body_bytes=int(
                read.number("CONNECTOR_MAX_BODY_BYTES", default["max_body_bytes"], 1024, HOST_MAX_BODY_BYTES)
            ),
            languages=languages or default["languages"],
            backend_base_url=read.text("BACKEND_BASE_URL", default["backend_base_url"]),
            backend_api_key=read.text("BACKEND_API_KEY", default["backend_api_key"]),
            backend_api_key_header=read.text("BACKEND_API_KEY_HEADER", default["backend_api_key_header"]),
            backend_forward_bearer=read.flag("BACKEND_FORWARD_BEARER", default["backend_forward_bearer"]),
            backend_paths=read.prefixed("BACKEND_PATH_"),
            backend_max_response_bytes=int(
                read.number(
                    "BACKEND_MAX_RESPONSE_BYTES", default["backend_max_response_bytes"], 1024, HOST_MAX_BODY_BYTES
                )
            ),
            backend_pool_size=int(read.number("BACKEND_POOL_SIZE", default["backend_pool_size"], 1, 256)),
            telemetry_connection_string=read.text("APPLICATIONINSIGHTS_CONNECTION_STRING", "") or None,
            telemetry_authentication=_telemetry_authentication(
                read.text("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "") or None
            ),
            telemetry_backend=read.choice(
                "CONNECTOR_TELEMETRY_BACKEND", default["telemetry_backend"], TELEMETRY_BACKENDS
            ),
            telemetry_sampling_percentage=read.number(
                "CONNECTOR_TELEMETRY_SAMPLING_PERCENTAGE", default["telemetry_sampling_percentage"], 0, 100
            ),
            # Azure sets WEBSITE_SITE_NAME to the function app's name.
            cloud_role_name=read.text("WEBSITE_SITE_NAME", default["cloud_role_name"]),
            require_principal=read.flag("CONNECTOR_REQUIRE_PRINCIPAL", default["require_principal"]),
        )


def _telemetry_authentication(value: str | None) -> str | None:
    """The setting as given, once it is known to name a credential: a bad one stops the start here."""
    if value:
        # Imported here: the telemetry package reads these settings.
        from connector.telemetry.credential import managed_identity_client_id

        managed_identity_client_id(value)
    return value
