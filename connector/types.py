"""Value types shared by the contract models: how each kind of input is accepted and normalised.

The sources of the Copilot for Sales contract disagree on spellings (see the contract README), so
each type accepts every spelling seen in the wild and hands the code one canonical value. A value
refused is refused in the connector's own words (`refused`), never in Python's or pydantic's.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

from connector.messages import CATALOGUES, DEFAULT_LANGUAGE

INT32_MAX = 2**31 - 1
MAX_TOP = 100  # a card shows a handful; more is a misconfigured caller, not a seller
MAX_RECIPIENTS = 500  # Exchange Online's limit of recipients per message, for each of to, cc and bcc
MAX_RELATED_ENTITIES = 100

# The one text rule, for the query and the body alike: no C0 control but tab and line breaks, no
# DEL or C1 control, no Unicode line or paragraph separator (U+2028, U+2029: line breaks to a
# JavaScript or log reader), and no surrogate (in a decoded string, only ever an unpaired half).
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Single-line values (identifiers, addresses) refuse tab and line breaks too.
NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ASCII_INTEGER = re.compile(r"-?[0-9]+")
_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_LOGICAL_NAME = re.compile(r"[a-z][a-z0-9_]{0,127}")
_HOST_NAME = re.compile(r"(?=.{1,253}\Z)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
# crmOrgUrl: `http(s)://host[:port][/path][?query][#fragment]` (no user info), or a bare `host[:port][/]`.
_HTTP_URL = re.compile(r"(?ai:https?)://([^/?#@\s]+)(?:[/?#]\S*)?")
_BARE_HOST = re.compile(r"([^/?#@\s:]+(?::[^/?#@\s]*)?)/?")
_PORT = re.compile(r"[0-9]{1,5}")

# Canonical crmType values, keyed by the spelling folded to lower case without spaces.
CRM_TYPES = {"dynamics365": "Dynamics365", "salesforce": "Salesforce"}


def refused(key: str, **params: object) -> PydanticCustomError:
    """A refusal in the connector's own words: `key` is a `detail.*` message of the catalogues."""
    return PydanticCustomError(key, CATALOGUES[DEFAULT_LANGUAGE][key], params or None)


def _crm_type(value: object) -> object:
    if not isinstance(value, str):
        return value
    canonical = CRM_TYPES.get("".join(value.split()).lower())
    if canonical is None:
        raise refused("detail.crm_type", values=", ".join(CRM_TYPES.values()))
    return canonical


def _record_type(value: object) -> object:
    if not isinstance(value, str):
        return value
    folded = value.strip().lower()
    if not _LOGICAL_NAME.fullmatch(folded):
        raise refused("detail.record_type")
    return folded


def _host(authority: str) -> str | None:
    """The host of `host[:port]`, lower case without a final dot; None unless both parts are valid."""
    host, colon, port = authority.partition(":")
    if colon and not (_PORT.fullmatch(port) and 1 <= int(port) <= 65535):
        return None
    host = host.lower().removesuffix(".")
    return host if _HOST_NAME.fullmatch(host) else None


