"""``spamkit dnsbl check``: is every blocklist lookup trustworthy through this resolver?"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "dnsbl",
        help="health-check the DNS blocklists (for cron or monitoring)",
        description="Health checks for the DNS blocklists spamkit (or your MTA) uses.",
    )
    sub = parser.add_subparsers(dest="dnsbl_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="query each zone's test points; exit 1 when a zone is broken",
        description=(
            "Query each zone's test points (2.0.0.127.<zone> must be listed, "
            "1.0.0.127.<zone> must not be) and print OK or a diagnosis.  Exit status: "
            "0 all OK, 1 a zone is broken or the mail log shows rejections caused by "
            "DNSBL errors."
        ),
    )
    check.add_argument(
        "--resolver",
        metavar="IP[:PORT]",
        help="recursive resolver to ask (default: the system's, from /etc/resolv.conf)",
    )
    check.add_argument(
        "--zone",
        action="append",
        metavar="Z",
        help="check only this zone (short name or DNS zone; repeatable). A zone the "
        "table does not know counts 127.0.0.2-.254 as listed, 127.255.255.0/24 as errors",
    )
    check.add_argument("--zones-file", metavar="TOML", help="zone table (default: the shipped one)")
    check.add_argument("--timeout", type=float, metavar="SECONDS", help="per-lookup timeout")
    check.add_argument(
        "--maillog",
        metavar="FILE",
        help="also scan this Postfix log for 'blocked using ...; Error:' rejections",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import dns.resolver  # noqa: F401
    except ImportError:
        print("spamkit dnsbl: needs dnspython: pip install 'spamkit[dns]'", file=sys.stderr)
        return 2
    from ..integrations.dnsbl import (
        DnsblChecker,
        health_check,
        load_zones,
        postfix_restriction,
        scan_maillog,
    )

    zones, defaults = load_zones(args.zones_file, args.zone)
    checker = DnsblChecker(
        zones,
        args.resolver,
        timeout=args.timeout if args.timeout is not None else defaults["timeout"],
    )
    status = 0
    for result in health_check(checker):
        print(result.message)
        if not result.ok:
            status = 1
    if args.maillog:
        with open(args.maillog, encoding="utf-8", errors="replace") as fh:
            findings = scan_maillog(fh)
        if not findings:
            print(f"OK: {args.maillog}: no rejections caused by DNSBL errors")
        for finding in findings:
            status = 1
            known, _ = load_zones(args.zones_file, [finding.zone])
            print(
                f"BROKEN: {args.maillog}: {finding.count} message(s) rejected because "
                f"{finding.zone} answered an error (Error: {finding.error}), not a listing. "
                f"Fix: accept only listing codes, e.g. {postfix_restriction(known[0])}"
            )
    sys.stdout.flush()
    return status
