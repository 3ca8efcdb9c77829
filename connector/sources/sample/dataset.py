"""The fictional data of "Relecloud", a sales engagement app that this sample source stands for.

Records are language-neutral: every natural-language text is a message id (`msg(...)`), amounts are
`Money` and dates are `Day`s relative to today, so one record renders in every language and stays
current. Person and company names are data and are never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connector.sources.links import link
from connector.sources.sample.text import Day, Money, Msg, msg

PARTNER_NAME = "Relecloud"  # the email summary v1 title: the partner's name only, at most 20 characters
BASE_URL = "https://app.relecloud.example"
SELLERS = ("Megan Bowen", "Alex Wilber", "Diego Siciliani", "Adele Vance")

# The CRM record types the partner app can answer for; any other type is "record not found".
KNOWN_TYPES = ("account", "opportunity", "contact", "lead")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    job: str  # job.* message id suffix
    role: str  # role.* message id suffix
    influence: str  # influence.* suffix
    account: str  # company name


@dataclass(frozen=True)
class Event:
    """Something that happened in the partner app: a meeting, a call, a signature, a shared document."""

    kind: str  # meeting | call | contract | document
    days_ago: int
    hour: int
    person: str
    organizer: str = SELLERS[0]
    topic: str = "demo"  # topic.* suffix (meeting, call)
    document: str = "product_deck"  # doc.* suffix (contract, document)
    minutes: int = 30
    outcome: str = "positive"  # outcome.* suffix (call)
    amount: Money | None = None  # contract
    term_months: int = 12  # contract
    views: int = 2  # document


@dataclass(frozen=True)
class Related:
    record_type: str  # a logical name; type.<name>.one/.other give its display names
    record_id: str
    title: str | Msg
    properties: tuple[tuple[str, Any], ...] = ()  # (prop.* suffix, value)


@dataclass(frozen=True)
class Highlight:
    kind: str  # highlight.<kind>.title / .description
    days_ago: int  # negative: a date to come
    params: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Profile:
    """What Relecloud knows about one CRM record."""

    record_type: str
    record_id: str
    name: str
    account: str
    events: tuple[Event, ...]
    related: tuple[Related, ...]
    highlights: tuple[Highlight, ...]


def url(kind: str, record_id: str, *rest: str) -> str:
    """The partner app's page of a record: the id (the caller's, for a generated record) is one path segment."""
    return link(BASE_URL, kind, record_id, *rest)


# --- people ---------------------------------------------------------------------------------

CONTOSO, FABRIKAM, ADVENTURE_WORKS, TAILSPIN = (
    "Contoso Ltd",
    "Fabrikam, Inc.",
    "Adventure Works Cycles",
    "Tailspin Toys",
)

PEOPLE: tuple[Person, ...] = (
    Person(
        "e4a2c6b8-7f1d-4b3e-8c9a-0f6d2e5a1b66",
        "Sanjay Shah",
        "sanjay.shah@contoso.com",
        "cfo",
        "economic_buyer",
        "high",
        CONTOSO,
    ),
    Person(
        "5c3d9e1f-2a4b-4c6d-8e0f-1a2b3c4d5e67",
        "Kayla Lewis",
        "kayla.lewis@contoso.com",
        "it_director",
        "technical_evaluator",
        "medium",
        CONTOSO,
    ),
    Person(
        "b7e1d2c3-4f5a-4b6c-9d8e-7f0a1b2c3d68",
        "Luis Bonifaz",
        "luis.bonifaz@contoso.com",
        "procurement",
        "influencer",
        "low",
        CONTOSO,
    ),
    Person(
        "2f4e6a8c-0b1d-4e3f-a5c7-9e1b3d5f7a69",
        "Mona Kane",
        "mona.kane@fabrikam.com",
        "vp_sales",
        "decision_maker",
        "high",
        FABRIKAM,
    ),
    Person(
        "8d0c2b4a-6e5f-4a7b-b9c1-3d5e7f9a1b70",
        "Colin Ballinger",
        "colin.ballinger@fabrikam.com",
        "sales_ops",
        "champion",
        "medium",
        FABRIKAM,
    ),
    Person(
        "1a3c5e7f-9b2d-4f6a-8c0e-2b4d6f8a0c71",
        "Elvia Atkins",
        "elvia.atkins@adventure-works.com",
        "coo",
        "decision_maker",
        "high",
        ADVENTURE_WORKS,
    ),
    Person(
        "3b5d7f9a-1c2e-4a4b-9d6f-8a0c2e4b6d72",
        "Henry Brill",
        "henry.brill@adventure-works.com",
        "it_manager",
        "technical_evaluator",
        "medium",
        ADVENTURE_WORKS,
    ),
    Person(
        "4c6e8a0b-2d3f-4b5c-8e7a-9b1d3f5a7c73",
        "Johanna Lorenz",
        "johanna.lorenz@tailspintoys.com",
        "marketing",
        "influencer",
        "medium",
        TAILSPIN,
    ),
)
PEOPLE_BY_ID = {p.id: p for p in PEOPLE}
PEOPLE_BY_EMAIL = {p.email: p for p in PEOPLE}
SANJAY, KAYLA, LUIS, MONA, COLIN, ELVIA, HENRY, JOHANNA = PEOPLE

# --- ids of the known records ---------------------------------------------------------------

CONTOSO_ID = "3f2b8c1e-6a4d-4e9b-9d7a-1c5e2f8a0b11"
FABRIKAM_ID = "8a6d0f4c-2e1b-4c7a-b3d9-5f7e9a1c2d22"
ADVENTURE_WORKS_ID = "c5e9a7b3-1d2f-4a6e-8b0c-9d4f6e2a3b33"
CONTOSO_RENEWAL_ID = "0d7c4b2a-9e8f-4d1c-a6b5-3e2f1a0c9d44"
FABRIKAM_PILOT_ID = "6b1f3e9d-4c2a-4f8e-9a7b-2d5c8e1f0a55"
TAILSPIN_LEAD_ID = "9f8e7d6c-5b4a-4392-8170-6a5b4c3d2e77"
CONTOSO_MSA_ID = "7a9c1e3b-5d6f-4a8b-8c0d-2e4f6a8b0c81"
FABRIKAM_ORDER_ID = "2b4d6f8a-0c1e-4b3d-9f5a-7c9e1b3d5f82"
ADVENTURE_WORKS_MSA_ID = "6e8a0c2d-4f5b-4d7c-a9e1-3b5d7f9a1c83"

CONTOSO_RENEWAL = "Contoso – Relecloud Enterprise renewal"
FABRIKAM_PILOT = "Fabrikam – Relecloud Sales Rooms pilot"


# --- related-record builders (shared with generated.py) -------------------------------------


def related_contact(person: Person) -> Related:
    return Related(
        "contact",
        person.id,
        person.name,
        (
            ("job_title", msg(f"job.{person.job}")),
            ("role", msg(f"role.{person.role}")),
            ("email", person.email),
        ),
    )


def related_opportunity(record_id: str, name: str, stage: str, amount: Money, close_in_days: int) -> Related:
    return Related(
        "opportunity",
        record_id,
        name,
        (
            ("stage", msg(f"stage.{stage}")),
            ("amount", amount),
            ("close_date", Day(-close_in_days)),
        ),
    )


def related_contract(
    record_id: str, document: str, account: str, status: str, amount: Money, ends_in_days: int
) -> Related:
    title = msg("related.contract", document=msg(f"doc.{document}"), account=account)
    return Related(
        "relecloud_contract",
        record_id,
        title,
        (
            ("status", msg(f"status.{status}")),
            ("amount", amount),
            ("end_date", Day(-ends_in_days)),
        ),
    )


def related_account(record_id: str, name: str, owner: str) -> Related:
    return Related("account", record_id, name, (("owner", owner),))


def related_document(record_id: str, document: str, status: str, views: int, days_ago: int) -> Related:
    return Related(
        "relecloud_document",
        record_id,
        msg(f"doc.{document}"),
        (
            ("status", msg(f"status.{status}")),
            ("views", views),
            ("updated", Day(days_ago)),
        ),
    )


def related_meeting(record_id: str, topic: str, person: str, in_days: int) -> Related:
    return Related(
        "relecloud_meeting",
        record_id,
        msg(f"topic.{topic}"),
        (
            ("status", msg("status.scheduled")),
            ("attendees", person),
            ("date", Day(-in_days)),
        ),
    )


# --- the known records ----------------------------------------------------------------------

_MSA_VALUE = Money(480_000)
_PILOT_VALUE = Money(95_000, "EUR")

PROFILES: dict[tuple[str, str], Profile] = {}


def _add(profile: Profile) -> None:
    PROFILES[(profile.record_type, profile.record_id)] = profile


_add(
    Profile(
        "account",
        CONTOSO_ID,
        CONTOSO,
        CONTOSO,
        events=(
            Event("meeting", 2, 14, SANJAY.name, topic="pricing", minutes=45),
            Event("document", 3, 9, SANJAY.name, document="price_list", views=6),
            Event("meeting", 9, 16, KAYLA.name, organizer=SELLERS[1], topic="security", minutes=60),
            Event("document", 10, 11, KAYLA.name, organizer=SELLERS[1], document="security_whitepaper", views=3),
            Event("call", 21, 15, LUIS.name, topic="renewal", minutes=20, outcome="follow_up"),
            Event("contract", 340, 10, SANJAY.name, document="msa", amount=_MSA_VALUE, term_months=12),
        ),
        related=(
            related_contact(SANJAY),
            related_contact(KAYLA),
            related_contact(LUIS),
            related_opportunity(CONTOSO_RENEWAL_ID, CONTOSO_RENEWAL, "propose", Money(520_000), 40),
            related_contract(CONTOSO_MSA_ID, "msa", CONTOSO, "active", _MSA_VALUE, 25),
        ),
        highlights=(
            Highlight("renewal", -25, (("document", msg("doc.msa")), ("account", CONTOSO), ("date", Day(-25)))),
            Highlight("engaged", 3, (("person", SANJAY.name), ("document", msg("doc.price_list")), ("views", 6))),
            Highlight(
                "next_action",
                -4,
                (("document", msg("doc.security_whitepaper")), ("person", KAYLA.name), ("date", Day(-4))),
            ),
        ),
    )
)

_add(
    Profile(
        "opportunity",
        CONTOSO_RENEWAL_ID,
        CONTOSO_RENEWAL,
        CONTOSO,
        events=(
            Event("meeting", 2, 14, SANJAY.name, topic="pricing", minutes=45),
            Event("document", 3, 9, SANJAY.name, document="price_list", views=6),
            Event("document", 5, 13, SANJAY.name, document="proposal", views=4),
            Event("call", 21, 15, LUIS.name, topic="renewal", minutes=20, outcome="follow_up"),
        ),
        related=(
            related_account(CONTOSO_ID, CONTOSO, SELLERS[0]),
            related_contact(SANJAY),
            related_contact(KAYLA),
            related_contact(LUIS),
            related_document("d1f3a5c7-9e0b-4d2f-8a4c-6e8a0c2e4a84", "proposal", "viewed", 4, 5),
            related_contract(CONTOSO_MSA_ID, "msa", CONTOSO, "active", _MSA_VALUE, 25),
        ),
        highlights=(
            Highlight("engaged", 3, (("person", SANJAY.name), ("document", msg("doc.price_list")), ("views", 6))),
            Highlight("renewal", -25, (("document", msg("doc.msa")), ("account", CONTOSO), ("date", Day(-25)))),
            Highlight(
                "next_action",
                -4,
                (("document", msg("doc.security_whitepaper")), ("person", KAYLA.name), ("date", Day(-4))),
            ),
        ),
    )
)

_add(
    Profile(
        "account",
        FABRIKAM_ID,
        FABRIKAM,
        FABRIKAM,
        events=(
            Event("document", 12, 10, COLIN.name, organizer=SELLERS[2], document="order_form", views=2),
            Event("meeting", 33, 15, MONA.name, organizer=SELLERS[2], topic="rollout", minutes=60),
            Event("call", 36, 9, COLIN.name, organizer=SELLERS[2], topic="onboarding", outcome="no_answer", minutes=5),
            Event("meeting", 48, 10, COLIN.name, organizer=SELLERS[2], topic="demo", minutes=45),
        ),
        related=(
            related_contact(MONA),
            related_contact(COLIN),
            related_opportunity(FABRIKAM_PILOT_ID, FABRIKAM_PILOT, "close", _PILOT_VALUE, 14),
            related_contract(FABRIKAM_ORDER_ID, "order_form", FABRIKAM, "awaiting_signature", _PILOT_VALUE, 365),
        ),
        highlights=(
            Highlight("signature", 12, (("document", msg("doc.order_form")), ("person", MONA.name), ("date", Day(12)))),
            Highlight("stalled", 33, (("account", FABRIKAM), ("days", 33), ("person", COLIN.name))),
        ),
    )
)

_add(
    Profile(
        "opportunity",
        FABRIKAM_PILOT_ID,
        FABRIKAM_PILOT,
        FABRIKAM,
        events=(
            Event("document", 12, 10, COLIN.name, organizer=SELLERS[2], document="order_form", views=2),
            Event("meeting", 33, 15, MONA.name, organizer=SELLERS[2], topic="rollout", minutes=60),
            Event("meeting", 48, 10, COLIN.name, organizer=SELLERS[2], topic="demo", minutes=45),
        ),
        related=(
            related_account(FABRIKAM_ID, FABRIKAM, SELLERS[2]),
            related_contact(MONA),
            related_contact(COLIN),
            related_contract(FABRIKAM_ORDER_ID, "order_form", FABRIKAM, "awaiting_signature", _PILOT_VALUE, 365),
        ),
        highlights=(
            Highlight("signature", 12, (("document", msg("doc.order_form")), ("person", MONA.name), ("date", Day(12)))),
            Highlight("stalled", 33, (("account", FABRIKAM), ("days", 33), ("person", COLIN.name))),
        ),
    )
)

_add(
    Profile(
        "account",
        ADVENTURE_WORKS_ID,
        ADVENTURE_WORKS,
        ADVENTURE_WORKS,
        events=(
            Event("meeting", 1, 13, HENRY.name, organizer=SELLERS[3], topic="onboarding", minutes=60),
            Event("document", 6, 8, HENRY.name, organizer=SELLERS[3], document="implementation_guide", views=9),
            Event(
                "contract",
                14,
                17,
                ELVIA.name,
                organizer=SELLERS[3],
                document="msa",
                amount=Money(1_250_000),
                term_months=36,
            ),
            Event("meeting", 30, 15, ELVIA.name, organizer=SELLERS[3], topic="budget", minutes=30),
        ),
        related=(
            related_contact(ELVIA),
            related_contact(HENRY),
            related_contract(ADVENTURE_WORKS_MSA_ID, "msa", ADVENTURE_WORKS, "active", Money(1_250_000), 1081),
            related_meeting("f2a4c6e8-0b1d-4f3a-9c5e-7a9b1d3f5a85", "rollout", HENRY.name, 6),
        ),
        highlights=(
            Highlight(
                "signed",
                14,
                (("person", ELVIA.name), ("document", msg("doc.msa")), ("date", Day(14)), ("amount", Money(1_250_000))),
            ),
            Highlight(
                "engaged", 6, (("person", HENRY.name), ("document", msg("doc.implementation_guide")), ("views", 9))
            ),
        ),
    )
)

for _person in PEOPLE:
    if _person.account == TAILSPIN:
        continue
    _account_id = {CONTOSO: CONTOSO_ID, FABRIKAM: FABRIKAM_ID, ADVENTURE_WORKS: ADVENTURE_WORKS_ID}[_person.account]
    _account = PROFILES[("account", _account_id)]
    # A contact sees the account's activities that involve them, and the account's records.
    _add(
        Profile(
            "contact",
            _person.id,
            _person.name,
            _person.account,
            events=tuple(e for e in _account.events if e.person == _person.name),
            related=(
                related_account(_account_id, _person.account, _account.events[0].organizer),
                *(r for r in _account.related if r.record_type != "contact"),
            ),
            highlights=tuple(h for h in _account.highlights if _person.name in dict(h.params).values())
            or _account.highlights[:1],
        )
    )

_add(
    Profile(
        "lead",
        TAILSPIN_LEAD_ID,
        f"{JOHANNA.name} ({TAILSPIN})",
        TAILSPIN,
        events=(
            Event("document", 4, 10, JOHANNA.name, organizer=SELLERS[1], document="case_study", views=3),
            Event("call", 7, 16, JOHANNA.name, organizer=SELLERS[1], topic="demo", minutes=15),
        ),
        related=(
            related_meeting("a8c0e2f4-6b7d-4a9c-8e1f-3a5c7e9b1d86", "demo", JOHANNA.name, 3),
            related_document("c0e2a4b6-8d9f-4b1a-9c3e-5f7a9c1e3b87", "case_study", "viewed", 3, 4),
        ),
        highlights=(
            Highlight(
                "next_action", -3, (("document", msg("doc.product_deck")), ("person", JOHANNA.name), ("date", Day(-3)))
            ),
            Highlight("engaged", 4, (("person", JOHANNA.name), ("document", msg("doc.case_study")), ("views", 3))),
        ),
    )
)

# Key stakeholders: the people of each known account, looked up by name (or short name).
ACCOUNT_IDS_BY_NAME = {
    CONTOSO.casefold(): CONTOSO_ID,
    "contoso": CONTOSO_ID,
    FABRIKAM.casefold(): FABRIKAM_ID,
    "fabrikam": FABRIKAM_ID,
    ADVENTURE_WORKS.casefold(): ADVENTURE_WORKS_ID,
    "adventure works": ADVENTURE_WORKS_ID,
}
STAKEHOLDERS = {
    CONTOSO_ID: (SANJAY, KAYLA, LUIS),
    FABRIKAM_ID: (MONA, COLIN),
    ADVENTURE_WORKS_ID: (ELVIA, HENRY),
}

# Email domains of the known accounts, for participants Relecloud has no contact for.
ACCOUNT_IDS_BY_DOMAIN = {
    "contoso.com": CONTOSO_ID,
    "fabrikam.com": FABRIKAM_ID,
    "adventure-works.com": ADVENTURE_WORKS_ID,
}
# Mailbox providers say nothing about a customer: no insight for them.
CONSUMER_DOMAINS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "web.de",
        "yahoo.co.jp",
    }
)


# --- collateral for email drafts ------------------------------------------------------------


@dataclass(frozen=True)
class Collateral:
    key: str  # doc.<key> is the title, collateral.<key> the description
    file: str  # path under BASE_URL
    content_type: str
    file_type: str  # filetype.* suffix
    size_kb: int
    updated_days_ago: int
    topics: tuple[tuple[str, int], ...]  # (topic, weight): how strongly it answers the topic


# In the order offered when nothing in the thread matches: general collateral first.
COLLATERAL: tuple[Collateral, ...] = (
    Collateral("product_deck", "files/relecloud-overview.pptx", "content-pptx", "pptx", 5_820, 12, (("demo", 3),)),
    Collateral(
        "case_study",
        "files/adventure-works-case-study.pdf",
        "content-pdf",
        "pdf",
        740,
        45,
        (("case_study", 3), ("demo", 1), ("pricing", 1)),
    ),
    Collateral("price_list", "files/relecloud-price-list-2025.xlsx", "content-xlsx", "xlsx", 48, 20, (("pricing", 3),)),
    Collateral(
        "roi_calculator", "tools/roi-calculator", "content-web", "web", 0, 60, (("pricing", 2), ("case_study", 1))
    ),
    Collateral(
        "security_whitepaper",
        "files/relecloud-security-whitepaper.pdf",
        "content-pdf",
        "pdf",
        1_260,
        30,
        (("security", 3),),
    ),
    Collateral("trust_center", "trust", "content-web", "web", 0, 2, (("security", 2),)),
    Collateral(
        "msa", "files/relecloud-master-services-agreement.docx", "content-doc", "docx", 96, 90, (("contract", 3),)
    ),
    Collateral(
        "implementation_guide",
        "files/relecloud-implementation-guide.pdf",
        "content-pdf",
        "pdf",
        2_150,
        15,
        (("rollout", 3),),
    ),
)

# Topic keywords in the five languages; latin ones match at a word start ("licens" → licensing).
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "pricing": (
        "price",
        "pricing",
        "cost",
        "quote",
        "discount",
        "budget",
        "licens",
        "invoice",
        "prix",
        "tarif",
        "devis",
        "coût",
        "remise",
        "preis",
        "angebot",
        "kosten",
        "rabatt",
        "lizenz",
        "precio",
        "cotizaci",
        "presupuesto",
        "descuento",
        "価格",
        "料金",
        "見積",
        "値引",
        "費用",
    ),
    "security": (
        "security",
        "secure",
        "compliance",
        "gdpr",
        "iso 27001",
        "soc 2",
        "privacy",
        "encryption",
        "sécurité",
        "conformité",
        "rgpd",
        "sicherheit",
        "datenschutz",
        "dsgvo",
        "seguridad",
        "cumplimiento",
        "privacidad",
        "セキュリティ",
        "コンプライアンス",
        "暗号",
    ),
    "demo": (
        "demo",
        "product",
        "overview",
        "presentation",
        "feature",
        "démo",
        "produit",
        "présentation",
        "fonctionnalit",
        "produkt",
        "präsentation",
        "funktion",
        "demostraci",
        "producto",
        "presentaci",
        "デモ",
        "製品",
        "紹介",
    ),
    "contract": (
        "contract",
        "agreement",
        "msa",
        "terms",
        "signature",
        "legal",
        "renewal",
        "contrat",
        "accord",
        "juridique",
        "vertrag",
        "unterschrift",
        "verlängerung",
        "contrato",
        "firma",
        "renovaci",
        "契約",
        "署名",
        "更新",
    ),
    "rollout": (
        "rollout",
        "roll-out",
        "implementation",
        "onboarding",
        "deploy",
        "timeline",
        "déploiement",
        "mise en œuvre",
        "einführung",
        "implementierung",
        "implementaci",
        "implantaci",
        "despliegue",
        "導入",
        "展開",
    ),
    "case_study": (
        "case study",
        "reference",
        "customer story",
        "roi",
        "étude de cas",
        "référence",
        "fallstudie",
        "referenz",
        "caso de éxito",
        "referencia",
        "事例",
    ),
}
