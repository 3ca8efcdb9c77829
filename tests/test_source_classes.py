"""`Source` and the shipped sources are plain classes, held to `OPERATIONS`: every operation's method,
written out where grep finds it, with one signature; and no method for an operation that is not one.
The shipped sources also have the optional record lookup (`RECORD_LOOKUP`), held to the same rule."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest

from connector.context import RequestContext
from connector.contract import FORWARDED_OPERATIONS, OPERATIONS
from connector.sources import Items, Source, missing_operations
from connector.sources.backend import BackendSource
from connector.sources.sample import SampleSource
from connector.sources.sample.source import SampleData
from tests.support.sources import CountingSource, IncompleteSource

SHIPPED = [BackendSource, SampleSource, SampleData]  # SampleSource loads SampleData on its first call
OPERATION_PARAMETERS = ["self", "inputs", "context"]


def hints(method) -> dict[str, object]:
    """The method's annotations as types: the models, imported for type checkers only, found through the table."""
    names = {model.__name__: model for op in FORWARDED_OPERATIONS for model in (op.inputs, op.item)}
    return typing.get_type_hints(method, localns={**names, "RequestContext": RequestContext, "Items": Items})


def _public_methods(cls: type) -> dict[str, object]:
    return {name: member for name, member in vars(cls).items() if callable(member) and not name.startswith("_")}


def test_the_protocol_has_one_method_per_operation_and_no_other_member():
    members = {name for name in vars(Source) if not name.startswith("_")}
    assert members == {op.key for op in OPERATIONS}
    assert isinstance(SampleSource(), Source) and isinstance(CountingSource(), Source)
    assert not isinstance(IncompleteSource(), Source)


@pytest.mark.parametrize(
    ("cls", "operations"), [(Source, OPERATIONS), *((cls, FORWARDED_OPERATIONS) for cls in SHIPPED)]
)
def test_each_operation_method_takes_its_input_model_and_the_context(cls, operations):
    assert missing_operations(cls) == []
    for op in operations:
        method = vars(cls)[op.key]  # written in the class itself, not added from outside
        assert list(inspect.signature(method).parameters) == OPERATION_PARAMETERS, op.key
        found = hints(method)
        assert (found["inputs"], found["context"]) == (op.inputs, RequestContext), op.key


@pytest.mark.parametrize(("cls", "operations"), [(Source, OPERATIONS), (BackendSource, FORWARDED_OPERATIONS)])
def test_the_protocol_and_the_back_end_answer_items(cls, operations):
    for op in operations:
        assert hints(vars(cls)[op.key])["return"] == Items, op.key


@pytest.mark.parametrize("cls", SHIPPED, ids=lambda cls: cls.__name__)
def test_no_method_looks_like_an_operation_that_is_not_one(cls):
    keys = {op.key for op in FORWARDED_OPERATIONS}  # the contract's and the optional record lookup
    shaped = {
        name
        for name, member in _public_methods(cls).items()
        if list(inspect.signature(member).parameters) == OPERATION_PARAMETERS
    }
    assert shaped == keys


@pytest.mark.parametrize(
    ("cls", "operations"), [(Source, OPERATIONS), *((cls, FORWARDED_OPERATIONS) for cls in SHIPPED)]
)
def test_grep_finds_every_operations_method_in_the_source_file(cls, operations):
    text = Path(inspect.getfile(cls)).read_text(encoding="utf-8")
    for op in operations:
        assert f"    def {op.key}(self, inputs: {op.inputs.__name__}, context: RequestContext)" in text, op.key
