"""One call to the partner back end, answered within the caller's budget whatever the back end does.

- One pooled `requests.Session` per source (built once, when the app is built), keep-alive,
  at most `pool_size` connections; no cookies kept, so nothing of one caller leaks into another's call.
- The budget: the exchange runs on a worker thread and the caller waits for it only until the
  request's deadline, so a back end that hangs, or trickles its answer byte by byte, still gets a 504
  in time. At the same deadline the socket is shut down (see `connection`), so the worker thread and
  the connection are free again whatever the back end does.
- At most one retry: only for a connection failure on a GET, and only with enough budget left.
- The answer is read up to `max_response_bytes`, before and after decompression; redirects are never followed.
- Interim answers (103 Early Hints...) are read past, never left in a pooled connection (see `connection`).
"""

from __future__ import annotations

import functools
import json
import logging
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitTimedOut
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from connector import header_names
from connector.context import RequestContext
from connector.errors import late_request
from connector.sources.backend import failures, masking
from connector.sources.backend.config import BackendConfig
from connector.sources.backend.connection import BackendAdapter, BrokenFraming, content_length, cut_at
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


def quiet_http_library() -> None:
    """urllib3 logs full URLs, query values included (record ids, e-mail contacts), e.g. when an answer has
    a malformed header line. Under the Functions worker's root handler those records would reach the log
    and telemetry: keep them to errors (it logs none), unless someone chose a level for it."""
    library = logging.getLogger("urllib3")
    if library.level == logging.NOTSET:
        library.setLevel(logging.ERROR)


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
        quiet_http_library()
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
        path: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """The back end's JSON answer for one operation, or a `ConnectorError` saying why there is none.

        `path` is the operation's configured path with its placeholders filled (the mapping's `Request`).
        """
        deadline = context.deadline - RESPONSE_RESERVE_SECONDS
        if deadline <= time.monotonic():
            if context.arrived_late(deadline):  # a slow upload: nothing was asked of the back end
                logger.warning(
                    "No time was left to call the back end for %s (request %s): the request arrived too late",
                    operation_key,
                    context.request_id,
                )
                raise late_request()
            raise failures.timed_out()
        call = Outgoing(
            operation_key, method, self.config.base_url + path, params, body, backend_headers(context, self.config)
        )
        exchange = self._workers.submit(self._exchange, call, context, deadline)
        try:
            answer = exchange.result(timeout=max(0.0, deadline - time.monotonic()))
        except WaitTimedOut:
            exchange.cancel()  # if it never started, it never will
            logger.warning("Back end gave no answer in time for %s (request %s)", operation_key, context.request_id)
            raise failures.timed_out() from None
        if not 200 <= answer.status < 300:
            excerpt = failures.body_excerpt(answer.body, self.sent(call.headers, context, params, body))
            if failures.refuses_connector(answer.status, self.config.forward_bearer):
                # Not the caller's credentials (none were passed on): the connector's own settings are wrong.
                logger.error(
                    "Back end refused the connector's own credentials (HTTP %s) for %s (request %s): check "
                    "BACKEND_API_KEY and BACKEND_API_KEY_HEADER (%s); its body: %s",
                    answer.status,
                    operation_key,
                    context.request_id,
                    f"key sent in {self.config.api_key_header}" if self.config.api_key else "no key is set",
                    excerpt,
                )
            else:
                logger.warning(
                    "Back end answered %s for %s (request %s); its body: %s",
                    answer.status,
                    operation_key,
                    context.request_id,
                    excerpt,
                )
            raise failures.for_status(answer.status, answer.headers, answer.body, self.config.forward_bearer)
        language = answer_language(answer.headers.get(header_names.CONTENT_LANGUAGE))
        if language is not None and self.sent(call.headers, context).masks(language):
            language = None  # a secret echoed back is never passed on as the answer's language
        context.content_language = language
        try:
            return json.loads(answer.body)
        except (ValueError, RecursionError):
            logger.warning("Back end answer for %s was not JSON (request %s)", operation_key, context.request_id)
            raise failures.bad_answer("not_json") from None

    def sent(
        self, headers: dict[str, str], context: RequestContext, params: Any = None, body: Any = None
    ) -> masking.Sent:
        """What a call sent, to mask in whatever of the back end's text is logged (see `masking`)."""
        secrets = (self.config.api_key, headers.get(header_names.AUTHORIZATION, ""))
        return masking.Sent({**headers, header_names.TRACEPARENT: context.trace.trace_id}, secrets, params, body)

    def _exchange(self, call: Outgoing, context: RequestContext, deadline: float) -> Answer:
        """Runs on a worker thread: send the request, once more if allowed, and read the answer."""
        for attempt in (1, 2):
            if time.monotonic() >= deadline:
                raise failures.timed_out()
            try:
                return self._attempt(call, context, deadline)
            except requests.RequestException as error:
                broken = _broken_framing(error)
                logger.warning(
                    "Back end call for %s failed (request %s, attempt %d): %s",
                    call.operation_key,
                    context.request_id,
                    attempt,
                    "an answer whose framing cannot be read (BrokenFraming)" if broken else type(error).__name__,
                )
                if broken:  # the service answered, badly: sending the request again would not change that
                    raise failures.bad_answer("framing") from None
                if attempt == 1 and _may_retry(call, error, deadline):
                    continue
                if isinstance(error, requests.Timeout) or time.monotonic() >= deadline:  # e.g. cut at the deadline
                    raise failures.timed_out() from None
                raise failures.unreachable() from None

    def _attempt(self, call: Outgoing, context: RequestContext, deadline: float) -> Answer:
        # The dependency's own span, made first: the back end receives the ids telemetry records, so a
        # partner's Application Insights joins its request to this dependency and to the caller's request.
        span = context.trace.child()
        started = time.perf_counter()
        status: int | None = None
        succeeded = False
        seconds = max(0.001, deadline - time.monotonic())
        try:
            with (
                cut_at(deadline),
                self.session.request(
                    call.method,
                    call.url,
                    params=call.params,
                    json=call.body,
                    headers={**call.headers, header_names.TRACEPARENT: span.traceparent},
                    timeout=(seconds, seconds),
                    stream=True,
                    allow_redirects=False,
                ) as response,
            ):
                status = response.status_code
                answer = Answer(status, response.headers, self._read_body(response, deadline))
            succeeded = 200 <= status < 300
            return answer
        finally:
            self.telemetry.track_dependency(
                context,
                trace=span,
                target=self.config.host,
                scheme=self.config.scheme,
                name=f"{call.method} {self.config.paths[call.operation_key]}",
                duration_ms=(time.perf_counter() - started) * 1000,
                status=status,
                success=succeeded,
            )

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        """The body, decoded, read and decompressed no further than the cap, whatever it claims."""
        cap = self.config.max_response_bytes
        too_large = functools.partial(failures.bad_answer, "too_large", max_bytes=cap)  # built only when raised
        try:
            declared = content_length(response.headers.get(header_names.CONTENT_LENGTH))
        except BrokenFraming:  # checked as the answer began already; kept here so no header read can raise
            raise failures.bad_answer("framing") from None
        if declared is not None and declared > cap:
            raise too_large()
        decoder = _decoder(response.headers.get(header_names.CONTENT_ENCODING, ""))
        received = 0
        body = bytearray()
        try:
            # read1: one socket read at a time, never more than one byte past the cap.
            while chunk := response.raw.read1(min(READ_CHUNK_BYTES, cap + 1 - received), decode_content=False):
                received += len(chunk)
                if received > cap:
                    raise too_large()
                if decoder is None:
                    body += chunk
                else:
                    body += decoder.decompress(chunk, cap + 1 - len(body))
                    if decoder.unconsumed_tail:  # it holds more than the cap once inflated
                        raise too_large()
                if len(body) > cap:
                    raise too_large()
            if time.monotonic() >= deadline:  # the socket was cut at the deadline: what came is not all there is
                raise failures.timed_out()
            if decoder is not None and not decoder.eof:
                raise failures.bad_answer("cut_off")
        except (urllib3.exceptions.HTTPError, OSError, zlib.error):  # the connection broke or was cut at the deadline
            if time.monotonic() >= deadline:
                raise failures.timed_out() from None
            raise failures.bad_answer("cut_off") from None
        return bytes(body)


def _broken_framing(error: BaseException) -> bool:
    """Whether the HTTP library's error wraps `BrokenFraming` (requests and urllib3 carry it in `args`)."""
    pending, seen = [error], 0
    while pending and seen < 16:
        current = pending.pop()
        seen += 1
        if isinstance(current, BrokenFraming):
            return True
        pending += [item for item in current.args if isinstance(item, BaseException)]
        pending += [item for item in (current.__cause__, current.__context__) if item is not None]
    return False


def _decoder(content_encoding: str):  # -> zlib decompressor, or None for an unencoded body
    """The connector asks for gzip or deflate only (see `headers`), and decodes them itself, under the cap."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    raise failures.bad_answer("encoding")
