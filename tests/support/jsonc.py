"""JSON with comments, as VS Code reads .vscode/*.json and devcontainer.json: `//` and `/* */`
comments and trailing commas are allowed; everything else is strict JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

# A string literal (kept as is), a comment (dropped), or a comma before a closing bracket (dropped).
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/|,(?=(?:\s|//[^\n]*|/\*.*?\*/)*[}\]])', re.DOTALL)


def _strip(text: str) -> str:
    def keep_strings(match: re.Match[str]) -> str:
        token = match.group(0)
        return token if token.startswith('"') else " " if token.startswith("/") else ""

    return _TOKENS.sub(keep_strings, text)


def loads(text: str) -> Any:
    return json.loads(_strip(text))


def load(path: Path) -> Any:
    return loads(path.read_text(encoding="utf-8"))
