"""The seller's language: `Accept-Language` (RFC 9110) matched against ours by RFC 4647 lookup.

- The whole header is read and its ranges tried best weight first (equal weights keep the caller's
  order). A range that is not a well-formed language range is skipped, never fatal.
- Extension and private-use subtags are stripped (`ja-JP-u-ca-japanese` is `ja-JP`); a range
  that is private use or grandfathered-irregular as a whole (`x-klingon`, `i-default`) names no
  language we could offer and is skipped.
- Lookup: each range is shortened from the end until one of our languages matches it
  (`fr-CA` → `fr`); a range no language of ours matches is skipped.
- `q=0` refuses: a language whose most specific matching range has weight 0 is never chosen.
- `*` is any of our languages not refused, in our order.
- Our default (the first language offered) applies only when nothing acceptable remains.

Pure string work: no locale library is consulted, so no tag can make negotiation fail.
"""

from __future__ import annotations

import re
from functools import lru_cache

# RFC 9110 §12.4.2: a qvalue is 0 to 1 with at most three decimals.
_QVALUE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
# RFC 4647 §2.1: a basic language range, `*` or 1*8ALPHA *("-" 1*8alphanum).
_RANGE = re.compile(r"(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)")
# The languages the connector speaks (its messages and the sample data), in order of preference: the
# default of CONNECTOR_LANGUAGES. The first is the default language, which every catalogue falls back to.
LANGUAGES = ("en", "fr", "de", "es", "ja")
DEFAULT_LANGUAGE = LANGUAGES[0]
CACHED_HEADER_LENGTH = 256  # real headers are a few dozen characters; longer ones are not cached


def _weight(params: list[str]) -> float | None:
    """The range's weight, 1 without `q`; None when the weight is malformed (the range is skipped)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            return float(value) if _QVALUE.fullmatch(value) else None
    return 1.0


def _without_extensions(tag: str) -> str:
    """The tag up to its first singleton subtag: extensions (`-u-…`, `-t-…`) and private use (`-x-…`)."""
    subtags = tag.split("-")
    for index, subtag in enumerate(subtags):
        if len(subtag) == 1 and subtag != "*":
            return "-".join(subtags[:index])
    return tag


def ranges(header: str) -> list[tuple[str, float]]:
    """Every usable range of the header with its weight, best first (stable for equal weights)."""
    found: list[tuple[str, float]] = []
    for entry in dict.fromkeys(header.split(",")):  # an entry repeated is the same range: read once
        tag, *params = entry.split(";")
        tag = tag.strip().lower()
        weight = _weight(params)
        if weight is None or not _RANGE.fullmatch(tag):
            continue
        tag = _without_extensions(tag)
        if tag:
            found.append((tag, weight))
    found.sort(key=lambda item: -item[1])
    return found


def _refused(tag: str, weights: dict[str, float]) -> bool:
    """Whether the most specific range that matches `tag` has weight 0.

    RFC 4647 basic filtering: a range matches the tag it names and every tag it is a prefix of at a
    subtag boundary, and `*` matches any tag; so the ranges that can match are the tag's own
    truncations, most specific first, then `*`.
    """
    subtags = tag.split("-")
    for length in range(len(subtags), 0, -1):
        weight = weights.get("-".join(subtags[:length]))
        if weight is not None:
            return weight == 0
    return weights.get("*") == 0


def _lookup(language_range: str, supported: tuple[str, ...]) -> str | None:
    """RFC 4647 §3.4: shorten the range until it names one of `supported` (or nothing is left)."""
    subtags = language_range.split("-")
    while subtags:
        candidate = "-".join(subtags)
        if candidate in supported:
            return candidate
        subtags.pop()
        if subtags and len(subtags[-1]) == 1:  # never end on a singleton
            subtags.pop()
    return None


def _negotiate(header: str, supported: tuple[str, ...]) -> str:
    weighted = ranges(header)
    weights: dict[str, float] = {}
    for language_range, weight in weighted:
        weights.setdefault(language_range, weight)  # a range given twice: its best weight counts
    acceptable = [language for language in supported if not _refused(language, weights)]
    for language_range, weight in weighted:
        if weight == 0:
            continue
        if language_range == "*":
            if acceptable:
                return acceptable[0]
            continue
        match = _lookup(language_range, supported)
        if match is not None and match in acceptable:
            return match
    return supported[0]


_cached_negotiate = lru_cache(maxsize=1024)(_negotiate)


def negotiate(header: str | None, supported: tuple[str, ...]) -> str:
    """The language of `supported` (lower-case tags, default first) the header prefers."""
    if not header:
        return supported[0]
    if len(header) <= CACHED_HEADER_LENGTH:
        return _cached_negotiate(header, supported)
    return _negotiate(header, supported)
