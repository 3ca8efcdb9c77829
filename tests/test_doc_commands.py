"""Every command the README and docs show works as written from a fresh clone: a `python -m connector …`
command, in a code block or in the text, runs the venv's Python, names a real command, and its options
parse; `make X` names a Makefile target; a benchmark or pytest command names modules, files, options and
variables that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from connector.tools.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [
    ROOT / "README.md",
    ROOT / "openapi" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "examples").rglob("*.md")),
]
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


def _prose(path: Path) -> str:
    """The text outside fenced code blocks, with line breaks inside a paragraph joined."""
    return re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S).replace("\n", " ")


INLINE = [
    (path.relative_to(ROOT).as_posix(), span)
    for path in DOCUMENTS
    for span in re.findall(r"`((?:\.venv/bin/)?python -m connector [^`]*)`", _prose(path))
]


@pytest.mark.parametrize(("document", "span"), INLINE, ids=[f"{d}: {s[:60]}" for d, s in INLINE])
def test_each_command_named_in_the_prose_parses(document, span):
    args = re.sub(r"<[^>]+>", "placeholder", span.split("python -m connector ", 1)[1])
    words = [w for w in shlex.split(args) if w not in ("...", "…", "[FILE]")]
    if len(words) <= 1:  # the command's name (`python -m connector check`), not a call: it must exist
        commands = next(a for a in build_parser()._actions if a.choices)  # the subcommands
        assert not words or words[0] in commands.choices, f"{document}: no command {words[0]!r}"
        return
    assert span.startswith(".venv/bin/"), f"{document}: a command to run is `.venv/bin/python -m connector`: {span!r}"
    try:
        build_parser().parse_args(words)
    except SystemExit as error:
        pytest.fail(f"{document}: `{span}` does not parse (exit {error.code})")


MAKE = re.compile(r"(?:^|`)make (\w+)")
TARGETS = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_make_command_names_a_target_the_makefile_has(path):
    said = set(MAKE.findall("\n".join(_code_lines(path)))) | set(MAKE.findall(_prose(path)))
    assert said <= TARGETS, f"{path.relative_to(ROOT)}: no Makefile target for {sorted(said - TARGETS)}"


OTHER_MODULES = re.compile(
    r"^(?P<env>(?:[A-Z_]+=\S+ )*)\.venv/bin/python -m (?P<module>benchmarks\S*|pytest) (?P<args>.*)$"
)
OTHERS = [
    (path.relative_to(ROOT).as_posix(), line)
    for path in DOCUMENTS
    for line in _code_lines(path)
    if OTHER_MODULES.search(line)
]


@pytest.mark.parametrize(("document", "line"), OTHERS, ids=[f"{d}: {c[:60]}" for d, c in OTHERS])
def test_each_benchmark_and_pytest_command_names_what_exists(document, line):
    match = OTHER_MODULES.search(line)
    args = shlex.split(match["args"].split("#")[0])
    if match["module"] == "pytest":
        files = [ROOT / a for a in args if not a.startswith("-")]  # none: the whole suite
        assert all(f.is_file() for f in files), f"{document}: {line!r} names a missing test file"
        for name in re.findall(r"([A-Z_]+)=", match["env"]):  # a variable the named test reads
            assert any(name in f.read_text(encoding="utf-8") for f in files), f"{document}: nothing reads {name}"
        return
    module = ROOT / Path(*match["module"].split("."))
    source = (module / "__main__.py" if module.is_dir() else module.with_suffix(".py")).read_text(encoding="utf-8")
    options = [a for a in args if a.startswith("--")]
    assert all(f'"{option}"' in source for option in options), f"{document}: {line!r} uses an option it lacks"
