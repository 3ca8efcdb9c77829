"""docs/checker.md's GitHub Actions workflow: a valid workflow whose checker command the checker accepts.

The workflow is validated offline against GitHub's workflow schema (check-jsonschema's vendored
copy); its `python -m connector check` line goes through the checker's own argument parser; the
file it writes with `--junit` is the file it publishes.
"""

from __future__ import annotations

import argparse
import re
import shlex

import yaml

from connector.host import APP_ROOT
from connector.tools.check.cli import add_arguments
from tests.support.builtin_schemas import assert_valid

CHECKER_DOC = APP_ROOT / "docs" / "checker.md"


def _workflow_text() -> str:
    section = CHECKER_DOC.read_text(encoding="utf-8").split("\n## In CI: results as JUnit XML\n", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def _steps() -> list[dict]:
    workflow = yaml.safe_load(_workflow_text())
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _checker_arguments() -> list[str]:
    (step,) = [step for step in _steps() if "python -m connector check" in step.get("run", "")]
    # Expressions and shell variables become sample values, as the runner would substitute them.
    command = re.sub(r"\$\{\{[^}]*\}\}", "contoso.azurewebsites.net", step["run"]).replace("$FUNCTION_KEY", "k")
    words = shlex.split(command)
    assert words[:4] == ["python", "-m", "connector", "check"], words
    return words[4:]


def test_the_workflow_is_valid_for_github_actions(tmp_path):
    path = tmp_path / "conformance.yml"
    path.write_text(_workflow_text(), encoding="utf-8")
    assert_valid("vendor.github-workflows", path)


def test_the_checker_accepts_the_workflows_command_line():
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_arguments(parser)
    args = parser.parse_args(_checker_arguments())
    assert args.base_url == "https://contoso.azurewebsites.net/api"
    assert args.key == "k" and args.junit is not None
    assert (APP_ROOT / args.definition).is_file()  # the definition the repository holds


def test_the_published_file_is_the_one_the_checker_writes():
    args = argparse.ArgumentParser()
    add_arguments(args)
    junit = args.parse_args(_checker_arguments()).junit
    (publish,) = [step for step in _steps() if "publish-unit-test-result-action" in step.get("uses", "")]
    assert publish["with"]["files"] == str(junit)
    assert publish["if"] == "${{ !cancelled() }}"  # published when the checker fails too
    workflow = yaml.safe_load(_workflow_text())
    assert workflow["permissions"]["checks"] == "write"
