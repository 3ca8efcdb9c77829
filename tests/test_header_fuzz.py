"""Header and query fuzzing (Hypothesis): whatever a caller puts in a header or a query value.

Each of the eight headers the pipeline reads gets at least 200 generated values for each of the seven
operations (arbitrary Unicode, including controls and lone surrogates; arbitrary bytes as WSGI gives
them; and values shaped like the header's grammar, to reach deep into its reader), sent in process
through the local host's WSGI application. Every answer must be:

- never a 500 and always JSON; an `ApiError` with an `activityId` when it is not a 200;
- the caller's request id echoed when it is a clean token (a fresh one otherwise), as `activityId` too;
- `Content-Language` one of the languages offered; error reasons in the connector's own words.

In about one example in four, the reader of the fuzzed header is made to fail: then the answer must
be a clean `500 INTERNAL_SERVER_ERROR` `ApiError` with the `activityId`. A reader moved out of the
pipeline's guard fails this. Every query parameter of every GET operation gets arbitrary Unicode and
byte strings the same way (200 examples per operation). Seeded and derandomized: CI always runs the
same search and a failure reproduces. `FUZZ_HEADER_EXAMPLES=2000` runs a longer search.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from connector import caller
from connector.auth import PRINCIPAL_HEADER
from connector.contract import OPERATIONS, operation
from connector.models.errors import ApiError
from connector.settings import Settings
from tests.support import wsgi
from tests.support.words import which

EXAMPLES = max(200, int(os.environ.get("FUZZ_HEADER_EXAMPLES", "200")))
SEED = 20240507
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
LANGUAGES = Settings.languages
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:{}\-]{1,128}$")
REQUEST_ID = "fuzz-request-1"
PREFIX = "/api/"
VALID = {
    "record_summary": {"recordType": "account", "recordId": "a1"},
    "record_details": {"recordType": "account", "recordId": "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"},
    "key_sales_info": {"recordType": "opportunity", "recordId": "0d7c4b2a-9e8f-4d1c-a6b5-3e2f1a0c9d44"},
    "email_summary_v1": {"emailContacts": "sanjay.shah@contoso.com"},
    "email_summary_v2": {"resourceData": {"subject": "Pricing", "from": "sanjay.shah@contoso.com"}},
    "email_draft": {"resourceData": {"subject": "Pricing"}, "resourceType": "email-thread"},
    "key_stakeholders": {"accountName": "Contoso Ltd"},
}
GET_OPERATIONS = [op for op in OPERATIONS if op.method == "GET"]

# --- what a caller may put in a header ---------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)  # surrogates and controls too
ANY_BYTES = st.binary(max_size=300).map(lambda raw: raw.decode("latin-1"))  # raw bytes, as WSGI gives them
ANYTHING = ANY_TEXT | ANY_BYTES


def _joined(parts, separator: str = ", "):
    return st.lists(parts, max_size=40).map(separator.join)


LANGUAGE_TAGS = (
    st.sampled_from(
        [
            "en",
            "fr",
            "de",
            "es",
            "ja",
            "fr-CA",
            "de-AT",
            "ja-JP-u-ca-japanese",
            "en-GB-oed",
            "x-klingon",
            "i-klingon",
            "i-default",
            "zh-Hant-TW",
            "sgn-BE-FR",
            "*",
            "zz",
            "qaa-Latn",
            "es-419",
            "",
            "en-",
            "-",
        ]
    )
    | ANY_TEXT
)
QVALUES = st.sampled_from(
    [
        "",
        ";q=0",
        ";q=1",
        ";q=0.5",
        ";q=0.001",
        ";q=1.000",
        ";q=2",
        ";q=-1",
        ";q=abc",
        ";q=0.0000",
        ";q=",
        ";Q=0.9",
        "; q = 0.3",
        ";q=1e-3",
        ";q=nan",
    ]
) | ANY_TEXT.map(";".__add__)
ACCEPT_LANGUAGE = _joined(st.tuples(LANGUAGE_TAGS, QVALUES).map("".join)) | ANYTHING

HEX = st.text("0123456789abcdefABCDEF", min_size=0, max_size=40)
TRACEPARENT = (
    st.tuples(HEX, HEX, HEX, HEX).map("-".join)
    | st.sampled_from(
        [
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        ]
    )
    | ANYTHING
)

REQUEST_IDS = st.from_regex(r"[A-Za-z0-9._:{}\-]{1,140}", fullmatch=True) | ANYTHING
AUTHORIZATION = st.sampled_from(["Bearer ", "bearer ", "Basic ", "", "Bearer"]).flatmap(
    lambda scheme: ANYTHING.map(scheme.__add__)
)
MEDIA_TYPES = st.sampled_from(
    [
        "application/json",
        "text/json",
        "application/problem+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "APPLICATION/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=latin-1",
        "",
        "*/*",
        "application/",
        "/json",
        ";",
        "+json",
    ]
)
CONTENT_TYPE = (
    st.tuples(MEDIA_TYPES, st.sampled_from(["", "; boundary=x", "; charset=\xff"]) | ANY_TEXT).map("".join) | ANYTHING
)
CODINGS = (
    st.sampled_from(
        ["gzip", "x-gzip", "identity", "GZIP", "br", "deflate", "compress", "zstd", "*", "", "gzip;q=1", " gzip "]
    )
    | ANY_TEXT
)
CONTENT_ENCODING = _joined(CODINGS, ",") | ANYTHING


def _json_values():
    leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
        max_leaves=20,
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


PRINCIPALS = st.one_of(
    _json_values().map(lambda value: _b64(json.dumps(value).encode())),
    st.dictionaries(st.sampled_from(["auth_typ", "claims", "name_typ"]), _json_values(), max_size=3).map(
        lambda value: _b64(json.dumps(value).encode())
    ),
    st.integers(0, 40_000).map(lambda depth: _b64(b"[" * depth + b"]" * depth)),  # nesting past any limit
    st.integers(0, 40_000).map(lambda depth: _b64(b'{"a":' * depth + b"1" + b"}" * depth)),
    st.binary(max_size=300).map(_b64),
    st.just(_b64(json.dumps({"auth_typ": "aad", "claims": []}).encode())),  # signed in: answers 200
    ANYTHING,
)
USER_AGENTS = ANYTHING | st.sampled_from(["sales-copilot", "", "x" * 600])

HEADERS = {  # header -> (the reader that reads it, the values to try)
    "Accept-Language": ("accept_language", ACCEPT_LANGUAGE),
    "x-ms-client-request-id": ("request_id", REQUEST_IDS),
    "x-ms-user-agent": ("user_agent", USER_AGENTS),
    "traceparent": ("traceparent", TRACEPARENT),
    "Authorization": ("authorization", AUTHORIZATION),
    "Content-Type": ("content_type", CONTENT_TYPE),
    "Content-Encoding": ("content_encoding", CONTENT_ENCODING),
    PRINCIPAL_HEADER: ("principal", PRINCIPALS),
}


# --- the checks every answer must pass ---------------------------------------------------------


class ReaderFailed(RuntimeError):
    pass


def _failing(req, invocation):
    raise ReaderFailed("a reader failed")


def check(response: wsgi.WsgiResponse, sent_request_id: str | None, reader_failed: bool) -> ApiError | None:
    assert response.status < 500 or (reader_failed and response.status == 500), response.body[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    request_id = response.headers["x-ms-client-request-id"]
    assert SAFE_REQUEST_ID.match(request_id)
    if sent_request_id is not None and SAFE_REQUEST_ID.match(sent_request_id):
        assert request_id == sent_request_id
    assert response.headers["content-language"] in LANGUAGES
    if reader_failed:
        assert (response.status, body["errorCode"]) == (500, "INTERNAL_SERVER_ERROR"), body
    if response.status == 200:
        return None
    error = ApiError.model_validate(body)
    assert error.activityId == request_id
    language = response.headers["content-language"]
    assert which(error.errorMessage, language, "error"), error.errorMessage
    for reason in (error.details or {}).values():
        assert which(reason, language, "detail"), reason
    return error


@pytest.fixture(scope="module")
def host(connectors):  # -> a WSGI app
    """The local host of whichever connector the test configured (function_app's own ignores `configure`)."""
    return connectors.wsgi


@pytest.fixture
def sample(configure):
    configure(CONNECTOR_SOURCE="sample")


def _request(op_key: str, header: str, value: str, gzipped: bool) -> tuple[str, str, dict[str, str], bytes]:
    op = operation(op_key)
    headers = {"x-ms-client-request-id": REQUEST_ID}
    query, body = "", b""
    if op.method == "GET":
        query = "&".join(f"{name}={quote(text)}" for name, text in VALID[op_key].items())
    else:
        headers["Content-Type"] = "application/json"
        body = json.dumps(VALID[op_key]).encode()
        if gzipped:
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
    headers[header] = value
    return PREFIX + op.route, query, headers, body


@pytest.mark.parametrize("op_key", [op.key for op in OPERATIONS])
@pytest.mark.parametrize("header", list(HEADERS))
def test_no_header_value_breaks_an_answer(host, configure, header, op_key):
    reader, values = HEADERS[header]
    configure(CONNECTOR_SOURCE="sample", CONNECTOR_REQUIRE_PRINCIPAL="true" if header == PRINCIPAL_HEADER else "false")

    @seed(SEED)
    @FUZZ
    @given(value=values, gzipped=st.booleans(), reader_fails=st.integers(0, 3).map(lambda n: n == 0))
    def fuzz(value: str, gzipped: bool, reader_fails: bool) -> None:
        path, query, headers, body = _request(op_key, header, value, gzipped)
        with pytest.MonkeyPatch.context() as patch:
            if reader_fails:
                patch.setattr(caller, reader, _failing)
            response = wsgi.call(host, operation(op_key).method, path, query, headers, body)
        # When the request id's own reader fails, the answer carries a fresh id.
        sent_id = None if reader_fails and reader == "request_id" else headers["x-ms-client-request-id"]
        check(response, sent_id, reader_fails)

    fuzz()


# --- the query ---------------------------------------------------------------------------------

TEXT_VALUES = ANY_TEXT.map(lambda text: ("text", text.encode("utf-8", "surrogatepass")))
BYTE_VALUES = st.binary(max_size=300).map(lambda raw: ("bytes", raw))


def _query(op_key: str, name: str, raw: bytes, encoded: bool) -> str:
    """The operation's valid query with one parameter's value replaced: percent-encoded, or raw bytes."""
    parts = []
    for key, text in {**VALID[op_key], name: None}.items():
        value = (
            quote(text) if text is not None else (quote_from_bytes(raw, safe="") if encoded else raw.decode("latin-1"))
        )
        parts.append(f"{key}={value}")
    return "&".join(parts)


@pytest.mark.parametrize("op", GET_OPERATIONS, ids=lambda op: op.key)
def test_no_query_value_breaks_an_answer(host, sample, op):
    names = list(op.input_names())

    @seed(SEED)
    @FUZZ
    @given(name=st.sampled_from(names), value=TEXT_VALUES | BYTE_VALUES, encoded=st.booleans())
    def fuzz(name: str, value: tuple[str, bytes], encoded: bool) -> None:
        _, raw = value
        query = _query(op.key, name, raw, encoded)
        response = wsgi.call(host, "GET", PREFIX + op.route, query, {"x-ms-client-request-id": REQUEST_ID})
        error = check(response, REQUEST_ID, False)
        if error is not None and error.errorCode == "INVALID_REQUEST" and encoded:
            assert set(error.details) == {name}, error.details  # the other parameters are valid

    fuzz()
