"""``spamkit learn --spam|--ham FILE... --model MODEL``: incremental train-on-error."""

from __future__ import annotations

import argparse

from ..archives import iter_messages
from ..errors import SpamkitError
from ..message import parse
from ..model import load_model, save_model
from ._common import add_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("learn", help="update a model with a few messages (train on error)")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--spam", action="store_true", help="the files are spam")
    kind.add_argument("--ham", action="store_true", help="the files are ham")
    p.add_argument("files", nargs="+", metavar="FILE", help="messages or archives")
    add_options(p, "model", model={"required": True, "help": "model directory to update in place"})
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..pipeline import update_model  # scikit-learn only for this command

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
    update_model(model, mails, [label] * len(mails))
    save_model(model, args.model)
    print(f"learned {len(mails)} {'spam' if label else 'ham'} into {args.model}")
    return 0
