"""The checks on an operation's answers: each returns one report line about all the calls made.

What Copilot for Sales needs from every answer: a 200 with a JSON body whose items carry every
required output, well-typed and within the limits; `Content-Language` naming the language it
answered in; the caller's request id echoed; the same answer for every `crmType` spelling; and an
answer within the time the skill waits. A call missing a required input must get a 400 `ApiError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from connector import header_names
from connector.contract import Operation
from connector.errors import ErrorCode
from connector.tools.check.calls import CRM_TYPE_SPELLINGS, UNSUPPORTED_LANGUAGE, Answer
from connector.tools.check.outputs import body_problems, varying_titles
from connector.tools.check.report import Check, failed, passed, skipped, verdict, warned

ROUTE_HINT = "is the path right? --base-url must include the route prefix, e.g. https://<app>.azurewebsites.net/api"


def _by_problem(found: Sequence[tuple[Answer, str]]) -> list[str]:
    """One line per distinct problem, naming the first call that showed it and how many others did."""
    calls: dict[str, list[str]] = {}
    for answer, problem in found:
        calls.setdefault(problem, []).append(answer.call.label)
    return [
        f"{labels[0]}{f' (and {len(labels) - 1} more calls)' if len(labels) > 1 else ''}: {problem}"
        for problem, labels in calls.items()
    ]


def _primary(language: str | None) -> str:
    return (language or "").split(",")[0].split(";")[0].strip().split("-")[0].lower()


def _error_code(answer: Answer) -> str | None:
    code = answer.body.get("errorCode") if isinstance(answer.body, dict) else None
    return code if isinstance(code, str) else None


def _is_record_not_found(answer: Answer) -> bool:
    return answer.status == 404 and _error_code(answer) == ErrorCode.RECORD_NOT_FOUND


def _failure(answer: Answer) -> str | None:
    """Why an answer is unusable, or None when Copilot for Sales can read it."""
    if answer.error:
        return answer.error
    code = _error_code(answer)
    status = f"{answer.status} {code}" if code else str(answer.status)
    if answer.status in (401, 403):
        return f"{status}: the connector refused the call; pass --key or --bearer"
    if answer.status == 404 and code != ErrorCode.RECORD_NOT_FOUND:
        return f"{status}: {ROUTE_HINT}"
    if code == ErrorCode.INVALID_CRM_CONNECTION:
        return f"{status}: pass the CRM your connector serves with --crm-org-url"
    if answer.status not in (200, 404):
        return f"status {status}"
    return answer.json_problem


def answered(op: Operation, answers: Sequence[Answer]) -> Check:
    problems = _by_problem([(a, reason) for a in answers if (reason := _failure(a))])
    notes = []
    not_found = sorted({a.call.subject.label for a in answers if _is_record_not_found(a)})
    if not_found:
        notes.append(
            f"RECORD_NOT_FOUND for {', '.join(not_found)}: name real ones with --record TYPE:ID or --account-name NAME"
        )
    empty = sorted({a.call.subject.label for a in answers if a.status == 200 and a.items_count == 0})
    if empty:
        notes.append(f"no items for {', '.join(empty)}: the outputs were checked on the other answers only")
    return verdict(op.key, "answers", problems, f"{len(answers)} calls answered with JSON", notes)


def outputs(op: Operation, answers: Sequence[Answer]) -> Check:
    usable = [a for a in answers if a.status == 200 and not a.json_problem]
    if not usable:
        return skipped(op.key, "outputs", "no 200 answer to check")
    found = []
    for answer in usable:
        top = answer.call.inputs.get("top", answer.call.inputs.get("Top"))
        found += [(answer, problem) for problem in body_problems(op, answer.body, top)]
    if op.key == "email_summary_v1":
        found += [(answer, problem) for answer, problem in _varying_titles(usable)]
    problems = _by_problem(found)
    items = sum(a.items_count or 0 for a in usable)
    if not problems and items == 0:
        return warned(op.key, "outputs", f"all {len(usable)} answers were empty lists: no output was checked")
    carried = sum(1 for a in usable if a.items_count)
    return verdict(
        op.key, "outputs", problems, f"{items} items in {carried} of {len(usable)} answers meet the contract"
    )


def _titled_items(answer: Answer) -> list[dict]:
    value = answer.body.get("value") if isinstance(answer.body, dict) else None
    return (
        [item for item in value if isinstance(item, dict) and isinstance(item.get("title"), str)]
        if isinstance(value, list)
        else []
    )


def _varying_titles(answers: Sequence[Answer]) -> list[tuple[Answer, str]]:
    """Titles that differ across all the answers, named on the first answer with a title."""
    problem = varying_titles(item for answer in answers for item in _titled_items(answer))
    return [(next(a for a in answers if _titled_items(a)), problem)] if problem else []


def content_language(op: Operation, answers: Sequence[Answer], supported: Sequence[str]) -> Check:
    """Each answer names its language; a supported one is honoured, an unsupported one falls back."""
    spoken = {_primary(language) for language in supported}
    problems, fallbacks = [], set()
    for answer in (a for a in answers if a.status == 200):
        header = answer.headers.get(header_names.CONTENT_LANGUAGE)
        asked = _primary(answer.call.language)
        if not header:
            problems.append(f"{answer.call.label}: no Content-Language header")
        elif asked in spoken and _primary(header) != asked:
            problems.append(
                f"{answer.call.label}: asked for {answer.call.language}, answered Content-Language {header}"
            )
        elif asked not in spoken:
            fallbacks.add(header)
    if not problems and not any(a.status == 200 for a in answers):
        return skipped(op.key, header_names.CONTENT_LANGUAGE, "no 200 answer to check")
    fine = f"honours {', '.join(supported)}"
    if fallbacks:
        fine += f"; falls back to {', '.join(sorted(fallbacks))} for {UNSUPPORTED_LANGUAGE}"
    return verdict(op.key, header_names.CONTENT_LANGUAGE, problems, fine)


def request_id_echoed(op: Operation, answers: Sequence[Answer]) -> Check:
    answered = [a for a in answers if a.status is not None]
    if not answered:
        return skipped(op.key, "request id", "no answer to check")
    found = []
    for answer in answered:
        echoed = answer.headers.get(header_names.CLIENT_REQUEST_ID)
        if echoed != answer.call.request_id:
            found.append((answer, "x-ms-client-request-id " + ("came back changed" if echoed else "not echoed")))
    problems = _by_problem(found)
    return verdict(op.key, "request id", problems, "x-ms-client-request-id echoed on every answer")


def crm_type_spellings(op: Operation, answers: Sequence[Answer]) -> Check:
    """The same call with `Dynamics 365` and `Dynamics365` must get the same answer."""
    if "crmType" not in op.input_names():
        return skipped(op.key, "crmType spellings", "this operation takes no crmType")
    by_call: dict[tuple, dict[str, Answer]] = {}
    for answer in answers:
        key = (answer.call.subject, answer.call.language)
        by_call.setdefault(key, {})[answer.call.crm_type or ""] = answer
    problems, compared = [], 0
    for pair in by_call.values():
        if not all(spelling in pair for spelling in CRM_TYPE_SPELLINGS):
            continue
        first, second = (pair[s] for s in CRM_TYPE_SPELLINGS)
        compared += 1
        if (first.status, first.items_count) != (second.status, second.items_count):
            problems.append(
                f"{first.call.subject.label}: {CRM_TYPE_SPELLINGS[0]!r} got {first.status} with "
                f"{first.items_count} items, {CRM_TYPE_SPELLINGS[1]!r} got {second.status} with {second.items_count}"
            )
    spelled = " and ".join(repr(s) for s in CRM_TYPE_SPELLINGS)
    return verdict(op.key, "crmType spellings", problems, f"{spelled} answered alike ({compared} pairs)")


def p95(seconds: Sequence[float]) -> float:
    """The 95th percentile by nearest rank: with few calls, the slowest but none."""
    ordered = sorted(seconds)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def latency(op: Operation, answers: Sequence[Answer], limit: float) -> Check:
    timed = [a.seconds for a in answers if a.status is not None]
    if not timed:
        return skipped(op.key, "latency", "no answer to time")
    value = p95(timed)
    summary = f"p95 {value:.2f} s over {len(timed)} calls (limit {limit:g} s)"
    if value > limit:
        return failed(op.key, "latency", [f"{summary}: Copilot for Sales stops waiting and shows nothing"])
    return passed(op.key, "latency", summary)


def missing_input(op: Operation, answer: Answer) -> Check:
    """A call without a required input must get 400 and an `ApiError` body the seller's admin can read."""
    name = f"without {answer.call.omitted}"
    if answer.error:
        return failed(op.key, name, [answer.error])
    problems, notes = [], []
    if answer.status != 400:
        problems.append(f"status {answer.status}, not 400")
    code = _error_code(answer)
    if answer.json_problem:
        problems.append(f"not an ApiError body: {answer.json_problem}")
    elif not code or not code.strip():
        problems.append("not an ApiError body: no errorCode string")
    if isinstance(answer.body, dict):
        activity = answer.body.get("activityId")
        if activity is not None and activity != answer.call.request_id:
            problems.append(f"activityId {activity!r} is not the request's x-ms-client-request-id")
        if answer.call.omitted not in str(answer.body):
            notes.append(f"the error does not name {answer.call.omitted}")
    return verdict(op.key, name, problems, f"400 {code}", notes)


