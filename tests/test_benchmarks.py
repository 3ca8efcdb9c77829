"""The benchmark suite still runs (a quick smoke run) and compares like with like. No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from connector.contract import OPERATIONS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PARTS = {"in_process", "cold_start", "worker_index", "loopback", "budget", "telemetry", "growth", "capacity"}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("benchmarks")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # the worker part builds the worker tier's environment when no run has cached it yet
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_quick_run_reports_every_part_with_its_columns(quick_run):
    results = json.loads((quick_run / "latest.json").read_text(encoding="utf-8"))
    assert set(results["parts"]) == PARTS
    assert results["machine"]["python"] and results["machine"]["cpus"]
    for name, part in results["parts"].items():
        assert part.get("skipped") or part["rows"], f"{name} measured nothing and says no reason"
        for row in part["rows"]:
            assert set(part["columns"]) <= set(row), name
        for floor in part["floors"]:
            assert isinstance(floor["met"], bool) and floor["measured"]
    assert {row["operation"] for row in results["parts"]["in_process"]["rows"]} == {op.key for op in OPERATIONS}
    assert {(row["operation"], row["concurrency"]) for row in results["parts"]["loopback"]["rows"]} == {
        (op.key, c) for op in OPERATIONS for c in (1, 8, 32)
    }
    assert all(row["errors"] == 0 for row in results["parts"]["loopback"]["rows"])
    assert [row["variant"] for row in results["parts"]["cold_start"]["rows"]] == [
        *(f"pipeline: {op.key}" for op in OPERATIONS),  # every operation's first answer, each in a fresh process
        *(f"pipeline, constant-cost: {op.key}" for op in OPERATIONS),
        "fastapi",
        "bare index",
        "bare",
        "bare + one pydantic model",
    ]
    assert all(row["statuses"] == [200] for row in results["parts"]["cold_start"]["rows"])
    capacity = results["parts"]["capacity"]
    assert all(row["errors"] == 0 for row in capacity["rows"])
    assert {(row["threads"], row["callers"]) for row in capacity["rows"]} == {(1, 1), (1, 2), (2, 2), (2, 4)}
    assert capacity["recommended_threads"] in (1, 2)


def test_quick_run_reports_every_goal_and_draws_the_charts(quick_run):
    results = json.loads((quick_run / "latest.json").read_text(encoding="utf-8"))
    markdown = (quick_run / "latest.md").read_text(encoding="utf-8")
    goals = [goal for part in results["parts"].values() for goal in part.get("goals", ())]
    # overhead, FastAPI ratio, import, first answer, capacity; telemetry unless it sent nothing; the
    # worker's indexing unless no Python 3.13 is installed
    optional = [results["parts"][part].get("skipped") for part in ("telemetry", "worker_index")]
    assert len(goals) == 5 + optional.count(None)
    assert "| goal | measured | met | what bounds it |" in markdown
    for goal in goals:
        assert isinstance(goal["met"], bool) and goal["measured"]
        assert f"| {goal['goal']} | {goal['measured']} | " in markdown
        assert goal["met"] or goal["bound"], goal["goal"]  # a gap always says what bounds it
    assert results["charts"] == ["capacity.svg", "growth.svg"]
    for chart in results["charts"]:
        assert (quick_run / chart).read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert f"]({chart})" in markdown


def test_quick_run_writes_a_markdown_table_per_part(quick_run):
    results = json.loads((quick_run / "latest.json").read_text(encoding="utf-8"))
    markdown = (quick_run / "latest.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Benchmark results")
    assert "| floor | measured | met |" in markdown
    for part in results["parts"].values():
        assert f"## {part['title']}" in markdown
        if part["rows"]:
            assert "| " + " | ".join(part["columns"].values()) + " |" in markdown


def test_fastapi_variant_answers_exactly_what_the_pipeline_answers():
    """The comparison is fair only if both variants do the same work and send the same bodies."""
    from benchmarks.growth import BENCHMARK_SOURCE
    from benchmarks.variants import Variants
    from benchmarks.workload import DEFAULT_TOP, call_for

    variants = Variants(BENCHMARK_SOURCE)
    for op in OPERATIONS:
        call = call_for(op)
        ours, theirs = variants.pipeline(call)(), variants.fastapi(call)()
        assert (ours.status_code, theirs.status_code) == (200, 200), op.key
        assert json.loads(ours.get_body()) == json.loads(theirs.get_body()), op.key
        if op.paged:
            assert len(json.loads(ours.get_body())["value"]) == DEFAULT_TOP, op.key


def test_only_measures_the_parts_named_and_refuses_an_unknown_one(tmp_path):
    command = [sys.executable, "-m", "benchmarks", "--quick", "--out", str(tmp_path), "--only"]
    done = subprocess.run([*command, "cold_start"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))["parts"]) == {"cold_start"}
    refused = subprocess.run([*command, "cold"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "no such part: cold" in refused.stderr
