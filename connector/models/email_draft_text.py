"""The Sales agent's content suggestions from plain fields: `POST enhanceskills/content-suggestions-text`.

Outside the definition; the items are the email draft's (`ContentSuggestion`), and the request
reaches the source as the email draft's body.
"""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs
from connector.models.email_draft import ContentSuggestion, ContentSuggestionsBody
from connector.models.email_thread import ResourceData
from connector.values import Identifier, RecordType, ShortText, Skip, Top


class ContentSuggestionsText(Inputs):
    subject: ShortText | None = Field(None, title="Subject", description="The subject of the email.")
    text: str = Field(
        min_length=1,
        max_length=32768,
        title="Text",
        description="What the email says, or what the seller wants to share, in plain text.",
    )
    recordType: RecordType | None = Field(
        None, title="Record type", description="The type of the CRM record the email is about, if any."
    )
    recordId: Identifier | None = Field(
        None, title="Record ID", description="The unique identifier of the CRM record the email is about, if any."
    )
    top: Top = Field(None, description="The number of file links to fetch.")
    skip: Skip = Field(None, description="The number of file links to skip.")

    def as_contract_body(self) -> ContentSuggestionsBody:
        """The same request in the contract's form, so that it reaches the same source call."""
        return ContentSuggestionsBody(
            resourceData=ResourceData(subject=self.subject, plaintextBody=self.text),
            resourceType="email-thread",
            recordType=self.recordType,
            recordId=self.recordId,
            top=self.top,
            skip=self.skip,
        )


INPUTS = ContentSuggestionsText
ITEM = ContentSuggestion
