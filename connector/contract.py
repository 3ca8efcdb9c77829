"""The Copilot for Sales connector contract, stated once.

Every operation's route, method, operationId, summary, description and models live here. Function
registration, input validation, response shaping, the OpenAPI definition and the conformance checks
are all derived from `OPERATIONS`. Descriptions are interface literals copied from the contract:
Copilot for Sales picks an action, and maps its inputs and outputs, by these exact texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationInfo, create_model, field_validator

from connector.types import (
    MAX_RECIPIENTS,
    MAX_RELATED_ENTITIES,
    AdaptiveCardText,
    CrmOrgUrl,
    CrmType,
    HttpUrl,
    Identifier,
    InputDateTime,
    OutputDateTime,
    RecordType,
    ShortText,
    Skip,
    Top,
    refused,
)


class Inputs(BaseModel):
    """Base of every input model: unknown inputs are ignored, aliases are the contract's names."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True, defer_build=True)


class Output(BaseModel):
    """Base of every output model: what a source adds beyond the contract is not sent.

    Strict: an item from a source or a back end is what the contract says or it is dropped (no number read
    as a date or as text); the types in `connector.types` say where text is read, e.g. an ISO date-time.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True, strict=True)


Properties = dict[str, str]

# --- record summary -------------------------------------------------------------------------


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
    top: Top | None = Field(None, title="Top", description="This input indicates the number of insights to fetch.")
    skip: Skip | None = Field(None, title="Skip", description="This input indicates the number of insights to skip.")
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM in which the CRM record exists, for which insights are requested.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
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
    title: str = Field(
        min_length=1, title="Title", description="This output indicates the title of the activity in the citation card."
    )
    description: str = Field(
        min_length=1, title="Description", description="This output indicates the description of the insight."
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


# --- record details -------------------------------------------------------------------------


class RecordDetailsQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="This input identifies the record type in CRM for which related records are requested.",
    )
    recordId: Identifier = Field(
        title="Record ID",
        description="This input provides the unique identifier of the CRM record for which related records are requested.",
    )
    top: Top | None = Field(
        None, title="Top", description="This input indicates the number of related records to fetch."
    )
    skip: Skip | None = Field(
        None,
        title="Skip",
        description="This input indicates the number of records to skip when fetching related records.",
    )
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM the related records are fetched from.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
        description="This input indicates the URL of the CRM environment the related records are fetched from.",
    )


class RelatedRecord(Output):
    recordId: str = Field(
        min_length=1,
        title="Record ID",
        description="This output uniquely identifies each related record returned by the action.",
    )
    recordTypeDisplayName: str = Field(
        min_length=1,
        title="Record type display name",
        description="This output indicates the display name of record type of each related record returned by the action.",
    )
    recordTypePluralDisplayName: str = Field(
        min_length=1,
        title="Record type plural display name",
        description="This output indicates the plural display name of the record type of each related record returned by the action.",
    )
    recordType: str = Field(
        min_length=1,
        title="Record type",
        description="This output indicates the type of each related record returned by the action.",
    )
    recordTitle: str = Field(
        min_length=1,
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


# --- key sales info -------------------------------------------------------------------------


class KeySalesInfoQuery(Inputs):
    recordType: RecordType = Field(
        title="Record type",
        description="This input identifies the record type in CRM for which key sales info is requested.",
    )
    recordId: Identifier = Field(
        title="Record ID",
        description="This input provides the unique identifier of the CRM record for which key sales info is requested.",
    )
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM in which the CRM record exists, for which key sales info is requested.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
        description="This input indicates the URL of the CRM environment in which the CRM record exists, for which key sales info is requested.",
    )
    top: Top | None = Field(
        None, title="Top", description="This input indicates the number of sales highlights to fetch."
    )
    skip: Skip | None = Field(
        None,
        title="Skip",
        description="This input indicates the number of items to skip when fetching sales highlights.",
    )


class SalesHighlight(Output):
    title: str = Field(
        min_length=1,
        max_length=20,
        title="Title",
        description="This output indicates the title of citation card for the insight.",
    )
    description: str = Field(
        min_length=1,
        max_length=130,
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


# --- email summary, version 1 (GET) ---------------------------------------------------------

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
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM in which the record related to the summarized email exists.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
        description="This input indicates the URL of the CRM environment in which the record related to the summarized email exists.",
    )
    emailContacts: str = Field(
        min_length=1,
        max_length=8192,
        title="Email contacts",
        description="This input indicates a list of all relevant participant emails in the current email thread.",
    )
    top: Top | None = Field(
        None, alias="Top", title="Top", description="This input indicates the number of insights to fetch."
    )
    skip: Skip | None = Field(
        None,
        alias="Skip",
        title="Skip",
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
    title: str = Field(
        min_length=1,
        max_length=20,
        title="Title",
        description="This output indicates the title of the partner section and should include only the partner's name.",
    )
    description: str = Field(
        min_length=1,
        title="Description",
        description="This output indicates the text you would like to be included in the email summary.",
    )


# --- the email thread both POST operations receive ------------------------------------------


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


_RESOURCE_DATA_DESCRIPTION = (
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


# --- email summary, version 2 (POST) --------------------------------------------------------


class EmailSummaryBody(Inputs):
    resourceData: ResourceData = Field(title="Resource data", description=_RESOURCE_DATA_DESCRIPTION)
    relatedEntities: list[RelatedEntity] | None = Field(
        None,
        max_length=MAX_RELATED_ENTITIES,
        title="Related entities",
        description="This input identifies the array of CRM records, which is related to the email thread.",
    )
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM in which the record related to the email thread exists.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
        description="This input indicates the URL of the CRM environment in which the record related to the email thread exists.",
    )
    top: Top | None = Field(None, title="Top", description="This input indicates the number of file links to fetch.")
    skip: Skip | None = Field(
        None,
        title="Skip",
        description="This input indicates the number of items to skip when fetching suggested file links.",
    )


class EmailInsightV2(Output):
    insight: str = Field(
        min_length=1,
        title="Insight",
        description="This output indicates the text you would like to be included in the email summary.",
    )


# --- email draft: content suggestions (POST) ------------------------------------------------


class ContentSuggestionsBody(Inputs):
    resourceData: ResourceData = Field(title="Resource data", description=_RESOURCE_DATA_DESCRIPTION)
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
    crmType: CrmType | None = Field(
        None,
        title="CRM type",
        description="This input indicates the type of CRM in which the record related to the email thread exists.",
    )
    crmOrgUrl: CrmOrgUrl | None = Field(
        None,
        title="CRM org URL",
        description="This input indicates the URL of the CRM environment in which the record related to the email thread exists.",
    )
    inputPrompt: str | None = Field(
        None,
        max_length=8192,
        title="Input prompt",
        description="This input indicates the prompt provided by the user while drafting an email.",
    )
    top: Top | None = Field(None, title="Top", description="This input indicates the number of file links to fetch.")
    skip: Skip | None = Field(
        None,
        title="Skip",
        description="This input indicates the number of items to skip when fetching suggested file links.",
    )


ContentType = Literal["content-file", "content-web", "content-doc", "content-pdf", "content-pptx", "content-xlsx"]


class ContentSuggestion(Output):
    contentType: ContentType = Field(
        title="Content type", description="This output indicates the type of content included with the email draft."
    )
    content: str = Field(
        min_length=1,
        title="Content",
        description="This output indicates the actual content that is included with the email draft. It can either be a web page or a URL.",
    )
    contentTitle: str = Field(
        min_length=1, title="Content title", description="This output indicates the title of the content."
    )
    contentDescription: str = Field(
        min_length=1,
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


# --- sales chat: key stakeholders -----------------------------------------------------------


class KeyStakeholdersQuery(Inputs):
    accountName: str = Field(
        min_length=1,
        max_length=256,
        title="Account name",
        description="This input provides the name of the CRM account for which key stakeholders are requested.",
    )


class PreviewCardData(Output):
    title: str | None = Field(None, title="Title", description="The title of the preview card.")
    subTitle: str | None = Field(None, title="Subtitle", description="The subtitle of the preview card.")
    url: HttpUrl | None = Field(None, title="URL", description="The link the preview card opens.")


class AdaptiveCardResult(Output):
    adaptiveCard: AdaptiveCardText = Field(
        min_length=1,
        title="Adaptive Card",
        description="This output provides one key stakeholder as a serialized Adaptive Card of version 1.5.",
    )
    previewCardData: PreviewCardData | None = Field(
        None,
        title="Preview card data",
        description="This output provides the title, subtitle and link of the preview card for the key stakeholder.",
    )


class AdaptiveCardList(Output):
    adaptiveCards: list[AdaptiveCardResult] = Field(
        title="Adaptive Cards", description="The key stakeholders, one Adaptive Card each."
    )


# --- errors ---------------------------------------------------------------------------------


class ApiError(Output):
    errorCode: str = Field(min_length=1, title="Error code", description="A code that names the kind of failure.")
    errorMessage: str | None = Field(None, title="Error message", description="What went wrong, for a person to read.")
    activityId: str | None = Field(
        None, title="Activity ID", description="The x-ms-client-request-id of the call, to find it in telemetry."
    )
    details: dict[str, str] | None = Field(
        None, title="Details", description="For invalid input, each offending parameter and why it was refused."
    )


# --- the operation registry -----------------------------------------------------------------


def _page_of(item: type[Output]) -> type[Output]:
    """The list envelope every list operation answers with: `value` plus `hasMoreResults`."""
    return create_model(
        f"{item.__name__}List",
        __base__=Output,
        value=(list[item], Field(title="Items", description="The items of this page.")),
        hasMoreResults=(
            bool,
            Field(False, title="Has more results", description="True when more items follow this page."),
        ),
    )


@dataclass(frozen=True)
class Operation:
    key: str
    method: Literal["GET", "POST"]
    route: str
    operation_id: str
    summary: str
    description: str
    inputs: type[Inputs]
    item: type[Output]
    response: type[Output] = field(default=None)  # type: ignore[assignment]
    items_field: str = "value"

    def __post_init__(self) -> None:
        if self.response is None:
            object.__setattr__(self, "response", _page_of(self.item))

    @property
    def paged(self) -> bool:
        """List operations take `top`/`skip` and answer `hasMoreResults`."""
        return "top" in self.inputs.model_fields

    @property
    def input_location(self) -> Literal["query", "body"]:
        return "query" if self.method == "GET" else "body"

    def input_names(self) -> dict[str, str]:
        """Contract parameter name (the alias) -> model field name."""
        return {(f.alias or name): name for name, f in self.inputs.model_fields.items()}

    @cached_property
    def items_validator(self) -> TypeAdapter[list[Output]]:
        """Checks a list of items in one call into pydantic-core: built on the operation's first answer."""
        return TypeAdapter(list[self.item])

    @cached_property
    def folded_input_names(self) -> dict[str, str]:
        """Contract parameter name folded to lower case -> the contract's spelling (query matching)."""
        return {alias.lower(): alias for alias in self.input_names()}


