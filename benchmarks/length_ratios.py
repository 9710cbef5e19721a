"""Lengths and ratios of mail, per source family: do any of them tell spam from ham everywhere?

Issue 15 asks for length and ratio features "where they help".  A measure helps only
if every ham family falls on one side and every spam family on the other; when a ham
family sits among the spam (or the reverse), the measure tells sources apart.  This
prints the median and 90th percentile of each measure for each family (the families
of ``signal_rates.py``, plus the judge set's two when ``--judge`` is given).

Result, 2026-11-29 (the shared corpora, 2,400 generated business mails, seed 1): none
does, so none is a signal.  Body characters: ham medians 242 (ja_ham) to 3,929
(hard_ham), spam 460 to 881.  Links: hard_ham 29, every other family 0-3.  Links per
1,000 characters: hard_ham 8.9 against phishing 4.2/6.8.  Upper-case share: ja_spam
0.12, sa_spam and hard_ham 0.09, the rest 0.05-0.07.  Lines: phishing 9-12 but ja_spam
28 and ja_ham 14.  Subject length: phishing 41-49, ja_spam 25, gen_biz 21, hard_ham 43.
"!" count: hard_ham and sa_spam 3 (2002 marketing), all others 0-1.

Usage::

    nice python benchmarks/length_ratios.py [--corpora ../shared/corpora] [--limit N] [--judge]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from signal_rates import FAMILIES, corpus_messages, generated_messages, judge_messages

from spamkit import parse
from spamkit.domains import host_of, registered_domain
from spamkit.message import ParsedMail


def _chars(mail: ParsedMail) -> int:
    return len("".join(mail.text.split()))


def _upper_share(mail: ParsedMail) -> float:
    letters = [c for c in mail.text[:20_000] if c.isascii() and c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if len(letters) > 50 else 0.0


#: name -> measure of one parsed mail
MEASURES: dict[str, Callable[[ParsedMail], float]] = {
    "body characters": lambda m: _chars(m),
    "links": lambda m: len(m.links),
    "link domains": lambda m: len({registered_domain(host_of(x.url)) for x in m.links[:200]}),
    "links per 1000 characters": lambda m: 1000 * len(m.links) / max(_chars(m), 50),
    "upper-case share of ASCII letters": _upper_share,
    "lines": lambda m: m.text.count("\n") + 1,
    "subject characters": lambda m: len(m.subject),
    "exclamation marks": lambda m: m.text[:20_000].count("!") + m.text[:20_000].count("！"),
}


def measure(messages: Iterator[tuple[str, str, bytes]]) -> dict[str, dict[str, list[float]]]:
    """family -> measure name -> values."""
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for family, _, raw in messages:
        mail = parse(raw)
        for name, func in MEASURES.items():
            values[family][name].append(func(mail))
    return values


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="messages per family")
    parser.add_argument("--judge", action="store_true", help="add the judge set's families")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2

    def messages() -> Iterator[tuple[str, str, bytes]]:
        yield from corpus_messages(args.corpora, args.limit)
        yield from generated_messages(args.limit)
        if args.judge:
            yield from judge_messages()

    values = measure(messages())
    families = [f for f, _, _ in FAMILIES if f in values]
    labels = {f: label for f, label, _ in FAMILIES}
    head = ["measure (median / p90)", *(f"{f} ({labels[f]})" for f in families)]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * len(families))
    for name in MEASURES:
        cells = [
            f"{_quantile(values[f][name], 0.5):.2f} / {_quantile(values[f][name], 0.9):.2f}"
            for f in families
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
