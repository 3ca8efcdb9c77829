"""A setting that cannot work, or a partner source that lacks an operation, stops the start with one
line naming it: when the worker indexes function_app.py, under the local host, and in the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD_DEADLINE = (
    {"CONNECTOR_DEADLINE_SECONDS": "abc"},
    "app setting CONNECTOR_DEADLINE_SECONDS must be a number, got 'abc'",
)
BAD_BACKEND = (
    {"CONNECTOR_SOURCE": "backend", "BACKEND_BASE_URL": "ftp://partner.example.com"},
    "app setting BACKEND_BASE_URL must be an http(s) URL with a host, got 'ftp://partner.example.com'",
)
INCOMPLETE = (
    {"CONNECTOR_SOURCE": "tests.support.sources:IncompleteSource"},
    "data source tests.support.sources.IncompleteSource lacks email_draft(inputs, context), "
    "key_stakeholders(inputs, context): a source has one method per operation",
)
CASES = [BAD_DEADLINE, BAD_BACKEND, INCOMPLETE]
IDS = ["bad number", "bad back-end URL", "source without an operation"]


def run(arguments: list[str], settings: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **settings, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("settings", "said"), CASES, ids=IDS)
def test_indexing_function_app_stops_with_the_line_naming_it(settings, said):
    # What the Functions worker does first: import function_app.py and read its functions.
    done = run(["-c", "from function_app import app; app.get_functions()"], settings)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1].endswith(f"Error: {said}")


@pytest.mark.parametrize(("settings", "said"), CASES, ids=IDS)
def test_the_local_host_does_not_start_and_says_why_in_one_line(settings, said):
    done = run(["-m", "connector", "serve", "--host", "127.0.0.1", "--port", "0"], settings)
    assert done.returncode == 2
    assert done.stderr == f"The connector cannot start: {said}\n"
    assert done.stdout == ""  # nothing was served


def test_function_app_indexes_every_operation_with_good_settings():
    done = run(["-c", "from function_app import app; print(len(app.get_functions()))"], {})
    assert (done.returncode, done.stdout.strip()) == (0, "9"), done.stderr  # seven operations, two chat routes
