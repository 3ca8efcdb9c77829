"""What an email thread is about, from keywords in its subject, body and the seller's prompt.

Only used to rank collateral and shape insights; the text itself is never sent back.
"""

from __future__ import annotations

import html
import re
from functools import cache

from connector.sources.sample.dataset import TOPIC_KEYWORDS

# Where a keyword appears says how much it tells: the seller's prompt most, a long body least.
WEIGHTS = {"prompt": 3, "subject": 2, "body": 1}
MAX_BODY_CHARS = 10_000  # the newest messages come first in a thread and say what it is about; keeps a call cheap
_TAGS = re.compile(r"<[^>]+>")


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _pattern(keep) -> re.Pattern[str]:
    """One pattern with a named group per topic: a single pass over the text, however many topics."""
    return re.compile(
        "|".join(
            f"(?P<{topic}>{'|'.join(re.escape(k) for k in words if keep(k))})"
            for topic, words in TOPIC_KEYWORDS.items()
            if any(keep(k) for k in words)
        )
    )


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(latin, CJK), compiled on the first thread scanned: the email operations' cost, not every start's.

    Latin keywords match at a word start ("licens" → licensing); the boundary comes first so that the
    engine tries the keywords only where a word starts. Japanese has no spaces: there, a substring.
    """
    return re.compile(rf"\b(?:{_pattern(lambda k: not _is_cjk(k)).pattern})"), _pattern(_is_cjk)


_HAS_CJK = re.compile("[\u3040-\u9fff]")
_ORDER = list(TOPIC_KEYWORDS)


def thread_text(subject: str | None, plain: str | None, html_body: str | None) -> dict[str, str]:
    body = plain or (html.unescape(_TAGS.sub(" ", html_body[: MAX_BODY_CHARS * 2])) if html_body else "")
    return {"subject": subject or "", "body": body[:MAX_BODY_CHARS]}


def topic_scores(parts: dict[str, str]) -> dict[str, int]:
    """Topic → weighted keyword hits (only topics that were hit)."""
    scores: dict[str, int] = {}
    latin, cjk = _patterns()
    for where, text in parts.items():
        text = text.lower()  # keywords are lower case; cheaper than IGNORECASE
        for pattern in (latin, cjk) if _HAS_CJK.search(text) else (latin,):
            for match in pattern.finditer(text):
                scores[match.lastgroup] = scores.get(match.lastgroup, 0) + WEIGHTS[where]
    return scores


def ranked_topics(parts: dict[str, str]) -> list[str]:
    scores = topic_scores(parts)
    return sorted(scores, key=lambda t: (-scores[t], _ORDER.index(t)))
