"""Score every message of ``../shared/corpora`` with the shipped model; write or compare.

The regression lock of issue 10: a refactor must leave every verdict as it was.  One
gzipped TSV row per message file, sorted by path::

    path <TAB> label <TAB> repr(score) <TAB> sorted names of the rules and defects

Only the public API is used (``spamkit.classify``), so the script keeps working while
the modules under it move.  Regenerate deliberately, when an issue changes the model
or the rules on purpose::

    python tests/golden/make_snapshot.py            # writes tests/golden/verdicts.tsv.gz
    python tests/golden/make_snapshot.py --check    # compares, exit 1 on a difference

``tests/test_golden.py`` runs the comparison (marked slow and corpora).
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"
SNAPSHOT = Path(__file__).resolve().parent / "verdicts.tsv.gz"
#: Every folder of the shared corpora (16,585 message files on 2026-11-29).
FOLDERS = (
    "spamassassin/easy_ham",
    "spamassassin/easy_ham_2",
    "spamassassin/hard_ham",
    "spamassassin/spam",
    "spamassassin/spam_2",
    "ja_ham",
    "ja_spam",
    "phishing",
)
SCORE_TOLERANCE = 1e-9

Row = tuple[str, str, float, tuple[str, ...]]


def message_paths(root: Path = CORPORA) -> list[str]:
    """Relative paths of every message file of the corpora, sorted."""
    paths = []
    for folder in FOLDERS:
        for path in (root / folder).iterdir():
            if path.is_file() and not path.name.startswith("."):
                paths.append(path.relative_to(root).as_posix())
    return sorted(paths)


def _score_chunk(root: str, paths: Sequence[str]) -> list[Row]:
    """Worker task: classify each file with the default model (loaded once per process)."""
    import spamkit

    rows = []
    for rel in paths:
        verdict = spamkit.classify((Path(root) / rel).read_bytes())
        names = tuple(sorted(r.name for r in verdict.reasons if r.kind in ("rule", "defect")))
        rows.append((rel, verdict.label, float(verdict.score), names))
    return rows


def score_corpora(root: Path = CORPORA, jobs: int = 2, chunk: int = 400) -> list[Row]:
    """Every message's row, in path order; ``jobs`` worker processes (joblib/loky)."""
    paths = message_paths(root)
    chunks = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    if jobs == 1:
        results = [_score_chunk(str(root), c) for c in chunks]
    else:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=jobs, backend="loky")(
            delayed(_score_chunk)(str(root), c) for c in chunks
        )
    return [row for rows in results for row in rows]


def write_snapshot(rows: Sequence[Row], path: Path = SNAPSHOT) -> None:
    """Write ``rows`` as a gzipped TSV (fixed mtime, so equal rows give equal bytes)."""
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh,
    ):
        for rel, label, score, names in rows:
            fh.write(f"{rel}\t{label}\t{score!r}\t{','.join(names)}\n".encode())


def read_snapshot(path: Path = SNAPSHOT) -> list[Row]:
    """The rows of a snapshot file."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rel, label, score, names = line.rstrip("\n").split("\t")
            rows.append((rel, label, float(score), tuple(names.split(",")) if names else ()))
    return rows


def differences(expected: Sequence[Row], actual: Sequence[Row]) -> Iterator[str]:
    """One line per message whose label, score (beyond 1e-9) or rule names differ."""
    want = {row[0]: row for row in expected}
    got = {row[0]: row for row in actual}
    for rel in sorted(want.keys() - got.keys()):
        yield f"{rel}: missing from this run"
    for rel in sorted(got.keys() - want.keys()):
        yield f"{rel}: not in the snapshot"
    for rel in sorted(want.keys() & got.keys()):
        _, label_a, score_a, names_a = want[rel]
        _, label_b, score_b, names_b = got[rel]
        what = []
        if label_a != label_b:
            what.append(f"label {label_a} -> {label_b}")
        if not math.isclose(score_a, score_b, rel_tol=0.0, abs_tol=SCORE_TOLERANCE):
            what.append(f"score {score_a!r} -> {score_b!r}")
        if names_a != names_b:
            lost = sorted(set(names_a) - set(names_b))
            new = sorted(set(names_b) - set(names_a))
            what.append(f"names -{lost} +{new}")
        if what:
            yield f"{rel}: {'; '.join(what)}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = score_corpora(jobs=args.jobs)
    seconds = time.perf_counter() - started
    print(f"{len(rows)} messages scored in {seconds:.1f} s", file=sys.stderr)
    if not args.check:
        write_snapshot(rows)
        print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size} bytes)", file=sys.stderr)
        return 0
    diffs = list(differences(read_snapshot(), rows))
    for line in diffs[:50]:
        print(line)
    print(f"{len(diffs)} messages differ", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
