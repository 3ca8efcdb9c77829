"""The conformance report: one line per check, pass, fail or skip with the reason, and a summary."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["pass", "fail", "skip"]

MAX_REASONS = 3  # a failing check names its first few problems; the rest are counted


@dataclass(frozen=True)
class Check:
    subject: str  # an operation key, "definition" or "connector"
    name: str  # what was checked, e.g. "outputs", "latency"
    status: Status
    reason: str
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.status == "fail"


def passed(subject: str, name: str, reason: str, notes: list[str] | tuple[str, ...] = ()) -> Check:
    return Check(subject, name, "pass", reason, tuple(dict.fromkeys(notes)))


def failed(subject: str, name: str, problems: list[str]) -> Check:
    """A failed check; its reason lists the first problems and counts the others."""
    distinct = list(dict.fromkeys(problems))
    reason = "; ".join(distinct[:MAX_REASONS])
    if len(distinct) > MAX_REASONS:
        reason += f" (and {len(distinct) - MAX_REASONS} more)"
    return Check(subject, name, "fail", reason)


def skipped(subject: str, name: str, reason: str) -> Check:
    return Check(subject, name, "skip", reason)


def verdict(
    subject: str, name: str, problems: list[str], reason_when_fine: str, notes: list[str] | tuple[str, ...] = ()
) -> Check:
    """Failed with the problems when there are any, else passed with `reason_when_fine`."""
    return failed(subject, name, problems) if problems else passed(subject, name, reason_when_fine, notes)


@dataclass
class Report:
    target: str
    checks: list[Check] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per subject, for JUnit XML

    @property
    def ok(self) -> bool:
        return not any(check.failed for check in self.checks)

    def counts(self) -> dict[str, int]:
        return {status: sum(c.status == status for c in self.checks) for status in ("pass", "fail", "skip")}

    def as_text(self) -> str:
        width = max((len(f"{c.subject} {c.name}") for c in self.checks), default=0)
        lines = [f"Conformance of {self.target} with the Copilot for Sales connector contract", ""]
        for check in self.checks:
            label = f"{check.subject} {check.name}".ljust(width)
            lines.append(f"{check.status.upper():4}  {label}  {check.reason}")
            lines.extend(f"{'':4}  {'':{width}}  note: {note}" for note in check.notes)
        counts = self.counts()
        lines += [
            "",
            f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped: "
            + ("Copilot for Sales can use every action checked." if self.ok
               else "Copilot for Sales will not use the actions that failed."),
        ]
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "target": self.target,
                "ok": self.ok,
                "summary": self.counts(),
                "checks": [{**asdict(c), "notes": list(c.notes)} for c in self.checks],
            },
            indent=2,
            ensure_ascii=False,
        )
