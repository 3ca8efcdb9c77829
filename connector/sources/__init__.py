"""The data source behind every operation, chosen by the `CONNECTOR_SOURCE` app setting.

`sample` (the default) is the embedded, localized sample data; `backend` forwards to the partner's
REST service; `package.module:ClassName` loads a partner's own Python implementation of `Source`.
`build_source` builds the one the settings name, once, when the app is built, and checks it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from connector.settings import SettingError, Settings
from connector.sources import base
from connector.sources.base import Items, Page, SourceError, check_source, missing_operations, paged_result
from connector.telemetry import Telemetry

if TYPE_CHECKING:
    from connector.sources.base import Source

__all__ = [
    "Items",
    "Page",
    "Source",
    "SourceError",
    "build_source",
    "check_source",
    "missing_operations",
    "paged_result",
]


def __getattr__(name: str) -> Any:
    if name == "Source":  # built on first use: it names every operation's input model
        return base.Source
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_source(settings: Settings, telemetry: Telemetry) -> Source:
    """The source the settings name, checked; `SettingError` or `SourceError` says why there is none."""
    choice = settings.source
    if choice == "sample":
        from connector.sources.sample import SampleSource

        source = SampleSource()
    elif choice == "backend":
        from connector.sources.backend import BackendSource

        source = BackendSource.from_settings(settings, telemetry)
    else:
        source = _partner_source(choice)
    check_source(source)
    return source


def _partner_source(choice: str) -> Source:
    module_name, _, class_name = choice.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise SettingError(
            "CONNECTOR_SOURCE",
            f"names module {module_name!r}, which cannot be imported ({type(error).__name__}: "
            f"{error}); is its folder on PYTHONPATH? (docs/source.md)",
        ) from None
    source_class = getattr(module, class_name, None)
    if not isinstance(source_class, type):
        raise SettingError("CONNECTOR_SOURCE", f"names {class_name!r}, which is not a class in {module_name}")
    try:
        return source_class()  # once, with no arguments
    except Exception as error:  # whatever the partner's constructor raises is the reason to give
        raise SourceError(
            f"data source {module_name}.{class_name} could not be built: {type(error).__name__}: {error}"
        ) from None
