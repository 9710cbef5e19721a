"""``spamkit classify FILE|-``: the verdict on one or more messages, with its reasons."""

from __future__ import annotations

import argparse
import json
import sys

from ..classifier import Verdict
from ._common import add_options, classifier_from, read_message


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classify", help="classify messages and say why")
    p.add_argument("files", nargs="+", metavar="FILE", help="message file, or - for stdin")
    add_options(p, "model", "threshold", "rules")
    p.add_argument("--json", action="store_true", help="one JSON object per message")
    p.add_argument(
        "--explain", action="store_true", help="a SpamAssassin-style report of every reason"
    )
    p.set_defaults(run=run)


def format_report(verdict: Verdict) -> str:
    """SpamAssassin-style: points, rule name, description, one line each."""
    lines = [
        f"Content analysis: {verdict.label} (score {verdict.score:.2f},"
        f" required {verdict.threshold:.2f}, probability {verdict.probability:.3f})",
        " pts rule name              description",
        "---- ---------------------- " + "-" * 40,
    ]
    for reason in verdict.reasons:
        detail = reason.description
        if reason.evidence:
            detail += f" [{reason.evidence}]"
        lines.append(f"{reason.score:4.1f} {reason.name[:22]:<22} {detail}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    classifier = classifier_from(args)
    spam = False
    for path in args.files:
        verdict = classifier.classify(read_message(path))
        spam |= verdict.is_spam
        if args.json:
            print(json.dumps({"file": path, **verdict.to_dict()}, ensure_ascii=False))
        elif args.explain:
            print(f"{path}:\n{format_report(verdict)}\n")
        else:
            top = ", ".join(r.name for r in verdict.reasons[:5])
            print(f"{path}\t{verdict.label}\t{verdict.probability:.3f}\t{verdict.score:.2f}\t{top}")
    sys.stdout.flush()
    return 0
