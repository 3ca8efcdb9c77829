"""Whether this checkout's app would start with its settings: the check the app makes when it is built.

`function_app.py` builds the settings and the data source when the worker indexes it, and stops on
the first that cannot work. The local host, `connector check-backend` and `connector check` (against
a connector on this machine) report the same one line, before anything is served or called.
"""

from __future__ import annotations

from collections.abc import Mapping

from connector.settings import Settings
from connector.sources import Source, build_source
from connector.startup import StartupError
from connector.telemetry import Telemetry


def built_source(environ: Mapping[str, str] | None = None) -> tuple[Settings, Source]:
    """The settings and the source the app builds from these app settings; `StartupError` (one line)
    when it would not start. The caller closes the source (`close_source`)."""
    settings = Settings.from_env(environ)
    return settings, build_source(settings, Telemetry(settings))


def close_source(source: Source) -> None:
    close = getattr(source, "close", None)
    if callable(close):
        close()


def start_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the app would not start with these app settings (one line), or None when it would."""
    try:
        _, source = built_source(environ)
    except StartupError as error:
        return str(error)
    close_source(source)
    return None
