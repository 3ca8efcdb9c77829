"""What a data source is: one method per operation key, answering items for validated inputs.

Paging has one rule, so a page is never cut twice. A source either pages an operation itself or
leaves it to the pipeline, and says which:
- it returns a `Page` (the items of the page `top`/`skip` asked for, and whether more follow), or
- it names the operation in `paged_operations` and returns that page's items as a plain list;
- otherwise it returns every item from the first one, and the pipeline applies `skip` and `top` and
  computes `hasMoreResults`.
Items may be output models or plain dicts; the pipeline validates each against the contract and
drops any that would break the schema. A source signals a documented failure by raising
`ConnectorError` (e.g. `record_not_found`). docs/source.md is the guide.
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
    """A page the source cut itself: the items `top`/`skip` asked for, and whether more follow."""

    items: Sequence[Any]
    has_more: bool


Items = Sequence[Any] | Page


def paged_result(source: object, operation_key: str, result: Items) -> Items:
    """The source's answer with its paging made explicit: a `Page` when the source paged it.

    A plain list from an operation the source declares in `paged_operations` is already the page
    `top`/`skip` asked for; without a `hasMoreResults` of its own, none is claimed.
    """
    if isinstance(result, Page) or operation_key not in getattr(source, "paged_operations", ()):
        return result
    return Page(list(result), has_more=False)


class Source(Protocol):
    name: str
    # Optional: the operation keys whose methods return the page already cut by `top`/`skip`.
    # paged_operations: Collection[str]

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Items: ...
    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> Items: ...
    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> Items: ...
    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> Items: ...
    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> Items: ...
    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> Items: ...
    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> Items: ...
