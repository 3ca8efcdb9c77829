"""The headers every back-end call carries: the caller's diagnostics and language, and authentication.

The caller's bearer token is forwarded whole, however long (real Entra ID tokens often pass 2,000
characters): only HTTP and the host limit it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from connector.context import RequestContext

if TYPE_CHECKING:  # config reads the header names below
    from connector.sources.backend.config import BackendConfig

USER_AGENT = "copilot-sales-connector/0.1"
# The language the connector negotiated from Accept-Language over CONNECTOR_LANGUAGES, e.g. `fr`.
LANGUAGE_HEADER = "x-connector-language"
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,7}")

# Every header the connector sets on a back-end call (see `backend_headers` and the client's `traceparent`),
# and those HTTP's framing and connection management own: the API key can be sent in none of them.
CONNECTOR_HEADERS = frozenset(
    {"accept", "accept-encoding", "accept-language", "user-agent", "x-ms-client-request-id", "x-ms-user-agent"}
    | {LANGUAGE_HEADER, "traceparent", "tracestate", "content-type"}
)
FRAMING_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade"}
    | {"expect", "content-encoding", "proxy-connection", "proxy-authorization", "cookie"}
)

_BEARER = re.compile(r"Bearer [A-Za-z0-9\-._~+/]+=*", re.IGNORECASE | re.ASCII)


def backend_headers(context: RequestContext, config: BackendConfig) -> dict[str, str]:
    """Every header but `traceparent`, which names each attempt's own dependency span (see the client)."""
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate",  # what the client decodes itself, under the size cap
        "User-Agent": USER_AGENT,
        "x-ms-client-request-id": context.request_id,
    }
    headers[LANGUAGE_HEADER] = context.language
    if context.accept_language:
        headers["Accept-Language"] = context.accept_language
    if context.user_agent:
        headers["x-ms-user-agent"] = context.user_agent
    if config.api_key:
        headers[config.api_key_header] = config.api_key
    if config.forward_bearer and context.authorization and _BEARER.fullmatch(context.authorization):
        headers["Authorization"] = context.authorization
    return headers


def answer_language(header: str | None) -> str | None:
    """The service's own `Content-Language` (its first tag), when it sent a well-formed one."""
    tag = (header or "").split(",")[0].strip()
    return tag if _LANGUAGE_TAG.fullmatch(tag) else None
