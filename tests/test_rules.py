"""Tests for spamkit.rules: the rule table as data, its examples, overlays and meta rules."""

from __future__ import annotations

import logging
import pickle
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from examples import example_message
from spamkit import Classifier, parse
from spamkit.datafiles import network_symbols, rule_table
from spamkit.detectors import DECLARED, DETECTORS, detector
from spamkit.errors import ConfigError
from spamkit.rules import RuleHit, RuleSet, eval_meta, meta_names, parse_meta

FIXTURES = Path(__file__).parent / "fixtures" / "campaigns"
SHIPPED = rule_table()


def _examples() -> list[Any]:
    cases = []
    for name, entry in SHIPPED.items():
        for kind in ("ok", "fail"):
            for i, example in enumerate(entry.get(kind, [])):
                cases.append(pytest.param(name, kind, example, id=f"{name}-{kind}-{i}"))
    return cases


#: The authserv-id the examples of data/rules/15-auth.toml are written for (README.md there).
EXAMPLE_AUTHSERV_IDS = ["mx.example.jp"]


@pytest.mark.parametrize(("name", "kind", "example"), _examples())
def test_rules_toml_examples(name: str, kind: str, example: Any) -> None:
    rules = RuleSet.load(trusted_authserv_ids=EXAMPLE_AUTHSERV_IDS)
    fired = rules.fired(parse(example_message(example)))
    if kind == "fail":
        assert name in fired, f"{name} should fire on {example!r}; fired {fired}"
    else:
        assert name not in fired, f"{name} should not fire on {example!r}: {fired.get(name)}"


def test_every_name_has_a_detector_and_every_detector_a_name() -> None:
    metas = {name for name, entry in SHIPPED.items() if "meta" in entry}
    assert set(SHIPPED) - metas == set(DETECTORS)


def test_every_entry_has_description_and_both_kinds_of_examples() -> None:
    for name, entry in SHIPPED.items():
        assert entry["description"].strip(), name
        assert entry.get("ok") and entry.get("fail"), f"{name} needs ok and fail examples"


def test_examples_include_japanese_and_raw_iso_2022_jp() -> None:
    folder = resources.files("spamkit").joinpath("data", "rules")
    text = "".join(f.read_text() for f in folder.iterdir() if f.name.endswith(".toml"))
    assert "charset=ISO-2022-JP" in text and "\\u001b$B" in text
    japanese = [n for n, e in SHIPPED.items() if any(not str(x).isascii() for x in e["fail"])]
    assert len(japanese) >= len(SHIPPED) // 2


def test_signals_are_features_and_rules_score() -> None:
    rules = RuleSet.load()
    assert rules.rules["FREEMAIL_FROM"].feature
    assert rules.rules["FREEMAIL_FROM"].score == 0.0
    hits = rules.check(parse((FIXTURES / "spam_invite_same_target.eml").read_bytes()))
    by_name = {h.name: h for h in hits}
    rule = by_name["INVITE_ACCEPT_DECLINE_SAME_TARGET"]
    assert isinstance(rule, RuleHit) and not rule.feature and rule.score >= 3.0
    assert rule.evidence and rule.description
    assert by_name["FROM_DISPLAY_ADDRESS_MISMATCH"].feature
    assert sum(h.score for h in hits if not h.feature) >= 6.0


def test_conversational_meta_reports_its_parts() -> None:
    hits = RuleSet.load().check(parse((FIXTURES / "spam_conv_third_contact.eml").read_bytes()))
    meta = next(h for h in hits if h.name == "CONVERSATIONAL_FIRST_CONTACT")
    assert "SEQUENCE_CLAIM" in meta.evidence and "REPLY_SOLICITATION" in meta.evidence
    assert not meta.feature and meta.score > 0


def test_spam_fixtures_carry_a_strong_rule() -> None:
    rules = RuleSet.load()
    for path in sorted(FIXTURES.glob("spam_*.eml")):
        hits = rules.check(parse(path.read_bytes()))
        assert sum(h.score for h in hits if not h.feature) >= 3.0, (path.name, hits)


