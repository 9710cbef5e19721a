"""A daemon that speaks SpamAssassin's spamd protocol, so spamd's clients use spamkit unchanged.

``spamc``, Exim's ``spam =`` condition, MUA plugins and ``aiospamc`` talk to spamd
over a small HTTP-like protocol (SpamAssassin's ``spamd/PROTOCOL``; what spamd 4.0.1
and libspamc actually send is the reference where the document is vague)::

    client → CHECK SPAMC/1.5\\r\\n                  one request per connection
             Content-length: 437\\r\\n             User:, Compress: zlib, and for TELL
             \\r\\n                                 Message-class:, Set:, Remove: may follow
             <437 bytes of message>              then the client shuts down its side
    server → SPAMD/1.5 0 EX_OK\\r\\n
             Spam: True ; 6.790 / 0.745\\r\\n      score / threshold
             \\r\\n                                 and closes

=============  ==============================================================
command        body of the answer (``Content-length`` and ``Spam:`` headers)
=============  ==============================================================
PING           none: the status line is ``SPAMD/1.5 0 PONG``
SKIP           no answer at all (the client changed its mind)
CHECK          none, only the ``Spam:`` header
SYMBOLS        the names of the rules that fired, comma-separated (as in
               ``X-Spam-Status: ... tests=``)
REPORT         a report: the ``X-Spam-Report`` lines of ``spamkit filter``
REPORT_IFSPAM  the report if spam, else nothing
PROCESS        the message as ``spamkit filter`` writes it: the same bytes,
               ``X-Spam-*`` headers added, forged ``X-Spam-*`` renamed
HEADERS        PROCESS up to and including the blank line after the headers
TELL           none; ``DidSet: local`` when the message was learned
=============  ==============================================================

Older request versions get spamd's older answers: below SPAMC/1.3 no ``Content-length``
and ``Spam:`` pair on SYMBOLS/REPORT (Exim still sends ``REPORT SPAMC/1.2``), below
1.2 a bare PROCESS answer, below 1.5 no blank line after PING.

Errors answer one status line and close, as spamd does: ``SPAMD/1.5 76 Bad header
line: (...)`` (sysexits ``EX_PROTOCOL``) for a malformed request, 65 ``EX_DATAERR``
for a message over the size limit or undecodable compressed data, 69
``EX_UNAVAILABLE`` for TELL when learning is off, 79 ``EX_TIMEOUT`` for a client too
slow to send or a scan too slow to finish, 70 ``EX_SOFTWARE`` for an internal
error, 75 ``EX_TEMPFAIL`` when no worker is free to take the message.  libspamc does
not read the code: after an error line ``spamc -x`` exits 74 (``EX_IOERR``) and
plain ``spamc`` passes the message through unchanged; aiospamc raises the matching
exception.

Decisions (measured or read 2026-11-29):

* Scores carry three decimals (``X-Spam-Score``'s precision; ``spamc -c`` prints one).
  Exim does not read ``True``/``False``: it calls a message spam when
  ``score >= threshold`` as numbers (``spam_rc`` in Exim's ``src/spam.c``), so a ham
  whose rounded score would reach the rounded threshold is shown 0.001 below it,
  as SpamAssassin's ``get_tag_value_for_score`` does at one decimal.  The numbers
  always agree with the label.
* ``REPORT_IFSPAM`` answers ``True``/``False`` like every other command, as the
  PROTOCOL document says.  spamd 4.0.1 answers ``Yes``/``No`` there, which libspamc's
  ``strcasecmp("true", ...)`` reads as not spam, so ``spamc -r`` loses the
  ``score/threshold`` line its manual promises (checked with Debian's spamd and spamc
  4.0.1 on GTUBE: ``-R`` prints ``1002.5/5.0`` first, ``-r`` does not).  The other
  answers and error lines were compared with that spamd byte for byte, but for the
  version on the status line.
* Every status line says ``SPAMD/1.5``, the protocol implemented (spamd mixes 1.0,
  1.1 and 1.5).  libspamc accepts any version >= 1.0, Exim reads ``%7s``, aiospamc any.
* The request's ``Content-length`` bytes are read, no more: SpamAssassin's own Perl
  client (``Mail::SpamAssassin::Client``) sends a CRLF after the message.  Without
  ``Content-length`` the message runs until the client shuts down its side.
* Size limit: 1 MiB by default, the prefix ``spamkit filter`` classifies.  spamc itself
  never sends more than its ``-s`` limit (500 KB by default); over the limit the
  server answers 65, the code libspamc uses for a message too big to send.
* Corrupt ``Compress: zlib`` data gets 65, not spamd's 69: ``spamc -X`` turns 69
  into a temporary failure, and a message that cannot be decoded never will be.
* TELL learns with :func:`spamkit.pipeline.learn_messages` (``Set: local``).
  Forgetting (``Remove: local``) and the remote databases (``Set/Remove: remote``)
  are not supported: the answer leaves them out of ``DidSet``/``DidRemove``, which
  is how the protocol says an action did not happen.  The same message told twice
  with the same class is learned once (spamd's Bayes store does the same).

How it runs: one asyncio process accepts connections and speaks the protocol;
``workers`` processes (each loads the model once, started by a fork server that
imported spamkit once) classify and write the whole answer; with TELL enabled one
more process holds the model being learned and hands the changed arrays to the
workers.  At most ``max_connections`` connections are open; the rest wait in the
kernel's listen queue.  SIGHUP starts a new set of workers on the model as it is
on disk now and swaps them in only once all loaded (a broken model keeps the old
set serving, with one log line).  SIGTERM and SIGINT stop accepting, let the open
connections finish and exit 0.

The package, by job: :mod:`~spamkit.integrations.spamd.protocol` (requests and
answers), :mod:`~spamkit.integrations.spamd.workers` (the worker processes, TELL and
saving what it learned) and :mod:`~spamkit.integrations.spamd.server` (listening,
connections, signals).
"""

from __future__ import annotations

from .protocol import (
    DEFAULT_MAX_SIZE,
    EX,
    PROTOCOL_VERSION,
    ProtocolError,
    Reply,
    RequestHead,
    answer_scan,
    read_request,
    spam_value,
)
from .server import DEFAULT_LISTEN, LOG_FORMAT, ListenAddress, SpamdServer, parse_listen, serve
from .workers import ServeOptions, save_model_atomically

__all__ = [
    "DEFAULT_LISTEN",
    "DEFAULT_MAX_SIZE",
    "EX",
    "LOG_FORMAT",
    "PROTOCOL_VERSION",
    "ListenAddress",
    "ProtocolError",
    "Reply",
    "RequestHead",
    "ServeOptions",
    "SpamdServer",
    "answer_scan",
    "parse_listen",
    "read_request",
    "save_model_atomically",
    "serve",
    "spam_value",
]
