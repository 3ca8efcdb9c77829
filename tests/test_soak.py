"""The short soak CI runs: mixed requests at several concurrency levels through a real local host
process; no answer may be wrong and the host's memory must stay flat (`benchmarks/soak.py`)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from benchmarks.soak import backend_source_available, soak

LEVELS = (1, 4, 16)
REQUESTS_PER_LEVEL = 600
# The embedded sample source when this checkout has it, else a test source: the pipeline and the
# host are what is soaked either way.
SOURCE = "sample" if importlib.util.find_spec("connector.sources.sample") else "tests.support.sources:CountingSource"


def _held(report) -> None:
    assert [level.requests for level in report.levels] == [REQUESTS_PER_LEVEL] * len(LEVELS)
    assert report.error_count == 0, "\n".join(report.lines())
    if sys.platform == "linux":  # where the host's memory can be read
        assert report.rss_baseline and report.rss_final
    assert report.memory_is_flat(), "\n".join(report.lines())


def test_a_short_soak_through_the_local_host_holds():
    _held(soak(SOURCE, LEVELS, REQUESTS_PER_LEVEL))


def test_a_short_soak_through_the_backend_source_against_a_local_back_end_holds():
    if not backend_source_available():
        pytest.skip("the back-end source (connector/sources/backend) is not in this checkout yet")
    _held(soak("backend", LEVELS, REQUESTS_PER_LEVEL))
