"""What the Authentication-Results of each source family report, read as if trusted.

spamkit trusts no ``Authentication-Results`` header unless the site names its authserv-id
(``spamkit.detectors.auth``), so the ``AUTH_*`` signals never fire on the shared corpora.
To set their hand-made scores with some evidence, this script trusts, in each message,
whoever wrote its topmost header (the phishing honeypot's Exchange writes one without an
authserv-id into every message) and prints how often each ``AUTH_*`` name would fire, per
family.  Only the phishing has such headers: read the figures as "how much of real
phishing passes or fails each check", not as firing rates on ham.

Usage::

    nice python benchmarks/auth_results.py [--corpora ../shared/corpora] [--limit N]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

from signal_rates import FAMILIES, corpus_messages

from spamkit import parse
from spamkit.detectors.auth import parse_authentication_results
from spamkit.rules import RuleSet

#: The names measured, in report order.
NAMES = (
    "AUTH_SPF_PASS",
    "AUTH_SPF_FAIL",
    "AUTH_SPF_SOFTFAIL",
    "AUTH_DKIM_ALIGNED",
    "AUTH_DKIM_FAIL",
    "AUTH_DMARC_PASS",
    "AUTH_DMARC_FAIL",
    "AUTH_DMARC_FAIL_QUARANTINE",
    "AUTH_DMARC_FAIL_REJECT",
    "AUTH_BRAND_VERIFIED",
    "AUTH_BRAND_FORGED",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "corpora"
    parser.add_argument("--corpora", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="messages per family")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    base = RuleSet.load()
    rules = list(base.rules.values())
    sizes: Counter[str] = Counter()
    with_header: Counter[str] = Counter()
    hits: dict[str, Counter[str]] = {f: Counter() for f, _, _ in FAMILIES}
    for family, _, raw in corpus_messages(args.corpora, args.limit):
        sizes[family] += 1
        mail = parse(raw)
        top = next((v for k, v in mail.headers if k.lower() == "authentication-results"), None)
        if top is None:
            continue
        with_header[family] += 1
        writer = parse_authentication_results(top).authserv_id
        trusting = dataclasses.replace(base.lists, trusted_authserv_ids=frozenset({writer}))
        hits[family].update(set(RuleSet(rules, trusting).fired(mail)) & set(NAMES))
    families = [f for f, _, _ in FAMILIES if sizes[f]]
    print("| name | " + " | ".join(families) + " |")
    print("|---|" + "---:|" * len(families))
    for name in NAMES:
        cells = [
            f"{100 * hits[f][name] / with_header[f]:.1f}" if with_header[f] else "-"
            for f in families
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    counts = " | ".join(str(with_header[f]) for f in families)
    print(f"| messages with the header | {counts} |")
    print("| messages | " + " | ".join(str(sizes[f]) for f in families) + " |")
    print(
        f"\n(percent of the messages that have an Authentication-Results header, its writer"
        f" trusted; {time.perf_counter() - start:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
