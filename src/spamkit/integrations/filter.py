"""Filter mode: one message in, the same bytes out with SpamAssassin-style headers added.

For procmail (``:0 fw | spamkit filter``), maildrop (``xfilter``), Sieve pipes and
Postfix content filters.  The message passes through **byte for byte**: spamkit
works on the raw bytes and never re-serialises through :mod:`email`, so CRLF or LF,
8-bit bodies and a missing final newline survive.  The only changes are the
``X-Spam-*`` fields of :mod:`spamkit.integrations.spamheaders`, added at the top of
the header block (after an mbox ``From `` line, if there is one) in the message's own
line ending, and every incoming ``X-Spam-*`` field *renamed* to ``X-Spam-Prev-*``.

Never loses mail: on an internal error the original goes out unchanged (forged
``X-Spam-*`` still renamed) with ``X-Spam-Status: Error, reason=...`` and the exit
status is 0.  The error is logged as one line, once per process and problem
(:func:`log_failure`: a broken model does not print a traceback per message; the
traceback is logged at DEBUG level).  Only the first ``max_bytes`` are read into
memory and classified; the rest of a huge message is copied through untouched.

Exit status with ``exit_codes=True`` follows bogofilter: 0 spam, 1 ham, 2 unsure
(never produced: spamkit has no unsure band), 3 error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Protocol, cast

from ..classifier import Verdict
from ..rules import RuleHit
from .spamheaders import error_header, insert_headers, rename_spam_headers, spam_headers

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXIT_ERROR",
    "EXIT_HAM",
    "EXIT_SPAM",
    "EXIT_TEMPFAIL",
    "FilterResult",
    "filter_message",
    "filter_stream",
    "log_failure",
]

log = logging.getLogger(__name__)

#: Bytes read into memory and classified; anything beyond streams through unread
#: by the classifier.  SpamAssassin's spamc skips messages over 500 KB; we classify
#: a 1 MiB prefix instead of skipping, so large mail still gets headers.
DEFAULT_MAX_BYTES = 1 << 20

#: bogofilter's documented exit codes (bogofilter(1), "EXIT STATUS").
EXIT_SPAM, EXIT_HAM, EXIT_UNSURE, EXIT_ERROR = 0, 1, 2, 3
#: sysexits EX_TEMPFAIL: stdin/stdout failed, so the MTA must keep and retry the mail.
EXIT_TEMPFAIL = 75


class ClassifierLike(Protocol):
    """Anything with ``classify(bytes, extra_hits=...) -> Verdict``, like ``spamkit.Classifier``.

    ``extra_hits`` is passed only when there are some (DNSBL hits); a stand-in that never
    gets them may take the message alone.
    """

    def classify(self, message: bytes, *, extra_hits: Sequence[RuleHit] = ()) -> Verdict: ...


HitSource = Callable[[bytes], Sequence[RuleHit]]

#: Problems this process has logged (at most _MAX_LOGGED), so that each is logged once.
_logged: dict[str, None] = {}
_logged_lock = threading.Lock()
_MAX_LOGGED = 256


def log_failure(exc: BaseException, consequence: str, logger: logging.Logger = log) -> str:
    """Log one line naming ``exc`` the first time this process meets it; return it as text.

    A broken model fails every message the same way: the first failure is logged as
    ``<problem>; <consequence>`` at ERROR, later ones only at DEBUG, and the traceback
    only at DEBUG.  Filter mode, the milter and ``spamkit serve`` report classification
    failures through this, so none prints a traceback per message.

    Parameters
    ----------
    exc : BaseException
        What went wrong.
    consequence : str
        What happens to the mail, e.g. ``"passing mail through unfiltered"``.
    logger : logging.Logger
        Where to log (the caller's module logger).

    Returns
    -------
    str
        ``"ModelError: ..."``: the problem on one line, for an ``X-Spam-Status: Error``.
    """
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())
    with _logged_lock:
        first = reason not in _logged
        if first and len(_logged) < _MAX_LOGGED:
            _logged[reason] = None
    logger.log(logging.ERROR if first else logging.DEBUG, "%s; %s", reason, consequence)
    logger.debug("the traceback of %s", type(exc).__name__, exc_info=exc)
    return reason


@dataclass(frozen=True)
class FilterResult:
    """What :func:`filter_message` made of a message.

    ``output`` is the message with the headers changed (for a message longer than
    ``max_bytes``, its first part: the rest follows unchanged).  ``verdict`` is
    ``None`` and ``error`` says why when classification failed.
    """

    output: bytes
    verdict: Verdict | None
    error: str | None = None

    @property
    def exit_code(self) -> int:
        """bogofilter's convention: 0 spam, 1 ham, 3 error."""
        if self.verdict is None:
            return EXIT_ERROR
        return EXIT_SPAM if self.verdict.is_spam else EXIT_HAM


# ---------------------------------------------------------------------------
# the filter


def filter_message(
    raw: bytes,
    classifier: ClassifierLike,
    *,
    extra_hits: HitSource | None = None,
) -> FilterResult:
    """Classify ``raw`` and return it with ``X-Spam-*`` headers; never raises.

    Parameters
    ----------
    raw : bytes
        The message (or the first part of a huge one) exactly as received.
    classifier : object with ``classify``
        A :class:`spamkit.Classifier` or any stand-in with the same method.
    extra_hits : callable or None
        Called with ``raw``; returns more :class:`~spamkit.rules.RuleHit` (the
        DNSBL), which the classifier weighs by its rule table and adds to the verdict.

    Returns
    -------
    FilterResult
        The new bytes, the verdict (``None`` on error) and the error text.

    Examples
    --------
    >>> from spamkit.classifier import Verdict
    >>> class Ham:
    ...     def classify(self, raw):
    ...         return Verdict("ham", 0.1, -2.2, 0.0, [])
    >>> out = filter_message(b"Subject: hi\\r\\n\\r\\nbody", Ham()).output
    >>> out.endswith(b"Subject: hi\\r\\n\\r\\nbody"), b"X-Spam-Status: No," in out
    (True, True)
    """
    try:
        renamed = rename_spam_headers(raw)
    except Exception:  # pragma: no cover - byte slicing; guard the mail all the same
        log.exception("renaming X-Spam headers failed")
        renamed = raw
    try:
        hits = list(extra_hits(raw)) if extra_hits is not None else []
        verdict = classifier.classify(raw, extra_hits=hits) if hits else classifier.classify(raw)
        return FilterResult(insert_headers(renamed, spam_headers(verdict)), verdict)
    except Exception as exc:  # never lose mail: any failure passes it through
        reason = log_failure(exc, "passing mail through marked X-Spam-Status: Error")
        try:
            output = insert_headers(renamed, [error_header(reason)])
        except Exception:  # pragma: no cover - last resort: the original bytes
            output = raw
        return FilterResult(output, None, reason)


def _read_prefix(src: BinaryIO, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = src.read(limit - size)
        if not chunk:
            return b"".join(chunks), True
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), False


def filter_stream(
    src: BinaryIO,
    dst: BinaryIO,
    classifier: ClassifierLike | Callable[[], ClassifierLike],
    *,
    exit_codes: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_hits: HitSource | None = None,
    chunk_size: int = 1 << 16,
) -> int:
    """Filter one message from ``src`` to ``dst``; return the exit status.

    ``classifier`` may be a zero-argument factory: it is called after the message
    is read, so a model that fails to load is an internal error like any other
    (the message passes through marked ``X-Spam-Status: Error``).  Only
    ``max_bytes`` are classified; longer messages stream through the rest
    untouched.  Nothing is written until the verdict is made.

    Returns
    -------
    int
        0 (or, with ``exit_codes``, bogofilter's 0 spam / 1 ham / 3 error).  If
        reading or writing fails, :data:`EXIT_TEMPFAIL` (75) without
        ``exit_codes`` so the MTA keeps the mail and retries, 3 with it.
    """
    try:
        head, complete = _read_prefix(src, max_bytes)
    except OSError:
        log.exception("cannot read the message")
        return EXIT_ERROR if exit_codes else EXIT_TEMPFAIL
    if not complete:
        # classify up to the last line break we have: never a half line of header
        cut = head.rfind(b"\n") + 1 or len(head)
        head, tail = head[:cut], head[cut:]
    else:
        tail = b""
    model: ClassifierLike
    try:
        if hasattr(classifier, "classify"):
            model = cast(ClassifierLike, classifier)
        else:
            model = classifier()  # a factory (hasattr does not narrow a union for mypy)
    except Exception as exc:  # no model: pass the mail through, say why (once)
        log_failure(exc, "no model: mail passes through marked X-Spam-Status: Error")
        model = _Broken(exc)
    result = filter_message(head, model, extra_hits=extra_hits)
    try:
        dst.write(result.output)
        dst.write(tail)
        if not complete:
            while chunk := src.read(chunk_size):
                dst.write(chunk)
        dst.flush()
    except OSError:
        log.exception("cannot write the message")
        return EXIT_ERROR if exit_codes else EXIT_TEMPFAIL
    return result.exit_code if exit_codes else 0


@dataclass(frozen=True)
class _Broken:
    """Stands in for a classifier that failed to load, so the failure is reported in-band."""

    error: BaseException

    def classify(self, message: bytes, *, extra_hits: Sequence[RuleHit] = ()) -> Verdict:
        raise self.error
