"""Virtual environments a test builds from a requirement file, cached by that file's content.

The first run installs (a minute or so); later runs reuse the venv until the file or the Python changes.
They live under `.venv/cache/`, so `make clean` removes them with the project's own venv.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import venv
from pathlib import Path

CACHE = Path(__file__).resolve().parents[2] / ".venv" / "cache"


def cached_venv(name: str, requirements: Path, *, per_python: bool = True) -> Path:
    """The python of a venv holding exactly what `requirements` names, built on first use.

    The matrix (noxfile.py) runs the suite on each supported Python. With `per_python` each version
    keeps its own venv (what must hold on every Python); without it, a tool the tests only run as a
    command is built once, by whichever version comes first, and shared.
    """
    if per_python:
        name = f"{name}-py{sys.version_info.major}.{sys.version_info.minor}"
    key = hashlib.sha256(requirements.read_bytes() + (sys.version.encode() if per_python else b"")).hexdigest()[:16]
    folder = CACHE / f"{name}-{key}"
    python = folder / "bin" / "python"
    ready = folder / ".installed"
    if ready.is_file():
        return python
    shutil.rmtree(folder, ignore_errors=True)  # a half-built one from an interrupted run
    for stale in CACHE.glob(f"{name}-*"):  # an older key: its requirements changed
        shutil.rmtree(stale, ignore_errors=True)
    venv.create(folder, with_pip=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)],
        check=True,
        timeout=900,
    )
    ready.write_text(requirements.read_text())
    return python
