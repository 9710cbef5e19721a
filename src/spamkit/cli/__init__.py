"""``python -m spamkit``: a thin argparse shell over the library.

Each sub-command lives in its own module of this package, which exposes
``add_parser(subparsers)`` and ``run(args) -> int``.  ``main`` parses, dispatches,
and turns spamkit's own errors into a one-line message and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import SpamkitError

__all__ = ["main"]

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "classify",
    "train",
    "learn",
    "score",
    "evaluate",
    "filter",
    "milter",
    "serve",
    "dnsbl",
    "generate",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, that sub-command's alone.

    Building every sub-command imports every sub-command module, and some of those
    import heavy parts (``serve`` the asyncio daemon, ``classify`` the whole
    classifier): ``spamkit filter`` paid 0.09 s for the spamd module alone
    (``python -X importtime``, 2026-11-30).  :func:`main` builds only the command it
    runs; ``--help`` and a mistyped command still get the full list.
    """
    parser = argparse.ArgumentParser(
        prog="spamkit",
        description="Tell spam from legitimate mail (Japanese and English).",
    )
    parser.add_argument("--version", action="version", version=f"spamkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"{__name__}.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["milter"]:
        # Before any sub-command module starts a library's threads (see the function).
        from ..integrations.milter import block_stop_signals

        block_stop_signals()
    parser = build_parser(argv[0] if argv[:1] and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except SpamkitError as exc:
        print(f"spamkit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"spamkit {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
