"""Verdicts from the shipped default model on real mail, and what must not move them."""

from __future__ import annotations

import re
from email.header import Header

import pytest

import spamkit
from conftest import corpus_files, spread
from spamkit import Classifier
from spamkit.model import NEUTRAL_SCORE

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
def classifier(default_classifier: Classifier) -> Classifier:
    return default_classifier


SAMPLES = {
    "spamassassin/easy_ham": 25,
    "spamassassin/hard_ham": 15,
    "spamassassin/spam": 25,
    "ja_ham": 25,
    "ja_spam": 25,
}


@pytest.mark.slow
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


@pytest.mark.slow
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


# --------------------------------------------------------------------------- the label rule


def test_label_probability_and_verdicts_come_from_one_rule():
    from spamkit.classifier import Verdict, is_spam_score, label_for, sigmoid

    assert label_for(1.5, 1.5) == "spam" and label_for(1.4999, 1.5) == "ham"
    assert sigmoid(0.0) == 0.5 and sigmoid(-800.0) == 0.0 and sigmoid(800.0) == 1.0
    verdict = Verdict.from_score(-0.5, 0.0, [])
    assert (verdict.label, verdict.probability) == ("ham", sigmoid(-0.5))
    import numpy as np

    assert is_spam_score(np.array([-1.0, 0.0, 1.0]), 0.0).tolist() == [False, True, True]


def test_with_hits_decides_again_against_the_verdicts_own_threshold():
    from spamkit.classifier import Reason, Verdict
    from spamkit.rules import RuleHit

    verdict = Verdict.from_score(-0.5, 1.0, [Reason("TOKEN", -0.5, "model token", "token")])
    zero = verdict.with_hits([RuleHit("RCVD_IN_ZEN_OPEN_RESOLVER", 0.0, "error", "q", False)])
    assert zero.label == "ham" and zero.score == -0.5 and len(zero.reasons) == 2
    listed = verdict.with_hits([RuleHit("RCVD_IN_ZEN_SBL", 2.0, "listed", "q", False)])
    assert listed.label == "spam" and listed.score == 1.5 and listed.threshold == 1.0
    assert listed.reasons[0].name == "RCVD_IN_ZEN_SBL"  # strongest first


def _names(node) -> str:
    import ast

    return " ".join(getattr(n, "id", "") or getattr(n, "attr", "") for n in ast.walk(node)).lower()


def test_no_other_module_compares_scores_with_a_threshold():
    """The label rule and the sigmoid are written once, in spamkit/classifier.py."""
    import ast
    from pathlib import Path

    src = Path(spamkit.__file__).parent
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if path.name == "classifier.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Compare) and any(
                isinstance(op, (ast.GtE, ast.Gt, ast.Lt, ast.LtE)) for op in node.ops
            ):
                sides = [_names(node.left), *map(_names, node.comparators)]
                if any("score" in s for s in sides) and any("threshold" in s for s in sides):
                    offenders.append(f"{path.relative_to(src)}:{node.lineno} compares")
            if (
                isinstance(node, ast.Call)
                and _names(node.func).endswith("exp")
                and node.args
                and isinstance(node.args[0], ast.UnaryOp)
            ):
                offenders.append(f"{path.relative_to(src)}:{node.lineno} sigmoid")
    assert offenders == []


def test_threshold_given_to_the_classifier_decides_the_label(classifier):
    raw = b"Subject: lunch\n\nlunch at noon?\n"
    score = classifier.classify(raw).score
    assert Classifier(threshold=score).classify(raw).label == "spam"
    assert Classifier(threshold=score + 1e-6).classify(raw).label == "ham"
    assert Classifier(threshold=score).classify(raw).threshold == score


def test_extra_hits_are_weighed_by_the_classifiers_rules(tmp_path, classifier):
    from spamkit.rules import RuleHit

    raw = b"From: shop@pills.example\nSubject: hi\n\nhello\n"
    hit = RuleHit("URIBL_DBL_SPAM", 4.0, "listed by the checker", "pills.example", False)
    base = classifier.classify(raw).score
    shipped = classifier.classify(raw, extra_hits=[hit])
    assert shipped.score == pytest.approx(base + 4.0)
    local = tmp_path / "local.toml"
    local.write_text("[URIBL_DBL_SPAM]\nscore = 0.5\n")
    reweighed = Classifier(rules=local).classify(raw, extra_hits=[hit])
    assert reweighed.score == pytest.approx(base + 0.5)
    (reason,) = [r for r in reweighed.reasons if r.name == "URIBL_DBL_SPAM"]
    assert reason.score == 0.5 and reason.evidence == "pills.example"
    local.write_text("[URIBL_DBL_SPAM]\nenabled = false\n")
    off = Classifier(rules=local).classify(raw, extra_hits=[hit])
    assert off.score == pytest.approx(base) and "URIBL_DBL_SPAM" not in {
        r.name for r in off.reasons
    }


