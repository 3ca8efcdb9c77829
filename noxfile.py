"""The version matrix: the whole suite on every Python version Azure Functions supports for new apps.

`make test` runs it, after the linters, on each of those versions installed here and skips the
others; `nox -s tests-3.12` runs one. Azure Functions 4.x runs Python on Linux; Python 3.11, 3.12
and 3.13 are generally available for new apps. 3.10 reached its end of support in October 2026
(with Python's own end of life), and 3.14 is a preview, so neither is in the matrix.

Each session's environment is kept under `.venv/cache/nox/` and reinstalled only when a
requirement file changes, so a warm run goes straight to the tests.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from tests.support.interpreters import AZURE_FUNCTIONS_PYTHONS, find_python  # noqa: E402

SUPPORTED = list(AZURE_FUNCTIONS_PYTHONS)
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt", "requirements-opentelemetry.txt")

nox.options.sessions = ["tests"]
nox.options.envdir = str(ROOT / ".venv" / "cache" / "nox")
nox.options.reuse_venv = "yes"
nox.options.download_python = "never"  # only interpreters already installed: no downloads
nox.options.error_on_missing_interpreters = False  # a version not installed here is skipped, on CI too

# pyenv's interpreters are found as well: its shims on PATH fail for a version that is not active.
for _version in SUPPORTED:
    if _found := find_python(_version):
        os.environ["PATH"] = os.pathsep.join([str(Path(_found).parent), os.environ.get("PATH", "")])


def _install(session: nox.Session) -> None:
    """Install the requirements unless this environment already has exactly these files' contents."""
    digest = hashlib.sha256(b"".join((ROOT / name).read_bytes() for name in REQUIREMENTS)).hexdigest()[:16]
    stamp = Path(session.virtualenv.location) / f".requirements-{digest}"
    if stamp.is_file():
        return
    session.install("--quiet", "--disable-pip-version-check", "-r", "requirements-dev.txt")
    for old in Path(session.virtualenv.location).glob(".requirements-*"):
        old.unlink()
    stamp.touch()


@nox.session(python=SUPPORTED)
def tests(session: nox.Session) -> None:
    """The whole pytest suite on one Python version (`nox -s tests-3.13 -- tests/worker` for a part)."""
    _install(session)
    # Two worker processes: the suite waits on loopback servers and subprocesses as much as it computes.
    session.run("python", "-m", "pytest", *(session.posargs or ["--numprocesses", "2"]))
