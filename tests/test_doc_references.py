"""What the README, the docs and the deployment files name exists: every repository path they quote
and every relative link, so a partner following them never meets a file that moved or never was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "openapi" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "examples").rglob("*.md")),
]
DEPLOYMENT = [
    *sorted((ROOT / "infra").rglob("*.bicep")),
    *sorted((ROOT / "infra" / "hooks").iterdir()),
    *sorted((ROOT / ".github").rglob("*.yml")),
    ROOT / "azure.yaml",
    ROOT / "Makefile",
    ROOT / ".funcignore",
]
TOP = r"connector|tests|infra|docs|openapi|examples|benchmarks|\.github|\.vscode|\.devcontainer"
PATH = re.compile(rf"(?<![\w./<-])((?:{TOP})/[\w./-]*\w)(?![\w<*]|\.\*)")  # a glob (app/*.bicep) is no path
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
GENERATED = {"benchmarks/results/latest.md"}  # written by `make bench`, git-ignored


def _files() -> list[Path]:
    return DOCUMENTS + DEPLOYMENT


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_repository_path_a_file_names_exists(path):
    named = {m.group(1) for m in PATH.finditer(path.read_text(encoding="utf-8"))}
    missing = sorted(p for p in named - GENERATED if not (ROOT / p).exists())
    assert not missing, f"{path.relative_to(ROOT)} names {missing}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(path):
    links = [m.group(1) for m in LINK.finditer(path.read_text(encoding="utf-8"))]
    broken = [link for link in links if "://" not in link and not (path.parent / link).exists()]
    assert not broken, f"{path.relative_to(ROOT)} links to {broken}"


def test_the_path_finder_finds_a_missing_path():
    assert PATH.findall("see `connector/telemetry_credential.py`, tests/test_x.py. infra/hooks/run.*") == [
        "connector/telemetry_credential.py",
        "tests/test_x.py",
        "infra/hooks",
    ]  # a glob: its folder
