"""Mail-server integrations: filter mode, a milter, and DNS blocklist lookups.

* :mod:`spamkit.integrations.spamheaders` - the ``X-Spam-*`` header fields of a
  verdict (RFC 2047 for non-ASCII text, folded at 78 columns) and the renaming of
  forged ones, shared by the three below;
* :mod:`spamkit.integrations.filter` - one message on stdin, the same bytes plus
  ``X-Spam-*`` headers on stdout (procmail, maildrop, Sieve pipes, content filters);
* :mod:`spamkit.integrations.milter` - a Postfix/Sendmail milter (``milter`` extra);
* :mod:`spamkit.integrations.spamd` - a daemon that speaks SpamAssassin's spamd
  protocol (``spamkit serve``: spamc, Exim's ``spam =``, aiospamc): ``protocol``,
  ``workers``, ``server``;
* :mod:`spamkit.integrations.dnsbl` - blocklist lookups whose errors are never
  listings (``dns`` extra): ``zones``, ``checker``, ``health``, ``maillog``.

The submodules are imported on demand, so importing this package needs neither
extra.
"""

from __future__ import annotations

__all__ = ["dnsbl", "filter", "milter", "spamd", "spamheaders"]
