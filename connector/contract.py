"""The Copilot for Sales connector contract, stated once: the operation table.

Every operation's route, method, operationId, summary, description and envelope live here, and the
module that holds its input and output models. Function registration, input validation, response
shaping, the OpenAPI definition and the conformance checks are all derived from `OPERATIONS`.
Descriptions are interface literals copied from the contract: Copilot for Sales picks an action, and
maps its inputs and outputs, by these exact texts.

This module imports neither pydantic nor any model: the Functions worker indexes the app from the
table alone, and an operation's models are imported on that operation's first use (`Operation.inputs`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from connector.models.base import Inputs, Output

MAX_TOP = 100  # a card shows a handful; more is a misconfigured caller, not a seller
ITEMS_FIELD = "value"  # the list envelope's items
MORE_FIELD = "hasMoreResults"  # the list envelope's flag: more items follow this page


@dataclass(frozen=True)
class Operation:
    key: str
    method: Literal["GET", "POST"]
    route: str
    operation_id: str
    summary: str
    description: str
    module: str  # holds INPUTS, ITEM and, when the envelope is not `value` + `hasMoreResults`, RESPONSE
    items_field: str = ITEMS_FIELD  # the envelope's list of items
    page_size: int | None = MAX_TOP  # `top` when the caller gave none; None: the operation does not page

    @property
    def paged(self) -> bool:
        """List operations take `top`/`skip` and answer `hasMoreResults` beside the items."""
        return self.page_size is not None

    @property
    def more_field(self) -> str | None:
        return MORE_FIELD if self.paged else None

    @property
    def input_location(self) -> Literal["query", "body"]:
        return "query" if self.method == "GET" else "body"

    @cached_property
    def _models(self) -> Any:
        return importlib.import_module(self.module)

    @cached_property
    def inputs(self) -> type[Inputs]:
        return self._models.INPUTS

    @cached_property
    def item(self) -> type[Output]:
        return self._models.ITEM

    @cached_property
    def response(self) -> type[Output]:
        """The whole answer's model: the module's RESPONSE, else the list envelope of ITEM."""
        from connector.models.base import page_of

        return getattr(self._models, "RESPONSE", None) or page_of(self.item, self.items_field, self.more_field)

    def input_names(self) -> dict[str, str]:
        """Contract parameter name (the alias) -> model field name."""
        return {(f.alias or name): name for name, f in self.inputs.model_fields.items()}

    @cached_property
    def items_validator(self) -> TypeAdapter[list[Output]]:
        """Checks a list of items in one call into pydantic-core: built on the operation's first answer."""
        from pydantic import TypeAdapter

        return TypeAdapter(list[self.item])

    @cached_property
    def folded_input_names(self) -> dict[str, str]:
        """Contract parameter name folded to lower case -> the contract's spelling (query matching)."""
        return {alias.lower(): alias for alias in self.input_names()}


_SHARED_EMAIL_SUMMARY_DESCRIPTION = (
    "This action gets additional sales insights that will be shown in C4S email summary experience inside "
    "outlook summary. The action enhances the existing skills of copilot for sales."
)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        key="record_summary",
        method="GET",
        route="enhanceskills/activities",
        operation_id="scp-get-related-activities",
        summary="Enrich CRM record summary",
        description=(
            "This action gets additional sales insights related to a CRM record that will be shown in the C4S "
            "record summary card. The action enhances the existing skills of copilot for sales."
        ),
        module="connector.models.record_summary",
    ),
    Operation(
        key="record_details",
        method="GET",
        route="enhanceskills/related-records",
        operation_id="scp-get-related-records",
        summary="Enrich CRM record details",
        description=(
            "This action gets records related to a CRM record. The action enhances the existing skills of "
            "Copilot for Sales."
        ),
        module="connector.models.record_details",
    ),
    Operation(
        key="key_sales_info",
        method="GET",
        route="enhanceskills/sales-highlights",
        operation_id="scp-get-sales-highlights",
        summary="Enrich key sales info",
        description=(
            "This action gets additional sales insights that will be shown in C4S key sales info card in outlook "
            "sidecar. The action enhances the existing skills of copilot for sales."
        ),
        module="connector.models.key_sales_info",
    ),
    Operation(
        key="email_summary_v1",
        method="GET",
        route="enhanceskills/email-insights",
        operation_id="scp-get-email-insights",
        summary="Enrich email summary (version 1)",
        description=_SHARED_EMAIL_SUMMARY_DESCRIPTION,
        module="connector.models.email_summary_v1",
    ),
    Operation(
        key="email_summary_v2",
        method="POST",
        route="enhanceskills/email-insights-v2",
        operation_id="scp-get-email-insights-v2",
        summary="Enrich email summary",
        description=_SHARED_EMAIL_SUMMARY_DESCRIPTION,
        module="connector.models.email_summary_v2",
    ),
    Operation(
        key="email_draft",
        method="POST",
        route="enhanceskills/content-suggestions",
        operation_id="scp-get-content-suggestions",
        summary="Enrich email draft with file links",
        description=(
            "This action gets files relevant to the email conversation, which will be shown in C4S email drafts "
            "in Outlook. The action enhances the existing skills of copilot for sales."
        ),
        module="connector.models.email_draft",
    ),
    Operation(
        key="key_stakeholders",
        method="GET",
        route="enhanceskills/key-stakeholders",
        operation_id="scp-get-key-stakeholders",
        summary="Chat about key stakeholders",
        description=(
            "This action gets the key decision makers and key stakeholders of a CRM account, given the name of "
            "the account."
        ),
        module="connector.models.key_stakeholders",
        items_field="adaptiveCards",
        page_size=None,
    ),
)

# --- the Sales agent's chat: operations outside the Power Platform definition ----------------
# The chat's tools (connector/tools/agent) take flat inputs a model fills from a conversation. These
# two routes serve what the contract's operations cannot: a record id from a name the seller typed,
# and content suggestions without the nested `resourceData`. They share the pipeline, and are never
# in the connector definition, whose contract stays exactly Microsoft's.

RECORD_LOOKUP = Operation(
    key="record_lookup",
    method="GET",
    route="enhanceskills/record-lookup",
    operation_id="find-crm-records",
    summary="Find CRM records by name",
    description=(
        "This action finds CRM records of a type whose name contains the given text, with the identifier "
        "the record's insights need."
    ),
    module="connector.models.record_lookup",
)
CONTENT_SUGGESTIONS_TEXT = Operation(
    key="email_draft_text",
    method="POST",
    route="enhanceskills/content-suggestions-text",
    operation_id="suggest-content-for-text",
    summary="Suggest files for an email's text",
    description=(
        "This action gets files relevant to an email's subject and text, as the email draft's file links do, "
        "from plain fields."
    ),
    module="connector.models.email_draft_text",
)
# Served beside OPERATIONS, never in the connector definition.
CHAT_OPERATIONS: tuple[Operation, ...] = (RECORD_LOOKUP, CONTENT_SUGGESTIONS_TEXT)
# What the back-end source forwards: the contract's operations and the lookup (the flat content
# suggestions reach the source as email_draft).
FORWARDED_OPERATIONS: tuple[Operation, ...] = (*OPERATIONS, RECORD_LOOKUP)

OPERATIONS_BY_KEY: dict[str, Operation] = {op.key: op for op in (*OPERATIONS, *CHAT_OPERATIONS)}


def operation(key: str) -> Operation:
    return OPERATIONS_BY_KEY[key]
