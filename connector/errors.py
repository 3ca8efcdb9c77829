"""Every failure the connector answers with, as an `ApiError` body and its HTTP status.

`ERROR_STATUS` is the one table of error codes: the pipeline maps exceptions through it and the
OpenAPI definition declares its statuses from it.
"""

from __future__ import annotations

from collections.abc import Mapping

ERROR_STATUS: dict[str, int] = {
    # documented by Copilot for Sales
    "INVALID_CRM_CONNECTION": 400,
    "INVALID_TOKEN_SPECIFIED": 401,
    "INSUFFICIENT_PERMISSIONS": 403,
    "RECORD_NOT_FOUND": 404,
    "REQUEST_THROTTLED": 429,
    "INTERNAL_SERVER_ERROR": 500,
    # this project's own (the documented codes have none for these cases)
    "INVALID_REQUEST": 400,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "REQUEST_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "BACKEND_ERROR": 502,
    "BACKEND_TIMEOUT": 504,
}


class ConnectorError(Exception):
    """A failure to answer with `ApiError`. The message is shown to the caller: no internals in it."""

    def __init__(
        self,
        error_code: str,
        message: str,
        *,
        details: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if error_code not in ERROR_STATUS:
            raise ValueError(f"unknown error code {error_code!r}; add it to ERROR_STATUS")
        super().__init__(message)
        self.error_code = error_code
        self.message = message
        self.details = dict(details) if details else None
        self.headers = dict(headers) if headers else {}

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.error_code]


def invalid_request(details: Mapping[str, str]) -> ConnectorError:
    names = ", ".join(details)
    return ConnectorError("INVALID_REQUEST", f"The request has invalid input: {names}.", details=details)


def record_not_found(record_type: str, record_id: str) -> ConnectorError:
    return ConnectorError("RECORD_NOT_FOUND", f"No {record_type} record with id {record_id!r} was found.")