def _crm_org_url(value: object) -> object:
    """Accept `contoso.crm.dynamics.com` or `https://contoso.crm.dynamics.com/`; keep the host only.

    Any other scheme (`javascript:`, `data:`, `ftp://`), user info, an IP literal or an invalid port
    is refused: the value is only ever passed on, but it must be what its name says.
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _HTTP_URL.fullmatch(text) or _BARE_HOST.fullmatch(text)
    host = _host(match[1]) if match else None
    if host is None:
        raise refused("detail.crm_org_url")
    return host


def _one_line(value: str) -> str:
    if NOT_ONE_LINE.search(value):
        raise refused("detail.single_line")
    return value


def _whole_number(value: object) -> object:
    """A count: an int, an integral JSON number, or a string of ASCII digits (`1_0`, `٣` and ` 3` are not).

    JSON `true` is not a count, though Python (and pydantic's lax mode) would read it as 1.
    """
    if isinstance(value, bool):
        raise refused("detail.whole_number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise refused("detail.whole_number")
        return int(value)
    if isinstance(value, str):
        if value.isascii() and value.isdigit() and len(value) <= 20:  # the common case: plain digits
            return int(value)
        if not _ASCII_INTEGER.fullmatch(value):
            raise refused("detail.whole_number")
        digits = value.lstrip("-").lstrip("0") or "0"
        # Longer than any bound: kept out of int() (which refuses 4300+ digits) and refused by the bounds.
        number = int(digits) if len(digits) <= 20 else 10**20
        return -number if value.startswith("-") else number
    return value


def _rfc3339(value: object) -> object:
    if isinstance(value, datetime):  # built in code, not read from a request
        return value
    if not isinstance(value, str):
        raise refused("detail.date_time")
    match = _RFC3339.fullmatch(value)
    if not match:
        raise refused("detail.date_time")
    year, month, day, hour, minute, second = map(int, match.groups()[:6])
    fraction, zone = match[7] or "", match[8].upper()
    try:
        tz = UTC
        if zone != "Z":
            hours, minutes = int(zone[1:3]), int(zone[4:6])
            if hours > 23 or minutes > 59:
                raise ValueError
            tz = timezone((-1 if zone[0] == "-" else 1) * timedelta(hours=hours, minutes=minutes))
        # At most 6 fractional digits are kept; RFC 3339 allows more.
        microsecond = int((fraction[1:] + "000000")[:6]) if fraction else 0
        return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=tz)
    except ValueError:  # February 30th, hour 24, year 0, second 61...: Python's words stay here
        raise refused("detail.real_date_time") from None


def as_utc(value: datetime) -> datetime:
    """Outputs are ISO 8601 in UTC to the second (`2024-05-07T03:28:38Z`); a naive time from a source
    is taken as UTC already. Pydantic then writes a UTC time with the `Z` suffix itself."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.utcoffset():
        try:
            value = value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:59:59-01:00 is in the year 10000 in UTC
            raise ValueError("is outside the years 1 to 9999 once in UTC") from None
    return value.replace(microsecond=0) if value.microsecond else value


# --- input types ----------------------------------------------------------------------------

CrmType = Annotated[str, BeforeValidator(_crm_type)]
RecordType = Annotated[str, BeforeValidator(_record_type)]
CrmOrgUrl = Annotated[str, BeforeValidator(_crm_org_url)]
Identifier = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(_one_line)]
ShortText = Annotated[str, Field(max_length=1024), AfterValidator(_one_line)]
InputDateTime = Annotated[datetime, BeforeValidator(_rfc3339)]
Top = Annotated[int, Field(ge=0, le=MAX_TOP, json_schema_extra={"format": "int32"}), BeforeValidator(_whole_number)]
Skip = Annotated[int, Field(ge=0, le=INT32_MAX, json_schema_extra={"format": "int32"}), BeforeValidator(_whole_number)]

# --- output types ---------------------------------------------------------------------------
# Items convert in strict mode (see `contract.Output`): only these types read text, and only as described.

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _output_date_time(value: object) -> object:
    """A source's date-time: a `datetime`, or ISO 8601 text starting with the date. Never a number: pydantic's
    lax mode reads `0`, `1.5e9` and `"1715052518"` as Unix time, so a back end's count would become a date."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATE.fullmatch(value[:10])):
        return value
    raise refused("detail.date_time")


def _json_object_text(value: str) -> str:
    """An Adaptive Card is a JSON object serialised as text: anything else would break the card's renderer."""
    try:
        card = json.loads(value)
    except (ValueError, RecursionError):
        card = None
    if not isinstance(card, dict):
        raise refused("detail.object")
    return value


OutputDateTime = Annotated[datetime, Strict(False), BeforeValidator(_output_date_time), AfterValidator(as_utc)]
AdaptiveCardText = Annotated[str, AfterValidator(_json_object_text)]
HttpUrl = Annotated[str, Field(pattern=r"^https?://[^\s/?#]+[^\s]*$", max_length=2048)]
