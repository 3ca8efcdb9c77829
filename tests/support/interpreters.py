"""Python interpreters by version: a working `pythonX.Y` on PATH, or one installed by pyenv.

Used by the version matrix (`noxfile.py`) and the worker tier. pyenv's shims are on PATH but fail for
a version that is not the active one, so each candidate is run once to check what it really is.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

# Python versions Azure Functions supports for new apps (Functions 4.x, Linux), as Microsoft's table
# lists them: 3.10 reached its end of support in October 2026 and 3.14 is a preview.
AZURE_FUNCTIONS_PYTHONS = ("3.11", "3.12", "3.13")

_RELEASE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")  # pyenv builds such as 3.13.0; no dev or rc builds


def _reports(executable: str, version: str) -> bool:
    try:
        answer = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return answer.returncode == 0 and answer.stdout.strip() == version


def _pyenv_builds(version: str) -> list[Path]:
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    builds = [d for d in root.glob(f"{version}.*") if _RELEASE.match(d.name)] if root.is_dir() else []
    builds.sort(key=lambda d: tuple(int(n) for n in d.name.split(".")), reverse=True)  # newest patch first
    return [d / "bin" / f"python{version}" for d in builds]


@cache
def find_python(version: str) -> str | None:
    """The path of a Python `version` ("3.13") interpreter that runs, or None where there is none."""
    on_path = shutil.which(f"python{version}")
    for candidate in ([on_path] if on_path else []) + [str(p) for p in _pyenv_builds(version)]:
        if _reports(candidate, version):
            return candidate
    return None
