"""Links built from caller text: every part percent-encoded, so that no value can change a link's shape.

A record id is data, never a piece of URL syntax: a space, `../`, `?`, `#` or `%` in it stays inside
its own path segment or query value. Sources (the sample one, a partner's back-end mapping) build
the links they answer with here.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode


def link(base: str, *segments: str, **query: str) -> str:
    """`base` (a fixed `https://…` prefix of ours) + each segment as one encoded path segment + the query.

    >>> link("https://app.example", "accounts", "a b/../c?d#e", tab="notes & more")
    'https://app.example/accounts/a%20b%2F..%2Fc%3Fd%23e?tab=notes%20%26%20more'
    """
    path = "".join("/" + quote(segment, safe="") for segment in segments)
    return base.rstrip("/") + path + ("?" + urlencode(query, quote_via=quote) if query else "")