_SHARED_EMAIL_SUMMARY_DESCRIPTION = (
    "This action gets additional sales insights that will be shown in C4S email summary experience inside "
    "outlook summary. The action enhances the existing skills of copilot for sales."
)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        key="record_summary",
        method="GET",
        route="enhanceskills/activities",
        operation_id="scp-get-related-activities",
        summary="Enrich CRM record summary",
        description=(
            "This action gets additional sales insights related to a CRM record that will be shown in the C4S "
            "record summary card. The action enhances the existing skills of copilot for sales."
        ),
        inputs=RecordSummaryQuery,
        item=Activity,
    ),
    Operation(
        key="record_details",
        method="GET",
        route="enhanceskills/related-records",
        operation_id="scp-get-related-records",
        summary="Enrich CRM record details",
        description=(
            "This action gets records related to a CRM record. The action enhances the existing skills of "
            "Copilot for Sales."
        ),
        inputs=RecordDetailsQuery,
        item=RelatedRecord,
    ),
    Operation(
        key="key_sales_info",
        method="GET",
        route="enhanceskills/sales-highlights",
        operation_id="scp-get-sales-highlights",
        summary="Enrich key sales info",
        description=(
            "This action gets additional sales insights that will be shown in C4S key sales info card in outlook "
            "sidecar. The action enhances the existing skills of copilot for sales."
        ),
        inputs=KeySalesInfoQuery,
        item=SalesHighlight,
    ),
    Operation(
        key="email_summary_v1",
        method="GET",
        route="enhanceskills/email-insights",
        operation_id="scp-get-email-insights",
        summary="Enrich email summary (version 1)",
        description=_SHARED_EMAIL_SUMMARY_DESCRIPTION,
        inputs=EmailSummaryQuery,
        item=EmailInsight,
    ),
    Operation(
        key="email_summary_v2",
        method="POST",
        route="enhanceskills/email-insights-v2",
        operation_id="scp-get-email-insights-v2",
        summary="Enrich email summary",
        description=_SHARED_EMAIL_SUMMARY_DESCRIPTION,
        inputs=EmailSummaryBody,
        item=EmailInsightV2,
    ),
    Operation(
        key="email_draft",
        method="POST",
        route="enhanceskills/content-suggestions",
        operation_id="scp-get-content-suggestions",
        summary="Enrich email draft with file links",
        description=(
            "This action gets files relevant to the email conversation, which will be shown in C4S email drafts "
            "in Outlook. The action enhances the existing skills of copilot for sales."
        ),
        inputs=ContentSuggestionsBody,
        item=ContentSuggestion,
    ),
    Operation(
        key="key_stakeholders",
        method="GET",
        route="enhanceskills/key-stakeholders",
        operation_id="scp-get-key-stakeholders",
        summary="Chat about key stakeholders",
        description=(
            "This action gets the key decision makers and key stakeholders of a CRM account, given the name of "
            "the account."
        ),
        inputs=KeyStakeholdersQuery,
        item=AdaptiveCardResult,
        response=AdaptiveCardList,
        items_field="adaptiveCards",
    ),
)


