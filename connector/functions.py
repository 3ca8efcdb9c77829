"""The connector's HTTP functions: one per contract operation, all wearing the shared pipeline.

`build_blueprint` makes them from an app's parts (settings, a data source, telemetry), registered
from the operation registry, so a route, method or name can only change in one place. Each
function's work is one call to the source; everything else is the pipeline's. `function_app.py`
reads the settings from the environment once and builds the parts with `blueprint_from_settings`; a
test builds its own.
"""

from __future__ import annotations

import azure.functions as func

from connector.context import RequestContext
from connector.contract import (
    CHAT_OPERATIONS,
    CONTENT_SUGGESTIONS_TEXT,
    OPERATIONS,
    RECORD_LOOKUP,
    Operation,
    operation,
)
from connector.errors import no_record_lookup
from connector.pipeline import Fetch, connector_operation
from connector.settings import Settings
from connector.sources import Items, Source, build_source, check_source, paged_result
from connector.telemetry import Telemetry


def _source_call(source: Source, op: Operation) -> Fetch:
    method = getattr(source, op.key)

    def fetch(inputs, context: RequestContext) -> Items:
        return paged_result(source, op.key, method(inputs, context))

    fetch.__doc__ = f"{op.summary}: {op.description}"
    return fetch


def _chat_call(source: Source, op: Operation) -> Fetch:
    """The chat's extra routes: the lookup, an optional capability of a source, and content
    suggestions from plain fields, which reach the source's `email_draft` as the contract's body."""
    if op is CONTENT_SUGGESTIONS_TEXT:
        draft = _source_call(source, operation("email_draft"))

        def fetch(inputs, context: RequestContext) -> Items:
            return draft(inputs.as_contract_body(), context)

    else:
        lookup = getattr(source, RECORD_LOOKUP.key, None)

        def fetch(inputs, context: RequestContext) -> Items:
            if not callable(lookup):
                raise no_record_lookup()
            return paged_result(source, op.key, lookup(inputs, context))

    fetch.__doc__ = f"{op.summary}: {op.description}"
    return fetch


def build_blueprint(settings: Settings, source: Source, telemetry: Telemetry) -> func.Blueprint:
    """The blueprint of every operation, answering from `source`; `SourceError` if it lacks a method."""
    check_source(source)
    blueprint = func.Blueprint()
    calls = [(op, _source_call(source, op)) for op in OPERATIONS]
    calls += [(op, _chat_call(source, op)) for op in CHAT_OPERATIONS]
    for op, call in calls:
        function = connector_operation(op, settings=settings, telemetry=telemetry)(call)
        blueprint.function_name(name=op.key)(blueprint.route(route=op.route, methods=[op.method])(function))
    return blueprint


def blueprint_from_settings(settings: Settings) -> func.Blueprint:
    """The blueprint for these app settings, its source and telemetry built now, so a bad one stops the start.

    Raises `SettingError` naming a setting that cannot work, or `SourceError` naming what a partner
    source lacks; the message is one line.
    """
    telemetry = Telemetry(settings)
    return build_blueprint(settings, build_source(settings, telemetry), telemetry)
