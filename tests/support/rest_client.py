"""Reading a `.http` file as the REST Client extension (humao.rest-client) does, for the tests to send.

The part of the format test.http uses: file variables (`@name = value`), requests separated by lines
starting with `###` (the rest of the line is the title), `#` and `//` comment lines, a request line
`METHOD URL [HTTP/1.1]`, headers up to the first blank line, then the body. `{{name}}` is replaced
by the variable's value anywhere in a request; an unknown name is an error, as in the extension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

VARIABLE = re.compile(r"^\s*@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$")
REFERENCE = re.compile(r"\{\{\s*([^}\s]+)\s*\}\}")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class HttpRequest:
    title: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: str

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith(("#", "//"))


def read_variables(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for line in text.splitlines() if (m := VARIABLE.match(line))}


def parse(text: str, overrides: dict[str, str] | None = None) -> list[HttpRequest]:
    """The requests of a .http file, variables substituted (`overrides` win over the file's values)."""
    variables = {**read_variables(text), **(overrides or {})}

    def substitute(value: str) -> str:
        def one(match: re.Match[str]) -> str:
            if match.group(1) not in variables:
                raise ValueError(f"{{{{{match.group(1)}}}}} is not a variable of the file")
            return variables[match.group(1)]

        return REFERENCE.sub(one, value)

    requests = []
    blocks = re.split(r"^###[^\S\n]*(.*)$", text, flags=re.MULTILINE)
    for title, block in zip(blocks[1::2], blocks[2::2], strict=True):
        lines = [line for line in block.splitlines() if not _is_comment(line) and not VARIABLE.match(line)]
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        method, _, rest = lines[0].strip().partition(" ")
        if method not in METHODS:
            raise ValueError(f"{title!r}: the request line {lines[0]!r} does not start with a method")
        url = rest.strip().removesuffix("HTTP/1.1").strip()
        headers, body_start = [], len(lines)
        for index, line in enumerate(lines[1:], start=1):
            if not line.strip():
                body_start = index + 1
                break
            name, colon, value = line.partition(":")
            if not colon:
                raise ValueError(f"{title!r}: {line!r} is not a header (name: value)")
            headers.append((name.strip(), substitute(value.strip())))
        body = "\n".join(lines[body_start:]).strip()
        requests.append(HttpRequest(title.strip(), method, substitute(url), tuple(headers), substitute(body)))
    return requests


def read(path: Path, overrides: dict[str, str] | None = None) -> list[HttpRequest]:
    return parse(path.read_text(encoding="utf-8"), overrides)
