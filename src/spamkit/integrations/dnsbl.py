"""DNS blocklist lookups that never turn an error into a verdict.

Every answer a zone can give is named in ``spamkit/data/dnsbl.toml``: listing codes
map to symbols with scores (``RCVD_IN_ZEN_SBL``), error codes map to zero-score
symbols that carry the cause and the fix (``RCVD_IN_ZEN_OPEN_RESOLVER``).  An answer
in neither table, a timeout and SERVFAIL are errors too.  After an error the zone
*backs off*: it is not asked again for ``backoff`` seconds, and a warning is logged
once per zone and cause until the zone answers properly again.

Outcome of one lookup::

    listed    an answer in the zone's listing map      -> RuleHit(score > 0)
    clean     NXDOMAIN / no A record                   -> nothing
    error     error code, unexpected answer,
              timeout, SERVFAIL, network error         -> RuleHit(score 0), zone backs off
    skipped   the zone is backing off                  -> RuleHit(score 0) once per message

Needs the ``dns`` extra (dnspython).
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
from os import PathLike
from typing import Any, Literal

from ..datafiles import data_toml, read_toml
from ..errors import ConfigError
from ..message import ParsedMail
from ..rules import RuleHit

__all__ = [
    "DnsblChecker",
    "ErrorCode",
    "HealthResult",
    "Listing",
    "Lookup",
    "MaillogFinding",
    "Zone",
    "check_message",
    "load_zones",
    "parse_resolver",
    "postfix_restriction",
    "scan_maillog",
]

log = logging.getLogger(__name__)

Status = Literal["listed", "clean", "error", "skipped"]

_IPV4 = ipaddress.IPv4Address


def _code_range(text: str) -> tuple[int, int]:
    """Parse ``"127.0.0.2"`` or ``"127.0.0.2-127.0.0.11"`` into an inclusive int range."""
    try:
        if "-" in text:
            low, high = (int(_IPV4(part.strip())) for part in text.split("-", 1))
        else:
            low = high = int(_IPV4(text.strip()))
    except ValueError as exc:
        raise ConfigError(f"bad DNSBL return code {text!r}: {exc}") from None
    if low > high:
        raise ConfigError(f"bad DNSBL return code range {text!r}: low end above high end")
    return low, high


def _matches(ranges: Sequence[tuple[int, int]], answer: str) -> bool:
    try:
        value = int(_IPV4(answer))
    except ValueError:
        return False
    return any(low <= value <= high for low, high in ranges)


@dataclass(frozen=True)
class Listing:
    """Return codes that mean "listed", and the symbol they raise."""

    symbol: str
    score: float
    description: str
    codes: tuple[tuple[int, int], ...]

    def matches(self, answer: str) -> bool:
        """Whether ``answer`` (an A record) is one of this listing's codes."""
        return _matches(self.codes, answer)


@dataclass(frozen=True)
class ErrorCode:
    """Return codes that mean the lookup failed, with the cause and the operator's fix."""

    suffix: str
    cause: str
    fix: str
    codes: tuple[tuple[int, int], ...]

    def matches(self, answer: str) -> bool:
        """Whether ``answer`` (an A record) is one of these error codes."""
        return _matches(self.codes, answer)


@dataclass(frozen=True)
class Zone:
    """One DNS blocklist and the meaning of each of its answers.

    Parameters
    ----------
    name : str
        Short name (``"zen"``).
    zone : str
        The DNS zone queried (``"zen.spamhaus.org"``).
    kind : {"ip", "domain"}
        Whether the zone lists IP addresses (asked about the client) or domains
        (asked about the sender's and the URLs' domains).
    prefix : str
        Prefix of this zone's error symbols (``RCVD_IN_ZEN`` gives
        ``RCVD_IN_ZEN_OPEN_RESOLVER``).
    listings, errors : tuple
        :class:`Listing` and :class:`ErrorCode` entries, first match wins; errors are
        looked at first.
    test_listed, test_clean : str
        The zone's test points for :meth:`DnsblChecker.health_check`.
    """

    name: str
    zone: str
    kind: Literal["ip", "domain"]
    prefix: str
    description: str = ""
    listings: tuple[Listing, ...] = ()
    errors: tuple[ErrorCode, ...] = ()
    test_listed: str = "2.0.0.127"
    test_clean: str = "1.0.0.127"

    def classify_answer(self, answer: str) -> Listing | ErrorCode | None:
        """The listing or error an A record means; ``None`` when it is in neither map."""
        for error in self.errors:
            if error.matches(answer):
                return error
        for listing in self.listings:
            if listing.matches(answer):
                return listing
        return None


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

    @property
    def hit(self) -> RuleHit | None:
        """The first hit (the only one for errors), or ``None`` when clean."""
        return self.hits[0] if self.hits else None


