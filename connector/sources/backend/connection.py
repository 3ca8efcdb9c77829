"""The HTTP connections the back-end client pools, made safe to share between callers.

`http.client` skips only `100 Continue` before the final answer. Any other interim answer
(`102 Processing`, `103 Early Hints`) would be taken as the answer itself, with no body, and the
connection returned to the pool with the real answer still unread in it: the next caller on that
connection would be served another seller's insights. Here every interim answer is read past, and
an informational status that cannot be read past (`101`, which the connector never asks for)
closes the connection instead of returning it to the pool.
"""

from __future__ import annotations

import http.client

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_INTERIM_ANSWERS = 16  # more is a back end talking without answering


class FinalResponse(http.client.HTTPResponse):
    """An HTTP response that starts at the final answer, past every interim one."""

    def _read_status(self) -> tuple[str, int, str]:
        for _ in range(MAX_INTERIM_ANSWERS):
            version, status, reason = super()._read_status()
            if not (101 < status < 200):  # 100 is skipped by begin(); 101 is handled by _check_close
                return version, status, reason
            http.client.parse_headers(self.fp)  # the interim answer's headers, bounded like the final ones
        raise http.client.HTTPException(f"more than {MAX_INTERIM_ANSWERS} interim answers")

    def _check_close(self) -> bool:
        # An informational status as the final answer leaves the stream in an unknown state.
        return self.status < 200 or super()._check_close()


class _Connection(HTTPConnection):
    response_class = FinalResponse


class _TLSConnection(HTTPSConnection):
    response_class = FinalResponse


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConnection


class BackendAdapter(HTTPAdapter):
    """requests' adapter, pooling the connections above."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}
