"""Every data file spamkit ships, read one way, and a user's changes to the lists.

The shipped files live in ``spamkit/data``: ``rules/*.toml`` (the rule table),
``dnsbl.toml`` (blocklist zones), ``brands.toml``, ``freemail.txt``,
``invite_services.txt`` and ``letter_bigrams.tsv``.  They are read here and nowhere
else (TOML through :mod:`tomllib`, or ``tomli`` on Python 3.10), as data: no line of
them is ever evaluated.

The lists the detectors consult (:class:`Lists`) can be changed by a user's rules
file, beside its rules (see :meth:`Lists.overlay`)::

    [lists.freemail]                 # free mail providers (FREEMAIL_FROM, FREEMAIL_REPLYTO)
    add = ["mail.example.net", "example.*"]
    remove = ["yahoo.*"]

    [lists.invite_services]          # address-book harvesters (INVITE_SPAM_SENDER)
    add = ["invites.example.com"]

    [lists.neutral_domains]          # links any brand's mail may have (BRAND_SPOOF)
    add = ["bsky.app"]

    [lists.user_content_hosts]       # hosts under a brand's domain where anyone publishes
    add = ["pages.example.com"]      # (never the brand's own: BRAND_SPOOF, BRAND_ALIGNED)

    [brands.mybank]                  # a new brand: its claim words and its own domains
    keywords = ["マイバンク", "mybank"]
    domains = ["mybank.example.jp"]

    [brands.amazon]                  # a shipped brand: more domains or keywords
    domains = ["amazon-corp.example"]

    [brands.paypal]                  # a shipped brand no longer checked
    enabled = false

    [authentication]                 # Authentication-Results your own MTA adds (AUTH_*)
    trusted_authserv_ids = ["mx.example.jp"]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from .domains import registered_domain
from .errors import ConfigError
from .normalise import fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Brand",
    "DomainList",
    "Lists",
    "collector_rewrites",
    "data_text",
    "data_toml",
    "function_words",
    "network_symbols",
    "parse_toml",
    "read_toml",
    "rule_table",
    "shipped_lists",
]

#: The lists a user's rules file may change with ``[lists.NAME]``.
LIST_NAMES = ("freemail", "invite_services", "neutral_domains", "user_content_hosts")
#: The keys of a user's ``[authentication]`` table.
AUTHENTICATION_KEYS = ("trusted_authserv_ids",)
# An authserv-id as a site writes it (RFC 8601 "value": in practice a host name): one
# word, no separator of the header's grammar (";", "(", '"', "=") in it.
_AUTHSERV_ID = re.compile(r"[!#-'*-:<>-~]{1,255}")
_DOMAIN_ENTRY = re.compile(r"[a-z0-9](?:[a-z0-9.\-]{0,251}[a-z0-9])?(?:\.\*)?")
_BRAND_NAME = re.compile(r"[a-z0-9][a-z0-9_\-]{0,63}")


def data_text(filename: str) -> str:
    """The text of the shipped data file ``filename`` (``spamkit/data/FILENAME``)."""
    return resources.files("spamkit").joinpath("data").joinpath(filename).read_text("utf-8")


@cache
def data_toml(filename: str) -> dict[str, Any]:
    """The shipped TOML file ``filename``, parsed once per process (treat it as read-only)."""
    return parse_toml(data_text(filename), f"spamkit/data/{filename}")


@cache
def rule_table() -> dict[str, dict[str, Any]]:
    """The shipped rule table: every ``spamkit/data/rules/*.toml``, read in name order.

    Splitting the table by subject (sender, conversation, brand, links, ...) keeps each
    file short; a name defined twice is an error, not an override.
    """
    folder = resources.files("spamkit").joinpath("data").joinpath("rules")
    table: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".toml"):
            continue
        source = f"spamkit/data/rules/{item.name}"
        for name, entry in parse_toml(item.read_text("utf-8"), source).items():
            if name in table:
                raise ConfigError(f"{source}: [{name}] is already defined in {origin[name]}")
            table[name], origin[name] = entry, source
    return table


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error is a :class:`ConfigError` naming ``source``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from exc


def read_toml(path: str | PathLike[str]) -> dict[str, Any]:
    """Read a user's TOML file (rules, zones); every failure is a one-line :class:`ConfigError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 ({exc})") from exc
    return parse_toml(text, str(path))


def _lines(text: str) -> list[str]:
    """Entries of a one-a-line list: ``#`` comments and blank lines dropped, lower-cased."""
    lines = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line.lower())
    return lines


@dataclass(frozen=True)
class DomainList:
    """A list of domains: exact names, and ``name.*`` entries (``name.<any public suffix>``).

    Sub-domains do not inherit: ``groups.msn.com`` is a list host, not a free mailbox.

    Examples
    --------
    >>> lst = DomainList.from_entries(["gmail.com", "yahoo.*"])
    >>> "gmail.com" in lst, "yahoo.co.uk" in lst, "mail.yahoo.co.uk" in lst
    (True, True, False)
    """

    exact: frozenset[str] = frozenset()
    wildcards: frozenset[str] = frozenset()

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> DomainList:
        exact: set[str] = set()
        wild: set[str] = set()
        for entry in entries:
            if entry.endswith(".*"):
                wild.add(entry[:-2])
            else:
                exact.add(entry)
        return cls(frozenset(exact), frozenset(wild))

    @property
    def entries(self) -> frozenset[str]:
        """Every entry as written in the list file (``name.*`` for wildcards)."""
        return self.exact | {f"{label}.*" for label in self.wildcards}

    def __contains__(self, domain: object) -> bool:
        if not isinstance(domain, str) or not domain:
            return False
        if domain in self.exact:
            return True
        reg = registered_domain(domain)
        label = reg.split(".", 1)[0]
        return domain == reg and label in self.wildcards and reg != label

    def changed(self, add: Iterable[str] = (), remove: Iterable[str] = ()) -> DomainList:
        """This list with ``remove`` taken out and ``add`` put in."""
        return DomainList.from_entries((self.entries - set(remove)) | set(add))


@dataclass(frozen=True)
class Brand:
    """A brand of ``brands.toml``: its id, claim keywords (folded) and its registered domains."""

    name: str
    keywords: tuple[str, ...]
    domains: frozenset[str]


def _brand(name: str, keywords: Iterable[str], domains: Iterable[str]) -> Brand:
    return Brand(
        name,
        tuple(fold(k) for k in keywords),
        frozenset(registered_domain(d) for d in domains),
    )


@dataclass(frozen=True)
class Lists:
    """The lists the detectors consult: shipped (:func:`shipped_lists`) or overlaid by a user.

    Attributes
    ----------
    freemail : DomainList
        Free mail providers (``freemail.txt``).
    invite_services : DomainList
        Address-book harvesting invite services (``invite_services.txt``).
    brands : tuple of Brand
        Brands phishing pretends to be (``brands.toml``).
    neutral_domains : frozenset of str
        Registered domains any brand's genuine mail may link to (``brands.toml``).
    user_content_hosts : frozenset of str
        Hosts under a brand's domains where anyone can publish (a shared document, a
        form, a tenant's site): a link there is never the brand's own, nor neutral
        (``brands.toml``).  A host matches itself and every name under it.
    trusted_authserv_ids : frozenset of str
        The authserv-ids of ``Authentication-Results`` headers your own MTA adds
        (lower-case); empty as shipped, so the ``AUTH_*`` signals never fire until a
        rules file names them (``[authentication]``, :mod:`spamkit.detectors.auth`).
    """

    freemail: DomainList
    invite_services: DomainList
    brands: tuple[Brand, ...]
    neutral_domains: frozenset[str]
    user_content_hosts: frozenset[str] = frozenset()
    trusted_authserv_ids: frozenset[str] = frozenset()

    def is_user_content(self, host: str) -> bool:
        """True when ``host`` is, or lies under, one of :attr:`user_content_hosts`.

        Examples
        --------
        >>> lists = shipped_lists()
        >>> lists.is_user_content("docs.google.com"), lists.is_user_content("www.google.com")
        (True, False)
        """
        host = host.rstrip(".").lower()
        while host:
            if host in self.user_content_hosts:
                return True
            host = host.partition(".")[2]
        return False

    def overlay(
        self,
        lists: Mapping[str, Any] | None = None,
        brands: Mapping[str, Any] | None = None,
        *,
        authentication: Mapping[str, Any] | None = None,
        source: str = "rules file",
    ) -> Lists:
        """These lists with a user's ``[lists.NAME]``, ``[brands.NAME]`` and
        ``[authentication]`` tables applied.

        Parameters
        ----------
        lists : mapping, optional
            ``{"freemail": {"add": [...], "remove": [...]}, ...}``; the names are those of
            :data:`LIST_NAMES`.  Entries are domains or ``name.*``; removing one the list
            does not hold is an error (a typo would otherwise pass silently).
        brands : mapping, optional
            ``{"NAME": {"keywords": [...], "domains": [...]}}`` adds a brand, or adds
            keywords and domains to a shipped one; ``{"NAME": {"enabled": false}}`` drops it.
        authentication : mapping, optional
            ``{"trusted_authserv_ids": ["mx.example.jp", ...]}``: the authserv-ids of the
            ``Authentication-Results`` headers your own MTA adds.  They replace the
            shipped (empty) set; ``[]`` turns the ``AUTH_*`` signals off again.
        source : str
            Named in error messages.

        Returns
        -------
        Lists

        Raises
        ------
        ConfigError
            On an unknown list or key, a malformed entry, a new brand without keywords
            and domains, or an authserv-id that is not one word of printable ASCII.

        Examples
        --------
        >>> lists = shipped_lists().overlay({"freemail": {"add": ["mail.example.net"]}})
        >>> "mail.example.net" in lists.freemail, "mail.example.net" in shipped_lists().freemail
        (True, False)
        """
        changes: dict[str, Any] = {}
        for name, spec in (lists or {}).items():
            where = f"{source}: [lists.{name}]"
            if name not in LIST_NAMES:
                raise ConfigError(f"{where}: no such list; known: {', '.join(LIST_NAMES)}")
            add, remove = _list_change(where, spec)
            if name == "neutral_domains":
                if any(e.endswith(".*") for e in add | remove):
                    raise ConfigError(f"{where}: neutral domains are whole domains, not name.*")
                add = {registered_domain(d) for d in add}
                remove = {registered_domain(d) for d in remove}
                held = self.neutral_domains
            elif name == "user_content_hosts":
                if any(e.endswith(".*") for e in add | remove):
                    raise ConfigError(f"{where}: user content hosts are host names, not name.*")
                held = self.user_content_hosts
            else:
                held = getattr(self, name).entries
            missing = sorted(remove - held)
            if missing:
                raise ConfigError(f"{where}: cannot remove {', '.join(missing)}: not in the list")
            if name in ("neutral_domains", "user_content_hosts"):
                changes[name] = (held - remove) | add
            else:
                changes[name] = getattr(self, name).changed(add, remove)
        if brands:
            changes["brands"] = _brands_overlay(self.brands, brands, source)
        if authentication is not None:
            changes["trusted_authserv_ids"] = _authserv_ids(authentication, source)
        return replace(self, **changes)


def _authserv_ids(table: object, source: str) -> frozenset[str]:
    """The ``trusted_authserv_ids`` of an ``[authentication]`` table, checked and lower-cased."""
    where = f"{source}: [authentication]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: must be a table with trusted_authserv_ids")
    unknown = set(table) - set(AUTHENTICATION_KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))};"
            f" allowed: {', '.join(AUTHENTICATION_KEYS)}"
        )
    ids = table.get("trusted_authserv_ids", [])
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ConfigError(f"{where}: trusted_authserv_ids must be a list of strings")
    bad = [i for i in ids if not (i.strip().isascii() and _AUTHSERV_ID.fullmatch(i.strip()))]
    if bad:
        raise ConfigError(
            f"{where}: trusted_authserv_ids: not an authserv-id (one word of printable"
            f" ASCII, as your MTA writes it first in Authentication-Results): {bad[0]!r}"
        )
    return frozenset(i.strip().lower() for i in ids)


def _strings(where: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {key} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _list_change(where: str, spec: object) -> tuple[set[str], set[str]]:
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: must be a table with add and/or remove")
    unknown = set(spec) - {"add", "remove"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: add, remove"
        )
    found: dict[str, set[str]] = {}
    for key in ("add", "remove"):
        entries = [e.lower() for e in _strings(where, key, spec.get(key, []))]
        bad = [e for e in entries if not _DOMAIN_ENTRY.fullmatch(e)]
        if bad:
            raise ConfigError(f"{where}: {key}: not a domain or name.*: {', '.join(bad[:5])}")
        found[key] = set(entries)
    return found["add"], found["remove"]


def _brands_overlay(
    shipped: tuple[Brand, ...], table: Mapping[str, Any], source: str
) -> tuple[Brand, ...]:
    brands = {brand.name: brand for brand in shipped}
    for name, spec in table.items():
        where = f"{source}: [brands.{name}]"
        if not _BRAND_NAME.fullmatch(name):
            raise ConfigError(f"{where}: brand names are lower-case letters, digits, - and _")
        if not isinstance(spec, dict):
            raise ConfigError(f"{where}: must be a table with keywords, domains or enabled")
        unknown = set(spec) - {"keywords", "domains", "enabled"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown key(s) {', '.join(sorted(unknown))};"
                " allowed: keywords, domains, enabled"
            )
        if "enabled" in spec and not isinstance(spec["enabled"], bool):
            raise ConfigError(f"{where}: enabled must be true or false")
        if spec.get("enabled", True) is False:
            if name not in brands:
                raise ConfigError(f"{where}: no such brand to disable")
            del brands[name]
            continue
        keywords = _strings(where, "keywords", spec.get("keywords", []))
        domains = _strings(where, "domains", spec.get("domains", []))
        old = brands.get(name)
        if old is None and not (keywords and domains):
            raise ConfigError(f"{where}: a new brand needs keywords and domains")
        new = _brand(name, keywords, domains)
        if old is not None:
            new = Brand(
                name,
                old.keywords + tuple(k for k in new.keywords if k not in old.keywords),
                old.domains | new.domains,
            )
        brands[name] = new
    return tuple(brands.values())


@cache
def collector_rewrites() -> tuple[frozenset[str], frozenset[str]]:
    """``(addresses, domains)`` that corpus collectors rewrote the recipient to.

    From ``collector_rewrites.txt``: they are masked like the recipient's own address.
    """
    entries = _lines(data_text("collector_rewrites.txt"))
    return (
        frozenset(e for e in entries if "@" in e),
        frozenset(e for e in entries if "@" not in e),
    )


@cache
def function_words() -> frozenset[str]:
    """Words that carry grammar, not topic (``function_words.txt``): never shown as reasons."""
    return frozenset(_lines(data_text("function_words.txt")))


@cache
def shipped_lists() -> Lists:
    """The lists as shipped (``freemail.txt``, ``invite_services.txt``, ``brands.toml``)."""
    table = data_toml("brands.toml")
    brands = tuple(
        _brand(name, entry.get("keywords", []), entry.get("domains", []))
        for name, entry in table.items()
        if isinstance(entry, dict)
    )
    return Lists(
        freemail=DomainList.from_entries(_lines(data_text("freemail.txt"))),
        invite_services=DomainList.from_entries(_lines(data_text("invite_services.txt"))),
        brands=brands,
        neutral_domains=frozenset(registered_domain(d) for d in table.get("neutral_domains", [])),
        user_content_hosts=frozenset(h.lower() for h in table.get("user_content_hosts", [])),
    )


@cache
def network_symbols() -> dict[str, tuple[float, str]]:
    """The listing symbols of the shipped DNSBL zones: name -> (score, description).

    They are rules found over the network (flag ``net``): a user's rules file may
    re-weight or disable them like any rule.  Error symbols (``..._OPEN_RESOLVER``,
    ``..._TIMEOUT``) always score 0 and are not listed here.
    """
    symbols: dict[str, tuple[float, str]] = {}
    for zone in data_toml("dnsbl.toml").get("zones", {}).values():
        for listing in zone.get("listing", []):
            symbols.setdefault(
                listing["symbol"], (float(listing["score"]), listing.get("description", ""))
            )
    return symbols
