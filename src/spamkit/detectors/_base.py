"""The detector registry, the shared view of a mail, and the loop that runs them.

See :mod:`spamkit.detectors` for what a detector is.  Every regular expression of the
detectors is linear: plain alternations and bounded repeats, no nested quantifiers,
and text is cut to :data:`MAX_SCANNED_CHARS` characters before any scan.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

from ..datafiles import Lists, shipped_lists
from ..domains import address_domain, host_of, registered_domain
from ..links import Link
from ..message import ParsedMail
from ..normalise import fold, normalise

__all__ = ["DECLARED", "DETECTORS", "MAX_SCANNED_CHARS", "MailView", "detect", "detector"]

#: Only the first ``MAX_SCANNED_CHARS`` characters of a body are scanned (bounds every regex).
MAX_SCANNED_CHARS = 20_000
#: The "opening" of a mail, where a sequence claim or a greeting is made.
HEAD_TEXT = 1_500

Detector = Callable[["MailView"], "str | None"]

_log = logging.getLogger("spamkit.detectors")

#: Registered detectors, name -> function, in registration order.
DETECTORS: dict[str, Detector] = {}
#: The rule-table entry a detector brought along (``score``, ``description``, ``flags``),
#: for names the shipped rule table does not hold: detectors of a user's own code.
DECLARED: dict[str, dict[str, Any]] = {}

_NAME = re.compile(r"[A-Z][A-Z0-9_]{1,63}")


def detector(
    name: str,
    *,
    description: str | None = None,
    score: float | None = None,
    flags: Sequence[str] = (),
) -> Callable[[Detector], Detector]:
    """Register a function as the detector of signal or rule ``name``.

    Parameters
    ----------
    name : str
        The UPPER_SNAKE name.  The shipped detectors have their entry in
        ``data/rules/*.toml``.
    description : str, optional
        One line saying what fired.  A detector of your own code gives it here (or in
        your rules file), so that :meth:`spamkit.rules.RuleSet.load` has an entry for it.
    score : float, optional
        Log-odds points the rule adds to the verdict (default 0; a rules file can
        re-weight it like any rule).
    flags : sequence of str
        ``"ham"`` (a sign of legitimate mail, score <= 0) or ``"net"``.  Not ``"model"``:
        the trained model has never seen a new name.

    Returns
    -------
    callable
        A decorator that registers and returns the function unchanged.

    Examples
    --------
    >>> @detector("LOCAL_NEWSLETTER_FOOTER", description="Our newsletter's footer", score=-1.0,
    ...           flags=["ham"])                                    # doctest: +SKIP
    ... def newsletter_footer(view):
    ...     return "footer" if "unsubscribe from example news" in view.text else None
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"detector name must be UPPER_SNAKE: {name!r}")

    def register(func: Detector) -> Detector:
        if name in DETECTORS and DETECTORS[name] is not func:
            raise ValueError(f"two detectors for {name}")
        DETECTORS[name] = func
        declared: dict[str, Any] = {}
        if description is not None:
            declared["description"] = description
        if score is not None:
            declared["score"] = score
        if flags:
            declared["flags"] = list(flags)
        if declared:
            DECLARED[name] = declared
        return func

    return register


_TAG = re.compile(r"<[^<>]{0,2000}>")
_QUOTE_LINE = re.compile(r"^[ \t]{0,4}(?:>|＞|\|)")
_QUOTE_INTRO = re.compile(r"(?:wrote:|writes:|書きました|のメッセージ:|-----Original Message-----)")


def _strip_html(text: str) -> str:
    if "<" not in text:
        return text
    return html.unescape(_TAG.sub(" ", text))


class MailView:
    """A parsed mail plus the derived facts that several detectors share, computed once.

    Parameters
    ----------
    mail : ParsedMail
        The parsed message.
    lists : Lists or None
        The lists the detectors consult (free mail, brands, ...): the shipped ones when
        ``None``, or those of a :class:`~spamkit.rules.RuleSet` with a user's overlay.
    """

    def __init__(self, mail: ParsedMail, lists: Lists | None = None) -> None:
        self.mail = mail
        self.lists = lists if lists is not None else shipped_lists()

    @cached_property
    def from_domain(self) -> str:
        """The From address's domain."""
        return address_domain(self.mail.from_address)

    @cached_property
    def from_reg(self) -> str:
        """The From address's registered domain."""
        return registered_domain(self.from_domain) if self.from_domain else ""

    @property
    def links(self) -> list[Link]:
        """The links of the mail (``ParsedMail.links``)."""
        return self.mail.links

    @cached_property
    def link_hosts(self) -> list[str]:
        """Host of every link, in order, empty hosts dropped."""
        return [h for h in (host_of(link.url) for link in self.links) if h]

    @cached_property
    def has_thread(self) -> bool:
        """True when In-Reply-To or References say the mail answers an earlier one."""
        return bool(self.mail.in_reply_to or self.mail.references)

    @cached_property
    def text(self) -> str:
        """The first :data:`MAX_SCANNED_CHARS` of the body, tags removed, NFKC- and case-folded."""
        return fold(_strip_html(self.mail.text[:MAX_SCANNED_CHARS]))

    @cached_property
    def own_text(self) -> str:
        """:attr:`text` without quoted lines and without what follows a quote introduction."""
        kept = []
        for line in self.text.splitlines():
            if _QUOTE_INTRO.search(line[:200]):
                break
            if not _QUOTE_LINE.match(line):
                kept.append(line)
        return "\n".join(kept)

    @cached_property
    def subject(self) -> str:
        """The subject, NFKC-folded, lower-case, at most 500 characters."""
        return fold(self.mail.subject[:500])

    @cached_property
    def head(self) -> str:
        """Subject and the opening of the sender's own text: where claims are made."""
        return self.subject + "\n" + self.own_text[:HEAD_TEXT]

    @cached_property
    def body(self) -> str:
        """Subject and body text, NFKC-normalised, case kept: what a ``body`` pattern reads.

        The text is the readable body (HTML rendered), its first :data:`MAX_SCANNED_CHARS`.
        """
        return normalise(f"{self.mail.subject[:500]}\n{self.mail.text[:MAX_SCANNED_CHARS]}")

    def header_values(self, name: str) -> list[str]:
        """Every decoded value of header ``name`` (any case), NFKC-normalised."""
        wanted = name.lower()
        return [normalise(value) for key, value in self.mail.headers if key.lower() == wanted]

    @cached_property
    def display_name(self) -> str:
        """The From display name, NFKC-folded, lower-case."""
        return fold(self.mail.from_name[:300])


def detect(
    mail: ParsedMail,
    names: set[str] | None = None,
    *,
    errors: list[tuple[str, str]] | None = None,
    lists: Lists | None = None,
    more: Mapping[str, Detector] | None = None,
) -> Iterator[tuple[str, str]]:
    """Run the registered detectors on ``mail``.

    Parameters
    ----------
    mail : ParsedMail
        The parsed message.
    names : set of str, optional
        Run only these detectors; all when ``None``.
    errors : list, optional
        Receives ``(name, "ExceptionType: message")`` for each detector that raised.
    lists : Lists or None
        The lists the detectors consult; the shipped ones when ``None``.
    more : mapping of str to callable, optional
        Detectors beyond the registered ones, run after them in the same way: a rule
        set's pattern rules (:class:`spamkit.rules.PatternMatcher`).

    Yields
    ------
    tuple of (str, str)
        ``(name, evidence)`` for every detector that fired.

    Notes
    -----
    A detector that raises does not stop the others (issue 7: a hostile message must
    not crash classification): the exception is logged on ``spamkit.detectors`` with its
    traceback, the detector counts as not fired and the failure goes to ``errors``.
    """
    view = MailView(mail, lists)
    for name, func in [*DETECTORS.items(), *(more or {}).items()]:
        if names is not None and name not in names:
            continue
        try:
            evidence = func(view)
        except Exception as exc:
            _log.warning("detector %s raised %s", name, type(exc).__name__, exc_info=True)
            if errors is not None:
                errors.append((name, f"{type(exc).__name__}: {str(exc)[:100]}"))
            continue
        if evidence is not None:
            yield name, str(evidence)[:300]
