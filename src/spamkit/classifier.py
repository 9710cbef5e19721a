"""The verdict: combine the model's evidence with the named rules, and say why.

How the score is made (one documented way, used everywhere):

``score = model log-odds + sum(rule scores)``

* the model log-odds is the trained model's decision value (``log(p/(1-p))``) on the
  message's :class:`~spamkit.features.Features`; signals are model features, so
  their weight is learned and shows up as a reason with that weight;
* each rule that fires adds its score from the rules data file (SpamAssassin-style
  points, in the same log-odds unit); rules found outside the detectors (DNSBL
  listings) add theirs the same way, weighed by the same table;
* ``probability = sigmoid(score)`` and the label is :func:`label_for` the score and the
  threshold: ``spam`` when ``score >= threshold``.  The threshold is stored with the
  model (chosen on held-out data) and can be overridden per ``Classifier``.

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

from .features import mail_features, signal_token
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


def _by_strength(reasons: Iterable[Reason]) -> list[Reason]:
    """Strongest first (stable: equal scores keep their order)."""
    return sorted(reasons, key=lambda r: -abs(r.score))


@dataclass(frozen=True)
class Verdict:
    """What spamkit decided about one message, and why."""

    label: Label
    probability: float
    score: float
    threshold: float
    reasons: list[Reason] = field(default_factory=list)

    @classmethod
    def from_score(cls, score: float, threshold: float, reasons: Iterable[Reason] = ()) -> Verdict:
        """The verdict for ``score`` at ``threshold``: label and probability derived here.

        ``reasons`` are kept in the order given.
        """
        return cls(label_for(score, threshold), sigmoid(score), score, threshold, list(reasons))

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
        return Verdict.from_score(score, self.threshold, _by_strength(reasons))

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
            "reasons": [r.to_dict() for r in self.reasons],
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
        failures: list[Reason] = []
        try:
            hits = self.rules.check(mail)
        except Exception as exc:
            _log.warning("rules raised %s", type(exc).__name__, exc_info=True)
            hits = []
            failures.append(_failure("DETECTOR_ERROR", "the rules could not run", exc))
        try:
            features = mail_features(mail, hits, max_text_chars=self.model.max_text_chars)
            logit, token_weights = self.model.explain(features, top=self.top_tokens)
            logit = float(logit)
            if not math.isfinite(logit):
                raise ValueError(f"model log-odds is {logit}")
        except Exception as exc:
            _log.warning("model raised %s", type(exc).__name__, exc_info=True)
            logit, token_weights = 0.0, {}
            failures.append(_failure("MODEL_ERROR", "the model could not score this", exc))
        reasons: list[Reason] = list(failures)
        rule_total = 0.0
        for hit in hits:
            learned = token_weights.pop(signal_token(hit.name), 0.0) if hit.feature else 0.0
            rule_total += hit.score
            reasons.append(
                Reason(hit.name, hit.score + learned, hit.description, "rule", hit.evidence)
            )
        for defect in mail.defects:
            reasons.append(Reason(defect.name, 0.0, defect.detail, "defect"))
        tokens = sorted(token_weights.items(), key=lambda kv: -abs(kv[1]))[: self.top_tokens]
        reasons.extend(
            Reason(name, weight, "model token", "token") for name, weight in tokens if weight
        )
        verdict = Verdict.from_score(logit + rule_total, self.threshold, _by_strength(reasons))
        return verdict.with_hits(self.rules.weigh(extra_hits)) if extra_hits else verdict


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
