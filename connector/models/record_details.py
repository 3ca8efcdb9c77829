"""The record details operation's models: `GET enhanceskills/related-records`."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs, Output
from connector.values import CrmOrgUrl, CrmType, HttpUrl, Identifier, Properties, RecordType, ShownText, Skip, Top


class RecordDetailsQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="This input identifies the record type in CRM for which related records are requested.",
    )
    recordId: Identifier = Field(
        title="Record ID",
        description="This input provides the unique identifier of the CRM record for which related records are requested.",
    )
    top: Top = Field(None, description="This input indicates the number of related records to fetch.")
    skip: Skip = Field(
        None,
        description="This input indicates the number of records to skip when fetching related records.",
    )
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM the related records are fetched from.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment the related records are fetched from.",
    )


class RelatedRecord(Output):
    recordId: ShownText = Field(
        title="Record ID",
        description="This output uniquely identifies each related record returned by the action.",
    )
    recordTypeDisplayName: ShownText = Field(
        title="Record type display name",
        description="This output indicates the display name of record type of each related record returned by the action.",
    )
    recordTypePluralDisplayName: ShownText = Field(
        title="Record type plural display name",
        description="This output indicates the plural display name of the record type of each related record returned by the action.",
    )
    recordType: ShownText = Field(
        title="Record type", description="This output indicates the type of each related record returned by the action."
    )
    recordTitle: ShownText = Field(
        title="Record title",
        description="This output indicates the title of each related record returned by the action.",
    )
    url: HttpUrl | None = Field(
        None, title="URL", description="This output indicates the URL of each related record returned by the action."
    )
    additionalProperties: Properties | None = Field(
        None,
        title="Additional properties",
        description="This output indicates additional properties as name-value pairs of each related record returned by the action.",
    )


INPUTS = RecordDetailsQuery
ITEM = RelatedRecord
