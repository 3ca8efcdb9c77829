"""Deterministic made-up insights for records the catalogue does not know.

A demo against a real CRM sends real record ids; each one gets its own plausible story, drawn from
a SHA-256 of (type, id) so that it is the same on every call, every instance and every restart
(Python's `hash()` is salted per process, so it is not used).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from connector.sources.sample.dataset import (
    SELLERS,
    Event,
    Highlight,
    Person,
    Profile,
    related_account,
    related_contact,
    related_contract,
    related_document,
    related_meeting,
    related_opportunity,
)
from connector.sources.sample.text import Day, Money, msg

T = TypeVar("T")

COMPANIES = (
    "Northwind Traders",
    "Wide World Importers",
    "Woodgrove Bank",
    "Litware, Inc.",
    "Proseware, Inc.",
    "Alpine Ski House",
    "Coho Winery",
    "Fourth Coffee",
    "Lamna Healthcare",
    "Margie's Travel",
    "Trey Research",
    "Wingtip Toys",
    "Blue Yonder Airlines",
    "Humongous Insurance",
    "Lucerne Publishing",
    "Southridge Video",
    "Consolidated Messenger",
    "VanArsdel, Ltd.",
    "A. Datum Corporation",
    "Bellows College",
)
NAMES = (
    "Isaiah Langer",
    "Lee Gu",
    "Lidia Holloway",
    "Lynne Robbins",
    "Miriam Graham",
    "Nestor Wilke",
    "Patti Fernandez",
    "Pradeep Gupta",
    "Grady Archie",
    "Henrietta Mueller",
    "Joni Sherman",
    "Allan Deyoung",
    "Christie Cline",
    "Debra Berger",
    "Irvin Sayers",
    "Enrico Cattaneo",
    "Cameron White",
)
JOBS = ("ceo", "cfo", "coo", "it_director", "it_manager", "procurement", "vp_sales", "sales_ops", "marketing")
ROLES = ("decision_maker", "economic_buyer", "champion", "technical_evaluator", "influencer")
TOPICS = ("pricing", "security", "rollout", "renewal", "demo", "budget", "onboarding")
DOCUMENTS = ("price_list", "security_whitepaper", "product_deck", "proposal", "case_study", "implementation_guide")
PLANS = ("Enterprise", "Professional", "Sales Rooms", "Contracts")
STAGES = ("qualify", "develop", "propose", "close")


class Draw:
    """A deterministic stream of choices from a seed string."""

    def __init__(self, seed: str) -> None:
        self._seed = seed.encode("utf-8")
        self._block = 0
        self._bytes = b""

    def _next(self) -> int:
        if not self._bytes:
            self._bytes = hashlib.sha256(self._seed + self._block.to_bytes(4, "big")).digest()
            self._block += 1
        value, self._bytes = int.from_bytes(self._bytes[:4], "big"), self._bytes[4:]
        return value

    def between(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)

    def pick(self, items: Sequence[T]) -> T:
        return items[self._next() % len(items)]

    def sample(self, items: Sequence[T], count: int) -> list[T]:
        pool = list(items)
        return [pool.pop(self._next() % len(pool)) for _ in range(min(count, len(pool)))]

    def guid(self) -> str:
        return str(
            uuid.UUID(int=(self._next() << 96) | (self._next() << 64) | (self._next() << 32) | self._next(), version=4)
        )


def company_for_domain(domain: str) -> str:
    """A readable company name for an email domain: `northwind-traders.com` → `Northwind Traders`."""
    label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    return " ".join(part.capitalize() for part in label.replace("_", "-").split("-") if part) or domain


def _people(draw: Draw, company: str, count: int) -> list[Person]:
    domain = "".join(ch for ch in company.lower() if ch.isalnum()) + ".example"
    people = []
    for name, role in zip(draw.sample(NAMES, count), draw.sample(ROLES, count), strict=True):
        email = name.lower().replace(" ", ".") + "@" + domain
        people.append(
            Person(draw.guid(), name, email, draw.pick(JOBS), role, draw.pick(("high", "medium", "low")), company)
        )
    return people


@lru_cache(maxsize=1024)  # pure function of its inputs; repeat calls for one record are cheap
def profile(record_type: str, record_id: str) -> Profile:
    draw = Draw(f"{record_type}:{record_id}")
    company = draw.pick(COMPANIES)
    people = _people(draw, company, 3)
    seller = draw.pick(SELLERS)
    lead = people[0]
    opportunity = f"{company.split(',')[0]} – Relecloud {draw.pick(PLANS)}"
    name = {"account": company, "opportunity": opportunity, "contact": lead.name, "lead": f"{lead.name} ({company})"}[
        record_type
    ]

    # Five to seven events over the last ~two months, newest first once sorted.
    events = []
    days_ago = 0
    for _ in range(draw.between(5, 7)):
        days_ago += draw.between(1, 12)
        person = lead.name if record_type in ("contact", "lead") else draw.pick(people).name
        kind = draw.pick(("meeting", "meeting", "call", "document", "document", "contract"))
        amount = Money(draw.between(2, 90) * 5_000)
        events.append(
            Event(
                kind,
                days_ago,
                draw.between(8, 17),
                person,
                organizer=seller,
                topic=draw.pick(TOPICS),
                document=draw.pick(DOCUMENTS) if kind != "contract" else draw.pick(("msa", "order_form")),
                minutes=draw.pick((15, 30, 45, 60)),
                outcome=draw.pick(("positive", "follow_up", "no_answer")),
                amount=amount,
                term_months=draw.pick((12, 24, 36)),
                views=draw.between(2, 12),
            )
        )

    value = Money(draw.between(4, 120) * 10_000)
    opportunity_id, contract_id = draw.guid(), draw.guid()
    if record_type == "account":
        related = [
            *(related_contact(p) for p in people),
            related_opportunity(opportunity_id, opportunity, draw.pick(STAGES), value, draw.between(10, 90)),
            related_contract(contract_id, "msa", company, "active", value, draw.between(30, 700)),
        ]
    elif record_type == "opportunity":
        related = [
            related_account(draw.guid(), company, seller),
            *(related_contact(p) for p in people),
            related_document(draw.guid(), "proposal", "viewed", draw.between(2, 9), draw.between(1, 9)),
        ]
    elif record_type == "contact":
        related = [
            related_account(draw.guid(), company, seller),
            related_opportunity(opportunity_id, opportunity, draw.pick(STAGES), value, draw.between(10, 90)),
        ]
    else:  # lead
        related = [
            related_meeting(draw.guid(), draw.pick(TOPICS), lead.name, draw.between(1, 10)),
            related_document(draw.guid(), draw.pick(DOCUMENTS), "viewed", draw.between(2, 9), draw.between(1, 9)),
        ]

    due = draw.between(3, 60)
    candidates = [
        Highlight("renewal", -due, (("document", msg("doc.msa")), ("account", company), ("date", Day(-due)))),
        Highlight(
            "engaged",
            events[0].days_ago,
            (("person", lead.name), ("document", msg(f"doc.{events[0].document}")), ("views", draw.between(3, 12))),
        ),
        Highlight("stalled", days_ago, (("account", company), ("days", days_ago), ("person", lead.name))),
        Highlight(
            "next_action",
            -due,
            (("document", msg(f"doc.{draw.pick(DOCUMENTS)}")), ("person", lead.name), ("date", Day(-due))),
        ),
        Highlight("signature", due, (("document", msg("doc.order_form")), ("person", lead.name), ("date", Day(due)))),
        Highlight(
            "signed", due, (("person", lead.name), ("document", msg("doc.msa")), ("date", Day(due)), ("amount", value))
        ),
    ]
    highlights = draw.sample(candidates, draw.between(2, 3))
    return Profile(record_type, record_id, name, company, tuple(events), tuple(related), tuple(highlights))


@lru_cache(maxsize=1024)
def domain_facts(domain: str) -> tuple[str, int, int]:
    """(company, documents shared, days since last view) for a domain Relecloud has no account for."""
    draw = Draw(f"domain:{domain}")
    return company_for_domain(domain), draw.between(2, 14), draw.between(1, 20)
