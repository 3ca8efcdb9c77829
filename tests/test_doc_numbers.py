"""The counts the README, docs/security.md and openapi/README.md quote are the ones the tests run: each sentence is
rebuilt here from the test modules' own constants, so a count that changes fails until the text does.
(Measured times and longer runs are reports of one run, and are not checked.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from connector import caller
from connector.contract import OPERATIONS
from tests import test_bad_input_catalogue, test_error_words, test_fuzz, test_header_fuzz, test_soak

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(
    bool({"FUZZ_EXAMPLES", "FUZZ_HEADER_EXAMPLES"} & set(os.environ)), reason="a longer fuzzing run changes the counts"
)
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECURITY = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
IMPORT_GUIDE = (ROOT / "openapi" / "README.md").read_text(encoding="utf-8")
WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
)

HEADERS = len(test_header_fuzz.HEADERS)
HEADER_EXAMPLES = test_header_fuzz.EXAMPLES  # the default, 200, unless FUZZ_HEADER_EXAMPLES is set
HEADER_CALLS = HEADERS * len(OPERATIONS) * HEADER_EXAMPLES
QUERY_CALLS = len(test_header_fuzz.GET_OPERATIONS) * HEADER_EXAMPLES


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


README_SENTENCES = [
    f"({test_fuzz.FUZZ_EXAMPLES} examples per operation,\n  seeded)",
    f"the {WORDS[HEADERS]} headers the pipeline reads ({HEADER_EXAMPLES} seeded examples per",
    f"a catalogue of {len(test_bad_input_catalogue.CATALOGUE)} malformed requests",
]
SECURITY_SENTENCES = [
    f"the {WORDS[HEADERS]} headers the pipeline reads",
    f"{HEADER_EXAMPLES} examples per header and operation ({_thousands(HEADER_CALLS)} calls)",
    f"the {WORDS[len(test_header_fuzz.GET_OPERATIONS)]} GET operations, {HEADER_EXAMPLES} examples per operation",
    f"each of the {WORDS[len(caller.READERS)]} readers of `connector/caller.py`",
    f"| {len(test_error_words.WALKS)} requests that reach every",
    f"and {len(test_error_words.HOST_WALKS)} the local host answers itself",
    f"{test_fuzz.FUZZ_EXAMPLES} examples per operation with the test source",
    f"| {len(test_bad_input_catalogue.CATALOGUE)} cases sent byte for byte",
    f"concurrency {', '.join(map(str, test_soak.LEVELS[:-1]))} and {test_soak.LEVELS[-1]}"
    f" ({test_soak.REQUESTS_PER_LEVEL} each)",
    f"({_thousands(HEADER_CALLS + QUERY_CALLS)} calls) takes",
]


@pytest.mark.parametrize("sentence", README_SENTENCES)
def test_the_readme_quotes_the_counts_the_tests_run(sentence):
    assert sentence in README, sentence


@pytest.mark.parametrize("sentence", SECURITY_SENTENCES)
def test_the_security_page_quotes_the_counts_the_tests_run(sentence):
    assert sentence in SECURITY, sentence


def test_the_import_guide_quotes_the_fuzzing_default():
    assert f"`FUZZ_EXAMPLES` (default {test_fuzz.FUZZ_EXAMPLES} per" in IMPORT_GUIDE
