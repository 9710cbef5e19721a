"""The verdict: combine the model's evidence with the named rules, and say why.

How the score is made (one documented way, used everywhere; :mod:`spamkit.model`):

``score = intercept + text + sum(learned signal weights) + sum(hand-set rule points)``

* ``text`` is the text model's log-odds on the message's words, scaled by the model's
  text weight and by how many words there are (a three-word mail says little);
* each signal that fired adds its learned weight, whose sign its meaning fixes (a
  spam signal can only push to spam), plus its hand-set points if it has any;
* each rule that fired adds its hand-set points from the rule table (SpamAssassin-style,
  in the same log-odds unit); rules found outside the detectors (DNSBL listings) add
  theirs the same way, weighed by the same table;
* the intercept carries the model's operating point, so the model's own threshold is 0:
  ``probability = sigmoid(score)`` is at least 0.5 exactly when the label is ``spam``.
  A ``Classifier`` may be given another threshold; the verdict then also reports
  ``threshold_probability = sigmoid(threshold)``, the probability at which spam begins,
  so that "ham 0.62" never stands without "spam from 0.73" beside it.

``Verdict.reasons`` itemises the score: every rule and signal that fired (hand-set
points plus learned weight), every defect of the message (score 0), the strongest
tokens (function words such as です or "the" are never shown: they carry grammar, not
topic), and ``Verdict.rest`` is what is left: the intercept and the tokens not listed.
The reasons' scores plus ``rest`` add up to ``score``.

A message with no words, with no header block, or that is binary data is not judged
by its text: the text model's evidence is dropped and a defect says why, so the verdict
is the model's prior plus whatever rules fired, never a confident guess.

This module holds the only copy of that arithmetic: :func:`sigmoid`,
:func:`is_spam_score` and :func:`label_for`; :meth:`Verdict.from_score` and
:meth:`Verdict.with_hits` build verdicts with them, and evaluation, training and the
mail-server integrations call them rather than compare scores themselves.
"""

from __future__ import annotations

import email.message
import logging
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from .datafiles import function_words
from .features import Features, mail_features
from .message import ParsedMail, parse
from .rules import RuleHit, RuleSet

if TYPE_CHECKING:
    from .model import SpamModel

__all__ = [
    "Classifier",
    "Reason",
    "Verdict",
    "classify",
    "is_spam_score",
    "label_for",
    "sigmoid",
]

_log = logging.getLogger(__name__)

Label = Literal["spam", "ham"]
MessageInput = bytes | str | email.message.Message | ParsedMail
S = TypeVar("S")


def sigmoid(x: float) -> float:
    """The probability of spam for log-odds ``x`` (computed without overflow).

    Examples
    --------
    >>> sigmoid(0.0), round(sigmoid(3.0), 4), sigmoid(-1000.0)
    (0.5, 0.9526, 0.0)
    """
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def is_spam_score(score: S, threshold: float) -> S:
    """The label rule: true where ``score`` is at or above ``threshold``.

    ``score`` may be a float (gives a bool) or a NumPy array (gives a boolean array).

    Examples
    --------
    >>> is_spam_score(1.5, 1.5), is_spam_score(1.49, 1.5)
    (True, False)
    """
    return score >= threshold  # type: ignore[operator,return-value]


def label_for(score: float, threshold: float) -> Label:
    """``"spam"`` when ``score >= threshold``, else ``"ham"``.

    Examples
    --------
    >>> label_for(0.2, 0.0), label_for(-0.2, 0.0)
    ('spam', 'ham')
    """
    return "spam" if is_spam_score(score, threshold) else "ham"


@dataclass(frozen=True)
class Reason:
    """One piece of evidence behind a verdict.

    ``kind`` is ``"rule"`` (a named rule or signal that fired), ``"token"`` (a model
    feature that weighed in either way) or ``"defect"`` (the message was broken).
    ``score`` is the contribution to the verdict's score: positive pushes to spam.
    """

    name: str
    score: float
    description: str
    kind: str = "rule"
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The order of reasons: rules and signals (what is wrong), then defects, then tokens.
_KIND_ORDER = {"rule": 0, "defect": 1, "token": 2}


