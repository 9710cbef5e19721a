"""``spamkit score``: score whole archives, one row per message (see :mod:`spamkit.batch`)."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from typing import Any

from ..batch import DEFAULT_CHUNK_SIZE, FORMATS, Summary, score_archives
from ._common import add_options

__all__ = ["EXIT_STATUSES", "add_parser", "run"]

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_PARTIAL = 23
EXIT_INTERRUPTED = 130

#: What each exit status means, for --help and the README (a test keeps them equal).
#: 23 is rsync's "partial transfer due to error": most of the work is done, some is not.
EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "every message of every input got a verdict"),
    (
        EXIT_INPUT,
        "an input could not be opened or held no message (named on stderr); the other"
        " inputs were scored; takes precedence over 23",
    ),
    (2, "a usage error (a bad option or value); nothing was scored"),
    (
        EXIT_PARTIAL,
        "partial: some messages got a row labelled error (a damaged archive, an unreadable"
        " or vanished file, a message that could not be parsed or scored); every other"
        " message got its verdict",
    ),
    (
        EXIT_INTERRUPTED,
        "interrupted (Ctrl-C or SIGTERM): the output holds whole rows; --resume finishes it",
    ),
)


def _epilog() -> str:
    lines = ["exit status:"]
    for code, meaning in EXIT_STATUSES:
        lines.append(
            textwrap.fill(meaning, 76, initial_indent=f"  {code:<4} ", subsequent_indent=" " * 7)
        )
    return "\n".join(lines)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``score`` on the ``spamkit`` sub-command parser."""
    parser = subparsers.add_parser(
        "score",
        help="score mail archives (mbox, Maildir, MH, folders), one row per message",
        description=textwrap.fill(  # filled here: the raw formatter keeps the epilog's table
            "Score every message of each ARCHIVE: an mbox (also .gz, .bz2, .xz), a Maildir"
            " (with its Maildir++ folders), an MH folder, a folder of message files, a message"
            " file, or - for standard input. Writes one row per message, in input order;"
            " unreadable messages get label 'error'.",
            78,
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("archives", nargs="+", metavar="ARCHIVE")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", dest="fmt")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help=f"worker processes, 1 or more (default: one per core, here {os.cpu_count() or 1})",
    )
    parser.add_argument("--only", choices=("spam", "ham"), help="write only rows with this label")
    parser.add_argument(
        "--no-subfolders",
        dest="subfolders",
        action="store_false",
        help="read only a Maildir's INBOX (cur/ and new/), not its Maildir++ folders"
        " (.Sent, .Junk, ...), which are read by default; tmp/ is never read",
    )
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
    """Score the archives; the exit status is one of :data:`EXIT_STATUSES`."""
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
        return EXIT_INTERRUPTED
    if not args.quiet:
        print(f"spamkit score: {summary.line()}", file=sys.stderr)
        if summary.errors:
            print(
                f"spamkit score: {summary.errors} message{'s' if summary.errors > 1 else ''}"
                " could not be read or scored (label error in the output): exit status"
                f" {EXIT_PARTIAL}",
                file=sys.stderr,
            )
    if summary.failed_inputs or summary.empty_inputs:
        return EXIT_INPUT
    return EXIT_PARTIAL if summary.errors else EXIT_OK


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
        subfolders=args.subfolders,
        resume=args.resume,
        progress=False if args.quiet else None,
        backend=args.backend,
        scheduler=args.scheduler,
        chunk_size=args.chunk_size,
        report=lambda message: print(f"spamkit score: {message}", file=sys.stderr),
    )
