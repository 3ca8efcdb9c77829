"""schemathesis, driven by the generated definition, against the real local host.

It generates requests from the committed definition (valid and edge-case inputs for every operation)
and checks that the host never answers with a server error, and that every status, content type and
body it answers is one the definition declares. The example count is bounded so CI stays fast; set
FUZZ_EXAMPLES to search harder. Seeded and derandomized, so a failure reproduces.
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

from connector.openapi import DEFINITION_PATH
from connector.settings import reload_settings
from connector.sources import reset_source

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
SEED = 20240507
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

_config = schemathesis.Config()
_config.update(seed=SEED, max_failures=None)
schema = schemathesis.openapi.from_path(DEFINITION_PATH, config=_config)


@pytest.fixture(scope="module", autouse=True)
def counting_source() -> Iterator[None]:
    """Every operation answers items, so fuzzed calls reach response shaping, not just validation."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONNECTOR_SOURCE", "tests.support.sources:CountingSource")
        reload_settings()
        reset_source()
        yield
    reload_settings()
    reset_source()


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_error_and_no_response_that_breaks_the_definition(case, local_host):
    case.call_and_validate(base_url=local_host, checks=CHECKS)
