"""The deployment package: the app folder less what `.funcignore` leaves out, as Core Tools publish it.

The worker tier runs the worker on this copy, so it proves that what Azure receives works on its own.
`.funcignore` is read with gitignore's common rules: a pattern without a slash matches a file or
folder name anywhere; a pattern with one matches the path from the app folder; a folder's match
leaves out everything under it.
"""

from __future__ import annotations

import os
import shutil
from fnmatch import fnmatchcase
from pathlib import Path


def _patterns(root: Path) -> list[str]:
    lines = (root / ".funcignore").read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _ignored(relative: str, patterns: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        anchored = pattern.lstrip("/")
        if ("/" in anchored and fnmatchcase(relative, anchored)) or ("/" not in anchored and fnmatchcase(name, anchored)):
            return True
    return False


def deployment_files(root: Path) -> list[str]:
    """The package's files, as paths relative to `root` with forward slashes, sorted."""
    patterns = _patterns(root)
    files = []
    for folder, subfolders, names in os.walk(root):
        base = Path(folder).relative_to(root).as_posix()
        prefix = "" if base == "." else f"{base}/"
        subfolders[:] = [d for d in subfolders if not _ignored(prefix + d, patterns)]
        files += [prefix + n for n in names if not _ignored(prefix + n, patterns)]
    return sorted(files)


def copy_deployment(root: Path, destination: Path) -> Path:
    for relative in deployment_files(root):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target)
    return destination
