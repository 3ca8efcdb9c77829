"""test.http, the REST Client request file: the README's "Try every operation", sent to the local host.

The file cannot go stale: its requests must be the README's curl lines (same method, URL, headers
and body), must cover every operation of the README's table, and each must get the answer the
README promises from the local host the tests start.
"""

from __future__ import annotations

import json
import re
import shlex
from urllib.parse import parse_qsl, urlsplit

import pytest

from connector.contract import OPERATIONS
from connector.host import APP_ROOT, route_prefix
from connector.tools.devhost import DEFAULT_PORT
from tests.support import rest_client

HTTP_FILE = APP_ROOT / "test.http"
README = APP_ROOT / "README.md"
REQUESTS = rest_client.read(HTTP_FILE)


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _readme_curl_requests() -> list[tuple[str, str, dict[str, str], object]]:
    """The README's curl lines as (method, URL, headers, JSON body), shell variables expanded."""
    block = re.search(r"```bash\n(.*?)```", _section("Try every operation"), re.DOTALL).group(1)
    shell: dict[str, str] = {}
    found = []
    for line in block.replace("\\\n", " ").splitlines():
        if match := re.match(r"^(\w+)=(.*)$", line):
            shell[match.group(1)] = shlex.split(match.group(2))[0]
            continue
        words = []
        for word in shlex.split(line):
            words += shlex.split(shell[word[1:]]) if word.startswith("$") else [word]
        assert words[0] == "curl", line
        method, url, headers, body = "GET", None, {}, None
        arguments = iter(words[1:])
        for word in arguments:
            if word == "-H":
                name, _, value = next(arguments).partition(":")
                headers[name.strip().lower()] = value.strip()
            elif word == "-d":
                method, body = "POST", json.loads(next(arguments))
            elif word == "-X":
                method = next(arguments)
            else:
                url = word
        found.append((method, url, headers, body))
    return found


def _as_compared(request: rest_client.HttpRequest) -> tuple[str, str, dict[str, str], object]:
    headers = {name.lower(): value for name, value in request.headers if name.lower() != "x-functions-key"}
    return request.method, request.url, headers, json.loads(request.body) if request.body else None


def _operation_of(request: rest_client.HttpRequest):
    path = urlsplit(request.url).path
    return next(op for op in OPERATIONS if op.method == request.method and path.endswith(f"/{op.route}"))


def test_the_file_holds_exactly_the_readmes_curl_requests():
    assert [_as_compared(request) for request in REQUESTS] == _readme_curl_requests()


def test_every_operation_of_the_readmes_table_is_in_the_file():
    in_table = set(re.findall(r"\| `(scp-[a-z0-9-]+)` \|", README.read_text(encoding="utf-8")))
    assert in_table == {op.operation_id for op in OPERATIONS}
    assert [_operation_of(request).operation_id for request in REQUESTS] == [op.operation_id for op in OPERATIONS]


def test_base_url_and_function_key_are_variables_with_local_defaults():
    variables = rest_client.read_variables(HTTP_FILE.read_text(encoding="utf-8"))
    assert variables["baseUrl"] == f"http://localhost:{DEFAULT_PORT}/{route_prefix()}"
    assert variables["functionKey"] == ""  # the local hosts do not ask for one; Azure does
    marked = rest_client.read(HTTP_FILE, {"baseUrl": "<base>", "functionKey": "<key>"})
    for request in marked:
        assert request.url.startswith("<base>/"), request.title
        assert request.header("x-functions-key") == "<key>", request.title


def test_an_unknown_variable_is_an_error_as_in_rest_client():
    with pytest.raises(ValueError, match=r"\{\{missing\}\} is not a variable"):
        rest_client.parse("### x\nGET {{missing}}/a\n")


@pytest.mark.parametrize("request_", REQUESTS, ids=[request.title for request in REQUESTS])
def test_each_request_gets_the_readmes_answer_from_the_local_host(local_host, request_):
    sent = rest_client.read(HTTP_FILE, {"baseUrl": local_host.api, "functionKey": "any-key"})[REQUESTS.index(request_)]
    op = _operation_of(sent)

    response = local_host.request(
        sent.method, sent.url, headers=dict(sent.headers), data=sent.body.encode() if sent.body else None
    )

    assert response.status_code == 200, response.text
    # "Every answer carries Content-Language (the negotiated language) and x-ms-client-request-id".
    assert response.headers["Content-Language"] == sent.header("Accept-Language").split("-")[0] == "fr"
    assert response.headers["x-ms-client-request-id"] == sent.header("x-ms-client-request-id") == "demo-1"
    answer = op.response.model_validate(response.json())
    items = getattr(answer, op.items_field)
    assert items, f"{op.operation_id} answered no items for a README example"  # known sample records
    asked = {name.lower(): value for name, value in parse_qsl(urlsplit(sent.url).query)}
    if "top" in asked:
        assert len(items) <= int(asked["top"])


def test_the_file_parses_as_rest_client_reads_it():
    assert len(REQUESTS) == len(OPERATIONS)
    for request in REQUESTS:
        assert request.title
        if request.method == "POST":
            assert request.header("Content-Type") == "application/json"
            assert isinstance(json.loads(request.body), dict)
        else:
            assert request.body == ""
