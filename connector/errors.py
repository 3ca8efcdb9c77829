"""Every failure the connector answers with, as an `ApiError` body and its HTTP status.

`ERROR_STATUS` is the one table of error codes: the pipeline maps exceptions through it and the
OpenAPI definition declares its statuses from it. The connector's own messages are `Message`s from
`connector.messages`, written in the caller's language when the answer is sent.
"""

from __future__ import annotations

from collections.abc import Mapping

from connector.messages import DEFAULT_LANGUAGE, Message, message, render, render_all, spoken

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
    "REQUEST_TIMEOUT": 408,
    "REQUEST_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "BACKEND_ERROR": 502,
    "BACKEND_TIMEOUT": 504,
}


class ConnectorError(Exception):
    """A failure to answer with `ApiError`. The message is shown to the caller: no internals in it.

    `message` is a `Message` of the connector's catalogues (shown in the caller's language), or a
    source's own text, written in `language` (English unless said otherwise: a source that writes
    its message in the caller's language passes `language=context.language`).
    """

    def __init__(
        self,
        error_code: str,
        message: str | Message,
        *,
        details: Mapping[str, str | Message] | None = None,
        headers: Mapping[str, str] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        if error_code not in ERROR_STATUS:
            raise ValueError(f"unknown error code {error_code!r}; add it to ERROR_STATUS")
        super().__init__(str(message))
        self.error_code = error_code
        self.text = message
        self.details = dict(details) if details else None
        self.headers = dict(headers) if headers else {}
        self.language = language

    @property
    def status(self) -> int:
        return ERROR_STATUS[self.error_code]

    @property
    def message(self) -> str:
        """The message in English (or as the source wrote it)."""
        return render(self.text, DEFAULT_LANGUAGE)

    def language_for(self, negotiated: str) -> str:
        """The language the answer is written in: the caller's, when the catalogues speak it."""
        return spoken(negotiated) if isinstance(self.text, Message) else self.language

    def message_in(self, language: str) -> str:
        return render(self.text, language)

    def details_in(self, language: str) -> dict[str, str] | None:
        return render_all(self.details, language) if self.details else None


def invalid_request(details: Mapping[str, Message]) -> ConnectorError:
    return ConnectorError("INVALID_REQUEST", message("error.invalid_request", names=tuple(details)), details=details)


def late_request() -> ConnectorError:
    """The call's budget was spent before the source could work on it (a slow upload): the caller's doing."""
    return ConnectorError("REQUEST_TIMEOUT", message("error.request_timeout"))


def record_not_found(record_type: str, record_id: str) -> ConnectorError:
    return ConnectorError(
        "RECORD_NOT_FOUND", message("error.record_not_found", record_type=record_type, record_id=record_id)
    )


def no_record_lookup() -> ConnectorError:
    """The data source cannot look records up by name (an optional capability, for the Sales agent's chat)."""
    return ConnectorError("NOT_FOUND", message("error.no_record_lookup"))
