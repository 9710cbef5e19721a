"""Messages per second of ``Classifier.classify`` on the shared corpora, and peak RSS.

    python benchmarks/classify_throughput.py [--limit N] [--profile]

Single process, single thread: the figure is per core.  Reading files is done
before the clock starts; parsing, rules, tokenising and the model are timed.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import spamkit

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FOLDERS = (
    "spamassassin/easy_ham",
    "spamassassin/easy_ham_2",
    "spamassassin/hard_ham",
    "spamassassin/spam",
    "spamassassin/spam_2",
    "ja_ham",
    "ja_spam",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="messages per folder (0 = all)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args()

    messages: list[tuple[str, bytes]] = []
    for folder in FOLDERS:
        files = sorted(p for p in (CORPORA / folder).iterdir() if p.is_file())
        if args.limit:
            files = files[: args.limit]
        messages += [(folder, p.read_bytes()) for p in files]
    classifier = spamkit.Classifier()
    classifier.classify(messages[0][1])  # load MeCab and the rules before timing

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    per_folder: dict[str, list[float]] = {}
    started = time.perf_counter()
    for folder, raw in messages:
        t0 = time.perf_counter()
        classifier.classify(raw)
        per_folder.setdefault(folder, []).append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = sum(len(raw) for _, raw in messages) / 2**20
    print(
        f"{len(messages)} messages ({size_mb:.1f} MB) in {elapsed:.1f} s:"
        f" {len(messages) / elapsed:.0f} msg/s on one core; peak RSS {peak_mb:.0f} MB"
    )
    print("| folder | messages | msg/s | mean ms | max ms |")
    print("| --- | --- | --- | --- | --- |")
    for folder, times in per_folder.items():
        print(
            f"| {folder} | {len(times)} | {len(times) / sum(times):.0f}"
            f" | {1000 * sum(times) / len(times):.2f} | {1000 * max(times):.1f} |"
        )


if __name__ == "__main__":
    main()
