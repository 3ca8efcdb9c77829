"""Secret-shaped values: what must never be baked into a generated file (a solution, a definition).

A generated connector file travels: it is committed, mailed, imported into other environments. So a
client secret, a function key, an access token or a storage key in one is a leak. These checks look
for the shapes such values have, and for keys that name a secret yet hold a literal value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# (what it is, its shape)
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an Entra ID client secret", re.compile(r"(?<![\w~.-])[\w~.-]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])")),
    ("an access token (JWT)", re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    (
        "a storage or Service Bus key",
        re.compile(r"(AccountKey|SharedAccessKey)=[^;\s\"']{20,}", re.IGNORECASE | re.ASCII),
    ),
    ("a SAS signature", re.compile(r"[?&]sig=[^&\s\"']{20,}")),
    ("a function key in a URL", re.compile(r"[?&]code=[^&\s\"']{20,}")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("an AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
)
# A secret-ish name given a literal in code or settings (`api_key = "..."`); counted when the value looks random.
_ASSIGNED = re.compile(
    r"(?ai)(?:secret|password|passwd|api[_-]?key|access[_-]?key|account[_-]?key|token|functions[_-]?key)"
    r"[\"']?\s*[:=]\s*[\"']([A-Za-z0-9+/_=~.-]{20,})[\"']"
)
# A base64 key with its padding (the shape of a function key), when its body looks random.
_PADDED = re.compile(r"(?<![\w+/=-])([\w+/-]{30,})={1,2}(?![\w+/=-])")
# A long run of mixed letters and digits with a random string's entropy: a key without padding.
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])")
# A GUID inside a run marks an identifier (exported flows are named `<Name>-<GUID>.json`), not a key.
_GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_MIN_ENTROPY = 4.2  # bits per character; words and identifiers stay well below, random base64 near 5.5
_MIN_NAMED_ENTROPY = 3.5  # a value under a secret's name needs less evidence (and may be as short as 20)
# Keys whose literal value is a secret (an expression such as @connectionParameters('x') is not).
SECRET_KEYS = re.compile(
    r"(secret|password|passwd|apikey|api_key|functions?-?key|accesskey|sharedkey)\Z", re.I | re.ASCII
)


@dataclass(frozen=True)
class Finding:
    what: str  # e.g. "an Entra ID client secret"
    where: str  # a JSON path, or "line N"
    excerpt: str  # the value's first characters only: a report must not repeat the secret

    def __str__(self) -> str:
        return f"{self.where}: {self.what} ({self.excerpt})"


def _excerpt(value: str) -> str:
    return value[:4] + "…" if len(value) > 4 else value


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def _random_token(token: str, min_entropy: float = _MIN_ENTROPY) -> bool:
    has_all = any(c.isdigit() for c in token) and any(c.islower() for c in token) and any(c.isupper() for c in token)
    return has_all and _entropy(token) >= min_entropy


def in_text(text: str, where: str = "") -> Iterator[Finding]:
    """Every secret shape in a piece of text."""
    for number, line in enumerate(text.splitlines(), start=1):
        place = where or f"line {number}"
        found: list[range] = []  # one finding per value, however many shapes it has
        for what, shape in SHAPES:
            for match in shape.finditer(line):
                found.append(range(*match.span()))
                yield Finding(what, place, _excerpt(match.group(0)))
        for match in _ASSIGNED.finditer(line):
            if _random_token(match.group(1), _MIN_NAMED_ENTROPY):
                found.append(range(*match.span()))
                yield Finding("a secret-named literal", place, _excerpt(match.group(1)))
        for match in _PADDED.finditer(line):
            if _random_token(match.group(1)):
                found.append(range(*match.span()))
                yield Finding("a base64 key (a function key's shape)", place, _excerpt(match.group(0)))
        for match in _TOKEN.finditer(line):
            overlaps = any(match.start() < span.stop and span.start < match.end() for span in found)
            if not overlaps and not _GUID.search(match.group(0)) and _random_token(match.group(0)):
                yield Finding("a random-looking key or token", place, _excerpt(match.group(0)))


def in_json(document: Any, path: str = "$") -> Iterator[Finding]:
    """Secret shapes in every string of a JSON document, and literal values under keys that name a secret."""
    if isinstance(document, dict):
        for key, value in document.items():
            child = f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][\w-]*", str(key)) else f"{path}['{key}']"
            if (
                SECRET_KEYS.search(str(key))
                and isinstance(value, str)
                and value.strip()
                and not value.lstrip().startswith("@")
            ):
                yield Finding(f"a literal value under {key!r}", child, _excerpt(value))
            yield from in_json(value, child)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from in_json(value, f"{path}[{index}]")
    elif isinstance(document, str):
        yield from in_text(document, path)
