"""The headers every back-end call carries: the caller's diagnostics and language, and authentication.

The caller's bearer token is forwarded whole, however long (real Entra ID tokens often pass 2,000
characters): only HTTP and the host limit it.
"""

from __future__ import annotations

import re

from connector import header_names
from connector.context import RequestContext
from connector.sources.backend.config import BackendConfig

USER_AGENT = "copilot-sales-connector/0.1"
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,7}")

_BEARER = re.compile(r"Bearer [A-Za-z0-9\-._~+/]+=*", re.IGNORECASE | re.ASCII)


def backend_headers(context: RequestContext, config: BackendConfig) -> dict[str, str]:
    """Every header but `traceparent`, which names each attempt's own dependency span (see the client)."""
    headers = {
        header_names.ACCEPT: "application/json",
        header_names.ACCEPT_ENCODING: "gzip, deflate",  # what the client decodes itself, under the size cap
        header_names.USER_AGENT: USER_AGENT,
        header_names.CLIENT_REQUEST_ID: context.request_id,
    }
    headers[header_names.CONNECTOR_LANGUAGE] = context.language
    if context.accept_language:
        headers[header_names.ACCEPT_LANGUAGE] = context.accept_language
    if context.user_agent:
        headers[header_names.CLIENT_USER_AGENT] = context.user_agent
    if config.api_key:
        headers[config.api_key_header] = config.api_key
    if config.forward_bearer and context.authorization and _BEARER.fullmatch(context.authorization):
        headers[header_names.AUTHORIZATION] = context.authorization
    return headers


def answer_language(header: str | None) -> str | None:
    """The service's own `Content-Language` (its first tag), when it sent a well-formed one."""
    tag = (header or "").split(",")[0].strip()
    return tag if _LANGUAGE_TAG.fullmatch(tag) else None
