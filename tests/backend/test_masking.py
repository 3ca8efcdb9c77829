"""The one masking rule for back-end text: what the connector sent never comes back out in a log line."""

from __future__ import annotations

from connector.sources.backend.failures import body_excerpt
from connector.sources.backend.masking import Sent

TOKEN = ".".join(("headerPartOfIt", "payloadPartOfIt", "signaturePartOfIt"))  # a JWT's shape
HEADERS = {
    "Accept": "application/json",
    "x-ms-client-request-id": "req-7",
    "x-connector-language": "fr",
    "x-api-key": "k1",
    "Authorization": f"Bearer {TOKEN}",
}


def test_the_key_and_the_token_are_masked_whole_and_in_parts_whatever_their_length():
    sent = Sent(HEADERS, ("k1", f"Bearer {TOKEN}"))
    header, payload, signature = TOKEN.split(".")

    for echoed in (f"Bearer {TOKEN}", TOKEN, header, payload, signature, f"{payload}.{signature}", "key=k1"):
        masked = sent.mask(f"you sent {echoed}!")
        assert echoed not in masked and "[sent]" in masked, masked


def test_header_values_and_inputs_are_masked_but_short_words_are_not():
    sent = Sent(HEADERS, (), {"recordId": "ACC-9", "top": 5}, {"resourceData": {"subject": ["Renewal terms"]}})

    masked = sent.mask("req-7 ACC-9 Renewal terms application/json fr en")

    assert masked == "[sent] [sent] [sent] [sent] fr en"


def test_a_masked_excerpt_drops_control_characters_personal_data_and_is_cut():
    sent = Sent(HEADERS, ("k1", f"Bearer {TOKEN}"))

    excerpt = body_excerpt(f"{TOKEN}\r\nX-Injected: ana@contoso.com 0612345678 ".encode() + b"x" * 2000, sent)

    assert TOKEN not in excerpt and "\r" not in excerpt and "\n" not in excerpt
    assert "[sent]" in excerpt and "[email]" in excerpt and "[number]" in excerpt
    assert excerpt.endswith("…'") and len(excerpt) < 320