@dataclass(frozen=True)
class HealthResult:
    """The health of one zone as seen through the configured resolver."""

    zone: str
    ok: bool
    message: str


@dataclass(frozen=True)
class MaillogFinding:
    """Rejections that an MTA logged because a DNSBL answered an error code."""

    zone: str
    error: str
    count: int
    example: str = ""


# ---------------------------------------------------------------------------
# loading the data file


def _load_toml(path: str | PathLike[str] | None) -> dict[str, Any]:
    if path is None:
        return data_toml("dnsbl.toml")
    try:
        return read_toml(path)
    except ConfigError as exc:
        raise ConfigError(f"DNSBL table: {exc}") from None


def _errors(entries: Iterable[dict[str, Any]]) -> tuple[ErrorCode, ...]:
    out = []
    for entry in entries:
        codes = tuple(_code_range(c) for c in entry["codes"])
        out.append(ErrorCode(entry["suffix"], entry["cause"], entry["fix"], codes))
    return tuple(out)


def _symbol_part(zone: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", zone.upper()).strip("_")


def load_zones(
    path: str | PathLike[str] | None = None, names: Sequence[str] | None = None
) -> tuple[list[Zone], dict[str, float]]:
    """Read the zone table and the defaults from ``path`` (the shipped table if ``None``).

    Parameters
    ----------
    path : path or None
        A TOML file in the format of ``spamkit/data/dnsbl.toml``.
    names : sequence of str or None
        Keep only these zones, by short name (``zen``) or DNS zone
        (``zen.spamhaus.org``).  A zone the table does not know gets the generic
        map: 127.0.0.2-127.0.0.254 listed, 127.255.255.0/24 errors.

    Returns
    -------
    zones : list of Zone
    defaults : dict
        ``timeout``, ``backoff`` and ``max_domains``.

    Raises
    ------
    ConfigError
        The file is missing or malformed.
    """
    data = _load_toml(path)
    try:
        common = _errors(data.get("error", []))
        zones: list[Zone] = []
        for short, spec in data.get("zones", {}).items():
            listings = tuple(
                Listing(
                    item["symbol"],
                    float(item["score"]),
                    item.get("description", ""),
                    tuple(_code_range(c) for c in item["codes"]),
                )
                for item in spec.get("listing", [])
            )
            zones.append(
                Zone(
                    name=short,
                    zone=spec["zone"].rstrip(".").lower(),
                    kind=spec.get("kind", "ip"),
                    prefix=spec.get("prefix", f"DNSBL_{_symbol_part(short)}"),
                    description=spec.get("description", ""),
                    listings=listings,
                    errors=_errors(spec.get("error", [])) + common,
                    test_listed=spec.get("test_listed", "2.0.0.127"),
                    test_clean=spec.get("test_clean", "1.0.0.127"),
                )
            )
        generic = data.get("generic", {})
        defaults = {
            "timeout": float(data.get("defaults", {}).get("timeout", 2.0)),
            "backoff": float(data.get("defaults", {}).get("backoff", 300.0)),
            "max_domains": float(data.get("defaults", {}).get("max_domains", 20)),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"malformed DNSBL table: {exc!r}") from None
    for zone in zones:
        if zone.kind not in ("ip", "domain"):
            raise ConfigError(f"zone {zone.name}: kind must be 'ip' or 'domain', not {zone.kind!r}")
    if names is None:
        return zones, defaults
    picked = []
    for wanted in names:
        key = wanted.rstrip(".").lower()
        found = next((z for z in zones if key in (z.name, z.zone)), None)
        if found is None:
            symbol = _symbol_part(key)
            found = Zone(
                name=key,
                zone=key,
                kind=generic.get("kind", "ip"),
                prefix=f"DNSBL_{symbol}",
                description=f"DNSBL {key}",
                listings=(
                    Listing(
                        f"DNSBL_{symbol}",
                        float(generic.get("score", 2.0)),
                        f"Listed in {key}",
                        tuple(
                            _code_range(c) for c in generic.get("listed", ["127.0.0.2-127.0.0.254"])
                        ),
                    ),
                ),
                errors=common,
                test_listed=generic.get("test_listed", "2.0.0.127"),
                test_clean=generic.get("test_clean", "1.0.0.127"),
            )
        picked.append(found)
    return picked, defaults


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


def _reverse_ip(ip: str) -> str | None:
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]").removeprefix("IPv6:"))
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if isinstance(addr, ipaddress.IPv4Address):
        return ".".join(reversed(str(addr).split(".")))
    return ".".join(reversed(addr.exploded.replace(":", "")))


