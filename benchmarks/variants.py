"""The three ways to serve one call in process, each as a zero-argument callable for the timer.

- `pipeline`: the connector's HTTP function, as the Functions worker calls it;
- `bare`: the same source call with pre-built inputs and context, no pipeline at all;
- `fastapi`: the FastAPI variant's function, awaited on one long-lived event loop as the worker does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cache
from typing import Any

from benchmarks.workload import Call
from connector.pipeline import new_context
from connector.sources import active_source
from connector.tools.devhost import indexed_functions


@cache
def _pipeline_functions() -> dict[str, Callable]:
    from function_app import app

    return {f.get_function_name(): f.get_user_function() for f in indexed_functions(app)}


@cache
def _fastapi_function() -> Callable:
    from benchmarks.fastapi_variant import app

    (function,) = app.get_functions()
    return function.get_user_function()


@cache
def _event_loop() -> asyncio.AbstractEventLoop:
    return asyncio.new_event_loop()


def pipeline(call: Call) -> Callable[[], Any]:
    function, request = _pipeline_functions()[call.op.function_name], call.http_request()
    return lambda: function(request)


def bare(call: Call) -> Callable[[], Any]:
    inputs, context = call.inputs(), new_context(call.op, call.http_request())
    method = getattr(active_source(), call.op.key)
    return lambda: method(inputs, context)


def fastapi(call: Call) -> Callable[[], Any]:
    function, request, loop = _fastapi_function(), call.http_request(), _event_loop()
    return lambda: loop.run_until_complete(function(request, None))


VARIANTS: dict[str, Callable[[Call], Callable[[], Any]]] = {"pipeline": pipeline, "bare": bare, "fastapi": fastapi}
