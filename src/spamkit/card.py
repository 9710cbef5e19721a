"""Write a model card (data, counts, date, held-out metrics) beside a saved model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import SpamModel


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


def render_card(model: SpamModel) -> str:
    """The card as Markdown, from the model's metadata."""
    meta = model.meta
    training = meta.get("training", {})
    lines = [
        "# spamkit model card",
        "",
        f"- **Saved**: {meta.get('saved', 'unknown')}",
        f"- **Algorithm**: {meta.get('algorithm')} over hashed tokens"
        f" ({meta.get('n_features')} features); threshold {meta.get('threshold', 0.0):.3f}",
        f"- **Versions**: {', '.join(f'{k} {v}' for k, v in meta.get('versions', {}).items())}",
        f"- **Training data**: {training.get('messages')} messages"
        f" ({training.get('ham')} ham, {training.get('spam')} spam);"
        f" weighting: {training.get('weighting')}; unreadable: {training.get('unreadable')}",
    ]
    for kind, paths in training.get("sources", {}).items():
        lines.append(f"  - {kind}: {', '.join(paths)}")
    if training.get("corpus_sha256"):
        lines.append(
            f"- **Corpus fingerprint**: sha256 {training['corpus_sha256']}"
            " (over the sorted label and file name of every message)"
        )
    by_language = training.get("by_language", {})
    if by_language:
        lines.append(
            "- **By language**: "
            + "; ".join(
                f"{lang}: {c['ham']} ham / {c['spam']} spam" for lang, c in by_language.items()
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
            f" {holdout['n_test']} ({split['test_fraction']:.0%}, seed {split['seed']}, split"
            f" grouped by {split['grouped_by']} so that campaign copies never straddle it)."
            " The shipped model was then retrained on everything."
            f" Threshold {holdout.get('threshold', 0.0):.3f}"
            f" ({holdout.get('threshold_rule', 'log-odds 0')}).",
            "",
            *_metrics_rows(holdout),
        ]
    return "\n".join(lines) + "\n"


def write_card(model: SpamModel, path: str | Path) -> Path:
    target = Path(path)
    target.write_text(render_card(model), encoding="utf-8")
    return target
