"""The back-end source: each operation forwarded to the partner's own REST service.

GET operations send their inputs as URL-encoded query parameters, POST operations as a JSON body,
with the values the connector validated and normalised, under the names and at the paths the
operation's mapping gives (connector/sources/backend/mapping.py; by default the contract's). Inputs
are data only: the host comes from settings, and an input placed in a path is escaped as exactly one
segment (an empty, `.` or `..` value is refused: see `links.unusable_segment`). `crmOrgUrl` is passed on, never fetched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from connector.context import RequestContext
from connector.contract import operation
from connector.errors import no_record_lookup
from connector.settings import Settings
from connector.sources.backend import failures, mapping
from connector.sources.backend.client import BackendClient
from connector.sources.backend.config import BackendConfig
from connector.sources.backend.headers import backend_headers
from connector.sources.backend.mapping_contract import (
    OperationMapping,
    Request,
    UnexpectedShape,
    answer_of,
    build_request,
    check_mappings,
)
from connector.sources.base import Items
from connector.startup import StartupError
from connector.telemetry import Telemetry

if TYPE_CHECKING:  # annotations only: starting the app with this source imports no model
    from connector.models.base import Inputs
    from connector.models.email_draft import ContentSuggestionsBody
    from connector.models.email_summary_v1 import EmailSummaryQuery
    from connector.models.email_summary_v2 import EmailSummaryBody
    from connector.models.key_sales_info import KeySalesInfoQuery
    from connector.models.key_stakeholders import KeyStakeholdersQuery
    from connector.models.record_details import RecordDetailsQuery
    from connector.models.record_lookup import RecordLookupQuery
    from connector.models.record_summary import RecordSummaryQuery

logger = logging.getLogger("connector.backend")


class BackendSource:
    """One method per contract operation and the record lookup (at the end of the class), each forwarding its inputs."""

    def __init__(
        self, config: BackendConfig, telemetry: Telemetry, mappings: dict[str, OperationMapping] | None = None
    ) -> None:
        self.mappings = dict(mapping.MAPPINGS if mappings is None else mappings)
        problems = check_mappings(self.mappings)
        if problems:
            raise StartupError("the back-end mapping cannot work: " + "; ".join(problems))
        self.config = config
        self.client = BackendClient(config, telemetry)
        # The one paging rule (connector.sources.base): a service that pages answers the page itself.
        self.paged_operations = frozenset(key for key, m in self.mappings.items() if m.pages and operation(key).paged)

    @classmethod
    def from_settings(cls, settings: Settings, telemetry: Telemetry) -> BackendSource:
        mappings = dict(mapping.MAPPINGS)  # read now, so a test or a partner may replace the table
        return cls(BackendConfig.from_settings(settings, mappings), telemetry, mappings)

    def close(self) -> None:
        """Close the connection pool and its worker threads."""
        self.client.close()

    def request(self, operation_key: str, inputs: Inputs) -> Request:
        """What the service receives for these inputs: path and query or body, under its names."""
        return build_request(
            operation(operation_key), self.mappings[operation_key], self.config.paths[operation_key], inputs
        )

    def fetch_document(self, operation_key: str, inputs: Inputs, context: RequestContext) -> Any:
        """The service's JSON answer for validated inputs (a `ConnectorError` when there is none)."""
        outgoing = self.request(operation_key, inputs)
        if operation(operation_key).method == "GET":
            return self.client.call(operation_key, "GET", context, path=outgoing.path, params=outgoing.data)
        return self.client.call(operation_key, "POST", context, path=outgoing.path, body=outgoing.data)

    def answer(self, operation_key: str, document: Any, inputs: Inputs, context: RequestContext) -> Items:
        """The items (or a `Page`) the mapping makes of the service's document."""
        try:
            return answer_of(operation(operation_key), self.mappings[operation_key])(document, inputs)
        except UnexpectedShape as error:  # the mapping's words may quote the service: masked like its body
            sent = self.client.sent(
                backend_headers(context, self.config), context, self.request(operation_key, inputs).data
            )
            logger.warning(
                "Back end answer for %s: %s (request %s)", operation_key, sent.mask(str(error)), context.request_id
            )
            raise failures.bad_answer("shape") from None

    def forward(self, operation_key: str, inputs: Inputs, context: RequestContext) -> Items:
        if operation_key not in self.mappings:  # only the optional lookup may be left out (check_mappings)
            raise no_record_lookup()
        return self.answer(operation_key, self.fetch_document(operation_key, inputs, context), inputs, context)

    # --- the operations: each forwarded as its mapping says ------------------------------------

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Items:
        return self.forward("record_summary", inputs, context)

    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> Items:
        return self.forward("record_details", inputs, context)

    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> Items:
        return self.forward("key_sales_info", inputs, context)

    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> Items:
        return self.forward("email_summary_v1", inputs, context)

    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> Items:
        return self.forward("email_summary_v2", inputs, context)

    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> Items:
        return self.forward("email_draft", inputs, context)

    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> Items:
        return self.forward("key_stakeholders", inputs, context)

    # The Sales agent's record lookup, an optional capability: NOT_FOUND when the mapping leaves it out.
    def record_lookup(self, inputs: RecordLookupQuery, context: RequestContext) -> Items:
        return self.forward("record_lookup", inputs, context)
