"""The bad-input catalogue: what a misconfigured caller or an attacker may send, over real HTTP.

Every case goes byte for byte through the local host and states the status and `errorCode` it
must get. Whatever the input, the answer is a declared status with a well-formed JSON body, a
request id that is a safe token (never the caller's junk echoed), reasons in the connector's own
words, and the host keeps serving. Cases that are odd but legitimate (Unicode names, a malformed
`Accept-Language`) must succeed.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest

from connector.contract import OPERATIONS, operation
from connector.errors import ErrorCode
from connector.models.errors import ApiError
from tests.support.inputs import RECORD, THREAD, inputs_of, query_of
from tests.support.rawhttp import RawResponse, send
from tests.support.words import which

JSON = (b"Content-Type", b"application/json")
# One valid call per operation, from which the cases below subtract or change one thing.
VALID = {op.key: query_of(op) if op.method == "GET" else inputs_of(op) for op in OPERATIONS}
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:{}\-]{1,128}$")
DEFAULT_CAP = 1_048_576  # CONNECTOR_MAX_BODY_BYTES by default


@dataclass(frozen=True)
class Case:
    id: str
    operation: str
    status: int
    error_code: str | None = None
    parameter: str | None = None  # for INVALID_REQUEST: the parameter `details` must name
    query: str | bytes = ""  # raw query string (GET)
    body: bytes | None = None  # raw body (POST); None: the operation's valid body
    headers: tuple[tuple[bytes, bytes], ...] = ()
    echo: str | None = None  # text the answer must show back exactly
    language: str | None = None  # the Content-Language the answer must carry


def query(**params: str) -> str:
    return urlencode(params, quote_via=quote)


def get(
    id: str,
    op: str,
    params: dict[str, str] | str | bytes,
    status: int = 400,
    error_code: str | None = None,
    parameter: str | None = None,
    **extra,
) -> Case:
    raw = params if isinstance(params, str | bytes) else query(**params)
    code = error_code or ("INVALID_REQUEST" if status == 400 else None)
    return Case(id, op, status, code, parameter, query=raw, **extra)


def post(
    id: str,
    op: str,
    body: object,
    status: int = 400,
    error_code: str | None = None,
    parameter: str | None = None,
    **extra,
) -> Case:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    code = error_code or ("INVALID_REQUEST" if status == 400 else None)
    return Case(id, op, status, code, parameter, body=raw, **{"headers": (JSON,), **extra})


def _without(data: dict, name: str) -> dict:
    return {key: value for key, value in data.items() if key != name}


MISSING = [  # every required input of every operation, taken away in turn
    (post if op.method == "POST" else get)(
        f"{op.key}-without-{name}", op.key, _without(VALID[op.key], name), parameter=name
    )
    for op in OPERATIONS
    for name, field in ((f.alias or n, f) for n, f in op.inputs.model_fields.items())
    if field.is_required()
]

WRONG_TYPES = [
    post("top-is-a-boolean", "email_draft", {**THREAD, "top": True}, parameter="top"),
    post("top-is-a-fraction", "email_summary_v2", {**VALID["email_summary_v2"], "top": 2.5}, parameter="top"),
    post("resourceData-is-an-array", "email_summary_v2", {"resourceData": []}, parameter="resourceData"),
    post("resourceType-is-null", "email_draft", {**THREAD, "resourceType": None}, parameter="resourceType"),
    post(
        "subject-is-a-number",
        "email_draft",
        {**THREAD, "resourceData": {"subject": 42}},
        parameter="resourceData.subject",
    ),
    post("to-holds-numbers", "email_summary_v2", {"resourceData": {"to": [1, 2]}}, parameter="resourceData.to[0]"),
    post(
        "relatedEntities-is-an-object",
        "email_summary_v2",
        {"resourceData": {}, "relatedEntities": {"a": 1}},
        parameter="relatedEntities",
    ),
]

NUMBERS = [  # int32 overflow, negative and huge top/skip
    get("top-int32-overflow", "record_details", {**RECORD, "top": "2147483648"}, parameter="top"),
    get("top-a-million", "record_details", {**RECORD, "top": "1000000"}, parameter="top"),
    get("skip-below-int32", "key_sales_info", {**RECORD, "skip": "-2147483649"}, parameter="skip"),
    get("skip-twenty-digits", "record_summary", {**RECORD, "skip": "9" * 20}, parameter="skip"),
    get("Top-negative-v1", "email_summary_v1", {**VALID["email_summary_v1"], "Top": "-1"}, parameter="Top"),
    post("skip-negative-body", "email_draft", {**THREAD, "skip": -1}, parameter="skip"),
    post("skip-int32-overflow-body", "email_draft", {**THREAD, "skip": 2**31}, parameter="skip"),
    post("top-10e30-body", "email_summary_v2", {**VALID["email_summary_v2"], "top": 10**30}, parameter="top"),
    post(
        "top-of-5000-digits",
        "email_draft",
        b'{"resourceType": "email-thread", "resourceData": {}, "top": ' + b"9" * 5000 + b"}",
        parameter="body",
    ),
]

DATES = [
    get(
        "february-30th",
        "record_summary",
        {**RECORD, "startDateTime": "2024-02-30T00:00:00Z"},
        parameter="startDateTime",
    ),
    get("hour-24", "record_summary", {**RECORD, "endDateTime": "2024-05-07T24:00:00Z"}, parameter="endDateTime"),
    get(
        "offset-of-25-hours",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T03:28:38+25:00"},
        parameter="startDateTime",
    ),
    get(
        "offset-of-24-hours",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T03:28:38+24:00"},
        parameter="startDateTime",
    ),
    get(
        "offset-minutes-60",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T03:28:38+05:60"},
        parameter="startDateTime",
    ),
    get("leap-second", "record_summary", {**RECORD, "endDateTime": "2016-12-31T23:59:60Z"}, parameter="endDateTime"),
    get(
        "offset-of-23-59-is-fine",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T03:28:38-23:59"},
        status=200,
    ),
    get("year-zero", "record_summary", {**RECORD, "startDateTime": "0000-01-01T00:00:00Z"}, parameter="startDateTime"),
    get("date-without-time", "record_summary", {**RECORD, "startDateTime": "2024-05-07"}, parameter="startDateTime"),
    get(
        "ten-fraction-digits",
        "record_summary",
        {**RECORD, "endDateTime": "2024-05-07T03:28:38.1234567890Z"},
        parameter="endDateTime",
    ),
    get("unix-timestamp", "record_summary", {**RECORD, "startDateTime": "1715052518"}, parameter="startDateTime"),
    get(
        "start-after-end-across-zones",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T10:00:00+02:00", "endDateTime": "2024-05-07T07:00:00Z"},
        parameter="endDateTime",
    ),
    get(
        "same-instant-in-two-zones",
        "record_summary",
        {**RECORD, "startDateTime": "2024-05-07T10:00:00+02:00", "endDateTime": "2024-05-07T08:00:00Z"},
        status=200,
    ),
    post(
        "sent-as-a-unix-timestamp-number",
        "email_summary_v2",
        {"resourceData": {"sentDateTime": 1715052518}},
        parameter="resourceData.sentDateTime",
    ),
    post(
        "sent-in-month-13",
        "email_summary_v2",
        {"resourceData": {"sentDateTime": "2024-13-01T00:00:00Z"}},
        parameter="resourceData.sentDateTime",
    ),
]

BODIES = [
    post("form-encoded-text-labelled-json", "email_draft", b"resourceType=email-thread", parameter="body"),
    # Two JSON readers (a gateway, the connector) could keep different values: refused, as a repeated parameter.
    post(
        "a-member-given-twice",
        "email_draft",
        b'{"resourceData": {"subject": "a"}, "resourceType": "email-thread", "resourceType": "email-thread"}',
        parameter="resourceType",
    ),
    post(
        "a-nested-member-given-twice",
        "email_summary_v2",
        b'{"resourceData": {"subject": "Renewal", "to": ["a@contoso.com"], "to": ["b@fabrikam.com"]}}',
        parameter="resourceData.to",
    ),
    post(
        "a-member-given-twice-under-escaped-spellings",
        "email_draft",
        b'{"resourceData": {"subject": "a"}, "resourceType": "email-thread", "resource\\u0054ype": "x"}',
        parameter="resourceType",
    ),
    post("json-null", "email_draft", b"null", parameter="body"),
    post("json-number", "email_summary_v2", b"42", parameter="body"),
    post("objects-nested-5000-deep", "email_draft", b'{"a":' * 5000 + b"1" + b"}" * 5000, parameter="body"),
    post(
        "arrays-nested-5000-deep-in-a-field",
        "email_summary_v2",
        b'{"resourceData": {"to": ' + b"[" * 5000 + b"]" * 5000 + b"}}",
        parameter="body",
    ),
    post("one-byte-over-the-cap", "email_draft", b" " * (DEFAULT_CAP + 1), status=413, error_code="REQUEST_TOO_LARGE"),
    post(
        "just-under-the-cap",
        "email_summary_v2",
        json.dumps({"resourceData": {"plaintextBody": "x" * (DEFAULT_CAP - 100)}}).encode(),
        status=200,
    ),
    post(
        "text-plain",
        "email_draft",
        json.dumps(THREAD).encode(),
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=((b"Content-Type", b"text/plain"),),
    ),
    post(
        "form-urlencoded",
        "email_draft",
        b"resourceType=email-thread",
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=((b"Content-Type", b"application/x-www-form-urlencoded"),),
    ),
    post(
        "multipart",
        "email_summary_v2",
        b"--x\r\n\r\n--x--",
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=((b"Content-Type", b"multipart/form-data; boundary=x"),),
    ),
    post(
        "xml",
        "email_summary_v2",
        b"<resourceData/>",
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=((b"Content-Type", b"application/xml"),),
    ),
    post(
        "invalid-utf8-in-a-string",
        "email_draft",
        b'{"resourceType": "email-\xc3\x28thread", "resourceData": {}}',
        parameter="body",
    ),
    post(
        "raw-nul-byte-in-a-string",
        "email_draft",
        b'{"resourceType": "email\x00thread", "resourceData": {}}',
        parameter="body",
    ),
    post(
        "escaped-nul-in-subject",
        "email_summary_v2",
        b'{"resourceData": {"subject": "Re\\u0000newal"}}',
        parameter="resourceData.subject",
    ),
    post(
        "lone-surrogate-in-subject",
        "email_summary_v2",
        b'{"resourceData": {"subject": "Renewal \\ud800"}}',
        parameter="resourceData.subject",
    ),
    post("lone-surrogate-in-a-key", "email_summary_v2", b'{"resourceData": {}, "\\udfff": 1}', parameter="body"),
    post(
        "escaped-c1-control-in-subject",
        "email_summary_v2",
        b'{"resourceData": {"subject": "a\\u009bb"}}',
        parameter="resourceData.subject",
    ),
    post(
        "raw-c1-control-in-subject",
        "email_summary_v2",
        b'{"resourceData": {"subject": "a\xc2\x85b"}}',
        parameter="resourceData.subject",
    ),
    post(
        "escaped-line-separator-in-body-text",
        "email_draft",
        b'{"resourceType": "email-thread", "resourceData": {"plaintextBody": "a\\u2028b"}}',
        parameter="resourceData.plaintextBody",
    ),
    post(
        "raw-paragraph-separator-in-prompt",
        "email_draft",
        b'{"resourceType": "email-thread", "resourceData": {}, "inputPrompt": "a\xe2\x80\xa9b"}',
        parameter="inputPrompt",
    ),
    post(
        "escaped-delete-in-a-recipient",
        "email_summary_v2",
        b'{"resourceData": {"to": ["a\\u007fb"]}}',
        parameter="resourceData.to[0]",
    ),
    post(
        "escaped-escape-character-in-subject",
        "email_summary_v2",
        b'{"resourceData": {"subject": "\\u001b[31m"}}',
        parameter="resourceData.subject",
    ),
    post(
        "tabs-and-line-breaks-in-body-text-are-text",
        "email_summary_v2",
        b'{"resourceData": {"plaintextBody": "Hello,\\r\\n\\tsee you\\u000a"}}',
        status=200,
    ),
    post(
        "nan-is-not-json",
        "email_draft",
        b'{"resourceType": "email-thread", "resourceData": {}, "top": NaN}',
        parameter="body",
    ),
    post(
        "infinity-is-not-json",
        "email_draft",
        b'{"resourceType": "email-thread", "resourceData": {}, "skip": -Infinity}',
        parameter="body",
    ),
    post("top-as-a-python-spelling-string", "email_draft", {**THREAD, "top": "1_0"}, parameter="top"),
    post("top-as-an-integral-float", "email_draft", {**THREAD, "top": 5.0}, status=200),
    post(
        "501-recipients-in-to",
        "email_summary_v2",
        {"resourceData": {"to": ["a@b.c"] * 501}},
        parameter="resourceData.to",
    ),
    post(
        "501-recipients-in-bcc",
        "email_draft",
        {**THREAD, "resourceData": {"bcc": ["a@b.c"] * 501}},
        parameter="resourceData.bcc",
    ),
    post("500-recipients-in-cc", "email_draft", {**THREAD, "resourceData": {"cc": ["a@b.c"] * 500}}, status=200),
    post(
        "101-related-entities",
        "email_summary_v2",
        {"resourceData": {}, "relatedEntities": [{"entityId": "a", "entityType": "account"}] * 101},
        parameter="relatedEntities",
    ),
]

GZIP = (b"Content-Encoding", b"gzip")
_SUBJECT = b'{"resourceData": {"subject": "Renewal chunked"}}'
ENCODINGS = [
    post(
        "gzip-body-is-read",
        "email_summary_v2",
        gzip.compress(b'{"resourceData": {"subject": "Renewal gzip"}}'),
        status=200,
        headers=(JSON, GZIP),
        echo="Renewal gzip",
    ),
    post(
        "x-gzip-body-is-read",
        "email_draft",
        gzip.compress(json.dumps(THREAD).encode()),
        status=200,
        headers=(JSON, (b"Content-Encoding", b"x-gzip")),
    ),
    post(
        "identity-is-read",
        "email_draft",
        json.dumps(THREAD).encode(),
        status=200,
        headers=(JSON, (b"Content-Encoding", b"identity")),
    ),
    post(
        "gzip-then-identity",
        "email_draft",
        gzip.compress(json.dumps(THREAD).encode()),
        status=200,
        headers=(JSON, (b"Content-Encoding", b"gzip, identity")),
    ),
    post("gzip-of-invalid-json", "email_draft", gzip.compress(b"not json"), parameter="body", headers=(JSON, GZIP)),
    post(
        "gzip-header-on-a-plain-body",
        "email_draft",
        json.dumps(THREAD).encode(),
        parameter="body",
        headers=(JSON, GZIP),
    ),
    post(
        "gzip-cut-off",
        "email_draft",
        gzip.compress(json.dumps(THREAD).encode())[:-12],
        parameter="body",
        headers=(JSON, GZIP),
    ),
    post(
        "gzip-with-trailing-garbage",
        "email_draft",
        gzip.compress(json.dumps(THREAD).encode()) + b"junk",
        parameter="body",
        headers=(JSON, GZIP),
    ),
    post(
        "gzip-bomb-over-the-cap",
        "email_draft",
        gzip.compress(b" " * (DEFAULT_CAP * 20)),
        status=413,
        error_code="REQUEST_TOO_LARGE",
        headers=(JSON, GZIP),
    ),
    post(
        "gzip-twice-over-the-cap",
        "email_draft",
        gzip.compress(gzip.compress(b" " * (DEFAULT_CAP * 50))),
        status=413,
        error_code="REQUEST_TOO_LARGE",
        headers=(JSON, (b"Content-Encoding", b"gzip, gzip")),
    ),
    post(
        "brotli",
        "email_draft",
        json.dumps(THREAD).encode(),
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=(JSON, (b"Content-Encoding", b"br")),
    ),
    post(
        "deflate",
        "email_draft",
        json.dumps(THREAD).encode(),
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=(JSON, (b"Content-Encoding", b"deflate")),
    ),
    post(
        "unknown-encoding",
        "email_summary_v2",
        json.dumps(VALID["email_summary_v2"]).encode(),
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=(JSON, (b"Content-Encoding", b"\xff\xfe")),
    ),
    post(
        "gzip-three-times",
        "email_draft",
        json.dumps(THREAD).encode(),
        status=415,
        error_code="UNSUPPORTED_MEDIA_TYPE",
        headers=(JSON, (b"Content-Encoding", b"gzip, gzip, gzip")),
    ),
    post(
        "chunked-body",
        "email_summary_v2",
        b"%x\r\n%s\r\n0\r\n\r\n" % (len(_SUBJECT), _SUBJECT),
        status=200,
        headers=(JSON, (b"Transfer-Encoding", b"chunked")),
        echo="Renewal chunked",
    ),
    post("transfer-encoding-gzip", "email_draft", b"", headers=(JSON, (b"Transfer-Encoding", b"gzip"))),
    post(
        "transfer-encoding-gzip-chunked", "email_draft", b"", headers=(JSON, (b"Transfer-Encoding", b"gzip, chunked"))
    ),
]

QUERIES = [
    # `$` matched before a final line break: these were accepted, while `top=5%20` was refused.
    get("top-ending-in-a-line-break", "record_details", "recordType=account&recordId=a1&top=5%0A", parameter="top"),
    get(
        "startDateTime-ending-in-a-line-break",
        "record_summary",
        "recordType=account&recordId=a1&startDateTime=2024-05-07T03%3A28%3A38Z%0A",
        parameter="startDateTime",
    ),
    # Names fold in ASCII only: with the Kelvin sign this is an unknown parameter, not skip=-1.
    get(
        "kelvin-sign-in-skip-is-another-name",
        "record_details",
        "recordType=account&recordId=a1&S%E2%84%AAip=-1",
        status=200,
    ),
    get("nul-in-accountName", "key_stakeholders", "accountName=Contoso%00", parameter="accountName"),
    get("escape-character-in-accountName", "key_stakeholders", "accountName=a%1B%5B31m", parameter="accountName"),
    get(
        "crlf-in-accountName-is-data-not-a-header",
        "key_stakeholders",
        "accountName=a%0D%0ASet-Cookie:%20x=1",
        status=200,
        echo="a\r\nSet-Cookie: x=1",
    ),
    get(
        "emailContacts-one-per-line",
        "email_summary_v1",
        "emailContacts=kim%40contoso.com%0Alee%40fabrikam.com",
        status=200,
    ),
    get("nul-in-recordId", "record_details", "recordType=account&recordId=a%001", parameter="recordId"),
    get("invalid-utf8-in-accountName", "key_stakeholders", "accountName=Contoso%FF%FE", parameter="accountName"),
    get("invalid-utf8-in-top", "record_details", "recordType=account&recordId=a1&top=%FF", parameter="top"),
    get(
        "overlong-utf8-slash-in-recordId",
        "record_details",
        "recordType=account&recordId=a%C0%AFb",
        parameter="recordId",
    ),
    get(
        "cesu-encoded-surrogate-in-accountName", "key_stakeholders", "accountName=a%ED%A0%80b", parameter="accountName"
    ),
    get("raw-non-ascii-byte-in-the-target-is-not-http", "key_stakeholders", b"accountName=Contoso\xff"),
    get("c1-next-line-in-accountName", "key_stakeholders", "accountName=a%C2%85b", parameter="accountName"),
    get("c1-csi-in-accountName", "key_stakeholders", "accountName=a%C2%9B31m", parameter="accountName"),
    get("delete-in-accountName", "key_stakeholders", "accountName=a%7Fb", parameter="accountName"),
    get(
        "line-separator-in-emailContacts",
        "email_summary_v1",
        "emailContacts=kim%40contoso.com%E2%80%A8x",
        parameter="emailContacts",
    ),
    get("paragraph-separator-in-accountName", "key_stakeholders", "accountName=a%E2%80%A9b", parameter="accountName"),
    get("top-with-underscore", "record_details", {**RECORD, "top": "1_0"}, parameter="top"),
    get("top-in-arabic-indic-digits", "record_details", {**RECORD, "top": "\u0663"}, parameter="top"),
    get("top-in-fullwidth-digits", "record_details", {**RECORD, "top": "\uff15"}, parameter="top"),
    get("top-with-plus-sign", "record_details", {**RECORD, "top": "+5"}, parameter="top"),
    get("top-with-spaces", "record_details", {**RECORD, "top": " 5 "}, parameter="top"),
    get("skip-as-float", "record_summary", {**RECORD, "skip": "1.0"}, parameter="skip"),
    get("skip-of-5000-digits", "record_summary", {**RECORD, "skip": "9" * 5000}, parameter="skip"),
    get("top-with-leading-zeros", "record_details", {**RECORD, "top": "007"}, status=200),
    get(
        "crmOrgUrl-javascript", "record_details", {**RECORD, "crmOrgUrl": "javascript:alert(1)"}, parameter="crmOrgUrl"
    ),
    get(
        "crmOrgUrl-data",
        "record_details",
        {**RECORD, "crmOrgUrl": "data:text/html,<script>x</script>"},
        parameter="crmOrgUrl",
    ),
    get("crmOrgUrl-file", "record_summary", {**RECORD, "crmOrgUrl": "file:///etc/passwd"}, parameter="crmOrgUrl"),
    get(
        "crmOrgUrl-port-too-large",
        "record_details",
        {**RECORD, "crmOrgUrl": "https://contoso.crm.dynamics.com:99999"},
        parameter="crmOrgUrl",
    ),
    get(
        "crmOrgUrl-port-zero",
        "record_details",
        {**RECORD, "crmOrgUrl": "contoso.crm.dynamics.com:0"},
        parameter="crmOrgUrl",
    ),
    get(
        "crmOrgUrl-port-not-a-number",
        "key_sales_info",
        {**RECORD, "crmOrgUrl": "https://contoso.com:https"},
        parameter="crmOrgUrl",
    ),
    get(
        "crmOrgUrl-user-info",
        "key_sales_info",
        {**RECORD, "crmOrgUrl": "https://evil.com@contoso.crm.dynamics.com/"},
        parameter="crmOrgUrl",
    ),
    get(
        "crmOrgUrl-unclosed-ipv6", "key_sales_info", {**RECORD, "crmOrgUrl": "https://[fe80::1"}, parameter="crmOrgUrl"
    ),
    get(
        "crmOrgUrl-with-port-and-path",
        "record_details",
        {**RECORD, "crmOrgUrl": "https://contoso.crm.dynamics.com:443/main.aspx?appid=1"},
        status=200,
    ),
    get(
        "crmOrgUrl-bare-host-and-port",
        "record_details",
        {**RECORD, "crmOrgUrl": "contoso.crm.dynamics.com:8443"},
        status=200,
    ),
    get("recordId-of-10-kb", "record_details", {**RECORD, "recordId": "x" * 10_240}, parameter="recordId"),
    get("accountName-of-64-kb", "key_stakeholders", {"accountName": "x" * 65_536}, parameter="accountName"),
    get("emailContacts-of-64-kb", "email_summary_v1", {"emailContacts": "a@b.c," * 11_000}, parameter="emailContacts"),
    get("crmOrgUrl-of-16-kb", "record_details", {**RECORD, "crmOrgUrl": "a" * 16_384 + ".com"}, parameter="crmOrgUrl"),
    get("recordType-of-16-kb", "key_sales_info", {**RECORD, "recordType": "a" * 16_384}, parameter="recordType"),
    get("top-twice", "record_details", "recordType=account&recordId=a1&top=1&top=2", parameter="top"),
    get("recordId-twice", "record_summary", "recordType=account&recordId=a1&recordId=b2", parameter="recordId"),
    get(
        "recordType-twice-in-two-spellings",
        "key_sales_info",
        "recordType=account&RecordType=lead&recordId=a1",
        parameter="recordType",
    ),
    get("Top-and-top", "email_summary_v1", "emailContacts=kim%40contoso.com&Top=1&top=1", parameter="Top"),
    get("an-unknown-parameter-twice-is-ignored", "key_stakeholders", "accountName=Contoso&debug=1&debug=2", status=200),
]

_ID = b"x-ms-client-request-id"
HEADERS = [  # waitress refuses the first four before the app runs; the host answers them as JSON
    get("request-id-with-cr", "key_stakeholders", VALID["key_stakeholders"], headers=((_ID, b"abc\rdef"),)),
    get(
        "request-id-with-header-injection",
        "key_stakeholders",
        VALID["key_stakeholders"],
        headers=((_ID, b"abc\nSet-Cookie: injected=1"),),
    ),
    get(
        "request-id-with-control-character",
        "key_stakeholders",
        VALID["key_stakeholders"],
        headers=((_ID, b"abc\x01def"),),
    ),
    get("request-id-with-nul", "key_stakeholders", VALID["key_stakeholders"], headers=((_ID, b"abc\x00def"),)),
    get(
        "headers-over-256-kb", "key_stakeholders", VALID["key_stakeholders"], headers=((b"x-padding", b"p" * 300_000),)
    ),
    get(
        "request-id-with-tab", "key_stakeholders", VALID["key_stakeholders"], status=200, headers=((_ID, b"abc\tdef"),)
    ),
    get(
        "request-id-folded-over-two-lines",
        "key_stakeholders",
        VALID["key_stakeholders"],
        status=200,
        headers=((_ID, b"abc\r\n def"),),
    ),
    get(
        "request-id-of-non-ascii-bytes",
        "key_stakeholders",
        VALID["key_stakeholders"],
        status=200,
        headers=((_ID, b"\xff\xfe<script>"),),
    ),
    get(
        "request-id-of-16-kb",
        "key_stakeholders",
        VALID["key_stakeholders"],
        status=200,
        headers=((_ID, b"r" * 16_384),),
    ),
    get(
        "accept-language-garbage",
        "key_sales_info",
        RECORD,
        status=200,
        headers=((b"Accept-Language", b"en-US;q=abc,,;;=;q"),),
    ),
    get(
        "accept-language-weight-above-one",
        "key_sales_info",
        RECORD,
        status=200,
        headers=((b"Accept-Language", b"fr;q=2"),),
    ),
    get(
        "accept-language-binary", "key_sales_info", RECORD, status=200, headers=((b"Accept-Language", b"\xff\xfe\xfd"),)
    ),
    get(
        "accept-language-of-16-kb",
        "key_sales_info",
        RECORD,
        status=200,
        headers=((b"Accept-Language", b"de-DE-" * 2730 + b"x"),),
    ),
    get(
        "accept-language-private-use",
        "key_sales_info",
        RECORD,
        status=200,
        language="en",
        headers=((b"Accept-Language", b"x-klingon"),),
    ),
    get(
        "accept-language-grandfathered",
        "key_sales_info",
        RECORD,
        status=200,
        language="en",
        headers=((b"Accept-Language", b"i-klingon"),),
    ),
    get(
        "accept-language-private-use-after-a-good-tag",
        "key_sales_info",
        RECORD,
        status=200,
        language="de",
        headers=((b"Accept-Language", b"de;q=0.9, x-private;q=0.5, i-default;q=0.4"),),
    ),
    get(
        "accept-language-unicode-extension",
        "key_sales_info",
        RECORD,
        status=200,
        language="ja",
        headers=((b"Accept-Language", b"ja-JP-u-ca-japanese"),),
    ),
    get(
        "accept-language-q0-refuses",
        "key_sales_info",
        RECORD,
        status=200,
        language="fr",
        headers=((b"Accept-Language", b"en;q=0, fr;q=0.1"),),
    ),
    get(
        "accept-language-star-is-any-not-refused",
        "key_sales_info",
        RECORD,
        status=200,
        language="fr",
        headers=((b"Accept-Language", b"en;q=0, *"),),
    ),
    get(
        "accept-language-best-weight-after-200-ranges",
        "key_sales_info",
        RECORD,
        status=200,
        language="es",
        headers=((b"Accept-Language", b", ".join([b"zz-ZZ;q=0.9"] * 200 + [b"es;q=0.8"])),),
    ),
    get(
        "accept-language-unknown-tags-skipped",
        "key_sales_info",
        RECORD,
        status=200,
        language="de",
        headers=((b"Accept-Language", b"tlh, qaa-Latn, zz, de;q=0.2"),),
    ),
    get(
        "accept-language-latin1-bytes",
        "key_sales_info",
        RECORD,
        status=200,
        language="en",
        headers=((b"Accept-Language", b"fr\xe9, \xff;q=1"),),
    ),
    get(
        "principal-of-junk-when-not-required",
        "key_sales_info",
        RECORD,
        status=200,
        headers=((b"x-ms-client-principal", base64.b64encode(b"[" * 20_000)),),
    ),
    get("traceparent-of-junk", "key_sales_info", RECORD, status=200, headers=((b"traceparent", b"00-\xff-zz"),)),
    get(
        "authorization-of-binary",
        "key_sales_info",
        RECORD,
        status=200,
        headers=((b"Authorization", b"Bearer \xff\xfe\x80"),),
    ),
]

UNICODE = [  # unusual but real names: served, and shown back exactly
    get(f"accountName-{label}", "key_stakeholders", {"accountName": name}, status=200, echo=name)
    for label, name in [
        ("emoji", "Contoso 🚀 Ltd"),
        ("arabic", "شركة المثال"),
        ("combining-accent", "Ame\u0301lie & Co"),
        ("zero-width-joiner", "Con\u200dtoso"),
        ("japanese", "株式会社コントソ"),
        ("fullwidth", "Ｃｏｎｔｏｓｏ"),
        ("right-to-left-override", "Contoso \u202egnp.exe"),
        ("astral-plane", "𝔠𝔬𝔫𝔱𝔬𝔰𝔬"),
    ]
] + [
    get("recordId-in-swedish", "record_summary", {**RECORD, "recordId": "ÅÄÖ-42"}, status=200, echo="ÅÄÖ-42"),
    post(
        "subject-with-emoji",
        "email_summary_v2",
        {"resourceData": {"subject": "Renewal 🎉 Ωmega"}},
        status=200,
        echo="Renewal 🎉 Ωmega",
    ),
    get("recordType-not-ascii", "key_sales_info", {**RECORD, "recordType": "açcount"}, parameter="recordType"),
    get("emailContacts-internationalised", "email_summary_v1", {"emailContacts": "müller@exämple.de"}, status=200),
]

CATALOGUE = MISSING + WRONG_TYPES + NUMBERS + DATES + BODIES + ENCODINGS + QUERIES + HEADERS + UNICODE


@pytest.fixture(autouse=True)
def echo(configure):
    configure(CONNECTOR_SOURCE="tests.support.sources:EchoSource")


def _texts(document: object) -> str:
    """Every string in a JSON document (and in the Adaptive Cards it carries as strings), one per line."""
    if isinstance(document, dict):
        return "\n".join(_texts(value) for value in document.values())
    if isinstance(document, list):
        return "\n".join(_texts(value) for value in document)
    if isinstance(document, str) and document.startswith("{"):
        return document + "\n" + _texts(json.loads(document))
    return str(document)


def _send(base_url: str, case: Case) -> RawResponse:
    op = operation(case.operation)
    if op.method == "GET":
        target = op.route.encode() + (
            b"?" + (case.query if isinstance(case.query, bytes) else case.query.encode()) if case.query else b""
        )
        return send(base_url, "GET", target, list(case.headers))
    body = case.body if case.body is not None else json.dumps(VALID[case.operation]).encode()
    return send(base_url, "POST", op.route, list(case.headers), body)


def test_the_catalogue_is_large_and_every_expectation_is_declared():
    assert len(CATALOGUE) >= 40
    assert len({case.id for case in CATALOGUE}) == len(CATALOGUE)
    for case in CATALOGUE:
        assert case.status == 200 or ErrorCode(case.error_code).status == case.status, case.id


@pytest.mark.parametrize("case", CATALOGUE, ids=lambda case: case.id)
def test_bad_input_gets_its_declared_answer(served_host, case):
    response = _send(served_host, case)
    assert response.status == case.status, response.body[:300]
    for name, value in case.headers:  # the caller's request id is echoed only when it is a clean token
        if name == _ID and not SAFE_REQUEST_ID.match(value.decode("latin-1")):
            assert value[:8] not in response.body
            assert value.decode("latin-1") != response.headers.get("x-ms-client-request-id")
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    request_id = response.headers.get("x-ms-client-request-id")
    if request_id is not None:  # the pipeline answered (not the host refusing malformed HTTP)
        assert SAFE_REQUEST_ID.match(request_id)
    if case.language is not None:
        assert response.headers["Content-Language"] == case.language
    if case.status == 200:
        operation(case.operation).response.model_validate(body)
        if case.echo is not None:
            assert case.echo in _texts(body)
        assert "Set-Cookie" not in response.headers
        return
    error = ApiError.model_validate(body)
    assert error.errorCode == case.error_code
    if request_id is not None:
        assert error.activityId == request_id
    assert which(error.errorMessage, response.headers.get("Content-Language", "en"), "error"), error.errorMessage
    for reason in (error.details or {}).values():  # the connector's own sentences, never Python's
        assert which(reason, response.headers["Content-Language"], "detail"), reason
    if case.parameter is not None:
        assert case.parameter in error.details, error.details
        assert error.details[case.parameter]  # says why


def test_the_host_still_answers_normally_after_the_catalogue(served_host):
    response = send(
        served_host,
        "GET",
        "enhanceskills/key-stakeholders?accountName=Contoso",
        [(b"Accept-Language", b"fr-FR"), (_ID, b"after-catalogue-1")],
    )
    assert response.status == 200
    assert response.headers["Content-Language"] == "fr"
    assert response.headers["x-ms-client-request-id"] == "after-catalogue-1"
    assert "Contoso" in response.json()["adaptiveCards"][0]["adaptiveCard"]


@pytest.mark.parametrize("language", ["en", "fr", "ja"])
def test_a_request_trickled_past_its_budget_is_the_callers_fault(served_host, configure, language):
    """A slow upload is answered 408 REQUEST_TIMEOUT in the caller's language, never 504 blaming the partner."""
    import socket
    import time
    from urllib.parse import urlsplit

    configure(CONNECTOR_SOURCE="tests.support.sources:EchoSource", CONNECTOR_DEADLINE_SECONDS="0.5")
    body = json.dumps(VALID["email_draft"]).encode()
    address = urlsplit(served_host)
    head = (
        f"POST {address.path}/{operation('email_draft').route} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nAccept-Language: {language}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(head.encode())
        for start in range(0, len(body), len(body) // 4 + 1):
            time.sleep(0.2)
            sock.sendall(body[start : start + len(body) // 4 + 1])
        response = http.client.HTTPResponse(sock)
        response.begin()
        status, answer = response.status, json.loads(response.read())

    assert (status, answer["errorCode"]) == (408, "REQUEST_TIMEOUT")
    assert ErrorCode.REQUEST_TIMEOUT.status == 408
    assert response.headers["Content-Language"] == language
    assert which(answer["errorMessage"], language, "error") == "error.request_timeout"