def _by_strength(reasons: Iterable[Reason]) -> list[Reason]:
    """Rules and signals first, then defects, then tokens; strongest first within each."""
    return sorted(reasons, key=lambda r: (_KIND_ORDER.get(r.kind, 1), -abs(r.score)))


@dataclass(frozen=True)
class Verdict:
    """What spamkit decided about one message, and why."""

    label: Label
    probability: float
    score: float
    threshold: float
    reasons: list[Reason] = field(default_factory=list)
    rest: float = 0.0

    @classmethod
    def from_score(
        cls, score: float, threshold: float, reasons: Iterable[Reason] = (), rest: float = 0.0
    ) -> Verdict:
        """The verdict for ``score`` at ``threshold``: label and probability derived here.

        ``reasons`` are kept in the order given; ``rest`` is the part of ``score`` they
        do not itemise.
        """
        return cls(
            label_for(score, threshold), sigmoid(score), score, threshold, list(reasons), rest
        )

    @property
    def threshold_probability(self) -> float:
        """The probability at which spam begins (``sigmoid(threshold)``; 0.5 by default)."""
        return sigmoid(self.threshold)

    def with_hits(self, hits: Sequence[RuleHit]) -> Verdict:
        """This verdict with more rule hits (DNSBL listings, say) added to score and reasons.

        The label is decided again against the verdict's own threshold, so a hit of
        score 0 (a DNSBL error) never changes it.  :meth:`Classifier.classify` with
        ``extra_hits`` weighs the hits by its rule table first; use that when you can.
        """
        if not hits:
            return self
        reasons = [
            *self.reasons,
            *(Reason(h.name, h.score, h.description, "rule", h.evidence) for h in hits),
        ]
        score = self.score + sum(h.score for h in hits)
        return Verdict.from_score(score, self.threshold, _by_strength(reasons), self.rest)

    @property
    def is_spam(self) -> bool:
        return self.label == "spam"

    @property
    def rules(self) -> list[Reason]:
        """The named rules and signals that fired (no tokens)."""
        return [r for r in self.reasons if r.kind != "token"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probability": self.probability,
            "score": self.score,
            "threshold": self.threshold,
            "threshold_probability": self.threshold_probability,
            "reasons": [r.to_dict() for r in self.reasons],
            "rest": self.rest,
        }


def _failure(name: str, what: str, exc: Exception) -> Reason:
    return Reason(name, 0.0, what, "defect", f"{type(exc).__name__}: {str(exc)[:100]}")


