"""The headers every back-end call carries: the caller's diagnostics and language, and authentication."""

from __future__ import annotations

import re
import secrets

from connector.context import RequestContext
from connector.sources.backend.config import BackendConfig

USER_AGENT = "copilot-sales-connector/0.1"
# The language the connector negotiated from Accept-Language over CONNECTOR_LANGUAGES, e.g. `fr`.
LANGUAGE_HEADER = "x-connector-language"
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,7}$")

# W3C Trace Context: version-traceid-parentid-flags, lower-case hex, all-zero ids invalid.
_TRACEPARENT = re.compile(r"^00-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-([0-9a-f]{2})$")
_BEARER = re.compile(r"^Bearer [A-Za-z0-9\-._~+/]+=*$", re.IGNORECASE)


def child_traceparent(incoming: str | None) -> str:
    """A traceparent for the outgoing call: the caller's trace with a new span, or a new trace."""
    match = _TRACEPARENT.match(incoming or "")
    trace_id, flags = (match.group(1), match.group(2)) if match else (secrets.token_hex(16), "01")
    return f"00-{trace_id}-{secrets.token_hex(8)}-{flags}"


def backend_headers(context: RequestContext, config: BackendConfig) -> dict[str, str]:
    headers = {
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "x-ms-client-request-id": context.request_id,
        "traceparent": child_traceparent(context.traceparent),
    }
    headers[LANGUAGE_HEADER] = context.language
    if context.accept_language:
        headers["Accept-Language"] = context.accept_language
    if context.user_agent:
        headers["x-ms-user-agent"] = context.user_agent
    if config.api_key:
        headers[config.api_key_header] = config.api_key
    if config.forward_bearer and context.authorization and _BEARER.match(context.authorization):
        headers["Authorization"] = context.authorization
    return headers


def answer_language(header: str | None) -> str | None:
    """The service's own `Content-Language` (its first tag), when it sent a well-formed one."""
    tag = (header or "").split(",")[0].strip()
    return tag if _LANGUAGE_TAG.match(tag) else None
