"""An interim answer (103 Early Hints, 102 Processing) before the final one never leaks into another call.

The back end keeps its connections alive and the connector pools them: if the final answer of one
call stayed unread in the connection, the next call on it would be served that answer, another
seller's insights.
"""

from __future__ import annotations

import pytest

from tests.backend.conftest import settings_for
from tests.conftest import body_of
from tests.support.backend_server import Reply


def activity(seller: str) -> dict[str, str]:
    return {"title": f"Call with {seller}", "description": f"{seller}'s renewal.", "dateTime": "2024-05-07T03:28:38Z"}


@pytest.mark.parametrize("interim", [(103,), (102,), (102, 103)])
def test_every_call_gets_its_own_answer_after_interim_answers(backend, call, configure, interim):
    configure(**settings_for(backend, BACKEND_POOL_SIZE="1"))  # one pooled connection: every call shares it
    backend.reply(
        Reply(interim=interim, body={"value": [activity("Ana")]}),
        Reply(body={"value": [activity("Ben")]}),
        Reply(interim=interim, body={"value": [activity("Chloe")]}),
        Reply(body={"value": [activity("Dev")]}),
    )

    served = []
    for n in range(4):
        response = call("record_summary", params={"recordType": "account", "recordId": f"A-{n}"})
        assert response.status_code == 200, response.get_body()
        served.append(body_of(response)["value"])

    assert served == [[activity("Ana")], [activity("Ben")], [activity("Chloe")], [activity("Dev")]]
    assert [r.query["recordId"] for r in backend.received] == ["A-0", "A-1", "A-2", "A-3"]


@pytest.mark.parametrize(
    ("interim", "attempts"),
    [((101,), 1), ((103,) * 17, 2)],  # a broken answer is a connection failure: a GET is tried once more
    ids=["an unasked-for 101", "more interim answers than any real back end sends"],
)
def test_an_interim_answer_that_cannot_be_read_past_closes_the_connection(backend, call, configure, interim, attempts):
    configure(**settings_for(backend, BACKEND_POOL_SIZE="1"))
    backend.reply(
        *[Reply(interim=interim, body={"value": [activity("Ana")]})] * attempts,
        Reply(body={"value": [activity("Ben")]}),
    )

    first = call("record_summary", params={"recordType": "account", "recordId": "A-0"})
    second = call("record_summary", params={"recordType": "account", "recordId": "A-1"})

    assert (first.status_code, body_of(first)["errorCode"]) == (502, "BACKEND_ERROR")
    assert "Ana" not in second.get_body().decode()
    assert (second.status_code, body_of(second)["value"]) == (200, [activity("Ben")])
    # The second call had to open a connection of its own: the first one was never reused.
    assert len({r.connection for r in backend.received}) == attempts + 1
