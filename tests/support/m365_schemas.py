"""Microsoft's JSON schemas for the agent package, kept as test data: their structure, not their prose.

`python -m tests.support.m365_schemas <git dir of microsoft/json-schemas>` rewrites tests/data/m365/
from that repository's HEAD: every schema keyword (names, types, required members, enums, patterns,
limits, references) is kept, and every `description`, `markdownDescription`, `title`, `examples`
and `$comment` text is dropped. tests/data/m365/README.md names the repository, paths and commit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "m365"
REPOSITORY = "microsoft/json-schemas"
# Where each schema is in the repository -> its file here.
SCHEMAS = {
    "teams/v1.30/MicrosoftTeams.schema.json": "app-manifest-1.30.schema.json",
    "teams/v1.30/MicrosoftTeams.Localization.schema.json": "app-localization-1.30.schema.json",
    "copilot/declarative-agent/v1.8/schema.json": "declarative-agent-v1.8.schema.json",
    "copilot/plugin/v2.4/schema.json": "plugin-v2.4.schema.json",
}
PROSE = frozenset({"description", "markdownDescription", "title", "examples", "$comment", "deprecationMessage"})
# Members whose keys are names (of properties or definitions), never keywords.
NAMED = frozenset({"properties", "patternProperties", "definitions", "$defs", "dependencies"})


def structure(node: Any, names: bool = False) -> Any:
    """`node` without its prose; under a `properties` (or similar) member, keys are names and all stay."""
    if isinstance(node, list):
        return [structure(item) for item in node]
    if not isinstance(node, dict):
        return node
    if names:
        return {key: structure(value) for key, value in node.items()}
    return {
        key: structure(value, key in NAMED)
        for key, value in node.items()
        if not (key in PROSE and isinstance(value, str | list) and key != "enum")
    }


def write(git_dir: Path) -> None:
    commit = subprocess.run(
        ["git", "-C", str(git_dir), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    for source, name in SCHEMAS.items():
        text = subprocess.run(
            ["git", "-C", str(git_dir), "show", f"HEAD:{source}"], capture_output=True, text=True, check=True
        ).stdout
        (DATA / name).write_text(json.dumps(structure(json.loads(text)), indent=1) + "\n", encoding="utf-8")
    print(f"{REPOSITORY} at {commit.stdout.strip()}: {len(SCHEMAS)} schemas written to {DATA}")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
