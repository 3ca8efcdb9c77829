"""Localised text for the sample source: message catalogues plus Babel formatting of values.

Each language's catalogue and Babel locale are read when that language is first asked for (a
cold start answers one language; a call has a budget of milliseconds, so never file I/O per call).
A message is a `str.format` template; its parameters may themselves be messages, amounts or days,
which are rendered in the same language before the template is filled.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connector.catalogues import Catalogues

if TYPE_CHECKING:
    from babel import Locale

LOCALES_DIR = Path(__file__).parent / "locales"

CATALOGUES = Catalogues(LOCALES_DIR)


@cache
def _locale(language: str) -> Locale:
    from babel import Locale  # Babel and its locale data: on the first rendered value, not at import

    return Locale.parse(language)


@cache
def _whole_currency_pattern(language: str):
    # The locale's own currency pattern (symbol position, spacing) without cents: deal sizes read better.
    pattern = copy.copy(_locale(language).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


# --- values a message can take as parameters ------------------------------------------------


@dataclass(frozen=True)
class Msg:
    """A message id with its parameters, rendered in the caller's language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)


def msg(key: str, **params: Any) -> Msg:
    return Msg(key, params)


@dataclass(frozen=True)
class Money:
    amount: int | Decimal
    currency: str = "USD"


@dataclass(frozen=True)
class Day:
    """A day relative to today (positive: in the past), so sample dates stay fresh."""

    days_ago: int


# --- rendering ------------------------------------------------------------------------------

# Babel's formatting is pure but costs tens of microseconds a value, and the sample data formats
# the same few amounts and days again on every call: remember them (bounded, per process).


@lru_cache(maxsize=4096)
def _money(language: str, amount: int | Decimal, currency: str) -> str:
    return _whole_currency_pattern(language).apply(amount, _locale(language), currency=currency, currency_digits=False)


@lru_cache(maxsize=4096)
def _day(language: str, day: date) -> str:
    from babel.dates import format_date

    return format_date(day, format="medium", locale=_locale(language))


@lru_cache(maxsize=4096)
def _number(language: str, value: int | Decimal) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(language))


def utc_today() -> date:
    return datetime.now(UTC).date()


class Text:
    """Renders messages and values in one language, relative to one day."""

    def __init__(self, language: str, today: date) -> None:
        self.language = CATALOGUES.speaking(language)
        self.today = today

    def __call__(self, key: str, **params: Any) -> str:
        return CATALOGUES.render(self.language, key, {name: self.value(v) for name, v in params.items()})

    def value(self, value: Any) -> str:
        if isinstance(value, Msg):
            return self(value.key, **value.params)
        if isinstance(value, Money):
            return _money(self.language, value.amount, value.currency)
        if isinstance(value, Day):
            return _day(self.language, self.day(value.days_ago))
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return _number(self.language, value)
        return str(value)

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def moment(self, days_ago: int, hour: int = 0, minute: int = 0) -> datetime:
        """A UTC date-time `days_ago` days before today at the given time of day."""
        midnight = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        return midnight - timedelta(days=days_ago) + timedelta(hours=hour, minutes=minute)

    def properties(self, pairs: tuple[tuple[str, Any], ...]) -> dict[str, str]:
        """`additionalProperties`: localized names (`prop.*`) and localized values."""
        return {self(f"prop.{name}"): self.value(value) for name, value in pairs}


def clip(text: str, limit: int) -> str:
    """A last guard for the contract's length limits; the catalogues are written to fit."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
