"""Error figures of a set of scores: AUC, FPR/FNR at a threshold, FNR at a fixed FPR.

Every function takes labels (1 = spam, 0 = ham) and scores (higher = spammier: in
spamkit, ``Verdict.score``) and judges them by the one label rule,
:func:`spamkit.classifier.is_spam_score` (spam when ``score >= threshold``).  Training
uses them to pick and report its threshold (:func:`threshold_for_fpr`,
:func:`evaluate_scores`), :mod:`spamkit.evaluation` for its runs and
:mod:`spamkit.report` for its tables and plots.

"FNR at FPR <= x" follows the peers harness (``benchmarks/compare_peers.py``): the
lowest FNR over thresholds that leave at most ``floor(x * n_ham)`` ham above them, so
under 1000 ham "<= 0.1 %" means no ham at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .classifier import is_spam_score

__all__ = [
    "METRIC_KEYS",
    "TARGET_FPR",
    "confusion",
    "evaluate_scores",
    "fnr_at_fpr",
    "metrics",
    "pr_auc",
    "roc_auc",
    "threshold_curve",
    "threshold_for_fpr",
]

#: The figures that :func:`metrics` gives and that cross-validation averages over folds.
METRIC_KEYS = (
    "auc",
    "pr_auc",
    "fpr",
    "fnr",
    "fnr_at_fpr_0.1pct",
    "fnr_at_fpr_0.01pct",
)


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the ROC curve; ``nan`` unless both classes are present."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s)) if len(set(y.tolist())) == 2 else float("nan")


def fnr_at_fpr(y: np.ndarray, s: np.ndarray, max_fpr: float) -> tuple[float, float]:
    """Lowest FNR over thresholds whose FPR is at most ``max_fpr``; and that threshold.

    As in the peers harness: a message is spam when its score is strictly above the
    threshold, and the threshold is placed on a ham score.
    """
    ham = np.sort(s[y == 0])[::-1]
    spam = s[y == 1]
    if len(ham) == 0 or len(spam) == 0:
        return float("nan"), float("nan")
    allowed = int(np.floor(max_fpr * len(ham)))  # ham allowed above the threshold
    threshold = ham[allowed] if allowed < len(ham) else -np.inf
    fnr = float(np.mean(spam <= threshold))
    return fnr, float(threshold)


def evaluate_scores(
    y: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, threshold: float
) -> dict[str, Any]:
    """AUC, FPR/FNR at ``threshold`` and FNR at FPR <= 0.1 % / 0.01 % for one score set."""
    y_arr = np.asarray(y)
    s_arr = np.asarray(scores, dtype=float)
    n_ham = int(np.sum(y_arr == 0))
    n_spam = int(np.sum(y_arr == 1))
    predicted = is_spam_score(s_arr, threshold)
    result: dict[str, Any] = {
        "n_ham": n_ham,
        "n_spam": n_spam,
        "auc": roc_auc(y_arr, s_arr),
        "fpr": float(np.mean(predicted[y_arr == 0])) if n_ham else float("nan"),
        "fnr": float(np.mean(~predicted[y_arr == 1])) if n_spam else float("nan"),
    }
    for label, max_fpr in (("0.1pct", 0.001), ("0.01pct", 0.0001)):
        result[f"fnr_at_fpr_{label}"] = fnr_at_fpr(y_arr, s_arr, max_fpr)[0]
    return result


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
    evaluate_scores : the part of these figures that training reports.

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


#: The default threshold is placed where this share of held-out ham scores above it.
#: A spam filter's users forgive a missed spam far more easily than a lost mail.
TARGET_FPR = 0.001


def threshold_for_fpr(y: np.ndarray, scores: np.ndarray, target: float = TARGET_FPR) -> float:
    """The lowest score threshold (spam when ``score >= threshold``) with ham FPR <= ``target``.

    Never below 0 (even odds): a model with room to spare keeps its natural threshold.
    """
    _, ham_cut = fnr_at_fpr(y, scores, target)
    if not np.isfinite(ham_cut):
        return 0.0
    return max(0.0, float(np.nextafter(ham_cut, np.inf)))
