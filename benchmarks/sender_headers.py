"""Which sender headers each source family has, and the sender signals among those that have them.

A signal that can only fire on a header some corpora lack tells the corpora apart
before it tells spam from ham: ja_ham has only rebuilt From/To/Subject/Date/Message-ID
(no display names, no Reply-To), ja_spam lost Return-Path in cleaning, the phishing
went through Exchange (every message has its Authentication-Results), and the
evaluation set keeps only From, Reply-To, Subject and MIME headers.  This prints

1. the share of each family's messages that has each header (or a From display name);
2. each sender signal's firing rate among the messages that have what it reads.

Usage::

    nice python benchmarks/sender_headers.py [--corpora ../shared/corpora] [--limit N]
        [--jobs 2] [--no-generated]

The families are those of ``benchmarks/signal_rates.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from signal_rates import FAMILIES, corpus_messages, generated_messages

from spamkit import parse
from spamkit.rules import RuleSet

#: (column, header name or "display name") -- what a family has.
HEADERS = (
    ("display name", ""),
    ("Reply-To", "reply-to"),
    ("Return-Path", "return-path"),
    ("Sender", "sender"),
    ("Received", "received"),
    ("List-Id", "list-id"),
    ("DKIM-Signature", "dkim-signature"),
    ("Authentication-Results", "authentication-results"),
)
#: signal -> the column it needs.
NEEDS = {
    "FREEMAIL_REPLYTO": "Reply-To",
    "FROM_REPLYTO_DOMAIN_MISMATCH": "Reply-To",
    "FROM_DISPLAY_ADDRESS_MISMATCH": "display name",
    "BRAND_SPOOF": "display name",
    "BRAND_ALIGNED": "display name",
}


def _facts(batch: list[tuple[str, str, bytes]]) -> list[tuple[str, set[str], set[str]]]:
    rules = RuleSet.load()
    out = []
    for family, _, raw in batch:
        mail = parse(raw)
        names = {key.lower() for key, _ in mail.headers}
        has = {col for col, header in HEADERS if (header in names if header else mail.from_name)}
        fired = set(rules.fired(mail)) & set(NEEDS)
        out.append((family, has, fired))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="messages per family")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--no-generated", dest="generated", action="store_false")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    from joblib import Parallel, delayed

    start = time.perf_counter()

    def batches() -> Iterator[list[tuple[str, str, bytes]]]:
        batch: list[tuple[str, str, bytes]] = []
        messages = corpus_messages(args.corpora, args.limit)
        if args.generated:
            messages = (m for it in (messages, generated_messages(args.limit)) for m in it)
        for item in messages:
            batch.append(item)
            if len(batch) == 500:
                yield batch
                batch = []
        if batch:
            yield batch

    sizes: Counter[str] = Counter()
    has: dict[str, Counter[str]] = {f: Counter() for f, _, _ in FAMILIES}
    fired: dict[str, Counter[str]] = {f: Counter() for f, _, _ in FAMILIES}
    jobs = Parallel(n_jobs=args.jobs, return_as="generator")(delayed(_facts)(b) for b in batches())
    for done in jobs:
        for family, present, hits in done:
            sizes[family] += 1
            has[family].update(present)
            fired[family].update(hits)
    families = [f for f, _, _ in FAMILIES if sizes[f]]
    print("Share of each family's messages that has the header (%):\n")
    print("| header | " + " | ".join(families) + " |")
    print("|---|" + "---:|" * len(families))
    for col, _ in HEADERS:
        cells = [f"{100 * has[f][col] / sizes[f]:.1f}" for f in families]
        print(f"| {col} | " + " | ".join(cells) + " |")
    print("| messages | " + " | ".join(str(sizes[f]) for f in families) + " |")
    print("\nSender signals among the messages that have what they read (%; '-' = none has it):\n")
    print("| signal (needs) | " + " | ".join(families) + " |")
    print("|---|" + "---:|" * len(families))
    for name, col in NEEDS.items():
        cells = [
            f"{100 * fired[f][name] / has[f][col]:.2f}" if has[f][col] else "-" for f in families
        ]
        print(f"| {name} ({col}) | " + " | ".join(cells) + " |")
    print(f"\n({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
