"""What a data source is: one method per operation key, answering items for validated inputs.

A method returns the items in order from the first one (the pipeline applies `skip`/`top` and
computes `hasMoreResults`), or a `Page` when the source has already cut the page itself (a back end
that pages). Items may be output models or plain dicts; the pipeline validates each against the
contract and drops any that would break the schema. A source signals a documented failure by
raising `ConnectorError` (e.g. `record_not_found`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from connector.context import RequestContext
from connector.contract import (
    ContentSuggestionsBody,
    EmailSummaryBody,
    EmailSummaryQuery,
    KeySalesInfoQuery,
    KeyStakeholdersQuery,
    RecordDetailsQuery,
    RecordSummaryQuery,
)


class Page(NamedTuple):
    items: Sequence[Any]
    has_more: bool


Items = Sequence[Any] | Page


class Source(Protocol):
    name: str

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Items: ...
    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> Items: ...
    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> Items: ...
    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> Items: ...
    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> Items: ...
    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> Items: ...
    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> Items: ...
