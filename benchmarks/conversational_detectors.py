"""Rule-level recall of the conversational campaign rules, and their false positives (issue 11).

Prints markdown tables:

1. **Recall** of the campaign rules (CONVERSATIONAL_FIRST_CONTACT or
   JOB_OFFER_FIRST_CONTACT fired) and of the rule table on its own (its hand-set points
   >= ``--points``, 3 by default: what a neutral or mildly ham model, -1.5 .. +0.5,
   cannot cancel at a threshold near 0), on every generated variant of the attack, on
   the all-dev ones, on the short ones (1-4 non-empty lines) and on the probes of each
   held-out dimension (``split == "heldout:<dim>"``).  Only aggregates are printed: the
   held-out messages' text is never shown (detectors are written from the dev families).
2. **False positives** on the hard negatives, per kind, and on generated business ham.
3. **Firing rates** of every conversational signal on each of those sets.
   With ``--by-dimension`` also on the probes of each held-out dimension (aggregate
   rates, to see which signal a held-out family escapes; never its text).
4. With ``--corpora``: the same rates on every family of the real corpora (the
   families of ``benchmarks/signal_rates.py``).
5. With ``--judge``: aggregate rule-level recall on ``tests/fixtures/judge/attack_*``
   and false positives on its ``business_*`` folders (no message is shown: the judge
   set is the project's independent judge, not a tuning set).

Usage::

    nice python benchmarks/conversational_detectors.py [--variants 1200] [--negatives 400]
        [--business 2400] [--seed 11] [--points 3] [--corpora [PATH]] [--judge] [--jobs 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from spamkit import parse
from spamkit.rules import RuleSet

HERE = Path(__file__).resolve().parent
CAMPAIGN = ("CONVERSATIONAL_FIRST_CONTACT", "JOB_OFFER_FIRST_CONTACT")
#: The signals and rules this benchmark reports (the conversational file's names and
#: the sender signals the campaign rules count).
SIGNALS = (
    "FREEMAIL_FROM",
    "FROM_LOCALPART_RANDOM",
    "FIRST_CONTACT_NO_LINK",
    "TO_GROUP_ADDRESS",
    "SEQUENCE_CLAIM",
    "SUBJECT_HAS_RECIPIENT",
    "SUBJECT_HAS_RECIPIENT_ADDRESS",
    "FAKE_THREAD",
    "REPLY_SOLICITATION",
    "FROM_NAME_WESTERN_ON_JAPANESE",
    "FROM_NAME_NOT_MAILBOX",
    "JOB_OFFER_MULE",
    "CONVERSATIONAL_FIRST_CONTACT",
    "CONVERSATIONAL_FIRST_CONTACT_STRONG",
    "JOB_OFFER_FIRST_CONTACT",
)


def judge_rows(rules: RuleSet, raws: Iterable[bytes]) -> list[tuple[dict[str, str], float]]:
    """(names fired, rule-table points) of each raw message."""
    rows = []
    for raw in raws:
        hits = rules.check(parse(raw))
        rows.append(({h.name: h.evidence for h in hits}, sum(h.score for h in hits)))
    return rows


def _short(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.strip()) <= 4


def _pct(n: int, size: int) -> str:
    return f"{100 * n / size:.1f}" if size else "-"


def recall_table(groups: dict[str, list[tuple[dict[str, str], float]]], points: float) -> str:
    """Markdown: per group, its size, the campaign rules' recall and points >= ``points``."""
    lines = [
        f"| variants | n | campaign rule fired % | rule points >= {points:g} % |",
        "|---|---:|---:|---:|",
    ]
    for name, rows in groups.items():
        fired = sum(1 for f, _ in rows if any(c in f for c in CAMPAIGN))
        scored = sum(1 for _, p in rows if p >= points)
        lines.append(
            f"| {name} | {len(rows)} | {_pct(fired, len(rows))} | {_pct(scored, len(rows))} |"
        )
    return "\n".join(lines)