class Classifier:
    """A loaded model plus the rules, for classifying many messages.

    Parameters
    ----------
    model : path, SpamModel or None
        A model directory written by :func:`spamkit.model.save_model`, a model already
        in memory, or ``None`` for the default model shipped with spamkit.
    threshold : float or None
        Score at or above which a message is spam; ``None`` uses the model's own.
    rules : path, RuleSet or None
        A rules file laid over the shipped rule table (re-weight, disable, add pattern
        and meta rules, change the lists), a loaded :class:`~spamkit.rules.RuleSet`, or
        ``None`` for the shipped table.
    top_tokens : int
        How many of the strongest tokens to list in ``Verdict.reasons``.

    A ``Classifier`` is safe to share between threads.
    """

    def __init__(
        self,
        model: str | PathLike[str] | SpamModel | None = None,
        *,
        threshold: float | None = None,
        rules: str | PathLike[str] | RuleSet | None = None,
        top_tokens: int = 10,
    ) -> None:
        from .model import SpamModel, load_model  # NumPy only when a classifier is built

        self.model = model if isinstance(model, SpamModel) else load_model(model)
        self.rules = rules if isinstance(rules, RuleSet) else RuleSet.load(rules)
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        self.top_tokens = top_tokens

    def classify(self, message: MessageInput, *, extra_hits: Sequence[RuleHit] = ()) -> Verdict:
        """Classify one message (raw bytes, ``str``, :class:`email.message.Message` or parsed).

        Parameters
        ----------
        message : bytes, str, email.message.Message or ParsedMail
        extra_hits : sequence of RuleHit
            Rules found outside the detectors, such as DNSBL listings
            (:meth:`spamkit.integrations.dnsbl.DnsblChecker.check_message`).  They are
            weighed by this classifier's rule table (:meth:`RuleSet.weigh`: a rules file
            can re-weight or disable them) and added to the score.

        Returns
        -------
        Verdict
        """
        mail = message if isinstance(message, ParsedMail) else parse(message)
        # Issue 7: a hostile message gets a verdict, never an exception.  parse() never
        # raises; a failing detector is already a DETECTOR_ERROR hit; these two guards
        # catch the rest and name it as a zero-score reason (logged with its traceback).
        reasons: list[Reason] = []
        try:
            hits = self.rules.check(mail)
        except Exception as exc:
            _log.warning("rules raised %s", type(exc).__name__, exc_info=True)
            hits = []
            reasons.append(_failure("DETECTOR_ERROR", "the rules could not run", exc))
        not_mail = [d for d in mail.defects if d.name in NOT_JUDGED_BY_TEXT]
        points = sum(hit.score for hit in hits)
        try:
            features = mail_features(mail, hits, max_text_chars=self.model.max_text_chars)
            if not_mail:
                features = Features((), features.signals, 0, features.points)
            explained = self.model.explain(features, top=self.top_tokens + _SPARE_TOKENS)
            if not math.isfinite(explained.score):
                raise ValueError(f"model score is {explained.score}")
            score, signals, shares = explained.score, explained.signals, explained.tokens
            rest = explained.intercept + explained.text
            words, reliability = features.words, explained.reliability
        except Exception as exc:
            _log.warning("model raised %s", type(exc).__name__, exc_info=True)
            score, signals, shares, rest, words, reliability = points, {}, {}, 0.0, -1, 1.0
            reasons.append(_failure("MODEL_ERROR", "the model could not score this", exc))
        for hit in hits:
            weight = hit.score + signals.get(hit.name, 0.0)
            reasons.append(Reason(hit.name, weight, hit.description, "rule", hit.evidence))
        for defect in mail.defects:
            reasons.append(Reason(defect.name, 0.0, defect.detail, "defect"))
        if not not_mail and words >= 0 and reliability < 1.0:
            reasons.append(_short_text(words, reliability))
        shown = 0
        for name, weight in sorted(shares.items(), key=lambda kv: -abs(kv[1])):
            if shown == self.top_tokens:
                break
            if _is_function_word(name):
                continue
            reasons.append(Reason(name, weight, "model token", "token"))
            rest -= weight
            shown += 1
        verdict = Verdict.from_score(score, self.threshold, _by_strength(reasons), rest)
        return verdict.with_hits(self.rules.weigh(extra_hits)) if extra_hits else verdict


#: Defects that mean the input is not a message with text to judge: its words (if any)
#: are not evidence, so the text model is left out of the verdict.
NOT_JUDGED_BY_TEXT = frozenset({"EMPTY_MESSAGE", "NO_HEADERS", "BINARY_CONTENT"})
#: Function words are skipped when listing tokens; ask the model for this many more.
_SPARE_TOKENS = 10
_TOKEN_PREFIXES = ("subject:", "from:name:")


def _is_function_word(token: str) -> bool:
    """True for a particle, auxiliary, pronoun, article, ... (never shown as a reason)."""
    for prefix in _TOKEN_PREFIXES:
        if token.startswith(prefix):
            token = token[len(prefix) :]
            break
    return token in function_words()


def _short_text(words: int, reliability: float) -> Reason:
    if words == 0:
        return Reason(
            "NO_TEXT", 0.0, "no words in subject or body: the text is no evidence", "defect"
        )
    return Reason(
        "SHORT_TEXT",
        0.0,
        f"{words} words: the text counted {reliability:.0%} of what a longer one would",
        "defect",
    )


_default: Classifier | None = None
_default_lock = threading.Lock()


def default_classifier() -> Classifier:
    """The classifier with the shipped default model, loaded once, on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Classifier()
    return _default


def classify(message: MessageInput) -> Verdict:
    """Classify ``message`` with the shipped default model.

    Examples
    --------
    >>> import spamkit
    >>> verdict = spamkit.classify(b"Subject: hello\\n\\nlunch at noon?\\n")
    >>> verdict.label in ("spam", "ham")
    True
    """
    return default_classifier().classify(message)
