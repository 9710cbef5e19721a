"""Write a model card (data, counts, date, held-out metrics, learned weights) beside a model."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .model import NEUTRAL_SCORE, SpamModel

__all__ = ["render_card", "write_card"]


def _pct(value: Any) -> str:
    return "n/a" if value is None or value != value else f"{100 * value:.2f} %"


def _metrics_rows(holdout: dict[str, Any]) -> list[str]:
    rows = [
        "| subset | ham | spam | AUC | FPR @ threshold | FNR @ threshold"
        " | FNR @ FPR ≤ 0.1 % | FNR @ FPR ≤ 0.01 % |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("all", "en", "ja"):
        m = holdout.get(name)
        if not m:
            continue
        rows.append(
            f"| {name} | {m['n_ham']} | {m['n_spam']} | {m['auc']:.6f} | {_pct(m['fpr'])}"
            f" | {_pct(m['fnr'])} | {_pct(m['fnr_at_fpr_0.1pct'])}"
            f" | {_pct(m['fnr_at_fpr_0.01pct'])} |"
        )
    return rows


def _folder_rows(by_folder: dict[str, Any]) -> list[str]:
    """Each test folder: spam folders against all the test ham, ham folders by their FPR."""
    if not by_folder:
        return []
    rows = [
        "",
        "By folder (a spam folder against all the test ham; a ham folder by its false positives):",
        "",
        "| folder | messages | AUC | FNR @ threshold | FNR @ FPR ≤ 0.1 % | FPR @ threshold |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in by_folder.items():
        if "n_ham" in m:
            rows.append(f"| {name} | {m['n_ham']} ham | | | | {_pct(m['fpr'])} |")
        else:
            rows.append(
                f"| {name} | {m['n_spam']} spam | {m['auc']:.6f} | {_pct(m['fnr'])}"
                f" | {_pct(m['fnr_at_fpr_0.1pct'])} | |"
            )
    return rows


def _generated_lines(training: dict[str, Any]) -> list[str]:
    """What part of the training data was generated, and how much it weighed."""
    count = training.get("generated", 0)
    if not count:
        return ["- **Generated data**: none"]
    sets = training.get("generated_sets", {})
    listed = ", ".join(f"{name} {n}" for name, n in sets.get("sets", {}).items())
    excluded = sets.get("exclude") or []
    return [
        f"- **Generated data**: {count} of the {training.get('messages')} messages were made by"
        f" `spamkit.synthetic` (seed {sets.get('seed')}; {listed}"
        + (f"; left out: {', '.join(excluded)}" if excluded else "")
        + f"), each weighing {training.get('generated_weight', 1.0)} times a read message of its"
        f" language and class: {_pct(training.get('generated_share_of_ham_weight'))} of all ham"
        " weight.  No generated message is in the held-out figures below.",
    ]


def _combiner_lines(model: SpamModel) -> list[str]:
    combiner = model.combiner_
    operating = model.meta.get("operating_point", {})
    lines = [
        "",
        "## How a score is made",
        "",
        f"score = {combiner.intercept:+.3f} (intercept, operating point"
        f" {operating.get('threshold', 0.0):.3f} folded in)"
        f" + {combiner.text_scale:.3f} × min(1, words / {combiner.reliability_words}) ×"
        " text log-odds + the learned weight of each signal that fired + the hand-set points"
        " of the rules and signals that fired.  Spam at score ≥ 0 (probability ≥ 0.5).",
        f"With fewer than {combiner.reliability_words} words the intercept moves by the same"
        f" share towards a neutral {NEUTRAL_SCORE} (no words: probability"
        f" {1 / (1 + math.exp(-NEUTRAL_SCORE)):.2f}, ham unless a rule or signal says otherwise).",
    ]
    if operating.get("rule"):
        lines.append(f"Operating point: {operating['rule']}.")
    weights = combiner.signal_weights
    if weights:
        lines += [
            "",
            "Learned signal weights (sign fixed by meaning; 0 = the data did not support it):",
            "",
            "| signal | meaning | learned weight |",
            "| --- | --- | ---: |",
        ]
        for name in sorted(weights, key=lambda n: (-abs(weights[n]), n)):
            meaning = combiner.signal_meaning.get(name, "spam")
            lines.append(f"| {name} | {meaning} | {weights[name]:+.3f} |")
    return lines


def render_card(model: SpamModel) -> str:
    """The card as Markdown, from the model's metadata."""
    meta = model.meta
    training = meta.get("training", {})
    lines = [
        "# spamkit model card",
        "",
        f"- **Saved**: {meta.get('saved', 'unknown')}",
        f"- **Algorithm**: {meta.get('algorithm')} over hashed tokens"
        f" ({meta.get('n_features')} features) plus a sign-constrained second stage for"
        " the signals",
        f"- **Versions**: {', '.join(f'{k} {v}' for k, v in meta.get('versions', {}).items())}",
        f"- **Training data**: {training.get('messages')} messages"
        f" ({training.get('ham')} ham, {training.get('spam')} spam);"
        f" weighting: {training.get('weighting')}; unreadable: {training.get('unreadable')}",
    ]
    for kind, paths in training.get("sources", {}).items():
        lines.append(f"  - {kind}: {', '.join(paths) or '(none)'}")
    lines += _generated_lines(training)
    if training.get("corpus_sha256"):
        lines.append(
            f"- **Corpus fingerprint**: sha256 {training['corpus_sha256']}"
            " (over the sorted label and file name of every message read from files)"
        )
    by_language = training.get("by_language", {})
    if by_language:
        lines.append(
            "- **By language**: "
            + "; ".join(
                f"{lang}: {c['ham']} ham ({c.get('generated ham', 0)} generated) / {c['spam']} spam"
                for lang, c in by_language.items()
            )
        )
    holdout = meta.get("holdout")
    if holdout:
        split = holdout["split"]
        lines += [
            "",
            "## Held-out evaluation",
            "",
            f"A separate model was trained on {holdout['n_train']} messages and tested on"
            f" {holdout['n_test']} read messages ({split['test_fraction']:.0%} of them, seed"
            f" {split['seed']}, split grouped by {split['grouped_by']} so that campaign copies"
            " never straddle it). The shipped model was then retrained on everything."
            f" Threshold {holdout.get('threshold', 0.0):.3f} ({holdout.get('threshold_rule')}).",
            "",
            *_metrics_rows(holdout),
            *_folder_rows(holdout.get("by_folder") or {}),
        ]
    lines += _combiner_lines(model)
    extra = meta.get("card_sections")
    if isinstance(extra, list):
        for section in extra:
            if isinstance(section, str):
                lines += ["", section.rstrip()]
    return "\n".join(lines) + "\n"


def write_card(model: SpamModel, path: str | Path) -> Path:
    """Write :func:`render_card` of ``model`` to ``path``."""
    target = Path(path)
    target.write_text(render_card(model), encoding="utf-8")
    return target
