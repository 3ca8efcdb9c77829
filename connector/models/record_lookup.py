"""The Sales agent's record lookup models: `GET enhanceskills/record-lookup` (outside the definition)."""

from __future__ import annotations

from pydantic import Field, field_validator

from connector.models.base import Inputs, Output
from connector.values import HttpUrl, RecordType, ShownText, Skip, Top, refused


class RecordLookupQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="The type of CRM record to look for, such as account, contact, opportunity or lead.",
    )
    name: str = Field(
        min_length=1,
        max_length=256,
        title="Name",
        description="The record's name, or a part of it, as the seller wrote it.",
    )
    top: Top = Field(None, description="The number of matching records to fetch.")
    skip: Skip = Field(None, description="The number of matching records to skip.")

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise refused("detail.not_empty")
        return value


class RecordMatch(Output):
    recordId: ShownText = Field(
        description="The record's unique identifier: give it, with the record type, to the record's insights.",
    )
    recordType: ShownText = Field(description="The record's type in CRM.")
    recordTypeDisplayName: ShownText = Field(description="The display name of the record's type.")
    recordTitle: ShownText = Field(description="The record's display name.")
    url: HttpUrl | None = Field(None, description="The link that opens the record in the partner's app.")


INPUTS = RecordLookupQuery
ITEM = RecordMatch
