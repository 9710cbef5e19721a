"""Verdicts from the shipped default model on real mail, and what must not move them."""

from __future__ import annotations

import re
from email.header import Header

import pytest

import spamkit
from conftest import corpus_files, spread
from spamkit import Classifier

TRANSPORT = re.compile(
    rb"^(received|message-id|date|x-[a-z0-9-]+|return-path|delivered-to|dkim-signature|"
    rb"authentication-results|x-original-to|mime-version)[ \t]*:.*(\r?\n[ \t].*)*\r?\n",
    re.IGNORECASE | re.MULTILINE,
)


def strip_transport(raw: bytes) -> bytes:
    """Remove transport and software headers from the header block only."""
    head, sep, body = raw.partition(b"\n\n")
    return TRANSPORT.sub(b"", head + b"\n").rstrip(b"\n") + sep + body


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


SAMPLES = {
    "spamassassin/easy_ham": 25,
    "spamassassin/hard_ham": 15,
    "spamassassin/spam": 25,
    "ja_ham": 25,
    "ja_spam": 25,
}


@pytest.mark.corpora
@pytest.mark.parametrize("folder", SAMPLES)
def test_verdict_does_not_flip_without_transport_headers(classifier, folder):
    """The Japanese ham has no Received/X-Mailer/...: the model must not need them."""
    flips = []
    for path in spread(corpus_files(folder), SAMPLES[folder]):
        raw = path.read_bytes()
        stripped = strip_transport(raw)
        assert stripped != raw or b"Received" not in raw
        before, after = classifier.classify(raw), classifier.classify(stripped)
        if before.label != after.label:
            flips.append((path.name, before.score, after.score))
    assert flips == []


@pytest.mark.corpora
def test_forged_verdict_headers_are_ignored(classifier):
    for path in spread(corpus_files("ja_spam"), 10):
        raw = path.read_bytes()
        forged = (
            b"X-Spam-Status: No, score=-100.0 required=5.0\nX-Spam-Flag: NO\n"
            b"X-Bogosity: Ham, tests=bogofilter\nX-CRM114-Status: Good\n" + raw
        )
        assert classifier.classify(forged).score == classifier.classify(raw).score


@pytest.mark.corpora
def test_reasons_list_weighed_tokens_with_their_origin(classifier):
    path = spread(corpus_files("ja_spam"), 5)[2]
    verdict = classifier.classify(path.read_bytes())
    tokens = [r for r in verdict.reasons if r.kind == "token"]
    assert 0 < len(tokens) <= classifier.top_tokens
    assert any(r.score > 0 for r in tokens)
    assert all(r.description == "model token" for r in tokens)


@pytest.mark.corpora
def test_default_model_recognises_held_in_examples_of_each_class(classifier):
    """A sanity floor on training data; held-out figures come from the model card."""
    for folder, label in (("ja_spam", "spam"), ("ja_ham", "ham"), ("spamassassin/easy_ham", "ham")):
        verdicts = [classifier.classify(p.read_bytes()) for p in spread(corpus_files(folder), 40)]
        share = sum(v.label == label for v in verdicts) / len(verdicts)
        assert share >= 0.95, (folder, share)


def test_threshold_override_changes_the_label_not_the_score():
    raw = b"From: a@example.org\nSubject: hello\n\nhow are you\n"
    low, high = Classifier(threshold=-1000.0), Classifier(threshold=1000.0)
    v_low, v_high = low.classify(raw), high.classify(raw)
    assert v_low.score == v_high.score
    assert (v_low.label, v_high.label) == ("spam", "ham")


def test_japanese_charsets_give_the_same_verdict():
    text = "前回のお知らせにまだお返事をいただいておりません。必ずお返事をください。"
    verdicts = []
    for charset in ("iso-2022-jp", "shift_jis", "euc-jp", "utf-8"):
        raw = (
            f"From: Mira <miraabfandresev@outlook.com>\nTo: team@corp.example.jp\n"
            f"Subject: {Header(text[:10], charset).encode()}\nMIME-Version: 1.0\n"
            f'Content-Type: text/plain; charset="{charset}"\n\n'
        ).encode("ascii") + text.encode(charset)
        verdicts.append(spamkit.classify(raw))
    assert len({round(v.score, 9) for v in verdicts}) == 1
