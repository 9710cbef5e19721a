"""spamkit.detectors.sender: From, Reply-To and display-name signals, and their benchmark."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from examples import example_message
from spamkit import parse
from spamkit.rules import RuleSet

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SENDER = (
    "FROM_DISPLAY_ADDRESS_MISMATCH",
    "BRAND_SPOOF",
    "FREEMAIL_REPLYTO",
    "FROM_REPLYTO_DOMAIN_MISMATCH",
)


def sender_hits(**example: str) -> dict[str, str]:
    fired = RuleSet.load().fired(parse(example_message(example)))
    return {name: fired[name] for name in SENDER if name in fired}


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        # another organisation's address: the CEO-fraud and invite-spam shape
        ('"shacho@example.co.jp" <shacho.example@outlook.jp>', {"FROM_DISPLAY_ADDRESS_MISMATCH"}),
        ('"yamada@example.co.jp" <info@flipora.com>', {"FROM_DISPLAY_ADDRESS_MISMATCH"}),
        # a brand's address is BRAND_SPOOF's, once
        ('"service@paypal.com" <notice@paypal-help.example.org>', {"BRAND_SPOOF"}),
        # the sender's own organisation, its own brand, a domain only, itself
        ('"tomgardner@fooladvisor.com" <subscriber@fooladvisor.com>', set()),
        ('"service@paypal.com" <service@paypal.jp>', set()),
        ("CNET News.com Daily Dispatch <online#3.19578@newsletter.online.com>", set()),
        ('"yamada@example.co.jp" <yamada@example.co.jp>', set()),
        # honeypot rewrites: no real domain on either side
        ('"noreply@digid.nl" <phishing@pot-f-p>', set()),
        ('"nubank phishing@pot.868.6" <someone@example.com>', set()),
    ],
)
def test_display_name_address_mismatch(sender: str, expected: set[str]) -> None:
    assert set(sender_hits(**{"from": sender, "subject": "Notice"})) == expected


def test_a_recipients_address_in_the_display_name_is_no_mismatch() -> None:
    hits = sender_hits(
        **{
            "from": '"user@example.net" <alerts@mailer.example.org>',
            "to": "user@example.net",
            "subject": "Password expiry",
        }
    )
    assert hits == {}


def test_reply_to_signals_name_both_domains() -> None:
    hits = sender_hits(
        **{
            "from": "三井住友カード <info@example.co.jp>",
            "reply_to": "claims.desk2024@outlook.com",
            "subject": "ご連絡",
        }
    )
    assert (
        hits["FREEMAIL_REPLYTO"] == "Reply-To claims.desk2024@outlook.com, From info@example.co.jp"
    )
    assert hits["FROM_REPLYTO_DOMAIN_MISMATCH"] == "From example.co.jp, Reply-To outlook.com"


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_sender_headers_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(
            "sender_headers", BENCHMARKS / "sender_headers.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.main(["--corpora", str(CORPORA), "--limit", "5", "--jobs", "1"]) == 0
    finally:
        sys.path.remove(str(BENCHMARKS))
    out = capsys.readouterr().out
    assert "| Authentication-Results |" in out and "| BRAND_SPOOF (display name) |" in out
    table = [line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| ")]
    column = [cell.strip() for cell in table[0]].index("ja_ham")
    display = next(row for row in table if row[0].strip() == "display name")
    assert display[column].strip() == "0.0"  # rebuilt headers: no display names
