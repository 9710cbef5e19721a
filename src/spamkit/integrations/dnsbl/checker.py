"""DNS blocklist lookups for a message: every outcome named, and no error ever a listing.

Every answer a zone can give is named in its :class:`~.zones.Zone` (listing codes map
to symbols with scores, ``RCVD_IN_ZEN_SBL``; error codes to zero-score symbols that
carry the cause and the fix, ``RCVD_IN_ZEN_OPEN_RESOLVER``).  An answer in neither
map, a timeout and SERVFAIL are errors too.  After an error the zone
*backs off*: it is not asked again for ``backoff`` seconds, and a warning is logged
once per zone and cause until the zone answers properly again.

Outcome of one lookup::

    listed    an answer in the zone's listing map      -> RuleHit(score > 0)
    clean     NXDOMAIN / no A record                   -> nothing
    error     error code, unexpected answer,
              timeout, SERVFAIL, network error         -> RuleHit(score 0), zone backs off
    skipped   the zone is backing off                  -> RuleHit(score 0) once per message
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ...errors import ConfigError
from ...message import ParsedMail
from ...rules import RuleHit
from .zones import IPV4, ErrorCode, Listing, Zone, load_zones

__all__ = [
    "DnsblChecker",
    "Lookup",
    "check_message",
    "message_domains",
    "parse_resolver",
]

log = logging.getLogger(__name__)

Status = Literal["listed", "clean", "error", "skipped"]


@dataclass(frozen=True)
class Lookup:
    """The outcome of one query: what was asked, what came back, and what it means."""

    zone: Zone
    query: str
    status: Status
    answers: tuple[str, ...] = ()
    hits: tuple[RuleHit, ...] = ()
    cause: str = ""
    fix: str = ""
    code: str = ""  # what went wrong, for errors: TIMEOUT, SERVFAIL, OPEN_RESOLVER, ...

    @property
    def hit(self) -> RuleHit | None:
        """The first hit (the only one for errors), or ``None`` when clean."""
        return self.hits[0] if self.hits else None


def parse_resolver(text: str) -> tuple[str, int]:
    """Split ``IP``, ``IP:PORT`` or ``[IPv6]:PORT`` into an address and a port (53 default).

    Examples
    --------
    >>> parse_resolver("127.0.0.1:5353")
    ('127.0.0.1', 5353)
    >>> parse_resolver("[::1]:53")
    ('::1', 53)
    >>> parse_resolver("::1")
    ('::1', 53)
    """
    text = text.strip()
    host, port = text, 53
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
        port = int(port_text)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ConfigError(
            f"resolver must be an IP address (optionally :PORT), not {text!r}"
        ) from None
    if not 0 < port < 65536:
        raise ConfigError(f"resolver port out of range in {text!r}")
    return host, port


# ---------------------------------------------------------------------------
# what to ask


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a Received field names (``[1.2.3.4]``, ``IPv6:...``); IPv4-mapped
    IPv6 as IPv4, since that is the address a blocklist lists."""
    try:
        addr = ipaddress.ip_address(text.strip().strip("[]").removeprefix("IPv6:"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _reverse_ip(ip: str) -> str | None:
    addr = _ip(ip)
    if addr is None:
        return None
    if isinstance(addr, ipaddress.IPv4Address):
        return ".".join(reversed(str(addr).split(".")))
    return ".".join(reversed(addr.exploded.replace(":", "")))


def _sort_key(answer: str) -> tuple[int, str]:
    try:
        return int(IPV4(answer)), answer
    except ValueError:
        return 1 << 32, answer


def _is_public_ip(ip: str) -> bool:
    addr = _ip(ip)
    return addr is not None and addr.is_global


_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{2,63}$")


def _registered_domain(host: str) -> str | None:
    """The registered domain to ask a domain zone about; ``None`` for IPs and junk."""
    from ...domains import registered_domain

    domain = registered_domain(host)
    if _reverse_ip(domain) is not None:
        return None  # an IP literal: domain lists refuse those (127.0.1.255)
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return domain if _HOST_RE.match(domain) else None


def message_domains(mail: ParsedMail, limit: int = 20) -> list[str]:
    """The registered domains of the sender and of the links of ``mail``, sender first."""
    from ...domains import address_domain, host_of

    hosts = [address_domain(a) for a in (mail.from_address, mail.return_path, mail.reply_to)]
    hosts.extend(host_of(link.url) for link in mail.links)
    seen: dict[str, None] = {}
    for host in hosts:
        domain = _registered_domain(host) if host else None
        if domain and domain not in seen:
            seen[domain] = None
            if len(seen) >= limit:
                break
    return list(seen)


# ---------------------------------------------------------------------------
# the checker


def _make_resolver(resolver: Any, timeout: float) -> Any:
    import dns.resolver

    if resolver is None:
        res = dns.resolver.Resolver()
    elif isinstance(resolver, str):
        host, port = parse_resolver(resolver)
        res = dns.resolver.Resolver(configure=False)
        res.nameservers = [host]
        res.port = port
    else:
        return resolver
    res.timeout = timeout
    res.lifetime = timeout
    res.cache = None
    return res


@dataclass
class _ZoneState:
    backoff_until: float = 0.0
    warned: set[str] = field(default_factory=set)


class DnsblChecker:
    """Ask the configured blocklists about a message; name every outcome.

    Parameters
    ----------
    zones : sequence of Zone or None
        The zones to ask; ``None`` loads the shipped table.
    resolver : str, dns.resolver.Resolver or None
        ``"IP[:PORT]"`` of the recursive resolver to ask, a configured dnspython
        ``Resolver``, or ``None`` for the system's (``/etc/resolv.conf``).  Use a
        local recursive resolver: Spamhaus refuses queries from public resolvers.
    timeout : float or None
        Seconds for one lookup; ``None`` takes the table's default.
    backoff : float or None
        Seconds a zone is skipped after an error; ``None`` takes the table's default.
    clock : callable
        Monotonic clock, for tests of the back-off.

    Notes
    -----
    A checker is safe to share between threads (the milter does).  ``stats`` counts
    outcomes per ``(zone, status)`` for health monitoring.

    Examples
    --------
    >>> checker = DnsblChecker(resolver="127.0.0.1:5353")     # doctest: +SKIP
    >>> [hit.name for hit in checker.check_message(mail, client_ip="192.0.2.1")]  # doctest: +SKIP
    ['RCVD_IN_ZEN_SBL']
    """

    def __init__(
        self,
        zones: Sequence[Zone] | None = None,
        resolver: Any = None,
        *,
        timeout: float | None = None,
        backoff: float | None = None,
        max_domains: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        defaults: dict[str, float] = {}
        if zones is None:
            loaded, defaults = load_zones()
            zones = loaded
        self.zones = list(zones)
        self.timeout = float(defaults.get("timeout", 2.0) if timeout is None else timeout)
        self.backoff = float(defaults.get("backoff", 300.0) if backoff is None else backoff)
        self.max_domains = int(
            defaults.get("max_domains", 20) if max_domains is None else max_domains
        )
        self.clock = clock
        self.resolver = _make_resolver(resolver, self.timeout)
        self.stats: Counter[tuple[str, str]] = Counter()
        self._state: dict[str, _ZoneState] = {z.zone: _ZoneState() for z in self.zones}
        self._lock = threading.Lock()

    @property
    def resolver_address(self) -> str:
        """Who answers the lookups: ``127.0.0.1``, ``[::1]:5353``, or several, comma-separated."""
        port = int(getattr(self.resolver, "port", 53) or 53)
        names = []
        for server in getattr(self.resolver, "nameservers", None) or ["?"]:
            text = str(server)
            if port != 53:
                text = f"[{text}]:{port}" if ":" in text else f"{text}:{port}"
            names.append(text)
        return ", ".join(names)

    # -- one query ---------------------------------------------------------

    def lookup(
        self,
        zone: Zone,
        target: str,
        *,
        honour_backoff: bool = True,
        literal: bool = False,
        warn: bool = True,
    ) -> Lookup:
        """Ask ``zone`` about ``target`` (an IP for ip zones, a name otherwise).

        With ``literal`` the target is used as the query label as it is (the test
        points, such as ``2.0.0.127``, are already reversed).  ``warn=False`` keeps an
        error out of the log (the health check reports its findings itself).  Never
        raises on DNS trouble.
        """
        reversed_ip = None if literal or zone.kind != "ip" else _reverse_ip(target)
        label = reversed_ip if reversed_ip is not None else target.strip(".").lower()
        query = f"{label}.{zone.zone}"
        with self._lock:
            state = self._state.setdefault(zone.zone, _ZoneState())
            resting = honour_backoff and self.clock() < state.backoff_until
        if resting:
            result = self._error(zone, query, (), "BACKOFF", "backing off after an error", "")
            return Lookup(
                zone, query, "skipped", (), result.hits, result.cause, result.fix, result.code
            )
        return self._query(zone, query, warn)

    def _query(self, zone: Zone, query: str, warn: bool = True) -> Lookup:
        import dns.exception
        import dns.resolver

        try:
            answer = self.resolver.resolve(query, "A", raise_on_no_answer=False)
            answers = tuple(sorted({rr.address for rr in answer}, key=_sort_key))
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            answers = ()
        except dns.exception.Timeout:
            return self._error(
                zone,
                query,
                (),
                "TIMEOUT",
                f"timeout after {self.timeout:g}s",
                "check that the resolver is running and can reach the list's servers",
                warn=warn,
            )
        except dns.resolver.NoNameservers as exc:
            return self._error(
                zone,
                query,
                (),
                "SERVFAIL",
                "SERVFAIL from the resolver",
                "the resolver could not get an answer from the list's servers; check its logs",
                detail=str(exc),
                warn=warn,
            )
        except (dns.exception.DNSException, OSError) as exc:
            return self._error(
                zone,
                query,
                (),
                "DNS_ERROR",
                f"DNS error ({type(exc).__name__})",
                "check the resolver address and that it answers",
                detail=str(exc),
                warn=warn,
            )
        if not answers:
            self._ok(zone, "clean")
            return Lookup(zone, query, "clean")
        meanings = [zone.classify_answer(a) for a in answers]
        for answer, meaning in zip(answers, meanings, strict=True):
            if isinstance(meaning, ErrorCode):
                return self._error(
                    zone, query, answers, meaning.suffix, meaning.cause, meaning.fix, warn=warn
                )
            if meaning is None:
                return self._error(
                    zone,
                    query,
                    answers,
                    "UNEXPECTED_ANSWER",
                    f"answer {answer} is not in the zone's map",
                    "the resolver may rewrite NXDOMAIN (ad/search redirection) or the list "
                    "changed its codes; fix the resolver or the zone's map in dnsbl.toml",
                    warn=warn,
                )
        # one hit per listing symbol: a host can be in the SBL, the XBL and the PBL
        listings: dict[str, Listing] = {}
        for meaning in meanings:
            if isinstance(meaning, Listing):
                listings.setdefault(meaning.symbol, meaning)
        self._ok(zone, "listed")
        evidence = f"{query} -> {','.join(answers)}"
        hits = tuple(
            RuleHit(item.symbol, item.score, item.description, evidence, False)
            for item in listings.values()
        )
        return Lookup(zone, query, "listed", answers, hits)

    def _ok(self, zone: Zone, status: str) -> None:
        with self._lock:
            self.stats[(zone.zone, status)] += 1
            self._state[zone.zone].warned.clear()

    def _error(
        self,
        zone: Zone,
        query: str,
        answers: tuple[str, ...],
        suffix: str,
        cause: str,
        fix: str,
        *,
        detail: str = "",
        warn: bool = True,
    ) -> Lookup:
        name = f"{zone.prefix}_{suffix}"
        said = (
            f"{zone.zone} answers {','.join(answers)} ({cause})"
            if answers
            else f"{zone.zone}: {cause}"
        )
        description = f"{said}: not a listing; {fix}" if fix else f"{said}: not a listing"
        backing_off = suffix == "BACKOFF"
        with self._lock:
            state = self._state[zone.zone]
            self.stats[(zone.zone, "skipped" if backing_off else "error")] += 1
            if not backing_off:
                state.backoff_until = self.clock() + self.backoff
            first = warn and not backing_off and suffix not in state.warned
            if first:
                state.warned.add(suffix)
        if first:
            log.warning(
                "DNSBL %s: %s; %s. Lookups in this zone are skipped for %gs and never count "
                "as listings.%s",
                zone.zone,
                said,
                fix,
                self.backoff,
                f" ({detail})" if detail else "",
            )
        hit = RuleHit(name, 0.0, description, query, False)
        return Lookup(zone, query, "error", answers, (hit,), cause, fix, suffix)

    # -- a message ---------------------------------------------------------

    def check_ip(self, ip: str) -> list[Lookup]:
        """Ask every ip zone about ``ip``; private and reserved addresses are not asked."""
        if not _is_public_ip(ip):
            return []
        return [self.lookup(zone, ip) for zone in self.zones if zone.kind == "ip"]

    def check_domains(self, domains: Iterable[str]) -> list[Lookup]:
        """Ask every domain zone about each of ``domains``."""
        out = []
        for zone in (z for z in self.zones if z.kind == "domain"):
            for domain in domains:
                out.append(self.lookup(zone, domain))
        return out

    def check_message(
        self, mail: ParsedMail | bytes, client_ip: str | None = None
    ) -> list[RuleHit]:
        """Rule hits for ``mail``: listings with their scores, errors with score 0.

        Parameters
        ----------
        mail : ParsedMail or bytes
            The message (its sender and URLs are looked up in the domain zones).
        client_ip : str or None
            The connecting client's address (looked up in the ip zones).

        Returns
        -------
        list of RuleHit
            One hit per listing, and one zero-score hit per zone and error cause
            (``RCVD_IN_ZEN_OPEN_RESOLVER``, ``..._TIMEOUT``, ``..._BACKOFF``); the hits
            are not model features (``feature=False``).
        """
        if not isinstance(mail, ParsedMail):
            from ...message import parse

            mail = parse(mail)
        lookups: list[Lookup] = []
        if client_ip:
            lookups.extend(self.check_ip(client_ip))
        domains = message_domains(mail, self.max_domains)
        if domains:
            lookups.extend(self.check_domains(domains))
        hits: dict[str, RuleHit] = {}
        failed: set[str] = set()
        for item in lookups:
            if item.status == "skipped" and item.zone.zone in failed:
                continue  # the error that started the back-off is already reported
            if item.status == "error":
                failed.add(item.zone.zone)
            for hit in item.hits:
                hits.setdefault(hit.name, hit)
        return list(hits.values())


_DEFAULT: DnsblChecker | None = None
_DEFAULT_LOCK = threading.Lock()


def check_message(
    mail: ParsedMail | bytes,
    client_ip: str | None = None,
    *,
    checker: DnsblChecker | None = None,
) -> list[RuleHit]:
    """Look ``mail`` up in the shipped zones; see :meth:`DnsblChecker.check_message`.

    Without ``checker`` a process-wide checker on the system resolver is created on
    first use.
    """
    global _DEFAULT
    if checker is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = DnsblChecker()
            checker = _DEFAULT
    return checker.check_message(mail, client_ip)
