"""The connector's own sentences, as patterns: what an `errorMessage` or a `details` reason may say.

Each message of `connector/locales/<language>.json` becomes a pattern in which a `{parameter}`
matches any text; a text is the connector's own when it matches one of them.
"""

from __future__ import annotations

import re
import string
from functools import cache

from connector.messages import CATALOGUES


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append("(.+)")
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


@cache
def patterns(language: str, kind: str) -> dict[str, re.Pattern[str]]:
    """Message key -> pattern, for the messages of one kind (`error` or `detail`) in one language."""
    return {key: _pattern(text) for key, text in CATALOGUES[language].items() if key.startswith(kind + ".")}


def which(text: str, language: str, kind: str) -> str | None:
    """The key of the message `text` is in `language`, or None when it is not one of ours."""
    return next((key for key, pattern in patterns(language, kind).items() if pattern.match(text)), None)
