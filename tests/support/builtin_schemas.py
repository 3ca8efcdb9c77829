"""Files checked against check-jsonschema's vendored schemas (GitHub workflows, Dependabot...): offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def assert_valid(schema: str, *paths: Path) -> None:
    """Every file meets the built-in `schema` (e.g. `vendor.github-workflows`); the failure shows why not."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
