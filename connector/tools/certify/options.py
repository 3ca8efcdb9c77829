"""What a certification submission is built from, and the refusal to build one with placeholders.

The project's own defaults (`identity`: "Partner", example.com, the all-zero client id, the
made-up host) let a fresh checkout build and import; a submission must carry the publisher's real
values, so every option still at a placeholder is named, with what to give instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from connector.tools import identity
from connector.tools.lint import TITLE_WORDS
from connector.tools.openapi import DEFAULT_HOST, EmailSummaryVersion
from connector.tools.solution.build import SolutionOptions

MAX_TITLE = 30  # certification: the connector's name is at most 30 characters

# Domains reserved for examples and tests (RFC 2606, RFC 6761) and local names: never a real publisher's.
_RESERVED_DOMAIN = re.compile(
    r"(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)\Z", re.IGNORECASE | re.ASCII
)
_MARKERS = re.compile(
    r"(<[^>]*>|\[\[|\]\]|\bplaceholder\b|\byour[-_ ]|\bTODO\b|\blocalhost\b|\b0{8}-0{4}-0{4}-0{4}-0{12}\b)",
    re.I | re.ASCII,
)
_IDENTITY_PLACEHOLDERS = {
    identity.PUBLISHER.lower(),
    identity.STACK_OWNER.lower(),
    identity.CONTACT["name"].lower(),
    DEFAULT_HOST,
}
_EMAIL = re.compile(r"[^@\s]+@([^@\s]+\.[^@\s]+)")


def placeholder(value: object) -> str | None:
    """Why `value` is a placeholder rather than a publisher's real value; None when it looks real."""
    text = str(value or "").strip()
    if not text:
        return "is empty"
    if text.lower() in _IDENTITY_PLACEHOLDERS:
        return f"is the project's placeholder {text!r}"
    if _MARKERS.search(text):
        return f"{text!r} is a placeholder"
    if _RESERVED_DOMAIN.search(_domain(text)):
        return f"{text!r} is on a domain reserved for examples"
    return None


def _domain(text: str) -> str:
    """The domain a URL, an email address or a host name is on; "" for other text (a name)."""
    if "://" in text:
        return urlsplit(text).hostname or ""
    if email := _EMAIL.fullmatch(text):
        return email.group(1).lower()
    return text.split(":")[0].lower() if re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z0-9.:-]+", text) else ""


@dataclass(frozen=True)
class CertifyOptions:
    """Everything a submission is built from. Only `publisher` is needed to derive the rest's defaults."""

    host: str
    publisher: str
    website: str
    privacy_policy: str
    contact_name: str
    contact_email: str
    contact_url: str = ""  # the website when not given
    stack_owner: str = ""  # the publisher when not given (a verified publisher is its own stack owner)
    title: str = ""  # "<publisher> Sales Insights" when not given
    description: str = identity.DESCRIPTION
    client_id: str = identity.PLACEHOLDER_CLIENT_ID
    resource_uri: str = identity.PLACEHOLDER_RESOURCE_URI
    email_summary: EmailSummaryVersion = "v2"
    prefix: str = ""  # the solution publisher's customization prefix; derived from the publisher when not given
    version: str | None = None

    @property
    def connector_title(self) -> str:
        return self.title or f"{self.publisher.strip()} Sales Insights"

    @property
    def owner(self) -> str:
        return self.stack_owner or self.publisher

    @property
    def contact_link(self) -> str:
        return self.contact_url or self.website

    @property
    def contact(self) -> dict[str, str]:
        return {"name": self.contact_name, "url": self.contact_link, "email": self.contact_email}

    @property
    def customization_prefix(self) -> str:
        if self.prefix:
            return self.prefix
        letters = re.sub(r"[^a-z0-9]", "", self.publisher.lower()).lstrip("0123456789")[:8]
        return letters if len(letters) >= 2 and not letters.startswith("mscrm") else identity.CUSTOMIZATION_PREFIX

    def problems(self) -> list[str]:
        """Each option that is a placeholder or malformed, named as the command line spells it."""
        found = []
        values = {
            "--host": self.host,
            "--publisher": self.publisher,
            "--website": self.website,
            "--privacy": self.privacy_policy,
            "--contact-name": self.contact_name,
            "--contact-email": self.contact_email,
            "--contact-url": self.contact_link,
            "--stack-owner": self.owner,
            "--client-id (or CONNECTOR_CLIENT_ID from the deployment)": self.client_id,
            "--resource-uri (or CONNECTOR_RESOURCE_URI from the deployment)": self.resource_uri,
        }
        for option, value in values.items():
            if option == "--contact-url" and not self.contact_url:
                continue  # derived from --website, reported there
            if option == "--stack-owner" and not self.stack_owner:
                continue  # derived from --publisher
            if why := placeholder(value):
                found.append(f"{option} {why}")
        for option, value in (("--website", self.website), ("--privacy", self.privacy_policy)):
            if value and urlsplit(value).scheme != "https":
                found.append(f"{option} must be an https:// URL, not {value!r}")
        if self.contact_email and not _EMAIL.fullmatch(self.contact_email):
            found.append(f"--contact-email {self.contact_email!r} is not an email address")
        if match := TITLE_WORDS.search(self.connector_title):
            found.append(f"--title {self.connector_title!r} must not contain {match.group(0)!r}")
        if len(self.connector_title) > MAX_TITLE:
            found.append(
                f"--title {self.connector_title!r} is {len(self.connector_title)} characters; "
                f"certification allows {MAX_TITLE}: give a shorter --title"
            )
        return found

    def checked(self) -> CertifyOptions:
        """These options, or a ValueError naming every option still to give."""
        if problems := self.problems():
            raise ValueError(
                "refusing to build a certification submission with placeholders or invalid values: "
                + "; ".join(problems)
            )
        return self

    @cached_property
    def solution(self) -> SolutionOptions:
        """The connector solution's options: the same connector, with the publisher's facts."""
        publisher_name = re.sub(r"[^A-Za-z0-9]", "", self.publisher) or "Publisher"
        return SolutionOptions(
            host=self.host,
            client_id=self.client_id,
            resource_uri=self.resource_uri,
            email_summary=self.email_summary,
            title=self.connector_title,
            description=self.description,
            publisher=publisher_name if publisher_name[0].isalpha() else f"P{publisher_name}",
            publisher_display_name=self.publisher,
            prefix=self.customization_prefix,
            version=self.version,
            contact_name=self.contact_name,
            contact_email=self.contact_email,
            contact_url=self.contact_link,
            website=self.website,
            privacy_policy=self.privacy_policy,
        )
