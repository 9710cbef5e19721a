"""``spamkit serve``: answer SpamAssassin's spamd protocol (spamc, Exim, aiospamc) with spamkit."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable

from ..errors import ConfigError
from ._common import add_options


def _mode(text: str) -> int:
    try:
        mode = int(text, 8)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an octal mode such as 0660") from None
    if not 0 <= mode <= 0o777:
        raise argparse.ArgumentTypeError(f"{text!r} is not a permission mode")
    return mode


def _positive(kind: type[float]) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be above 0")
        return value

    return convert


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..integrations.spamd import DEFAULT_LISTEN, DEFAULT_MAX_SIZE

    parser = subparsers.add_parser(
        "serve",
        help="run as a spamd-compatible daemon (spamc, Exim's spam =, aiospamc)",
        description=(
            "Load the model once and answer SpamAssassin's spamd protocol (SPAMC/SPAMD 1.5): "
            "PING, CHECK, SYMBOLS, REPORT, REPORT_IFSPAM, PROCESS, HEADERS, SKIP and, with "
            "--allow-tell, TELL.  PROCESS returns what 'spamkit filter' would.  SIGHUP reloads "
            "the model (a broken one keeps the old serving); SIGTERM/SIGINT finish the "
            "requests in flight and exit 0."
        ),
    )
    parser.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="ADDRESS",
        help="unix:PATH or HOST:PORT (default: %(default)s, spamc's default; loopback only "
        "unless another address is given)",
    )
    add_options(parser, "model", "threshold", "rules")
    parser.add_argument(
        "--workers",
        type=_positive(int),
        default=os.cpu_count() or 1,
        metavar="N",
        help="classifying processes; each loads the model once (default: one per core)",
    )
    parser.add_argument(
        "--max-connections",
        type=_positive(int),
        default=64,
        metavar="N",
        help="connections served at once; more wait in the listen queue (default: %(default)s)",
    )
    parser.add_argument(
        "--max-size",
        type=_positive(int),
        default=DEFAULT_MAX_SIZE,
        metavar="BYTES",
        help="larger messages are refused with EX_DATAERR (65) (default: %(default)s)",
    )
    parser.add_argument(
        "--read-timeout",
        type=_positive(float),
        default=30.0,
        metavar="SECONDS",
        help="time a client has to send its request (default: %(default)s)",
    )
    parser.add_argument(
        "--scan-timeout",
        type=_positive(float),
        default=60.0,
        metavar="SECONDS",
        help="time one message may take; the worker is then replaced (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-tell",
        action="store_true",
        help="accept TELL (spamc -L spam|ham): learn into the in-memory model",
    )
    parser.add_argument(
        "--tell-save",
        metavar="DIR",
        help="after each TELL that learned, save the model to DIR (atomically; may be --model)",
    )
    parser.add_argument(
        "--socket-mode",
        type=_mode,
        default=0o600,
        metavar="MODE",
        help="permissions of a unix socket, octal (default: 0600)",
    )
    parser.add_argument("--log-level", default="INFO", help="logging level (default: INFO)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..integrations.spamd import LOG_FORMAT, ServeOptions, serve

    level = logging.getLevelName(args.log_level.upper())
    if not isinstance(level, int):
        raise ConfigError(f"--log-level {args.log_level!r}: not a logging level")
    if args.tell_save and not args.allow_tell:
        raise ConfigError("--tell-save needs --allow-tell")
    logging.basicConfig(level=level, format=LOG_FORMAT)
    options = ServeOptions(
        model=args.model,
        threshold=args.threshold,
        rules=args.rules,
        workers=args.workers,
        max_connections=args.max_connections,
        max_size=args.max_size,
        read_timeout=args.read_timeout,
        scan_timeout=args.scan_timeout,
        allow_tell=args.allow_tell,
        tell_save=args.tell_save,
        socket_mode=args.socket_mode,
        log_level=level,
    )
    return serve(args.listen, options)
