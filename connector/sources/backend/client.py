"""One call to the partner back end, answered within the caller's budget whatever the back end does.

- One pooled `requests.Session` per source (built once, when the app is built), keep-alive,
  at most `pool_size` connections; no cookies kept, so nothing of one caller leaks into another's call.
- The budget: the exchange runs on a worker thread and the caller waits for it only until the
  request's deadline, so a back end that hangs, or trickles its answer byte by byte, still gets a 504
  in time. Socket timeouts come from the same deadline, so the worker stops soon after.
- At most one retry: only for a connection failure on a GET, and only with enough budget left.
- The answer is read up to `max_response_bytes`; redirects are never followed.
- Interim answers (103 Early Hints...) are read past, never left in a pooled connection (see `connection`).
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitTimedOut
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from connector.context import RequestContext
from connector.sources.backend import failures
from connector.sources.backend.config import BackendConfig
from connector.sources.backend.connection import BackendAdapter
from connector.sources.backend.headers import answer_language, backend_headers
from connector.telemetry import Telemetry

logger = logging.getLogger("connector.backend")

RESPONSE_RESERVE_SECONDS = 0.1  # kept back from the budget to shape and send the answer
MIN_RETRY_SECONDS = 0.25  # a retry with less left could only end in a timeout
READ_CHUNK_BYTES = 16_384


@dataclass(frozen=True)
class Outgoing:
    operation_key: str
    method: str
    url: str
    params: dict[str, str] | None
    body: dict[str, Any] | None
    headers: dict[str, str]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: CaseInsensitiveDict
    body: bytes


def pooled_session(pool_size: int) -> requests.Session:
    session = requests.Session()
    # No proxies, .netrc or CA bundle from the environment: the target and its trust come from settings.
    session.trust_env = False
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    adapter = BackendAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _may_retry(call: Outgoing, error: requests.RequestException, deadline: float) -> bool:
    return (
        call.method == "GET"  # a POST may have been received already; only a GET is safe to send twice
        and isinstance(error, requests.ConnectionError)
        and not isinstance(error, (requests.Timeout, requests.exceptions.SSLError))
        and deadline - time.monotonic() >= MIN_RETRY_SECONDS
    )


class BackendClient:
    def __init__(self, config: BackendConfig, telemetry: Telemetry) -> None:
        self.config = config
        self.telemetry = telemetry
        self.session = pooled_session(config.pool_size)
        # As many workers as pooled connections: the pool is never exceeded, and a call that finds
        # every worker busy still answers at its deadline.
        self._workers = ThreadPoolExecutor(max_workers=config.pool_size, thread_name_prefix="backend")

    def close(self) -> None:
        self._workers.shutdown(wait=False, cancel_futures=True)
        self.session.close()

    def call(
        self,
        operation_key: str,
        method: str,
        context: RequestContext,
        *,
        path: str | None = None,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """The back end's JSON answer for one operation, or a `ConnectorError` saying why there is none.

        `path` is the operation's path with its placeholders filled; by default its configured path.
        """
        deadline = context.deadline - RESPONSE_RESERVE_SECONDS
        if deadline <= time.monotonic():
            raise failures.timed_out()
        url = self.config.base_url + path if path is not None else self.config.url(operation_key)
        call = Outgoing(operation_key, method, url, params, body, backend_headers(context, self.config))
        exchange = self._workers.submit(self._exchange, call, context, deadline)
        try:
            answer = exchange.result(timeout=max(0.0, deadline - time.monotonic()))
        except WaitTimedOut:
            exchange.cancel()  # if it never started, it never will
            logger.warning("Back end gave no answer in time for %s (request %s)", operation_key, context.request_id)
            raise failures.timed_out() from None
        if not 200 <= answer.status < 300:
            excerpt = failures.body_excerpt(answer.body, failures.request_values(params, body))
            if failures.refuses_connector(answer.status, self.config.forward_bearer):
                # Not the caller's credentials (none were passed on): the connector's own settings are wrong.
                logger.error(
                    "Back end refused the connector's own credentials (HTTP %s) for %s (request %s): check "
                    "BACKEND_API_KEY and BACKEND_API_KEY_HEADER (%s); its body: %s",
                    answer.status, operation_key, context.request_id,
                    f"key sent in {self.config.api_key_header}" if self.config.api_key else "no key is set", excerpt,
                )
            else:
                logger.warning(
                    "Back end answered %s for %s (request %s); its body: %s",
                    answer.status, operation_key, context.request_id, excerpt,
                )
            raise failures.for_status(answer.status, answer.headers, answer.body, self.config.forward_bearer)
        context.content_language = answer_language(answer.headers.get("Content-Language"))
        try:
            return json.loads(answer.body)
        except (ValueError, RecursionError):
            logger.warning("Back end answer for %s was not JSON (request %s)", operation_key, context.request_id)
            raise failures.bad_answer("not_json") from None

    def _exchange(self, call: Outgoing, context: RequestContext, deadline: float) -> Answer:
        """Runs on a worker thread: send the request, once more if allowed, and read the answer."""
        for attempt in (1, 2):
            if time.monotonic() >= deadline:
                raise failures.timed_out()
            try:
                return self._attempt(call, context, deadline)
            except requests.RequestException as error:
                logger.warning(
                    "Back end call for %s failed (request %s, attempt %d): %s",
                    call.operation_key, context.request_id, attempt, type(error).__name__,
                )
                if attempt == 1 and _may_retry(call, error, deadline):
                    continue
                if isinstance(error, requests.Timeout):
                    raise failures.timed_out() from None
                raise failures.unreachable() from None

    def _attempt(self, call: Outgoing, context: RequestContext, deadline: float) -> Answer:
        started = time.perf_counter()
        status: int | None = None
        succeeded = False
        seconds = max(0.001, deadline - time.monotonic())
        try:
            with self.session.request(
                call.method, call.url, params=call.params, json=call.body, headers=call.headers,
                timeout=(seconds, seconds), stream=True, allow_redirects=False,
            ) as response:
                status = response.status_code
                answer = Answer(status, response.headers, self._read_body(response, deadline))
            succeeded = 200 <= status < 300
            return answer
        finally:
            self.telemetry.track_dependency(
                context,
                target=self.config.host,
                scheme=self.config.scheme,
                name=f"{call.method} {self.config.paths[call.operation_key]}",
                duration_ms=(time.perf_counter() - started) * 1000,
                status=status,
                success=succeeded,
            )

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        cap = self.config.max_response_bytes
        too_large = failures.bad_answer("too_large", max_bytes=cap)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise too_large
        body = bytearray()
        try:
            # read1: one socket read at a time, so the deadline is checked while a slow answer trickles in.
            while chunk := response.raw.read1(READ_CHUNK_BYTES, decode_content=True):
                body += chunk
                if len(body) > cap:
                    raise too_large
                if time.monotonic() >= deadline:
                    raise failures.timed_out()
        except (urllib3.exceptions.HTTPError, OSError):  # the connection broke or the encoding was bad
            if time.monotonic() >= deadline:
                raise failures.timed_out() from None
            raise failures.bad_answer("cut_off") from None
        return bytes(body)
