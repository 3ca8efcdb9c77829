"""One paging rule: a page is cut once, by the service when it pages and by the connector when it does not.

Four services answer the same seven items for every paged operation: one that pages and says
`hasMoreResults`, one that pages and answers a plain list (the mapping returns the items), one that
pages and says `total`, and one that ignores `top`/`skip` and answers everything. Each must give
the caller the same page for the same `top`/`skip`, at the edges too.
"""

from __future__ import annotations

import json

import pytest

from connector.contract import OPERATIONS, Operation
from connector.sources.backend.mapping_contract import CONTRACT_MAPPINGS, OperationMapping
from connector.sources.base import Page
from tests.backend.conftest import BASE_PATH
from tests.conftest import body_of
from tests.support.backend_server import BackendServer, Received, Reply
from tests.support.contract_items import item
from tests.support.inputs import paged

PAGED = [op for op in OPERATIONS if op.paged]
COUNT = 7


def page_asked(op: Operation, received: Received) -> tuple[int, int]:
    names = {name.lower(): name for name in op.input_names()}
    data = received.query if op.method == "GET" else received.json()
    return int(data[names["top"]]), int(data[names["skip"]])


def contract_service(op: Operation):
    def respond(received: Received) -> Reply:
        top, skip = page_asked(op, received)
        everything = [item(op, n) for n in range(COUNT)]
        return Reply(body={"value": everything[skip : skip + top], "hasMoreResults": skip + top < COUNT})

    return respond


def plain_list_service(op: Operation):
    def respond(received: Received) -> Reply:
        top, skip = page_asked(op, received)
        return Reply(body={"items": [item(op, n) for n in range(COUNT)][skip : skip + top]})

    return respond


def total_service(op: Operation):
    def respond(received: Received) -> Reply:
        top, skip = page_asked(op, received)
        return Reply(body={"items": [item(op, n) for n in range(COUNT)][skip : skip + top], "total": COUNT})

    return respond


def unpaged_service(op: Operation):
    def respond(received: Received) -> Reply:
        data = received.query if op.method == "GET" else received.json()
        assert not {"top", "skip"} & {name.lower() for name in data}, "a service that does not page gets no page"
        return Reply(body={"everything": [item(op, n) for n in range(COUNT)]})

    return respond


def by_total(document, inputs) -> Page:
    """The worked example of docs/backend.md: `hasMoreResults` from the service's `total` and the inputs."""
    return Page(document["items"], has_more=(inputs.skip or 0) + len(document["items"]) < document["total"])


SERVICES = {
    "pages, with hasMoreResults": (contract_service, None),
    "pages, a plain list": (plain_list_service, {"answer": lambda document, inputs: document["items"]}),
    "pages, with a total": (total_service, {"answer": by_total}),
    "does not page": (unpaged_service, {"answer": lambda document, inputs: document["everything"], "pages": False}),
}

# top, skip -> the item numbers served, and hasMoreResults when the service can tell
EDGES = [
    (None, None, list(range(7)), False),
    (2, 1, [1, 2], True),
    (1, 2, [2], True),
    (3, 5, [5, 6], False),
    (3, 4, [4, 5, 6], False),
    (7, 0, list(range(7)), False),
    (2, 7, [], False),
    (5, 100, [], False),
    (100, 0, list(range(7)), False),
    (0, 0, [], True),
]


@pytest.fixture
def serve(configure, contract_mapping):
    servers = []

    def start(op: Operation, service: str) -> BackendServer:
        make, mapping = SERVICES[service]
        if mapping:
            contract_mapping[op.key] = OperationMapping(**mapping)
        server = BackendServer(respond=make(op)).start()
        servers.append(server)
        configure(CONNECTOR_SOURCE="backend", BACKEND_BASE_URL=server.url + BASE_PATH)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("op", PAGED, ids=lambda op: op.key)
@pytest.mark.parametrize(("top", "skip", "served", "more"), EDGES, ids=lambda v: repr(v) if v is None else None)
def test_every_paged_operation_serves_the_page_asked_for_once(serve, call, op, service, top, skip, served, more):
    server = serve(op, service)

    body = body_of(call(op.key, **paged(op, top, skip)))

    assert body["value"] == [item(op, n) for n in served], json.dumps(body)
    if service != "pages, a plain list":  # a plain list cannot say whether more follow
        assert body["hasMoreResults"] is more
    assert len(server.received) == 1


def test_a_plain_list_from_a_service_that_pages_claims_no_more_results(serve, call):
    op = next(op for op in PAGED if op.key == "record_summary")
    serve(op, "pages, a plain list")

    assert body_of(call(op.key, **paged(op, 2, 1)))["hasMoreResults"] is False


def test_a_service_that_pages_but_answers_more_than_top_is_cut_and_says_more_follow(serve, call):
    op = next(op for op in PAGED if op.key == "key_sales_info")
    server = serve(op, "pages, a plain list")
    server.reply(Reply(body={"items": [item(op, n) for n in range(COUNT)]}))  # ignores top

    body = body_of(call(op.key, **paged(op, 2, 1)))

    # The service answered a page: the connector never skips again, it only keeps to top.
    assert body == {"value": [item(op, 0), item(op, 1)], "hasMoreResults": True}


def test_the_shipped_contract_mapping_pages_at_the_service():
    assert all(CONTRACT_MAPPINGS[op.key].pages for op in PAGED)
