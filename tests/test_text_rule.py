"""The one text rule (`connector.values`): checked by pydantic-core for what goes out, as it was.

The outgoing rule used to be a Python pass over every string of an item, before validation; now
pydantic-core checks `OUTPUT_TEXT_PATTERN` while it validates. The earlier rule is kept here as test
data, and the two must agree on every code point and on a table of tricky strings. The caller's rule
(`NOT_TEXT`) is unchanged, and the byte prefilter of a JSON body never lets through what it refuses.
"""

from __future__ import annotations

import json
import re

import pytest
from pydantic import TypeAdapter, ValidationError

from connector.contract import operation
from connector.inputs import _may_hold_what_the_rule_refuses
from connector.outputs import ItemRefused, conform
from connector.values import NOT_ONE_LINE, NOT_TEXT, Text

# The rules as they were written before they had one home (connector/outputs.py and connector/types.py).
EARLIER_OUTGOING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
EARLIER_INCOMING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
EARLIER_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")

TRICKY = [
    "",
    "plain",
    "tab\tnew\nline\r\n",
    "nul\x00",
    "\x1f",
    " \x20",
    "del\x7f",
    "c1\x80",
    "nel\x85",
    "\x9f",
    "nbsp\xa0",
    "line\u2028separator",
    "paragraph\u2029separator",
    "\u2027\u202a",
    "bom\ufeff",
    "\ufffe\uffff",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",  # a pair of halves in a str is still two surrogates: UTF-8 cannot write them
    "😀 emoji",
    "日本語のテキスト",
    "e\u0301 combining",
    "\U0010ffff",
    "\ue000 private use",
    "long " * 5000 + "\x01",
]
_TEXT = TypeAdapter(Text)
_LABELS = [repr(t[:20]) for t in TRICKY]


def _refused_now(value: str) -> bool:
    try:
        _TEXT.validate_python(value)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("value", TRICKY, ids=_LABELS)
def test_the_outgoing_rule_refuses_what_it_refused(value):
    assert _refused_now(value) == bool(EARLIER_OUTGOING.search(value))


def test_the_outgoing_rule_agrees_on_every_code_point():
    disagree = [c for c in range(0x110000) if _refused_now(chr(c)) != bool(EARLIER_OUTGOING.search(chr(c)))]
    assert disagree == []


def test_the_callers_rules_are_what_they_were_on_every_code_point():
    for now, earlier in ((NOT_TEXT, EARLIER_INCOMING), (NOT_ONE_LINE, EARLIER_ONE_LINE)):
        assert [c for c in range(0x110000) if bool(now.search(chr(c))) != bool(earlier.search(chr(c)))] == []


def _item(value: str, where: str) -> dict:
    item = {"title": "Renewal", "description": "Due in May", "url": "https://contoso.example/x"}
    if where == "key":
        item["additionalProperties"] = {value: "v"}
    elif where == "property":
        item["additionalProperties"] = {"k": value}
    else:
        item[where] = f"Renewal {value}" if where == "description" else f"https://contoso.example/{value}"
    return item


_SHORT = [t for t in TRICKY if len(t) < 40 and t.strip()]
# In a URL the pattern refuses white space of its own, whatever the text rule says.
_PLACES = [
    (v, w) for v in _SHORT for w in ("description", "url", "key", "property") if w != "url" or not re.search(r"\s", v)
]


@pytest.mark.parametrize(("value", "where"), _PLACES, ids=lambda x: repr(x))
def test_an_item_is_refused_for_its_text_exactly_when_it_was(value, where):
    """Every string of an item, keys included: the item is dropped iff the earlier rule refused it."""
    item = _item(value, where)
    model = operation("key_sales_info").item
    try:
        conform(model, item)
        refused = False
    except ItemRefused as error:
        refused = True
        expected = {"key": "additionalProperties (1 unnamed key)", "property": "additionalProperties (1 unnamed key)"}
        assert error.fields == [expected.get(where, where)]
    assert refused == bool(EARLIER_OUTGOING.search(value))


def test_an_item_a_source_built_as_a_model_is_checked_too():
    model = operation("record_summary").item
    built = model.model_construct(title="Call\x00", description="d", dateTime="2024-05-07T03:28:38Z")
    with pytest.raises(ItemRefused) as refused:
        conform(model, built)
    assert refused.value.fields == ["title"]


def _encodings(char: str) -> list[bytes]:
    """Every way a JSON body can carry the character inside a string: raw UTF-8, the short escapes
    JSON has for some controls (`\\b`, `\\f`), and `\\u` escapes in lower and upper case hex."""
    raw = json.dumps({"k": f"a{char}b"}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    short = json.dumps({"k": f"a{char}b"}).encode()
    return [raw, short, b'{"k": "a\\u%04x"}' % ord(char), b'{"k": "a\\u%04X"}' % ord(char)]


def test_the_body_prefilter_lets_nothing_through_the_rule_refuses():
    refused = [chr(c) for c in range(0x110000) if NOT_TEXT.search(chr(c))]
    assert len(refused) == 29 + 33 + 2 + 2048  # C0 but tab/LF/CR, DEL and C1, U+2028/9, surrogates
    missed = [
        (hex(ord(c)), body) for c in refused for body in _encodings(c) if not _may_hold_what_the_rule_refuses(body)
    ]
    assert missed == []
    assert not _may_hold_what_the_rule_refuses(json.dumps({"k": "plain é 日本 😀 \t"}, ensure_ascii=False).encode())