def test_ham_fixtures_score_nothing() -> None:
    rules = RuleSet.load()
    for path in sorted(FIXTURES.glob("ham_*.eml")):
        hits = rules.check(parse(path.read_bytes()))
        assert sum(h.score for h in hits) <= 0, (path.name, hits)


# --------------------------------------------------------------------------- meta parser


def test_parse_meta_precedence() -> None:
    assert parse_meta("A && B || C") == ("||", ("&&", "A", "B"), "C")
    assert parse_meta("A && (B || C)") == ("&&", "A", ("||", "B", "C"))
    assert parse_meta("!A && !!B") == ("&&", ("!", "A"), ("!", ("!", "B")))
    assert meta_names(parse_meta("(A || __B) && !C")) == {"A", "__B", "C"}


@pytest.mark.parametrize(
    ("expr", "fired", "expected"),
    [
        ("A && B", {"A"}, False),
        ("A && B", {"A", "B"}, True),
        ("A || B", {"B"}, True),
        ("A && !B", {"A"}, True),
        ("A && !B", {"A", "B"}, False),
        ("(A || B) && C", {"B", "C"}, True),
    ],
)
def test_eval_meta(expr: str, fired: set[str], expected: bool) -> None:
    assert eval_meta(parse_meta(expr), dict.fromkeys(fired, "")) is expected


@pytest.mark.parametrize(
    "expr", ["", "A &&", "A B", "(A", "A)", "&& A", "A & B", "a && b", "__import__('os')"]
)
def test_parse_meta_rejects(expr: str) -> None:
    with pytest.raises(ValueError):
        parse_meta(expr)


def test_parse_meta_counting_precedence() -> None:
    # ! binds tightest, then +, then comparisons, then &&, then ||
    assert parse_meta("A + B + C >= 2") == (">=", ("+", "A", "B", "C"), ("#", 2.0))
    assert parse_meta("A && B + !C > 1 || D") == (
        "||",
        ("&&", "A", (">", ("+", "B", ("!", "C")), ("#", 1.0))),
        "D",
    )
    assert parse_meta("(A || B) + C == 2") == ("==", ("+", ("||", "A", "B"), "C"), ("#", 2.0))
    assert meta_names(parse_meta("(A + __B + C) >= 2.5")) == {"A", "__B", "C"}


@pytest.mark.parametrize(
    ("expr", "fired", "expected"),
    [
        ("(A + B + C) >= 2", {"A"}, False),
        ("(A + B + C) >= 2", {"A", "C"}, True),
        ("(A + B + C) > 2", {"A", "C"}, False),
        ("(A + B + C) <= 1", set(), True),
        ("(A + B + C) < 1", {"B"}, False),
        ("(A + B) == 2", {"A", "B"}, True),
        ("(A + B) != 2", {"A", "B"}, False),
        ("A + B", {"B"}, True),  # a bare sum is true when it is not 0
        ("A + B", set(), False),
        ("(A || B) + (A || C) >= 2", {"A"}, True),  # a sub-expression counts 1
        ("!A + B >= 2", {"B"}, True),
        ("D && (A + B + C) >= 2", {"A", "B"}, False),
        ("D && (A + B + C) >= 2", {"A", "B", "D"}, True),
    ],
)
def test_eval_meta_counts(expr: str, fired: set[str], expected: bool) -> None:
    assert eval_meta(parse_meta(expr), dict.fromkeys(fired, "")) is expected


@pytest.mark.parametrize(
    "expr",
    [
        "A + ",
        "A >= B",  # only a number may follow a comparison
        "A + 2 >= 1",  # numbers only to the right of a comparison
        "2",
        "A >= 1 >= 0",  # comparisons do not chain
        ">= 2",
        "A => 2",
        "A >= 1e3",
        "A >= -1",
        "A >= 1234567",
    ],
)
def test_parse_meta_rejects_bad_counting(expr: str) -> None:
    with pytest.raises(ValueError):
        parse_meta(expr)


