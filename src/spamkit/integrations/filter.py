"""Filter mode: one message in, the same bytes out with SpamAssassin-style headers added.

For procmail (``:0 fw | spamkit filter``), maildrop (``xfilter``), Sieve pipes and
Postfix content filters.  The message passes through **byte for byte**: spamkit
works on the raw bytes and never re-serialises through :mod:`email`, so CRLF or LF,
8-bit bodies and a missing final newline survive.  The only changes are:

* new header lines at the top of the header block (after an mbox ``From `` line,
  if there is one), ending in the message's own line ending::

      X-Spam-Checker-Version: spamkit 0.1.0
      X-Spam-Flag: YES                  (spam only)
      X-Spam-Level: ***
      X-Spam-Score: 3.250
      X-Spam-Status: Yes, score=3.25 required=0.00 tests=RULE_A,RULE_B version=0.1.0
      X-Spam-Report: ...                (one folded line per reason)

* every incoming ``X-Spam-*`` field is *renamed* to ``X-Spam-Prev-*`` (only its
  name changes; folded continuation lines stay as they were).  SpamAssassin
  deletes them; renaming keeps an upstream filter's verdict for the postmaster
  while no recipe that tests ``^X-Spam-Status: Yes`` or ``^X-Spam-Flag: YES`` can
  match a sender's forgery.  ``X-Spam-Prev-*`` fields are left alone, so filtering
  twice is stable.

Never loses mail: on an internal error the original goes out unchanged (forged
``X-Spam-*`` still renamed) with ``X-Spam-Status: Error, reason=...`` and the exit
status is 0.  Only the first ``max_bytes`` are read into memory and classified;
the rest of a huge message is copied through untouched.

Exit status with ``exit_codes=True`` follows bogofilter: 0 spam, 1 ham, 2 unsure
(never produced: spamkit has no unsure band), 3 error.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from .._version import __version__
from ..classifier import Verdict
from ..rules import RuleHit

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EXIT_ERROR",
    "EXIT_HAM",
    "EXIT_SPAM",
    "EXIT_TEMPFAIL",
    "FilterResult",
    "filter_message",
    "filter_stream",
    "rename_spam_headers",
    "spam_headers",
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

#: How many reasons X-Spam-Report lists (rules first, then the strongest tokens).
REPORT_RULES, REPORT_TOKENS = 20, 5


class ClassifierLike(Protocol):
    """Anything with ``classify(bytes, extra_hits=...) -> Verdict``, like ``spamkit.Classifier``.

    ``extra_hits`` is passed only when there are some (DNSBL hits); a stand-in that never
    gets them may take the message alone.
    """

    def classify(self, message: bytes, *, extra_hits: Sequence[RuleHit] = ()) -> Verdict: ...


HitSource = Callable[[bytes], Sequence[RuleHit]]

_FIELD_NAME = re.compile(rb"^[!-9;-~]+:")
_SPAM_FIELD = re.compile(rb"(?im)^x-spam-(?!prev-)(?=[!-9;-~]*:)")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")
_NAME_SAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


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
# bytes


def _line_ending(data: bytes) -> bytes:
    """The message's own line ending: CRLF if its first line ends so, LF otherwise."""
    nl = data.find(b"\n")
    return b"\r\n" if nl > 0 and data[nl - 1 : nl] == b"\r" else b"\n"


def _split(data: bytes) -> tuple[int, int]:
    """Offsets ``(start, end)`` of the header block: after a ``From `` line, up to the body."""
    start = 0
    if data.startswith(b"From "):
        nl = data.find(b"\n")
        start = len(data) if nl == -1 else nl + 1
    pos = start
    while pos < len(data):
        nl = data.find(b"\n", pos)
        end = len(data) if nl == -1 else nl + 1
        line = data[pos:end]
        if line.strip(b"\r\n") == b"":
            break  # the blank line that ends the header block
        if pos > start and line[:1] in (b" ", b"\t"):
            pass  # a folded continuation line
        elif not _FIELD_NAME.match(line):
            break  # not a header at all: the body starts here (malformed mail)
        pos = end
    return start, pos


def rename_spam_headers(data: bytes) -> bytes:
    """Rename every ``X-Spam-*`` field of the header block to ``X-Spam-Prev-*``.

    Only field names in the header block change; the body and every other byte
    stay as they were.

    Examples
    --------
    >>> rename_spam_headers(b"X-Spam-Flag: YES\\nSubject: x\\n\\nX-Spam-Flag: body\\n")
    b'X-Spam-Prev-Flag: YES\\nSubject: x\\n\\nX-Spam-Flag: body\\n'
    """
    start, end = _split(data)
    head = _SPAM_FIELD.sub(b"X-Spam-Prev-", data[start:end])
    return data[:start] + head + data[end:]


