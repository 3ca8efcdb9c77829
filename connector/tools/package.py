"""The deployment package: the zip that `azd deploy`, Core Tools and `Azure/functions-action` upload.

Flex Consumption builds Python apps remotely: the package holds the sources and `requirements.txt`, and
Azure installs the requirements. What goes in is every file of the project folder that `.funcignore`
does not exclude (gitignore patterns, as Core Tools and azd read them), so `python -m connector package`
shows exactly what a deployment would upload.
"""

from __future__ import annotations

import fnmatch
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = PROJECT_ROOT / "dist" / "function-app.zip"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the same sources give the same bytes


class IgnoreRules:
    """The patterns of a `.funcignore` (gitignore syntax: `#` comments, `!` negation, `/` anchoring)."""

    def __init__(self, text: str) -> None:
        self._rules: list[tuple[str, bool, bool, bool]] = []  # (pattern, negated, anchored, directories only)
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            line = line.removeprefix("!")
            directory_only = line.endswith("/")
            line = line.strip("/") if line.startswith("/") or directory_only else line
            anchored = "/" in line
            self._rules.append((line.lstrip("/"), negated, anchored, directory_only))

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Whether a path relative to the project (posix separators) is left out; the last matching rule wins."""
        ignored = False
        name = path.rsplit("/", 1)[-1]
        for pattern, negated, anchored, directory_only in self._rules:
            if directory_only and not is_dir:
                continue
            if fnmatch.fnmatchcase(path if anchored else name, pattern):
                ignored = not negated
        return ignored


def package_files(root: Path = PROJECT_ROOT) -> Iterator[tuple[Path, str]]:
    """(file, name in the zip) for every file the deployment holds, in a stable order."""
    funcignore = root / ".funcignore"
    rules = IgnoreRules(funcignore.read_text(encoding="utf-8") if funcignore.is_file() else "")
    for folder, directories, files in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        # An ignored folder is not entered at all, as in gitignore: nothing under it comes back.
        directories[:] = sorted(d for d in directories if not rules.ignores(prefix + d, is_dir=True))
        for file in sorted(files):
            if not rules.ignores(prefix + file, is_dir=False):
                yield Path(folder) / file, prefix + file


def build_package(out: Path = DEFAULT_OUT, root: Path = PROJECT_ROOT) -> Path:
    """Write the deployment zip to `out` and return its path."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, name in package_files(root):
            if path.resolve() in (out, partial):
                continue
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(out)
    return out
