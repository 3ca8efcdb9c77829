"""The conformance report: one line per check, pass, fail, warn or skip with the reason, and a summary.

`warn` is a check that could not be proven although the calls worked: e.g. every answer was an empty
list, so no output was checked. It does not fail the run, but the verdict says so, and `--strict`
turns it into a non-zero exit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["pass", "fail", "warn", "skip"]

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


def warned(subject: str, name: str, reason: str) -> Check:
    return Check(subject, name, "warn", reason)


def verdict(
    subject: str, name: str, problems: list[str], reason_when_fine: str, notes: list[str] | tuple[str, ...] = ()
) -> Check:
    """Failed with the problems when there are any, else passed with `reason_when_fine`."""
    return failed(subject, name, problems) if problems else passed(subject, name, reason_when_fine, notes)


@dataclass
class Report:
    target: str
    checks: list[Check] = field(default_factory=list)
    answers: int = 0  # 200 answers to the calls with realistic inputs
    answers_with_items: int = 0  # of those, the ones that carried at least one item to check
    seconds: dict[str, float] = field(default_factory=dict)  # time spent per subject, for JUnit XML

    @property
    def ok(self) -> bool:
        return not any(check.failed for check in self.checks)

    @property
    def warned(self) -> bool:
        return any(check.status == "warn" for check in self.checks)

    def exit_code(self, strict: bool = False) -> int:
        """1 on any failure; under `strict`, on any warning too."""
        return 0 if self.ok and not (strict and self.warned) else 1

    def counts(self) -> dict[str, int]:
        return {status: sum(c.status == status for c in self.checks) for status in ("pass", "fail", "warn", "skip")}

    def verdict(self) -> str:
        if not self.ok:
            return "Copilot for Sales will not use the actions that failed."
        unproven = sorted({c.subject for c in self.checks if c.status == "warn"})
        if unproven:
            return (
                f"no failure, but nothing to check for {', '.join(unproven)}: those actions are unproven "
                "(name real records with --record, real accounts with --account-name)."
            )
        return "Copilot for Sales can use every action checked."

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
            f"{self.answers_with_items} of {self.answers} answers carried items to check.",
            f"{counts['pass']} passed, {counts['fail']} failed, {counts['warn']} warned, {counts['skip']} skipped: "
            + self.verdict(),
        ]
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "target": self.target,
                "ok": self.ok,
                "verdict": self.verdict(),
                "summary": self.counts(),
                "answers": {"total": self.answers, "with_items": self.answers_with_items},
                "checks": [{**asdict(c), "notes": list(c.notes)} for c in self.checks],
            },
            indent=2,
            ensure_ascii=False,
        )
