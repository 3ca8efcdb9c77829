"""The connector's own words: every message a caller can read, in each language the connector speaks.

A message is a key into the catalogues (`connector/locales/<language>.json`) plus its parameters. It
stays a `Message` until the answer is written, and is then rendered in the negotiated language, or
in English when the catalogues lack that language. A parameter that is itself a `Message` is
rendered in the same language. Keys are grouped by what they are: `error.*` an `errorMessage`,
`detail.*` the reason given for one parameter in `details`, `word.*` a word used inside another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from connector.catalogues import Catalogues
from connector.language import DEFAULT_LANGUAGE

LOCALES_DIR = Path(__file__).parent / "locales"


# Each language is read when a message is first written in it (English at once: keys are checked in it).
CATALOGUES: Mapping[str, dict[str, str]] = Catalogues(LOCALES_DIR)


@dataclass(frozen=True)
class Message:
    """A message of the catalogues with its parameters; rendered in a language when it is shown."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return CATALOGUES.render(language, self.key, {name: _value(value, language) for name, value in self.params})

    def __str__(self) -> str:
        return self.render()


def message(key: str, **params: object) -> Message:
    if key not in CATALOGUES[DEFAULT_LANGUAGE]:
        raise KeyError(f"no message {key!r} in {LOCALES_DIR / 'en.json'}")
    return Message(key, tuple(params.items()))


def _value(value: object, language: str) -> str:
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, list | tuple):
        return ", ".join(_value(item, language) for item in value)
    return str(value)


def spoken(language: str) -> str:
    """The language an error is written in for a caller who negotiated `language`."""
    return CATALOGUES.speaking(language)


def render(text: str | Message, language: str) -> str:
    """A message in `language`; a literal text (a source's own) as it is."""
    return text.render(language) if isinstance(text, Message) else text