def test_a_user_counting_meta_loads_and_reports_its_parts(tmp_path: Path) -> None:
    rules = RuleSet.load(
        write(
            tmp_path,
            '[LOCAL_TWO_SIGNS]\nscore = 2.0\ndescription = "two signs"\n'
            'meta = "(FREEMAIL_FROM + SEQUENCE_CLAIM + REPLY_SOLICITATION) >= 2"\n',
        )
    )
    mail = parse(b"From: a@gmail.com\nTo: b@example.jp\nSubject: second notice\n\nhello\n")
    hit = next(h for h in rules.check(mail) if h.name == "LOCAL_TWO_SIGNS")
    assert hit.score == 2.0
    assert hit.evidence.startswith("FREEMAIL_FROM gmail.com; SEQUENCE_CLAIM 'second notice'")


# --------------------------------------------------------------------------- overlays


def write(tmp_path: Path, text: str, name: str = "local.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_overlay_changes_score_and_disables(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[INVITE_SPAM_SENDER]\nscore = 1.5\n\n[FROM_DISPLAY_ADDRESS_MISMATCH]\nenabled = false\n",
    )
    rules = RuleSet.load(path)
    mail = parse((FIXTURES / "spam_invite_same_target.eml").read_bytes())
    hits = {h.name: h for h in rules.check(mail)}
    assert hits["INVITE_SPAM_SENDER"].score == 1.5
    assert "FROM_DISPLAY_ADDRESS_MISMATCH" not in hits
    assert RuleSet.load().rules["INVITE_SPAM_SENDER"].score != 1.5  # shipped table untouched


def test_disabled_signal_silences_meta(tmp_path: Path) -> None:
    # A part the meta requires (not one it only counts: REPLY_SOLICITATION is one of nine).
    rules = RuleSet.load(write(tmp_path, "[FIRST_CONTACT_NO_LINK]\nenabled = false\n"))
    hits = rules.check(parse((FIXTURES / "spam_conv_third_contact.eml").read_bytes()))
    assert "CONVERSATIONAL_FIRST_CONTACT" not in {h.name for h in hits}


def test_overlay_adds_meta_and_subrules(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[__INVITE_SHAPE]\nscore = 0\ndescription = "sub-rule"\n'
        'meta = "INVITE_ACCEPT_DECLINE_SAME_TARGET && FROM_DISPLAY_ADDRESS_MISMATCH"\n\n'
        '[LOCAL_INVITE]\nscore = 2.0\ndescription = "my own combination"\n'
        'meta = "__INVITE_SHAPE && !FREEMAIL_FROM"\n',
    )
    rules = RuleSet.load(path)
    mail = parse((FIXTURES / "spam_invite_same_target.eml").read_bytes())
    names = {h.name for h in rules.check(mail)}
    assert "LOCAL_INVITE" in names and "__INVITE_SHAPE" not in names
    assert "__INVITE_SHAPE" in rules.fired(mail)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[X\n", "invalid TOML"),
        ("[FREEMAIL_FROM]\nweight = 2\n", "unknown key"),
        ("[FREEMAIL_FROM]\nscore = 'high'\n", "score must be a number"),
        ("[FREEMAIL_FROM]\nenabled = 'no'\n", "enabled must be"),
        ("[NO_SUCH_RULE]\nscore = 1\n", "no such rule"),
        ("[FREEMAIL_FROM]\nmeta = 'A'\n", "only score, description and enabled"),
        ("[lower_case]\nscore = 1\n", "UPPER_SNAKE"),
        ("FREEMAIL_FROM = 3\n", "must be a table"),
        ("[NEW]\nscore = 1\ndescription = 'x'\nmeta = 'A &&'\n", "bad meta expression"),
        ("[NEW]\nscore = 1\ndescription = 'x'\nmeta = 'NOPE'\n", "unknown rule"),
        (
            "[A1]\nscore = 1\ndescription = 'x'\nmeta = 'B1'\n"
            "[B1]\nscore = 1\ndescription = 'x'\nmeta = 'A1'\n",
            "loop",
        ),
        ("[NEW]\nscore = 1\ndescription = 'x'\nmeta = 'FREEMAIL_FROM'\nflags = ['odd']\n", "flag"),
        ("[NEW]\nscore = 1\ndescription = 'x'\nmeta = 'FREEMAIL_FROM'\nflags = ['ham']\n", "ham"),
        ("[NEW]\nscore = 1\ndescription = \"two\\nlines\"\nmeta = 'FREEMAIL_FROM'\n", "one"),
    ],
)
def test_bad_overlay_raises_config_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RuleSet.load(write(tmp_path, text))


