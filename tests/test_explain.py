"""spamkit.explain: every reason, aligned by display width, adding up to the score."""

from __future__ import annotations

import pytest

from spamkit import Classifier
from spamkit.classifier import Reason, Verdict
from spamkit.explain import display_width, format_explanation, pad

ATTACK = (
    b'From: "KATHY MOSS" <velqorandresix@outlook.com>\nTo: eigyo@example.co.jp\n'
    b"Subject: =?UTF-8?B?5Za25qWt6YOoIDPluqbnm67jga7jgZTpgKPntaHjgajjgarjgorjgb7jgZk=?=\n"
    b"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n"
    + "ご返信をお待ちしております。\n".encode()
)


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3 and display_width("返信") == 4
    assert display_width("ｱｲ") == 2  # half-width katakana are narrow
    assert display_width(pad("返信", 6)) == 6


def test_every_line_adds_up_to_the_score():
    verdict = Classifier().classify(ATTACK)
    text = format_explanation(verdict)
    lines = text.splitlines()
    body = [line for line in lines[3:] if line and not line.startswith("-------")]
    points = [float(line.split()[0]) for line in body[:-1]]
    assert sum(points) == pytest.approx(verdict.score, abs=0.01 * len(points))
    assert body[-1].split()[1] == "total"
    names = {r.name for r in verdict.reasons}
    for reason in verdict.reasons:  # every reason, no name cut
        assert any(f"  {reason.name}  " in line or line.endswith(reason.name) for line in body)
    assert names


def test_columns_line_up_by_display_width():
    reasons = [
        Reason("JOB_OFFER_FIRST_CONTACT_LONG_NAME", 3.0, "a rule"),
        Reason("subject:連絡", 0.5, "model token", "token"),
        Reason("待ち", 0.25, "model token", "token"),
    ]
    text = format_explanation(Verdict.from_score(3.0, 0.0, reasons, rest=-0.75))
    rows = [line for line in text.splitlines() if "model token" in line or "a rule" in line]
    starts = {
        display_width(line[: line.index(desc)])
        for line, desc in zip(rows, ["a rule", "model token", "model token"], strict=True)
    }
    assert len(starts) == 1  # every description starts in the same column
    assert "JOB_OFFER_FIRST_CONTACT_LONG_NAME" in text  # never cut
