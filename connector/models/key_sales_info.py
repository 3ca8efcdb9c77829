"""The key sales info operation's models: `GET enhanceskills/sales-highlights`."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs, Output
from connector.values import (
    CardTitle,
    CrmOrgUrl,
    CrmType,
    HighlightText,
    HttpUrl,
    Identifier,
    OutputDateTime,
    Properties,
    RecordType,
    Skip,
    Top,
)


class KeySalesInfoQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="This input identifies the record type in CRM for which key sales info is requested.",
    )
    recordId: Identifier = Field(
        title="Record ID",
        description="This input provides the unique identifier of the CRM record for which key sales info is requested.",
    )
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM in which the CRM record exists, for which key sales info is requested.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment in which the CRM record exists, for which key sales info is requested.",
    )
    top: Top = Field(None, description="This input indicates the number of sales highlights to fetch.")
    skip: Skip = Field(
        None,
        description="This input indicates the number of items to skip when fetching sales highlights.",
    )


class SalesHighlight(Output):
    title: CardTitle = Field(
        title="Title",
        description="This output indicates the title of citation card for the insight.",
    )
    description: HighlightText = Field(
        title="Description",
        description="This output indicates the text of the insight to be included in key sales info.",
    )
    url: HttpUrl | None = Field(
        None, title="URL", description="This output indicates the URL to learn more about the insight."
    )
    dateTime: OutputDateTime | None = Field(
        None, title="Date and time", description="This output indicates the time associated with the insight."
    )
    additionalProperties: Properties | None = Field(
        None,
        title="Additional properties",
        description="This output indicates additional properties as name-value pairs of each related insight returned by the action.",
    )


INPUTS = KeySalesInfoQuery
ITEM = SalesHighlight
