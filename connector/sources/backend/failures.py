"""What each way a back-end call can fail answers to the caller.

Every failure becomes a `ConnectorError` with a message of our own: nothing the back end says (its
body, its host, its stack traces) reaches the caller. The details go to the log for the operator.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from connector import header_names
from connector.errors import ConnectorError, ErrorCode
from connector.messages import message
from connector.sources.backend.masking import NOTHING_SENT, Sent

MAX_RETRY_AFTER_SECONDS = 86_400
_DELTA_SECONDS = re.compile(r"[0-9]{1,6}")
# IMF-fixdate, the HTTP date a server must send; English names, as HTTP spells them whatever the locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HTTP_DATE = re.compile(
    rf"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{{2}}) ({'|'.join(_MONTHS)}) ([0-9]{{4}}) ([0-9]{{2}}):([0-9]{{2}}):([0-9]{{2}}) GMT"
)

_BY_STATUS = {
    401: (ErrorCode.INVALID_TOKEN_SPECIFIED, "error.backend_credentials"),
    403: (ErrorCode.INSUFFICIENT_PERMISSIONS, "error.backend_permission"),
    404: (ErrorCode.RECORD_NOT_FOUND, "error.backend_not_found"),
    429: (ErrorCode.REQUEST_THROTTLED, "error.backend_throttled"),
}


def timed_out() -> ConnectorError:
    return ErrorCode.BACKEND_TIMEOUT.error(message("error.backend_timeout"))


def unreachable() -> ConnectorError:
    return ErrorCode.BACKEND_ERROR.error(message("error.backend_unreachable"))


def bad_answer(reason: str, **params: object) -> ConnectorError:
    """`reason` names one of our messages (`not_json` is `error.backend_not_json`), never text from the back end."""
    return ErrorCode.BACKEND_ERROR.error(message(f"error.backend_{reason}", **params))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> str | None:
    """`Retry-After` rebuilt as delta-seconds, never copied: the back end's text does not reach the caller.

    Accepted: delta-seconds, or an HTTP date (IMF-fixdate, e.g. `Wed, 21 Oct 2026 07:28:00 GMT`), at
    most a day ahead (a date just past means now). Anything else is dropped.
    """
    value = (value or "").strip()
    if _DELTA_SECONDS.fullmatch(value):
        seconds = int(value)
    elif date := _HTTP_DATE.fullmatch(value):
        day, month, year, hour, minute, second = date.groups()
        try:
            when = datetime(
                int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second), tzinfo=UTC
            )
        except ValueError:  # e.g. 31 Feb
            return None
        seconds = math.ceil((when - (now or datetime.now(UTC))).total_seconds())
        if seconds < -MAX_RETRY_AFTER_SECONDS:
            return None  # a date long past is a broken clock, not advice
        seconds = max(0, seconds)
    else:
        return None
    return str(seconds) if seconds <= MAX_RETRY_AFTER_SECONDS else None


def _error_code_in(body: bytes) -> str | None:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return document.get("errorCode") if isinstance(document, dict) else None


def refuses_connector(status: int, bearer_forwarded: bool) -> bool:
    """A 401 or 403 is about the connector's own credentials when no caller's token was passed on."""
    return status in (401, 403) and not bearer_forwarded


def for_status(status: int, headers: Mapping[str, str], body: bytes, bearer_forwarded: bool = True) -> ConnectorError:
    """The error for a back-end answer that is not a success."""
    if refuses_connector(status, bearer_forwarded):
        # The caller's credentials never reached the service, so they cannot be at fault: a 502.
        return ErrorCode.BACKEND_ERROR.error(message("error.backend_own_credentials"))
    if status in _BY_STATUS:
        code, key = _BY_STATUS[status]
        retry_after = retry_after_seconds(headers.get(header_names.RETRY_AFTER)) if status == 429 else None
        return code.error(message(key), headers={header_names.RETRY_AFTER: retry_after} if retry_after else None)
    if status == 400 and _error_code_in(body) == ErrorCode.INVALID_CRM_CONNECTION:
        # Only the back end knows which CRM the user is connected to.
        return ErrorCode.INVALID_CRM_CONNECTION.error(message("error.backend_other_crm"))
    if 300 <= status < 400:
        # Redirects are never followed: the target host comes from settings only.
        return bad_answer("redirect")
    # Any other 4xx means the connector and the back end disagree on the API: not the caller's fault.
    return bad_answer("failure", status=status)


MAX_LOGGED_BODY = 300  # characters of a service's error body kept in the log


def body_excerpt(body: bytes, sent: Sent = NOTHING_SENT) -> str:
    """A service's error body for the log: the start only, masked (see `masking`), cut to MAX_LOGGED_BODY characters."""
    text = sent.mask(body[: MAX_LOGGED_BODY * 4].decode("utf-8", errors="replace")).strip()
    if not text:
        return "(empty)"
    return repr(
        text[:MAX_LOGGED_BODY] + ("…" if len(text) > MAX_LOGGED_BODY or len(body) > MAX_LOGGED_BODY * 4 else "")
    )
