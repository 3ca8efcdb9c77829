"""The same operations served by FastAPI on Azure Functions: the alternative Microsoft's samples show.

Same routes, same pydantic input and response models, same source, same language negotiation and the
same item checks and paging as the pipeline; what differs is the framework. It is wrapped in
`func.AsgiFunctionApp`, so the Functions worker would call it through the ASGI middleware.

Endpoints are plain `def`, as FastAPI's documentation prescribes for blocking work (a source may call
a back end with `requests`): FastAPI runs them in its thread pool.
"""

# No `from __future__ import annotations`: FastAPI reads the endpoint annotations as real types.
import time
import uuid
from collections.abc import Callable
from typing import Annotated, Any

import azure.functions as func
from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from connector.context import RequestContext
from connector.contract import MAX_TOP, OPERATIONS, Operation
from connector.errors import ConnectorError
from connector.host import route_path
from connector.language import negotiate
from connector.models.base import Inputs, Output
from connector.models.errors import ApiError
from connector.settings import Settings
from connector.sources import Page, Source, build_source, paged_result
from connector.telemetry import Telemetry


def _context(op: Operation, request: Request, config: Settings) -> RequestContext:
    headers = request.headers
    return RequestContext(
        operation_key=op.key,
        request_id=headers.get("x-ms-client-request-id") or str(uuid.uuid4()),
        user_agent=headers.get("x-ms-user-agent"),
        language=negotiate(headers.get("accept-language"), config.languages),
        accept_language=headers.get("accept-language"),
        deadline=time.monotonic() + config.deadline_seconds,
    )


def _valid(op: Operation, items: Any) -> list[Output]:
    valid = []
    for item in items:
        try:
            valid.append(op.item.model_validate(item))
        except ValidationError:
            continue  # an item that would break the schema is dropped, as the pipeline does
    return valid


def _page(op: Operation, inputs: Inputs, result: Any) -> Output:
    if not op.paged:
        return op.response(**{op.items_field: _valid(op, result)})
    top = inputs.top if inputs.top is not None else MAX_TOP
    if isinstance(result, Page):
        window, has_more = list(result.items)[:top], result.has_more
    else:
        skip = inputs.skip or 0
        window, has_more = list(result[skip : skip + top]), len(result) > skip + top
    return op.response(value=_valid(op, window), hasMoreResults=has_more)


def _endpoint(op: Operation, config: Settings, source: Source) -> Callable[..., Output]:
    method = getattr(source, op.key)

    def answer(request: Request, inputs: Inputs) -> Output:
        context = _context(op, request, config)
        result = paged_result(source, op.key, method(inputs, context))
        return _page(op, inputs, result)

    if op.method == "GET":

        def endpoint(request: Request, inputs: Annotated[op.inputs, Query()]) -> Output:
            return answer(request, inputs)
    else:

        def endpoint(request: Request, inputs: op.inputs) -> Output:
            return answer(request, inputs)

    endpoint.__name__ = op.key
    return endpoint


def _connector_error(request: Request, error: ConnectorError) -> JSONResponse:
    body = ApiError(errorCode=error.error_code, errorMessage=error.message)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=error.status, headers=error.headers)


# Every app built stays alive with the process: `AsgiFunctionApp.__del__` runs the ASGI shutdown on a
# new event loop, which can hang when it runs mid-measurement.
_built: list[func.AsgiFunctionApp] = []


def create_app(config: Settings, source: Source) -> func.AsgiFunctionApp:
    """The FastAPI variant for these settings and this source, wrapped as the worker would call it."""
    api = FastAPI(title="Copilot for Sales connector (FastAPI variant)", docs_url=None, redoc_url=None)
    api.add_exception_handler(ConnectorError, _connector_error)
    for op in OPERATIONS:
        api.add_api_route(
            route_path(op.route),
            _endpoint(op, config, source),
            methods=[op.method],
            response_model=op.response,
            response_model_exclude_none=True,
            operation_id=op.operation_id,
            summary=op.summary,
        )
    _built.append(func.AsgiFunctionApp(app=api, http_auth_level=func.AuthLevel.FUNCTION))
    return _built[-1]


# What a cold start imports, as `function_app.py` is for the pipeline: built from the environment once.
_settings = Settings.from_env()
app = create_app(_settings, build_source(_settings, Telemetry(_settings)))
