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
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from connector.contract import MAX_TOP
from connector.language import DEFAULT_LANGUAGE
from connector.messages import CATALOGUES

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue  # a type only: the module is not needed to validate

INT32_MAX = 2**31 - 1
MAX_RECIPIENTS = 500  # Exchange Online's limit of recipients per message, for each of to, cc and bcc
MAX_RELATED_ENTITIES = 100
MAX_LONG_TEXT = 8192  # the e-mail contacts and the drafting prompt
CARD_TITLE_MAX = 20  # a citation card's title (key sales info, email summary v1)
HIGHLIGHT_TEXT_MAX = 130  # a key sales info insight

# The one text rule, stated here once. Text holds no C0 control but tab and line breaks, no DEL or
# C1 control, and no surrogate (in a decoded string, only ever an unpaired half; UTF-8 cannot encode
# one). What a caller sends holds no Unicode line or paragraph separator either (U+2028, U+2029: line
# breaks to a JavaScript or log reader); outgoing text may, as it always has.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
NOT_TEXT = re.compile(f"[{_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
# Single-line values (identifiers, addresses) refuse tab and line breaks too.
NOT_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_SEPARATORS}{_SURROGATES}]")
# The outgoing rule as pydantic-core checks it, in Rust, while validating an item: the pattern states
# the controls; a surrogate never reaches it (pydantic-core refuses it as `string_unicode`).
OUTPUT_TEXT_PATTERN = f"^[^{_CONTROLS}]*$"
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
    if len(value) == 20 and value[10] == "T" and value[19] == "Z" and value[11:13] < "24":
        # The usual shape, `2024-05-07T03:28:38Z`: Python's C parser builds the same datetime (UTC) or
        # refuses the same dates, in a tenth of the time; hour 24 and every other shape are read below.
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise refused("detail.real_date_time") from None
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

RecordType = Annotated[str, BeforeValidator(_record_type)]
Identifier = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(_one_line)]
# The optional inputs every operation shares carry their title, and `| None` inside, so that the title
# is the field's and not the non-null branch's: a field states only its description.
CrmType = Annotated[Annotated[str, BeforeValidator(_crm_type)] | None, Field(title="CRM type")]
CrmOrgUrl = Annotated[Annotated[str, BeforeValidator(_crm_org_url)] | None, Field(title="CRM org URL")]
ShortText = Annotated[str, Field(max_length=1024), AfterValidator(_one_line)]
LongText = Annotated[str, Field(max_length=MAX_LONG_TEXT)]
InputDateTime = Annotated[datetime, BeforeValidator(_rfc3339)]
_Count = {"ge": 0, "json_schema_extra": {"format": "int32"}}
Top = Annotated[Annotated[int, Field(le=MAX_TOP, **_Count), BeforeValidator(_whole_number)] | None, Field(title="Top")]
Skip = Annotated[
    Annotated[int, Field(le=INT32_MAX, **_Count), BeforeValidator(_whole_number)] | None, Field(title="Skip")
]

# --- output types ---------------------------------------------------------------------------


class _OutgoingText:
    """Marks a string type as outgoing text: pydantic-core checks `OUTPUT_TEXT_PATTERN` after the
    type's own constraints, in the same validation call. The definition shows the type's own schema:
    the rule is the connector's promise, not a constraint a caller can break."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.chain_schema([handler(source), core_schema.str_schema(pattern=OUTPUT_TEXT_PATTERN)])

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(schema["steps"][0])


OUTGOING = _OutgoingText()
Text = Annotated[str, OUTGOING]  # any outgoing string, a dictionary's keys and values included
ShownText = Annotated[str, Field(min_length=1), OUTGOING]  # a text a card shows: never empty
CardTitle = Annotated[str, Field(min_length=1, max_length=CARD_TITLE_MAX), OUTGOING]
HighlightText = Annotated[str, Field(min_length=1, max_length=HIGHLIGHT_TEXT_MAX), OUTGOING]
Properties = dict[Text, Text]

# Items convert in strict mode (see `models.base.Output`): only these types read text, and only as described.
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
AdaptiveCardText = Annotated[str, Field(min_length=1), AfterValidator(_json_object_text), OUTGOING]
HttpUrl = Annotated[str, Field(pattern=r"^https?://[^\s/?#]+[^\s]*$", max_length=2048), OUTGOING]
