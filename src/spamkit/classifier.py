"""The verdict: combine the model's evidence with the named rules, and say why.

How the score is made (one documented way, used everywhere):

``score = model log-odds + sum(rule scores)``

* the model log-odds is the trained pipeline's decision value (``log(p/(1-p))``);
  signals are model features, so their weight is learned and shows up as a reason
  with that weight;
* each rule that fires adds its score from the rules data file (SpamAssassin-style
  points, in the same log-odds unit);
* ``probability = 1 / (1 + exp(-score))`` and the label is ``spam`` when
  ``score >= threshold``.  The threshold is stored with the model (chosen on
  held-out data) and can be overridden per ``Classifier``.
"""

from __future__ import annotations

import email.message
import logging
import math
import threading
from dataclasses import asdict, dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

from .message import ParsedMail, parse

if TYPE_CHECKING:
    from .model import SpamModel

__all__ = ["Classifier", "Reason", "Verdict", "classify"]

_log = logging.getLogger(__name__)

Label = Literal["spam", "ham"]
MessageInput = bytes | str | email.message.Message | ParsedMail


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


@dataclass(frozen=True)
class Verdict:
    """What spamkit decided about one message, and why."""

    label: Label
    probability: float
    score: float
    threshold: float
    reasons: list[Reason] = field(default_factory=list)

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


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class Classifier:
    """A loaded model plus the rules, for classifying many messages.

    Parameters
    ----------
    model : path, SpamModel or None
        A model directory written by :func:`spamkit.model.save_model`, a model already
        in memory, or ``None`` for the default model shipped with spamkit.
    threshold : float or None
        Score at or above which a message is spam; ``None`` uses the model's own.
    rules : path or None
        A rules file that overrides the shipped rule scores (re-weight or disable).
    top_tokens : int
        How many of the strongest tokens to list in ``Verdict.reasons``.

    A ``Classifier`` is safe to share between threads.
    """

    def __init__(
        self,
        model: str | PathLike[str] | SpamModel | None = None,
        *,
        threshold: float | None = None,
        rules: str | PathLike[str] | None = None,
        top_tokens: int = 10,
    ) -> None:
        from .model import SpamModel, load_model  # NumPy only when a classifier is built
        from .rules import RuleSet

        self.model = model if isinstance(model, SpamModel) else load_model(model)
        self.rules = RuleSet.load(rules)
        self.threshold = self.model.threshold if threshold is None else float(threshold)
        self.top_tokens = top_tokens

    def classify(self, message: MessageInput) -> Verdict:
        """Classify one message (raw bytes, ``str``, :class:`email.message.Message` or parsed)."""
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
            logit, token_weights = self.model.explain(mail, hits, top=self.top_tokens)
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
            learned = token_weights.pop(f"signal:{hit.name}", 0.0) if hit.feature else 0.0
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
        reasons.sort(key=lambda r: -abs(r.score))
        score = logit + rule_total
        label: Label = "spam" if score >= self.threshold else "ham"
        return Verdict(label, _sigmoid(score), score, self.threshold, reasons)


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
