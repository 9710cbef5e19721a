"""spamkit.detectors.urgency: threat x deadline x action, six languages, from a data table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from examples import example_message
from spamkit import parse
from spamkit.datafiles import data_toml
from spamkit.detectors import MailView, urgency
from spamkit.rules import RuleSet

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
URGENCY = ("URGENCY_THREAT_DEADLINE", "URGENCY_THREAT")


def urgency_hits(subject: str, text: str) -> dict[str, str]:
    mail = parse(
        example_message({"from": "Service <info@example.top>", "subject": subject, "text": text})
    )
    fired = RuleSet.load().fired(mail)
    return {name: fired[name] for name in URGENCY if name in fired}


@pytest.mark.parametrize(
    ("language", "subject", "text"),
    [
        (
            "ja",
            "【重要】ご利用確認",
            "カードのご利用を一部制限させていただきました。24時間以内にご確認ください。",
        ),
        ("ja", "アカウント", "お客様のアカウントは凍結されました。本日中にログインしてください。"),
        (
            "en",
            "Account notice",
            "Your account will be suspended. Verify your details within 48 hours.",
        ),
        (
            "en",
            "Mailbox quota",
            "Your mailbox is full and incoming messages are on hold. Act immediately.",
        ),
        ("pt", "Aviso", "Sua conta será bloqueada. Atualize seus dados em 24 horas."),
        ("de", "Sicherheit", "Ungewöhnliche Anmeldung festgestellt. Bitte umgehend bestätigen."),
        ("es", "Aviso", "Detectamos actividad sospechosa. Confirme sus datos inmediatamente."),
        ("fr", "Sécurité", "Votre compte a été bloqué. Confirmez vos informations sous 24 heures."),
    ],
)
def test_a_threat_with_a_deadline_in_each_language(language: str, subject: str, text: str) -> None:
    hits = urgency_hits(subject, text)
    assert list(hits) == ["URGENCY_THREAT_DEADLINE"], language
    assert " + " in hits["URGENCY_THREAT_DEADLINE"]  # names both parts


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        ("Microsoft account unusual sign-in activity", "We detected an unusual sign-in."),
        ("【メルカリ】お知らせ", "第三者による不正ログインを検知しました。"),
        ("Aviso", "Para evitar o bloqueio da sua conta, clique aqui."),
    ],
)
def test_a_threat_alone_is_the_weak_signal(subject: str, text: str) -> None:
    assert list(urgency_hits(subject, text)) == ["URGENCY_THREAT"]


def test_the_weak_evidence_names_an_action_close_by() -> None:
    hits = urgency_hits("Aviso", "Para evitar o bloqueio da sua conta, clique aqui.")
    assert hits["URGENCY_THREAT"] == "'para evitar o bloqueio' + 'clique aqui' (action)"


@pytest.mark.parametrize(
    ("subject", "text"),
    [
        # the neutral wording of real transactional mail
        (
            "【三井住友カード】ご利用確認のお願い",
            "ご本人様のご利用か確認させていただきたいお取引がありました。",
        ),
        ("Reset your password", "Click the link below. This link expires in 24 hours."),
        ("Security alert", "We noticed a new sign-in to your Google Account."),
        ("Your payment is due", "Your payment of $15.49 is due on May 20."),
        (
            "ポイント有効期限のご案内",
            "期限までにぜひご利用ください。有効期限を過ぎると失効します。",
        ),
        (
            "サービス一時停止のお知らせ",
            "メンテナンスのため8月16日 2:00~6:00はご利用いただけません。",
        ),
        ("【至急】年末調整 未提出の方へ", "期限までに書類をご提出ください。"),
        ("退会いたします", "退会させていただきます。今日中に手続きします。"),
        ("Local loops", "Legal action looming, said the regulator. Shares fell immediately."),
    ],
)
def test_neutral_wording_stays_silent(subject: str, text: str) -> None:
    assert urgency_hits(subject, text) == {}


def test_threat_and_deadline_far_apart_are_only_a_threat() -> None:
    text = "Your account has been suspended.\n" + "Lorem ipsum dolor. " * 40 + "Reply urgently."
    assert list(urgency_hits("Notice", text)) == ["URGENCY_THREAT"]


def test_quoted_text_does_not_count() -> None:
    text = "Is this real?\n\n> Your account has been suspended. Verify within 24 hours."
    assert urgency_hits("Fwd: notice", text) == {}


def test_the_table_has_every_component_and_language_and_only_safe_fragments() -> None:
    table = data_toml("urgency.toml")
    assert set(table) == set(urgency.COMPONENTS)
    for component in urgency.COMPONENTS:
        assert set(table[component]) == set(urgency.LANGUAGES), component
        for language, fragments in table[component].items():
            for fragment in fragments:
                assert not urgency._UNSAFE.search(fragment), (component, language, fragment)
                re.compile(fragment)
                assert fragment == fragment.casefold(), ("write lower case", fragment)


@pytest.mark.parametrize(
    "fragment", ["(?:a|b)+", "a*b", "x{2,}", "(?=x)y", "(?<!x)y", "(a)\\1", "(?<=a)b"]
)
def test_unsafe_fragments_are_recognised(fragment: str) -> None:
    assert urgency._UNSAFE.search(fragment)


def test_only_the_head_of_a_long_text_is_scanned() -> None:
    text = (
        "Hello.\n" + "x " * urgency.URGENCY_CHARS + "Your account has been suspended immediately."
    )
    assert urgency_hits("Newsletter", text) == {}
    view = MailView(parse(example_message({"subject": "a", "text": "account suspended " * 5000})))
    assert all(
        len(found) <= urgency.MAX_MATCHES for found in urgency.urgency_matches(view).values()
    )


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_the_strong_signal_never_fires_on_corpus_or_generated_ham() -> None:
    """2026-11-29: 0 of 10,370 corpus ham and 0 of 2,400 generated business mails."""
    from spamkit.synthetic import business

    rules = RuleSet.load()
    raws = [p.read_bytes() for p in sorted((CORPORA / "spamassassin" / "hard_ham").iterdir())]
    raws += [p.read_bytes() for p in sorted((CORPORA / "ja_ham").iterdir())[:1500]]
    raws += [m.raw for m in business.generate(600, seed=3)]
    fired = [raw[:200] for raw in raws if "URGENCY_THREAT_DEADLINE" in rules.fired(parse(raw))]
    assert fired == []


def _sides_of_word_boundaries(fragment: str) -> list[str]:
    """The characters on the inner side of each ``\\b`` (first letters of a group's options)."""
    sides = []
    for match in re.finditer(r"\\b", fragment):
        after, before = fragment[match.end() :], fragment[: match.start()]
        if after.startswith("(?:"):
            depth, options = 0, [""]
            for ch in after[3:]:
                if ch == ")" and depth == 0:
                    break
                depth += {"(": 1, ")": -1}.get(ch, 0)
                if ch == "|" and depth == 0:
                    options.append("")
                else:
                    options[-1] += ch
            sides += [option[:1] for option in options]
        else:
            sides.append(after[:1] if after else before[-1:])
    return sides


def test_word_boundaries_touch_ascii_letters_only() -> None:
    """RE2's ``\\b`` is ASCII: "\\b(?:último|ultimo)" never matched "último" (phishing 2024)."""
    table = data_toml("urgency.toml")
    for component in urgency.COMPONENTS:
        for fragments in table[component].values():
            for fragment in fragments:
                assert all(side.isascii() for side in _sides_of_word_boundaries(fragment)), fragment
    assert _sides_of_word_boundaries("\\b(?:último|ultimo) aviso") == ["ú", "u"]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "account " * 20_000,
        "suspended within 24 hours " * 5_000,
        "停止" * 50_000,
        "\\b(?:" * 20_000,
        "24時間以内" * 20_000,
        "é" * 100_000,
    ],
)
def test_hostile_text_gives_bounded_matches(text: str) -> None:
    view = MailView(parse(example_message({"subject": text[:400], "text": text})))
    found = urgency.urgency_matches(view)
    assert all(len(matches) <= urgency.MAX_MATCHES for matches in found.values())
    assert urgency.urgency_matches(view) is found  # computed once per view
