"""The back-end source: each operation forwarded to the partner's own REST service.

GET operations send their inputs as URL-encoded query parameters, POST operations as a JSON body,
always by their contract names and with the values the connector validated and normalised. Inputs
are data only: the URL's host and path come from settings. `crmOrgUrl` is passed on, never fetched.
"""

from __future__ import annotations

import logging
from typing import Any

from connector.context import RequestContext
from connector.contract import OPERATIONS, Inputs, Operation, operation
from connector.settings import Settings
from connector.sources.backend import failures
from connector.sources.backend.client import BackendClient
from connector.sources.backend.config import BackendConfig
from connector.sources.backend.mapping import MAPPINGS, UnexpectedShape
from connector.sources.base import Items
from connector.telemetry import Telemetry
from connector.types import MAX_TOP

logger = logging.getLogger("connector.backend")


def request_data(operation_key: str, inputs: Inputs) -> dict[str, Any]:
    """What the back end receives: the validated inputs by contract name, with the page spelled out."""
    op = operation(operation_key)
    data = inputs.model_dump(mode="json", by_alias=True, exclude_none=True)
    if op.paged:
        # Ask for exactly the page the caller gets, so `hasMoreResults` is the back end's to say.
        alias = {name: contract_name for contract_name, name in op.input_names().items()}
        data[alias["top"]] = MAX_TOP if inputs.top is None else inputs.top
        data[alias["skip"]] = inputs.skip or 0
    return data


class BackendSource:
    """One method per contract operation (added below from `OPERATIONS`), each forwarding its inputs."""

    def __init__(self, config: BackendConfig, telemetry: Telemetry) -> None:
        self.config = config
        self.client = BackendClient(config, telemetry)

    @classmethod
    def from_settings(cls, settings: Settings, telemetry: Telemetry) -> BackendSource:
        return cls(BackendConfig.from_settings(settings), telemetry)

    def close(self) -> None:
        """Close the connection pool and its worker threads."""
        self.client.close()

    def forward(self, operation_key: str, inputs: Inputs, context: RequestContext) -> Items:
        data = request_data(operation_key, inputs)
        if operation(operation_key).method == "GET":
            document = self.client.call(operation_key, "GET", context, params=data)
        else:
            document = self.client.call(operation_key, "POST", context, body=data)
        try:
            return MAPPINGS[operation_key](document)
        except UnexpectedShape as error:
            logger.warning("Back end answer for %s: %s (request %s)", operation_key, error, context.request_id)
            raise failures.bad_answer("did not have the expected shape") from None


def _forwarder(op: Operation):  # -> BackendSource's method for one operation
    def forward(self: BackendSource, inputs: Inputs, context: RequestContext) -> Items:
        return self.forward(op.key, inputs, context)

    forward.__name__ = forward.__qualname__ = op.key
    forward.__doc__ = f"{op.summary}: forwarded as {op.method} to the back end."
    return forward


for _op in OPERATIONS:
    setattr(BackendSource, _op.key, _forwarder(_op))
