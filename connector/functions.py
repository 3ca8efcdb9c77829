"""The connector's HTTP functions: one per contract operation, all wearing the shared pipeline.

`build_blueprint` makes them from an app's parts (settings, a data source, telemetry), registered
from the operation table, so a route, method or name can only change in one place. Each function's
work is one call to the source; everything else is the pipeline's. `function_app.py` reads the
settings from the environment once and builds the parts with `blueprint_from_settings`; a test
builds its own.

Registering needs the table alone: the pipeline, pydantic and the operation's models are imported
on the first call, so the worker indexes the app without them (tests/test_cold_start.py).
"""

# No `from __future__ import annotations` here: the Functions worker inspects the HTTP function's
# annotations as real types.
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import azure.functions as func

from connector.contract import (
    CHAT_OPERATIONS,
    CONTENT_SUGGESTIONS_TEXT,
    OPERATIONS,
    RECORD_LOOKUP,
    Operation,
    operation,
)
from connector.settings import Settings
from connector.sources import build_source
from connector.sources.base import Fetch, Items, Source, paged_result
from connector.telemetry import Telemetry

if TYPE_CHECKING:  # the sources' signature only: the request context is imported by the first call
    from connector.context import RequestContext

HttpFunction = Callable[[func.HttpRequest], func.HttpResponse]


def _source_call(source: Any, op: Operation) -> Fetch:
    method = getattr(source, op.key)

    def fetch(inputs, context: "RequestContext") -> Items:
        return paged_result(source, op.key, method(inputs, context))

    fetch.__doc__ = f"{op.summary}: {op.description}"
    return fetch


def connector_operation(op: Operation, *, settings: Settings, telemetry: Telemetry) -> Callable[[Fetch], HttpFunction]:
    """Turn `fetch(inputs, context) -> items` into the operation's HTTP function, for an app's settings and telemetry."""

    def decorate(fetch: Fetch) -> HttpFunction:
        # The worker passes its invocation context to a parameter named `context` annotated exactly
        # `func.Context` (so no `| None`); its trace context makes our telemetry line up with the host's.
        # The default keeps direct calls with a request alone working.
        def function(req: func.HttpRequest, context: func.Context = None) -> func.HttpResponse:
            from connector.pipeline import run  # the first call imports it; later calls find it loaded

            return run(op, fetch, req, context, settings, telemetry)

        # Not functools.wraps: the Functions worker binds `req` and `context` by reading the signature
        # (following __wrapped__), so it must see this function's signature and annotations, not fetch's.
        function.__name__ = function.__qualname__ = op.key
        function.__doc__ = fetch.__doc__
        return function

    return decorate


def _chat_call(source: Any, op: Operation) -> Fetch:
    """The chat's extra routes: the lookup, an optional capability of a source, and content
    suggestions from plain fields, which reach the source's `email_draft` as the contract's body."""
    if op is CONTENT_SUGGESTIONS_TEXT:
        draft = _source_call(source, operation("email_draft"))

        def fetch(inputs, context: "RequestContext") -> Items:
            return draft(inputs.as_contract_body(), context)

    else:
        lookup = getattr(source, RECORD_LOOKUP.key, None)

        def fetch(inputs, context: "RequestContext") -> Items:
            if not callable(lookup):
                from connector.errors import no_record_lookup  # only a source without the capability

                raise no_record_lookup()
            return paged_result(source, op.key, lookup(inputs, context))

    fetch.__doc__ = f"{op.summary}: {op.description}"
    return fetch


def build_blueprint(settings: Settings, source: Source, telemetry: Telemetry) -> func.Blueprint:
    """The blueprint of every operation, answering from `source`, which `build_source` built and checked."""
    blueprint = func.Blueprint()
    calls = [(op, _source_call(source, op)) for op in OPERATIONS]
    calls += [(op, _chat_call(source, op)) for op in CHAT_OPERATIONS]
    for op, call in calls:
        function = connector_operation(op, settings=settings, telemetry=telemetry)(call)
        blueprint.function_name(name=op.key)(blueprint.route(route=op.route, methods=[op.method])(function))
    return blueprint


def blueprint_from_settings(settings: Settings) -> func.Blueprint:
    """The blueprint for these app settings, its source and telemetry built now, so a bad one stops the start.

    Raises `StartupError` naming a setting that cannot work or what a partner source lacks; the
    message is one line.
    """
    telemetry = Telemetry(settings)
    return build_blueprint(settings, build_source(settings, telemetry), telemetry)
