"""The data source behind every operation, chosen by the `CONNECTOR_SOURCE` app setting.

`sample` (the default) is the embedded, localized sample data; `backend` forwards to the partner's
REST service; `package.module:ClassName` loads a partner's own Python implementation of `Source`.
"""

from __future__ import annotations

import importlib
import logging
import threading
from functools import lru_cache

from connector.settings import settings
from connector.sources.base import Items, Page, Source, paged_result

__all__ = ["Items", "Page", "Source", "active_source", "paged_result", "reset_source"]


_building = threading.Lock()
logger = logging.getLogger("connector.sources")


def active_source() -> Source:
    # lru_cache alone lets parallel first calls each build a source (and a back-end connection pool).
    with _building:
        try:
            return _build_source()
        except ValueError as error:
            # Settings (or a mapping) that cannot work: the caller gets a clean 500, the operator the reason.
            # The messages never echo a secret (see connector.sources.backend.config).
            logger.error("The data source cannot be built (CONNECTOR_SOURCE=%s): %s", settings().source, error)
            raise


@lru_cache(maxsize=1)
def _build_source() -> Source:
    choice = settings().source
    if choice == "sample":
        from connector.sources.sample import SampleSource

        return SampleSource()
    if choice == "backend":
        from connector.sources.backend import BackendSource

        return BackendSource.from_settings()
    module_name, _, class_name = choice.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def reset_source() -> None:
    """Forget the source, so the next call builds it from the current settings."""
    _build_source.cache_clear()
