""".vscode/: every task, launch configuration and command it names exists, and the ports agree.

Each file is read as VS Code reads it (JSON with comments). A task that runs `make` names a target
the Makefile has (make itself is asked, dry run); a Python command runs the venv the settings name,
with modules that import and files that exist; `python -m connector ...` is a subcommand the command
line accepts; launch configurations start tasks that exist and modules that import; the debugger
attaches where the Azure Functions extension starts the worker's debugpy.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from connector.host import APP_ROOT
from connector.tools.devhost import DEFAULT_PORT
from tests.support import jsonc

VSCODE = APP_ROOT / ".vscode"
EXTENSIONS = jsonc.load(VSCODE / "extensions.json")["recommendations"]
SETTINGS = jsonc.load(VSCODE / "settings.json")
TASKS = jsonc.load(VSCODE / "tasks.json")["tasks"]
LAUNCH = jsonc.load(VSCODE / "launch.json")["configurations"]
TASK_BY_LABEL = {task["label"]: task for task in TASKS}
LAUNCH_BY_NAME = {config["name"]: config for config in LAUNCH}

FUNCTIONS_EXTENSION = "ms-azuretools.vscode-azurefunctions"
# The Azure Functions extension runs the Python worker under debugpy on the attach configuration's
# top-level "port", or on this port when it has none (its PythonDebugProvider's default).
FUNCTIONS_WORKER_DEBUG_PORT = 9091
# Who provides what the files name, beyond VS Code's own "shell" and "process" tasks.
PROVIDED_BY = {
    ("task type", "func"): FUNCTIONS_EXTENSION,
    ("problem matcher", "$func-python-watch"): FUNCTIONS_EXTENSION,
    ("debugger", "debugpy"): "ms-python.debugpy",
}


def _makefile_venv() -> str:
    return re.search(r"^VENV \?= (\S+)$", (APP_ROOT / "Makefile").read_text(), re.MULTILINE).group(1)


def _readme_command(starting: str) -> str:
    readme = (APP_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\n## Set up\n.*?```bash\n(.*?)```", readme, re.DOTALL).group(1)
    return next(line.split("#")[0].strip() for line in block.splitlines() if line.startswith(starting))


def _resolve(value: str) -> str:
    """`${config:NAME}` from settings.json (which must have it) and `${workspaceFolder}`."""

    def setting(match: re.Match[str]) -> str:
        assert match.group(1) in SETTINGS, f"{value!r} names setting {match.group(1)}, not in settings.json"
        return str(SETTINGS[match.group(1)])

    return re.sub(r"\$\{config:([^}]+)\}", setting, value).replace("${workspaceFolder}", str(APP_ROOT))


def _dry_run(target: str) -> str:
    """What `make TARGET` would run (-B: as if nothing were built yet); fails if there is no such target."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=APP_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"make has no target {target!r}: {result.stderr}"
    return result.stdout


def _connector_accepts(arguments: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "connector", *arguments, "--help"],
        cwd=APP_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"python -m connector {' '.join(arguments)}: {result.stderr}"


def _check_python_command(words: list[str]) -> None:
    venv = SETTINGS["azureFunctions.pythonVenv"]
    assert words[0] in (f"{venv}/bin/python", f"{venv}\\Scripts\\python"), f"{words[0]} is not the venv's python"
    assert words[1] == "-m", words
    module, arguments = words[2], words[3:]
    assert importlib.util.find_spec(module) is not None, f"module {module} does not import"
    if module == "pip":
        assert arguments[:2] == ["install", "-r"] and (APP_ROOT / arguments[2]).is_file(), arguments
    if module == "connector":
        _connector_accepts(arguments)


def _check_command(command: str) -> None:
    words = _resolve(command).split()
    if words[0] == "make":
        for target in words[1:]:
            _dry_run(target)
    else:
        _check_python_command(words)


def _commands(task: dict) -> list[str]:
    """The task's command and every platform's own."""
    variants = [task.get("command")] + [task.get(system, {}).get("command") for system in ("osx", "linux", "windows")]
    return [command for command in variants if command]


