"""spamkit.detectors and spamkit.domains: each detector, both ways, on campaign fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPORA
from hostile.linear import grows_linearly, growth
from spamkit import parse
from spamkit.datafiles import shipped_lists
from spamkit.detectors import DETECTORS, detect
from spamkit.detectors.sender import is_freemail, localpart_randomness
from spamkit.domains import host_of, is_idn, known_suffix, registered_domain
from spamkit.message import Link, ParsedMail
from spamkit.rules import RuleSet

FIXTURES = Path(__file__).parent / "fixtures" / "campaigns"

#: Names that must never fire on the tricky ham below: everything that points at the
#: campaigns.  FREEMAIL_FROM and FIRST_CONTACT_NO_LINK are true facts about personal
#: mail (weak model features), so they may fire there.
CAMPAIGN_NAMES = {
    "FREEMAIL_REPLYTO",
    "FROM_REPLYTO_DOMAIN_MISMATCH",
    "FROM_DISPLAY_ADDRESS_MISMATCH",
    "FROM_LOCALPART_RANDOM",
    "SEQUENCE_CLAIM",
    "REPLY_SOLICITATION",
    "SUBJECT_HAS_RECIPIENT",
    "BRAND_SPOOF",
    "URGENCY_THREAT_DEADLINE",
    "URGENCY_THREAT",
    "LINK_TEXT_MISMATCH",
    "JOB_OFFER_MULE",
    "INVITE_ACCEPT_DECLINE_SAME_TARGET",
    "OAUTH_CONTACTS_CONSENT",
    "INVITE_SPAM_SENDER",
    "CONVERSATIONAL_FIRST_CONTACT",
    "JOB_OFFER_FIRST_CONTACT",
}

#: fixture -> names that must fire
SPAM_EXPECTED = {
    "spam_conv_third_contact.eml": {
        "FREEMAIL_FROM",
        "FROM_LOCALPART_RANDOM",
        "SEQUENCE_CLAIM",
        "REPLY_SOLICITATION",
        "FIRST_CONTACT_NO_LINK",
        "CONVERSATIONAL_FIRST_CONTACT",
    },
    "spam_conv_no_reply_yet.eml": {
        "FREEMAIL_FROM",
        "FROM_LOCALPART_RANDOM",
        "SEQUENCE_CLAIM",
        "REPLY_SOLICITATION",
        "CONVERSATIONAL_FIRST_CONTACT",
    },
    "spam_conv_local_talent.eml": {
        "FREEMAIL_FROM",
        "FROM_LOCALPART_RANDOM",
        "JOB_OFFER_MULE",
        "FIRST_CONTACT_NO_LINK",
        "JOB_OFFER_FIRST_CONTACT",
    },
    "spam_conv_group_subject.eml": {
        "SUBJECT_HAS_RECIPIENT",
        "REPLY_SOLICITATION",
        "CONVERSATIONAL_FIRST_CONTACT",
    },
    "spam_conv_english_notice.eml": {
        "SEQUENCE_CLAIM",
        "REPLY_SOLICITATION",
        "CONVERSATIONAL_FIRST_CONTACT",
    },
    "spam_invite_same_target.eml": {
        "FROM_DISPLAY_ADDRESS_MISMATCH",
        "INVITE_ACCEPT_DECLINE_SAME_TARGET",
        "INVITE_SPAM_SENDER",
    },
    "spam_invite_oauth_contacts.eml": {
        "FROM_DISPLAY_ADDRESS_MISMATCH",
        "INVITE_ACCEPT_DECLINE_SAME_TARGET",
        "OAUTH_CONTACTS_CONSENT",
        "INVITE_SPAM_SENDER",
    },
}

HAM_FIXTURES = sorted(p.name for p in FIXTURES.glob("ham_*.eml"))


def fired(name: str) -> dict[str, str]:
    return RuleSet.load().fired(parse((FIXTURES / name).read_bytes()))


@pytest.mark.parametrize("fixture", sorted(SPAM_EXPECTED))
def test_campaign_fixture_fires_expected_names(fixture: str) -> None:
    names = fired(fixture)
    missing = SPAM_EXPECTED[fixture] - set(names)
    assert not missing, f"{fixture}: {sorted(missing)} did not fire; fired {names}"


@pytest.mark.parametrize("fixture", HAM_FIXTURES)
def test_tricky_ham_fires_no_campaign_name(fixture: str) -> None:
    names = fired(fixture)
    wrong = CAMPAIGN_NAMES & set(names)
    assert not wrong, f"{fixture}: {sorted(wrong)} fired on ham: {names}"


def test_ham_fixtures_cover_the_issue() -> None:
    assert len(HAM_FIXTURES) >= 6
    raw = b"".join((FIXTURES / name).read_bytes() for name in HAM_FIXTURES)
    assert b"charset=ISO-2022-JP" in raw


def test_thread_headers_silence_sequence_claim() -> None:
    names = fired("ham_followup_thread.eml")
    assert "SEQUENCE_CLAIM" not in names
    assert "FIRST_CONTACT_NO_LINK" not in names
    mail = parse((FIXTURES / "ham_followup_thread.eml").read_bytes())
    assert "再度ご連絡" in mail.text  # the claim is there; the thread makes it true


def test_sequence_claim_evidence_says_no_thread() -> None:
    assert "no In-Reply-To/References" in fired("spam_conv_third_contact.eml")["SEQUENCE_CLAIM"]


# --------------------------------------------------------------------------- local parts


@pytest.mark.parametrize(
    "local",
    [
        "taro.yamada",
        "john.smith",
        "info",
        "k-tanaka",
        "yoshida1985",
        "takahashikenichi",
        "suzuki.ichiro",
        "watanabe_shinichiro",
        "ryuuichi",
        "zhangwei",
        "hanako.s-0427",
        "notifications",
        "customerservice",
        "newsletter",
        "webmaster",
        "armstrong",
        "online#3.19578.34-uggtgzfn19nar9rr.1",  # a VERP token, not a mailbox name
    ],
)
def test_localpart_plausible_names(local: str) -> None:
    score, run = localpart_randomness(local)
    assert score < 1.0, (local, score, run)


@pytest.mark.parametrize(
    "local", ["miraabfandresev", "alemanboandresizd", "xucuwzf", "lgndrtsn", "wkbhegjx"]
)
def test_localpart_machine_made(local: str) -> None:
    score, _ = localpart_randomness(local)
    assert score >= 1.0, (local, score)


# --------------------------------------------------------------------------- lists, domains


@pytest.mark.parametrize(
    "address",
    [
        "a@gmail.com",
        "a@yahoo.co.jp",
        "a@yahoo.com.tw",
        "a@docomo.ne.jp",
        "a@ezweb.ne.jp",
        "a@au.com",
        "a@softbank.ne.jp",
        "a@i.softbank.jp",
        "a@outlook.jp",
        "a@hotmail.co.uk",
        "a@qq.com",
        "a@mail.ru",
    ],
)
def test_freemail_covers_global_and_japanese_carriers(address: str) -> None:
    assert is_freemail(address)


@pytest.mark.parametrize(
    "address", ["a@example.co.jp", "a@groups.msn.com", "a@notyahoo.com", "a@yahoo", ""]
)
def test_not_freemail(address: str) -> None:
    assert not is_freemail(address)


def test_registered_domain() -> None:
    assert registered_domain("mail.example.co.jp") == "example.co.jp"
    assert registered_domain("A.B.Example.COM.") == "example.com"
    assert registered_domain("user@sub.example.org") == "example.org"
    assert registered_domain("192.0.2.7") == "192.0.2.7"
    assert registered_domain("localhost") == "localhost"
    assert registered_domain("") == ""
    assert registered_domain("ｅｘａｍｐｌｅ．ｃｏｍ") == "example.com"


def test_host_helpers() -> None:
    assert host_of("https://Login.Example.com:8443/x") == "login.example.com"
    assert host_of("www.example.jp/path") == "www.example.jp"
    assert host_of("http://[::1]/") == "::1"
    assert host_of("") == ""
    assert is_idn("xn--pple-43d.com") and is_idn("例え.jp") and not is_idn("apple.com")
    assert known_suffix("example.co.jp") and not known_suffix("j.r.r")


def test_brands_are_loaded_with_their_domains() -> None:
    table = {b.name: b for b in shipped_lists().brands}
    assert "amazon.co.jp" in table["amazon"].domains
    assert "メルカリ" in table["mercari"].keywords
    assert {"smbc", "jcb", "etc", "paypay", "view", "rakuten"} <= set(table)


def test_brand_spoof_with_genuine_from_but_foreign_links() -> None:
    raw = (
        "From: JCB <info@jcb.co.jp>\nSubject: =?utf-8?b?44CQTXlKQ0LjgJHjgZTliKnnlKjnorroqo0=?=\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        '<a href="https://myjcb-login.example.top/x">ログイン</a>\n'
    )
    names = dict(detect(parse(raw.encode())))
    assert "links go to example.top" in names["BRAND_SPOOF"]


def test_empty_mail_does_not_crash() -> None:
    names = dict(detect(ParsedMail()))
    assert set(names) <= {"FIRST_CONTACT_NO_LINK"}


def _hostile_mail(k: int) -> ParsedMail:
    """A mail whose every field is long and repetitive; ``k`` = 4 is the size once timed
    (5 s allowed; benchmarks/linear_time.py prints the seconds at ``k`` = 8)."""
    return ParsedMail(
        subject="a" * 1250 * k,
        from_name="a." * 750 * k,
        from_address=("x" * 1250 * k) + "@gmail.com",
        text=("<a href=" * 5000 * k)
        + ("今回" * 5000 * k)
        + ("please " * 5000 * k)
        + "<" * 12500 * k,
        to=["a@b.c"] * 1250 * k,
        links=[Link("https://" + "a" * 750 * k + ".com/?" + "scope=" * 250 * k, "承認する")]
        * 125
        * k,
    )


def test_detectors_are_linear_on_hostile_input() -> None:
    """8x every field costs at most 24x the time (linear: 8x; quadratic: 64x)."""
    rules = RuleSet.load()

    def run(k: int) -> None:
        mail = _hostile_mail(k)
        list(detect(mail))
        rules.check(mail)

    small, large = growth(run, 1)
    assert grows_linearly(small, large), (small, large)


def test_every_detector_is_documented() -> None:
    for name, func in DETECTORS.items():
        assert func.__doc__ and func.__doc__.strip(), name


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
@pytest.mark.parametrize("folder", ["spamassassin/easy_ham", "spamassassin/hard_ham", "ja_ham"])
def test_scored_rules_stay_silent_on_corpus_ham(folder: str) -> None:
    rules = RuleSet.load()
    for path in sorted((CORPORA / folder).iterdir())[:250]:
        # Rules that add points; zero-score facts (TO_GROUP_ADDRESS) may fire on ham.
        hits = [h for h in rules.check(parse(path.read_bytes())) if not h.feature and h.score]
        assert not hits, (path.name, hits)


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_signal_rates_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "signal_rates.py"
    spec = importlib.util.spec_from_file_location("signal_rates", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--corpora", str(CORPORA), "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "| BRAND_SPOOF |" in out and "| messages | 5 |" in out
