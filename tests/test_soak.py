"""The short soak CI runs: mixed requests at several concurrency levels through a real local host
process; no answer may be wrong and the host's memory must stay flat (`benchmarks/soak.py`)."""

from __future__ import annotations

import sys

from benchmarks.soak import soak

LEVELS = (1, 4, 16)
REQUESTS_PER_LEVEL = 600


def _held(report) -> None:
    assert [level.requests for level in report.levels] == [REQUESTS_PER_LEVEL] * len(LEVELS)
    assert report.error_count == 0, "\n".join(report.lines())
    if sys.platform == "linux":  # where the host's memory can be read
        assert report.rss_baseline and report.rss_final
    assert report.memory_is_flat(), "\n".join(report.lines())


def test_a_short_soak_through_the_local_host_holds():
    _held(soak("sample", LEVELS, REQUESTS_PER_LEVEL))


def test_a_short_soak_through_the_backend_source_against_a_local_back_end_holds():
    _held(soak("backend", LEVELS, REQUESTS_PER_LEVEL))


def test_a_short_soak_against_a_back_end_with_every_fault_holds():
    """Interim answers, trickles, unservable items, bad headers, bombs, and the framing faults (a 204 or 304
    declaring another caller's answer as its body, bytes after an answer, an unreadable Content-Length)
    on shared keep-alive connections:
    every caller gets its own answer or the right error (no cross-talk: each healthy answer names its own
    record; a trickle is a 504, the connector's own deadline), and host threads and sockets stay within
    what the configuration explains (`benchmarks/faults.py`; the benchmark also times every answer)."""
    from benchmarks.faults import soak_faults

    report = soak_faults((4, 8), 80)

    assert [level.requests for level in report.levels] == [80, 80]
    assert report.error_count == 0, "\n".join(report.lines())
    if sys.platform == "linux":  # where the host's threads and sockets can be read
        assert all(level.resources_after for level in report.levels)
    assert report.resources_flat(), "\n".join(report.lines())
