"""What the Functions host's own configuration (`host.json`) fixes for the code: the route prefix.

The deployment package holds `host.json` beside `function_app.py`, so the runtime reads the same
file the host does; telemetry, the local host and the definition generator all take it from here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent  # the function app's folder: host.json, function_app.py
HOST_JSON = APP_ROOT / "host.json"


@cache
def route_prefix(host_json: Path = HOST_JSON) -> str:
    """The HTTP route prefix without slashes ("api" unless host.json says otherwise, as the host does)."""
    config = json.loads(host_json.read_text(encoding="utf-8"))
    prefix = config.get("extensions", {}).get("http", {}).get("routePrefix", "api")
    return prefix.strip("/")


def route_path(route: str) -> str:
    """The URL path of a function's route, e.g. `/api/enhanceskills/activities`."""
    return "/" + "/".join(part for part in (route_prefix(), route.strip("/")) if part)
