"""``spamkit classify FILE|-``: the verdict on one or more messages, with its reasons."""

from __future__ import annotations

import argparse
import json
import re
import sys

from ..classifier import NOT_JUDGED_BY_TEXT, Verdict
from ..explain import format_explanation
from ._common import add_options, classifier_from, read_message

#: A line that starts a message in an mbox ("From sender date").
_MBOX_FROM = re.compile(rb"^From [^\s]+ ", re.MULTILINE)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "classify",
        help="classify messages and say why",
        description=(
            "Classify each message file (or - for standard input): label, probability,"
            " score and the strongest reasons.  The probability is at least 0.5 exactly"
            " when the label is spam at the model's own threshold; with --threshold the"
            " output also says from which probability spam begins.  Input that is not one"
            " message (an mbox, binary data, text without a header block, nothing) is"
            " named on stderr and exits 1; use `spamkit score` for archives."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="message file, or - for stdin")
    add_options(p, "model", "threshold", "rules")
    p.add_argument("--json", action="store_true", help="one JSON object per message")
    p.add_argument(
        "--explain",
        action="store_true",
        help="every reason, one line each, adding up to the score",
    )
    p.set_defaults(run=run)


def _mbox_messages(data: bytes) -> int:
    """How many messages ``data`` holds if it is an mbox of more than one; else 0."""
    if not data.startswith(b"From "):
        return 0
    count = len(_MBOX_FROM.findall(data))
    return count if count > 1 else 0


def _line(path: str, verdict: Verdict) -> str:
    top = ", ".join(r.name for r in [r for r in verdict.reasons if r.score][:5])
    probability = f"{verdict.probability:.3f}"
    if verdict.threshold:
        probability += f" (spam from {verdict.threshold_probability:.3f})"
    return f"{path}\t{verdict.label}\t{probability}\t{verdict.score:.2f}\t{top}"


def run(args: argparse.Namespace) -> int:
    classifier = classifier_from(args)
    status = 0
    for path in args.files:
        data = read_message(path)
        messages = _mbox_messages(data)
        if messages:
            print(
                f"spamkit classify: {path}: an mbox of {messages} messages, not one message;"
                f" score it with `spamkit score {path}`",
                file=sys.stderr,
            )
            status = 1
            continue
        verdict = classifier.classify(data)
        broken = [r.name for r in verdict.reasons if r.name in NOT_JUDGED_BY_TEXT]
        if broken:
            print(
                f"spamkit classify: {path}: not a mail message ({', '.join(broken)}): the"
                " verdict is the model's prior and the rules alone",
                file=sys.stderr,
            )
            status = 1
        if args.json:
            print(json.dumps({"file": path, **verdict.to_dict()}, ensure_ascii=False))
        elif args.explain:
            print(f"{path}:\n{format_explanation(verdict)}\n")
        else:
            print(_line(path, verdict))
    sys.stdout.flush()
    return status
