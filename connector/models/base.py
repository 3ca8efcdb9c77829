"""The bases of every contract model, and the list envelope built from an operation's item model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model


class Inputs(BaseModel):
    """Base of every input model: unknown inputs are ignored, aliases are the contract's names."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True, defer_build=True)


class Output(BaseModel):
    """Base of every output model: what a source adds beyond the contract is not sent.

    An item a source built as a model is validated again before it is served, so that the outgoing
    text rule (`connector.values.OUTGOING`) holds for it as for a dict. Strict: an item is what the contract
    says or it is dropped (no number read as a date or as text); the types in `connector.values` say where
    text is read, e.g. an ISO date-time.
    """

    model_config = ConfigDict(
        extra="ignore", populate_by_name=True, defer_build=True, revalidate_instances="always", strict=True
    )


def page_of(item: type[Output], items_field: str, more_field: str | None) -> type[Output]:
    """The list envelope of an operation: its items (`value`) and, when it pages, `hasMoreResults`."""
    fields: dict = {items_field: (list[item], Field(title="Items", description="The items of this page."))}
    if more_field:
        fields[more_field] = (
            bool,
            Field(False, title="Has more results", description="True when more items follow this page."),
        )
    return create_model(f"{item.__name__}List", __base__=Output, **fields)
