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

The package, by job:

* :mod:`~spamkit.integrations.dnsbl.zones` - the zone table (``data/dnsbl.toml``) and
  what each answer means;
* :mod:`~spamkit.integrations.dnsbl.checker` - the lookups for a message and their
  outcomes, the back-off, the resolver;
* :mod:`~spamkit.integrations.dnsbl.health` - ``spamkit dnsbl check``: are the lookups
  trustworthy through this resolver;
* :mod:`~spamkit.integrations.dnsbl.maillog` - rejections an MTA logged because of an
  error answer, and the Postfix restriction that avoids them.
"""

from __future__ import annotations

from .checker import DnsblChecker, Lookup, check_message, message_domains, parse_resolver
from .health import HealthResult, health_check
from .maillog import MaillogFinding, postfix_restriction, scan_maillog
from .zones import ErrorCode, Listing, Zone, load_zones

__all__ = [
    "DnsblChecker",
    "ErrorCode",
    "HealthResult",
    "Listing",
    "Lookup",
    "MaillogFinding",
    "Zone",
    "check_message",
    "health_check",
    "load_zones",
    "message_domains",
    "parse_resolver",
    "postfix_restriction",
    "scan_maillog",
]
