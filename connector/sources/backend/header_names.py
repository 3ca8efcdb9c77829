"""The names of the headers a back-end call carries that the connector or HTTP itself owns.

Read by `headers` (which sets them) and by `config` (the API key may be sent in none of them).
"""

from __future__ import annotations

# The language the connector negotiated from Accept-Language over CONNECTOR_LANGUAGES, e.g. `fr`.
LANGUAGE_HEADER = "x-connector-language"

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
