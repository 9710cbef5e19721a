"""``spamkit train``: train a model from ham and spam archives and save it with its card."""

from __future__ import annotations

import argparse
import sys

from ..errors import SpamkitError
from ..model import ALGORITHMS, save_model
from ..training import load_corpus, train
from ._common import progress


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train a model from ham and spam archives")
    p.add_argument("--ham", nargs="+", required=True, metavar="PATH", help="ham archives")
    p.add_argument("--spam", nargs="+", required=True, metavar="PATH", help="spam archives")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="model directory")
    p.add_argument("--algorithm", choices=ALGORITHMS, default="logreg")
    p.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        metavar="FRAC",
        help="first measure on a grouped held-out split of this size (e.g. 0.3)",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the held-out split")
    p.add_argument("--card", action="store_true", help="also write CARD.md beside the model")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..card import write_card

    corpus = load_corpus(
        args.ham,
        args.spam,
        progress=lambda it: progress(
            it, desc="reading", quiet=args.quiet, inputs=[*args.ham, *args.spam]
        ),
    )
    for source, error in corpus.errors:
        print(f"spamkit train: skipped {source}: {error}", file=sys.stderr)
    n_spam = sum(corpus.labels)
    n_ham = len(corpus.labels) - n_spam
    if not n_ham or not n_spam:
        raise SpamkitError(f"need both ham and spam to train; found {n_ham} ham, {n_spam} spam")
    model = train(corpus, algorithm=args.algorithm, holdout=args.holdout, seed=args.seed)
    model.meta["training"]["sources"] = {"ham": args.ham, "spam": args.spam}
    path = save_model(model, args.output)
    if args.card:
        write_card(model, path / "CARD.md")
    print(f"trained on {n_ham} ham and {n_spam} spam; saved to {path}")
    return 0
