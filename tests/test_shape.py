"""The shape of the code: facts stated once, and no module that needs another which needs it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from connector.contract import FORWARDED_OPERATIONS, OPERATIONS
from connector.settings import SettingError, Settings
from connector.sources import Source, SourceError, build_source, missing_operations
from connector.sources.backend import BackendSource
from connector.sources.backend.mapping import MAPPINGS
from connector.sources.sample import SampleSource
from connector.telemetry import Telemetry
from tests.support.backend_server import BackendServer
from tests.support.sources import CountingSource, IncompleteSource

PACKAGE = Path(__file__).resolve().parents[1] / "connector"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The connector modules a module imports, at its top or inside a function alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found & modules


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, each found once from its first module (depth-first, small graph)."""
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for target in sorted(graph[path[-1]]):
            if target == path[0]:
                found.append([*path, target])
            elif target not in path and target > path[0]:
                walk([*path, target])

    for start in sorted(graph):
        walk([start])
    return found


def test_no_module_of_the_connector_imports_one_that_imports_it_back():
    graph = import_graph()
    assert "connector.telemetry.items" in graph and "connector.telemetry" in graph["connector.sources.backend.client"]
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_telemetry_item_types_and_backends_import_nothing_above_them():
    graph = import_graph()
    assert not {m for m in graph["connector.telemetry.items"] if m.startswith("connector.telemetry")}
    for backend in ("connector.telemetry.opencensus_backend", "connector.telemetry.opentelemetry_backend"):
        assert "connector.telemetry" not in graph[backend], backend


def test_the_runtime_never_imports_the_tools():
    graph = import_graph()
    runtime = {name for name in graph if not name.startswith("connector.tools") and name != "connector.__main__"}
    assert not {(name, target) for name in runtime for target in graph[name] if target.startswith("connector.tools")}


# --- a source's methods are the contract's operations -------------------------------------------


def test_the_source_protocol_has_one_method_per_operation_and_no_other_member():
    members = {name for name in vars(Source) if not name.startswith("_")}
    assert members == {op.key for op in OPERATIONS}
    assert isinstance(SampleSource(), Source) and isinstance(CountingSource(), Source)
    assert not isinstance(IncompleteSource(), Source)


def test_the_back_end_source_forwards_and_maps_every_operation_and_the_record_lookup():
    assert set(MAPPINGS) == {op.key for op in FORWARDED_OPERATIONS} == {op.key for op in OPERATIONS} | {"record_lookup"}
    assert missing_operations(BackendSource) == []
    assert [getattr(BackendSource, op.key).__name__ for op in FORWARDED_OPERATIONS] == [
        op.key for op in FORWARDED_OPERATIONS
    ]


def test_a_partner_source_missing_an_operation_is_refused_when_the_app_is_built(configure):
    with pytest.raises(SourceError) as refused:
        configure(CONNECTOR_SOURCE="tests.support.sources:IncompleteSource")
    message = str(refused.value)
    assert "\n" not in message
    assert message == (
        "data source tests.support.sources.IncompleteSource lacks email_draft(inputs, context), "
        "key_stakeholders(inputs, context): a source has one method per operation"
    )


@pytest.mark.parametrize(
    ("choice", "said"),
    [
        ("tests.support.nowhere:Source", "names module 'tests.support.nowhere', which cannot be imported"),
        ("tests.support.sources:NoSuchSource", "names 'NoSuchSource', which is not a class in tests.support.sources"),
        ("tests.support.sources:", "must be sample, backend or module:Class"),
    ],
)
def test_a_partner_source_that_cannot_be_loaded_names_the_setting(configure, choice, said):
    with pytest.raises(SettingError, match="CONNECTOR_SOURCE") as refused:
        configure(CONNECTOR_SOURCE=choice)
    assert said in str(refused.value)


def test_closing_the_back_end_source_closes_its_connection_pool():
    server = BackendServer().start()
    try:
        settings = Settings.from_env({"CONNECTOR_SOURCE": "backend", "BACKEND_BASE_URL": server.url})
        source = build_source(settings, Telemetry(settings))
        pools = source.client.session.get_adapter(server.url).poolmanager.pools
        source.client.session.get(server.url + "/enhanceskills/activities", timeout=10)
        assert len(pools) == 1  # a kept-alive connection to the back end
        source.close()
        assert len(pools) == 0
        with pytest.raises(RuntimeError):  # and its worker threads are gone: nothing more is sent
            source.client._workers.submit(print)
    finally:
        server.stop()


def test_the_sample_settings_state_the_defaults_of_the_one_table():
    # local.settings.sample.json lists every app setting; where it gives a value, it is the default that
    # connector/settings.py states (the back end's URL and paths are examples, for a partner to replace).
    import json

    values = json.loads((PACKAGE.parent / "local.settings.sample.json").read_text(encoding="utf-8"))["Values"]
    from_sample = Settings.from_env(values)
    examples = {"backend_base_url", "backend_paths"}
    for name in Settings.__dataclass_fields__:
        if name not in examples:
            assert getattr(from_sample, name) == getattr(Settings(), name), name
