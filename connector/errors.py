"""Every failure the connector answers with, as an `ApiError` body and its HTTP status.

`ErrorCode` is the one, closed table of error codes, each with its status: the pipeline answers
with it, the local host takes its statuses from it and the OpenAPI definition declares them from it.
A wrong code is an `AttributeError` at import and a type checker's error, never a string found wrong
at run time. Each code has one constructor, `ErrorCode.X.error(text)`; the helpers below name the
connector's own messages. The messages are `Message`s from `connector.messages`, written in the
caller's language when the answer is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum, auto
from http import HTTPStatus

from connector.language import DEFAULT_LANGUAGE
from connector.messages import Message, message, render, spoken

# Where a refused value was: `("resourceData", "to", 0)`, as pydantic names it. It stays a tuple until
# the answer writes it (`resourceData.to[0]`); logs and telemetry reduce it to the contract's names.
Location = tuple[str | int, ...]


def location_text(location: Location | str) -> str:
    """`resourceData.to[0]`: a location as the answer's `details` names it (the body itself: `body`)."""
    if isinstance(location, str):  # a partner's source may name a parameter itself
        return location
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


class ErrorCode(StrEnum):
    """An `errorCode` and the HTTP status it is answered with."""

    status: HTTPStatus

    def __new__(cls, code: str, status: HTTPStatus) -> ErrorCode:
        member = str.__new__(cls, code)
        member._value_ = code
        member.status = status
        return member

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list) -> str:
        return name  # the code is the member's name, written once

    # documented by Copilot for Sales
    INVALID_CRM_CONNECTION = auto(), HTTPStatus.BAD_REQUEST
    INVALID_TOKEN_SPECIFIED = auto(), HTTPStatus.UNAUTHORIZED
    INSUFFICIENT_PERMISSIONS = auto(), HTTPStatus.FORBIDDEN
    RECORD_NOT_FOUND = auto(), HTTPStatus.NOT_FOUND
    REQUEST_THROTTLED = auto(), HTTPStatus.TOO_MANY_REQUESTS
    INTERNAL_SERVER_ERROR = auto(), HTTPStatus.INTERNAL_SERVER_ERROR
    # this project's own (the documented codes have none for these cases)
    INVALID_REQUEST = auto(), HTTPStatus.BAD_REQUEST
    NOT_FOUND = auto(), HTTPStatus.NOT_FOUND
    METHOD_NOT_ALLOWED = auto(), HTTPStatus.METHOD_NOT_ALLOWED
    REQUEST_TIMEOUT = auto(), HTTPStatus.REQUEST_TIMEOUT
    REQUEST_TOO_LARGE = auto(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    UNSUPPORTED_MEDIA_TYPE = auto(), HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    BACKEND_ERROR = auto(), HTTPStatus.BAD_GATEWAY
    BACKEND_TIMEOUT = auto(), HTTPStatus.GATEWAY_TIMEOUT

    def error(
        self,
        text: str | Message,
        *,
        details: Mapping[Location | str, str | Message] | None = None,
        headers: Mapping[str, str] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> ConnectorError:
        """The failure with this code: the one constructor of each code."""
        return ConnectorError(self, text, details=details, headers=headers, language=language)


class ConnectorError(Exception):
    """A failure to answer with `ApiError`. The message is shown to the caller: no internals in it.

    `message` is a `Message` of the connector's catalogues (shown in the caller's language), or a
    source's own text, written in `language` (English unless said otherwise: a source that writes
    its message in the caller's language passes `language=context.language`). A partner's source may
    name its code as text (`"REQUEST_THROTTLED"`): a code not in `ErrorCode` is refused here.
    """

    def __init__(
        self,
        error_code: ErrorCode | str,
        message: str | Message,
        *,
        details: Mapping[Location | str, str | Message] | None = None,
        headers: Mapping[str, str] | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        if error_code not in ErrorCode.__members__:
            raise ValueError(f"unknown error code {error_code!r}; add it to ErrorCode")
        super().__init__(str(message))
        self.error_code = ErrorCode(error_code)
        self.text = message
        self.details = dict(details) if details else None
        self.headers = dict(headers) if headers else {}
        self.language = language

    @property
    def status(self) -> int:
        return int(self.error_code.status)

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
        """Each refused parameter's reason in `language`, under its location as text (the first reason
        for a location two spellings name alike)."""
        if not self.details:
            return None
        written: dict[str, str] = {}
        for location, reason in self.details.items():
            written.setdefault(location_text(location), render(reason, language))
        return written


def invalid_request(details: Mapping[Location, Message]) -> ConnectorError:
    """The caller's input was refused: `details` gives each refused parameter's location and why."""
    names = tuple(dict.fromkeys(location_text(location) for location in details))
    return ErrorCode.INVALID_REQUEST.error(message("error.invalid_request", names=names), details=details)


def late_request() -> ConnectorError:
    """The call's budget was spent before the source could work on it (a slow upload): the caller's doing."""
    return ErrorCode.REQUEST_TIMEOUT.error(message("error.request_timeout"))


def record_not_found(record_type: str, record_id: str) -> ConnectorError:
    return ErrorCode.RECORD_NOT_FOUND.error(
        message("error.record_not_found", record_type=record_type, record_id=record_id)
    )


def request_too_large(max_bytes: int) -> ConnectorError:
    return ErrorCode.REQUEST_TOO_LARGE.error(message("error.request_too_large", max_bytes=max_bytes))


def internal_error() -> ConnectorError:
    """What a caller is told when something unexpected failed: the details go to telemetry only."""
    return ErrorCode.INTERNAL_SERVER_ERROR.error(message("error.internal"))


def no_record_lookup() -> ConnectorError:
    """The data source cannot look records up by name (an optional capability, for the Sales agent's chat)."""
    return ErrorCode.NOT_FOUND.error(message("error.no_record_lookup"))
