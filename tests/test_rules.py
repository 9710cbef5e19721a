"""Tests for spamkit.rules: the rule table as data, its examples, overlays and meta rules."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from examples import example_message
from spamkit import parse
from spamkit.detectors import DETECTORS
from spamkit.errors import ConfigError
from spamkit.rules import RuleHit, RuleSet, eval_meta, meta_names, parse_meta

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures" / "campaigns"
SHIPPED = tomllib.loads(resources.files("spamkit").joinpath("data", "rules.toml").read_text())


def _examples() -> list[Any]:
    cases = []
    for name, entry in SHIPPED.items():
        for kind in ("ok", "fail"):
            for i, example in enumerate(entry.get(kind, [])):
                cases.append(pytest.param(name, kind, example, id=f"{name}-{kind}-{i}"))
    return cases


@pytest.mark.parametrize(("name", "kind", "example"), _examples())
def test_rules_toml_examples(name: str, kind: str, example: Any) -> None:
    fired = RuleSet.load().fired(parse(example_message(example)))
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
    text = resources.files("spamkit").joinpath("data", "rules.toml").read_text()
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


# --------------------------------------------------------------------------- overlays


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.toml"
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
    rules = RuleSet.load(write(tmp_path, "[REPLY_SOLICITATION]\nenabled = false\n"))
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
