"""Write an evaluation down: a terminal report, JSON, Markdown, and three plots.

:func:`format_report` turns the figures of :func:`spamkit.evaluation.summarize` (with
``cv`` from :func:`spamkit.evaluation.cross_validate`, ``warnings``, ``notes`` and
``data`` when known) into text for a terminal, :func:`to_json` into JSON, and
:func:`write_report` into ``metrics.json``, ``report.md`` and the PNG plots
(:func:`plot_roc`, :func:`plot_scores`, :func:`plot_thresholds`).  Plotting needs
matplotlib (``pip install spamkit[plot]``); it draws on
:class:`matplotlib.figure.Figure` objects with the Agg canvas and never touches
pyplot's global state.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .evaluation import LANGUAGES, Evaluation
from .metrics import METRIC_KEYS, metrics, threshold_curve

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "PLOTS",
    "PLOT_HINT",
    "format_report",
    "plot_roc",
    "plot_scores",
    "plot_thresholds",
    "to_json",
    "write_report",
]

#: Printed wherever a plot was asked for and matplotlib is missing.
PLOT_HINT = "plots need matplotlib: pip install spamkit[plot]"


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
        From :func:`~spamkit.evaluation.summarize`, optionally with ``cv`` (from
        :func:`~spamkit.evaluation.cross_validate`), ``warnings`` and ``notes``.
    max_rules : int
        Rules listed (most frequent first); the rest are counted.

    Returns
    -------
    str
    """
    lines: list[str] = []
    for warning in report.get("warnings", ()):
        lines.append(f"WARNING: {warning}")
    for note in report.get("notes", ()):
        lines.append(f"note: {note}")
    if "cv" in report:
        cv = report["cv"]
        lines.append(
            f"{cv['k']}-fold cross-validation (stratified, grouped by template, seed {cv['seed']}),"
            " mean ± sd over folds:"
        )
        for key in METRIC_KEYS:
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
    bins: int | list[float] = (
        np.linspace(float(np.min(s)), float(np.max(s)), 61).tolist() if len(s) else 10
    )
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
    for warning in report.get("warnings", ()):
        lines += [f"> **WARNING:** {warning}", ""]
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
        for key in METRIC_KEYS:
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
        From :func:`~spamkit.evaluation.summarize` (plus ``cv``, ``notes``, ``data`` when known).
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
