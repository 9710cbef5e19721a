"""Measure spamkit on labelled mail: error rates, where they come from, and pictures.

Every figure here is computed from the score a user gets, ``Verdict.score`` (the
model's log-odds plus the rule scores, see :mod:`spamkit.classifier`), and the
label rule a user gets, spam when ``score >= threshold``.  Two ways to get scores:

* :func:`evaluate` runs a loaded :class:`~spamkit.Classifier` over messages;
* :func:`cross_validate` trains with :func:`spamkit.training.train` in K folds
  (stratified by label, grouped by :func:`spamkit.training.template_key`, so the
  copies of one campaign never sit on both sides) and scores each held-out fold.

Both give an :class:`Evaluation` (one row per message), which :func:`summarize`
turns into the numbers (:func:`metrics` per language, :func:`rule_rates` per
signal/rule, timing), :func:`format_report` into text, and :func:`write_report`
into ``metrics.json``, ``report.md`` and three PNG plots.  Plotting needs
matplotlib (``pip install spamkit[plot]``); it draws on :class:`matplotlib.figure.Figure`
objects with the Agg canvas and never touches pyplot's global state.

Metric conventions match :func:`spamkit.training.evaluate_scores` and the peers
harness: "FNR at FPR ≤ x" is the lowest FNR over thresholds that leave at most
``floor(x · n_ham)`` ham above them, so under 1000 ham "≤ 0.1 %" means no ham at all.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .classifier import Classifier, Verdict, is_spam_score
from .message import ParsedMail
from .training import LabelledCorpus, evaluate_scores, template_key, train

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .model import SpamModel

__all__ = [
    "PLOT_HINT",
    "Evaluation",
    "classifier_for",
    "confusion",
    "cross_validate",
    "evaluate",
    "format_report",
    "metrics",
    "plot_roc",
    "plot_scores",
    "plot_thresholds",
    "pr_auc",
    "rule_rates",
    "summarize",
    "threshold_curve",
    "write_report",
]

#: Printed wherever a plot was asked for and matplotlib is missing.
PLOT_HINT = "plots need matplotlib: pip install spamkit[plot]"
LANGUAGES = ("ja", "en", "other")
_METRIC_KEYS = (
    "auc",
    "pr_auc",
    "fpr",
    "fnr",
    "fnr_at_fpr_0.1pct",
    "fnr_at_fpr_0.01pct",
)


# ------------------------------------------------------------------ metrics


def pr_auc(y: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """Area under the precision-recall curve (average precision), spam as positive class.

    Parameters
    ----------
    y : array-like of int
        1 = spam, 0 = ham.
    scores : array-like of float
        Higher = spammier.

    Returns
    -------
    float
        ``nan`` unless both classes are present.

    Examples
    --------
    >>> pr_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    1.0
    """
    from sklearn.metrics import average_precision_score

    y_arr = np.asarray(y)
    if len(set(y_arr.tolist())) != 2:
        return float("nan")
    return float(average_precision_score(y_arr, np.asarray(scores, dtype=float)))


def confusion(
    y: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, threshold: float
) -> dict[str, int]:
    """Counts of the four outcomes when a message is spam iff ``score >= threshold``.

    Returns
    -------
    dict
        ``tn`` (ham kept), ``fp`` (ham called spam), ``fn`` (spam missed), ``tp``.

    Examples
    --------
    >>> confusion([0, 0, 1, 1], [-2.0, 0.5, -1.0, 3.0], 0.0)
    {'tn': 1, 'fp': 1, 'fn': 1, 'tp': 1}
    """
    y_arr = np.asarray(y)
    predicted = is_spam_score(np.asarray(scores, dtype=float), threshold)
    return {
        "tn": int(np.sum(~predicted & (y_arr == 0))),
        "fp": int(np.sum(predicted & (y_arr == 0))),
        "fn": int(np.sum(~predicted & (y_arr == 1))),
        "tp": int(np.sum(predicted & (y_arr == 1))),
    }


def metrics(
    y: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, threshold: float
) -> dict[str, Any]:
    """Every error figure of one score set at one threshold.

    Parameters
    ----------
    y : array-like of int
        1 = spam, 0 = ham.
    scores : array-like of float
        Higher = spammier.
    threshold : float
        A message is spam when its score is at or above it.

    Returns
    -------
    dict
        ``n_ham``, ``n_spam``, ``auc``, ``pr_auc``, ``fpr``, ``fnr`` (at ``threshold``),
        ``fnr_at_fpr_0.1pct``, ``fnr_at_fpr_0.01pct`` (fractions, not percent),
        ``ham_allowed_0.1pct`` / ``ham_allowed_0.01pct`` (how many ham those budgets
        let through on this set), ``threshold`` and ``confusion``.  A figure that needs
        a class the set lacks is ``nan``.

    See Also
    --------
    spamkit.training.evaluate_scores : the shared part of these figures.

    Examples
    --------
    >>> m = metrics([0, 0, 0, 1, 1], [-3.0, -1.0, 0.5, 2.0, -0.5], 0.0)
    >>> m["fpr"], m["fnr"], m["confusion"]["fp"]
    (0.3333333333333333, 0.5, 1)
    """
    y_arr = np.asarray(y)
    s_arr = np.asarray(scores, dtype=float)
    result = evaluate_scores(y_arr, s_arr, threshold)
    result["pr_auc"] = pr_auc(y_arr, s_arr)
    for label, budget in (("0.1pct", 0.001), ("0.01pct", 0.0001)):
        result[f"ham_allowed_{label}"] = math.floor(budget * result["n_ham"])
    result["threshold"] = float(threshold)
    result["confusion"] = confusion(y_arr, s_arr, threshold)
    return result


def threshold_curve(
    y: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FPR and FNR at every distinct score used as the threshold (spam iff ``>=``).

    Returns
    -------
    thresholds, fpr, fnr : ndarray
        Sorted ascending; ``fpr[i]`` is the share of ham scoring ``>= thresholds[i]``,
        ``fnr[i]`` the share of spam scoring below it.

    Examples
    --------
    >>> t, fpr, fnr = threshold_curve([0, 1], [0.0, 1.0])
    >>> t.tolist(), fpr.tolist(), fnr.tolist()
    ([0.0, 1.0], [1.0, 0.0], [0.0, 0.0])
    """
    y_arr = np.asarray(y)
    s_arr = np.asarray(scores, dtype=float)
    thresholds = np.unique(s_arr)
    ham = np.sort(s_arr[y_arr == 0])
    spam = np.sort(s_arr[y_arr == 1])
    nan = np.full(len(thresholds), np.nan)
    fpr = 1.0 - np.searchsorted(ham, thresholds, side="left") / len(ham) if len(ham) else nan
    fnr = np.searchsorted(spam, thresholds, side="left") / len(spam) if len(spam) else nan
    return thresholds, fpr, fnr