# --- the Sales agent's chat: operations outside the Power Platform definition ----------------
# The chat's tools (connector/tools/agent) take flat inputs a model fills from a conversation. These
# two routes serve what the contract's operations cannot: a record id from a name the seller typed,
# and content suggestions without the nested `resourceData`. They share the pipeline, and are never
# in the connector definition, whose contract stays exactly Microsoft's.


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
    top: Top | None = Field(None, title="Top", description="The number of matching records to fetch.")
    skip: Skip | None = Field(None, title="Skip", description="The number of matching records to skip.")

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise refused("detail.not_empty")
        return value


class RecordMatch(Output):
    recordId: str = Field(
        min_length=1,
        description="The record's unique identifier: give it, with the record type, to the record's insights.",
    )
    recordType: str = Field(min_length=1, description="The record's type in CRM.")
    recordTypeDisplayName: str = Field(min_length=1, description="The display name of the record's type.")
    recordTitle: str = Field(min_length=1, description="The record's display name.")
    url: HttpUrl | None = Field(None, description="The link that opens the record in the partner's app.")


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
    top: Top | None = Field(None, title="Top", description="The number of file links to fetch.")
    skip: Skip | None = Field(None, title="Skip", description="The number of file links to skip.")

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


RECORD_LOOKUP = Operation(
    key="record_lookup",
    method="GET",
    route="enhanceskills/record-lookup",
    operation_id="find-crm-records",
    summary="Find CRM records by name",
    description=(
        "This action finds CRM records of a type whose name contains the given text, with the identifier "
        "the record's insights need."
    ),
    inputs=RecordLookupQuery,
    item=RecordMatch,
)
CONTENT_SUGGESTIONS_TEXT = Operation(
    key="email_draft_text",
    method="POST",
    route="enhanceskills/content-suggestions-text",
    operation_id="suggest-content-for-text",
    summary="Suggest files for an email's text",
    description=(
        "This action gets files relevant to an email's subject and text, as the email draft's file links do, "
        "from plain fields."
    ),
    inputs=ContentSuggestionsText,
    item=ContentSuggestion,
)
# Served beside OPERATIONS, never in the connector definition.
CHAT_OPERATIONS: tuple[Operation, ...] = (RECORD_LOOKUP, CONTENT_SUGGESTIONS_TEXT)
# What the back-end source forwards: the contract's operations and the lookup (the flat content
# suggestions reach the source as email_draft).
FORWARDED_OPERATIONS: tuple[Operation, ...] = (*OPERATIONS, RECORD_LOOKUP)

OPERATIONS_BY_KEY: dict[str, Operation] = {op.key: op for op in (*OPERATIONS, *CHAT_OPERATIONS)}


def operation(key: str) -> Operation:
    return OPERATIONS_BY_KEY[key]
