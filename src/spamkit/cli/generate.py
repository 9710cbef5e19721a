"""``spamkit generate {business,conversational,hard-negatives}``: write generated mail."""

from __future__ import annotations

import argparse

from ..errors import SpamkitError

SETS = ("business", "conversational", "hard-negatives")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "generate",
        help="write generated mail (business ham, conversational attacks, hard negatives)",
        description="Writes DIR/<kind>/<00001>.eml and DIR/index.tsv (file, label, kind, "
        "language, charset, families). Same seed, same messages. Train on the kind folders "
        "(--ham DIR/*/), not on DIR itself, which also holds index.tsv.",
    )
    p.add_argument("set", choices=SETS, help="which generator")
    p.add_argument("--count", type=int, required=True, metavar="N", help="number of messages")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="empty or new directory")
    p.add_argument(
        "--kinds", nargs="+", metavar="KIND", help="only these kinds (business, hard-negatives)"
    )
    p.add_argument(
        "--exclude-kinds",
        nargs="+",
        default=[],
        metavar="KIND",
        help="leave these kinds out; 'heldout' stands for the held-out business kinds",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..synthetic import business, conversational, write_mails

    if args.count < 0:
        raise SpamkitError("--count must be >= 0")
    exclude = []
    for name in args.exclude_kinds:
        exclude.extend(sorted(business.HELDOUT_KINDS) if name == "heldout" else [name])
    if args.set == "business":
        try:
            mails = business.generate(
                args.count, seed=args.seed, kinds=args.kinds, exclude_kinds=exclude
            )
        except ValueError as exc:
            raise SpamkitError(str(exc)) from exc
    elif args.set == "conversational":
        if args.kinds or exclude:
            raise SpamkitError("--kinds/--exclude-kinds apply to business and hard-negatives only")
        mails = conversational.generate(args.count, seed=args.seed)
    else:
        known = conversational.HARD_NEGATIVE_KINDS
        unknown = [k for k in exclude if k not in known]
        kinds = [k for k in (args.kinds or known) if k not in exclude]
        try:
            if unknown:
                raise ValueError(f"unknown kind(s): {', '.join(unknown)}")
            mails = conversational.hard_negatives(args.count, seed=args.seed, kinds=kinds)
        except ValueError as exc:
            raise SpamkitError(str(exc)) from exc
    try:
        index = write_mails(mails, args.output)
    except FileExistsError as exc:
        raise SpamkitError(str(exc)) from exc
    print(f"wrote {len(mails)} messages to {args.output} (index: {index})")
    return 0
