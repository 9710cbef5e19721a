"""spamkit.datafiles: the shipped data files, read one way, and a user's overlay of the lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from spamkit import parse
from spamkit.datafiles import (
    DomainList,
    data_text,
    data_toml,
    network_symbols,
    read_toml,
    rule_table,
    shipped_lists,
)
from spamkit.errors import ConfigError
from spamkit.rules import RuleSet


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fired(rules: RuleSet, raw: bytes) -> dict[str, str]:
    return rules.fired(parse(raw))


def test_shipped_files_are_read_once_as_data() -> None:
    assert data_toml("brands.toml") is data_toml("brands.toml")
    assert rule_table() is rule_table() and "FREEMAIL_FROM" in rule_table()
    assert "gmail.com" in data_text("freemail.txt")
    lists = shipped_lists()
    assert "gmail.com" in lists.freemail and "yahoo.co.uk" in lists.freemail
    assert "flipora.com" in lists.invite_services
    assert {b.name for b in lists.brands} >= {"amazon", "jcb", "paypal"}
    assert "twitter.com" in lists.neutral_domains
    assert network_symbols()["RCVD_IN_ZEN_SBL"][0] > 0


def test_read_toml_errors_are_one_line_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read_toml(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("[x\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        read_toml(tmp_path / "bad.toml")


def test_domain_lists_match_exactly_or_by_name_star() -> None:
    lst = DomainList.from_entries(["mail.example.jp", "freebie.*"])
    assert "mail.example.jp" in lst and "sub.mail.example.jp" not in lst
    assert "freebie.com" in lst and "freebie.co.jp" in lst and "x.freebie.com" not in lst
    assert "" not in lst
    changed = lst.changed(add=["other.example"], remove=["freebie.*"])
    assert "other.example" in changed and "freebie.com" not in changed
    assert changed.entries == {"mail.example.jp", "other.example"}


def test_freemail_overlay_adds_and_removes_providers(tmp_path: Path) -> None:
    rules = RuleSet.load(
        write(
            tmp_path,
            '[lists.freemail]\nadd = ["freebox.example"]\nremove = ["gmail.com"]\n',
        )
    )
    assert "FREEMAIL_FROM" in fired(rules, b"From: a@freebox.example\nSubject: x\n\ny\n")
    assert "FREEMAIL_FROM" not in fired(rules, b"From: a@gmail.com\nSubject: x\n\ny\n")
    shipped = RuleSet.load()
    assert "FREEMAIL_FROM" in fired(shipped, b"From: a@gmail.com\nSubject: x\n\ny\n")
    assert "gmail.com" in shipped_lists().freemail  # the shipped lists are untouched


def test_invite_service_overlay(tmp_path: Path) -> None:
    rules = RuleSet.load(write(tmp_path, '[lists.invite_services]\nadd = ["invites.example"]\n'))
    raw = b"From: Friend <noreply@invites.example>\nSubject: join me\n\ny\n"
    assert "INVITE_SPAM_SENDER" in fired(rules, raw)
    assert "INVITE_SPAM_SENDER" not in fired(RuleSet.load(), raw)


def test_brand_overlay_adds_a_brand_extends_one_and_disables_one(tmp_path: Path) -> None:
    rules = RuleSet.load(
        write(
            tmp_path,
            '[brands.mybank]\nkeywords = ["マイバンク"]\ndomains = ["mybank.example.jp"]\n\n'
            '[brands.amazon]\ndomains = ["amazon-corp.example"]\n\n'
            "[brands.paypal]\nenabled = false\n",
        )
    )
    spoof = "From: マイバンク <info@mybank-secure.example.cn>\nSubject: 重要なお知らせ\n\nx\n"
    genuine = "From: マイバンク <info@mybank.example.jp>\nSubject: 重要なお知らせ\n\nx\n"
    assert "BRAND_SPOOF" in fired(rules, spoof.encode())
    assert "BRAND_SPOOF" not in fired(rules, genuine.encode())
    amazon = b"From: Amazon <orders@amazon-corp.example>\nSubject: order\n\nx\n"
    assert "BRAND_SPOOF" in fired(RuleSet.load(), amazon)
    assert "BRAND_SPOOF" not in fired(rules, amazon)
    paypal = b"From: PayPal <service@paypal-help.example.com>\nSubject: account limited\n\nx\n"
    assert "BRAND_SPOOF" in fired(RuleSet.load(), paypal)
    assert "BRAND_SPOOF" not in fired(rules, paypal)


def test_neutral_domain_overlay(tmp_path: Path) -> None:
    raw = (
        b"From: JCB <info@jcb.co.jp>\nSubject: MyJCB login\nContent-Type: text/html\n\n"
        b'<a href="https://bsky.app/jcb">follow us</a>\n'
    )
    assert "BRAND_SPOOF" in fired(RuleSet.load(), raw)
    rules = RuleSet.load(write(tmp_path, '[lists.neutral_domains]\nadd = ["bsky.app"]\n'))
    assert "BRAND_SPOOF" not in fired(rules, raw)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[lists.spammers]\nadd = ["x.example"]\n', "no such list"),
        ('[lists.freemail]\nadd = "x.example"\n', "list of non-empty strings"),
        ('[lists.freemail]\nadd = ["not a domain"]\n', "not a domain"),
        ('[lists.freemail]\nremove = ["never-listed.example"]\n', "not in the list"),
        ('[lists.freemail]\nreplace = ["x.example"]\n', "unknown key"),
        ('[lists.neutral_domains]\nadd = ["x.*"]\n', "whole domains"),
        ('[brands.newbrand]\nkeywords = ["nb"]\n', "needs keywords and domains"),
        ("[brands.nosuch]\nenabled = false\n", "no such brand"),
        ('[brands.Bad_Name]\nkeywords = ["x"]\ndomains = ["x.example"]\n', "lower-case"),
        ('[brands.amazon]\ncolour = "orange"\n', "unknown key"),
        ("lists = 3\n", "must hold tables"),
    ],
)
def test_bad_list_overlays_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RuleSet.load(write(tmp_path, text))


def test_the_rule_table_is_every_file_of_the_rules_folder(tmp_path, monkeypatch) -> None:
    """Each rules/*.toml file adds its names; a name defined in two files is refused."""
    from importlib import resources

    import spamkit.datafiles as datafiles

    folder = resources.files("spamkit").joinpath("data", "rules")
    names: set[str] = set()
    for item in folder.iterdir():
        if item.name.endswith(".toml"):
            names |= set(datafiles.parse_toml(item.read_text("utf-8"), item.name))
    assert names == set(rule_table()) and len(names) >= 15

    (tmp_path / "data" / "rules").mkdir(parents=True)
    for name in ("10-a.toml", "20-b.toml"):
        (tmp_path / "data" / "rules" / name).write_text('[SAME_NAME]\ndescription = "x"\n')
    monkeypatch.setattr(datafiles.resources, "files", lambda _package: tmp_path)
    rule_table.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"20-b.toml: \[SAME_NAME\] is already defined"):
            rule_table()
    finally:
        monkeypatch.undo()
        rule_table.cache_clear()
