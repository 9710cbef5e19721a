"""A Postfix/Sendmail milter that adds spamkit's ``X-Spam-*`` headers, and fails open.

Built on pymilter (the ``milter`` extra), the Python binding of Sendmail's own
libmilter: the protocol, the ``inet:``/``unix:`` sockets, one thread per MTA
connection and the MTA timeouts are libmilter's.  spamkit adds:

* the same headers as filter mode (:func:`spamkit.integrations.spamheaders.spam_headers`),
  inserted at the top of the header block; incoming ``X-Spam-*`` fields are
  renamed to ``X-Spam-Prev-*``;
* ``reject_above``: refuse with ``550 5.7.1`` and a text that gives the score;
* ``quarantine_above``: accept, but ask the MTA to hold the message (Postfix
  puts it in the hold queue);
* DNSBL hits for the connecting client and the message's domains, when a
  :class:`~spamkit.integrations.dnsbl.DnsblChecker` is given.  DNSBL listings alone
  never reject unless ``dnsbl_can_reject`` is set;
* **fail-open**: any exception, and a classification that takes longer than
  ``timeout`` seconds, accept the message (marked ``X-Spam-Status: Error`` when
  possible) and log why: one line per problem and process (a broken model does not
  log a traceback per message).

The decision itself is :func:`decide`, a plain function the tests call directly;
:class:`SpamkitMilter` only moves bytes between libmilter and it.
"""

from __future__ import annotations

import concurrent.futures
import functools
import logging
import re
import signal
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..classifier import Verdict
from ..rules import RuleHit
from .filter import DEFAULT_MAX_BYTES, ClassifierLike, log_failure
from .spamheaders import error_header, forged_name, spam_headers, split_field

__all__ = ["Decision", "MilterOptions", "block_stop_signals", "decide", "normalise_listen", "serve"]

log = logging.getLogger(__name__)

Action = Literal["accept", "reject", "quarantine"]

_LISTEN = re.compile(r"^(?:unix|local):/\S+$|^inet6?:\d{1,5}(?:@\S+)?$")


@dataclass(frozen=True)
class MilterOptions:
    """What the milter does with a verdict.

    Parameters
    ----------
    reject_above : float or None
        Reject (550 5.7.1) when the score is at or above this; ``None`` never rejects.
    quarantine_above : float or None
        Accept but quarantine (Postfix: hold queue) at or above this.
    timeout : float
        Seconds classification may take before the message is accepted unchecked.
    max_bytes : int
        Only the first ``max_bytes`` of a message are classified.
    dnsbl_can_reject : bool
        Let DNSBL scores count towards ``reject_above``; by default a message is
        rejected only if its score without DNSBL hits reaches the threshold.
    """

    reject_above: float | None = None
    quarantine_above: float | None = None
    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    dnsbl_can_reject: bool = False


@dataclass(frozen=True)
class Decision:
    """What to tell the MTA about one message."""

    action: Action
    headers: list[tuple[str, str]] = field(default_factory=list)
    reply: str = ""
    verdict: Verdict | None = None
    error: str = ""


def decide(
    raw: bytes,
    classifier: ClassifierLike,
    options: MilterOptions,
    dnsbl_hits: Sequence[RuleHit] = (),
) -> Decision:
    """Classify ``raw`` and say whether to accept, reject or quarantine it; never raises.

    Parameters
    ----------
    raw : bytes
        The message as the milter reassembled it (headers, blank line, body).
    classifier : object with ``classify``
        :class:`spamkit.Classifier` or a stand-in.
    options : MilterOptions
    dnsbl_hits : sequence of RuleHit
        Hits from the DNSBL checker; the classifier weighs them by its rule table (a
        rules file may re-weight or disable them) and adds them to the verdict.

    Returns
    -------
    Decision
        ``accept`` with headers (also on any error: fail-open), ``reject`` with the
        SMTP reply text, or ``quarantine`` with headers.
    """
    try:
        names = {hit.name for hit in dnsbl_hits}
        if names:
            verdict = classifier.classify(raw, extra_hits=list(dnsbl_hits))
        else:
            verdict = classifier.classify(raw)
        headers = [split_field(line) for line in spam_headers(verdict)]
        score = verdict.score
        # As weighed by the classifier's rule table, not as the checker scored them.
        dnsbl_part = sum(r.score for r in verdict.reasons if r.kind == "rule" and r.name in names)
        own = score if options.dnsbl_can_reject else score - dnsbl_part
        if options.reject_above is not None and min(score, own) >= options.reject_above:
            reply = (
                f"Message rejected as spam by spamkit (score {score:.2f}, reject "
                f"threshold {options.reject_above:.2f})"
            )
            return Decision("reject", [], reply, verdict)
        if options.quarantine_above is not None and score >= options.quarantine_above:
            return Decision("quarantine", headers, f"spamkit score {score:.2f}", verdict)
        return Decision("accept", headers, "", verdict)
    except Exception as exc:  # fail-open: a broken filter must not stop mail
        reason = log_failure(exc, "accepting mail unchecked", log)
        return Decision("accept", [split_field(error_header(reason))], error=reason)


