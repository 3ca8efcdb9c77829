"""The data source behind every operation, chosen by the `CONNECTOR_SOURCE` app setting.

`sample` (the default) is the embedded, localized sample data; `backend` forwards to the partner's
REST service; `package.module:ClassName` loads a partner's own Python implementation of `Source`.
`build_source` builds the one the settings name, once, when the app is built, and checks it.
"""

from __future__ import annotations

import importlib

from connector.settings import Settings
from connector.sources.base import Items, Page, Source, check_source, missing_operations, paged_result
from connector.startup import StartupError, bad_setting
from connector.telemetry import Telemetry

__all__ = [
    "Items",
    "Page",
    "Source",
    "build_source",
    "check_source",
    "missing_operations",
    "paged_result",
]


def build_source(settings: Settings, telemetry: Telemetry) -> Source:
    """The source the settings name, checked; `StartupError` says why there is none."""
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
        raise bad_setting(
            "CONNECTOR_SOURCE",
            f"names module {module_name!r}, which cannot be imported ({type(error).__name__}: "
            f"{error}); is its folder on PYTHONPATH? (docs/source.md)",
        ) from None
    source_class = getattr(module, class_name, None)
    if not isinstance(source_class, type):
        raise bad_setting("CONNECTOR_SOURCE", f"names {class_name!r}, which is not a class in {module_name}")
    try:
        return source_class()  # once, with no arguments
    except Exception as error:  # whatever the partner's constructor raises is the reason to give
        raise StartupError(
            f"data source {module_name}.{class_name} could not be built: {type(error).__name__}: {error}"
        ) from None
