"""The seller's language: `Accept-Language` (RFC 9110, with q-values) negotiated against ours."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, negotiate_locale

MAX_HEADER_LENGTH = 1024  # a real header is a few dozen characters; ignore anything beyond this
MAX_RANGES = 32


def _ranges(header: str) -> list[tuple[str, float]]:
    """Language ranges with their weights, best first; malformed entries are skipped, not fatal."""
    ranges: list[tuple[str, float]] = []
    for entry in header[:MAX_HEADER_LENGTH].split(",")[:MAX_RANGES]:
        tag, _, params = entry.strip().partition(";")
        tag = tag.strip().lower()
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = -1.0
        if not tag or not 0 < weight <= 1:
            continue
        if tag != "*":
            try:
                Locale.parse(tag, sep="-")  # Babel decides what a well-formed tag is
            except (ValueError, TypeError):
                continue
        ranges.append((tag, weight))
    ranges.sort(key=lambda item: -item[1])  # stable: equal weights keep the caller's order
    return ranges


@lru_cache(maxsize=1024)
def negotiate(header: str | None, supported: tuple[str, ...]) -> str:
    """The best of `supported` for the header; region falls back to language (fr-CA -> fr).

    `*` and an empty or unusable header mean the default, the first of `supported`.
    """
    default = supported[0]
    if not header:
        return default
    for tag, _ in _ranges(header):
        if tag == "*":
            return default
        match = negotiate_locale([tag], supported, sep="-")
        if match:
            return match.lower()
    return default
