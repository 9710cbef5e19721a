"""``spamkit evaluate``: error rates of a model on labelled archives (:mod:`spamkit.evaluation`)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import SpamkitError
from ..model import ALGORITHMS
from ..provenance import training_overlap
from ._common import add_options, classifier_from, labelled_corpus

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``evaluate`` on the ``spamkit`` sub-command parser."""
    parser = subparsers.add_parser(
        "evaluate",
        help="measure a model on labelled ham and spam archives",
        description=(
            "Print ROC and PR AUC, FPR/FNR at the model's threshold, FNR at FPR <= 0.1 % and"
            " 0.01 %, the confusion matrix, a breakdown by language and by signal/rule, and"
            " timing. PATH is any archive `spamkit score` reads (folder, mbox, Maildir, MH)."
        ),
    )
    parser.add_argument("--ham", nargs="+", required=True, metavar="PATH", help="ham archives")
    parser.add_argument("--spam", nargs="+", required=True, metavar="PATH", help="spam archives")
    how = parser.add_mutually_exclusive_group()
    add_options(how, "model")
    how.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help="train and test in K stratified folds grouped by template (mean ± sd)",
    )
    add_options(parser, "threshold", "rules")
    parser.add_argument("--seed", type=int, default=1, help="seed of the folds (default 1)")
    parser.add_argument(
        "--algorithm", choices=ALGORITHMS, default="logreg", help="with --cv: what to train"
    )
    parser.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        metavar="FRAC",
        help="with --cv: train each fold like `spamkit train --holdout FRAC`",
    )
    parser.add_argument(
        "--report", metavar="DIR", help="write metrics.json, report.md and PNG plots here"
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    add_options(parser, "quiet")
    parser.set_defaults(run=run)
    return parser


def _in_training_data(meta: dict[str, Any], paths: list[str]) -> list[str]:
    """The given paths that lie inside (or hold) a folder the model was trained on."""
    sources = (meta.get("training") or {}).get("sources") or {}
    trained = [
        tuple(part for part in Path(src).parts if part not in (".", ".."))
        for src in [*sources.get("ham", []), *sources.get("spam", [])]
    ]
    overlap = []
    for path in paths:
        parts = Path(path).resolve().parts
        for src in trained:
            if not src:
                continue
            inside = any(parts[i : i + len(src)] == src for i in range(len(parts)))
            holds = any(src[: len(parts) - i] == parts[i:] for i in range(1, len(parts) - 1))
            if inside or holds:
                overlap.append(path)
                break
    return overlap


def run(args: argparse.Namespace) -> int:
    """Evaluate and print; 0 on success (spamkit's errors exit 2 through ``main``)."""
    from .. import evaluation as ev
    from .. import report as rp
    from ._common import progress

    if args.cv is not None and args.cv < 2:
        raise SpamkitError("--cv needs at least 2 folds")
    started = time.perf_counter()
    corpus = labelled_corpus(args, "evaluate")
    read_s = time.perf_counter() - started

    def bar(it: Any) -> Any:
        return progress(it, desc="classifying", quiet=args.quiet)

    notes: list[str] = []
    warnings: list[str] = []
    training_seen: dict[str, Any] | None = None
    cv = None
    if args.cv is not None:
        try:
            cv, result = ev.cross_validate(
                corpus,
                args.cv,
                seed=args.seed,
                algorithm=args.algorithm,
                holdout=args.holdout,
                threshold=args.threshold,
                rules=args.rules,
                progress=bar,
            )
        except ValueError as exc:
            raise SpamkitError(str(exc)) from exc
        model_desc = f"{args.algorithm} trained per fold"
    else:
        classifier = classifier_from(args)
        seen = training_overlap(classifier.model.meta, corpus.labels, corpus.sources)
        overlap = _in_training_data(classifier.model.meta, [*args.ham, *args.spam])
        if seen.overlaps:
            warnings.append(f"{seen.note()} (use --cv K to measure on unseen mail)")
        elif overlap:
            notes.append(
                f"{', '.join(dict.fromkeys(overlap))} overlaps the model's training data:"
                " these figures are not held out (use --cv K to measure on unseen mail)"
            )
        training_seen = dataclasses.asdict(seen)
        result = ev.evaluate(
            classifier, corpus.mails, corpus.labels, sources=corpus.sources, progress=bar
        )
        model_desc = args.model or "shipped default model"
    result.read_seconds = read_s
    report = ev.summarize(result)
    if cv is not None:
        report["cv"] = cv
    report["notes"] = notes
    report["warnings"] = warnings
    report["data"] = {"ham": args.ham, "spam": args.spam, "model": model_desc}
    report["unreadable"] = [{"source": s, "error": e} for s, e in corpus.errors]
    if training_seen is not None:
        report["training_overlap"] = training_seen
    for warning in warnings:
        print(f"spamkit evaluate: WARNING: {warning}", file=sys.stderr)
    for note in notes:
        print(f"spamkit evaluate: note: {note}", file=sys.stderr)
    if args.report:
        written = rp.write_report(report, result, args.report)
        if written["plots"] is not True:
            print(f"spamkit evaluate: {written['plots']}", file=sys.stderr)
        print(f"spamkit evaluate: wrote {Path(args.report) / 'report.md'}", file=sys.stderr)
    if args.json:
        print(rp.to_json(report))
    else:
        print(rp.format_report(report))
    return 0
