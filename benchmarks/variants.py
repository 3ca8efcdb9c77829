"""The three ways to serve one call in process, each as a zero-argument callable for the timer.

- `pipeline`: the connector's HTTP function, as the Functions worker calls it;
- `bare`: the same source call with pre-built inputs and context, no pipeline at all;
- `fastapi`: the FastAPI variant's function, awaited on one long-lived event loop as the worker does.

`Variants` builds all three from one set of app settings and one source, as `function_app.py` does.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import azure.functions as func

from benchmarks.workload import Call
from connector.functions import build_blueprint
from connector.pipeline import new_context
from connector.settings import Settings
from connector.sources import build_source
from connector.telemetry import Telemetry


@cache
def _event_loop() -> asyncio.AbstractEventLoop:
    return asyncio.new_event_loop()


class Variants:
    """The pipeline, the bare handler and the FastAPI variant over the same settings and source."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        from benchmarks.fastapi_variant import create_app

        self.settings = Settings.from_env(os.environ if environ is None else environ)
        self.telemetry = Telemetry(self.settings)
        self.source = build_source(self.settings, self.telemetry)
        app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
        app.register_functions(build_blueprint(self.settings, self.source, self.telemetry))
        self._functions = {f.get_function_name(): f.get_user_function() for f in app.get_functions()}
        (fastapi_function,) = create_app(self.settings, self.source).get_functions()
        self._fastapi = fastapi_function.get_user_function()

    def pipeline(self, call: Call) -> Callable[[], Any]:
        function, request = self._functions[call.op.key], call.http_request()
        return lambda: function(request)

    def bare(self, call: Call) -> Callable[[], Any]:
        inputs, context = call.inputs(), new_context(call.op, call.http_request(), self.settings)
        method = getattr(self.source, call.op.key)
        return lambda: method(inputs, context)

    def fastapi(self, call: Call) -> Callable[[], Any]:
        function, request, loop = self._fastapi, call.http_request(), _event_loop()
        return lambda: loop.run_until_complete(function(request, None))

    def all(self, call: Call) -> dict[str, Callable[[], Any]]:
        return {"pipeline": self.pipeline(call), "bare": self.bare(call), "fastapi": self.fastapi(call)}

    def close(self) -> None:
        self.telemetry.shutdown()
        close = getattr(self.source, "close", None)
        if callable(close):
            close()