def test_missing_or_binary_file_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        RuleSet.load(tmp_path / "missing.toml")
    bad = tmp_path / "bin.toml"
    bad.write_bytes(b"\xff\xfe[x]")
    with pytest.raises(ConfigError, match="UTF-8"):
        RuleSet.load(bad)


def test_example_message_shapes() -> None:
    raw = example_message(
        {"from": "山田 <yamada@example.jp>", "subject": "件名", "html": "<b>x</b>"}
    )
    mail = parse(raw)
    assert mail.from_address == "yamada@example.jp" and mail.from_name == "山田"
    assert mail.subject == "件名"
    assert parse(example_message("hello")).subject == "hello"


# --------------------------------------------------------------------------- pattern rules

PATTERNS = """
[LOCAL_CASINO]
where = "body"
pattern = "(?i)online casino|オンラインカジノ"
score = 2.5
description = "Advertises an online casino"

[LOCAL_SHORTENER]
where = "uri"
pattern = '^https?://(?:bit\\.ly|tinyurl\\.com)/'
score = 1.0
description = "Links through a URL shortener"

[LOCAL_OUR_TICKETS]
where = "header:X-Ticket-System"
pattern = "^helpdesk-[0-9]+$"
score = -2.0
flags = ["ham"]
description = "Sent by our own ticket system"
"""


def test_pattern_rules_match_body_uri_and_header(tmp_path: Path) -> None:
    rules = RuleSet.load(write(tmp_path, PATTERNS))
    spam = parse("Subject: ｵﾝﾗｲﾝｶｼﾞﾉ\n\nPlay ONLINE Casino now https://bit.ly/x1\n".encode())
    hits = {h.name: h for h in rules.check(spam)}
    assert hits["LOCAL_CASINO"].score == 2.5 and not hits["LOCAL_CASINO"].feature
    assert hits["LOCAL_CASINO"].evidence.startswith("body: ")  # the NFKC-folded subject
    assert hits["LOCAL_SHORTENER"].evidence == "uri: 'https://bit.ly/'"
    assert "LOCAL_OUR_TICKETS" not in hits
    ham = parse(b"X-Ticket-System: helpdesk-42\nSubject: your ticket\n\nclosed\n")
    assert {h.name for h in rules.check(ham)} >= {"LOCAL_OUR_TICKETS"}
    assert "LOCAL_CASINO" not in {h.name for h in rules.check(ham)}


def test_pattern_rules_reach_the_verdict_and_can_be_disabled(tmp_path: Path) -> None:
    raw = b"Subject: hi\n\nthe best online casino\n"
    plain = Classifier(rules=write(tmp_path, "", "none.toml")).classify(raw)
    with_rule = Classifier(rules=write(tmp_path, PATTERNS)).classify(raw)
    assert with_rule.score == pytest.approx(plain.score + 2.5)
    assert "LOCAL_CASINO" in {r.name for r in with_rule.rules}
    off = write(
        tmp_path,
        PATTERNS + "\n[LOCAL_CASINO_OFF]\nscore = 0\ndescription = 'x'\nmeta = 'LOCAL_CASINO'\n",
        "meta.toml",
    )
    assert "LOCAL_CASINO_OFF" in {h.name for h in RuleSet.load(off).check(parse(raw))}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('where = "body"\npattern = "(a)\\\\1"', "backreferences"),
        ('where = "body"\npattern = "(?=x)y"', "look-arounds"),
        ('where = "body"\npattern = "[a-z]{1,999}[0-9]"', "instructions"),
        ('where = "body"\npattern = "' + "x" * 1001 + '"', "longer than 1000"),
        ('where = "body"\npattern = "[unclosed"', "RE2 refuses"),
        ('where = "headers"\npattern = "x"', "where must be"),
        ('where = "header:Bad Name"\npattern = "x"', "where must be"),
        ('pattern = "x"', "needs both where and pattern"),
        ('where = "body"\npattern = "x"\nflags = ["net"]', "neither model nor net"),
        ('where = "body"\npattern = "x"\nmeta = "FREEMAIL_FROM"', "not both"),
    ],
)
def test_costly_or_unsafe_patterns_are_refused(tmp_path: Path, entry: str, message: str) -> None:
    text = f'[LOCAL_X]\nscore = 1\ndescription = "x"\n{entry}\n'
    with pytest.raises(ConfigError, match=message):
        RuleSet.load(write(tmp_path, text))


