"""The e-mail thread both POST operations receive (email summary v2, email draft)."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs
from connector.values import MAX_RECIPIENTS, Identifier, InputDateTime, RecordType, ShortText


class ResourceData(Inputs):
    plaintextBody: str | None = Field(
        None,
        title="Plain text body",
        description="This input provides all the content from the email thread in text format.",
    )
    fullHtmlBody: str | None = Field(
        None,
        title="HTML body",
        description="This input provides all the content from the email thread in HTML format.",
    )
    subject: str | None = Field(None, title="Subject", description="This input provides the subject of the email.")
    sender: ShortText | None = Field(
        None, alias="from", title="From", description="This input provides the sender's email address."
    )
    to: list[ShortText] | None = Field(
        None, max_length=MAX_RECIPIENTS, title="To", description="This input provides the receiver's email address."
    )
    cc: list[ShortText] | None = Field(
        None,
        max_length=MAX_RECIPIENTS,
        title="Cc",
        description="This input provides all the receiver's email addresses that are included in the Cc field of the email.",
    )
    bcc: list[ShortText] | None = Field(
        None,
        max_length=MAX_RECIPIENTS,
        title="Bcc",
        description="This input provides all the receiver's email addresses that are added in the Bcc field of the email.",
    )
    sentDateTime: InputDateTime | None = Field(
        None, title="Sent date and time", description="This input provides the timestamp of the email."
    )
    messageId: ShortText | None = Field(
        None, title="Message ID", description="This input provides the message ID of the email."
    )
    conversationId: ShortText | None = Field(
        None, title="Conversation ID", description="This input provides the conversation ID of the email thread."
    )

    @property
    def participants(self) -> list[str]:
        """The sender and every recipient (to, cc, bcc), in that order."""
        return [a for a in [self.sender, *(self.to or []), *(self.cc or []), *(self.bcc or [])] if a]


RESOURCE_DATA_DESCRIPTION = (
    "This input identifies the email content which is a collection of email thread, subject, and other details."
)


class RelatedEntity(Inputs):
    entityId: Identifier = Field(
        title="Entity ID",
        description="This input provides the unique identifier of the CRM record that is related to the email thread.",
    )
    entityType: RecordType = Field(
        title="Entity type",
        description="This input identifies the record type in CRM, which is related to the email thread.",
    )
    entitySource: ShortText | None = Field(
        None, title="Entity source", description="This input indicates the entity source type."
    )
