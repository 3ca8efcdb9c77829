"""Whether this checkout's app would start with its settings: the check the app makes when it is built.

`function_app.py` builds the settings and the data source when the worker indexes it, and stops on
the first that cannot work. The local host, `connector check-backend` and `connector check` (against
a connector on this machine) report the same one line, before anything is served or called.
"""

from __future__ import annotations

from collections.abc import Mapping

from connector.settings import SettingError, Settings
from connector.sources import SourceError, build_source
from connector.telemetry import Telemetry


def start_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the app would not start with these app settings (one line), or None when it would."""
    try:
        settings = Settings.from_env(environ)
        source = build_source(settings, Telemetry(settings))
    except (SettingError, SourceError) as error:
        return str(error)
    close = getattr(source, "close", None)
    if callable(close):
        close()
    return None
