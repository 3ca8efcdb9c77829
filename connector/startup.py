"""Why the app cannot start: one error type for every setting, source or mapping that cannot work.

Each is raised where the value is read (settings in `connector.settings`, the back end's in
`connector.sources.backend.config`, a partner's source in `connector.sources`), with a message of one
line naming what to fix. `function_app.py` lets it stop the worker's indexing; the local host, the
back-end probe and the checker print the same line (`connector.tools.startup`).
"""

from __future__ import annotations


class StartupError(Exception):
    """A setting, a data source or a back-end mapping the app cannot be built with; one line says why."""

    def __init__(self, problem: str, *, setting: str | None = None) -> None:
        super().__init__(problem)
        self.setting = setting  # the app setting to fix, when one is at fault


def bad_setting(setting: str, why: str) -> StartupError:
    """`app setting NAME why`: the line every refused app setting is reported with."""
    return StartupError(f"app setting {setting} {why}", setting=setting)
