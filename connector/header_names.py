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
AUTHORIZATION = "Authorization"
CLIENT_PRINCIPAL = "x-ms-client-principal"  # set by App Service Authentication (Entra ID sign-in)

# Content and its description.
CONTENT_TYPE = "Content-Type"
CONTENT_ENCODING = "Content-Encoding"
CONTENT_LENGTH = "Content-Length"
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
