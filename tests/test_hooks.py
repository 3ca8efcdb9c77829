"""Formatting hooks and dependency updates: .pre-commit-config.yaml, `make fmt`, .github/dependabot.yml.

pre-commit itself fetches its hooks from their Git repositories, which tests cannot reach; what can
be proven here is: the configuration is valid for pre-commit, ruff's hook runs the version range
`make lint` uses, and the repository passes today the JSON, YAML and end-of-file hooks (run from
the same pre-commit-hooks package, on the files pre-commit would give them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from identify.identify import tags_from_path
from packaging.requirements import Requirement

from connector.host import APP_ROOT
from tests.support.builtin_schemas import assert_valid

PRE_COMMIT_CONFIG = APP_ROOT / ".pre-commit-config.yaml"
CONFIG = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))
DEPENDABOT = APP_ROOT / ".github" / "dependabot.yml"

# The pre-commit-hooks hooks the config uses: the file types pre-commit gives each (from the hooks'
# manifest) and the module that runs it.
STANDARD_HOOKS = {
    "check-json": ({"json"}, "pre_commit_hooks.check_json"),
    "check-yaml": ({"yaml"}, "pre_commit_hooks.check_yaml"),
    "end-of-file-fixer": ({"text"}, "pre_commit_hooks.end_of_file_fixer"),
}


def _repo(name: str) -> dict:
    return next(repo for repo in CONFIG["repos"] if repo["repo"].endswith(f"/{name}"))


def _dev_requirement(name: str) -> Requirement:
    for line in (APP_ROOT / "requirements-dev.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-") and Requirement(line).name == name:
            return Requirement(line)
    raise AssertionError(f"{name} is not in requirements-dev.txt")


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=APP_ROOT, capture_output=True, timeout=60)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: pre-commit only runs on tracked files")
    return [name for name in listed.stdout.decode().split("\0") if name and (APP_ROOT / name).is_file()]


def _files_for(hook: dict, types: set[str]) -> list[str]:
    """The files pre-commit hands the hook on `pre-commit run --all-files`."""
    chosen = []
    for name in _tracked_files():
        if re.search(CONFIG.get("exclude", "^$"), name) or not re.search(hook.get("files", ""), name):
            continue
        if "exclude" in hook and re.search(hook["exclude"], name):
            continue
        if types <= tags_from_path(str(APP_ROOT / name)):
            chosen.append(name)
    return chosen


def test_the_config_is_valid_for_pre_commit():
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT_CONFIG)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_lints_and_formats_with_the_version_range_make_lint_uses():
    ruff = _repo("ruff-pre-commit")
    hooks = {hook["id"]: hook for hook in ruff["hooks"]}
    assert list(hooks) == ["ruff-check", "ruff-format"]  # fix lint first, then format what remains
    assert hooks["ruff-check"]["args"] == ["--fix"]
    assert _dev_requirement("ruff").specifier.contains(ruff["rev"].removeprefix("v"))
    # `make fmt` runs the same formatter on the whole tree, with the same settings (pyproject.toml).
    dry_run = subprocess.run(["make", "-n", "-B", "fmt"], cwd=APP_ROOT, capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    assert re.search(r"^\S+/python -m ruff format \.$", dry_run.stdout, re.MULTILINE)


def test_json_yaml_and_end_of_file_hooks_come_from_the_package_the_tests_run():
    standard = _repo("pre-commit-hooks")
    assert {hook["id"] for hook in standard["hooks"]} == set(STANDARD_HOOKS)
    assert _dev_requirement("pre-commit-hooks").specifier.contains(standard["rev"].removeprefix("v"))


@pytest.mark.parametrize("hook_id", ["check-json", "check-yaml"])
def test_the_repository_passes_the_check_hooks(hook_id):
    hook = next(h for h in _repo("pre-commit-hooks")["hooks"] if h["id"] == hook_id)
    types, module = STANDARD_HOOKS[hook_id]
    files = _files_for(hook, types)
    assert files, f"{hook_id} would check no file"
    result = subprocess.run(
        [sys.executable, "-m", module, *files], cwd=APP_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_repository_passes_the_end_of_file_fixer(tmp_path):
    hook = next(h for h in _repo("pre-commit-hooks")["hooks"] if h["id"] == "end-of-file-fixer")
    types, module = STANDARD_HOOKS["end-of-file-fixer"]
    files = _files_for(hook, types)
    for name in files:  # the fixer rewrites what it fixes: let it work on copies
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(APP_ROOT / name, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "-m", module, *files], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"files the hook would fix:\n{result.stdout}"


def test_the_jsonc_exclusion_covers_only_vs_codes_files():
    hook = next(h for h in _repo("pre-commit-hooks")["hooks"] if h["id"] == "check-json")
    excluded = [name for name in _tracked_files() if name.endswith(".json") and re.search(hook["exclude"], name)]
    assert excluded and all(Path(name).parts[0] in (".vscode", ".devcontainer") for name in excluded)


# --- dependabot -----------------------------------------------------------------------------


def test_dependabot_config_is_valid():
    assert_valid("vendor.dependabot", DEPENDABOT)


def test_dependabot_updates_pip_actions_and_hooks_grouped():
    updates = {update["package-ecosystem"]: update for update in yaml.safe_load(DEPENDABOT.read_text())["updates"]}
    assert set(updates) == {"pip", "github-actions", "pre-commit"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/", ecosystem
        assert update["groups"], f"{ecosystem}: ungrouped updates open one pull request per dependency"
        assert all(group.get("patterns") == ["*"] for group in update["groups"].values()), ecosystem
    assert (APP_ROOT / "requirements.txt").is_file() and (APP_ROOT / "requirements-dev.txt").is_file()
