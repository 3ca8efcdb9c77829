"""The email summary operation's models, version 1: `GET enhanceskills/email-insights`."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from connector.models.base import Inputs, Output
from connector.values import (
    CardTitle,
    CrmOrgUrl,
    CrmType,
    Identifier,
    LongText,
    RecordType,
    ShownText,
    Skip,
    Top,
    refused,
)

_EMAIL_SEPARATORS = re.compile(r"[,;\s]+")


class EmailSummaryQuery(Inputs):
    recordType: RecordType | None = Field(
        None,
        title="Record type",
        description="This input identifies the record type in CRM, which is related to the summarized email.",
    )
    recordId: Identifier | None = Field(
        None,
        title="Record ID",
        description="This input provides the unique identifier of the CRM record that is related to the summarized email.",
    )
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM in which the record related to the summarized email exists.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment in which the record related to the summarized email exists.",
    )
    emailContacts: LongText = Field(
        min_length=1,
        title="Email contacts",
        description="This input indicates a list of all relevant participant emails in the current email thread.",
    )
    top: Top = Field(None, alias="Top", description="This input indicates the number of insights to fetch.")
    skip: Skip = Field(
        None,
        alias="Skip",
        description="This input indicates the number of items to skip when fetching insights.",
    )

    @property
    def contacts(self) -> list[str]:
        """The participants, however the caller separated them (comma, semicolon or space)."""
        return [c for c in _EMAIL_SEPARATORS.split(self.emailContacts) if c]

    @field_validator("emailContacts")
    @classmethod
    def _has_contacts(cls, value: str) -> str:
        if not _EMAIL_SEPARATORS.sub("", value):
            raise refused("detail.email_contacts")
        return value


class EmailInsight(Output):
    title: CardTitle = Field(
        title="Title",
        description="This output indicates the title of the partner section and should include only the partner's name.",
    )
    description: ShownText = Field(
        title="Description",
        description="This output indicates the text you would like to be included in the email summary.",
    )


INPUTS = EmailSummaryQuery
ITEM = EmailInsight
