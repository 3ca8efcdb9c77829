"""Where the partner back end is and how to reach it, read from app settings and checked once.

The target host comes only from here: inputs never reach a URL's host or path, so a request cannot
be steered to another service. A setting that could not work fails at once, naming the setting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from connector import header_names
from connector.contract import FORWARDED_OPERATIONS, operation
from connector.settings import Settings
from connector.sources.backend.mapping_contract import OperationMapping, path_problem
from connector.startup import bad_setting

# Letters, digits and `-._~` segments only: no `..`, query, fragment, percent-escapes or `//`.
_PATH = re.compile(r"(/(?!\.{1,2}(/|\Z))[A-Za-z0-9._~-]+)+/?")
_HOST = re.compile(r"([A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+\.?|\[[0-9A-Fa-f:.]+\]")  # a DNS name, IPv4, [IPv6]
_HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")


def default_path(operation_key: str) -> str:
    """By default each operation is forwarded to its own contract route, under the base URL."""
    return "/" + operation(operation_key).route


def _base_url(raw: str) -> str:
    """The base URL as the HTTP library will read it, refused when any URL parser could read it otherwise.

    `requests` reads URLs with urllib3's parser; the standard library's reads some differently (a
    backslash ends urllib3's host but not urlsplit's). Whatever could mean two things is refused, so
    that what `check-backend` shows is where calls go, API key and all.
    """
    if not raw:
        raise bad_setting("BACKEND_BASE_URL", "is required when CONNECTOR_SOURCE is backend")
    if "@" in raw:
        # Checked first, so the value is never echoed: credentials in a URL end up in logs.
        raise bad_setting("BACKEND_BASE_URL", "must not contain credentials (or '@'); use BACKEND_API_KEY")
    if any(c.isspace() or not c.isprintable() or c == "\\" for c in raw):
        raise bad_setting(
            "BACKEND_BASE_URL", f"must not contain whitespace, control characters or backslashes, got {raw!r}"
        )
    try:
        url = parse_url(raw)  # what requests will call
        parts = urlsplit(raw)
        port = parts.port  # raises on a port that is not a number
    except (LocationParseError, ValueError):
        raise bad_setting("BACKEND_BASE_URL", f"is not a valid URL: {raw!r}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise bad_setting("BACKEND_BASE_URL", f"must be an http(s) URL with a host, got {raw!r}")
    if not _HOST.fullmatch(url.host):
        raise bad_setting("BACKEND_BASE_URL", f"must name a host (a DNS name or an IP address), got {raw!r}")
    if url.query is not None or url.fragment is not None or parts.query or parts.fragment:
        raise bad_setting("BACKEND_BASE_URL", f"must not have a query or fragment, got {raw!r}")
    if parts.path.rstrip("/") and not _PATH.fullmatch(parts.path.rstrip("/")):
        raise bad_setting("BACKEND_BASE_URL", f"has an unusable path {parts.path!r}")
    read_by_urllib3 = (url.scheme, url.host.strip("[]").lower(), url.port, url.path or "")
    read_by_urlsplit = (parts.scheme.lower(), (parts.hostname or "").lower(), port, parts.path)
    if read_by_urllib3 != read_by_urlsplit:
        raise bad_setting("BACKEND_BASE_URL", f"can be read as more than one URL, got {raw!r}")
    base_path = (url.path or "").rstrip("/")
    return f"{url.scheme}://{url.netloc}{base_path}"


def _paths(overrides: tuple[tuple[str, str], ...], mappings: Mapping[str, OperationMapping] | None) -> dict[str, str]:
    """Each operation's path template: the setting's, else the mapping's, else the contract route."""
    paths = {op.key: default_path(op.key) for op in FORWARDED_OPERATIONS}
    for key, mapping in (mappings or {}).items():
        if key in paths and mapping.path:
            paths[key] = mapping.path
    for key, path in overrides:
        setting = f"BACKEND_PATH_{key.upper()}"
        if key not in paths:
            known = ", ".join(f"BACKEND_PATH_{k.upper()}" for k in paths)
            raise bad_setting(setting, f"names no operation; use one of {known}")
        if problem := path_problem(operation(key), path):
            raise bad_setting(setting, problem)
        paths[key] = path
    return paths


@dataclass(frozen=True)
class BackendConfig:
    base_url: str  # scheme, host, optional port and base path; no trailing slash
    paths: dict[str, str]  # operation key -> path under the base URL
    # The rest comes from `Settings`, where the defaults are.
    api_key: str = field(repr=False)
    api_key_header: str
    forward_bearer: bool
    max_response_bytes: int
    pool_size: int

    @classmethod
    def from_settings(cls, settings: Settings, mappings: Mapping[str, OperationMapping] | None = None) -> BackendConfig:
        key_header = settings.backend_api_key_header
        if not _HEADER_NAME.fullmatch(key_header):
            raise bad_setting("BACKEND_API_KEY_HEADER", f"must be an HTTP header name, got {key_header!r}")
        if key_header.lower() in header_names.FRAMING_HEADERS | header_names.CONNECTOR_HEADERS:
            # The key would break the request's framing, or be overwritten (or overwrite) what the connector sends.
            owner = "HTTP framing" if key_header.lower() in header_names.FRAMING_HEADERS else "the connector"
            raise bad_setting(
                "BACKEND_API_KEY_HEADER",
                f"must not be {key_header}, a header {owner} sets; send the key in its own header, e.g. x-api-key",
            )
        if any(ord(c) < 0x20 or ord(c) > 0x7E for c in settings.backend_api_key):
            raise bad_setting("BACKEND_API_KEY", "must be printable ASCII")
        if (
            settings.backend_forward_bearer
            and settings.backend_api_key_header.lower() == header_names.AUTHORIZATION.lower()
        ):
            # Both would be sent in one header: the caller's token would silently replace the key.
            raise bad_setting(
                "BACKEND_API_KEY_HEADER",
                "cannot be Authorization while BACKEND_FORWARD_BEARER is true: both would "
                "use the Authorization header; send the key in another header",
            )
        return cls(
            base_url=_base_url(settings.backend_base_url),
            paths=_paths(settings.backend_paths, mappings),
            api_key=settings.backend_api_key,
            api_key_header=settings.backend_api_key_header,
            forward_bearer=settings.backend_forward_bearer,
            max_response_bytes=settings.backend_max_response_bytes,
            pool_size=settings.backend_pool_size,
        )

    @property
    def host(self) -> str:
        """host[:port], the telemetry target."""
        return parse_url(self.base_url).netloc

    @property
    def scheme(self) -> str:
        return parse_url(self.base_url).scheme

    def url(self, operation_key: str) -> str:
        return self.base_url + self.paths[operation_key]


def describe(config: BackendConfig) -> list[str]:
    """Where each operation is forwarded and how the connector authenticates, for a person to check."""
    auth = [f"API key in header {config.api_key_header}"] if config.api_key else []
    if config.forward_bearer:
        auth.append("the caller's bearer token")
    lines = [f"Back end: {config.base_url}", f"Authentication: {' and '.join(auth) or 'none'}"]
    for op in FORWARDED_OPERATIONS:
        lines.append(f"  {op.key:<17} {op.method:<4} {config.url(op.key)}")
    return lines
