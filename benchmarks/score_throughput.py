"""Throughput of ``spamkit score``: msg/s and peak RSS at ``--jobs 1`` and with all cores.

Builds an mbox of at least 20,000 messages from ``../shared/corpora`` (the corpus
repeated as often as needed) in a temporary folder, scores it with
``python -m spamkit score`` once per ``--jobs`` value, and prints, for each run,
messages per second (wall clock, start-up included, and as the command's own
summary reports it), the peak RSS of the whole process tree (scorer plus
workers, sampled every 50 ms with psutil) and the CPU time the tree used per
message, which tells the capacity of idle cores when the machine is shared.

``--profile N`` adds a cProfile of scoring N messages in one process, with the
time grouped by where it is spent (parsing, rules, tokens, scikit-learn, ...).

Usage::

    python benchmarks/score_throughput.py                 # 20,000 messages, jobs 1 and all
    python benchmarks/score_throughput.py --messages 2000 --jobs 2 --profile 1000
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import psutil

from spamkit.archives import write_mbox

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
FOLDERS = (
    "ja_ham",
    "ja_spam",
    "spamassassin/easy_ham",
    "spamassassin/easy_ham_2",
    "spamassassin/hard_ham",
    "spamassassin/spam",
    "spamassassin/spam_2",
)


def corpus_messages(count: int) -> Iterator[bytes]:
    """``count`` raw messages: every corpus file in turn, repeated as often as needed.

    The files are shuffled (fixed seed) so that any prefix mixes the languages and
    labels as the whole corpus does: Japanese ham alone scores much faster.
    """
    files = [f for folder in FOLDERS for f in sorted((CORPORA / folder).iterdir()) if f.is_file()]
    random.Random(0).shuffle(files)
    for n in range(count):
        yield files[n % len(files)].read_bytes()


def sample_tree(proc: psutil.Process, cpu: dict[int, float]) -> tuple[int, int, int]:
    """RSS and PSS summed over ``proc`` and its descendants, and the largest single RSS.

    Summed RSS counts the pages the workers share (NumPy, the MeCab dictionary, ...)
    once per process; PSS splits them, so summed PSS is the memory the tree really
    holds.  Also records each process's CPU seconds into ``cpu``.
    """
    rss = pss = largest = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
            largest = max(largest, info.rss)
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
    return rss, pss, largest


def run(mbox: Path, out: Path, jobs: int) -> dict[str, float]:
    """Score ``mbox`` with ``--jobs jobs``; return seconds, rows, reported rate, peak RSS."""
    cmd = [sys.executable, "-m", "spamkit", "score", str(mbox), "-o", str(out), "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = [0, 0, 0]
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = [max(a, b) for a, b in zip(peak, sample_tree(watched, cpu), strict=True)]
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"score failed ({proc.returncode}):\n{stderr}")
    reported = re.search(r"\((\d+) msg/s\)", stderr)
    with open(out, "rb") as fh:
        rows = sum(1 for _ in fh)
    return {
        "seconds": seconds,
        "rows": rows,
        "rate": rows / seconds,
        "reported": float(reported.group(1)) if reported else float("nan"),
        "peak_mb": peak[0] / 2**20,
        "peak_pss_mb": peak[1] / 2**20,
        "largest_mb": peak[2] / 2**20,
        "cpu_seconds": sum(cpu.values()),
    }


#: Pipeline stages, by the function that enters each: (file name, function name).
STAGES = (
    ("parse (spamkit.message.parse, stdlib email inside)", ("message.py", "parse")),
    ("rules and detectors (RuleSet.check)", ("rules.py", "check")),
    ("features (features.mail_features: MeCab, regex)", ("features.py", "mail_features")),
    ("linear score (SpamModel.explain_tokens: hash, tf-idf)", ("model.py", "explain_tokens")),
)


def area(filename: str) -> str:
    """Which part of the pipeline a profiled function belongs to."""
    name = filename.replace("\\", "/")
    for key, label in (
        ("spamkit/html", "spamkit.html (HTML to text)"),
        ("spamkit/message", "spamkit.message (parse, decode)"),
        ("spamkit/charsets", "spamkit.charsets"),
        ("spamkit/detectors", "spamkit.detectors + rules"),
        ("spamkit/datafiles", "spamkit.detectors + rules"),
        ("spamkit/rules", "spamkit.detectors + rules"),
        ("spamkit/domains", "spamkit.detectors + rules"),
        ("spamkit/text", "spamkit.text (tokens, MeCab)"),
        ("spamkit/features", "spamkit.text (tokens, MeCab)"),
        ("fugashi", "spamkit.text (tokens, MeCab)"),
        ("spamkit/model", "spamkit.model (explain)"),
        ("spamkit/classifier", "spamkit.classifier"),
        ("spamkit/batch", "spamkit.batch + archives (ours)"),
        ("spamkit/archives", "spamkit.batch + archives (ours)"),
        ("sklearn", "scikit-learn (validation, hashing, tfidf)"),
        ("narwhals", "scikit-learn (validation, hashing, tfidf)"),
        ("inspect.py", "scikit-learn (validation, hashing, tfidf)"),
        ("scipy", "scikit-learn (validation, hashing, tfidf)"),
        ("numpy", "scikit-learn (validation, hashing, tfidf)"),
        ("/email/", "stdlib email (parser, headers)"),
        ("html/parser", "spamkit.html (HTML to text)"),
        ("/re/", "regular expressions"),
    ):
        if key in name:
            return label
    if name.startswith("~") or name.startswith("<"):
        return "builtins (regex, str, dict)"
    return "other"


def profile(count: int) -> None:
    """Print where one process spends its time scoring ``count`` messages."""
    from spamkit import Classifier
    from spamkit.batch import score_items

    classifier = Classifier()
    items = [(f"m:{n}", data, None) for n, data in enumerate(corpus_messages(count))]
    score_items(items[:50], classifier)  # warm caches (MeCab dictionary, lazy imports)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    score_items(items, classifier)
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    by_area: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_area[area(filename)] += tottime
    total = sum(by_area.values())
    per_message = wall / count * 1000
    print(f"\nprofile: {count} messages in one process, {per_message:.2f} ms/msg (profiled)")
    for label, seconds in sorted(by_area.items(), key=lambda kv: -kv[1]):
        print(f"  {label:45s} {seconds / count * 1000:6.3f} ms/msg  {seconds / total:6.1%}")
    print("\nby stage (cumulative time of the stage's entry point):")
    entries = {(Path(f).name, fn): ct for (f, _, fn), (_, _, _, ct, _) in stats.stats.items()}  # type: ignore[attr-defined]
    total = entries.get(("batch.py", "score_items"), wall)
    known = 0.0
    for label, key in STAGES:
        seconds = entries.get(key, 0.0)
        known += seconds
        print(f"  {label:56s} {seconds / count * 1000:6.3f} ms/msg  {seconds / total:6.1%}")
    rest = total - known
    label = "rest (explain bookkeeping, Verdict, rows, JSON)"
    print(f"  {label:56s} {rest / count * 1000:6.3f} ms/msg  {rest / total:6.1%}")
    print("\ntop functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}", help="comma-separated")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="spamkit-bench-") as tmp:
        mbox = Path(tmp) / "bench.mbox"
        with open(mbox, "wb") as fh:
            count = write_mbox(fh, corpus_messages(args.messages))
        size = mbox.stat().st_size / 2**20
        print(f"mbox: {count} messages, {size:.0f} MB, {os.cpu_count()} cores")
        for jobs in (int(j) for j in args.jobs.split(",")):
            result = run(mbox, Path(tmp) / f"out{jobs}.jsonl", jobs)
            assert result["rows"] == count, result
            cpu_ms = result["cpu_seconds"] / count * 1000
            print(
                f"--jobs {jobs}: {result['rate']:7.0f} msg/s wall ({result['seconds']:.1f} s,"
                f" start-up included), {result['reported']:.0f} msg/s reported,"
                f" peak RSS {result['peak_mb']:.0f} MB summed over the process tree"
                f" (PSS {result['peak_pss_mb']:.0f} MB; largest process"
                f" {result['largest_mb']:.0f} MB),"
                f" {cpu_ms:.2f} CPU ms/msg (process tree, start-up included)"
            )
    if args.profile:
        profile(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
