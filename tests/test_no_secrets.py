"""No secret anywhere: not in the repository, the deployment package, nor the connector files generated for
an environment. Every file is searched for key-, secret- and token-shaped values.

The shapes the search knows are proven on values built here at run time (so that this file holds none).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from connector.tools.package import build_package

ROOT = Path(__file__).resolve().parents[1]
# Generic: a secret-ish name given a long random-looking literal.
_ASSIGNED = (
    r"(?i)(?:secret|password|passwd|api[_-]?key|access[_-]?key|account[_-]?key|client[_-]?secret|token|"
    r"functions[_-]?key|sig)[\"']?\s*[:=]\s*[\"']([A-Za-z0-9+/_=~.-]{20,})[\"']"
)
SHAPES = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "storage account key": re.compile(r"AccountKey=[A-Za-z0-9+/]{40,}={0,2}"),
    "shared access signature": re.compile(r"[?&;]sig=[A-Za-z0-9%+/]{30,}"),
    "JSON web token": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    "Entra ID client secret": re.compile(r"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "assigned secret": re.compile(_ASSIGNED),
}


def _random_looking(value: str) -> bool:
    """Mixed letters and digits with high entropy: a key, not a word, a name or a placeholder."""
    if not (re.search(r"[a-z]", value) and re.search(r"[A-Z]", value) and re.search(r"\d", value)):
        return False
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy > 3.5


def findings(text: str) -> list[str]:
    found = []
    for name, shape in SHAPES.items():
        for match in shape.finditer(text):
            if name == "assigned secret" and not _random_looking(match.group(1)):
                continue
            found.append(f"{name}: {match.group(0)[:12]}…")
    return found


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
        "PartnerSalesInsights_0_1_0_0.zip", "apiDefinition.swagger.json", "apiProperties.json", "icon.png",
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


# Values of each shape, assembled here so that no literal secret sits in this file.
_R = "Zx8Qp3Lm0Tv6Wn2Ry9Ks4Bd7Hf1Jg5Uc"
EXAMPLES = {
    "private key": "-----BEGIN " + "PRIVATE KEY-----\nMIIE",
    "storage account key": "DefaultEndpointsProtocol=https;AccountName=st;Account" + "Key=" + _R * 2 + "==",
    "shared access signature": "https://st.blob.core.windows.net/c?sv=2022&s" + "ig=" + _R + "%3D",
    "JSON web token": "ey" + "JhbGciOiJSUzI1NiJ9.ey" + "JhdWQiOiJhcGkifQ.c2lnbmF0dXJlX2J5dGVz",
    "Entra ID client secret": "abc8" + "Q~" + _R[:32],
    "GitHub token": "gh" + "p_" + _R + "abcd",
    "AWS access key": "AK" + "IA" + "ABCDEFGHIJKLMNOP",
    "Slack token": "xo" + "xb-" + "123456789012-abcdef",
    "assigned secret": "BACKEND_API_" + 'KEY = "' + _R + '"',
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_is_found(shape):
    assert any(f.startswith(f"{shape}:") for f in findings(EXAMPLES[shape]))


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
