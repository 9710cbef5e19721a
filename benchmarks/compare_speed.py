"""Speed against bogofilter on one mbox, spamkit's per-stage profile and filter start-up.

Issue 14 §1, §2 and §4.  In one run, on one mbox built in a temporary folder from
``../shared/corpora`` (every corpus file, shuffled with a fixed seed, repeated up to
``--limit`` messages; nothing is written into the repository):

* **bogofilter** (``bogofilter -C -d DIR``; trained first, as issue 14's table was, on
  the same corpora it scores: ``-M -s`` on the spam files, ``-M -n`` on the ham files,
  in a temporary bogofilter home), then ``bogofilter -C -M -T -d DIR < mbox``;
* **spamkit** ``python -m spamkit score --jobs 1`` and ``--jobs 2`` on the same mbox
  with the shipped default model, with the peak RSS and PSS of the whole process tree
  (psutil sampling of the scorer and its workers every 50 ms; PSS splits the pages the
  workers share, so summed PSS is what the tree really holds);
* the ratios: spamkit ``--jobs 2`` / bogofilter, and spamkit per core / bogofilter
  (bogofilter runs on one core), in wall time; and messages per CPU second of each
  process tree, the same comparison made robust to other work on the machine (wall
  time swings with the load; CPU time per message hardly does);
* the per-message time of each stage, measured in one process on ``--sample``
  messages with the library's own functions and ``time.perf_counter`` around each:
  parse (:func:`spamkit.parse`), detectors (:meth:`RuleSet.check`), tokens
  (:func:`spamkit.features.mail_features`), model (:meth:`SpamModel.explain`) and
  output (the verdict's reasons and the output row);
* start-up: the wall time of ``python -m spamkit filter < one message`` and of
  ``python -c "import spamkit"`` (median of ``--repeat`` runs).

Usage::

    python benchmarks/compare_speed.py                    # 20,000 messages
    python benchmarks/compare_speed.py --limit 2000 --json
    python benchmarks/compare_speed.py --skip-batch       # stages and start-up only

To measure another checkout (the "before" of a change), run this script with
``PYTHONPATH=OTHER/src``: every spamkit process it starts, and the in-process stage
profile, then import that checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
#: (folder, is spam): every folder of the corpora README.
FOLDERS = (
    ("ja_ham", False),
    ("ja_spam", True),
    ("phishing", True),
    ("spamassassin/easy_ham", False),
    ("spamassassin/easy_ham_2", False),
    ("spamassassin/hard_ham", False),
    ("spamassassin/spam", True),
    ("spamassassin/spam_2", True),
)


def corpus_files() -> list[tuple[Path, bool]]:
    """Every corpus file with its label, shuffled (fixed seed) so any prefix mixes them."""
    files = [
        (f, spam)
        for folder, spam in FOLDERS
        for f in sorted((CORPORA / folder).iterdir())
        if f.is_file()
    ]
    random.Random(0).shuffle(files)
    return files


def messages(files: list[tuple[Path, bool]], count: int) -> Iterator[bytes]:
    """``count`` raw messages: the files in turn, repeated as often as needed."""
    for n in range(count):
        yield files[n % len(files)][0].read_bytes()


def sample_tree(proc: psutil.Process) -> tuple[int, int]:
    """RSS and PSS summed over ``proc`` and its descendants."""
    rss = pss = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return rss, pss


def timed_run(
    cmd: list[str], stdin: Path | None, stdout: Path, ok: tuple[int, ...] = (0,)
) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds and the peak summed RSS/PSS of its process tree.

    CPU seconds are those of every process of the tree that was waited for (the
    scorer's workers included), from ``getrusage(RUSAGE_CHILDREN)``: unlike wall time,
    they hardly change when other work shares the cores.

    ``ok`` are the exit statuses that mean success (bogofilter exits 0, 1 or 2 by the
    verdict of the last message it read).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout, "wb") as out, open(stdin or os.devnull, "rb") as inp:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=inp, stdout=out, stderr=subprocess.PIPE)
        watched = psutil.Process(proc.pid)
        peak_rss = peak_pss = 0
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                rss, pss = sample_tree(watched)
                peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": peak_rss / 2**20,
        "peak_pss_mb": peak_pss / 2**20,
    }


def bogofilter(tmp: Path, files: list[tuple[Path, bool]], mbox: Path) -> dict[str, Any]:
    """Train bogofilter on the corpora in a temporary home, then time ``-M -T`` on ``mbox``."""
    from spamkit.archives import write_mbox

    home = tmp / "bogofilter"
    home.mkdir()
    for spam, flag in ((True, "-s"), (False, "-n")):
        train = tmp / ("train-spam.mbox" if spam else "train-ham.mbox")
        with open(train, "wb") as fh:
            write_mbox(fh, (f.read_bytes() for f, s in files if s is spam))
        with open(train, "rb") as fh:
            subprocess.run(["bogofilter", "-C", "-d", str(home), "-M", flag], stdin=fh, check=True)
        train.unlink()
    out = tmp / "bogofilter.out"
    result = timed_run(["bogofilter", "-C", "-M", "-T", "-d", str(home)], mbox, out, (0, 1, 2))
    with open(out, "rb") as fh:
        result["rows"] = sum(1 for _ in fh)
    version = subprocess.run(["bogofilter", "-V"], capture_output=True, text=True).stdout
    result["version"] = version.split("\n", 1)[0].strip()
    return result


def spamkit_score(tmp: Path, mbox: Path, jobs: int) -> dict[str, Any]:
    """Time ``python -m spamkit score --jobs JOBS`` on ``mbox`` (shipped default model)."""
    out = tmp / f"spamkit-{jobs}.jsonl"
    cmd = [sys.executable, "-m", "spamkit", "score", str(mbox), "-o", str(out), "--jobs", str(jobs)]
    result = timed_run(cmd, None, tmp / "score.stdout")
    with open(out, "rb") as fh:
        result["rows"] = sum(1 for _ in fh)
    return result


def stages(files: list[tuple[Path, bool]], count: int) -> dict[str, float]:
    """Milliseconds per message of each stage, in this process, over ``count`` messages.

    The stages are the calls :meth:`spamkit.Classifier.classify` and ``spamkit score``
    make, timed one by one; "output" is the verdict (reasons, label) and the row that
    ``score`` writes, "total" the whole :func:`spamkit.batch.score_items` for comparison.
    """
    from spamkit import Classifier, parse
    from spamkit.batch import _verdict_row, score_items
    from spamkit.features import mail_features

    classifier = Classifier()
    raws = list(messages(files, count))
    score_items([(str(n), r, None) for n, r in enumerate(raws[:50])], classifier)  # warm up
    clock = time.perf_counter
    spent = dict.fromkeys(("parse", "detectors", "tokens", "model", "output"), 0.0)
    for n, raw in enumerate(raws):
        t0 = clock()
        mail = parse(raw)
        t1 = clock()
        hits = classifier.rules.check(mail)
        t2 = clock()
        features = mail_features(mail, hits, max_text_chars=classifier.model.max_text_chars)
        t3 = clock()
        classifier.model.explain(features, top=classifier.top_tokens)
        t4 = clock()
        spent["parse"] += t1 - t0
        spent["detectors"] += t2 - t1
        spent["tokens"] += t3 - t2
        spent["model"] += t4 - t3
        # The verdict assembly repeats the stages above inside classify(): time it as the
        # whole classify() less those stages, measured again on the same parsed mail.
        t5 = clock()
        verdict = classifier.classify(mail)
        t6 = clock()
        _verdict_row(str(n), mail, verdict, 5, "jsonl")
        t7 = clock()
        spent["output"] += max(0.0, (t6 - t5) - (t4 - t1)) + (t7 - t6)
    items = [(str(n), r, None) for n, r in enumerate(raws)]
    t0 = clock()
    score_items(items, classifier)
    spent["total (score_items)"] = clock() - t0
    return {name: seconds / count * 1000 for name, seconds in spent.items()}


def startup(files: list[tuple[Path, bool]], repeat: int, tmp: Path) -> dict[str, float]:
    """Median wall seconds of ``spamkit filter < one message`` and of ``import spamkit``.

    Each is timed twice: as this environment runs Python (this machine sets
    ``PYTHONDONTWRITEBYTECODE=1``, so an editable checkout compiles its sources on every
    start), and with bytecode cached (in a temporary ``PYTHONPYCACHEPREFIX``, warmed by
    one run first), as a ``pip install`` leaves a package.
    """
    message = tmp / "one.eml"
    message.write_bytes(files[0][0].read_bytes())
    commands = {
        "filter": ([sys.executable, "-m", "spamkit", "filter"], message),
        "import": ([sys.executable, "-c", "import spamkit"], None),
    }
    cached = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp / "pycache"))
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    result = {}
    for mode, env in (("", dict(os.environ)), (" (bytecode cached)", cached)):
        for name, (cmd, stdin) in commands.items():
            times = []
            for attempt in range(repeat + 1):
                with open(stdin or os.devnull, "rb") as inp:
                    start = time.perf_counter()
                    subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, check=True, env=env)
                    if attempt:  # the first run only warms the caches
                        times.append(time.perf_counter() - start)
            result[name + mode] = statistics.median(times)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=20_000, help="messages in the mbox")
    parser.add_argument("--sample", type=int, default=1000, help="messages for the stages")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each start-up command")
    parser.add_argument("--skip-batch", action="store_true", help="stages and start-up only")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 2
    import spamkit

    files = corpus_files()
    report: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores, {platform_line()}",
        "spamkit": f"{spamkit.__version__} from {Path(spamkit.__file__).parent}",
    }
    report["load_before"] = os.getloadavg()[0]
    print(
        f"{report['machine']}; spamkit {report['spamkit']};"
        f" load average {report['load_before']:.2f} (other work shares the cores)"
    )
    with tempfile.TemporaryDirectory(prefix="spamkit-speed-") as name:
        tmp = Path(name)
        if not args.skip_batch:
            from spamkit.archives import write_mbox

            mbox = tmp / "bench.mbox"
            with open(mbox, "wb") as fh:
                count = write_mbox(fh, messages(files, args.limit))
            size = mbox.stat().st_size / 2**20
            print(f"mbox: {count} messages, {size:.0f} MB ({len(files)} distinct files)")
            report["messages"] = count
            runs: dict[str, dict[str, Any]] = {}
            if shutil.which("bogofilter"):
                runs["bogofilter"] = bogofilter(tmp, files, mbox)
            else:
                print("bogofilter is not installed: ../shared/tools/peers/install-peers.sh")
            for jobs in (1, 2):
                runs[f"spamkit --jobs {jobs}"] = spamkit_score(tmp, mbox, jobs)
            for label, run in runs.items():
                run["msg_per_s"] = count / run["seconds"]
                run["msg_per_cpu_s"] = count / run["cpu_seconds"]
                print(
                    f"  {label:18s} {run['msg_per_s']:7.0f} msg/s ({run['seconds']:.1f} s,"
                    f" {run['rows']} rows); {run['msg_per_cpu_s']:.0f} msg per CPU second"
                    f" ({run['cpu_seconds']:.1f} CPU s); peak tree RSS"
                    f" {run['peak_rss_mb']:.0f} MB, PSS {run['peak_pss_mb']:.0f} MB"
                )
            report["runs"] = runs
            if "bogofilter" in runs:
                bogo = runs["bogofilter"]["msg_per_s"]
                two = runs["spamkit --jobs 2"]["msg_per_s"]
                report["ratio_jobs2"] = two / bogo
                report["ratio_per_core"] = two / 2 / bogo
                report["ratio_jobs1"] = runs["spamkit --jobs 1"]["msg_per_s"] / bogo
                # Per CPU second: what each would do on a core of its own, whatever else ran.
                report["ratio_per_cpu_second"] = (
                    runs["spamkit --jobs 2"]["msg_per_cpu_s"] / runs["bogofilter"]["msg_per_cpu_s"]
                )
                print(
                    f"ratio spamkit --jobs 2 / bogofilter (1 core): {report['ratio_jobs2']:.2f}"
                    f" ({two:.0f} / {bogo:.0f} msg/s); per core: {report['ratio_per_core']:.2f};"
                    f" --jobs 1: {report['ratio_jobs1']:.2f}; per CPU second (--jobs 2):"
                    f" {report['ratio_per_cpu_second']:.2f}"
                )
        print(f"stages, ms per message (one process, {args.sample} messages):")
        report["stages_ms"] = stages(files, args.sample)
        for name, ms in report["stages_ms"].items():
            print(f"  {name:20s} {ms:7.3f} ms")
        report["startup_s"] = startup(files, args.repeat, tmp)
        print(f"start-up, wall seconds (median of {args.repeat}):")
        for name, seconds in report["startup_s"].items():
            label = name.replace("filter", "spamkit filter < one message", 1)
            label = label.replace("import", "python -c 'import spamkit'", 1)
            print(f"  {label:56s} {seconds:.3f} s")
    report["load_after"] = os.getloadavg()[0]
    print(f"load average at the end: {report['load_after']:.2f}")
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


def platform_line() -> str:
    import platform

    return f"Python {platform.python_version()}, {platform.machine()}"


if __name__ == "__main__":
    sys.exit(main())
