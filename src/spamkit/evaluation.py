"""Measure spamkit on labelled mail: run a classifier (or K trainings) and keep every row.

Every figure is computed from the score a user gets, ``Verdict.score`` (the model's
log-odds plus the rule scores, see :mod:`spamkit.classifier`), and the label rule a
user gets, spam when ``score >= threshold``.  Two ways to get scores:

* :func:`evaluate` runs a loaded :class:`~spamkit.Classifier` over messages;
* :func:`cross_validate` trains with :func:`spamkit.training.train` in K folds
  (stratified by label, grouped by :func:`spamkit.training.template_key`, so the
  copies of one campaign never sit on both sides) and scores each held-out fold.

Both give an :class:`Evaluation` (one row per message), which :func:`summarize` turns
into the numbers: :func:`spamkit.metrics.metrics` overall and per language,
:func:`rule_rates` per signal/rule, and timing.  :mod:`spamkit.report` writes them as
text, JSON, Markdown and plots; :mod:`spamkit.metrics` holds the figures themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .classifier import Classifier, Verdict, is_spam_score
from .message import ParsedMail
from .metrics import METRIC_KEYS, metrics
from .training import LabelledCorpus, template_key, train

if TYPE_CHECKING:  # pragma: no cover
    from .model import SpamModel

__all__ = [
    "LANGUAGES",
    "Evaluation",
    "classifier_for",
    "cross_validate",
    "evaluate",
    "rule_rates",
    "summarize",
]

#: The languages figures are broken down by (from the decoded text), in report order.
LANGUAGES = ("ja", "en", "other")


@dataclass
class Evaluation:
    """One row per scored message: label, score, language, the rules that fired.

    Parameters
    ----------
    labels : ndarray of int
        1 = spam, 0 = ham.
    scores : ndarray of float
        ``Verdict.score`` of each message.
    threshold : float
        The label threshold the scores were judged by.
    languages : list of str
        ``"ja"``, ``"en"`` or ``"other"``, from the decoded text.
    rules : list of tuple of str
        Names of the rules and signals that fired on each message.
    rule_names : list of str
        Every name the rule table holds (so names that never fired are reported too).
    sources : list of str
        Where each message came from.
    verdicts : list of Verdict
        The full verdicts, reasons included (for explaining mistakes).
    classify_seconds : float
        Time spent classifying already-parsed messages.
    read_seconds : float
        Time spent reading and parsing them (0 when the caller parsed them).
    train_seconds : float
        Time spent training (cross-validation only).
    folds : ndarray of int or None
        The fold of each message in cross-validation.
    """

    labels: np.ndarray
    scores: np.ndarray
    threshold: float
    languages: list[str]
    rules: list[tuple[str, ...]]
    rule_names: list[str]
    sources: list[str]
    verdicts: list[Verdict]
    classify_seconds: float = 0.0
    read_seconds: float = 0.0
    train_seconds: float = 0.0
    folds: np.ndarray | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def predicted(self) -> np.ndarray:
        """1 where the verdict is spam."""
        return is_spam_score(self.scores, self.threshold).astype(int)

    def misclassified(self) -> dict[str, list[int]]:
        """Indices of false positives (``"ham"``) and false negatives (``"spam"``), worst first."""
        wrong_ham = np.flatnonzero((self.labels == 0) & (self.predicted == 1))
        wrong_spam = np.flatnonzero((self.labels == 1) & (self.predicted == 0))
        return {
            "ham": sorted(wrong_ham.tolist(), key=lambda i: -self.scores[i]),
            "spam": sorted(wrong_spam.tolist(), key=lambda i: self.scores[i]),
        }


def classifier_for(model: SpamModel, **options: Any) -> Classifier:
    """A :class:`~spamkit.Classifier` around a freshly trained ``model``.

    ``options`` are passed to :class:`~spamkit.Classifier` (``threshold``, ``rules``).
    The classifier scores the model's arrays exactly as it would after saving and
    loading them (float64 both ways), so no round trip through disk is needed.
    """
    return Classifier(model, **options)


def _languages(mails: Sequence[ParsedMail]) -> list[str]:
    return LabelledCorpus(mails=list(mails)).languages()


def evaluate(
    classifier: Classifier,
    mails: Sequence[ParsedMail],
    labels: Sequence[int],
    *,
    sources: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> Evaluation:
    """Classify every message and keep what the figures need.

    Parameters
    ----------
    classifier : Classifier
        Its model, rules and threshold are the ones measured.
    mails : sequence of ParsedMail
        Parsed messages (see :func:`spamkit.training.load_corpus`).
    labels : sequence of int
        1 = spam, 0 = ham.
    sources, languages : sequence of str, optional
        Computed (languages) or left blank (sources) when not given.
    progress : callable, optional
        Wraps the message iterator (a progress bar).

    Returns
    -------
    Evaluation
    """
    iterator: Iterable[Any] = mails
    if progress is not None:
        iterator = progress(iterator)
    verdicts: list[Verdict] = []
    started = time.perf_counter()
    for mail in iterator:
        verdicts.append(classifier.classify(mail))
    elapsed = time.perf_counter() - started
    return Evaluation(
        labels=np.asarray(labels, dtype=int),
        scores=np.array([v.score for v in verdicts], dtype=float),
        threshold=float(classifier.threshold),
        languages=list(languages) if languages is not None else _languages(mails),
        rules=[tuple(r.name for r in v.reasons if r.kind == "rule") for v in verdicts],
        rule_names=[n for n in classifier.rules.names if not n.startswith("__")],
        sources=list(sources) if sources is not None else [""] * len(verdicts),
        verdicts=verdicts,
        classify_seconds=elapsed,
    )


def cross_validate(
    corpus: LabelledCorpus,
    k: int = 5,
    *,
    seed: int = 1,
    algorithm: str = "logreg",
    holdout: float = 0.0,
    threshold: float | None = None,
    rules: str | Path | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> tuple[dict[str, Any], Evaluation]:
    """Train and test in ``k`` folds; per-fold figures with mean ± sd, and the pooled rows.

    Folds come from scikit-learn's ``StratifiedGroupKFold(k, shuffle=True,
    random_state=seed)`` with :func:`~spamkit.training.template_key` as the group:
    every fold keeps the ham/spam mix, and campaign copies stay together.  Each fold
    is trained with :func:`spamkit.training.train` (the same recipe as ``spamkit
    train``; ``holdout`` > 0 lets it pick its threshold on part of the training folds)
    and scored through a :class:`~spamkit.Classifier`.

    Parameters
    ----------
    corpus : LabelledCorpus
        Parsed, labelled messages.
    k : int
        Number of folds (at least 2).
    seed : int
        Seed of the fold assignment.
    algorithm : str
        ``"logreg"`` or ``"nb"``.
    holdout : float
        Passed to :func:`~spamkit.training.train`.
    threshold, rules : optional
        Passed to each fold's :class:`~spamkit.Classifier` (default: the threshold the
        fold's training chose, the shipped rules).
    progress : callable, optional
        Wraps each fold's message iterator.

    Returns
    -------
    cv : dict
        ``folds`` (each fold's :func:`~spamkit.metrics.metrics`, sizes and seconds),
        ``mean`` and ``sd`` (sample standard deviation over folds) of the main figures,
        and the settings.
    pooled : Evaluation
        Every message scored by the model that did not see it.  When the folds'
        thresholds differ, each fold's scores are shifted so that its threshold
        sits at 0.

    Raises
    ------
    ValueError
        Fewer than ``k`` ham or spam template groups.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    labels = np.asarray(corpus.labels, dtype=int)
    keys = [template_key(m) for m in corpus.mails]
    for label, name in ((0, "ham"), (1, "spam")):
        groups = {key for key, lab in zip(keys, labels, strict=True) if lab == label}
        if len(groups) < k:
            raise ValueError(f"{k} folds need at least {k} distinct {name} messages")
    languages = corpus.languages()
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    n = len(labels)
    scores = np.zeros(n)
    folds = np.full(n, -1)
    verdicts: list[Verdict | None] = [None] * n
    fired: list[tuple[str, ...]] = [()] * n
    fold_reports: list[dict[str, Any]] = []
    thresholds: list[float] = []
    classify_s = train_s = 0.0
    rule_names: list[str] = []
    for fold, (train_idx, test_idx) in enumerate(splitter.split(np.zeros(n), labels, keys)):
        part = LabelledCorpus(
            mails=[corpus.mails[i] for i in train_idx],
            labels=[corpus.labels[i] for i in train_idx],
            sources=[corpus.sources[i] for i in train_idx],
        )
        started = time.perf_counter()
        model = train(part, algorithm=algorithm, holdout=holdout, seed=seed)
        fold_train_s = time.perf_counter() - started
        classifier = classifier_for(model, threshold=threshold, rules=rules)
        rule_names = [name for name in classifier.rules.names if not name.startswith("__")]
        result = evaluate(
            classifier,
            [corpus.mails[i] for i in test_idx],
            labels[test_idx],
            languages=[languages[i] for i in test_idx],
            progress=progress,
        )
        figures = metrics(result.labels, result.scores, result.threshold)
        figures.update(
            fold=fold,
            n_train=len(train_idx),
            train_seconds=round(fold_train_s, 2),
            classify_seconds=round(result.classify_seconds, 2),
        )
        fold_reports.append(figures)
        thresholds.append(result.threshold)
        train_s += fold_train_s
        classify_s += result.classify_seconds
        for j, i in enumerate(test_idx):
            scores[i] = result.scores[j]
            folds[i] = fold
            verdicts[i] = result.verdicts[j]
            fired[i] = result.rules[j]
    shifted = len(set(thresholds)) > 1
    if shifted:
        scores = scores - np.asarray(thresholds)[folds]
    pooled = Evaluation(
        labels=labels,
        scores=scores,
        threshold=0.0 if shifted else thresholds[0],
        languages=languages,
        rules=fired,
        rule_names=rule_names,
        sources=list(corpus.sources),
        verdicts=[v for v in verdicts if v is not None],
        classify_seconds=classify_s,
        train_seconds=train_s,
        folds=folds,
        extra={"scores_shifted_to_fold_threshold": shifted},
    )
    cv: dict[str, Any] = {
        "k": k,
        "seed": seed,
        "algorithm": algorithm,
        "holdout": holdout,
        "grouped_by": "template_key",
        "folds": fold_reports,
        "mean": {},
        "sd": {},
    }
    for key in METRIC_KEYS:
        values = np.array([f[key] for f in fold_reports], dtype=float)
        finite = values[np.isfinite(values)]
        cv["mean"][key] = float(np.mean(finite)) if len(finite) else float("nan")
        cv["sd"][key] = float(np.std(finite, ddof=1)) if len(finite) > 1 else float("nan")
    return cv, pooled


def rule_rates(evaluation: Evaluation) -> dict[str, dict[str, float]]:
    """How often each rule or signal fires on ham and on spam.

    Returns
    -------
    dict
        name -> ``ham`` / ``spam`` (message counts) and ``ham_rate`` / ``spam_rate``
        (fractions of each class), for every name in the rule table, most frequent first.
    """
    n_ham = int(np.sum(evaluation.labels == 0))
    n_spam = int(np.sum(evaluation.labels == 1))
    counts = {name: [0, 0] for name in evaluation.rule_names}
    for label, names in zip(evaluation.labels.tolist(), evaluation.rules, strict=True):
        for name in names:
            counts.setdefault(name, [0, 0])[label] += 1
    order = sorted(counts, key=lambda name: -(counts[name][0] + counts[name][1]))
    return {
        name: {
            "ham": counts[name][0],
            "spam": counts[name][1],
            "ham_rate": counts[name][0] / n_ham if n_ham else float("nan"),
            "spam_rate": counts[name][1] / n_spam if n_spam else float("nan"),
        }
        for name in order
    }


def summarize(evaluation: Evaluation) -> dict[str, Any]:
    """All the figures of an evaluation, as plain JSON-ready data.

    Returns
    -------
    dict
        ``all`` (:func:`~spamkit.metrics.metrics`), ``by_language`` (the same per language
        present), ``rules`` (:func:`rule_rates`) and ``timing``.
    """
    y, s, t = evaluation.labels, evaluation.scores, evaluation.threshold
    langs = np.array(evaluation.languages)
    by_language = {
        lang: metrics(y[langs == lang], s[langs == lang], t)
        for lang in LANGUAGES
        if np.any(langs == lang)
    }
    n = len(evaluation)
    timing: dict[str, Any] = {
        "messages": n,
        "read_parse_seconds": round(evaluation.read_seconds, 2),
        "classify_seconds": round(evaluation.classify_seconds, 2),
        "classify_msgs_per_s": round(n / evaluation.classify_seconds, 1)
        if evaluation.classify_seconds
        else None,
    }
    total = evaluation.read_seconds + evaluation.classify_seconds
    if evaluation.read_seconds and total:
        timing["end_to_end_msgs_per_s"] = round(n / total, 1)
    if evaluation.train_seconds:
        timing["train_seconds"] = round(evaluation.train_seconds, 2)
    return {
        "all": metrics(y, s, t),
        "by_language": by_language,
        "rules": rule_rates(evaluation),
        "timing": timing,
    }