def normalise_listen(listen: str) -> str:
    """Turn ``inet:PORT@HOST``, ``inet:HOST:PORT`` (Postfix style) or ``unix:PATH`` into
    libmilter's socket syntax.

    Examples
    --------
    >>> normalise_listen("inet:127.0.0.1:8891")
    'inet:8891@127.0.0.1'
    >>> normalise_listen("inet:8891@127.0.0.1")
    'inet:8891@127.0.0.1'
    >>> normalise_listen("unix:/run/spamkit/milter.sock")
    'unix:/run/spamkit/milter.sock'
    """
    match = re.match(r"^inet:([^@\s]+):(\d{1,5})$", listen)
    if match:
        listen = f"inet:{match[2]}@{match[1]}"
    if not _LISTEN.match(listen):
        from ..errors import ConfigError

        raise ConfigError(f"--listen must be inet:PORT@HOST or unix:PATH, not {listen!r}")
    return listen


# ---------------------------------------------------------------------------
# libmilter glue


@dataclass
class _App:
    """Shared by every connection: the classifier, the options and a worker pool."""

    classifier: ClassifierLike
    options: MilterOptions
    dnsbl: Any = None
    pool: concurrent.futures.ThreadPoolExecutor = field(
        default_factory=lambda: concurrent.futures.ThreadPoolExecutor(
            max_workers=4, thread_name_prefix="spamkit-classify"
        )
    )
    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def evaluate(self, raw: bytes, client_ip: str | None) -> Decision:
        def work() -> Decision:
            hits: list[RuleHit] = []
            if self.dnsbl is not None:
                try:
                    hits = self.dnsbl.check_message(raw, client_ip)
                except Exception as exc:  # DNS trouble is never a verdict
                    log_failure(exc, "DNSBL lookups failed; continuing without them", log)
            return decide(raw, self.classifier, self.options, hits)

        future = self.pool.submit(work)
        try:
            return future.result(timeout=self.options.timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            log.warning(
                "classification took longer than %gs; accepting the message unchecked",
                self.options.timeout,
            )
            reason = f"timeout after {self.options.timeout:g}s"
            return Decision("accept", [split_field(error_header(reason))], error=reason)


def _milter_class() -> type:
    import Milter

    class SpamkitMilter(Milter.Base):
        """One instance per MTA connection (libmilter runs each in its own thread)."""

        def __init__(self, app: _App) -> None:
            self.app = app
            self.client_ip: str | None = None
            self._reset()

        def _reset(self) -> None:
            self.headers: list[tuple[bytes, bytes]] = []
            self.body_chunks: list[bytes] = []
            self.size = 0

        def _guard(self, step: str, func: Any, *args: Any) -> Any:
            try:
                return func(*args)
            except Exception:  # fail-open on every callback
                log.exception("milter %s failed; accepting the message", step)
                self.app.count("error")
                return Milter.ACCEPT

        def connect(self, hostname: str, family: int, hostaddr: Any) -> int:
            def run() -> int:
                if isinstance(hostaddr, tuple) and hostaddr:
                    self.client_ip = str(hostaddr[0])
                return Milter.CONTINUE

            return self._guard("connect", run)

        def envfrom(self, mailfrom: str, *params: str) -> int:
            self._reset()
            return Milter.CONTINUE

        @Milter.decode("bytes")
        def header(self, name: Any, value: Any) -> int:
            def run() -> int:
                name_b = name if isinstance(name, bytes) else str(name).encode("ascii", "replace")
                value_b = value if isinstance(value, bytes) else str(value).encode("utf-8")
                self.headers.append((name_b, value_b))
                return Milter.CONTINUE

            return self._guard("header", run)

        def eoh(self) -> int:
            return Milter.CONTINUE

        def body(self, chunk: bytes) -> int:
            room = self.app.options.max_bytes - self.size
            if room > 0:
                self.body_chunks.append(bytes(chunk[:room]))
                self.size += min(len(chunk), room)
            return Milter.CONTINUE

        def _raw(self) -> bytes:
            lines = []
            for name, value in self.headers:
                value = value.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                lines.append(name + b": " + value + b"\r\n")
            return b"".join(lines) + b"\r\n" + b"".join(self.body_chunks)

        def eom(self) -> int:
            return self._guard("end-of-message", self._eom)

        def _eom(self) -> int:
            decision = self.app.evaluate(self._raw(), self.client_ip)
            self.app.count(decision.action if not decision.error else "error")
            if decision.action == "reject":
                self.setreply("550", "5.7.1", decision.reply.replace("%", "%%"))
                log.info("rejected: %s", decision.reply)
                return Milter.REJECT
            self._rename_spam_headers()
            for index, (name, value) in enumerate(decision.headers):
                self.addheader(name, value, index)
            if decision.action == "quarantine":
                self.quarantine(decision.reply)
                log.info("quarantined: %s", decision.reply)
            return Milter.ACCEPT

        def _rename_spam_headers(self) -> None:
            seen: dict[bytes, int] = {}
            renames = []
            for name, value in self.headers:
                key = name.lower()
                seen[key] = seen.get(key, 0) + 1
                new = forged_name(name.decode("ascii", "replace"))
                if new is not None:
                    renames.append((name, seen[key], value, new))
            for name, index, _, _ in reversed(renames):
                self.chgheader(name.decode("ascii", "replace"), index, "")
            for _, _, value, new in renames:
                self.addheader(new, value.decode("utf-8", "replace").replace("\r\n", "\n"))

        def abort(self) -> int:
            self._reset()
            return Milter.CONTINUE

        def close(self) -> int:
            return Milter.CONTINUE

    return SpamkitMilter


def block_stop_signals() -> None:
    """Block SIGTERM, SIGINT and SIGHUP in this thread and in every thread it starts later.

    libmilter stops on these signals by ``sigwait()`` in a thread of its own; a thread
    that does not block them (NumPy's BLAS pool starts when NumPy is imported) would
    receive them instead, and the default action kills the process without a clean
    shutdown.  Threads inherit the mask of the thread that creates them, so call this
    before anything starts threads: before loading a :class:`spamkit.Classifier`.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


def serve(
    listen: str,
    classifier: ClassifierLike,
    options: MilterOptions | None = None,
    *,
    dnsbl: Any = None,
    name: str = "spamkit",
    mta_timeout: int = 600,
) -> None:
    """Run the milter on ``listen`` until SIGTERM/SIGINT (libmilter handles both).

    Parameters
    ----------
    listen : str
        ``inet:PORT@HOST``, ``inet:HOST:PORT`` or ``unix:PATH``.
    classifier : object with ``classify``
        Shared by all connections (``spamkit.Classifier`` is thread-safe).
    options : MilterOptions or None
    dnsbl : DnsblChecker or None
        Look the client and the message's domains up in DNS blocklists.
    name : str
        The milter's name (Sendmail's ``X`` line).
    mta_timeout : int
        libmilter's timeout for talking to the MTA, seconds.

    Notes
    -----
    libmilter keeps process-wide state: ``serve`` runs once per process.
    """
    import Milter

    app = _App(classifier, options or MilterOptions(), dnsbl)
    Milter.factory = functools.partial(_milter_class(), app)
    Milter.set_flags(Milter.ADDHDRS | Milter.CHGHDRS | Milter.QUARANTINE)
    socket = normalise_listen(listen)
    log.info("spamkit milter listening on %s", socket)
    try:
        Milter.runmilter(name, socket, mta_timeout)
    finally:
        app.pool.shutdown(wait=False, cancel_futures=True)
        log.info("spamkit milter stopped: %s", app.counts)
