"""Refresh tests/data/bicep-types/ from the generated Bicep type definitions (developer tool, never run by tests).

Usage: python -m tests.support.bicep_types_extract <Azure/bicep-types-az git dir> <msgraph-bicep-types git dir>

Each source repository's `generated/.../types.json` is a flat list of types that refer to each other by index.
This keeps only the resource types `infra/` declares (RESOURCES below, the same set tests/test_infra.py pins)
and every type reachable from them, re-indexed, with their structure (names, kinds, flags, enums, limits,
patterns) and none of their description text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "bicep-types"
# (repository, file inside it) -> resource types it must hold.
AZURE = "Azure/bicep-types-az"
GRAPH = "microsoftgraph/msgraph-bicep-types"
RESOURCES = {
    (AZURE, "generated/resources_11/microsoft.resources/2021-04-01/types.json"): [
        "Microsoft.Resources/resourceGroups@2021-04-01"
    ],
    (AZURE, "generated/msi/microsoft.managedidentity/2024-11-30/types.json"): [
        "Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30"
    ],
    (AZURE, "generated/operationalinsights/microsoft.operationalinsights/2021-12-01-preview/types.json"): [
        "Microsoft.OperationalInsights/workspaces@2021-12-01-preview"
    ],
    (AZURE, "generated/applicationinsights/microsoft.insights/2020-02-02/types.json"): [
        "Microsoft.Insights/components@2020-02-02"
    ],
    (AZURE, "generated/storage/microsoft.storage/2023-01-01/types.json"): [
        "Microsoft.Storage/storageAccounts@2023-01-01",
        "Microsoft.Storage/storageAccounts/blobServices@2023-01-01",
        "Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01",
    ],
    (AZURE, "generated/authorization/microsoft.authorization/2022-04-01/types.json"): [
        "Microsoft.Authorization/roleAssignments@2022-04-01"
    ],
    (AZURE, "generated/web/microsoft.web/2023-12-01/types.json"): [
        "Microsoft.Web/serverfarms@2023-12-01",
        "Microsoft.Web/sites@2023-12-01",
        "Microsoft.Web/sites/config@2023-12-01",
        "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01",
    ],
    # The version bicepconfig.json pins (br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0).
    (GRAPH, "generated/microsoftgraph/microsoft.graph/v1.0/1.0.0/types.json"): [
        "Microsoft.Graph/applications@v1.0",
        "Microsoft.Graph/servicePrincipals@v1.0",
    ],
}
DROPPED = {"description"}  # prose, not structure


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, text=True, check=True).stdout


def _refs(node: object) -> list[int]:
    """Every `{"$ref": "#/N"}` inside one type entry."""
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return [int(node["$ref"].removeprefix("#/"))]
        return [i for value in node.values() for i in _refs(value)]
    if isinstance(node, list):
        return [i for value in node for i in _refs(value)]
    return []


def _rewrite(node: object, index: dict[int, int]) -> object:
    if isinstance(node, dict):
        if set(node) == {"$ref"}:
            return {"$ref": f"#/{index[int(node['$ref'].removeprefix('#/'))]}"}
        return {key: _rewrite(value, index) for key, value in node.items() if key not in DROPPED}
    if isinstance(node, list):
        return [_rewrite(value, index) for value in node]
    return node


def extract(repo: str, git_dir: str) -> dict:
    commit = _git(git_dir, "rev-parse", "HEAD").strip()
    sources, resources, types = [], {}, []
    for (source_repo, path), wanted in RESOURCES.items():
        if source_repo != repo:
            continue
        entries = json.loads(_git(git_dir, "show", f"{commit}:{path}"))
        roots = [
            i for i, entry in enumerate(entries) if entry.get("$type") == "ResourceType" and entry["name"] in wanted
        ]
        assert sorted(entries[i]["name"] for i in roots) == sorted(wanted), (path, wanted)
        reachable, pending = set(), list(roots)
        while pending:
            i = pending.pop()
            if i not in reachable:
                reachable.add(i)
                pending.extend(_refs(entries[i]))
        index = {old: len(types) + new for new, old in enumerate(sorted(reachable))}
        types.extend(_rewrite(entries[old], index) for old in sorted(reachable))
        resources.update({entries[i]["name"]: index[i] for i in roots})
        sources.append({"path": path, "resourceTypes": sorted(wanted)})
    return {
        "source": {"repository": f"https://github.com/{repo}", "commit": commit, "files": sources},
        "note": "Structure only (names, kinds, flags, enums, limits); flags: 1 required, 2 read-only, 4 write-only, "
        "8 deploy-time constant, 16 identifier. Refresh: python -m tests.support.bicep_types_extract.",
        "resources": dict(sorted(resources.items())),
        "types": types,
    }


def dumps(data: dict) -> str:
    """JSON with one type per line: its index is its line's place in the list, and a diff shows what changed."""
    head = json.dumps({k: v for k, v in data.items() if k != "types"}, indent=1)[:-2]
    types = ",\n".join(f"  {json.dumps(t, separators=(',', ':'))}" for t in data["types"])
    return f'{head},\n "types": [\n{types}\n ]\n}}\n'


def main(azure_git_dir: str, graph_git_dir: str) -> None:
    for name, repo, git_dir in (("azure", AZURE, azure_git_dir), ("microsoft-graph", GRAPH, graph_git_dir)):
        (OUT / f"{name}.json").write_text(dumps(extract(repo, git_dir)))


if __name__ == "__main__":
    main(*sys.argv[1:3])
