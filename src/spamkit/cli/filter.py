"""``spamkit filter``: one message on stdin, the same bytes plus ``X-Spam-*`` headers on stdout."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from ._common import add_options, classifier_from

if TYPE_CHECKING:
    from ..classifier import Classifier
    from ..integrations.dnsbl import DnsblChecker
    from ..rules import RuleHit


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..integrations.filter import DEFAULT_MAX_BYTES

    parser = subparsers.add_parser(
        "filter",
        help="add X-Spam-* headers to one message (procmail, maildrop, Sieve, content filter)",
        description=(
            "Read one message on stdin and write it to stdout byte for byte, with "
            "SpamAssassin-compatible X-Spam-Status/-Score/-Report headers added and any "
            "incoming X-Spam-* headers renamed to X-Spam-Prev-*.  On an internal error "
            "the message passes through with 'X-Spam-Status: Error' and the exit status "
            "is 0."
        ),
    )
    add_options(parser, "model", "threshold", "rules")
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit like bogofilter: 0 spam, 1 ham, 3 error (default: always 0)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="classify only the first N bytes; the rest passes through (default: %(default)s)",
    )
    parser.add_argument(
        "--dnsbl",
        action="store_true",
        help="also look the sender's and URLs' domains (and --client-ip) up in the DNSBLs",
    )
    parser.add_argument("--resolver", metavar="IP[:PORT]", help="resolver for --dnsbl")
    parser.add_argument("--client-ip", metavar="IP", help="connecting client, for --dnsbl")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..integrations.filter import filter_stream

    # Problems are one line each on stderr (a broken model: one line, not a traceback).
    logging.basicConfig(level=logging.WARNING, format="spamkit filter: %(message)s")

    def load() -> Classifier:
        return classifier_from(args)

    extra = None
    if args.dnsbl:
        checkers: list[DnsblChecker] = []  # built on first use: a failure is reported in-band

        def extra(raw: bytes) -> list[RuleHit]:
            from ..integrations.dnsbl import DnsblChecker

            if not checkers:
                checkers.append(DnsblChecker(resolver=args.resolver))
            return checkers[0].check_message(raw, args.client_ip)

    return filter_stream(
        sys.stdin.buffer,
        sys.stdout.buffer,
        load,
        exit_codes=args.exit_code,
        max_bytes=args.max_bytes,
        extra_hits=extra,
    )
