"""No secret anywhere: not in the repository, the deployment package, nor the connector files generated for
an environment. Every file is searched for key-, secret- and token-shaped values.

The shapes the search knows are proven on values built here at run time (so that this file holds none).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from connector.tools.package import build_package
from connector.tools.secrets import in_text

ROOT = Path(__file__).resolve().parents[1]


def findings(text: str) -> list[str]:
    """The one secret scanner the linter uses on generated files too (connector/tools/secrets.py)."""
    return [str(finding) for finding in in_text(text)]


def _texts_of_repository() -> Iterator[tuple[str, str]]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        path = ROOT / name
        if path.is_file():
            data = path.read_bytes()
            if b"\0" not in data[:8192]:  # text only: icons are not where a secret hides
                yield name, data.decode("utf-8", errors="replace")


def test_the_repository_holds_no_secret():
    scanned = 0
    problems = []
    for name, text in _texts_of_repository():
        scanned += 1
        problems += [f"{name}: {finding}" for finding in findings(text)]
    assert problems == []
    assert scanned > 100


def test_the_deployment_package_holds_no_secret(tmp_path):
    package = build_package(tmp_path / "function-app.zip")
    with zipfile.ZipFile(package) as archive:
        problems = [
            f"{member}: {finding}"
            for member in archive.namelist()
            for finding in findings(archive.read(member).decode("utf-8", errors="replace"))
        ]
    assert problems == []


def test_the_connector_files_for_an_environment_hold_no_secret(tmp_path):
    """What the postprovision hook writes for an environment; the client secret is typed by a person, later."""
    out = tmp_path / "connector" / "apiDefinition.swagger.json"
    environment = [
        "--host",
        "func-connector-abc123.azurewebsites.net",
        "--client-id",
        "5a8d2c41-93e7-4b6f-a0d2-7c1e9f3b4a56",
        "--resource-uri",
        "api://72f988bf-86f1-41af-91ab-2d7cd011db47/copilot-sales-connector-api-abc123",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "connector", "openapi", *environment, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # ...and the solution the hook builds beside them, from the same values.
    solution = subprocess.run(
        [sys.executable, "-m", "connector", "solution", *environment, "--out", f"{out.parent}/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert solution.returncode == 0, solution.stderr
    written = sorted(out.parent.iterdir())
    assert [p.name for p in written] == [
        "PartnerSalesInsights_0_1_0_0.zip",
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "icon.png",
        "settings.json",
    ]
    for path in written:
        if path.suffix == ".json":
            assert findings(path.read_text()) == [], path.name
    with zipfile.ZipFile(out.parent / "PartnerSalesInsights_0_1_0_0.zip") as archive:
        for member in archive.namelist():
            if not member.endswith(".Png"):
                assert findings(archive.read(member).decode("utf-8-sig")) == [], member
            assert b"clientSecret" not in archive.read(member), member
    oauth = json.loads((out.parent / "apiProperties.json").read_text())["properties"]["connectionParameters"]["token"]
    assert "clientSecret" not in json.dumps(oauth)


# Values of each shape the repository scan adds to the generated-file ones (tests/test_secrets.py),
# assembled here so that no literal secret sits in this file.
_R = "Zx8Qp3Lm0Tv6Wn2R" + "y9Ks4Bd7Hf1Jg5Uc"
EXAMPLES = {
    "a GitHub token": "gh" + "p_" + _R + "abcd",
    "an AWS access key": "AK" + "IA" + "ABCDEFGHIJKLMNOP",
    "a Slack token": "xo" + "xb-" + "123456789012-abcdef",
    "a secret-named literal": "BACKEND_API_" + 'KEY = "' + _R[:20] + '"',
}


@pytest.mark.parametrize("shape", sorted(EXAMPLES))
def test_each_shape_is_found(shape):
    assert [f.what for f in in_text(EXAMPLES[shape])] == [shape]


@pytest.mark.parametrize(
    "harmless",
    [
        'client_id = "00000000-0000-0000-0000-000000000000"',
        'BACKEND_API_KEY: ""',
        "api_key_header = 'x-api-key'",
        'token = "INVALID_TOKEN_SPECIFIED"',
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'",
    ],
)
def test_names_placeholders_and_settings_are_not_secrets(harmless):
    assert findings(harmless) == []
