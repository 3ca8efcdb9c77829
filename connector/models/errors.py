"""The error body every operation answers a failure with."""

from __future__ import annotations

from pydantic import Field

from connector.models.base import Output


class ApiError(Output):
    errorCode: str = Field(title="Error code", min_length=1, description="A code that names the kind of failure.")
    errorMessage: str | None = Field(None, title="Error message", description="What went wrong, for a person to read.")
    activityId: str | None = Field(
        None, title="Activity ID", description="The x-ms-client-request-id of the call, to find it in telemetry."
    )
    details: dict[str, str] | None = Field(
        None, title="Details", description="For invalid input, each offending parameter and why it was refused."
    )
