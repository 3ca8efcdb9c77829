"""The connector's HTTP functions: one per contract operation, all wearing the shared pipeline.

Registered from the operation registry, so a route, method or name can only change in one place.
Each function's work is one call to the active data source; everything else is the pipeline's.
"""

from __future__ import annotations

import azure.functions as func

from connector.context import RequestContext
from connector.contract import OPERATIONS, Operation
from connector.pipeline import Fetch, connector_operation
from connector.sources import Items, active_source, paged_result

blueprint = func.Blueprint()


def _source_call(op: Operation) -> Fetch:
    def fetch(inputs, context: RequestContext) -> Items:
        source = active_source()
        return paged_result(source, op.key, getattr(source, op.key)(inputs, context))

    fetch.__doc__ = f"{op.summary}: {op.description}"
    return fetch


for _op in OPERATIONS:
    blueprint.function_name(name=_op.function_name)(
        blueprint.route(route=_op.route, methods=[_op.method])(connector_operation(_op)(_source_call(_op)))
    )
