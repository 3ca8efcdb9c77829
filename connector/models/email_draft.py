"""The email draft operation's models: `POST enhanceskills/content-suggestions`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from connector.models.base import Inputs, Output
from connector.models.email_thread import RESOURCE_DATA_DESCRIPTION, ResourceData
from connector.values import (
    CrmOrgUrl,
    CrmType,
    HttpUrl,
    Identifier,
    LongText,
    Properties,
    RecordType,
    ShownText,
    Skip,
    Top,
)


class ContentSuggestionsBody(Inputs):
    resourceData: ResourceData = Field(title="Resource data", description=RESOURCE_DATA_DESCRIPTION)
    resourceType: Identifier = Field(
        title="Resource type",
        description="This input identifies the type of resource shared for fetching suggested file links which in this case is 'email-thread'.",
    )
    recordType: RecordType | None = Field(
        None,
        title="Record type",
        description="This input identifies the record type in CRM, which is related to the email thread.",
    )
    recordId: Identifier | None = Field(
        None,
        title="Record ID",
        description="This input provides the unique identifier of the CRM record that is related to the email thread.",
    )
    crmType: CrmType = Field(
        None,
        description="This input indicates the type of CRM in which the record related to the email thread exists.",
    )
    crmOrgUrl: CrmOrgUrl = Field(
        None,
        description="This input indicates the URL of the CRM environment in which the record related to the email thread exists.",
    )
    inputPrompt: LongText | None = Field(
        None,
        title="Input prompt",
        description="This input indicates the prompt provided by the user while drafting an email.",
    )
    top: Top = Field(None, description="This input indicates the number of file links to fetch.")
    skip: Skip = Field(
        None,
        description="This input indicates the number of items to skip when fetching suggested file links.",
    )


ContentType = Literal["content-file", "content-web", "content-doc", "content-pdf", "content-pptx", "content-xlsx"]


class ContentSuggestion(Output):
    contentType: ContentType = Field(
        title="Content type", description="This output indicates the type of content included with the email draft."
    )
    content: ShownText = Field(
        title="Content",
        description="This output indicates the actual content that is included with the email draft. It can either be a web page or a URL.",
    )
    contentTitle: ShownText = Field(
        title="Content title", description="This output indicates the title of the content."
    )
    contentDescription: ShownText = Field(
        title="Content description",
        description="This output indicates the text to be included when describing the files.",
    )
    contentIconUrl: HttpUrl | None = Field(
        None, title="Content icon URL", description="This output indicates the icon to be included for the content."
    )
    additionalProperties: Properties | None = Field(
        None,
        title="Additional properties",
        description="This output indicates additional properties as name-value pairs of each related link returned by the action.",
    )


INPUTS = ContentSuggestionsBody
ITEM = ContentSuggestion
