"""How often each signal and rule fires, per source family of the corpora and generated mail.

Prints a markdown table: one row per name, one column per family (percent of its
messages), then all real ham and all real spam.  The families are the yardstick's
(``benchmarks/by_source.py``): SpamAssassin easy ham (easy_ham + easy_ham_2), hard ham,
Japanese ham, SpamAssassin spam (spam + spam_2), Japanese spam, phishing 2022-23 and
phishing 2024 (by the manifest's date), plus the generated sets (legitimate business
mail, the conversational attack and its hard negatives; ``--no-generated`` leaves them
out).  A signal that fires on more than 1 % of some ham family needs a reason to stay,
and one whose rates split by *source* rather than by class is a source detector.

``--given html|links|attachments|alternative`` counts only the messages that have
what a structural signal needs (an HTML part, a link, an attachment, two renderings):
the SpamAssassin ham is 2002 plain text and the Japanese ham has no HTML at all, so a
low ham rate of an HTML signal may only say "this corpus has no HTML"; the rate among
the ham that has HTML says whether the signal tells spam from ham.  ``--judge`` adds the
hand-written judge set (``tests/fixtures/judge``) as aggregate families (for checking,
never for tuning: its README).

Usage::

    nice python benchmarks/signal_rates.py [--corpora ../shared/corpora] [--limit N]
        [--jobs 2] [--examples N] [--names NAME,...] [--given html] [--judge]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from spamkit import parse
from spamkit.message import ParsedMail
from spamkit.rules import RuleSet

#: (family, label, what it holds), in the order of the table's columns.
FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("easy_ham", "ham", "spamassassin/easy_ham + easy_ham_2 (2002 English ham)"),
    ("hard_ham", "ham", "spamassassin/hard_ham (2002 commercial English ham)"),
    ("ja_ham", "ham", "Asakusa.rb list posts (2008-16 Japanese ham, rebuilt headers)"),
    ("gen_biz", "ham", "generated business mail (spamkit generate business, seed 1)"),
    ("gen_hardneg", "ham", "generated hard negatives (seed 1)"),
    ("sa_spam", "spam", "spamassassin/spam + spam_2 (1997-2003)"),
    ("ja_spam", "spam", "Japanese spam from public lists (2020-23)"),
    ("phish", "spam", "phishing honeypot 2022-23"),
    ("phish24", "spam", "phishing honeypot 2024"),
    ("gen_conv", "spam", "generated conversational attack (seed 1)"),
    ("judge_ham", "ham", "judge set: business_ja + business_en (hand-written, --judge)"),
    ("judge_spam", "spam", "judge set: phish_*, attack_*, invite (hand-written, --judge)"),
)
GENERATED = {"gen_biz", "gen_hardneg", "gen_conv", "judge_ham", "judge_spam"}
JUDGE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "judge"

#: What a message must have to be counted with ``--given``.
GIVEN: dict[str, Callable[[ParsedMail], bool]] = {
    "html": lambda mail: bool(mail.html_facts.text_chars or mail.html_facts.images),
    "links": lambda mail: bool(mail.links),
    "attachments": lambda mail: bool(mail.attachments),
    "alternative": lambda mail: bool(mail.alternatives),
}


def family_of(path: str, date: str) -> str:
    """The family of a corpus file (path relative to the corpora folder)."""
    folder = path.split("/", 2)
    if folder[0] == "spamassassin":
        return {"easy_ham": "easy_ham", "easy_ham_2": "easy_ham", "hard_ham": "hard_ham"}.get(
            folder[1], "sa_spam"
        )
    if folder[0] == "phishing":
        return "phish24" if date.startswith("2024") else "phish"
    return folder[0]


def corpus_messages(root: Path, limit: int | None) -> Iterator[tuple[str, str, bytes]]:
    """(family, name, raw bytes) of every corpus message (the manifest lacks ja_ham)."""
    taken: Counter[str] = Counter()
    with open(root / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            family = family_of(row["path"], row["date"])
            if limit is None or taken[family] < limit:
                taken[family] += 1
                yield family, row["path"], (root / row["path"]).read_bytes()
    for path in sorted((root / "ja_ham").iterdir())[:limit]:
        yield "ja_ham", f"ja_ham/{path.name}", path.read_bytes()


def generated_messages(limit: int | None) -> Iterator[tuple[str, str, bytes]]:
    """(family, name, raw bytes) of the generated sets, made in memory from fixed seeds."""
    from spamkit.synthetic import business, conversational

    sets = (
        ("gen_biz", business.generate(limit or 2400, seed=1)),
        ("gen_hardneg", conversational.hard_negatives(min(limit or 400, 400), seed=1)),
        ("gen_conv", conversational.generate(limit or 600, seed=1)),
    )
    for family, mails in sets:
        for i, mail in enumerate(mails):
            yield family, f"{family}/{mail.kind}/{i:05d}", mail.raw


def judge_messages(root: Path = JUDGE) -> Iterator[tuple[str, str, bytes]]:
    """(family, name, raw bytes) of the judge set: its business folders are ham, the rest spam."""
    for path in sorted(root.glob("*/*.eml")):
        family = "judge_ham" if path.parent.name.startswith("business") else "judge_spam"
        yield family, f"judge/{path.parent.name}/{path.name}", path.read_bytes()


def _fired(
    batch: list[tuple[str, str, bytes]], given: str | None = None
) -> list[tuple[str, str, dict[str, str] | None]]:
    """What fired on each message; ``None`` for a message without what ``given`` needs."""
    rules = RuleSet.load()
    out: list[tuple[str, str, dict[str, str] | None]] = []
    for family, name, raw in batch:
        mail = parse(raw)
        wanted = given is None or GIVEN[given](mail)
        out.append((family, name, rules.fired(mail) if wanted else None))
    return out


def count(
    messages: Iterator[tuple[str, str, bytes]], jobs: int, examples: int, given: str | None = None
) -> tuple[dict[str, Counter[str]], Counter[str], dict[tuple[str, str], list[str]]]:
    """Per-family hit counters, family sizes and up to ``examples`` ham hits per name.

    With ``given``, only the messages that have what it names are counted.
    """
    from joblib import Parallel, delayed

    def batches() -> Iterator[list[tuple[str, str, bytes]]]:
        batch: list[tuple[str, str, bytes]] = []
        for item in messages:
            batch.append(item)
            if len(batch) == 500:
                yield batch
                batch = []
        if batch:
            yield batch

    hits: dict[str, Counter[str]] = {family: Counter() for family, _, _ in FAMILIES}
    sizes: Counter[str] = Counter()
    samples: dict[tuple[str, str], list[str]] = {}
    ham = {family for family, label, _ in FAMILIES if label == "ham"}
    results = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_fired)(b, given) for b in batches()
    )
    for done in results:
        for family, name, fired in done:
            if fired is None:
                continue
            sizes[family] += 1
            hits[family].update(fired.keys())
            if family in ham and examples and not family.startswith("judge"):
                for rule, evidence in fired.items():
                    bucket = samples.setdefault((family, rule), [])
                    if len(bucket) < examples:
                        bucket.append(f"{name}: {evidence}")
    return hits, sizes, samples


def table(names: list[str], hits: dict[str, Counter[str]], sizes: Counter[str]) -> str:
    """The markdown table of firing rates (percent of each family's messages)."""
    families = [f for f, _, _ in FAMILIES if sizes[f]]
    labels = {f: label for f, label, _ in FAMILIES}
    head = ["name", *families, "**real ham**", "**real spam**"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name in names:
        row = [name]
        totals = {"ham": [0, 0], "spam": [0, 0]}
        for family in families:
            n, size = hits[family][name], sizes[family]
            if family not in GENERATED:
                totals[labels[family]][0] += n
                totals[labels[family]][1] += size
            row.append(f"{100 * n / size:.2f}")
        for label in ("ham", "spam"):
            n, size = totals[label]
            row.append(f"**{100 * n / size:.2f}**" if size else "-")
        lines.append("| " + " | ".join(row) + " |")
    real = {
        lab: sum(sizes[f] for f in families if labels[f] == lab and f not in GENERATED)
        for lab in ("ham", "spam")
    }
    lines.append(
        "| messages | "
        + " | ".join(str(sizes[f]) for f in families)
        + f" | {real['ham']} | {real['spam']} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="messages per family")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--examples", type=int, default=0, help="print N ham hits per name")
    parser.add_argument("--names", default="", help="only these names (comma-separated)")
    parser.add_argument("--no-generated", dest="generated", action="store_false")
    parser.add_argument("--judge", action="store_true", help="add the judge set's families")
    parser.add_argument(
        "--given", choices=sorted(GIVEN), help="count only messages with an HTML part, ..."
    )
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    start = time.perf_counter()

    def messages() -> Iterator[tuple[str, str, bytes]]:
        yield from corpus_messages(args.corpora, args.limit)
        if args.generated:
            yield from generated_messages(args.limit)
        if args.judge:
            yield from judge_messages()

    hits, sizes, samples = count(messages(), args.jobs, args.examples, args.given)
    rules = RuleSet.load()
    names = [n for n in [*rules.names] if not args.names or n in args.names.split(",")]
    print(table(names, hits, sizes))
    among = f" that have {args.given}" if args.given else ""
    print(f"\n(percent of each family's messages{among}; {time.perf_counter() - start:.0f} s)")
    for family, _, what in FAMILIES:
        if sizes[family]:
            print(f"- {family}: {what}")
    for (family, name), bucket in sorted(samples.items()):
        if name not in names:
            continue
        print(f"\n{family} {name}:")
        for line in bucket:
            print("   ", line[:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
