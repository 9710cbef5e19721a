"""How a model does on the generated sets: FPR per business kind, recall per attack family.

Classifies the sets of :mod:`spamkit.synthetic` with a model (the shipped default
unless ``--model``) and prints markdown tables:

* false-positive rate per business kind, Japanese and English, with the held-out kinds
  marked (``*``) and totals for dev and held-out kinds;
* recall of the conversational attack: overall, on all-dev messages, per length, and
  per family of every dimension (held-out families measured on their probes only,
  where every other dimension is dev);
* false-positive rate per kind of hard negative.

Usage::

    python benchmarks/synthetic_baseline.py [--model DIR] [--seed 0]
        [--business 2200] [--conversational 1500] [--hard-negatives 400]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from spamkit import Classifier
from spamkit.synthetic import business, conversational


def _pct(hits: int, n: int) -> str:
    return f"{100 * hits / n:.1f}" if n else "-"


def business_table(clf: Classifier, n: int, seed: int) -> list[str]:
    mails = business.generate(n, seed=seed)
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for mail in mails:
        cell = cells[(mail.kind, mail.language)]
        cell[0] += clf.classify(mail.raw).is_spam
        cell[1] += 1
    out = [
        f"### Business ham: false-positive rate per kind (n={len(mails)}, seed={seed}; * = held-o"
        "ut kind)",
        "",
        "| kind | JA n | JA FPR % | EN n | EN FPR % |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for kind in business.KINDS:
        held = kind in business.HELDOUT_KINDS
        row = [f"{kind}{' *' if held else ''}"]
        for lang in ("ja", "en"):
            fp, tot = cells.get((kind, lang), [0, 0])
            row += [str(tot), _pct(fp, tot)]
            t = totals[("heldout" if held else "dev", lang)]
            t[0] += fp
            t[1] += tot
        out.append("| " + " | ".join(row) + " |")
    for split in ("dev", "heldout"):
        row = [f"**all {split} kinds**"]
        for lang in ("ja", "en"):
            fp, tot = totals[(split, lang)]
            row += [str(tot), _pct(fp, tot)]
        out.append("| " + " | ".join(row) + " |")
    return out


def conversational_table(clf: Classifier, n: int, seed: int) -> list[str]:
    mails = conversational.generate(n, seed=seed)
    caught = [clf.classify(m.raw).is_spam for m in mails]
    dev = [c for m, c in zip(mails, caught, strict=True) if m.family["split"] == "dev"]
    pairs = [(m, c) for m, c in zip(mails, caught, strict=True) if m.family["split"] == "dev"]
    out = [
        f"### Conversational attack: recall (n={len(mails)}, seed={seed})",
        "",
        f"All: {_pct(sum(caught), len(caught))} % of {len(caught)}; "
        f"all-dev messages: {_pct(sum(dev), len(dev))} % of {len(dev)}.",
        "",
        "Recall on all-dev messages by language and length:",
        "",
        "| language | " + " | ".join(conversational.LENGTHS) + " |",
        "| --- |" + " ---: |" * len(conversational.LENGTHS),
        *[
            f"| {lang} | "
            + " | ".join(
                _pct(
                    sum(c for m, c in pairs if m.language == lang and m.family["length"] == length),
                    sum(1 for m, _ in pairs if m.language == lang and m.family["length"] == length),
                )
                for length in conversational.LENGTHS
            )
            + " |"
            for lang in ("ja", "en")
        ],
        "",
        "| dimension | family | split | n | recall % |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for dim in conversational.DIMENSIONS:
        held = conversational.HELDOUT[dim]
        for family in conversational.FAMILIES[dim]:
            if family in held:
                # Probes of this dimension: every other dimension is dev.
                sel = [
                    c
                    for m, c in zip(mails, caught, strict=True)
                    if m.family[dim] == family and m.family["split"] == f"heldout:{dim}"
                ]
                split = "held out"
            else:
                sel = [
                    c
                    for m, c in zip(mails, caught, strict=True)
                    if m.family[dim] == family and m.family["split"] == "dev"
                ]
                split = "dev"
            out.append(f"| {dim} | {family} | {split} | {len(sel)} | {_pct(sum(sel), len(sel))} |")
    return out


def hard_negative_table(clf: Classifier, n: int, seed: int) -> list[str]:
    mails = conversational.hard_negatives(n, seed=seed)
    cells: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for mail in mails:
        cells[mail.kind][0] += clf.classify(mail.raw).is_spam
        cells[mail.kind][1] += 1
    fp = sum(c[0] for c in cells.values())
    out = [
        f"### Hard negatives: false-positive rate (n={len(mails)}, seed={seed}):"
        f" {_pct(fp, len(mails))} %",
        "",
        "| kind | n | FPR % |",
        "| --- | ---: | ---: |",
    ]
    for kind in conversational.HARD_NEGATIVE_KINDS:
        hits, tot = cells[kind]
        out.append(f"| {kind} | {tot} | {_pct(hits, tot)} |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", default=None, help="model directory (default: the shipped model)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--business", type=int, default=2200)
    parser.add_argument("--conversational", type=int, default=1500)
    parser.add_argument("--hard-negatives", type=int, default=400)
    args = parser.parse_args(argv)
    clf = Classifier(args.model) if args.model else Classifier()
    start = time.perf_counter()
    lines = [
        *business_table(clf, args.business, args.seed),
        "",
        *conversational_table(clf, args.conversational, args.seed),
        "",
        *hard_negative_table(clf, args.hard_negatives, args.seed),
    ]
    print("\n".join(lines))
    print(f"\n({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