# ------------------------------------------------------------- evaluations


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
        ``folds`` (each fold's :func:`metrics`, sizes and seconds), ``mean`` and ``sd``
        (sample standard deviation over folds) of the main figures, and the settings.
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
    for key in _METRIC_KEYS:
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
        ``all`` (:func:`metrics`), ``by_language`` (:func:`metrics` per language
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


# ------------------------------------------------------------------- text


def _pct(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{100 * value:.3f} %"


def _num(value: float | None, digits: int = 6) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:.{digits}f}"


def _metric_lines(m: dict[str, Any]) -> list[str]:
    c = m["confusion"]
    return [
        f"  messages     {m['n_ham']} ham, {m['n_spam']} spam",
        f"  ROC AUC      {_num(m['auc'])}",
        f"  PR AUC       {_num(m['pr_auc'])}",
        f"  threshold    {m['threshold']:g}: FPR {_pct(m['fpr'])}, FNR {_pct(m['fnr'])}",
        f"  FNR at FPR <= 0.1 %   {_pct(m['fnr_at_fpr_0.1pct'])}"
        f"  ({m['ham_allowed_0.1pct']} ham allowed)",
        f"  FNR at FPR <= 0.01 %  {_pct(m['fnr_at_fpr_0.01pct'])}"
        f"  ({m['ham_allowed_0.01pct']} ham allowed)",
        "  confusion    predicted ham  predicted spam",
        f"    ham        {c['tn']:>13}  {c['fp']:>14}",
        f"    spam       {c['fn']:>13}  {c['tp']:>14}",
    ]


def format_report(report: dict[str, Any], *, max_rules: int = 30) -> str:
    """The report as plain text for a terminal.

    Parameters
    ----------
    report : dict
        From :func:`summarize`, optionally with ``cv`` (from :func:`cross_validate`)
        and ``notes``.
    max_rules : int
        Rules listed (most frequent first); the rest are counted.

    Returns
    -------
    str
    """
    lines: list[str] = []
    for note in report.get("notes", ()):
        lines.append(f"note: {note}")
    if "cv" in report:
        cv = report["cv"]
        lines.append(
            f"{cv['k']}-fold cross-validation (stratified, grouped by template, seed {cv['seed']}),"
            " mean ± sd over folds:"
        )
        for key in _METRIC_KEYS:
            mean, sd = cv["mean"][key], cv["sd"][key]
            if key == "auc" or key == "pr_auc":
                lines.append(f"  {key:<20} {_num(mean)} ± {_num(sd)}")
            else:
                lines.append(f"  {key:<20} {_pct(mean)} ± {_pct(sd)}")
        lines.append("")
        lines.append("pooled over the held-out folds:")
    else:
        lines.append("all messages:")
    lines += _metric_lines(report["all"])
    lines.append("")
    lines.append("by language (from the decoded text):")
    lines.append("  lang    ham   spam  ROC AUC   PR AUC    FPR        FNR        FNR@FPR<=0.1%")
    for lang, m in report["by_language"].items():
        lines.append(
            f"  {lang:<5} {m['n_ham']:>5} {m['n_spam']:>6}  {_num(m['auc'], 6):<9} "
            f"{_num(m['pr_auc'], 6):<9} {_pct(m['fpr']):<10} {_pct(m['fnr']):<10} "
            f"{_pct(m['fnr_at_fpr_0.1pct'])}"
        )
    lines.append("")
    rules = report["rules"]
    fired = {name: r for name, r in rules.items() if r["ham"] or r["spam"]}
    lines.append(
        f"signals and rules that fired ({len(fired)} of {len(rules)}; messages, % of the class):"
    )
    lines.append(f"  {'name':<32} {'ham':>13} {'spam':>13}")
    for name, r in list(fired.items())[:max_rules]:
        lines.append(
            f"  {name:<32} {r['ham']:>5} {_pct(r['ham_rate']):>8}"
            f"{r['spam']:>6} {_pct(r['spam_rate']):>8}"
        )
    if len(fired) > max_rules:
        lines.append(f"  ... {len(fired) - max_rules} more in metrics.json (--report) or --json")
    lines.append("")
    t = report["timing"]
    timing = f"timing: {t['messages']} messages"
    if t.get("train_seconds"):
        timing += f", trained in {t['train_seconds']:.1f} s"
    if t["read_parse_seconds"]:
        timing += f", read+parsed in {t['read_parse_seconds']:.1f} s"
    timing += f", classified in {t['classify_seconds']:.1f} s ({t['classify_msgs_per_s']} msg/s"
    if t.get("end_to_end_msgs_per_s"):
        timing += f"; {t['end_to_end_msgs_per_s']} msg/s with reading"
    lines.append(timing + ")")
    return "\n".join(lines)


# ------------------------------------------------------------------ plots


def _figure(width: float = 6.4, height: float = 4.4) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def plot_roc(evaluation: Evaluation) -> Figure:
    """ROC curves (all messages and each language) with the FPR axis on a log scale.

    An FPR of 0 cannot sit on a log axis: it is drawn at half of one ham message,
    the left edge of the plot.  The dot marks the threshold in use.
    """
    from sklearn.metrics import roc_curve

    fig = _figure()
    ax = fig.add_subplot()
    y, s = evaluation.labels, evaluation.scores
    langs = np.array(evaluation.languages)
    n_ham = max(int(np.sum(y == 0)), 1)
    floor = 0.5 / n_ham
    curves = [("all", np.ones(len(y), dtype=bool))]
    curves += [(lang, langs == lang) for lang in LANGUAGES if np.any(langs == lang)]
    for name, mask in curves:
        if len(set(y[mask].tolist())) != 2:
            continue
        fpr, tpr, _ = roc_curve(y[mask], s[mask])
        width = 2.0 if name == "all" else 1.0
        ax.plot(np.maximum(fpr, floor), tpr, linewidth=width, label=name)
    m = metrics(y, s, evaluation.threshold)
    if math.isfinite(m["fpr"]) and math.isfinite(m["fnr"]):
        ax.plot([max(m["fpr"], floor)], [1 - m["fnr"]], "o", color="black")
        ax.annotate(
            f"threshold {evaluation.threshold:g}",
            (max(m["fpr"], floor), 1 - m["fnr"]),
            xytext=(8, -14),
            textcoords="offset points",
        )
    for budget in (0.001, 0.0001):
        if budget >= floor:
            ax.axvline(budget, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlim(floor, 1.0)
    ax.set_xlabel("false positive rate (ham called spam, log scale)")
    ax.set_ylabel("true positive rate (spam caught)")
    ax.set_title("ROC")
    ax.legend(loc="lower right")
    ax.grid(True, which="both", alpha=0.3)
    return fig


def plot_scores(evaluation: Evaluation) -> Figure:
    """Histogram of the scores of ham and of spam (log counts), with the threshold."""
    fig = _figure()
    ax = fig.add_subplot()
    s = evaluation.scores
    bins = np.linspace(float(np.min(s)), float(np.max(s)), 61) if len(s) else 10
    for label, name, color in ((0, "ham", "tab:blue"), (1, "spam", "tab:red")):
        values = s[evaluation.labels == label]
        if len(values):
            ax.hist(values, bins=bins, histtype="step", linewidth=1.5, color=color, label=name)
    ax.axvline(evaluation.threshold, color="black", linestyle="--", label="threshold")
    ax.set_yscale("log")
    ax.set_xlabel("score (log-odds + rule scores)")
    ax.set_ylabel("messages")
    ax.set_title("Scores by class")
    ax.legend()
    return fig


def plot_thresholds(evaluation: Evaluation) -> Figure:
    """FPR and FNR as the threshold moves (log scale), with the threshold in use."""
    fig = _figure()
    ax = fig.add_subplot()
    t, fpr, fnr = threshold_curve(evaluation.labels, evaluation.scores)
    n = max(len(evaluation), 1)
    # fpr[i]/fnr[i] hold for thresholds in (t[i-1], t[i]]: a "pre" step.
    ax.step(t, np.maximum(fpr, 0.5 / n), where="pre", label="FPR (ham called spam)")
    ax.step(t, np.maximum(fnr, 0.5 / n), where="pre", label="FNR (spam missed)")
    ax.axvline(evaluation.threshold, color="black", linestyle="--", label="threshold")
    for budget in (0.001, 0.0001):
        ax.axhline(budget, color="grey", linestyle=":", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_ylim(0.5 / n, 1.05)
    ax.set_xlabel("threshold (spam when score >= threshold)")
    ax.set_ylabel("error rate (log scale; 0 drawn at the bottom)")
    ax.set_title("Threshold vs error rates")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return fig


PLOTS: dict[str, tuple[str, Callable[[Evaluation], Any]]] = {
    "roc.png": ("ROC curve, log-scaled FPR", plot_roc),
    "scores.png": ("Score histogram by class", plot_scores),
    "thresholds.png": ("Threshold vs FPR/FNR", plot_thresholds),
}


# ----------------------------------------------------------------- report


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    return value


def to_json(report: dict[str, Any]) -> str:
    """``report`` as JSON (``nan`` becomes ``null``)."""
    return json.dumps(_jsonable(report), indent=2, ensure_ascii=False)


def _markdown(report: dict[str, Any], plots: list[str], missing_plots: bool) -> str:
    m = report["all"]
    c = m["confusion"]
    lines = ["# spamkit evaluation", ""]
    for note in report.get("notes", ()):
        lines += [f"> {note}", ""]
    source = report.get("data", {})
    if source:
        lines += [
            f"Ham: {', '.join(f'`{p}`' for p in source.get('ham', []))}  ",
            f"Spam: {', '.join(f'`{p}`' for p in source.get('spam', []))}  ",
            f"Model: {source.get('model', '')}",
            "",
        ]
    if "cv" in report:
        cv = report["cv"]
        lines += [
            f"## {cv['k']}-fold cross-validation (stratified, grouped by template, seed"
            f" {cv['seed']})",
            "",
            "| figure | mean | sd |",
            "| --- | ---: | ---: |",
        ]
        for key in _METRIC_KEYS:
            fmt = _num if key in ("auc", "pr_auc") else _pct
            lines.append(f"| {key} | {fmt(cv['mean'][key])} | {fmt(cv['sd'][key])} |")
        lines += ["", "The rest of this report pools the held-out folds.", ""]
    lines += [
        "## Error rates",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| messages | {m['n_ham']} ham, {m['n_spam']} spam |",
        f"| ROC AUC | {_num(m['auc'])} |",
        f"| PR AUC | {_num(m['pr_auc'])} |",
        f"| FPR at threshold {m['threshold']:g} | {_pct(m['fpr'])} |",
        f"| FNR at threshold {m['threshold']:g} | {_pct(m['fnr'])} |",
        f"| FNR at FPR ≤ 0.1 % ({m['ham_allowed_0.1pct']} ham allowed)"
        f" | {_pct(m['fnr_at_fpr_0.1pct'])} |",
        f"| FNR at FPR ≤ 0.01 % ({m['ham_allowed_0.01pct']} ham allowed)"
        f" | {_pct(m['fnr_at_fpr_0.01pct'])} |",
        "",
        "Confusion matrix (spam when score ≥ threshold):",
        "",
        "| | predicted ham | predicted spam |",
        "| --- | ---: | ---: |",
        f"| ham | {c['tn']} | {c['fp']} |",
        f"| spam | {c['fn']} | {c['tp']} |",
        "",
        "## By language",
        "",
        "| language | ham | spam | ROC AUC | PR AUC | FPR | FNR | FNR at FPR ≤ 0.1 % |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lang, lm in report["by_language"].items():
        lines.append(
            f"| {lang} | {lm['n_ham']} | {lm['n_spam']} | {_num(lm['auc'])} | "
            f"{_num(lm['pr_auc'])} | {_pct(lm['fpr'])} | {_pct(lm['fnr'])} | "
            f"{_pct(lm['fnr_at_fpr_0.1pct'])} |"
        )
    lines += ["", "## Plots", ""]
    if missing_plots:
        lines += [f"No plots: {PLOT_HINT}.", ""]
    for name in plots:
        lines += [f"![{PLOTS[name][0]}]({name})", ""]
    lines += [
        "## Signals and rules",
        "",
        "How often each fires (messages, share of the class); names that never fired are"
        " in `metrics.json`.",
        "",
        "| name | ham | ham % | spam | spam % |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in report["rules"].items():
        if r["ham"] or r["spam"]:
            lines.append(
                f"| {name} | {r['ham']} | {_pct(r['ham_rate'])} | {r['spam']} |"
                f" {_pct(r['spam_rate'])} |"
            )
    t = report["timing"]
    lines += ["", "## Timing", "", "| step | value |", "| --- | ---: |"]
    for key, value in t.items():
        lines.append(f"| {key.replace('_', ' ')} | {value} |")
    return "\n".join(lines) + "\n"


def write_report(
    report: dict[str, Any], evaluation: Evaluation, directory: str | Path
) -> dict[str, Any]:
    """Write ``metrics.json``, the PNG plots and ``report.md`` into ``directory``.

    Parameters
    ----------
    report : dict
        From :func:`summarize` (plus ``cv``, ``notes``, ``data`` when known).
    evaluation : Evaluation
        The rows the plots are drawn from.
    directory : path
        Created if needed; files in it are replaced.

    Returns
    -------
    dict
        ``files`` (paths written) and ``plots`` (``True``, or :data:`PLOT_HINT` when
        matplotlib is not installed: metrics and report are written all the same).
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    plots: list[str] = []
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        missing = True
    else:
        missing = False
        for name, (_, draw) in PLOTS.items():
            figure = draw(evaluation)
            figure.savefig(target / name, dpi=110)
            written.append(target / name)
            plots.append(name)
    (target / "metrics.json").write_text(to_json(report) + "\n", encoding="utf-8")
    written.append(target / "metrics.json")
    (target / "report.md").write_text(_markdown(report, plots, missing), encoding="utf-8")
    written.append(target / "report.md")
    return {"files": written, "plots": PLOT_HINT if missing else True}
