"""Value types shared by the contract models: how each kind of input is accepted and normalised.

The sources of the Copilot for Sales contract disagree on spellings (see the contract README), so
each type accepts every spelling seen in the wild and hands the code one canonical value.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field

INT32_MAX = 2**31 - 1
MAX_TOP = 100  # a card shows a handful; more is a misconfigured caller, not a seller

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")
_LOGICAL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,127}$")
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")

# Canonical crmType values, keyed by the spelling folded to lower case without spaces.
CRM_TYPES = {"dynamics365": "Dynamics365", "salesforce": "Salesforce"}


def _crm_type(value: object) -> object:
    if not isinstance(value, str):
        return value
    canonical = CRM_TYPES.get("".join(value.split()).lower())
    if canonical is None:
        raise ValueError(f"must be one of {', '.join(CRM_TYPES.values())} (any case, spaces allowed)")
    return canonical


def _record_type(value: object) -> object:
    if not isinstance(value, str):
        return value
    folded = value.strip().lower()
    if not _LOGICAL_NAME.match(folded):
        raise ValueError("must be a CRM logical name such as account, opportunity, lead or contact")
    return folded


def _crm_org_url(value: object) -> object:
    """Accept `contoso.crm.dynamics.com` or `https://contoso.crm.dynamics.com/`; keep the host only."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    try:
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        host = ""
    if parts.scheme not in ("http", "https") or not _HOST_NAME.match(host):
        raise ValueError("must be the CRM environment's host name or its http(s) URL")
    return host


def _no_control_chars(value: str) -> str:
    if _CONTROL_CHARS.search(value):
        raise ValueError("must not contain control characters")
    return value


def _not_boolean(value: object) -> object:
    # JSON `true` is not a count, though Python (and pydantic's lax mode) would read it as 1.
    if isinstance(value, bool):
        raise ValueError("must be an integer, not a boolean")
    return value


def _rfc3339(value: object) -> object:
    if isinstance(value, str):
        if not _RFC3339.match(value):
            raise ValueError("must be an RFC 3339 date-time with a time zone, e.g. 2024-05-07T03:28:38Z")
        # fromisoformat reads at most 6 fractional digits; RFC 3339 allows more.
        value = re.sub(r"(\.\d{6})\d+", r"\1", value)
        return datetime.fromisoformat(value.replace("z", "Z"))
    return value


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
Identifier = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(_no_control_chars)]
ShortText = Annotated[str, Field(max_length=1024), AfterValidator(_no_control_chars)]
InputDateTime = Annotated[datetime, BeforeValidator(_rfc3339)]
Top = Annotated[int, Field(ge=0, le=MAX_TOP, json_schema_extra={"format": "int32"}), BeforeValidator(_not_boolean)]
Skip = Annotated[int, Field(ge=0, le=INT32_MAX, json_schema_extra={"format": "int32"}), BeforeValidator(_not_boolean)]

# --- output types ---------------------------------------------------------------------------

OutputDateTime = Annotated[datetime, AfterValidator(as_utc)]
HttpUrl = Annotated[str, Field(pattern=r"^https?://[^\s/?#]+[^\s]*$", max_length=2048)]