def test_a_backtracking_pattern_is_linear_on_hostile_text(tmp_path: Path) -> None:
    """(a+)+$ takes exponential time in Python's re; RE2 answers at once, whatever the text."""
    rules = RuleSet.load(
        write(
            tmp_path,
            '[LOCAL_EVIL]\nscore = 1\ndescription = "x"\nwhere = "body"\npattern = "(a+)+$"\n',
        )
    )
    hostile = parse(b"Subject: x\n\n" + b"a" * 19_000 + b"!\n")
    assert "LOCAL_EVIL" not in rules.fired(hostile)  # the text ends in "!": no match
    assert "LOCAL_EVIL" in rules.fired(parse(b"Subject: x\n\n" + b"a" * 10_000 + b"\n"))


def test_rule_sets_with_patterns_survive_pickling(tmp_path: Path) -> None:
    rules = pickle.loads(pickle.dumps(RuleSet.load(write(tmp_path, PATTERNS))))
    mail = parse(b"Subject: online casino\n\nx\n")
    assert "LOCAL_CASINO" in {h.name for h in rules.check(mail)}


# --------------------------------------------------------------------------- user detectors


@pytest.fixture
def registry():
    """Leave the detector registry as it was."""
    before, declared = dict(DETECTORS), dict(DECLARED)
    yield
    DETECTORS.clear()
    DETECTORS.update(before)
    DECLARED.clear()
    DECLARED.update(declared)


def test_a_user_detector_registers_cleanly(registry, tmp_path: Path) -> None:
    @detector(
        "LOCAL_NEWSLETTER", description="Our own newsletter's footer", score=-1.5, flags=["ham"]
    )
    def newsletter(view):
        return "footer" if "unsubscribe from example news" in view.text else None

    rules = RuleSet.load()
    assert rules.rules["LOCAL_NEWSLETTER"].score == -1.5
    mail = parse(b"Subject: news\n\nhello\n-- \nUnsubscribe from Example News\n")
    (hit,) = [h for h in rules.check(mail) if h.name == "LOCAL_NEWSLETTER"]
    assert hit.score == -1.5 and hit.evidence == "footer" and not hit.feature
    # and a rules file re-weights it like any rule
    reweighted = RuleSet.load(write(tmp_path, "[LOCAL_NEWSLETTER]\nscore = -3.0\n"))
    assert reweighted.rules["LOCAL_NEWSLETTER"].score == -3.0


def test_a_user_detector_without_an_entry_is_skipped_with_a_warning(registry, tmp_path, caplog):
    @detector("LOCAL_UNDESCRIBED")
    def undescribed(view):
        return "always"

    with caplog.at_level(logging.WARNING, logger="spamkit.rules"):
        rules = RuleSet.load()
    assert "LOCAL_UNDESCRIBED" not in rules.rules
    assert "LOCAL_UNDESCRIBED" not in rules.fired(parse(b"Subject: x\n\ny\n"))
    assert any("LOCAL_UNDESCRIBED" in r.getMessage() for r in caplog.records)
    described = RuleSet.load(
        write(tmp_path, '[LOCAL_UNDESCRIBED]\nscore = 0.5\ndescription = "mine"\n')
    )
    assert described.fired(parse(b"Subject: x\n\ny\n"))["LOCAL_UNDESCRIBED"] == "always"


