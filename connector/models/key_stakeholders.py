"""The sales chat's key stakeholders operation's models: `GET enhanceskills/key-stakeholders`."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Inputs, Output
from connector.values import AdaptiveCardText, HttpUrl, Text


class KeyStakeholdersQuery(Inputs):
    accountName: str = Field(
        min_length=1,
        max_length=256,
        title="Account name",
        description="This input provides the name of the CRM account for which key stakeholders are requested.",
    )


class PreviewCardData(Output):
    title: Text | None = Field(None, title="Title", description="The title of the preview card.")
    subTitle: Text | None = Field(None, title="Subtitle", description="The subtitle of the preview card.")
    url: HttpUrl | None = Field(None, title="URL", description="The link the preview card opens.")


class AdaptiveCardResult(Output):
    adaptiveCard: AdaptiveCardText = Field(
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


INPUTS = KeyStakeholdersQuery
ITEM = AdaptiveCardResult
RESPONSE = AdaptiveCardList