# --- extensions and settings ----------------------------------------------------------------


def test_the_functions_python_and_rest_client_extensions_are_recommended():
    assert {FUNCTIONS_EXTENSION, "ms-python.python", "humao.rest-client"} <= set(EXTENSIONS)
    assert len(EXTENSIONS) == len(set(EXTENSIONS))


def test_whatever_a_task_or_configuration_relies_on_comes_from_a_recommended_extension():
    used = {("debugger", config["type"]) for config in LAUNCH}
    for task in TASKS:
        if task["type"] not in ("shell", "process"):
            used.add(("task type", task["type"]))
        matchers = task.get("problemMatcher", [])
        used |= {("problem matcher", m) for m in ([matchers] if isinstance(matchers, str) else matchers)}
    for need in used:
        assert need in PROVIDED_BY, f"{need} is provided by no known extension"
        assert PROVIDED_BY[need] in EXTENSIONS, f"{need} needs {PROVIDED_BY[need]}, which is not recommended"


def test_settings_describe_a_python_v2_functions_project_with_remote_build_and_the_makefiles_venv():
    assert SETTINGS["azureFunctions.projectLanguage"] == "Python"
    assert SETTINGS["azureFunctions.projectLanguageModel"] == 2
    assert SETTINGS["azureFunctions.projectRuntime"] == "~4"
    assert SETTINGS["azureFunctions.scmDoBuildDuringDeployment"] is True  # Azure builds requirements.txt
    deployed = APP_ROOT / SETTINGS["azureFunctions.deploySubpath"]
    assert (deployed / "host.json").is_file() and (deployed / "function_app.py").is_file()
    assert SETTINGS["azureFunctions.pythonVenv"] == _makefile_venv()
    interpreter = Path(_resolve(SETTINGS["python.defaultInterpreterPath"]))
    assert interpreter == APP_ROOT / _makefile_venv() / "bin" / "python"
    assert SETTINGS["python.testing.pytestEnabled"] is True
    assert all((APP_ROOT / path).is_dir() for path in SETTINGS["python.testing.pytestArgs"])


# --- tasks ----------------------------------------------------------------------------------


def test_tasks_have_unique_labels_and_every_dependency_exists():
    assert len(TASK_BY_LABEL) == len(TASKS)
    for task in TASKS:
        depends = task.get("dependsOn", [])
        for label in [depends] if isinstance(depends, str) else depends:
            assert label in TASK_BY_LABEL, f"{task['label']} depends on {label!r}, which is no task"


@pytest.mark.parametrize("task", [t for t in TASKS if t["type"] == "shell"], ids=lambda t: t["label"])
def test_every_command_a_task_runs_exists(task):
    assert _commands(task), f"{task['label']} runs nothing"
    for command in _commands(task):
        _check_command(command)


def test_func_host_start_installs_first_and_tells_vscode_when_the_host_is_up():
    host = TASK_BY_LABEL["func: host start"]
    assert (host["type"], host["command"]) == ("func", "host start")
    assert host["problemMatcher"] == "$func-python-watch" and host["isBackground"] is True
    install = TASK_BY_LABEL[host["dependsOn"]]
    assert install["label"] == "pip install (functions)"
    assert all(command.endswith("-m pip install -r requirements.txt") for command in _commands(install))


def test_connector_serve_runs_the_local_host():
    serve = TASK_BY_LABEL["connector: serve"]
    assert serve["command"] == "make serve"
    assert re.search(r"^\S+/python -m connector serve$", _dry_run("serve"), re.MULTILINE)
    assert serve["windows"]["command"].endswith("python -m connector serve")


def test_the_test_task_runs_the_readmes_test_command():
    test = TASK_BY_LABEL["test"]
    assert test["command"] == _readme_command("make test") == "make test"
    assert test["group"] == {"kind": "test", "isDefault": True}
    assert (APP_ROOT / ".ci" / "run").read_text().rstrip().endswith(test["command"])  # what CI runs too