def test_a_user_detector_cannot_claim_to_be_a_model_feature(registry) -> None:
    @detector("LOCAL_FEATURE", description="x", flags=["model"])
    def feature(view):
        return None

    with pytest.raises(ConfigError, match="only the shipped signals are model features"):
        RuleSet.load()


def test_new_meta_rules_cannot_be_model_features(tmp_path: Path) -> None:
    text = '[LOCAL_M]\nscore = 1\ndescription = "x"\nmeta = "FREEMAIL_FROM"\nflags = ["model"]\n'
    with pytest.raises(ConfigError, match="model features"):
        RuleSet.load(write(tmp_path, text))


# --------------------------------------------------------------------------- DNSBL symbols


def test_dnsbl_listing_symbols_are_net_rules_of_the_table() -> None:
    rules = RuleSet.load()
    assert set(network_symbols()) == set(rules.network_names)
    assert "RCVD_IN_ZEN_SBL" in rules.network_names and "RCVD_IN_ZEN_SBL" not in rules.names
    assert rules.rules["RCVD_IN_ZEN_SBL"].score == network_symbols()["RCVD_IN_ZEN_SBL"][0]
    # never run on a message: they come from the DNSBL checker
    assert not set(rules.fired(parse(b"Subject: x\n\ny\n"))) & set(rules.network_names)


def test_dnsbl_scores_are_reweighted_and_disabled_like_any_rule(tmp_path: Path) -> None:
    rules = RuleSet.load(
        write(tmp_path, "[RCVD_IN_ZEN_SBL]\nscore = 1.0\n\n[RCVD_IN_ZEN_PBL]\nenabled = false\n")
    )
    hits = [
        RuleHit("RCVD_IN_ZEN_SBL", 4.0, "listed", "2.0.0.127.zen", False),
        RuleHit("RCVD_IN_ZEN_PBL", 2.0, "listed", "2.0.0.127.zen", False),
        RuleHit("RCVD_IN_ZEN_OPEN_RESOLVER", 0.0, "zen: open resolver", "q", False),
    ]
    weighed = {h.name: h for h in rules.weigh(hits)}
    assert weighed["RCVD_IN_ZEN_SBL"].score == 1.0
    assert weighed["RCVD_IN_ZEN_SBL"].evidence == "2.0.0.127.zen"
    assert "RCVD_IN_ZEN_PBL" not in weighed
    assert weighed["RCVD_IN_ZEN_OPEN_RESOLVER"] == hits[2]  # an error is never re-weighted


def test_dnsbl_symbols_accept_only_weights(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="only score, description and enabled"):
        RuleSet.load(write(tmp_path, '[RCVD_IN_ZEN_SBL]\nmeta = "FREEMAIL_FROM"\n'))
    with pytest.raises(ConfigError, match="no such rule"):
        RuleSet.load(write(tmp_path, "[RCVD_IN_ZEN_SLB]\nscore = 1.0\n"))  # a typo


def test_the_readme_example_rules_file_loads_and_works(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme[readme.index("### Your own rules") :]
    block = section[section.index("```toml\n") + 8 : section.index("```\n", 8)]
    rules = RuleSet.load(write(tmp_path, block))
    assert rules.rules["RCVD_IN_ZEN_PBL"].enabled is False
    assert "freebox.example" in rules.lists.freemail
    mail = parse("Subject: オンラインカジノ\nFrom: a@freebox.example\n\nplay\n".encode())
    assert {"LOCAL_CASINO", "FREEMAIL_FROM"} <= {h.name for h in rules.check(mail)}
    ticket = parse(b"X-Ticket-System: helpdesk-7\nSubject: done\n\nclosed\n")
    assert "LOCAL_FROM_TICKETS" in {h.name for h in rules.check(ticket)}
