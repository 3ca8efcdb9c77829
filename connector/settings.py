"""App settings: every setting the code reads, with its default, read from the environment once.

Azure Functions passes app settings as environment variables (locally from `local.settings.json`);
`local.settings.sample.json` lists every one of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _number(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"app setting {name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"app setting {name} must be between {low:g} and {high:g}, got {raw!r}")
    return value


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("true", "1", "yes"):
        return True
    if raw in ("false", "0", "no"):
        return False
    raise ValueError(f"app setting {name} must be true or false, got {raw!r}")


def _prefixed(prefix: str) -> tuple[tuple[str, str], ...]:
    """Settings named PREFIX<SUFFIX>, as (suffix in lower case, value), e.g. per-operation overrides."""
    return tuple(
        sorted((name[len(prefix):].lower(), value.strip()) for name, value in os.environ.items()
               if name.upper().startswith(prefix) and value.strip())
    )


@dataclass(frozen=True)
class Settings:
    source: str = "sample"
    deadline_seconds: float = 4.5
    max_body_bytes: int = 1_048_576
    languages: tuple[str, ...] = ("en", "fr", "de", "es", "ja")
    # The partner back end (CONNECTOR_SOURCE=backend); checked by connector.sources.backend.config.
    backend_base_url: str = ""
    backend_api_key: str = field(default="", repr=False)  # a secret: never in logs
    backend_api_key_header: str = "x-api-key"
    backend_forward_bearer: bool = False
    backend_paths: tuple[tuple[str, str], ...] = ()  # (operation key, path) from BACKEND_PATH_<KEY>
    backend_max_response_bytes: int = 1_048_576
    backend_pool_size: int = 32  # the Python worker runs at most 32 threads
    # Telemetry: none is sent without a connection string.
    telemetry_connection_string: str | None = None
    # `Authorization=AAD[;ClientId=<guid>]`: send with a managed identity's token (connector/telemetry_credential.py).
    telemetry_authentication: str | None = None
    telemetry_backend: str = "opencensus"
    telemetry_sampling_percentage: float = 100.0
    cloud_role_name: str = "copilot-sales-connector"
    # Refuse calls that App Service Authentication (Entra ID) did not sign in; see connector/auth.py.
    require_principal: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        source = os.environ.get("CONNECTOR_SOURCE", "").strip() or cls.source
        if ":" not in source:
            source = source.lower()
            if source not in ("sample", "backend"):
                raise ValueError(
                    f"app setting CONNECTOR_SOURCE must be sample, backend or module:Class, got {source!r}"
                )
        languages = tuple(
            code.strip().lower()
            for code in os.environ.get("CONNECTOR_LANGUAGES", ",".join(cls.languages)).split(",")
            if code.strip()
        )
        telemetry_backend = os.environ.get("CONNECTOR_TELEMETRY_BACKEND", "").strip().lower() or cls.telemetry_backend
        if telemetry_backend not in ("opencensus", "opentelemetry"):
            raise ValueError(
                f"app setting CONNECTOR_TELEMETRY_BACKEND must be opencensus or opentelemetry, got {telemetry_backend!r}"
            )
        return cls(
            source=source,
            # Copilot for Sales gives a call five seconds; keep a margin for the network.
            deadline_seconds=_number("CONNECTOR_DEADLINE_SECONDS", cls.deadline_seconds, 0.1, 30),
            max_body_bytes=int(_number("CONNECTOR_MAX_BODY_BYTES", cls.max_body_bytes, 1024, 100 * 1_048_576)),
            languages=languages or cls.languages,
            backend_base_url=os.environ.get("BACKEND_BASE_URL", "").strip(),
            backend_api_key=os.environ.get("BACKEND_API_KEY", "").strip(),
            backend_api_key_header=os.environ.get("BACKEND_API_KEY_HEADER", "").strip() or cls.backend_api_key_header,
            backend_forward_bearer=_flag("BACKEND_FORWARD_BEARER", cls.backend_forward_bearer),
            backend_paths=_prefixed("BACKEND_PATH_"),
            backend_max_response_bytes=int(
                _number("BACKEND_MAX_RESPONSE_BYTES", cls.backend_max_response_bytes, 1024, 100 * 1_048_576)
            ),
            backend_pool_size=int(_number("BACKEND_POOL_SIZE", cls.backend_pool_size, 1, 256)),
            telemetry_connection_string=os.environ.get("APPLICATIONINSIGHTS_CONNECTION_STRING", "").strip() or None,
            telemetry_authentication=os.environ.get("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "").strip() or None,
            telemetry_backend=telemetry_backend,
            telemetry_sampling_percentage=_number(
                "CONNECTOR_TELEMETRY_SAMPLING_PERCENTAGE", cls.telemetry_sampling_percentage, 0, 100
            ),
            # Azure sets WEBSITE_SITE_NAME to the function app's name.
            cloud_role_name=os.environ.get("WEBSITE_SITE_NAME", "").strip() or cls.cloud_role_name,
            require_principal=_flag("CONNECTOR_REQUIRE_PRINCIPAL", cls.require_principal),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()


def reload_settings() -> Settings:
    """Read the environment again (tests, and the local host after it loads local.settings.json)."""
    settings.cache_clear()
    return settings()
