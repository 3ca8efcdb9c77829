"""The README's tables and layout say what the code does: the settings table names every app setting
the code reads with its real default (and `local.settings.sample.json` lists the same), the azd
parameters table matches `infra/main.parameters.json`, and the Layout names real files and every
top-level file and runtime or tool module."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from connector.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
HOST_SETTINGS = {"FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsStorage", "AzureWebJobsFeatureFlags"}  # the Functions host's
PER_OPERATION = "BACKEND_PATH_<OPERATION>"


def _section(title: str) -> str:
    return README.split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def _table(section: str) -> list[list[str]]:
    rows = [line.strip("|").split(" | ") for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row] for row in rows]


def _settings_table() -> dict[str, str | None]:
    """Setting name -> its stated default (None where the table states none, e.g. `—`)."""
    table = {}
    for names, defaults, _ in _table(_section("## Settings")):
        names = re.findall(r"`([^`]+)`", names)
        stated = [d.strip() for d in defaults.split(", ")] if len(names) > 1 else [defaults]
        for name, default in zip(names, stated, strict=True):
            value = re.fullmatch(r"`([^`]*)`", default)
            table[name] = value[1] if value else "" if default == "empty" else None
    return table


def _read_by_the_code() -> set[str]:
    source = (ROOT / "connector" / "settings.py").read_text(encoding="utf-8")
    names = {n for n in re.findall(r"read\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", source) if not n.endswith("_")}
    return names | {f"{prefix}<OPERATION>" for prefix in re.findall(r"read\.prefixed\(\"([A-Z_]+)\"\)", source)}


def test_the_settings_table_names_every_setting_the_code_reads():
    assert set(_settings_table()) == _read_by_the_code()


def test_the_sample_settings_list_the_same_settings_as_the_table():
    sample = set(json.loads((ROOT / "local.settings.sample.json").read_text(encoding="utf-8"))["Values"])
    per_operation = {name for name in sample if name.startswith("BACKEND_PATH_")}
    assert per_operation, "the sample shows one BACKEND_PATH_ setting per operation"
    assert sample - HOST_SETTINGS - per_operation == set(_settings_table()) - {PER_OPERATION}


@pytest.mark.parametrize(("name", "default"), [(n, d) for n, d in _settings_table().items() if d is not None])
def test_each_default_the_table_states_is_the_codes(name, default):
    assert Settings.from_env({name: default}) == Settings() == Settings.from_env({})


def test_the_azd_parameters_table_matches_main_parameters_json():
    given = json.loads((ROOT / "infra" / "main.parameters.json").read_text(encoding="utf-8"))["parameters"]
    defaults = dict(re.fullmatch(r"\$\{(\w+)=(.*)\}", p["value"]).groups() for p in given.values() if "=" in p["value"])
    table = {}
    for names, stated, _ in _table(_section("### With one command: `azd up`")):
        names = re.findall(r"`([^`]+)`", names)
        values = [v.strip().strip("`") for v in stated.split(", ")] if len(names) > 1 else [stated.strip("`")]
        table.update({n: "" if v == "empty" else v for n, v in zip(names, values, strict=True)})
    assert table == defaults


def _layout() -> list[str]:
    """The paths the Layout block names: a name indented under a folder is inside it."""
    block = _section("## Layout").split("```")[1]
    paths, parents = [], {}
    for line in block.splitlines()[1:]:
        match = re.match(r"( *)(\S.*?)(?: {2,}|$)", line)
        if not match or len(match[1]) >= 20:  # a description carried on to the next line
            continue
        depth = len(match[1]) // 2
        for name in match[2].split(", "):
            path = parents.get(depth - 1, "") + name
            paths.append(path)
            if name.endswith("/"):
                parents[depth] = path
    return paths


def test_the_layout_names_only_what_exists():
    assert len(_layout()) > 40
    assert [p for p in _layout() if not (ROOT / p.rstrip("/")).exists()] == []


def test_the_layout_names_every_top_level_file_and_every_module_of_the_runtime_and_the_tools():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    named = {p.rstrip("/") for p in _layout()}
    named |= {p.split("/")[0] for p in named}  # `.github/workflows/` names `.github` too
    expected = {path.split("/")[0] for path in tracked} - {"README.md", ".gitignore"}
    for package in ("connector", "connector/tools"):
        depth = package.count("/") + 1
        expected |= {
            "/".join(path.split("/")[: depth + 1])
            for path in tracked
            if path.startswith(package + "/") and not path.endswith("__init__.py") and path.count("/") >= depth
        }
    assert sorted(expected - named) == []