def _sort_key(answer: str) -> tuple[int, str]:
    try:
        return int(_IPV4(answer)), answer
    except ValueError:
        return 1 << 32, answer


def _is_public_ip(ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]").removeprefix("IPv6:"))
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global


_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{2,63}$")


def _registered_domain(host: str) -> str | None:
    """The registered domain to ask a domain zone about; ``None`` for IPs and junk."""
    from ..domains import registered_domain

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
    from ..domains import address_domain, host_of

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

    # -- one query ---------------------------------------------------------

    def lookup(
        self, zone: Zone, target: str, *, honour_backoff: bool = True, literal: bool = False
    ) -> Lookup:
        """Ask ``zone`` about ``target`` (an IP for ip zones, a name otherwise).

        With ``literal`` the target is used as the query label as it is (the test
        points, such as ``2.0.0.127``, are already reversed).  Never raises on DNS
        trouble.
        """
        reversed_ip = None if literal or zone.kind != "ip" else _reverse_ip(target)
        label = reversed_ip if reversed_ip is not None else target.strip(".").lower()
        query = f"{label}.{zone.zone}"
        with self._lock:
            state = self._state.setdefault(zone.zone, _ZoneState())
            resting = honour_backoff and self.clock() < state.backoff_until
        if resting:
            result = self._error(zone, query, (), "BACKOFF", "backing off after an error", "")
            return Lookup(zone, query, "skipped", (), result.hits, result.cause, result.fix)
        return self._query(zone, query)

    def _query(self, zone: Zone, query: str) -> Lookup:
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
            )
        if not answers:
            self._ok(zone, "clean")
            return Lookup(zone, query, "clean")
        meanings = [zone.classify_answer(a) for a in answers]
        for answer, meaning in zip(answers, meanings, strict=True):
            if isinstance(meaning, ErrorCode):
                return self._error(zone, query, answers, meaning.suffix, meaning.cause, meaning.fix)
            if meaning is None:
                return self._error(
                    zone,
                    query,
                    answers,
                    "UNEXPECTED_ANSWER",
                    f"answer {answer} is not in the zone's map",
                    "the resolver may rewrite NXDOMAIN (ad/search redirection) or the list "
                    "changed its codes; fix the resolver or the zone's map in dnsbl.toml",
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
                first = suffix not in state.warned
                state.warned.add(suffix)
            else:
                first = False
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
        return Lookup(zone, query, "error", answers, (hit,), cause, fix)

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
            from ..message import parse

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

    # -- health --------------------------------------------------------------

    def health_check(self) -> list[HealthResult]:
        """Query each zone's test points and say whether lookups can be trusted.

        The listed test point must answer a listing code and the clean one must not
        be listed.  Anything else is BROKEN with a diagnosis.  The back-off is
        ignored (a health check always asks).
        """
        results = []
        for zone in self.zones:
            listed = self.lookup(zone, zone.test_listed, honour_backoff=False, literal=True)
            clean = self.lookup(zone, zone.test_clean, honour_backoff=False, literal=True)
            problems = []
            for point, item, want in (
                (zone.test_listed, listed, "listed"),
                (zone.test_clean, clean, "clean"),
            ):
                if (
                    item.status == "error"
                    and point == zone.test_clean
                    and (listed.status == "error" and listed.cause == item.cause)
                ):
                    continue  # the same failure twice says nothing new
                if item.status == "error":
                    said = (
                        f"answers {','.join(item.answers)} ({item.cause})"
                        if item.answers
                        else f"gives {item.cause}"
                    )
                    problems.append(
                        f"{zone.zone} {said} for {point}: every lookup will fail. Fix: {item.fix}."
                    )
                elif item.status != want and want == "listed":
                    problems.append(
                        f"{zone.zone} does not list its test point {point}: real listings "
                        "will be missed. Fix: check the zone name and that the resolver "
                        "does not filter answers."
                    )
                elif item.status != want:
                    problems.append(
                        f"{zone.zone} lists {point}, which must be clean (answer "
                        f"{','.join(item.answers)}): every client would be flagged. "
                        "Fix: the resolver must not rewrite answers."
                    )
            if problems:
                results.append(HealthResult(zone.zone, False, "BROKEN: " + " ".join(problems)))
            else:
                symbol = ",".join(h.name for h in listed.hits) or "?"
                results.append(
                    HealthResult(
                        zone.zone,
                        True,
                        f"OK: {zone.zone} ({zone.test_listed} listed as {symbol}, "
                        f"{zone.test_clean} clean)",
                    )
                )
        return results


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


# ---------------------------------------------------------------------------
# the mail log


def postfix_restriction(zone: Zone) -> str:
    """A Postfix restriction that rejects on this zone's listing codes only.

    Examples
    --------
    >>> zones, _ = load_zones(names=["zen"])
    >>> postfix_restriction(zones[0])
    'reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]'
    """
    ranges = [r for listing in zone.listings for r in listing.codes]
    low = min((r[0] for r in ranges), default=int(_IPV4("127.0.0.2")))
    high = max((r[1] for r in ranges), default=int(_IPV4("127.0.0.254")))
    lo, hi = str(_IPV4(low)), str(_IPV4(high))
    if lo.rsplit(".", 1)[0] == hi.rsplit(".", 1)[0]:
        pattern = f"{lo.rsplit('.', 1)[0]}.[{lo.rsplit('.', 1)[1]}..{hi.rsplit('.', 1)[1]}]"
    else:
        pattern = lo
    verb = "reject_rbl_client" if zone.kind == "ip" else "reject_rhsbl_sender"
    return f"{verb} {zone.zone}={pattern}"


_BLOCKED_RE = re.compile(r"blocked using (?P<zone>[^\s;,]+?)\.?; Error: (?P<error>[^;]+)")


def scan_maillog(lines: Iterable[str]) -> list[MaillogFinding]:
    """Count MTA rejections caused by a DNSBL *error* answer (Postfix log format).

    Postfix's ``reject_rbl_client`` logs ``... blocked using zen.spamhaus.org; Error:
    open resolver; ...`` when it takes an error code for a listing.  Each such line
    is one refused message (recipient).

    Examples
    --------
    >>> line = ("postfix/smtpd[9]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 554 5.7.1 "
    ...         "Service unavailable; Client host [192.0.2.1] blocked using "
    ...         "zen.spamhaus.org; Error: open resolver; https://example.org; from=<a@b>")
    >>> scan_maillog([line])[0].count
    1
    """
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for line in lines:
        match = _BLOCKED_RE.search(line)
        if match:
            key = (match["zone"].lower(), match["error"].strip())
            counts[key] += 1
            examples.setdefault(key, line.rstrip("\n"))
    return [
        MaillogFinding(zone, error, count, examples[(zone, error)])
        for (zone, error), count in counts.most_common()
    ]
