"""What Azure installs: `requirements.txt` holds what the deployed app imports, and nothing the platform
or only developers bring.

Microsoft's guidance for Python function apps: list `azure-functions` and every package the code
imports; never list the Python worker (`azure-functions-worker`, and on 3.13 `azure-functions-runtime`),
which the platform provides and manages; keep development tools out of the deployment. The worker tier
(tests/worker) builds its environment from this file alone and runs the deployment package in it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions, requires, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from connector.tools.package import package_files
from tests.support.interpreters import AZURE_FUNCTIONS_PYTHONS

ROOT = Path(__file__).resolve().parents[1]
WORKER = {"azure-functions-worker", "azure-functions-runtime", "azure-functions-runtime-v1"}
FIRST_PARTY = {"connector", "function_app"}


def requirements(name: str) -> list[Requirement]:
    """The requirements a file states itself (no includes: Azure's build reads this file alone)."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [
        Requirement(line.split(" #")[0].strip())
        for line in lines
        if line.strip() and not line.lstrip().startswith(("#", "-r"))
    ]


def names(name: str) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements(name)}


def applicable(requirement: Requirement, python: str) -> bool:
    return requirement.marker is None or requirement.marker.evaluate(
        {"python_version": python, "python_full_version": f"{python}.0"}
    )


def test_requirements_txt_is_plain_requirements_azure_can_install():
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert not [line for line in text.splitlines() if line.strip().startswith(("-", "git+", "http", "file:"))]
    assert requirements("requirements.txt")


def test_the_python_worker_is_never_listed():
    assert not names("requirements.txt") & WORKER
    assert not names("requirements-opentelemetry.txt") & WORKER  # appended to requirements.txt on Azure


def test_every_requirement_is_a_bounded_range():
    for requirement in requirements("requirements.txt") + requirements("requirements-opentelemetry.txt"):
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators and "<" in operators, str(requirement)


def test_nothing_only_developers_use_is_deployed():
    dev_only = names("requirements-dev.txt")  # waitress, pytest, ruff, nox, fastapi, schemathesis...
    assert dev_only
    assert not names("requirements.txt") & dev_only


@pytest.mark.parametrize("python", AZURE_FUNCTIONS_PYTHONS)
def test_azure_functions_resolves_to_the_line_each_python_runs(python):
    [requirement] = [
        r
        for r in requirements("requirements.txt")
        if canonicalize_name(r.name) == "azure-functions" and applicable(r, python)
    ]
    # 2.x needs Python 3.13 and is its line; 1.x serves the versions before it.
    ours, other = ("2.3.0", "1.26.0") if Version(python) >= Version("3.13") else ("1.26.0", "2.0.0")
    assert requirement.specifier.contains(ours) and not requirement.specifier.contains(other)


def test_this_python_has_the_azure_functions_line_it_should():
    assert Version(version("azure-functions")).major == (2 if sys.version_info >= (3, 13) else 1)


def test_the_supported_pythons_agree_with_the_project_metadata():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={AZURE_FUNCTIONS_PYTHONS[0]}"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _pinned_by(distributions: set[str]) -> set[str]:
    """What these distributions pin to one exact version (pydantic pins pydantic-core): that comes with them,
    in the version they were built for, and listing it as well could only conflict."""
    pinned = set()
    for distribution in distributions:
        for line in requires(distribution) or []:
            requirement = Requirement(line)
            if requirement.marker is None and any(spec.operator == "==" for spec in requirement.specifier):
                pinned.add(canonicalize_name(requirement.name))
    return pinned


def test_every_package_the_deployment_imports_is_listed():
    listed = names("requirements.txt")
    listed |= _pinned_by(listed)
    # The opt-in telemetry backend's own file lists Microsoft's distro, which pins the OpenTelemetry
    # packages it works with: what the distro brings counts for that one module.
    opt_in = names("requirements-opentelemetry.txt")
    opt_in |= {
        canonicalize_name(Requirement(r).name) for d in list(opt_in) for r in requires(d) or [] if "extra ==" not in r
    }
    providers = packages_distributions()
    for path, relative in package_files(ROOT):
        if not relative.endswith(".py"):
            continue
        for module in _imports(path) - FIRST_PARTY - set(sys.stdlib_module_names) - {"__future__"}:
            distributions = {canonicalize_name(d) for d in providers.get(module, [])}
            allowed = listed | (opt_in if "opentelemetry" in Path(relative).stem else set())  # its module
            assert distributions & allowed, f"{relative} imports {module}, which no listed requirement provides"