# --------------------------------------------------------------------------- reasons add up


def _itemised(verdict) -> float:
    return sum(r.score for r in verdict.reasons) + verdict.rest


@pytest.mark.corpora
@pytest.mark.parametrize("folder", ["ja_spam", "spamassassin/hard_ham", "phishing"])
def test_reasons_and_rest_add_up_to_the_score(classifier, folder):
    for path in spread(corpus_files(folder), 8):
        verdict = classifier.classify(path.read_bytes())
        assert _itemised(verdict) == pytest.approx(verdict.score, abs=1e-9), path.name


def test_rules_come_first_then_defects_then_tokens(classifier):
    raw = (
        b'From: "Sakura Ito" <miraabfandresev@outlook.com>\nTo: group@corp.example.jp\n'
        b"Subject: =?UTF-8?B?5LuK5Zue77yT5bqm55uu44Gu44GU6YCj57Wh?=\n\n"
        + "前回のお知らせにまだお返事をいただいておりません。必ずお返事をください。".encode()
    )
    kinds = [r.kind for r in classifier.classify(raw).reasons]
    assert kinds == sorted(kinds, key=["rule", "defect", "token"].index)


@pytest.mark.slow
@pytest.mark.corpora
def test_function_words_are_never_reasons(classifier):
    """Issue 11: です, ます, "the", "your" are grammar, not what is wrong with a message."""
    from spamkit.datafiles import function_words

    words = function_words()
    for folder in ("ja_spam", "ja_ham", "spamassassin/spam"):
        for path in spread(corpus_files(folder), 15):
            for reason in classifier.classify(path.read_bytes()).reasons:
                if reason.kind == "token":
                    bare = reason.name.removeprefix("subject:").removeprefix("from:name:")
                    assert bare not in words, (path.name, reason.name)


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40, b"just a line of text\n"],
    ids=["empty", "blank", "binary", "no-headers"],
)
def test_input_that_is_not_mail_gets_a_neutral_verdict_with_a_defect(classifier, raw):
    verdict = classifier.classify(raw)
    model = classifier.model
    assert {r.name for r in verdict.reasons} & {"EMPTY_MESSAGE", "BINARY_CONTENT", "NO_HEADERS"}
    points = sum(r.score for r in verdict.reasons if r.kind == "rule")
    assert verdict.score == pytest.approx(NEUTRAL_SCORE + points)
    assert model.combiner_.intercept < NEUTRAL_SCORE  # the prior a text would answer
    assert not any(r.kind == "token" for r in verdict.reasons)
    assert 0.01 < verdict.probability < 0.99  # never a confident verdict
    if points == 0:
        assert verdict.label == "ham" and 0.4 < verdict.probability < 0.5


def test_a_near_empty_message_is_not_confident_ham(classifier):
    """Issue 11: an empty body used to score -8.70 (probability 0.000)."""
    verdict = classifier.classify(b"From: a@example.org\nTo: b@example.jp\nSubject: \n\n\n")
    assert {r.name for r in verdict.reasons} & {"NO_TEXT", "EMPTY_MESSAGE"}
    assert verdict.probability > 0.01


def test_probability_and_label_agree_at_the_models_own_threshold(classifier):
    """Issue 13 §5: the operating point is folded into the model, so p >= 0.5 iff spam."""
    assert classifier.threshold == 0.0
    for raw in (b"Subject: hello\n\nlunch at noon?\n", b"Subject: FREE!!!\n\nclick here now $$$\n"):
        verdict = classifier.classify(raw)
        assert (verdict.probability >= 0.5) == verdict.is_spam
        assert verdict.to_dict()["threshold_probability"] == 0.5


def test_another_threshold_reports_where_spam_begins():
    verdict = Classifier(threshold=1.0).classify(b"Subject: hello\n\nlunch at noon?\n")
    assert verdict.threshold_probability == pytest.approx(spamkit.classifier.sigmoid(1.0))
    assert verdict.to_dict()["threshold_probability"] == verdict.threshold_probability
