"""Run spamkit's milter with a stand-in or the real classifier (a subprocess for tests).

libmilter keeps process-wide state, so each test milter is its own process.

    python tests/servers/milter_runner.py --listen inet:PORT@127.0.0.1 [--real-model]
        [--reject-above S] [--quarantine-above S] [--timeout T] [--resolver IP:PORT]

The stand-in scores a message 10 if it contains ``VIAGRA``, raises if it contains
``EXPLODE``, sleeps 3 s if it contains ``SLOWPOKE``, and scores -5 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import time

from spamkit.classifier import Reason, Verdict
from spamkit.integrations.milter import MilterOptions, block_stop_signals, serve


class Keywords:
    """A deterministic stand-in with ``Classifier.classify``'s shape."""

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        if b"EXPLODE" in message:
            raise RuntimeError("stand-in classifier exploded")
        if b"SLOWPOKE" in message:
            time.sleep(3)
        if b"VIAGRA" in message:
            reasons = [Reason("TEST_KEYWORD_VIAGRA", 10.0, "keyword VIAGRA", "rule", "VIAGRA")]
            verdict = Verdict.from_score(10.0, 0.0, reasons)
        else:
            reasons = [Reason("word:lunch", -1.0, "model token", "token")]
            verdict = Verdict.from_score(-5.0, 0.0, reasons)
        return verdict.with_hits(extra_hits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True)
    parser.add_argument("--real-model", action="store_true")
    parser.add_argument("--reject-above", type=float)
    parser.add_argument("--quarantine-above", type=float)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--resolver", help="IP:PORT: add DNSBL lookups through this resolver")
    args = parser.parse_args()
    block_stop_signals()  # before the real model starts NumPy's threads
    logging.basicConfig(level=logging.INFO, format="milter %(levelname)s %(message)s")
    if args.real_model:
        from spamkit import Classifier

        classifier = Classifier()
    else:
        classifier = Keywords()
    options = MilterOptions(
        reject_above=args.reject_above,
        quarantine_above=args.quarantine_above,
        timeout=args.timeout,
    )
    dnsbl = None
    if args.resolver:
        from spamkit.integrations.dnsbl import DnsblChecker

        dnsbl = DnsblChecker(resolver=args.resolver, timeout=0.5)
    serve(args.listen, classifier, options, dnsbl=dnsbl)


if __name__ == "__main__":
    main()
