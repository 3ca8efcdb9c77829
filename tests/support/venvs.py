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


def cached_venv(name: str, requirements: Path) -> Path:
    """The python of a venv holding exactly what `requirements` names, built on first use."""
    key = hashlib.sha256(requirements.read_bytes() + sys.version.encode()).hexdigest()[:16]
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
