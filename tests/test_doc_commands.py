"""Every `python -m connector …` command the README and docs show works as written from a fresh clone:
it runs the venv's Python (or follows an activation), names a real command, and its options parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from connector.tools.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "openapi" / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "examples").rglob("*.md"))]
COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*(?P<prefix>\S*)python -m connector (?P<args>.*)$")


SHELL_BLOCKS = ("", "sh", "bash", "console", "shell")  # a workflow's YAML runs in CI's own Python, not the venv


def _code_lines(path: Path) -> list[str]:
    """Lines of the fenced shell code blocks, with backslash continuations joined."""
    lines, inside, shell, pending = [], False, False, ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            inside, pending = not inside, ""
            shell = inside and line.strip().removeprefix("```").strip() in SHELL_BLOCKS
            continue
        if not inside or not shell:
            continue
        pending += line.rstrip("\\").strip() + " "
        if not line.rstrip().endswith("\\"):
            lines.append(pending.strip())
            pending = ""
    return lines


COMMANDS = [
    (path.relative_to(ROOT).as_posix(), line)
    for path in DOCUMENTS
    for line in _code_lines(path)
    if COMMAND.search(line)
]


def test_the_docs_show_commands():
    assert len(COMMANDS) >= 10


@pytest.mark.parametrize(("document", "line"), COMMANDS, ids=[f"{d}: {c[:60]}" for d, c in COMMANDS])
def test_each_documented_command_runs_as_written(document, line):
    match = COMMAND.search(line)
    # A bare `python` is not the project's outside an activated venv: the docs write .venv/bin/python.
    assert match["prefix"] == ".venv/bin/", f"{document}: write `.venv/bin/python -m connector`, not {line!r}"
    args = re.sub(r"<[^>]+>", "placeholder", match["args"].split("#")[0].split("  ")[0])
    words = [w for w in shlex.split(args) if w != "..."]
    if words and words[-1] == "[FILE]":
        words = words[:-1]
    try:
        build_parser().parse_args(words)
    except SystemExit as error:
        pytest.fail(f"{document}: `{line}` does not parse (exit {error.code})")
