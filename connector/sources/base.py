"""What a data source is: one method per contract operation, named by its key, answering items.

`Source` below writes each method out: `record_summary(inputs, context)` takes that operation's
validated input model and the request context. An app is only built around
a source that has every method: `missing_operations` names the absent ones.

Paging has one rule, so a page is never cut twice. A source either pages an operation itself or
leaves it to the pipeline, and says which:
- it returns a `Page` (the items of the page `top`/`skip` asked for, and whether more follow), or
- it names the operation in `paged_operations` and returns that page's items as a plain list;
- otherwise it returns every item from the first one, and the pipeline applies `skip` and `top` and
  computes `hasMoreResults`.
Items may be output models or plain dicts; the pipeline validates each against the contract and
drops any that would break the schema. A source signals a documented failure by raising
`ConnectorError` (e.g. `record_not_found`). A source that holds resources (a connection pool) has a
`close()` method. docs/source.md is the guide.

One method is optional: `record_lookup(inputs, context)` (the contract's `RECORD_LOOKUP`) finds
records by name for the Sales agent's chat. A source without it is still complete; the lookup then
answers `NOT_FOUND`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from connector.contract import OPERATIONS
from connector.startup import StartupError

if TYPE_CHECKING:  # annotations only: indexing the app imports no model nor the request context
    from connector.context import RequestContext
    from connector.models.email_draft import ContentSuggestionsBody
    from connector.models.email_summary_v1 import EmailSummaryQuery
    from connector.models.email_summary_v2 import EmailSummaryBody
    from connector.models.key_sales_info import KeySalesInfoQuery
    from connector.models.key_stakeholders import KeyStakeholdersQuery
    from connector.models.record_details import RecordDetailsQuery
    from connector.models.record_summary import RecordSummaryQuery


class Page(NamedTuple):
    """A page the source cut itself: the items `top`/`skip` asked for, and whether more follow."""

    items: Sequence[Any]
    has_more: bool


Items = Sequence[Any] | Page
# A source's method for one operation, as the pipeline calls it: (validated inputs, context) -> items.
Fetch = Callable[[Any, "RequestContext"], Items]


def paged_result(source: object, operation_key: str, result: Items) -> Items:
    """The source's answer with its paging made explicit: a `Page` when the source paged it.

    A plain list from an operation the source declares in `paged_operations` is already the page
    `top`/`skip` asked for; without a `hasMoreResults` of its own, none is claimed.
    """
    if isinstance(result, Page) or operation_key not in getattr(source, "paged_operations", ()):
        return result
    return Page(list(result), has_more=False)


@runtime_checkable
class Source(Protocol):
    """A data source: one method per contract operation (see the module's docstring).

    Optional beside the methods: `paged_operations`, the operation keys whose methods return the page
    already cut by `top`/`skip`, and `close()`. `tests/test_source_classes.py` holds this class, the
    sample source and the back-end source to `OPERATIONS`: every operation, no other, one signature.
    """

    def record_summary(self, inputs: RecordSummaryQuery, context: RequestContext) -> Items:
        """Enrich CRM record summary: the activities of a CRM record."""

    def record_details(self, inputs: RecordDetailsQuery, context: RequestContext) -> Items:
        """Enrich CRM record details: the records related to a CRM record."""

    def key_sales_info(self, inputs: KeySalesInfoQuery, context: RequestContext) -> Items:
        """Enrich key sales info: the sales highlights of a CRM record."""

    def email_summary_v1(self, inputs: EmailSummaryQuery, context: RequestContext) -> Items:
        """Enrich email summary (version 1): insights on an email, asked by query."""

    def email_summary_v2(self, inputs: EmailSummaryBody, context: RequestContext) -> Items:
        """Enrich email summary: insights on an email, asked with its body."""

    def email_draft(self, inputs: ContentSuggestionsBody, context: RequestContext) -> Items:
        """Enrich email draft with file links: files relevant to the email conversation."""

    def key_stakeholders(self, inputs: KeyStakeholdersQuery, context: RequestContext) -> Items:
        """Chat about key stakeholders: the decision makers of a CRM account, as adaptive cards."""


def missing_operations(source: object) -> list[str]:
    """The operation keys `source` has no callable method for, in contract order."""
    return [op.key for op in OPERATIONS if not callable(getattr(source, op.key, None))]


def check_source(source: object) -> None:
    """Raise `StartupError` naming every method a source lacks."""
    missing = missing_operations(source)
    if missing:
        raise StartupError(
            f"data source {type(source).__module__}.{type(source).__qualname__} lacks "
            f"{', '.join(f'{key}(inputs, context)' for key in missing)}: a source has one method per operation"
        )
