"""spamkit beside the open-source filters (issue 6), on one seeded split of the shared corpora.

Makes one train/test split of ``../shared/corpora`` with the peers harness's
``split.py`` (hard links in a temporary directory, never in the repository), runs
the harness's ``peers.py`` on it, trains spamkit on the same train folders and
scores the same test files, then prints one table for every filter and the
Japanese subset (the ``ja_ham`` and ``ja_spam`` test files) apart.  The peers'
subset figures come from their per-message TSVs through the harness's own
``auc``, ``fnr_at_fpr`` and ``metrics``, so every row is computed the same way.

Usage::

    nice python benchmarks/compare_peers.py [--seed 1] [--test-frac 0.3] [--jobs 1]
        [--peers bogofilter,spamassassin,bsfilter,crm114,rspamd] [--work DIR]
        [--output benchmarks/RESULTS-peers.md]

Install the peers first (root): ``sh ../shared/tools/peers/install-peers.sh``.
``--work DIR`` keeps the split and the peers' output there; a second run with the
same DIR reuses both (only spamkit is trained and scored again), which is how to
re-measure spamkit after a change without the twenty-minute peer run.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ALL_PEERS = "bogofilter,spamassassin,bsfilter,crm114,rspamd"
HAM = ("spamassassin/easy_ham", "spamassassin/easy_ham_2", "spamassassin/hard_ham", "ja_ham")
SPAM = ("spamassassin/spam", "spamassassin/spam_2", "ja_spam")
#: split.py prefixes each file with its source folder's name when it merges folders.
JA_PREFIXES = ("ham/ja_ham__", "spam/ja_spam__")
#: Everything below this line of ``--output`` is hand-written and kept when it is rewritten.
NOTES_MARKER = "<!-- notes: kept by compare_peers.py -->"


def load_harness(tools: Path) -> ModuleType:
    """Import the harness's ``peers.py`` (standard library only) for its metric functions."""
    spec = importlib.util.spec_from_file_location("peers_harness", tools / "peers.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {tools / 'peers.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_split(tools: Path, corpora: Path, split: Path, test_frac: float, seed: int) -> dict:
    """Run ``split.py --link`` once; reuse an existing split made with the same settings."""
    done = split / "split.json"
    if done.exists():
        info = json.loads(done.read_text())
        if info.get("seed") != seed or info.get("test_frac") != test_frac:
            raise SystemExit(f"{split} holds a split with other settings; use another --work")
        return info
    ham = ",".join(str(corpora / f) for f in HAM)
    spam = ",".join(str(corpora / f) for f in SPAM)
    cmd = [sys.executable, str(tools / "split.py"), ham, spam, str(split)]
    cmd += ["--test-frac", str(test_frac), "--seed", str(seed), "--link"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(done.read_text())


def run_peers(tools: Path, split: Path, out: Path, peers: str, jobs: int) -> dict:
    """Run ``peers.py`` unless ``out`` already holds a summary with every requested peer."""
    summary_path = out / "summary.json"
    if summary_path.exists():
        summary = json.loads(summary_path.read_text())
        if set(peers.split(",")) <= set(summary.get("peers", {})):
            print(f"reusing peer results in {out}", file=sys.stderr)
            return summary
    cmd = [sys.executable, str(tools / "peers.py"), "--train", str(split / "train")]
    cmd += ["--test", str(split / "test"), "--out", str(out), "--peers", peers]
    cmd += ["--jobs", str(jobs)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(summary_path.read_text())


def run_spamkit(split: Path, out: Path, holdout: float, seed: int) -> dict[str, Any]:
    """Train spamkit on ``split/train`` and score ``split/test`` one message at a time.

    Training follows the shipped model's recipe (``spamkit train --holdout 0.3``): a
    grouped held-out part of the *train* folders measures the model and sets its
    threshold, then it is refitted on all of them; the test folder is never seen.
    Train seconds cover reading, parsing and fitting (as a peer's training reads its
    files); msg/s covers reading, parsing and classifying each test file in one
    process, which is what ``--jobs 1`` measures for the peers.
    """
    from spamkit import Classifier
    from spamkit.model import save_model
    from spamkit.training import load_corpus, train

    started = time.perf_counter()
    corpus = load_corpus([str(split / "train" / "ham")], [str(split / "train" / "spam")])
    model = train(corpus, holdout=holdout, seed=seed)
    train_s = time.perf_counter() - started
    model_dir = save_model(model, out / "spamkit-model")
    classifier = Classifier(model_dir)
    test_dir = split / "test"
    files = [
        (path, label)
        for label in ("ham", "spam")
        for path in sorted((test_dir / label).iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]
    scores: list[float | None] = []
    started = time.perf_counter()
    for path, _ in files:
        try:
            scores.append(classifier.classify(path.read_bytes()).score)
        except Exception as exc:  # scored like a peer: one broken message is one error
            print(f"  spamkit: {path.name}: {exc}", file=sys.stderr)
            scores.append(None)
    score_s = time.perf_counter() - started
    with open(out / "spamkit.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tlabel\tscore\n")
        for (path, label), score in zip(files, scores, strict=True):
            value = "nan" if score is None else repr(score)
            fh.write(f"{path.relative_to(test_dir)}\t{label}\t{value}\n")
    import spamkit

    return {
        "version": f"spamkit {spamkit.__version__}",
        "variant": (
            f"{model.algorithm}, language-balanced weights, holdout {holdout},"
            " score = log-odds + rule scores, spam if score >= threshold"
        ),
        "default_threshold": classifier.threshold,
        "train_s": round(train_s, 2),
        "score_s": round(score_s, 2),
        "msgs_per_s": round(len(files) / score_s, 1),
        "unreadable_train": len(corpus.errors),
    }


def read_tsv(path: Path) -> list[tuple[str, str, float | None]]:
    """(file, label, score or None) rows of a peer's per-message TSV."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            score = float(row["score"])
            rows.append((row["file"], row["label"], None if score != score else score))
    return rows


def decision(harness: ModuleType, name: str, threshold: float) -> Callable[[float], bool]:
    """The peer's own default decision (``>=``, or bsfilter's ``>``) at ``threshold``."""
    peer = harness.PEERS.get(name)
    if peer is None:  # spamkit: spam when the score reaches the threshold, as Verdict.label
        return lambda score: score >= threshold
    holder = SimpleNamespace(threshold=threshold)
    return lambda score: peer.is_spam(holder, score)


def subset_metrics(harness: ModuleType, out: Path, name: str, threshold: float) -> dict:
    """The harness's ``metrics`` on the Japanese test files of one filter's TSV."""
    rows = [
        (label, score)
        for file, label, score in read_tsv(out / f"{name}.tsv")
        if file.startswith(JA_PREFIXES)
    ]
    return harness.metrics(decision(harness, name, threshold), rows)


def _cell(value: Any, digits: int) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def tables(results: dict[str, dict], ja: dict[str, dict]) -> str:
    """The markdown: all test messages, then the Japanese subset."""
    lines = [
        "| filter | AUC | FNR % at FPR ≤ 0.1 % | FPR % | FNR % | train s | msg/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"| {name} | failed: {r['error']} | | | | | |")
            continue
        lines.append(
            f"| {name} | {_cell(r.get('auc'), 6)} | {_cell(r.get('fnr_at_fpr_0.1pct'), 3)}"
            f" | {_cell(r.get('fpr_pct'), 3)} | {_cell(r.get('fnr_pct'), 3)}"
            f" | {_cell(r.get('train_s'), 1)} | {_cell(r.get('msgs_per_s'), 1)} |"
        )
    any_ja = next(iter(ja.values()), {})
    lines += [
        "",
        f"Japanese subset (`ja_ham` + `ja_spam` test files: {any_ja.get('n_ham')} ham,"
        f" {any_ja.get('n_spam')} spam; same models and thresholds):",
        "",
        "| filter | AUC | FNR % at FPR ≤ 0.1 % | FPR % | FNR % |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, r in ja.items():
        lines.append(
            f"| {name} | {_cell(r.get('auc'), 6)} | {_cell(r.get('fnr_at_fpr_0.1pct'), 3)}"
            f" | {_cell(r.get('fpr_pct'), 3)} | {_cell(r.get('fnr_pct'), 3)} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Split, run the peers and spamkit, print the table and write it to ``--output``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    parser.add_argument("--tools", type=Path, default=SHARED / "tools" / "peers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--test-frac", type=float, default=0.3)
    parser.add_argument("--peers", default=ALL_PEERS, help=f"comma list (default {ALL_PEERS})")
    parser.add_argument("--jobs", type=int, default=1, help="passed to peers.py (default 1)")
    parser.add_argument(
        "--holdout", type=float, default=0.3, help="spamkit train --holdout (default 0.3)"
    )
    parser.add_argument("--work", type=Path, help="keep split and outputs here (default: temp)")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "RESULTS-peers.md")
    args = parser.parse_args(argv)
    for path in (args.corpora, args.tools / "peers.py", args.tools / "split.py"):
        if not path.exists():
            parser.error(f"{path} not found")
    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="sk-peers-"))
    if work.is_relative_to(REPO):
        parser.error("--work must be outside the repository (the split holds the corpora)")
    harness = load_harness(args.tools)
    split, out = work / "split", work / "out"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = make_split(args.tools, args.corpora, split, args.test_frac, args.seed)
    reused = (out / "summary.json").exists()
    summary = run_peers(args.tools, split, out, args.peers, args.jobs)
    spamkit_run = run_spamkit(split, out, args.holdout, args.seed)
    results: dict[str, dict] = {}
    ja: dict[str, dict] = {}
    for name in [*args.peers.split(","), "spamkit"]:
        if name == "spamkit":
            run: dict[str, Any] = dict(spamkit_run)
            rows = [(label, score) for _, label, score in read_tsv(out / "spamkit.tsv")]
            run.update(harness.metrics(decision(harness, name, run["default_threshold"]), rows))
        else:
            run = summary["peers"].get(name, {"error": "not run"})
        results[name] = run
        if "error" not in run:
            ja[name] = subset_metrics(harness, out, name, run["default_threshold"])
    table = tables(results, ja)
    print(table)
    options = {
        "--seed": args.seed,
        "--test-frac": args.test_frac,
        "--peers": args.peers,
        "--jobs": args.jobs,
        "--holdout": args.holdout,
    }
    command = "nice python benchmarks/compare_peers.py " + shlex.join(
        [str(part) for pair in options.items() for part in pair]
    )
    details = {
        name: {k: r.get(k) for k in ("version", "variant", "default_threshold", "errors")}
        for name, r in results.items()
    }
    text = "\n".join(
        [
            "# spamkit beside the open-source filters",
            "",
            f"Command (from the repository root): `{command.strip()}`",
            "",
            "Split: `split.py` of `../shared/tools/peers` over every folder of"
            " `../shared/corpora` (ham: easy_ham, easy_ham_2, hard_ham, ja_ham; spam: spam,"
            f" spam_2, ja_spam), test fraction {args.test_frac}, seed {args.seed}:"
            f" train {counts['train_ham']} ham / {counts['train_spam']} spam,"
            f" test {counts['test_ham']} ham / {counts['test_spam']} spam."
            f" Every filter starts empty, learns the train folders and scores every test file"
            f" once (`--jobs {args.jobs}`); {os.cpu_count()} cores shared with other work.",
            "",
            "FPR/FNR are at each filter's own default threshold; FNR at FPR ≤ 0.1 % is the"
            " lowest FNR over thresholds that leave at most 0.1 % of the test ham above;"
            " AUC counts ties as one half (the harness's `metrics`).",
            "",
            table,
            "",
            "Filters as run:",
            "",
            "```json",
            json.dumps(details, indent=2, ensure_ascii=False),
            "```",
            "",
            f"Wall time of this run {time.perf_counter() - started:.0f} s"
            + (" (peer results reused from an earlier run on the same split)." if reused else "."),
            "",
        ]
    )
    if args.output.exists():  # keep the hand-written reading of the table below the marker
        old = args.output.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            text += "\n" + NOTES_MARKER + old.split(NOTES_MARKER, 1)[1]
    args.output.write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"all": results, "ja": ja}, indent=2))
    print(f"\nwrote {args.output}; per-message scores in {out}", file=sys.stderr)
    if not args.work:
        shutil.rmtree(work / "split", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
