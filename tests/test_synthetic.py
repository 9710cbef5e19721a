"""The generators of spamkit.synthetic: reproducible, parseable, varied, honest splits."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from jis import sjis_to_jis
from spamkit import parse
from spamkit.cli import main
from spamkit.synthetic import _heldout, business, conversational
from spamkit.synthetic.brands import BRAND_SENDERS, brand_table
from spamkit.synthetic.compose import MAILERS, Attachment, compose, encode_jis, fake_pdf

# --- shared sets (generated once per module) ----------------------------------------------


@pytest.fixture(scope="module")
def biz() -> list:
    return business.generate(2000, seed=11)


@pytest.fixture(scope="module")
def biz_parsed(biz) -> list:
    return [parse(m.raw) for m in biz]


@pytest.fixture(scope="module")
def conv() -> list:
    return conversational.generate(600, seed=11)


@pytest.fixture(scope="module")
def negatives() -> list:
    return conversational.hard_negatives(160, seed=11)


_CP932_FORMS = str.maketrans({"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225"})


def _norm(text: str, charset: str = "utf-8") -> str:
    """What a correct decoder gives back: CP932 forms of JIS characters, and in
    ISO-2022-JP half-width kana widened (CP50220 sends them so); blanks collapsed."""
    text = text.translate(_CP932_FORMS)
    if charset == "iso-2022-jp":
        text = re.sub("[\uff61-\uff9f]+", lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return re.sub(r"[ \t\u3000]+", " ", text)


def _under(host: str, domains: list[str]) -> bool:
    host = host.lower().split(":")[0]
    return any(host == d or host.endswith("." + d) for d in domains)


def _links(p) -> list:
    """The parsed links."""
    return p.links


def _host(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]


# --- determinism ----------------------------------------------------------------------------


@pytest.mark.slow
def test_business_is_deterministic_per_seed():
    a = business.generate(60, seed=5)
    b = business.generate(60, seed=5)
    c = business.generate(60, seed=6)
    assert [m.raw for m in a] == [m.raw for m in b]
    assert sum(x.raw != y.raw for x, y in zip(a, c, strict=True)) == 60


@pytest.mark.slow
def test_leaving_kinds_out_changes_no_other_message():
    k = len(business.KINDS)
    full = business.generate(2 * k, seed=9)
    some = business.generate(4, seed=9, kinds=["invoice", "card_usage"])
    expected = [m.raw for m in full if m.kind in ("invoice", "card_usage")]
    assert sorted(m.raw for m in some) == sorted(expected)
    rest = business.generate(k - 11, seed=9, exclude_kinds=business.HELDOUT_KINDS)
    assert not {m.kind for m in rest} & business.HELDOUT_KINDS


def test_conversational_and_negatives_are_deterministic():
    assert [m.raw for m in conversational.generate(40, seed=2)] == [
        m.raw for m in conversational.generate(40, seed=2)
    ]
    assert [m.raw for m in conversational.generate(40, seed=2)] != [
        m.raw for m in conversational.generate(40, seed=3)
    ]
    assert [m.raw for m in conversational.hard_negatives(24, seed=2)] == [
        m.raw for m in conversational.hard_negatives(24, seed=2)
    ]


@pytest.mark.slow
def test_output_does_not_depend_on_hash_randomisation():
    """No set or dict order leaks into the output: same bytes under two PYTHONHASHSEEDs."""
    code = (
        "import hashlib\n"
        "from spamkit.synthetic import business, conversational\n"
        "mails = business.generate(110, seed=4) + conversational.generate(40, seed=4)\n"
        "mails += conversational.hard_negatives(16, seed=4)\n"
        "print(hashlib.sha256(b''.join(m.raw for m in mails)).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        business.generate(3, kinds=["invoice", "no_such_kind"])
    with pytest.raises(ValueError, match="unknown kind"):
        conversational.hard_negatives(3, kinds=["hn_nope"])


# --- counts ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_business_counts_kinds_and_languages(biz):
    assert len(biz) == 2000 and {m.label for m in biz} == {"ham"}
    kinds = Counter(m.kind for m in biz)
    assert len(kinds) == len(business.KINDS) >= 40
    by_lang = {(m.kind, m.language) for m in biz}
    both = [k for k in kinds if (k, "ja") in by_lang and (k, "en") in by_lang]
    assert len(both) >= 40
    charsets = Counter(m.charset for m in biz if m.language == "ja")
    for charset in ("iso-2022-jp", "shift_jis", "utf-8"):
        assert charsets[charset] >= 0.12 * sum(charsets.values()), charsets
    structures = Counter(m.family["structure"] for m in biz)
    assert set(structures) == {"plain", "html", "alt"}


@pytest.mark.slow
def test_attack_and_negative_counts(conv, negatives):
    assert len(conversational.generate(300, seed=1)) == 300
    assert {m.label for m in conv} == {"spam"} and {m.kind for m in conv} == {"conversational"}
    assert len(conversational.hard_negatives(150, seed=1)) == 150
    assert {m.label for m in negatives} == {"ham"}
    assert {m.kind for m in negatives} == set(conversational.HARD_NEGATIVE_KINDS)


# --- every message parses back to what was meant ------------------------------------------


def _check_parses(mail, p=None) -> None:
    p = p or parse(mail.raw)
    assert p.defects == [], (mail.kind, mail.charset, mail.family, p.defects)
    assert _norm(p.subject) == _norm(mail.subject, mail.charset).strip(), (p.subject, mail.subject)
    got = _norm(p.text)
    lines = [line.strip() for line in _norm(mail.text, mail.charset).split("\n") if line.strip()]
    if mail.family.get("structure") == "html":
        # Rendered by spamkit's HTML reader: paragraphs come back, field tables as cells.
        assert lines[0].split(" ")[0] in got, (lines[0], got[:200])
    else:
        missing = [line for line in lines if line not in got]
        assert not missing, (mail.kind, mail.charset, missing[:3])


@pytest.mark.slow
def test_business_mail_parses_cleanly(biz, biz_parsed):
    for mail, parsed in zip(biz, biz_parsed, strict=True):
        _check_parses(mail, parsed)


@pytest.mark.slow
def test_attacks_and_negatives_parse_cleanly(conv, negatives):
    for mail in conv + negatives:
        _check_parses(mail)


@pytest.mark.parametrize(
    ("charset", "transfer"),
    [
        ("iso-2022-jp", "7bit"),
        ("shift_jis", "8bit"),
        ("shift_jis", "base64"),
        ("utf-8", "base64"),
        ("utf-8", "quoted-printable"),
        ("utf-8", "8bit"),
    ],
)
def test_japanese_round_trips_in_every_charset(charset, transfer):
    """NEC row 13 (①, ㈱, ㎡), NEC-selected IBM extensions (髙, 﨑), 〜 and half-width kana."""
    name = "髙橋 ㈱﨑"
    subject = "【①ご請求】㈱青陵商事 ３月分（１２，３４５円）～ご確認ください ｶﾞｲﾄﾞ付き"
    text = "山﨑様\n\n①請求書を送付します。\n②面積：30㎡\n金額：１２，３４５円～\nｶﾞｲﾄﾞ\n"
    for mailer in MAILERS:
        rng = random.Random(mailer.name)
        raw = compose(
            rng=rng,
            mailer=mailer,
            charset=charset,
            transfer=transfer,
            sender=(name, "m.takahashi@seiryo-shoji.co.jp"),
            to=[("山﨑 花子", "hanako@aoi-unyu.co.jp")],
            subject=subject,
            date=datetime(2024, 3, 5, 1, 2, 3, tzinfo=timezone.utc),
            text=text,
            attachments=[Attachment("請求書_①.pdf", "application/pdf", fake_pdf(rng))],
        )
        if charset == "iso-2022-jp":
            assert raw.isascii() and b"\x1b$B" in raw
        p = parse(raw)
        assert p.defects == [], (mailer.name, p.defects)
        assert p.subject == _norm(subject, charset)
        assert p.from_name == name
        assert _norm(text, charset).strip() in _norm(p.text)
        assert [a.filename for a in p.attachments] == ["請求書_①.pdf"]


def test_jis_encoder_agrees_with_the_reference_cp50220_encoder():
    text = "①②㈱㍉㎡髙﨑～ 請求書 ABC 123 ｶﾞｲﾄﾞ"
    assert encode_jis(text) == sjis_to_jis(
        unicodedata.normalize("NFKC", "ｶﾞｲﾄﾞ").join(text.rsplit("ｶﾞｲﾄﾞ", 1))
    )


@pytest.mark.slow
def test_generated_jis_mail_carries_nec_characters(biz):
    jis = [
        m
        for m in biz
        if m.charset == "iso-2022-jp"
        and m.family["structure"] != "html"
        and ("①" in m.text or "㈱" in m.text)
    ]
    assert len(jis) >= 10
    for mail in jis[:10]:
        text = parse(mail.raw).text
        assert ("①" in text) == ("①" in mail.text) and ("㈱" in text) == ("㈱" in mail.text)


# --- brands: their own domains, their own links -------------------------------------------


@pytest.mark.slow
def test_every_brand_sends_from_and_links_to_its_own_domains(biz, biz_parsed):
    table = brand_table()
    neutral = table["neutral_domains"]
    seen: set[str] = set()
    for mail, p in zip(biz, biz_parsed, strict=True):
        sender = mail.family["sender"]
        if not sender.startswith("brand:"):
            for key, entry in table.items():
                if isinstance(entry, dict):
                    assert not _under(p.from_address.rpartition("@")[2], entry["domains"]), (
                        key,
                        p.from_address,
                    )
            continue
        key = sender.split(":", 1)[1]
        domains = table[key]["domains"]
        assert _under(p.from_address.rpartition("@")[2], domains), (key, p.from_address)
        bad = [link.url for link in _links(p) if not _under(_host(link.url), domains + neutral)]
        assert not bad, (key, mail.kind, bad)
        seen.add(key)
    assert seen == {k for k, v in table.items() if isinstance(v, dict)}


def test_brand_sender_table_stays_within_the_brand_domains():
    table = brand_table()
    for sender in BRAND_SENDERS:
        domains = table[sender.brand]["domains"]
        for address in sender.addresses:
            assert _under(address.rpartition("@")[2], domains), (sender.brand, address)
        for host in sender.hosts:
            assert _under(host, domains + table["neutral_domains"]), (sender.brand, host)


# --- the attack: its shape, its families ------------------------------------------------------

_GROUP_LOCALS = {g[0] for g in conversational._GROUPS}


@pytest.mark.slow
def test_attacks_have_no_link_attachment_or_thread_headers(conv):
    providers = Counter()
    for mail in conv:
        p = parse(mail.raw)
        assert _links(p) == [] and p.attachments == []
        assert not p.in_reply_to and not p.references
        assert b"\nIn-Reply-To:" not in mail.raw and b"\nReferences:" not in mail.raw
        assert len(p.to) == 1 and p.to[0].partition("@")[0] in _GROUP_LOCALS
        providers[p.from_address.rpartition("@")[2]] += 1
        lines = [line for line in mail.text.split("\n") if line.strip()]
        assert 1 <= len(lines) <= 35
    assert {"docomo.ne.jp", "gmail.com", "yahoo.co.jp"} <= set(providers)
    assert len(providers) >= 10
    thread = Counter(m.family["thread"] for m in conv)
    assert thread["re"] and thread["fwd"] and thread["none"]


@pytest.mark.slow
def test_attack_lengths_cover_one_to_thirty_lines(conv):
    counts = [
        len([x for x in m.text.split("\n") if x.strip()])
        for m in conv
        if "Forwarded" not in m.text and "転送メッセージ" not in m.text
    ]
    assert min(counts) == 1 and max(counts) >= 25
    assert Counter(m.family["length"] for m in conv)["line1"] >= 50


@pytest.mark.slow
def test_every_dimension_has_disjoint_dev_and_heldout_families(conv):
    for dim in conversational.DIMENSIONS:
        held = conversational.HELDOUT[dim]
        dev = set(conversational.FAMILIES[dim]) - held
        assert held and dev and not held & dev, dim
        assert all(dim in m.family for m in conv)
        probes = [m for m in conv if m.family["split"] == f"heldout:{dim}"]
        assert probes, dim
        # A probe varies one dimension only: every other dimension is dev.
        for mail in probes:
            assert mail.family[dim] in held
            for other in conversational.DIMENSIONS:
                if other != dim:
                    assert mail.family[other] not in conversational.HELDOUT[other], (dim, other)
    dev_msgs = [m for m in conv if m.family["split"] == "dev"]
    assert 0.35 * len(conv) < len(dev_msgs) < 0.65 * len(conv)
    assert not any(
        m.family[d] in conversational.HELDOUT[d]
        for m in dev_msgs
        for d in conversational.DIMENSIONS
    )


def test_heldout_pools_share_no_phrase_with_dev_pools():
    def phrases(*tables: dict) -> set[str]:
        out: set[str] = set()
        for table in tables:
            for value in table.values():
                for part in value if isinstance(value, tuple) else (value,):
                    out.update(part if isinstance(part, tuple) else (part,))
        return out

    dev = phrases(
        conversational.SUBJECT_STYLES,
        conversational.CLAIMS,
        conversational.PLEAS,
        conversational.OFFERS,
        conversational.OPENINGS,
        conversational.PROVIDERS,
    )
    held = phrases(
        _heldout.SUBJECT_STYLES,
        _heldout.CLAIMS,
        _heldout.PLEAS,
        _heldout.OFFERS,
        _heldout.OPENINGS,
        _heldout.PROVIDERS,
    )
    assert held and not (held - {""}) & dev


def test_heldout_business_kinds_are_a_fifth_in_both_languages():
    assert set(business.KINDS) >= business.HELDOUT_KINDS
    assert 0.15 <= len(business.HELDOUT_KINDS) / len(business.KINDS) <= 0.25
    assert all(
        "en" in business.KINDS[k].languages and "ja" in business.KINDS[k].languages
        for k in business.HELDOUT_KINDS
    )
    mails = business.generate(3 * len(business.KINDS), seed=4)
    assert {m.family["split"] for m in mails if m.kind in business.HELDOUT_KINDS} == {"heldout"}
    assert {m.family["split"] for m in mails if m.kind not in business.HELDOUT_KINDS} == {"dev"}


@pytest.mark.slow
def test_hard_negative_replies_carry_thread_headers(negatives):
    for mail in negatives:
        p = parse(mail.raw)
        if p.subject.lower().startswith("re:"):
            assert p.in_reply_to and p.references, mail.kind
    applicants = [parse(m.raw) for m in negatives if m.kind == "hn_applicant"]
    assert all(
        p.to[0].partition("@")[0] in {"saiyo", "recruit", "jinji", "hr", "careers", "jobs", "info"}
        for p in applicants
    )


# --- no artefacts a model could key on --------------------------------------------------------


@pytest.mark.slow
def test_no_constant_headers_or_tell_tale_words(biz, conv, negatives):
    mails = biz[::4] + conv[:200] + negatives
    years = Counter()
    ids, mailers, orders = set(), Counter(), Counter()
    for mail in mails:
        low = mail.raw.lower()
        for word in (b"synthetic", b"generated", b"spamkit", b"lorem", b"faker", b"example."):
            assert word not in low, word
        p = parse(mail.raw)
        date = parsedate_to_datetime(p.header("Date"))
        years[date.year] += 1
        ids.add(p.message_id.rpartition("@")[2])
        mailers[mail.family["mailer"]] += 1
        orders[tuple(k.lower() for k, _ in p.headers[:3])] += 1
    assert set(years) == {2023, 2024, 2025, 2026}
    assert len(ids) > 150  # no fixed Message-ID domain
    assert len(mailers) >= 10 and max(mailers.values()) < 0.3 * len(mails)
    assert len(orders) >= 10 and max(orders.values()) < 0.4 * len(mails)


# --- the command line -------------------------------------------------------------------------


def _index(path: Path) -> list[list[str]]:
    rows = path.read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == ["file", "label", "kind", "language", "charset", "families"]
    return [r.split("\t") for r in rows[1:]]


def test_cli_writes_folders_and_index(tmp_path, capsys):
    out = tmp_path / "biz"
    assert (
        main(
            [
                "generate",
                "business",
                "--count",
                "14",
                "--seed",
                "3",
                "-o",
                str(out),
                "--exclude-kinds",
                "heldout",
            ]
        )
        == 0
    )
    rows = _index(out / "index.tsv")
    assert len(rows) == 14 and {r[1] for r in rows} == {"ham"}
    assert not {r[2] for r in rows} & business.HELDOUT_KINDS
    for row in rows:
        path = out / row[0]
        assert path.parent.name == row[2] and re.fullmatch(r"\d{5}\.eml", path.name)
        assert parse(path.read_bytes()).defects == []
        assert "split=dev" in row[5]
    assert main(["generate", "conversational", "--count", "5", "-o", str(tmp_path / "c")]) == 0
    assert {r[1] for r in _index(tmp_path / "c" / "index.tsv")} == {"spam"}
    assert (
        main(
            [
                "generate",
                "hard-negatives",
                "--count",
                "6",
                "-o",
                str(tmp_path / "h"),
                "--kinds",
                "hn_friend",
                "hn_reply",
            ]
        )
        == 0
    )
    assert {r[2] for r in _index(tmp_path / "h" / "index.tsv")} == {"hn_friend", "hn_reply"}
    assert "wrote 6 messages" in capsys.readouterr().out


def test_cli_refuses_a_non_empty_directory_and_bad_kinds(tmp_path, capsys):
    (tmp_path / "old.eml").write_bytes(b"x")
    assert main(["generate", "conversational", "--count", "2", "-o", str(tmp_path)]) == 2
    assert (
        main(["generate", "business", "--count", "2", "-o", str(tmp_path / "n"), "--kinds", "nope"])
        == 2
    )
    err = capsys.readouterr().err
    assert "not an empty directory" in err and "unknown kind" in err
