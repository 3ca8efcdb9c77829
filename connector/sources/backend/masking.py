"""The one masking rule for back-end text the connector logs or puts in telemetry.

A back end can echo what it received: its error body, a header or its reason phrase may hold the API
key, the caller's bearer token, any header value the connector set, or the caller's inputs. Every
log line and telemetry item that quotes the back end goes through `Sent.mask`, built from exactly
what that call sent, so none of it comes back out. E-mail addresses and long numbers are masked too,
control characters dropped (they would split log lines).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from connector.jsonwalk import texts

MIN_TOKEN_PART = 4  # a part of a forwarded token shorter than this is not worth masking (`Bearer`...)
MIN_VALUE = 3  # shorter header or input values are words anyone writes (`en`, `1`)
_TOKEN_PARTS = re.compile(r"[.\s]+")  # a JWT is three base64url parts joined by dots
_EMAIL = re.compile(r"[^\s\"'<>,;:()]+@[^\s\"'<>,;:()]+")
_LONG_NUMBER = re.compile(r"\d{6,}")  # phone, account or card numbers


class Sent:
    """What one back-end call sent that must never be logged back: secrets first, then every value."""

    def __init__(self, headers: Mapping[str, str], secrets: tuple[str, ...] = (), *data: Any) -> None:
        """`headers`: every header the connector set; `secrets`: the API key and the forwarded
        `Authorization` value (masked whatever their length, and a token in its parts too);
        `data`: the query parameters or JSON body it sent."""
        values: set[str] = set()
        for secret in filter(None, secrets):
            values.add(secret)
            credential = secret.split(" ", 1)[-1]  # the token without its `Bearer` scheme
            if credential:
                values.add(credential)
            values.update(part for part in _TOKEN_PARTS.split(credential) if len(part) >= MIN_TOKEN_PART)
        values.update(value for value in headers.values() if len(value) >= MIN_VALUE)
        values.update(text for part in data for text in texts(part) if len(text) >= MIN_VALUE)
        self._values = sorted(values, key=len, reverse=True)  # the longest first: a part never unmasks its whole

    def mask(self, text: str) -> str:
        """`text` from the back end, fit for a log line: nothing the connector sent, no personal data."""
        for value in self._values:
            if value in text:
                text = text.replace(value, "[sent]")
        text = _LONG_NUMBER.sub("[number]", _EMAIL.sub("[email]", text))
        return "".join(c if c.isprintable() else " " for c in text)

    def masks(self, text: str | None) -> bool:
        """Whether `text` holds anything `mask` would hide."""
        return text is not None and self.mask(text) != text


NOTHING_SENT = Sent({})
