"""The results as JSON and as a Markdown table, with the machine they were measured on."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return "" if value is None else str(value)


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['measured_at']} on {m['cpu']} ({m['cpus']} CPUs), {m['system']}, Python {m['python']}; "
        f"load average at start {m['load_average']}, at the end {results.get('load_average_end')}. Source: `{results['source']}`. "
        f"Run: `python -m benchmarks{' --quick' if results['quick'] else ''}`.",
        "",
    ]
    lines += goals_table(results)
    lines += [
        "",
        "## Floors",
        "",
        "| floor | measured | met |",
        "|---|---|---|",
    ]
    for part in results["parts"].values():
        for floor in part["floors"]:
            lines.append(f"| {floor['floor']} | {floor['measured']} | {'yes' if floor['met'] else '**no**'} |")
        if part.get("skipped"):
            lines.append(f"| {part['title']} | skipped: {part['skipped']} | n/a |")
    for chart in results.get("charts", ()):
        lines += ["", f"![{chart}]({chart})"]
    for part in results["parts"].values():
        lines += ["", f"## {part['title']}", ""]
        if part.get("skipped"):
            lines += [f"Skipped: {part['skipped']}.", ""]
        if part["rows"]:
            columns = part["columns"]
            lines.append("| " + " | ".join(columns.values()) + " |")
            lines.append("|" + "---|" * len(columns))
            for row in part["rows"]:
                lines.append("| " + " | ".join(_cell(row.get(key)) for key in columns) + " |")
        for note in part.get("notes", []):
            lines += ["", note]
    return "\n".join(lines) + "\n"


def goals_table(results: dict[str, Any]) -> list[str]:
    """Issue 15's goals, each met or with its gap and what bounds it, measured in this run."""
    goals = [goal for part in results["parts"].values() for goal in part.get("goals", ())]
    if not goals:
        return []
    lines = ["## Goals", "", "| goal | measured | met | what bounds it |", "|---|---|---|---|"]
    for goal in goals:
        met = "met" if goal["met"] else "**not met**"
        lines.append(f"| {goal['goal']} | {goal['measured']} | {met} | {'' if goal['met'] else goal['bound']} |")
    return lines


def write(results: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "latest.json", directory / "latest.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
    return json_path, md_path


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
