"""What an email thread is about, from keywords in its subject, body and the seller's prompt.

Only used to rank collateral and shape insights; the text itself is never sent back.
"""

from __future__ import annotations

import html
import re

from connector.sources.sample.catalog import TOPIC_KEYWORDS

# Where a keyword appears says how much it tells: the seller's prompt most, a long body least.
WEIGHTS = {"prompt": 3, "subject": 2, "body": 1}
MAX_BODY_CHARS = 10_000  # the newest messages come first in a thread and say what it is about; keeps a call cheap
_TAGS = re.compile(r"<[^>]+>")


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _alternatives(keywords: tuple[str, ...]) -> str:
    # Latin keywords match at a word start ("licens" → licensing); Japanese has no spaces, so a substring.
    latin = "|".join(re.escape(k) for k in keywords if not _is_cjk(k))
    cjk = "|".join(re.escape(k) for k in keywords if _is_cjk(k))
    return rf"\b(?:{latin})" + (f"|{cjk}" if cjk else "")


# One pattern with a named group per topic: a single pass over the text, however many topics.
_PATTERN = re.compile("|".join(f"(?P<{topic}>{_alternatives(words)})" for topic, words in TOPIC_KEYWORDS.items()))
_ORDER = list(TOPIC_KEYWORDS)


def thread_text(subject: str | None, plain: str | None, html_body: str | None) -> dict[str, str]:
    body = plain or (html.unescape(_TAGS.sub(" ", html_body[: MAX_BODY_CHARS * 2])) if html_body else "")
    return {"subject": subject or "", "body": body[:MAX_BODY_CHARS]}


def topic_scores(parts: dict[str, str]) -> dict[str, int]:
    """Topic → weighted keyword hits (only topics that were hit)."""
    scores: dict[str, int] = {}
    for where, text in parts.items():
        for match in _PATTERN.finditer(text.lower()):  # keywords are lower case; cheaper than IGNORECASE
            scores[match.lastgroup] = scores.get(match.lastgroup, 0) + WEIGHTS[where]
    return scores


def ranked_topics(parts: dict[str, str]) -> list[str]:
    scores = topic_scores(parts)
    return sorted(scores, key=lambda t: (-scores[t], _ORDER.index(t)))