def _insert(data: bytes, lines: Iterable[str]) -> bytes:
    eol = _line_ending(data)
    start, _ = _split(data)
    block = b"".join(line.replace("\n", eol.decode()).encode("ascii") + eol for line in lines)
    return data[:start] + block + data[start:]


# ---------------------------------------------------------------------------
# header values


def _ascii(text: str, limit: int = 200) -> str:
    """One header-safe line: no control characters, non-ASCII escaped, bounded length."""
    text = _UNSAFE.sub(" ", text).strip()
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fold_header(prefix: str, pieces: Sequence[str], width: int = 78) -> str:
    """Join ``pieces`` (each ending in its separator) after ``prefix``, folding with
    ``\n\t`` before ``width`` columns, as SpamAssassin folds its test list."""
    out, line = [], prefix
    for piece in pieces:
        if len(line) + len(piece.rstrip()) > width and line.strip():
            out.append(line.rstrip())
            line = "\t"
        line += piece
    out.append(line.rstrip())
    return "\n".join(out)


def spam_headers(verdict: Verdict) -> list[str]:
    """The header lines (``Name: value``, folded with ``\\n\\t``) that report ``verdict``.

    Examples
    --------
    >>> from spamkit.classifier import Reason, Verdict
    >>> v = Verdict("spam", 0.96, 3.25, 0.0, [Reason("RULE_A", 2.0, "a rule")])
    >>> print("\\n".join(spam_headers(v)[1:5]))
    X-Spam-Flag: YES
    X-Spam-Level: ***
    X-Spam-Score: 3.250
    X-Spam-Status: Yes, score=3.25 required=0.00 tests=RULE_A version=0.1.0
    """
    score = verdict.score if math.isfinite(verdict.score) else 0.0
    rules = sorted(verdict.rules, key=lambda r: -abs(r.score))[:REPORT_RULES]
    tokens = [r for r in verdict.reasons if r.kind == "token"][:REPORT_TOKENS]
    names = sorted({_NAME_SAFE.sub("_", r.name) for r in verdict.rules}) or ["none"]
    tests = [f"{n}," for n in names[:-1]] + [f"{names[-1]} "]
    tests[0] = "tests=" + tests[0]
    status = _fold_header(
        f"X-Spam-Status: {'Yes' if verdict.is_spam else 'No'}, ",
        [
            f"score={score:.2f} ",
            f"required={verdict.threshold:.2f} ",
            *tests,
            f"version={__version__}",
        ],
    )
    lines = [f"X-Spam-Checker-Version: spamkit {__version__}"]
    if verdict.is_spam:
        lines.append("X-Spam-Flag: YES")
    lines.append(f"X-Spam-Level: {'*' * max(0, min(50, int(score)))}".rstrip())
    lines.append(f"X-Spam-Score: {score:.3f}")
    lines.append(status)
    report = ["X-Spam-Report:"]
    for reason in [*rules, *tokens]:
        what = "model token" if reason.kind == "token" else reason.description
        line = f"\t* {reason.score:6.2f} {_ascii(reason.name, 60)} {_ascii(what, 120)}"
        report.append(line.rstrip())
        if reason.evidence:
            report.append(f"\t*        [{_ascii(reason.evidence, 100)}]")
    if len(report) == 1:
        report[0] += " none"
    lines.append("\n".join(report))
    return lines


def _error_header(reason: str) -> str:
    return f"X-Spam-Status: Error, reason={_ascii(reason, 300)}"


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
        return FilterResult(_insert(renamed, spam_headers(verdict)), verdict)
    except Exception as exc:  # never lose mail: any failure passes it through
        reason = f"{type(exc).__name__}: {exc}"
        log.exception("classification failed; passing the message through")
        try:
            output = _insert(renamed, [_error_header(reason)])
        except Exception:  # pragma: no cover - last resort: the original bytes
            output = raw
        return FilterResult(output, None, reason)


def _read_prefix(src: BinaryIO, limit: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
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
    try:
        model = classifier if hasattr(classifier, "classify") else classifier()
    except Exception as exc:  # no model: pass the mail through, say why
        log.exception("cannot load the classifier")
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

    def classify(self, message: Any) -> Verdict:
        raise self.error