def fp_table(groups: dict[str, list[tuple[dict[str, str], float]]], points: float) -> str:
    """Markdown: per group of ham, the campaign rules' and the points' false-positive rate."""
    lines = [
        f"| ham | n | campaign rule fired % | rule points >= {points:g} % | any points > 0 % |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, rows in groups.items():
        fired = sum(1 for f, _ in rows if any(c in f for c in CAMPAIGN))
        scored = sum(1 for _, p in rows if p >= points)
        some = sum(1 for _, p in rows if p > 0)
        lines.append(
            f"| {name} | {len(rows)} | {_pct(fired, len(rows))} | {_pct(scored, len(rows))}"
            f" | {_pct(some, len(rows))} |"
        )
    return "\n".join(lines)


def rate_table(groups: dict[str, list[tuple[dict[str, str], float]]], names: Iterable[str]) -> str:
    """Markdown: percent of each group's messages on which each name fired."""
    cols = list(groups)
    lines = ["| name | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for name in names:
        cells = [_pct(sum(1 for f, _ in groups[c] if name in f), len(groups[c])) for c in cols]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| messages | " + " | ".join(str(len(groups[c])) for c in cols) + " |")
    return "\n".join(lines)


def generated_sets(
    rules: RuleSet,
    variants: int,
    negatives: int,
    business: int,
    seed: int,
    by_dimension: bool = False,
) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """(attack groups, ham groups, signal-rate groups) of the generated mail."""
    from spamkit.synthetic import business as biz
    from spamkit.synthetic import conversational as conv

    attacks = conv.generate(variants, seed=seed)
    att_rows = judge_rows(rules, (m.raw for m in attacks))
    by_split: dict[str, list] = defaultdict(list)
    short, dev = [], []
    for mail, row in zip(attacks, att_rows, strict=True):
        by_split[mail.family["split"]].append(row)
        if mail.family["split"] == "dev":
            dev.append(row)
        if _short(mail.text):
            short.append(row)
    attack_groups = {"all": att_rows, "dev": dev, "short (1-4 lines), all splits": short}
    attack_groups["held out, all dimensions"] = [
        r for k, rows in by_split.items() if k != "dev" for r in rows
    ]
    for split in sorted(k for k in by_split if k != "dev"):
        attack_groups[split] = by_split[split]

    hard = conv.hard_negatives(negatives, seed=seed)
    hn_rows = judge_rows(rules, (m.raw for m in hard))
    ham_groups: dict[str, list] = {"hard negatives, all": hn_rows}
    for kind in conv.HARD_NEGATIVE_KINDS:
        ham_groups[kind] = [r for m, r in zip(hard, hn_rows, strict=True) if m.kind == kind]
    if business:
        ham_groups["generated business ham"] = judge_rows(
            rules, (m.raw for m in biz.generate(business, seed=seed))
        )
    rate_groups = {
        "attack dev": dev,
        "attack held out": attack_groups["held out, all dimensions"],
        "hard neg.": hn_rows,
    }
    if by_dimension:
        rate_groups |= {k.removeprefix("heldout:"): v for k, v in by_split.items() if k != "dev"}
    if business:
        rate_groups["business"] = ham_groups["generated business ham"]
    return attack_groups, ham_groups, rate_groups


def judge_set(rules: RuleSet, folder: Path) -> tuple[dict[str, list], dict[str, list]]:
    """Aggregate rows of the judge set's attack and business folders."""
    attacks, ham = {}, {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        raws = [p.read_bytes() for p in sorted(sub.glob("*.eml"))]
        if sub.name.startswith("attack"):
            attacks[f"judge {sub.name}"] = judge_rows(rules, raws)
        elif sub.name.startswith("business"):
            ham[f"judge {sub.name}"] = judge_rows(rules, raws)
    return attacks, ham


def corpus_rates(root: Path, jobs: int) -> str:
    """The rate table of the conversational names on the real corpora (signal_rates.py)."""
    sys.path.insert(0, str(HERE))
    import signal_rates

    hits, sizes, _ = signal_rates.count(signal_rates.corpus_messages(root, None), jobs, 0)
    return signal_rates.table(list(SIGNALS), hits, sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=1200, help="attack variants (>= 600)")
    parser.add_argument("--negatives", type=int, default=400, help="hard negatives (>= 300)")
    parser.add_argument("--business", type=int, default=2400, help="business ham (0: none)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--points", type=float, default=3.0)
    parser.add_argument(
        "--corpora",
        nargs="?",
        type=Path,
        const=HERE.parents[1] / "shared" / "corpora",
        default=None,
        help="also the firing rates on the real corpora (default path: ../shared/corpora)",
    )
    parser.add_argument("--judge", action="store_true", help="aggregate figures on the judge set")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--by-dimension",
        action="store_true",
        help="also each signal's rate on the probes of each held-out dimension (aggregates)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rules = RuleSet.load()
    attack_groups, ham_groups, rate_groups = generated_sets(
        rules, args.variants, args.negatives, args.business, args.seed, args.by_dimension
    )
    if args.judge:
        judge_attacks, judge_ham = judge_set(rules, HERE.parent / "tests" / "fixtures" / "judge")
        attack_groups |= judge_attacks
        ham_groups |= judge_ham
    print(f"## Recall (seed {args.seed})\n")
    print(recall_table(attack_groups, args.points))
    print("\n## False positives\n")
    print(fp_table(ham_groups, args.points))
    print("\n## Firing rates on the generated sets (%)\n")
    print(rate_table(rate_groups, SIGNALS))
    if args.corpora is not None:
        print("\n## Firing rates on the real corpora (%)\n")
        print(corpus_rates(args.corpora, args.jobs))
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