def test_the_dev_install_task_installs_the_dev_requirements():
    install = TASK_BY_LABEL["install (dev)"]
    assert install["command"] == "make install"
    assert re.search(r"-m pip install .*-r requirements-dev\.txt$", _dry_run("install"), re.MULTILINE)
    assert install["windows"]["command"].endswith("-m pip install -r requirements-dev.txt")


# --- launch configurations ------------------------------------------------------------------


def test_launch_configurations_start_existing_tasks_and_importable_modules():
    assert {"Attach to Python Functions", "Debug the local host", "Debug tests"} <= set(LAUNCH_BY_NAME)
    assert len(LAUNCH_BY_NAME) == len(LAUNCH)
    for config in LAUNCH:
        if "preLaunchTask" in config:
            assert config["preLaunchTask"] in TASK_BY_LABEL, f"{config['name']}: no task {config['preLaunchTask']!r}"
        if "module" in config:
            assert importlib.util.find_spec(config["module"]) is not None, f"{config['name']}: {config['module']}"
        if "cwd" in config:
            assert Path(_resolve(config["cwd"])) == APP_ROOT


def test_attach_goes_to_the_port_the_functions_extension_opens_for_the_worker():
    attach = LAUNCH_BY_NAME["Attach to Python Functions"]
    assert (attach["type"], attach["request"]) == ("debugpy", "attach")
    # The extension hands the worker this configuration's top-level "port" (or its default) when it
    # starts "func: host start" for it; debugpy then attaches to connect.port: the two must agree.
    assert attach["connect"]["port"] == attach.get("port", FUNCTIONS_WORKER_DEBUG_PORT)
    assert attach["connect"]["host"] in ("localhost", "127.0.0.1")
    assert attach["preLaunchTask"] == "func: host start"
    assert attach["connect"]["port"] != DEFAULT_PORT  # the HTTP port is the host's, not the debugger's


def test_debug_the_local_host_runs_the_serve_command_on_the_functions_port():
    local = LAUNCH_BY_NAME["Debug the local host"]
    assert (local["type"], local["request"], local["module"]) == ("debugpy", "launch", "connector")
    assert local["args"][0] == "serve" and "--port" not in local["args"]  # so on DEFAULT_PORT, as func does
    _connector_accepts(local["args"])
    assert "-m pip install" in _dry_run(TASK_BY_LABEL[local["preLaunchTask"]]["command"].split()[1])


def test_debug_tests_runs_pytest_on_the_open_file():
    tests = LAUNCH_BY_NAME["Debug tests"]
    assert (tests["type"], tests["request"], tests["module"]) == ("debugpy", "launch", "pytest")
    assert tests["args"] == ["${file}"]


def test_the_sample_local_settings_do_not_move_the_functions_port():
    # `func start` reads Host.LocalHttpPort; the dev container, test.http and the local host use DEFAULT_PORT.
    sample = jsonc.load(APP_ROOT / "local.settings.sample.json")
    assert sample.get("Host", {}).get("LocalHttpPort", DEFAULT_PORT) == DEFAULT_PORT


def test_the_reader_allows_what_vscode_allows_and_nothing_more():
    text = '{"url": "http://x//y", /* c */ "list": [1, 2, // note\n], "quote": "\\"//", "odd": "a,]",}'
    assert jsonc.loads(text) == {"url": "http://x//y", "list": [1, 2], "quote": '"//', "odd": "a,]"}
    for invalid in ('{"a": 1,, }', "{'a': 1}", '{"a": 1 /* unclosed'):
        with pytest.raises(ValueError):
            jsonc.loads(invalid)


def test_the_readme_names_every_task_and_launch_configuration():
    readme = (APP_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Develop in VS Code\n", 1)[1].split("\n## ", 1)[0]
    flat = re.sub(r"\s+", " ", section)
    for label in TASK_BY_LABEL:
        assert f"`{label}`" in flat, f"the README's Develop in VS Code section does not name task {label!r}"
    for name in LAUNCH_BY_NAME:
        assert f"**{name}**" in flat, f"the README's Develop in VS Code section does not name {name!r}"
