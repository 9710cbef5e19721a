"""``spamkit train``: train a model (or adapt one to a site's mail) and save it with its card."""

from __future__ import annotations

import argparse
import sys

from ..errors import SpamkitError
from ..model import ALGORITHMS, save_model
from ..training import GENERATED_SETS, add_generated, train
from ._common import add_options, labelled_corpus


def _generated(text: str) -> dict[str, int]:
    """``business=2400,conversational=600`` -> {"business": 2400, "conversational": 600}."""
    counts: dict[str, int] = {}
    for part in filter(None, text.split(",")):
        name, _, count = part.partition("=")
        if name not in GENERATED_SETS or not count.isdigit():
            raise argparse.ArgumentTypeError(
                f"{part!r}: expected SET=COUNT with SET one of {', '.join(GENERATED_SETS)}"
            )
        counts[name] = int(count)
    return counts


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="train a model from ham and spam archives, or adapt one to a site's mail",
        description=(
            "Train a model from --ham and --spam archives (folders, mbox, Maildir, MH), "
            "optionally with generated mail (--generated).  With --base MODEL, adapt that "
            "model to a site's own mail instead: --ham alone is enough to remove false "
            "positives."
        ),
    )
    p.add_argument("--ham", nargs="+", default=[], metavar="PATH", help="ham archives")
    p.add_argument("--spam", nargs="+", default=[], metavar="PATH", help="spam archives")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="model directory")
    p.add_argument(
        "--base",
        metavar="MODEL",
        help="adapt this model (a directory, or 'default' for the shipped one) to the"
        " given mail instead of training from scratch",
    )
    p.add_argument("--algorithm", choices=ALGORITHMS, default="logreg")
    p.add_argument(
        "--generated",
        type=_generated,
        default={},
        metavar="SET=N,...",
        help="also train on generated mail (spamkit.synthetic): "
        + ", ".join(GENERATED_SETS)
        + ", e.g. business=2400,hard-negatives=400",
    )
    p.add_argument("--generated-seed", type=int, default=1, help="seed of the generators")
    p.add_argument(
        "--generated-weight",
        type=float,
        default=1.0,
        help="weight of a generated message against a read one of its language and class",
    )
    p.add_argument(
        "--exclude-generated",
        nargs="+",
        default=[],
        metavar="KIND",
        help="business kinds to leave out, or 'heldout' for every held-out kind and family",
    )
    p.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        metavar="FRAC",
        help="first measure on a grouped held-out split of this size (e.g. 0.3)",
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the held-out split")
    p.add_argument("--card", action="store_true", help="also write CARD.md beside the model")
    add_options(p, "quiet")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..card import write_card

    if args.base:
        return _adapt(args)
    corpus = labelled_corpus(args, "train", need_both=not args.generated)
    if args.generated:
        add_generated(
            corpus, args.generated, seed=args.generated_seed, exclude=args.exclude_generated
        )
    n_spam = sum(corpus.labels)
    n_ham = len(corpus.labels) - n_spam
    if not n_ham or not n_spam:
        raise SpamkitError(f"need both ham and spam; found {n_ham} ham, {n_spam} spam")
    model = train(
        corpus,
        algorithm=args.algorithm,
        holdout=args.holdout,
        seed=args.seed,
        generated_weight=args.generated_weight,
    )
    model.meta["training"]["sources"] = {"ham": args.ham, "spam": args.spam}
    path = save_model(model, args.output)
    if args.card:
        write_card(model, path / "CARD.md")
    made = int(corpus.is_generated().sum())
    print(
        f"trained on {n_ham} ham and {n_spam} spam"
        + (f" ({made} of them generated)" if made else "")
        + f"; saved to {path}"
    )
    return 0


def _adapt(args: argparse.Namespace) -> int:
    """``--base``: adapt a trained model to a site's own ham (and spam)."""

    from ..features import featurize
    from ..model import load_model
    from ..pipeline import adapt_model

    if not args.ham and not args.spam:
        raise SpamkitError("--base needs the site's mail: --ham (and optionally --spam)")
    model = load_model(None if args.base == "default" else args.base)
    corpus = labelled_corpus(args, "train", need_both=False)
    before = model.decision_function(featurize(corpus.mails))
    adapt_model(model, featurize(corpus.mails), corpus.labels)
    after = model.decision_function(featurize(corpus.mails))
    labels = corpus.labels
    wrong_before = sum(
        (s >= model.threshold) != bool(y) for s, y in zip(before, labels, strict=True)
    )
    wrong_after = sum((s >= model.threshold) != bool(y) for s, y in zip(after, labels, strict=True))
    updates = model.meta.setdefault("adapted", [])
    updates.append({"base": args.base, "ham": args.ham, "spam": args.spam, "messages": len(labels)})
    save_model(model, args.output)
    print(
        f"adapted {args.base} to {len(labels)} site messages; misclassified among them:"
        f" {wrong_before} before, {wrong_after} after; saved to {args.output}"
    )
    if wrong_after:
        print(
            "spamkit train: some messages are held by hand-set rule points; re-weight or"
            " disable those rules in a rules file (see `spamkit classify --explain`)",
            file=sys.stderr,
        )
    return 0
