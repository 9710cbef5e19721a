"""``spamkit score``: score whole archives, one row per message (see :mod:`spamkit.batch`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..batch import DEFAULT_CHUNK_SIZE, FORMATS, Summary, score_archives
from ._common import add_options

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``score`` on the ``spamkit`` sub-command parser."""
    parser = subparsers.add_parser(
        "score",
        help="score mail archives (mbox, Maildir, MH, folders), one row per message",
        description=(
            "Score every message of each ARCHIVE: an mbox (also .gz, .bz2, .xz), a Maildir,"
            " an MH folder, a folder of message files, a message file, or - for standard input."
            " Writes one row per message, in input order; unreadable messages get label 'error'."
        ),
    )
    parser.add_argument("archives", nargs="+", metavar="ARCHIVE")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", dest="fmt")
    parser.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument("--only", choices=("spam", "ham"), help="write only rows with this label")
    add_options(parser, "model", "threshold", "rules")
    parser.add_argument(
        "--resume", action="store_true", help="continue an interrupted run into the same -o file"
    )
    add_options(parser, "quiet", quiet={"help": "no progress bar, no summary"})
    parser.add_argument("--backend", choices=("loky", "dask"), default="loky")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786)")
    parser.add_argument(
        "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help=argparse.SUPPRESS
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Score the archives: 0 on success, 1 if an input could not be opened, 130 on Ctrl-C."""
    if args.backend == "dask" and not args.scheduler:
        print("spamkit score: error: --backend dask needs --scheduler ADDRESS", file=sys.stderr)
        return 2
    try:
        summary = _score(args)
    except KeyboardInterrupt:
        if args.output != "-":
            print(
                f"spamkit score: interrupted; {args.output} holds whole rows only:"
                " run again with --resume to finish",
                file=sys.stderr,
            )
        return 130
    if not args.quiet:
        print(f"spamkit score: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed_inputs else 0


def _score(args: argparse.Namespace) -> Summary:
    return score_archives(
        args.archives,
        args.output,
        model=args.model,
        rules=args.rules,
        threshold=args.threshold,
        fmt=args.fmt,
        jobs=args.jobs,
        only=args.only,
        resume=args.resume,
        progress=False if args.quiet else None,
        backend=args.backend,
        scheduler=args.scheduler,
        chunk_size=args.chunk_size,
        report=lambda message: print(f"spamkit score: {message}", file=sys.stderr),
    )
