"""Per-language JSON catalogues (`<dir>/<language>.json`), each read on its first use.

A cold start answers in one language: reading the others, which it may never need, is wasted time
before the first answer. The languages on offer are the file names, listed once; a catalogue, once
read, is kept for the process. Two threads reading the same language at once both read the file and
one result is kept; either is the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from connector.language import DEFAULT_LANGUAGE


class Catalogues(Mapping[str, dict[str, str]]):
    """language -> {key: template}, read from `directory` on first use of each language."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._languages = tuple(sorted(path.stem for path in directory.glob("*.json")))
        self._loaded: dict[str, dict[str, str]] = {}

    def __getitem__(self, language: str) -> dict[str, str]:
        catalogue = self._loaded.get(language)
        if catalogue is None:
            if language not in self._languages:
                raise KeyError(language)
            with open(self.directory / f"{language}.json", encoding="utf-8") as file:
                catalogue = self._loaded.setdefault(language, json.load(file))
        return catalogue

    def __contains__(self, language: object) -> bool:
        return language in self._languages

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)

    def speaking(self, language: str) -> str:
        """The language a text asked for in `language` is written in: the default where none is catalogued."""
        return language if language in self._languages else DEFAULT_LANGUAGE

    def render(self, language: str, key: str, values: Mapping[str, str]) -> str:
        """The template of `key` in `language` (the default language's where it has none), filled with
        `values`, each already rendered in that language: the one way a catalogued text is written."""
        template = self[self.speaking(language)].get(key) or self[DEFAULT_LANGUAGE][key]
        return template.format_map(values)

    def loaded(self) -> tuple[str, ...]:
        """The languages read so far (what a cold start has paid for)."""
        return tuple(self._loaded)
