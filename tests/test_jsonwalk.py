"""The one JSON walker: every value with its location, objects before their members, any depth."""

from __future__ import annotations

from connector.jsonwalk import nodes, texts


def test_every_value_comes_with_its_location_the_document_first():
    document = {"to": ["a@x.com", "b@x.com"], "subject": "Hi", "n": 1}
    walked = dict(nodes(document))
    assert next(iter(walked)) == ()
    assert walked == {
        (): document,
        ("to",): ["a@x.com", "b@x.com"],
        ("to", 0): "a@x.com",
        ("to", 1): "b@x.com",
        ("subject",): "Hi",
        ("n",): 1,
    }


def test_texts_are_the_string_values_not_the_keys():
    assert sorted(texts({"key": ["value", {"inner": "deep"}], "n": 2})) == ["deep", "value"]


def test_a_document_deeper_than_the_recursion_limit_is_walked():
    depth = 5000  # far beyond Python's recursion limit
    assert max(len(location) for location, _ in nodes(_nested(depth))) == depth - 1


def _nested(depth: int) -> list:
    document: list = []
    for _ in range(depth - 1):
        document = [document]
    return document
