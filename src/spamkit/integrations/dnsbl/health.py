"""Can the blocklist lookups be trusted through this resolver?  Each zone's test points, judged.

Every list keeps a test point that must be listed (``2.0.0.127.zen.spamhaus.org``) and
one that must not (``1.0.0.127``).  :func:`health_check` asks both for each zone and
names what is wrong, once:

* a zone whose answers are wrong in its own way gets its own ``BROKEN:`` line (an
  error code such as ``127.255.255.254``, open resolver; the clean point listed; the
  listed point not listed, when other zones are fine: a wrong zone name);
* when **every** zone fails in the same way, the zones are not the problem: one line
  names the resolver.  A resolver that answers NXDOMAIN for every blocklist query (one
  that filters them, or that the lists refuse) leaves every test point unlisted; an
  unreachable or stopped one times out for every zone.

The health check reports its findings itself: its lookups never add a log line of their
own, so each problem is said once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checker import DnsblChecker, Lookup
    from .zones import Zone

__all__ = ["HealthResult", "health_check"]

#: Error codes that come from the resolver or the network, not from a list's answer.
RESOLVER_ERRORS = frozenset({"TIMEOUT", "SERVFAIL", "DNS_ERROR"})


@dataclass(frozen=True)
class HealthResult:
    """The health of one zone as seen through the configured resolver.

    ``zone`` is the DNS zone; it is empty when the finding is about the resolver
    (every zone failed in the same way) and ``message`` names the zones.
    """

    zone: str
    ok: bool
    message: str


@dataclass(frozen=True)
class _Probe:
    """One zone's two test points as the resolver answered them."""

    zone: Zone
    listed: Lookup
    clean: Lookup


def _probe(checker: DnsblChecker, zone: Zone) -> _Probe:
    """Ask both test points; after a resolver error on the first, the second is not asked
    (it would fail the same way, after the same timeout, and say nothing new)."""
    listed = checker.lookup(zone, zone.test_listed, honour_backoff=False, literal=True, warn=False)
    if listed.status == "error" and not listed.answers and listed.code in RESOLVER_ERRORS:
        return _Probe(zone, listed, listed)
    clean = checker.lookup(zone, zone.test_clean, honour_backoff=False, literal=True, warn=False)
    return _Probe(zone, listed, clean)


def _zone_problems(probe: _Probe) -> list[str]:
    """What is wrong with one zone's answers, each said once."""
    zone, listed, clean = probe.zone, probe.listed, probe.clean
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
    return problems


def _resolver_problem(probes: Sequence[_Probe], resolver: str) -> str | None:
    """One diagnosis when every zone failed in the same way (two zones or more), else None."""
    if len(probes) < 2:
        return None  # one zone alone cannot tell its own fault from the resolver's
    names = ", ".join(p.zone.zone for p in probes)
    codes = {p.listed.code for p in probes}
    failed = all(p.listed.status == "error" and not p.listed.answers for p in probes)
    if failed and len(codes) == 1 and codes <= RESOLVER_ERRORS:
        first = probes[0].listed
        return (
            f"the resolver {resolver} gives {first.cause} for every zone ({names}): "
            f"every lookup will fail. Fix: {first.fix}."
        )
    if all(p.listed.status == "clean" and p.clean.status == "clean" for p in probes):
        points = ", ".join(f"{p.listed.query}" for p in probes)
        return (
            f"no zone lists its test point ({points}): the resolver {resolver} is the likely "
            "cause, not the zone names: it answers NXDOMAIN for every blocklist query, as a "
            "resolver that filters blocklist queries or that the lists refuse does (Spamhaus "
            "refuses public and shared resolvers): real listings will be missed. Fix: ask a "
            "local recursive resolver (unbound, BIND) that queries the lists' servers itself."
        )
    return None


def health_check(checker: DnsblChecker) -> list[HealthResult]:
    """Query each zone's test points and say whether lookups can be trusted.

    The listed test point must answer a listing code and the clean one must not be
    listed.  Anything else is BROKEN with a diagnosis; when every zone fails in the same
    way, one result (``zone`` empty) blames the resolver instead.  The back-off is
    ignored (a health check always asks) and nothing is logged.

    Parameters
    ----------
    checker : DnsblChecker
        Its zones are checked through its resolver.

    Returns
    -------
    list of HealthResult
        One per zone, or a single one about the resolver.

    Examples
    --------
    >>> checker = DnsblChecker(resolver="127.0.0.1")          # doctest: +SKIP
    >>> [result.message for result in health_check(checker)]  # doctest: +SKIP
    ['OK: zen.spamhaus.org (2.0.0.127 listed as RCVD_IN_ZEN_SBL,...'
    """
    probes = [_probe(checker, zone) for zone in checker.zones]
    shared = _resolver_problem(probes, checker.resolver_address)
    if shared is not None:
        return [HealthResult("", False, f"BROKEN: {shared}")]
    results = []
    for probe in probes:
        zone = probe.zone
        problems = _zone_problems(probe)
        if problems:
            results.append(HealthResult(zone.zone, False, "BROKEN: " + " ".join(problems)))
        else:
            symbol = ",".join(h.name for h in probe.listed.hits) or "?"
            results.append(
                HealthResult(
                    zone.zone,
                    True,
                    f"OK: {zone.zone} ({zone.test_listed} listed as {symbol}, "
                    f"{zone.test_clean} clean)",
                )
            )
    return results
