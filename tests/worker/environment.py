"""The worker tier's Python 3.13 environment: built once, cached under `.venv/cache/`, keyed by the
requirement files and the interpreter, so a warm run only checks a marker file."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from tests.support.interpreters import find_python

WORKER_PYTHON = "3.13"  # azure-functions-runtime, the worker library Azure loads, starts at 3.13
ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
REQUIREMENTS = (ROOT / "requirements.txt", HERE / "requirements.txt")
CACHE = ROOT / ".venv" / "cache"
MISSING = (
    f"the worker tier needs Python {WORKER_PYTHON}, which is not installed: "
    f"`pyenv install {WORKER_PYTHON}` (or put python{WORKER_PYTHON} on PATH) to run it"
)


class WorkerUnavailable(Exception):
    """No Python 3.13 interpreter here; the message says what to install."""


def _key(interpreter: str) -> str:
    version = subprocess.run(
        [interpreter, "-c", "import sys; print(sys.version)"], capture_output=True, text=True, check=True
    ).stdout
    digest = hashlib.sha256(version.encode())
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def worker_python() -> Path:
    """The Python of the worker environment, built first if the requirement files changed."""
    interpreter = find_python(WORKER_PYTHON)
    if interpreter is None:
        raise WorkerUnavailable(MISSING)
    CACHE.mkdir(parents=True, exist_ok=True)
    prefix = f"worker-{WORKER_PYTHON}-"
    venv = CACHE / f"{prefix}{_key(interpreter)}"
    ready = venv / ".ready"
    with open(CACHE / "worker.lock", "w") as lock:  # matrix sessions or worktrees may build at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.is_file():
            shutil.rmtree(venv, ignore_errors=True)
            _build(interpreter, venv)
            ready.touch()
            for stale in CACHE.glob(f"{prefix}*"):  # environments of older requirement files
                if stale != venv:
                    shutil.rmtree(stale, ignore_errors=True)
    return venv / "bin" / "python"


def _build(interpreter: str, venv: Path) -> None:
    steps = (
        [interpreter, "-m", "venv", str(venv)],
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(HERE / "requirements.txt"),
        ],
    )
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, env={**os.environ, "PIP_NO_INPUT": "1"})
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise RuntimeError(f"building the worker environment failed: {' '.join(step)}\n{done.stderr[-4000:]}")
