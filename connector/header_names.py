"""Every HTTP header name the connector reads or writes, spelled once (as it is sent).

Header names are case-insensitive: readers look them up in the request's case-insensitive headers,
and writers send them in the spelling here. `tests/test_header_names.py` lists these constants and
fails on any of them written as a literal elsewhere in `connector/`.
"""

from __future__ import annotations

# What the caller (Copilot for Sales) sends, and what the connector passes on to a back end.
CLIENT_REQUEST_ID = "x-ms-client-request-id"  # echoed on every answer, the `activityId` of an error
CLIENT_USER_AGENT = "x-ms-user-agent"  # the calling experience, e.g. `sales-copilot`
ACCEPT_LANGUAGE = "Accept-Language"
TRACEPARENT = "traceparent"  # W3C Trace Context
TRACESTATE = "tracestate"
AUTHORIZATION = "Authorization"
CLIENT_PRINCIPAL = "x-ms-client-principal"  # set by App Service Authentication (Entra ID sign-in)

# Content and its description.
CONTENT_TYPE = "Content-Type"
CONTENT_ENCODING = "Content-Encoding"
CONTENT_LENGTH = "Content-Length"
TRANSFER_ENCODING = "Transfer-Encoding"
CONTENT_LANGUAGE = "Content-Language"
ACCEPT = "Accept"
ACCEPT_ENCODING = "Accept-Encoding"

# Answers.
RETRY_AFTER = "Retry-After"
WWW_AUTHENTICATE = "WWW-Authenticate"
ALLOW = "Allow"

# The connector's own requests to a back end.
USER_AGENT = "User-Agent"
CONNECTOR_LANGUAGE = "x-connector-language"  # the language negotiated over CONNECTOR_LANGUAGES, e.g. `fr`
API_KEY = "x-api-key"  # BACKEND_API_KEY_HEADER's default
FUNCTIONS_KEY = "x-functions-key"  # a function key, where sign-in is not required

# Every header the connector sets on a back-end call (see `backend_headers` and the client's
# `traceparent`), and those HTTP's framing and connection management own: the API key
# (BACKEND_API_KEY_HEADER) can be sent in none of them. Lower case, as headers compare.
CONNECTOR_HEADERS = frozenset(
    name.lower()
    for name in (
        ACCEPT,
        ACCEPT_ENCODING,
        ACCEPT_LANGUAGE,
        USER_AGENT,
        CLIENT_REQUEST_ID,
        CLIENT_USER_AGENT,
        CONNECTOR_LANGUAGE,
        TRACEPARENT,
        TRACESTATE,
        CONTENT_TYPE,
    )
)
FRAMING_HEADERS = frozenset(
    {"host", "connection", "keep-alive", "te", "trailer", "upgrade"}
    | {"expect", "proxy-connection", "proxy-authorization", "cookie"}
    | {CONTENT_LENGTH.lower(), CONTENT_ENCODING.lower(), TRANSFER_ENCODING.lower()}
)
