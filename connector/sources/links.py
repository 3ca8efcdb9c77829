"""Links built from caller text: every part percent-encoded, so that no value can change a link's shape.

A record id is data, never a piece of URL syntax: a space, `../`, `?`, `#` or `%` in it stays inside
its own path segment or query value. Sources (the sample one, a partner's back-end mapping) build
the links they answer with here.

Escaping cannot make `.` or `..` a safe segment: browsers, proxies and servers read `%2E%2E` as `..`
and remove it with the segment before it. So a value that is empty, `.` or `..`, as it is or once
percent-decoded, is never used as a segment (`unusable_segment`): the link helper refuses it, the
back-end source refuses such an input before calling the service, the sample source refuses it too.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlencode

_DOT_SEGMENTS = ("", ".", "..")
MAX_DECODINGS = 4  # a value that still decodes further after this many rounds is nobody's record id


class UnusableSegment(ValueError):
    """A value that cannot be one path segment (see `unusable_segment`)."""


def unusable_segment(value: str) -> bool:
    """Whether `value` is empty, `.` or `..`, as it is or after any number of percent-decodings
    (a proxy that decodes twice must not find a dot segment either)."""
    for _ in range(MAX_DECODINGS):
        if value in _DOT_SEGMENTS:
            return True
        decoded = unquote(value)
        if decoded == value:
            return False
        value = decoded
    return True


def segment(value: str) -> str:
    """`value` as exactly one encoded path segment; `UnusableSegment` for an empty, `.` or `..` value.

    Every character but letters, digits and `-._~` is escaped, so the segment is the same after any
    URL requoting (requests/urllib3 unescape only those unreserved characters).
    """
    if unusable_segment(value):
        raise UnusableSegment(f"{value!r} cannot be a path segment")
    return quote(value, safe="")


def link(base: str, *segments: str, **query: str) -> str:
    """`base` (a fixed `https://…` prefix of ours) + each segment as one encoded path segment + the query.

    A segment that is empty, `.` or `..` (see `unusable_segment`) raises `UnusableSegment`: check a
    caller's or a service's value with `unusable_segment` first, and refuse it or leave the link out.

    >>> link("https://app.example", "accounts", "a b/../c?d#e", tab="notes & more")
    'https://app.example/accounts/a%20b%2F..%2Fc%3Fd%23e?tab=notes%20%26%20more'
    """
    path = "".join("/" + segment(part) for part in segments)
    return base.rstrip("/") + path + ("?" + urlencode(query, quote_via=quote) if query else "")
