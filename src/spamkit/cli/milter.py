"""``spamkit milter``: serve Postfix/Sendmail as a milter (needs the ``milter`` extra)."""

from __future__ import annotations

import argparse
import logging
import sys

from ._common import add_options, classifier_from


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "milter",
        help="run as a Postfix/Sendmail milter (adds X-Spam-* headers, fails open)",
        description=(
            "Serve the milter protocol.  Adds the same X-Spam-* headers as 'spamkit "
            "filter'; optionally rejects (550 5.7.1) or quarantines above a score.  Any "
            "internal error or timeout accepts the message and logs why."
        ),
    )
    parser.add_argument(
        "--listen",
        required=True,
        metavar="SOCKET",
        help="inet:PORT@HOST (e.g. inet:8891@127.0.0.1) or unix:PATH",
    )
    add_options(parser, "model", "threshold", "rules")
    parser.add_argument("--reject-above", type=float, metavar="SCORE", help="reject at/above")
    parser.add_argument(
        "--quarantine-above", type=float, metavar="SCORE", help="quarantine (hold) at/above"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="accept unchecked if classification takes longer (default: %(default)s)",
    )
    parser.add_argument("--dnsbl", action="store_true", help="add DNSBL results to the verdict")
    parser.add_argument("--resolver", metavar="IP[:PORT]", help="resolver for --dnsbl")
    parser.add_argument(
        "--dnsbl-can-reject",
        action="store_true",
        help="let DNSBL scores count towards --reject-above (default: they cannot)",
    )
    parser.add_argument("--log-level", default="INFO", help="logging level (default: INFO)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..integrations.milter import MilterOptions, normalise_listen, serve

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s spamkit-milter %(levelname)s %(message)s"
    )
    normalise_listen(args.listen)
    try:
        import Milter  # noqa: F401
    except ImportError:
        print("spamkit milter: needs pymilter: pip install 'spamkit[milter]'", file=sys.stderr)
        return 2
    dnsbl = None
    if args.dnsbl:
        from ..integrations.dnsbl import DnsblChecker

        dnsbl = DnsblChecker(resolver=args.resolver)
    options = MilterOptions(
        reject_above=args.reject_above,
        quarantine_above=args.quarantine_above,
        timeout=args.timeout,
        dnsbl_can_reject=args.dnsbl_can_reject,
    )
    serve(args.listen, classifier_from(args), options, dnsbl=dnsbl)
    return 0
