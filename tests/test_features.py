"""spamkit.features: one recipe from mail and rule hits to features, for training and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from spamkit import Classifier, parse
from spamkit.features import Features, count_words, featurize, mail_features
from spamkit.pipeline import MailFeaturizer
from spamkit.rules import RuleHit, RuleSet
from spamkit.text import mail_tokens

FIXTURES = Path(__file__).parent / "fixtures" / "campaigns"
RAW = (FIXTURES / "spam_conv_third_contact.eml").read_bytes()


def test_features_keep_tokens_and_signals_apart() -> None:
    mail = parse(RAW)
    hits = RuleSet.load().check(mail)
    features = mail_features(mail, hits)
    assert features.tokens == tuple(mail_tokens(mail))
    assert features.signals == tuple(h.name for h in hits if h.feature)
    assert "CONVERSATIONAL_FIRST_CONTACT" not in features.signals  # a scored rule, no feature
    assert not any(t.startswith("signal:") for t in features.tokens)  # never among the words
    assert features.words == count_words(features.tokens) > 0
    assert features.points == pytest.approx(sum(h.score for h in hits))


def test_words_count_subject_and_body_only() -> None:
    features = mail_features(
        parse(b"From: a@example.org\nSubject: two words\n\nhttp://x.example.org/\n")
    )
    assert features.words == 2 and any(t.startswith("url:") for t in features.tokens)


def test_only_hits_flagged_as_features_become_signals() -> None:
    hits = [RuleHit("A_SIGNAL", 0.0, "x"), RuleHit("A_RULE", 3.0, "y", feature=False)]
    assert mail_features(parse(b"Subject: s\n\nt\n"), hits).signals == ("A_SIGNAL",)


def test_max_text_chars_bounds_the_body_tokens() -> None:
    mail = parse(b"Subject: s\n\n" + b"word " * 1000)
    assert len(mail_features(mail, max_text_chars=50).tokens) < 20


def test_training_and_scoring_see_the_same_features(monkeypatch: pytest.MonkeyPatch) -> None:
    """MailFeaturizer (training) and Classifier (scoring) go through the same recipe."""
    trained_on = MailFeaturizer().fit([]).transform([RAW])[0]
    assert trained_on == featurize([RAW])[0]
    classifier = Classifier()
    seen: list[Features] = []
    explain = classifier.model.explain

    def spy(features: Features, *, top: int | None = None):
        seen.append(features)
        return explain(features, top=top)

    monkeypatch.setattr(classifier.model, "explain", spy)
    classifier.classify(RAW)
    assert seen[0] == trained_on


def test_featurize_takes_raw_or_parsed_mail_and_a_rules_file(tmp_path: Path) -> None:
    local = tmp_path / "local.toml"
    local.write_text("[FIRST_CONTACT_NO_LINK]\nenabled = false\n")
    raw = b"Subject: hello\n\nare you there?\n"
    assert featurize([raw])[0] == featurize([parse(raw)])[0]
    assert featurize([raw])[0].signals == ("FIRST_CONTACT_NO_LINK",)
    assert featurize([raw], local)[0].signals == ()
