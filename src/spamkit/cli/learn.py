"""``spamkit learn --spam|--ham FILE... --model MODEL``: train on error, message by message."""

from __future__ import annotations

import argparse
import sys

from ..archives import iter_messages
from ..errors import SpamkitError
from ..message import parse
from ..model import load_model, save_model
from ._common import add_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "learn",
        help="correct a model with a few messages (train on error)",
        description=(
            "Teach MODEL that the given messages are spam or ham, until it classifies each"
            " of them so (bounded).  Unrelated verdicts barely move: the update stays close"
            " to the model's weights.  A message held by hand-set rule points cannot be"
            " corrected by learning; the command says which."
        ),
    )
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--spam", action="store_true", help="the files are spam")
    kind.add_argument("--ham", action="store_true", help="the files are ham")
    p.add_argument("files", nargs="+", metavar="FILE", help="messages or archives")
    add_options(p, "model", model={"required": True, "help": "model directory to update in place"})
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..features import featurize
    from ..pipeline import learn_messages  # scikit-learn only for this command

    model = load_model(args.model)
    mails = []
    for path in args.files:
        for item in iter_messages(path, subfolders=False):  # not the Maildir's .Junk
            if item.data is None:
                raise SpamkitError(f"{item.source}: {item.error}")
            mails.append(parse(item.data))
    if not mails:
        raise SpamkitError("no messages found in " + ", ".join(args.files))
    label = 1 if args.spam else 0
    still_wrong = learn_messages(model, featurize(mails), [label] * len(mails))
    save_model(model, args.model)
    what = "spam" if label else "ham"
    print(f"learned {len(mails)} {what} into {args.model}")
    if still_wrong:
        print(
            f"spamkit learn: {still_wrong} message(s) still not {what}: hand-set rule points"
            " hold them; see `spamkit classify --explain` and re-weight or disable the rule"
            " in a rules file (--rules)",
            file=sys.stderr,
        )
    return 0
