"""The email summary operation's models, version 2: `POST enhanceskills/email-insights-v2`."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs, Output
from connector.models.email_thread import RESOURCE_DATA_DESCRIPTION, RelatedEntity, ResourceData
from connector.values import MAX_RELATED_ENTITIES, CrmOrgUrl, CrmType, ShownText, Skip, Top


class EmailSummaryBody(Inputs):
    resourceData: ResourceData = Field(title="Resource data", description=RESOURCE_DATA_DESCRIPTION)
    relatedEntities: list[RelatedEntity] | None = Field(
        None,
        max_length=MAX_RELATED_ENTITIES,
        title="Related entities",
        description="This input identifies the array of CRM records, which is related to the email thread.",
    )
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM in which the record related to the email thread exists.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment in which the record related to the email thread exists.",
    )
    top: Top = Field(None, description="This input indicates the number of file links to fetch.")
    skip: Skip = Field(
        None,
        description="This input indicates the number of items to skip when fetching suggested file links.",
    )


class EmailInsightV2(Output):
    insight: ShownText = Field(
        title="Insight",
        description="This output indicates the text you would like to be included in the email summary.",
    )


INPUTS = EmailSummaryBody
ITEM = EmailInsightV2
