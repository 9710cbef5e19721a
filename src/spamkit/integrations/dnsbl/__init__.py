"""DNS blocklist lookups that never turn an error into a verdict.

Every answer a zone can give is named in ``spamkit/data/dnsbl.toml``: listing codes
map to symbols with scores, error codes to zero-score symbols that carry the cause and
the fix; an answer in neither table, a timeout and SERVFAIL are errors that make the zone
back off.  The outcomes of one lookup are listed in
:mod:`~spamkit.integrations.dnsbl.checker`.

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
