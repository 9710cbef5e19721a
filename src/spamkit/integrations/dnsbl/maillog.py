"""What the mail log says about blocklists: rejections caused by an error answer, and the fix.

Postfix's ``reject_rbl_client zone`` without a code list takes *any* answer for a
listing, the error codes (``127.255.255.254``: open resolver) included.
:func:`scan_maillog` counts the mail refused that way and :func:`postfix_restriction`
writes the restriction that accepts only the zone's listing codes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .zones import IPV4, Zone

__all__ = ["MaillogFinding", "postfix_restriction", "scan_maillog"]


@dataclass(frozen=True)
class MaillogFinding:
    """Rejections that an MTA logged because a DNSBL answered an error code."""

    zone: str
    error: str
    count: int
    example: str = ""


def postfix_restriction(zone: Zone) -> str:
    """A Postfix restriction that rejects on this zone's listing codes only.

    Examples
    --------
    >>> from spamkit.integrations.dnsbl import load_zones
    >>> zones, _ = load_zones(names=["zen"])
    >>> postfix_restriction(zones[0])
    'reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]'
    """
    ranges = [r for listing in zone.listings for r in listing.codes]
    low = min((r[0] for r in ranges), default=int(IPV4("127.0.0.2")))
    high = max((r[1] for r in ranges), default=int(IPV4("127.0.0.254")))
    lo, hi = str(IPV4(low)), str(IPV4(high))
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
