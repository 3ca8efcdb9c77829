"""What an email thread is about, from keywords in its subject, body and the seller's prompt.

Only used to rank collateral and shape insights; the text itself is never sent back.
"""

from __future__ import annotations

import html
import re

from connector.sources.sample.catalog import TOPIC_KEYWORDS

# Where a keyword appears says how much it tells: the seller's prompt most, a long body least.
WEIGHTS = {"prompt": 3, "subject": 2, "body": 1}
MAX_BODY_CHARS = 20_000  # a long thread's first part says what it is about; keeps a call cheap
_TAGS = re.compile(r"<[^>]+>")


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    # Latin keywords match at a word start; Japanese has no spaces between words, so a plain substring.
    parts = [re.escape(k) if _is_cjk(k) else rf"\b{re.escape(k)}" for k in keywords]
    return re.compile("|".join(parts), re.IGNORECASE)


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


_PATTERNS = {topic: _pattern(keywords) for topic, keywords in TOPIC_KEYWORDS.items()}


def thread_text(subject: str | None, plain: str | None, html_body: str | None) -> dict[str, str]:
    body = plain or (html.unescape(_TAGS.sub(" ", html_body)) if html_body else "")
    return {"subject": subject or "", "body": body[:MAX_BODY_CHARS]}


def topic_scores(parts: dict[str, str]) -> dict[str, int]:
    """Topic → weighted keyword hits (only topics that were hit)."""
    scores: dict[str, int] = {}
    for topic, pattern in _PATTERNS.items():
        score = sum(WEIGHTS[where] * len(pattern.findall(text)) for where, text in parts.items() if text)
        if score:
            scores[topic] = score
    return scores


def ranked_topics(parts: dict[str, str]) -> list[str]:
    scores = topic_scores(parts)
    order = list(_PATTERNS)
    return sorted(scores, key=lambda t: (-scores[t], order.index(t)))
