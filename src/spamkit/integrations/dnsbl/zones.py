"""The DNS blocklists spamkit asks, and what every answer of each means (``data/dnsbl.toml``).

A :class:`Zone` maps each return code to a :class:`Listing` (a symbol with a score) or
an :class:`ErrorCode` (a zero-score symbol with the cause and the operator's fix);
:func:`load_zones` reads the shipped table or a user's, and gives a zone the table does
not know the generic map.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any, Literal

from ...datafiles import data_toml, read_toml
from ...errors import ConfigError

__all__ = ["ErrorCode", "Listing", "Zone", "load_zones"]

IPV4 = ipaddress.IPv4Address


def _code_range(text: str) -> tuple[int, int]:
    """Parse ``"127.0.0.2"`` or ``"127.0.0.2-127.0.0.11"`` into an inclusive int range."""
    try:
        if "-" in text:
            low, high = (int(IPV4(part.strip())) for part in text.split("-", 1))
        else:
            low = high = int(IPV4(text.strip()))
    except ValueError as exc:
        raise ConfigError(f"bad DNSBL return code {text!r}: {exc}") from None
    if low > high:
        raise ConfigError(f"bad DNSBL return code range {text!r}: low end above high end")
    return low, high


def _matches(ranges: Sequence[tuple[int, int]], answer: str) -> bool:
    try:
        value = int(IPV4(answer))
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
