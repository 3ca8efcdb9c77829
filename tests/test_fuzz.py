"""schemathesis, driven by the generated definition, against the local host (its WSGI app, in process).

It generates requests for every operation the host serves (the committed definition, plus the
email summary v1 operation, which a definition generated with `--email-summary v1` carries),
valid and invalid ones alike, and checks that the host never answers with a server error, and that
every status, content type and body is one the definition declares. At least 100 examples per
operation and source, seeded and derandomized, so CI always runs the same search and a failure
reproduces. A longer search: `FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py` (see
docs/security.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from connector.tools.openapi import DEFINITION_PATH, build_definition
from tests.support.app import build_connector

FUZZ_EXAMPLES = max(100, int(os.environ.get("FUZZ_EXAMPLES", "100")))
SEED = 20240507
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SOURCES = ["tests.support.sources:CountingSource", "sample"]

_config = schemathesis.Config()
_config.update(seed=SEED, max_failures=None)
schema = schemathesis.openapi.from_path(DEFINITION_PATH, config=_config)
email_summary_v1 = schemathesis.openapi.from_dict(build_definition(email_summary="v1"), config=_config).include(
    path="/enhanceskills/email-insights"
)
FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module", autouse=True, params=SOURCES)
def source(request, connectors) -> Iterator[str]:
    """A test source whose every operation answers items (so fuzzed calls reach response shaping),
    then the embedded sample source, which localizes and generates its answers."""
    connector = connectors.push(build_connector({"CONNECTOR_SOURCE": request.param}))
    yield request.param
    connectors.pop([connector])


@schema.parametrize()
@FUZZ_SETTINGS
def test_no_server_error_and_no_response_that_breaks_the_definition(case, local_host):
    case.call_and_validate(base_url=local_host.api, session=local_host, checks=CHECKS)


@email_summary_v1.parametrize()
@FUZZ_SETTINGS
def test_email_summary_v1_holds_under_fuzzing_too(case, local_host):
    case.call_and_validate(base_url=local_host.api, session=local_host, checks=CHECKS)
