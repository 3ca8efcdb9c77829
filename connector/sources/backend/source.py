"""The back-end source: each operation forwarded to the partner's own REST service.

GET operations send their inputs as URL-encoded query parameters, POST operations as a JSON body,
always by their contract names and with the values the connector validated and normalised. Inputs
are data only: the URL's host and path come from settings. `crmOrgUrl` is passed on, never fetched.
"""

from __future__ import annotations

import logging
from typing import Any

from connector.context import RequestContext
from connector.contract import (
    ContentSuggestionsBody,
    EmailSummaryBody,
    EmailSummaryQuery,
    Inputs,
    KeySalesInfoQuery,
    KeyStakeholdersQuery,
    RecordDetailsQuery,
    RecordSummaryQuery,
    operation,
)
from connector.settings import settings
from connector.sources.backend import failures
from connector.sources.backend.client import BackendClient
from connector.sources.backend.config import BackendConfig
from connector.sources.backend.mapping import MAPPINGS, UnexpectedShape
from connector.sources.base import Items
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
    name = "backend"

    def __init__(self, config: BackendConfig) -> None:
        self.config = config
        self.client = BackendClient(config)

    @classmethod
    def from_settings(cls) -> BackendSource:
        return cls(BackendConfig.from_settings(settings()))

    def close(self) -> None:
        self.client.close()

    def _forward(self, operation_key: str, inputs: Inputs, context: RequestContext) -> Items:
        data = request_data(operation_key, inputs)
        if operation(operation_key).method == "GET":
            document = self.client.call(operation_key, "GET", context, params=data)
        else:
            document = self.client.call(operation_key, "POST", context, body=data)
        try:
            return MAPPINGS[operation_key](document)
        except UnexpectedShape as error:
            logger.warning("Back end answer for %s: %s (request %s)", operation_key, error, context.request_id)
            raise failures.bad_answer("shape") from None

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Items:
        return self._forward("record_summary", inputs, context)

    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> Items:
        return self._forward("record_details", inputs, context)

    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> Items:
        return self._forward("key_sales_info", inputs, context)

    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> Items:
        return self._forward("email_summary_v1", inputs, context)

    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> Items:
        return self._forward("email_summary_v2", inputs, context)

    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> Items:
        return self._forward("email_draft", inputs, context)

    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> Items:
        return self._forward("key_stakeholders", inputs, context)