def text_follows_language(answers: Sequence[Answer], supported: Sequence[str]) -> Check:
    """Across all operations: the items in a second language must not all be the first language's text.

    Compared connector-wide, because some items rightly read the same in two languages (a person's
    name, "Contact" in English and French); a connector that translates nothing is what is caught.
    """
    name = "language"
    if len(supported) < 2:
        return skipped("connector", name, "only one language expected (--languages)")
    first = _primary(supported[0])
    by_call = {(a.call.op.key, a.call.subject, _primary(a.call.language), a.call.crm_type): a for a in answers}
    compared, translated, untranslated = 0, 0, set()
    for (key, subject, language, crm_type), answer in by_call.items():
        base = by_call.get((key, subject, first, crm_type))
        if language == first or base is None or language not in {_primary(s) for s in supported}:
            continue
        if not (answer.items_count and base.items_count and answer.status == base.status == 200):
            continue
        compared += 1
        if answer.body[answer.call.op.items_field] == base.body[base.call.op.items_field]:
            untranslated.add(f"{key} ({language})")
        else:
            translated += 1
    if not compared:
        return skipped("connector", name, "no items to compare between languages")
    if not translated:
        return failed(
            "connector",
            name,
            [
                f"every item is the same text in {', '.join(supported)} ({compared} answers compared): "
                "the seller's language is ignored"
            ],
        )
    notes = [f"same text as {supported[0]} in {', '.join(sorted(untranslated))}"] if untranslated else []
    return passed("connector", name, f"text follows Accept-Language ({translated} of {compared} answers differ)", notes)
