"""spamkit.detectors.auth: Authentication-Results (RFC 8601), trusted by authserv-id only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spamkit import Classifier, parse
from spamkit.detectors.auth import (
    MAX_PROPERTIES,
    MAX_RESULTS,
    dmarc_policy,
    parse_authentication_results,
)
from spamkit.errors import ConfigError
from spamkit.rules import RuleSet

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
AUTH = (
    "AUTH_SPF_PASS",
    "AUTH_SPF_FAIL",
    "AUTH_SPF_SOFTFAIL",
    "AUTH_DKIM_ALIGNED",
    "AUTH_DKIM_FAIL",
    "AUTH_DMARC_PASS",
    "AUTH_DMARC_FAIL",
    "AUTH_DMARC_FAIL_QUARANTINE",
    "AUTH_DMARC_FAIL_REJECT",
    "AUTH_BRAND_VERIFIED",
    "AUTH_BRAND_FORGED",
)

# Real-looking headers, as each MTA writes them (folded as they arrive).
GMAIL = (
    "mx.google.com;\r\n"
    "       dkim=pass header.i=@rakuten-card.co.jp header.s=s2048 header.b=Qm9uam91;\r\n"
    "       spf=pass (google.com: domain of bounce@mail.rakuten-card.co.jp designates"
    " 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@mail.rakuten-card.co.jp;\r\n"
    "       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=mail.rakuten-card.co.jp"
)
EXCHANGE = (
    "spf=pass (sender IP is 203.0.113.5)\r\n smtp.mailfrom=mail.rakuten-card.co.jp;"
    " dkim=pass (signature was verified)\r\n header.d=rakuten-card.co.jp;dmarc=pass"
    " action=none\r\n header.from=mail.rakuten-card.co.jp;compauth=pass reason=100"
)
OPENDKIM = (
    "mx.example.jp; dkim=pass (2048-bit key; unprotected)\r\n"
    ' header.d=rakuten-card.co.jp header.i=@rakuten-card.co.jp header.b="Qm9uam91";\r\n'
    " dkim-atps=neutral"
)
OPENDMARC = "mx.example.jp; dmarc=pass (p=reject dis=none) header.from=mail.rakuten-card.co.jp"
POSTFIX_SPF = "mx.example.jp; spf=pass smtp.mailfrom=mail.rakuten-card.co.jp"
RSPAMD = (
    "mx.example.jp;\r\n"
    "\tdkim=pass header.d=rakuten-card.co.jp header.s=s2048 header.b=Qm9uam91;\r\n"
    "\tdmarc=pass (policy=reject) header.from=mail.rakuten-card.co.jp;\r\n"
    "\tspf=pass (mx.example.jp: domain of bounce@mail.rakuten-card.co.jp designates"
    " 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@mail.rakuten-card.co.jp"
)
FORGED_FAIL = (
    "mx.example.jp; spf=fail smtp.mailfrom=mail.rakuten-card.co.jp; dkim=none;"
    ' dmarc=fail reason="No valid SPF, No valid DKIM" header.from=mail.rakuten-card.co.jp'
    " (policy=reject)"
)


def message(*headers: tuple[str, str], link: str = "https://www.rakuten-card.co.jp/") -> bytes:
    """A Rakuten Card notice with ``headers`` on top (the first is the topmost)."""
    top = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return (
        f"{top}From: =?UTF-8?B?5qW95aSp44Kr44O844OJ?= <info@mail.rakuten-card.co.jp>\r\n"
        "To: user@example.jp\r\nSubject: =?UTF-8?B?44CQ5qW95aSp44Kr44O844OJ44CR?=\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{link}\r\n"
    ).encode()


def auth_hits(raw: bytes, trusted: tuple[str, ...] = ("mx.example.jp",)) -> dict[str, str]:
    fired = RuleSet.load(trusted_authserv_ids=list(trusted)).fired(parse(raw))
    return {name: fired[name] for name in AUTH if name in fired}


# --------------------------------------------------------------------------- the parser


def test_gmail_header_parses_with_comments_and_header_i() -> None:
    ar = parse_authentication_results(GMAIL)
    assert ar.authserv_id == "mx.google.com"
    dkim, spf, dmarc = ar.results
    assert (dkim.method, dkim.result, dkim.properties["header.i"]) == (
        "dkim",
        "pass",
        "@rakuten-card.co.jp",
    )
    assert spf.comments[0].startswith("google.com: domain of bounce@")
    assert spf.properties == {"smtp.mailfrom": "bounce@mail.rakuten-card.co.jp"}
    assert dmarc_policy(dmarc) == "reject"


def test_exchange_header_has_no_authserv_id() -> None:
    ar = parse_authentication_results(EXCHANGE)
    assert ar.authserv_id == ""
    assert [(r.method, r.result) for r in ar.results] == [
        ("spf", "pass"),
        ("dkim", "pass"),
        ("dmarc", "pass"),
        ("compauth", "pass"),
    ]
    assert ar.results[2].properties["action"] == "none"
    assert ar.results[3].reason == "100"


def test_opendkim_and_rspamd_headers() -> None:
    dkim, atps = parse_authentication_results(OPENDKIM).results
    assert dkim.comments == ("2048-bit key; unprotected",)  # the ";" stays in the comment
    assert dkim.properties["header.b"] == "Qm9uam91"  # quoted value unquoted
    assert (atps.method, atps.result) == ("dkim-atps", "neutral")
    rspamd = parse_authentication_results(RSPAMD)
    assert [r.method for r in rspamd.results] == ["dkim", "dmarc", "spf"]
    assert dmarc_policy(rspamd.results[1]) == "reject"
    forged = parse_authentication_results(FORGED_FAIL).results[2]
    assert forged.reason == "No valid SPF, No valid DKIM" and dmarc_policy(forged) == "reject"


@pytest.mark.parametrize(
    ("header", "policy"),
    [
        ("x; dmarc=fail (p=none dis=none) header.from=example.com", "none"),
        (
            "x; dmarc=fail (p=QUARANTINE sp=REJECT dis=QUARANTINE) header.from=example.com",
            "quarantine",
        ),
        ("x; dmarc=fail (p=none sp=reject) header.from=news.example.com", "reject"),
        ("x; dmarc=fail policy.published-domain-policy=reject header.from=example.com", "reject"),
        ("x; dmarc=fail policy.dmarc=quarantine header.from=example.com", "quarantine"),
        ("dmarc=fail action=oreject header.from=example.com", "reject"),
        ("x; dmarc=fail header.from=example.com", ""),
    ],
)
def test_dmarc_policy_as_each_mta_writes_it(header: str, policy: str) -> None:
    result = next(r for r in parse_authentication_results(header).results if r.method == "dmarc")
    from_domain = result.properties.get("header.from", "")
    assert dmarc_policy(result, from_domain) == policy


@pytest.mark.parametrize(
    ("header", "authserv_id", "methods"),
    [
        ("mx.example.jp 1; none", "mx.example.jp", []),
        ('"mx example"; spf=pass', "mx example", ["spf"]),
        ("mx.example.jp; spf = pass ;; dkim=fail", "mx.example.jp", ["spf", "dkim"]),
        ("mx.example.jp; dkim/1=pass header.d=x", "mx.example.jp", ["dkim"]),
        ("(comment first) mx.example.jp; spf=pass", "mx.example.jp", ["spf"]),
        ("mx.example.jp; spf=pass (unclosed comment; dkim=pass", "mx.example.jp", ["spf"]),
        ('mx.example.jp; spf="pass', "mx.example.jp", ["spf"]),
        ("", "", []),
        (";;;", "", []),
        ("=", "", []),
    ],
)
def test_odd_but_seen_shapes(header: str, authserv_id: str, methods: list[str]) -> None:
    ar = parse_authentication_results(header)
    assert ar.authserv_id == authserv_id
    assert [r.method for r in ar.results] == methods


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*' ;=()"\\@.-_/abcdefpsk\r\n\t1'])))
def test_parser_never_raises_on_header_grammar_soup(value: str) -> None:
    ar = parse_authentication_results(value)
    assert len(ar.results) <= MAX_RESULTS
    for result in ar.results:
        assert result.method and len(result.properties) <= MAX_PROPERTIES


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parser_never_raises_on_any_text(value: str) -> None:
    parse_authentication_results(value)


def test_hostile_headers_stay_bounded() -> None:
    nested = "mx.example.jp; spf=pass " + "(" * 200_000 + "x" + ")" * 200_000
    assert [r.method for r in parse_authentication_results(nested).results] == ["spf"]
    many = "mx.example.jp;" + " spf=pass;" * 100_000
    assert len(parse_authentication_results(many).results) <= MAX_RESULTS
    props = "mx.example.jp; dkim=pass" + "".join(f" header.p{i}=v" for i in range(10_000))
    (dkim,) = parse_authentication_results(props).results
    assert len(dkim.properties) == MAX_PROPERTIES
    assert parse_authentication_results("\\" * 100_001).results == ()


# --------------------------------------------------------------------------- which headers


def test_nothing_fires_until_the_site_trusts_its_authserv_id() -> None:
    raw = message(("Authentication-Results", OPENDMARC), ("Authentication-Results", FORGED_FAIL))
    assert auth_hits(raw, trusted=()) == {}
    fired = RuleSet.load().fired(parse(raw))
    assert not any(name.startswith("AUTH_") for name in fired)


def test_postfix_with_opendkim_opendmarc_and_spf() -> None:
    raw = message(
        ("Authentication-Results", OPENDMARC),
        ("Authentication-Results", OPENDKIM),
        ("Authentication-Results", POSTFIX_SPF),
        ("Received", "from mail.rakuten-card.co.jp by mx.example.jp (Postfix)"),
    )
    hits = auth_hits(raw)
    assert set(hits) == {
        "AUTH_SPF_PASS",
        "AUTH_DKIM_ALIGNED",
        "AUTH_DMARC_PASS",
        "AUTH_BRAND_VERIFIED",
    }
    assert hits["AUTH_DMARC_PASS"] == (
        "dmarc=pass (p=reject dis=none) header.from=mail.rakuten-card.co.jp by mx.example.jp"
    )


def test_opendkim_below_postfixs_received_still_counts() -> None:
    # OpenDKIM and OpenDMARC insert below the MTA's own Received header.
    raw = message(
        ("Received", "from mail.rakuten-card.co.jp by mx.example.jp (Postfix)"),
        ("Authentication-Results", OPENDKIM),
        ("Authentication-Results", OPENDMARC),
    )
    assert {"AUTH_DKIM_ALIGNED", "AUTH_DMARC_PASS"} <= set(auth_hits(raw))


def test_gmail_and_rspamd_when_trusted() -> None:
    gmail = auth_hits(message(("Authentication-Results", GMAIL)), trusted=("mx.google.com",))
    assert {"AUTH_SPF_PASS", "AUTH_DKIM_ALIGNED", "AUTH_DMARC_PASS"} <= set(gmail)
    assert "header.i=@rakuten-card.co.jp" in gmail["AUTH_DKIM_ALIGNED"]
    assert auth_hits(message(("Authentication-Results", GMAIL))) == {}  # not trusted
    rspamd = auth_hits(message(("Authentication-Results", RSPAMD)))
    assert "AUTH_BRAND_VERIFIED" in rspamd


def test_a_header_without_authserv_id_is_never_trusted() -> None:
    assert auth_hits(message(("Authentication-Results", EXCHANGE))) == {}
    with pytest.raises(ConfigError, match="not an authserv-id"):
        RuleSet.load(trusted_authserv_ids=["spf=pass"])  # no id can match a result


def test_an_untrusted_topmost_header_hides_everything_below() -> None:
    raw = message(
        ("Authentication-Results", "relay.example.net; dmarc=pass header.from=x"),
        ("Authentication-Results", OPENDMARC),
    )
    assert auth_hits(raw) == {}


def test_a_forged_copy_below_cannot_change_a_result() -> None:
    forged_pass = (
        "mx.example.jp; spf=pass smtp.mailfrom=mail.rakuten-card.co.jp;"
        " dkim=pass header.d=rakuten-card.co.jp; dmarc=pass header.from=mail.rakuten-card.co.jp"
    )
    # directly below: a method counts only in the first header that reports it
    raw = message(("Authentication-Results", FORGED_FAIL), ("Authentication-Results", forged_pass))
    hits = auth_hits(raw)
    assert set(hits) == {"AUTH_SPF_FAIL", "AUTH_DMARC_FAIL_REJECT", "AUTH_BRAND_FORGED"}
    # ... but it can add a method the MTA did not check (RFC 8601 §5: strip such copies)
    raw = message(("Authentication-Results", POSTFIX_SPF), ("Authentication-Results", forged_pass))
    assert {"AUTH_SPF_PASS", "AUTH_DMARC_PASS"} <= set(auth_hits(raw))
    # below the previous hop's Received: not read at all
    raw = message(
        ("Authentication-Results", FORGED_FAIL),
        ("Received", "from attacker.example.top by mx.example.jp"),
        ("Authentication-Results", forged_pass),
    )
    hits = auth_hits(raw)
    assert "AUTH_DKIM_ALIGNED" not in hits and "AUTH_BRAND_VERIFIED" not in hits


def test_several_dkim_signatures_one_passing() -> None:
    header = (
        "mx.example.jp; dkim=fail header.d=lists.example.org;"
        " dkim=pass header.d=rakuten-card.co.jp; dkim=pass header.d=sendgrid.net"
    )
    hits = auth_hits(message(("Authentication-Results", header)))
    assert (
        "AUTH_DKIM_FAIL" not in hits and "header.d=rakuten-card.co.jp" in hits["AUTH_DKIM_ALIGNED"]
    )


def test_the_brand_metas_in_japanese_notices() -> None:
    verified = auth_hits(message(("Authentication-Results", RSPAMD)))
    assert "AUTH_BRAND_VERIFIED" in verified and "AUTH_BRAND_FORGED" not in verified
    # A forged From whose phishing link was lost (ja_spam: HTML part stripped): aligned
    # by its words and links, forged by its authentication.
    forged = auth_hits(message(("Authentication-Results", FORGED_FAIL)))
    assert "AUTH_BRAND_FORGED" in forged and "AUTH_BRAND_VERIFIED" not in forged


# --------------------------------------------------------------------------- configuration


def test_the_rules_file_names_trusted_ids(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[authentication]\ntrusted_authserv_ids = ["MX.Example.JP"]\n')
    rules = RuleSet.load(path)
    assert rules.lists.trusted_authserv_ids == frozenset({"mx.example.jp"})
    raw = message(("Authentication-Results", OPENDMARC))
    assert "AUTH_DMARC_PASS" in rules.fired(parse(raw))
    # the keyword replaces the file's list; [] turns the names off again
    assert "AUTH_DMARC_PASS" not in RuleSet.load(path, trusted_authserv_ids=[]).fired(parse(raw))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[authentication]\ntrusted_authserv_ids = "mx.example.jp"\n', "list of strings"),
        ('[authentication]\ntrusted_authserv_ids = ["mx.example.jp; x"]\n', "not an authserv-id"),
        ('[authentication]\ntrusted_authserv_ids = ["mx example"]\n', "not an authserv-id"),
        ('[authentication]\ntrusted_authserv_ids = ["mx.例.jp"]\n', "not an authserv-id"),
        ('[authentication]\ntrusted_ids = ["mx.example.jp"]\n', "unknown key"),
        ('authentication = ["mx.example.jp"]\n', "must be a table"),
    ],
)
def test_bad_authentication_tables_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "local.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        RuleSet.load(path)


def test_one_string_is_not_a_list_of_ids() -> None:
    with pytest.raises(ConfigError, match="not one string"):
        RuleSet.load(trusted_authserv_ids="mx.example.jp")  # type: ignore[arg-type]


def test_a_classifier_reports_the_authentication_it_trusted(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text('[authentication]\ntrusted_authserv_ids = ["mx.example.jp"]\n')
    raw = message(("Authentication-Results", RSPAMD))
    for classifier in (
        Classifier(rules=path),
        Classifier(rules=RuleSet.load(trusted_authserv_ids=["mx.example.jp"])),
    ):
        reasons = {r.name: r for r in classifier.classify(raw).reasons}
        assert reasons["AUTH_BRAND_VERIFIED"].score == -2.0
        assert "by mx.example.jp" in reasons["AUTH_DMARC_PASS"].evidence
    assert "AUTH_DMARC_PASS" not in {r.name for r in Classifier().classify(raw).reasons}


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora")
def test_auth_results_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(
            "auth_results", BENCHMARKS / "auth_results.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.main(["--corpora", str(CORPORA), "--limit", "5"]) == 0
    finally:
        sys.path.remove(str(BENCHMARKS))
    out = capsys.readouterr().out
    assert "| AUTH_DMARC_PASS |" in out and "| AUTH_BRAND_VERIFIED |" in out
