"""How often each signal and rule fires on ham and on spam, per corpus of the shared corpora.

Prints a markdown table: one row per name, one column per corpus (percent of its
messages), then all ham and all spam.  A signal that fires on more than 1 % of ham
needs a reason to stay (issue 3).

Usage::

    nice python benchmarks/signal_rates.py [--corpora ../shared/corpora] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from spamkit import parse
from spamkit.rules import RuleSet

#: (folder, label), in the order of the table's columns.
CORPORA: tuple[tuple[str, str], ...] = (
    ("spamassassin/easy_ham", "ham"),
    ("spamassassin/easy_ham_2", "ham"),
    ("spamassassin/hard_ham", "ham"),
    ("ja_ham", "ham"),
    ("spamassassin/spam", "spam"),
    ("spamassassin/spam_2", "spam"),
    ("ja_spam", "spam"),
)


def count(root: Path, limit: int | None, examples: int) -> tuple[dict, dict, dict]:
    """Run every rule on every message; per-folder hit counters, sizes and sample hits."""
    rules = RuleSet.load()
    hits: dict[str, Counter[str]] = {}
    sizes: dict[str, int] = {}
    samples: dict[tuple[str, str], list[str]] = {}
    for folder, label in CORPORA:
        files = sorted(p for p in (root / folder).iterdir() if p.is_file())[:limit]
        counter: Counter[str] = Counter()
        for path in files:
            fired = rules.fired(parse(path.read_bytes()))
            counter.update(fired.keys())
            if label == "ham" and examples:
                for name, evidence in fired.items():
                    bucket = samples.setdefault((folder, name), [])
                    if len(bucket) < examples:
                        bucket.append(f"{path.name}: {evidence}")
        hits[folder] = counter
        sizes[folder] = len(files)
    return hits, sizes, samples


def table(names: list[str], hits: dict, sizes: dict) -> str:
    """The markdown table of firing rates."""
    short = [f.rsplit("/", 1)[-1] for f, _ in CORPORA]
    head = ["name", *short, "**ham**", "**spam**"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        row = [name]
        totals = {"ham": [0, 0], "spam": [0, 0]}
        for folder, label in CORPORA:
            n, size = hits[folder][name], sizes[folder]
            totals[label][0] += n
            totals[label][1] += size
            row.append(f"{100 * n / size:.1f}" if size else "-")
        for label in ("ham", "spam"):
            n, size = totals[label]
            row.append(f"**{100 * n / size:.2f}**" if size else "-")
        lines.append("| " + " | ".join(row) + " |")
    sizes_row = ["messages", *(str(sizes[f]) for f, _ in CORPORA)]
    for label in ("ham", "spam"):
        sizes_row.append(str(sum(sizes[f] for f, lab in CORPORA if lab == label)))
    lines.append("| " + " | ".join(sizes_row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="messages per folder")
    parser.add_argument("--examples", type=int, default=0, help="print N ham hits per name")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    hits, sizes, samples = count(args.corpora, args.limit, args.examples)
    print(table(RuleSet.load().names, hits, sizes))
    print(f"\n(percent of each folder's messages; {time.perf_counter() - start:.0f} s)")
    for (folder, name), bucket in sorted(samples.items()):
        print(f"\n{folder} {name}:")
        for line in bucket:
            print("   ", line[:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
