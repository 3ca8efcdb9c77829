"""Language negotiation on its own: `Accept-Language` against the connector's languages (RFC 4647 lookup)."""

from __future__ import annotations

import pytest

from connector.language import DEFAULT_LANGUAGE, LANGUAGES, negotiate, ranges
from connector.settings import Settings

OURS = ("en", "fr", "de", "es", "ja")


def test_one_list_of_languages_and_its_first_is_the_default():
    assert LANGUAGES == OURS and DEFAULT_LANGUAGE == "en"
    assert Settings().languages == LANGUAGES


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        (None, "en"),
        ("", "en"),
        ("fr", "fr"),
        ("fr-CA", "fr"),  # shortened until one of ours matches
        ("FR-ca", "fr"),  # tags are case-insensitive
        ("ja-JP-u-ca-japanese", "ja"),  # extensions stripped
        ("zu, de;q=0.5", "de"),  # a language we lack is skipped
        ("de;q=0.5, es;q=0.9", "es"),  # best weight first
        ("de, es", "de"),  # equal weights keep the caller's order
        ("*", "en"),  # any: ours in our order
        ("*;q=0.5, fr;q=0", "en"),
        ("en;q=0, *", "fr"),  # refused, so `*` is the next of ours
        ("en;q=0", "en"),  # nothing acceptable left: the default
        ("fr;q=2, de", "de"),  # a malformed weight skips its range
        ("x-klingon, es", "es"),  # private use names no language
        ("i-default, ja", "ja"),
        ("fr_FR, de", "de"),  # not a language range
    ],
)
def test_the_header_picks_one_of_our_languages(header, chosen):
    assert negotiate(header, OURS) == chosen


def test_the_first_language_offered_is_the_default():
    assert negotiate("zu", ("ja", "en")) == "ja"


def test_a_long_header_is_read_whole_and_not_cached():
    header = ", ".join(f"zz-{n:04d};q=0.9" for n in range(200)) + ", es;q=0.1"
    assert len(header) > 256
    assert negotiate(header, OURS) == "es"


def test_ranges_are_read_once_each_best_first():
    assert ranges("de, fr;q=0.5, fr;q=0.5, *;q=0.1") == [("de", 1.0), ("fr", 0.5), ("*", 0.1)]
