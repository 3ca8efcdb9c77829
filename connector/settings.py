"""App settings: every setting the code reads, with its default, read from the environment once.

Azure Functions passes app settings as environment variables (locally from `local.settings.json`);
`local.settings.sample.json` lists every one of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Settings:
    source: str = "sample"
    deadline_seconds: float = 4.5
    max_body_bytes: int = 1_048_576
    languages: tuple[str, ...] = ("en", "fr", "de", "es", "ja")
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
        return cls(
            source=source,
            # Copilot for Sales gives a call five seconds; keep a margin for the network.
            deadline_seconds=_number("CONNECTOR_DEADLINE_SECONDS", cls.deadline_seconds, 0.1, 30),
            max_body_bytes=int(_number("CONNECTOR_MAX_BODY_BYTES", cls.max_body_bytes, 1024, 100 * 1_048_576)),
            languages=languages or cls.languages,
            require_principal=_flag("CONNECTOR_REQUIRE_PRINCIPAL", cls.require_principal),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()


def reload_settings() -> Settings:
    """Read the environment again (tests, and the local host after it loads local.settings.json)."""
    settings.cache_clear()
    return settings()
