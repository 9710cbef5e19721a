"""The public surface: what ``import spamkit`` promises."""

from __future__ import annotations

import email

import spamkit


def test_all_lists_exactly_the_public_names():
    public = {name for name in dir(spamkit) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(spamkit, name)).__name__ == "module"}
    assert set(spamkit.__all__) - {"__version__"} == public - modules


def test_classify_accepts_bytes_str_and_message():
    raw = b"From: a@example.org\nSubject: lunch\n\nSee you at noon?\n"
    verdicts = [
        spamkit.classify(raw),
        spamkit.classify(raw.decode()),
        spamkit.classify(email.message_from_bytes(raw)),
    ]
    assert {v.score for v in verdicts} == {verdicts[0].score}
    assert verdicts[0].label in ("spam", "ham")


def test_verdict_contract():
    verdict = spamkit.classify(b"Subject: FREE VIAGRA!!!\n\nClick here now http://x.example/\n")
    assert 0.0 <= verdict.probability <= 1.0
    assert isinstance(verdict.score, float) and isinstance(verdict.threshold, float)
    assert verdict.reasons
    for reason in verdict.reasons:
        assert reason.name and isinstance(reason.score, float) and reason.description
    scores = [abs(r.score) for r in verdict.reasons]
    assert scores == sorted(scores, reverse=True)


def test_parse_contract():
    mail = spamkit.parse(
        b"From: =?utf-8?b?5bGx55Sw?= <Taro@Example.JP>\nTo: a@x.example, b@y.example\n"
        b"Reply-To: r@z.example\nSubject: hi\n\nhello http://example.com/a\n"
    )
    assert mail.from_name == "山田" and mail.from_address == "taro@example.jp"
    assert mail.to == ["a@x.example", "b@y.example"] and mail.reply_to == "r@z.example"
    assert [link.url for link in mail.links] == ["http://example.com/a"]
    assert mail.attachments == [] and mail.defects == []
