"""The record summary operation's models: `GET enhanceskills/activities`."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, ValidationInfo, field_validator

from connector.models.base import Inputs, Output
from connector.values import (
    CrmOrgUrl,
    CrmType,
    HttpUrl,
    Identifier,
    InputDateTime,
    OutputDateTime,
    Properties,
    RecordType,
    ShownText,
    Skip,
    Top,
    refused,
)


class RecordSummaryQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="This input indicates the entity or object type in CRM for which insights are requested.",
    )
    recordId: Identifier = Field(
        title="Record ID",
        description="This input indicates the unique identifier of the CRM record for which insights are requested.",
    )
    startDateTime: InputDateTime | None = Field(
        None,
        title="Start date and time",
        description="This input indicates the start date and time for insights requested.",
    )
    endDateTime: InputDateTime | None = Field(
        None,
        title="End date and time",
        description="This input indicates the end date and time for insights requested.",
    )
    top: Top = Field(None, description="This input indicates the number of insights to fetch.")
    skip: Skip = Field(None, description="This input indicates the number of insights to skip.")
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM in which the CRM record exists, for which insights are requested.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment in which the CRM record exists, for which insights are requested.",
    )

    @field_validator("endDateTime")
    @classmethod
    def _not_before_start(cls, end: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("startDateTime")
        if start and end and start > end:
            raise refused("detail.not_before_start")
        return end


class Activity(Output):
    title: ShownText = Field(
        title="Title", description="This output indicates the title of the activity in the citation card."
    )
    description: ShownText = Field(
        title="Description", description="This output indicates the description of the insight."
    )
    dateTime: OutputDateTime = Field(
        title="Date and time", description="This output indicates the time associated with the insight."
    )
    url: HttpUrl | None = Field(None, title="URL", description="This output indicates the URL to open insight.")
    additionalProperties: Properties | None = Field(
        None,
        title="Additional properties",
        description="This output indicates additional properties displayed in the detailed view of the insight.",
    )


INPUTS = RecordSummaryQuery
ITEM = Activity
