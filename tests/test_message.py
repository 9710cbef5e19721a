"""spamkit.message.parse: decoded headers, body text, links, attachments, never raising."""

from __future__ import annotations

import base64
import dataclasses
import email
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPORA
from jis import sjis_to_jis
from spamkit import message as message_module
from spamkit.message import Attachment, Defect, Link, ParsedMail, parse

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"

JA = "お客様のアカウントは停止されました。至急ご確認ください。"


def b_word(raw: bytes, charset: str) -> bytes:
    return b"=?" + charset.encode() + b"?B?" + base64.b64encode(raw) + b"?="


def mail_bytes(headers: list[bytes], body: bytes) -> bytes:
    return b"\r\n".join(headers) + b"\r\n\r\n" + body


def assert_clean(mail: ParsedMail) -> None:
    for text in (mail.subject, mail.text, mail.from_name):
        assert "\ufffd" not in text
        assert "\x1b" not in text
        assert "=?" not in text


def defect_names(mail: ParsedMail) -> list[str]:
    return [d.name for d in mail.defects]


# --- charsets through parse() -----------------------------------------------------------------


def test_iso2022jp_subject_and_body_with_nec_characters() -> None:
    subject = "①㈱～のお知らせ"
    body = "本日は①㈱～Ⅰ㎡の件です。\r\n"
    raw = mail_bytes(
        [
            b"Subject: " + b_word(sjis_to_jis(subject), "ISO-2022-JP"),
            b"From: " + b_word(sjis_to_jis("山田①"), "iso-2022-jp") + b" <Taro@Example.JP>",
            b"MIME-Version: 1.0",
            b"Content-Type: text/plain; charset=ISO-2022-JP",
            b"Content-Transfer-Encoding: 7bit",
        ],
        sjis_to_jis(body),
    )
    mail = parse(raw)
    assert mail.subject == subject
    assert mail.text == "本日は①㈱～Ⅰ㎡の件です。"
    assert mail.from_name == "山田①"
    assert mail.from_address == "taro@example.jp"
    assert mail.defects == []
    assert_clean(mail)


@pytest.mark.parametrize(
    ("codec", "label"),
    [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("utf-8", "UTF-8"), ("cp932", "x-sjis")],
)
def test_declared_japanese_charsets(codec: str, label: str) -> None:
    raw = mail_bytes(
        [
            b"Subject: " + b_word("確認①".encode(codec) if codec == "cp932" else b"", label),
            f"Content-Type: text/plain; charset={label}".encode(),
            b"Content-Transfer-Encoding: 8bit",
        ],
        JA.encode(codec),
    )
    mail = parse(raw)
    assert mail.text == JA
    assert mail.defects == []
    assert_clean(mail)
    if codec == "cp932":
        assert mail.subject == "確認①"


@pytest.mark.parametrize(
    ("body", "label", "defect"),
    [
        (JA.encode("euc_jp"), "gb2312", "CHARSET_MISLABELLED"),
        (JA.encode("cp932"), "iso-2022-jp", "CHARSET_MISLABELLED"),
        (JA.encode("cp932"), "utf-8", "CHARSET_MISLABELLED"),
        (JA.encode("cp932"), None, "CHARSET_FALLBACK"),
        (JA.encode("euc_jp"), None, "CHARSET_FALLBACK"),
        (JA.encode("utf-8"), None, "CHARSET_FALLBACK"),
        (JA.encode("cp932"), "x-unknown", "CHARSET_UNKNOWN"),
        (JA.encode("utf-8"), "default_charset", "CHARSET_UNKNOWN"),
    ],
)
def test_mislabelled_and_unlabelled_bodies(body: bytes, label: str | None, defect: str) -> None:
    ctype = b"Content-Type: text/plain" + (f"; charset={label}".encode() if label else b"")
    mail = parse(mail_bytes([b"Subject: x", ctype], body))
    assert mail.text == JA
    assert defect in defect_names(mail)
    assert_clean(mail)


def test_gbk_japanese_labelled_gb2312_like_the_corpus() -> None:
    text = "お客様のJCBアカウントがロックされています。様"
    raw = mail_bytes(
        [
            b"Subject: " + b_word(text.encode("gbk"), "gb2312"),
            b"Content-Type: text/plain; charset=gb2312",
        ],
        text.encode("gbk"),
    )
    mail = parse(raw)
    assert mail.subject == text
    assert mail.text == text
    assert "CHARSET_SUPERSET" in defect_names(mail)


def test_mislabel_defect_detail() -> None:
    mail = parse(mail_bytes([b"Content-Type: text/plain; charset=GB2312"], JA.encode("euc_jp")))
    assert Defect("CHARSET_MISLABELLED", "text/plain: declared gb2312, decoded as euc-jp") in (
        mail.defects
    )


@pytest.mark.parametrize("codec", ["utf-8", "cp932"])
def test_raw_8bit_subject_and_from(codec: str) -> None:
    raw = mail_bytes(
        [
            "Subject: 【重要】お支払い方法の確認".encode(codec),
            "From: 三井住友カード <info@smbc.example>".encode(codec),
            b"Content-Type: text/plain; charset=us-ascii",
        ],
        b"hello",
    )
    mail = parse(raw)
    assert mail.subject == "【重要】お支払い方法の確認"
    assert mail.from_name == "三井住友カード"
    assert mail.from_address == "info@smbc.example"
    assert "RAW_8BIT_HEADER" in defect_names(mail)
    assert_clean(mail)


def test_encoded_word_split_mid_character_across_lines() -> None:
    raw_subject = "お支払い方法の確認".encode()
    first, second = raw_subject[:8], raw_subject[8:]  # 8 bytes: splits the 3rd character
    raw = mail_bytes(
        [b"Subject: " + b_word(first, "UTF-8") + b"\r\n\t" + b_word(second, "utf-8")],
        b"x",
    )
    mail = parse(raw)
    assert mail.subject == "お支払い方法の確認"
    assert mail.defects == []


def test_broken_escape_sequence_in_subject_leaves_no_esc() -> None:
    mail = parse(b"Subject: =?iso-2022-jp?B?" + base64.b64encode(b'\x1b$B$"\x1b') + b"?=\r\n\r\n")
    assert mail.subject == "あ"
    assert_clean(mail)


def test_halfwidth_katakana_in_iso2022jp_body() -> None:
    raw = mail_bytes(
        [b"Content-Type: text/plain; charset=iso-2022-jp"],
        b"\x1b(I6C\x1b(B and \x0e6C\x0f",
    )
    assert parse(raw).text == "ｶﾃ and ｶﾃ"


# --- structure ----------------------------------------------------------------------------------


def test_addresses_headers_and_foreign_verdicts() -> None:
    mail = parse((FIXTURES / "alternative.eml").read_bytes())
    assert mail.from_name == "Support Team"
    assert mail.from_address == "support@example.com"
    assert mail.reply_to == "reply@example.com"
    assert mail.to == ["user@example.org", "other@example.org"]
    assert mail.cc == ["cc@example.net"]
    assert mail.recipients == ["user@example.org", "other@example.org", "cc@example.net"]
    assert mail.message_id == "<alt-1@example.com>"
    assert mail.in_reply_to == "<prev@example.com>"
    assert mail.references == ["<first@example.com>", "<prev@example.com>"]
    names = [name.lower() for name, _ in mail.headers]
    assert not any(n.startswith(("x-spam", "x-bogosity")) for n in names)
    assert mail.header("X-Spam-Status") == ""
    assert mail.header("SUBJECT") == "Your account"


def test_multipart_alternative_keeps_plain_text_and_html_links() -> None:
    mail = parse((FIXTURES / "alternative.eml").read_bytes())
    assert mail.text == (
        "Please verify your account at https://example.com/verify today.\nThanks, the Support Team."
    )
    assert mail.is_html is True
    assert Link("https://example.com/verify", "") in mail.links
    assert Link("https://phish.example.net/login?a=1&b=2", "verify your account") in mail.links
    assert mail.defects == []


def test_alternative_with_token_plain_part_takes_the_html() -> None:
    raw = (
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nView in HTML.\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n"
        b"<p>Your parcel is waiting. Pay the customs fee &pound;2 at</p>"
        b'<a href="http://parcel.example/pay">the Royal Mail site</a>\r\n--b--\r\n'
    )
    mail = parse(raw)
    assert (
        mail.text == "Your parcel is waiting. Pay the customs fee \u00a32 at\nthe Royal Mail site"
    )
    assert mail.links == [Link("http://parcel.example/pay", "the Royal Mail site")]


def test_html_only_body_with_entities_and_links() -> None:
    html = (
        "<html><body><p>&#x304A;知らせ &amp; ご案内</p>"
        '<a href="https://amaz0n.example/signin">Amazon.co.jp にログイン</a>'
        "<script>document.write('x')</script><p>本文 https://bare.example/x</p></body></html>"
    )
    raw = mail_bytes([b"Content-Type: text/html; charset=utf-8"], html.encode())
    mail = parse(raw)
    assert mail.text == "お知らせ & ご案内\nAmazon.co.jp にログイン\n本文 https://bare.example/x"
    assert mail.links == [
        Link("https://amaz0n.example/signin", "Amazon.co.jp にログイン"),
        Link("https://bare.example/x", ""),
    ]
    assert mail.is_html


def test_nested_message_and_rfc2231_filename() -> None:
    mail = parse((FIXTURES / "nested.eml").read_bytes())
    assert mail.text == "See the forwarded message below.\n請求書のお知らせ\n請求書を添付します。"
    assert mail.attachments == [Attachment("請求書.pdf", "application/pdf", 9)]
    assert mail.subject == "Fwd: invoice"


def test_attachment_names_in_every_encoding() -> None:
    jis_name = sjis_to_jis("①請求書.xlsx")
    raw = (
        b'Content-Type: multipart/mixed; boundary="m"\r\n\r\n'
        b"--m\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
        b"--m\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Disposition: attachment; filename*=iso-2022-jp''"
        + "".join(f"%{b:02X}" for b in jis_name).encode()
        + b"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n"
        b'--m\r\nContent-Type: application/zip; name="'
        + b_word("注文書.zip".encode(), "UTF-8")
        + b'"\r\n\r\nPK\r\n'
        b'--m\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename="'
        + "写真.png".encode("cp932")
        + b'"\r\n\r\nxx\r\n--m--\r\n'
    )
    mail = parse(raw)
    assert mail.text == "body"
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("①請求書.xlsx", "application/octet-stream"),
        ("注文書.zip", "application/zip"),
        ("写真.png", "image/png"),
    ]
    assert mail.attachments[0].size == 4


def test_input_types() -> None:
    raw = b"Subject: hi\r\nFrom: a@b.example\r\n\r\nbody\r\n"
    expected = parse(raw)
    assert parse(bytearray(raw)).text == expected.text == "body"
    assert parse(raw.decode()).subject == "hi"
    assert parse(email.message_from_bytes(raw)).from_address == "a@b.example"
    with pytest.raises(TypeError):
        parse(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]


# --- malformed input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "defect"),
    [
        (b"", "EMPTY_MESSAGE"),
        (b"   \r\n", "EMPTY_MESSAGE"),
        (b"Subject: x\r\n\r\nab\x00cd", "NUL_BYTES"),
        (b"not a header line\r\nSubject: x\r\n\r\nbody", "MISSING_HEADER_BODY_SEPARATOR"),
        (
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"44GC44GE4",
            "INVALID_BASE64_LENGTH",
        ),
        (
            b'Content-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\n'
            b"Content-Type: text/plain\r\n\r\nunterminated",
            "CLOSE_BOUNDARY_NOT_FOUND",
        ),
        (b"Content-Type: multipart/mixed\r\n\r\nno boundary", "NO_BOUNDARY_IN_MULTIPART"),
        (
            b'Content-Type: multipart/mixed; boundary="q"\r\n\r\nno parts at all\r\n',
            "START_BOUNDARY_NOT_FOUND",
        ),
        (b"Content-Type: text/plain; charset=x-unknown\r\n\r\n\xe3\x81\x82", "CHARSET_UNKNOWN"),
        (b"Subject: =?utf-8?B?44GC4?=\r\n\r\n", "BAD_ENCODED_WORD"),
        (b"From: <no-at-sign>\r\n\r\nx", "BAD_ADDRESS"),
    ],
)
def test_malformed_input_gives_a_defect(raw: bytes, defect: str) -> None:
    mail = parse(raw)
    assert isinstance(mail, ParsedMail)
    assert defect in defect_names(mail), mail.defects
    assert all(d.name.isupper() and " " not in d.name for d in mail.defects)
    assert "PARSER_ERROR" not in defect_names(mail)


def test_truncated_base64_keeps_what_decodes() -> None:
    raw = (
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(JA.encode())[:-3]
    )
    mail = parse(raw)
    assert mail.text.startswith("お客様のアカウント")
    assert_clean(mail)


@pytest.mark.slow
def test_random_bytes_never_raise() -> None:
    rng = random.Random(20261127)
    for _ in range(300):
        size = rng.choice([1, 10, 100, 1000, 5000])
        raw = bytes(rng.randrange(256) for _ in range(size))
        mail = parse(raw)
        assert isinstance(mail, ParsedMail)
        assert "PARSER_ERROR" not in defect_names(mail)
        assert "\x00" not in mail.text


@pytest.mark.slow
def test_mutated_real_structure_never_raises() -> None:
    base = (FIXTURES / "nested.eml").read_bytes()
    rng = random.Random(7)
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randrange(1, 20)):
            pos = rng.randrange(len(data))
            action = rng.randrange(3)
            if action == 0:
                data[pos] = rng.randrange(256)
            elif action == 1:
                del data[pos : pos + rng.randrange(1, 40)]
            else:
                data[pos:pos] = rng.choice([b"\r\n", b"--", b"=?", b"\x1b$B", b";", b'"', b"\x00"])
        mail = parse(bytes(data))
        assert "PARSER_ERROR" not in defect_names(mail), mail.defects


# --- bounded work -----------------------------------------------------------------------------


def test_text_is_capped() -> None:
    raw = mail_bytes([b"Content-Type: text/plain"], b"word " * 100_000)
    mail = parse(raw, max_text_chars=1000)
    assert len(mail.text) <= 1000
    assert "TEXT_TRUNCATED" in defect_names(mail)
    assert len(parse(raw).text) <= message_module.MAX_BODY_CHARS


def test_parts_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_module, "MAX_PARTS", 10)
    parts = b"".join(b"--p\r\nContent-Type: text/plain\r\n\r\npart\r\n" for _ in range(50))
    raw = b'Content-Type: multipart/mixed; boundary="p"\r\n\r\n' + parts + b"--p--\r\n"
    mail = parse(raw)
    assert "TOO_MANY_PARTS" in defect_names(mail)
    assert mail.text.count("part") == 9  # the root counts as one part


def test_nesting_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_module, "MAX_DEPTH", 3)
    inner = b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    for level in range(6):
        inner = (
            f'Content-Type: multipart/mixed; boundary="n{level}"\r\n\r\n--n{level}\r\n'.encode()
            + inner
            + f"\r\n--n{level}--\r\n".encode()
        )
    mail = parse(inner)
    assert "NESTING_TOO_DEEP" in defect_names(mail)
    assert "deep" not in mail.text


def test_deep_nesting_at_default_caps_never_raises() -> None:
    inner = b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    for level in range(200):
        inner = (
            f'Content-Type: multipart/mixed; boundary="n{level}"\r\n\r\n--n{level}\r\n'.encode()
            + inner
            + f"\r\n--n{level}--\r\n".encode()
        )
    mail = parse(inner)
    assert "NESTING_TOO_DEEP" in defect_names(mail) or "PARSER_ERROR" in defect_names(mail)


# --- corpora ----------------------------------------------------------------------------------

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"shared corpora not found at {CORPORA}"
)


def _japanese_clean(mail: ParsedMail) -> bool:
    text = mail.subject + mail.text
    return "\ufffd" not in text and "\x1b" not in text


@pytest.mark.slow
@pytest.mark.corpora
@needs_corpora
def test_ja_spam_corpus_decodes_cleanly() -> None:
    files = sorted((CORPORA / "ja_spam").glob("*.eml"))
    assert len(files) >= 180
    fallbacks = 0
    for path in files:
        mail = parse(path.read_bytes())
        assert _japanese_clean(mail), path.name
        assert "=?" not in mail.subject, path.name
        assert "PARSER_ERROR" not in defect_names(mail), path.name
        names = defect_names(mail)
        if "CHARSET_MISLABELLED" in names or "CHARSET_FALLBACK" in names:
            fallbacks += 1
    # 2026-11-27: 0 of 187 need a fallback; 17 (39 parts/headers) carry CHARSET_SUPERSET,
    # GBK-encoded Japanese labelled gb2312.  A rise here means the scorer changed its mind.
    assert fallbacks <= 5


@pytest.mark.slow
@pytest.mark.corpora
@needs_corpora
def test_ja_ham_sample_decodes_cleanly() -> None:
    files = sorted((CORPORA / "ja_ham").glob("*.eml"))[::12][:520]
    assert len(files) >= 400
    for path in files:
        mail = parse(path.read_bytes())
        assert _japanese_clean(mail), path.name
        assert "PARSER_ERROR" not in defect_names(mail), path.name


@pytest.mark.slow
@pytest.mark.corpora
@needs_corpora
def test_spamassassin_sample_never_raises() -> None:
    files = sorted(p for p in (CORPORA / "spamassassin").glob("*/*") if p.is_file())
    sample = random.Random(20261127).sample(files, min(500, len(files)))
    for path in sample:
        mail = parse(path.read_bytes())
        assert "PARSER_ERROR" not in defect_names(mail), path.name
        assert mail.subject or mail.text or mail.headers, path.name


def test_docstring_examples() -> None:
    import doctest

    from spamkit import charsets, html

    for module in (message_module, charsets, html):
        failed, _ = doctest.testmod(module)
        assert failed == 0, module.__name__


PIECES = [
    b"Subject: ",
    b"From: ",
    b"Content-Type: multipart/mixed; boundary=x\r\n",
    b"Content-Type: text/html; charset=iso-2022-jp\r\n",
    b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n",
    b"Content-Disposition: attachment; filename*=utf-8''%E3%81\r\n",
    b"--x\r\n",
    b"--x--\r\n",
    b"\r\n",
    b"=?utf-8?B?44GC?=",
    b"=?iso-2022-jp?B?GyRCJCIbKEI=?=",
    b'\x1b$B$"-!',
    b"<a href='http://x.example/'>",
    b"=E3=81",
    b"\x00",
    b"\xff\xfe",
]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=40)), max_size=40))
def test_parse_never_raises_property(chunks: list[bytes]) -> None:
    mail = parse(b"".join(chunks))
    assert isinstance(mail, ParsedMail)
    assert "PARSER_ERROR" not in defect_names(mail), mail.defects
    assert all(isinstance(link, Link) for link in mail.links)
    assert "\x00" not in mail.text


def test_public_contract_fields() -> None:
    names = {f.name: f.type for f in dataclasses.fields(ParsedMail)}
    expected = {
        "subject": "str",
        "from_name": "str",
        "from_address": "str",
        "reply_to": "str",
        "to": "list[str]",
        "cc": "list[str]",
        "return_path": "str",
        "message_id": "str",
        "in_reply_to": "str",
        "references": "list[str]",
        "text": "str",
        "is_html": "bool",
        "links": "list[Link]",
        "attachments": "list[Attachment]",
        "defects": "list[Defect]",
        "headers": "list[tuple[str, str]]",
        "html_facts": "HtmlFacts",
        "alternatives": "list[Alternative]",
    }
    assert {k: names[k] for k in expected} == expected
    assert [f.name for f in dataclasses.fields(Link)] == ["url", "text"]
    assert [f.name for f in dataclasses.fields(Attachment)] == [
        "filename",
        "content_type",
        "size",
        "members",
        "encrypted",
    ]
    assert [f.name for f in dataclasses.fields(Defect)] == ["name", "detail"]


# --- what structure detectors read: zip listings, alternatives, HTML facts ----------------


def _zip_bytes(names: list[str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"data")
    return buffer.getvalue()


def _with_attachment(filename: str, ctype: str, data: bytes) -> bytes:
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    msg = MIMEMultipart()
    msg["Subject"] = "files"
    msg.attach(MIMEText("see attached", "plain", "utf-8"))
    part = MIMEApplication(data, ctype.split("/", 1)[1])
    part.add_header("Content-Disposition", "attachment", filename=filename)
    msg.attach(part)
    return msg.as_bytes()


@pytest.mark.parametrize(
    ("filename", "ctype"),
    [
        ("scan.zip", "application/zip"),
        ("scan.zip", "application/octet-stream"),
        ("scan", "application/octet-stream"),  # found by its first bytes
        ("scan.pdf", "application/x-zip-compressed"),
    ],
)
def test_zip_attachments_are_listed(filename: str, ctype: str) -> None:
    mail = parse(_with_attachment(filename, ctype, _zip_bytes(["a/invoice.pdf.exe", "b.txt"])))
    (attachment,) = mail.attachments
    assert attachment.members == ("a/invoice.pdf.exe", "b.txt")
    assert attachment.size > 100 and not attachment.encrypted


def test_office_documents_are_not_listed() -> None:
    mail = parse(_with_attachment("report.docx", "application/octet-stream", _zip_bytes(["x"])))
    assert mail.attachments[0].members == ()
    mail = parse(_with_attachment("report.pdf", "application/pdf", b"%PDF-1.4 ..."))
    assert mail.attachments[0].members == () and mail.attachments[0].size == 12


def test_alternatives_keep_both_renderings_and_their_links() -> None:
    raw = (
        b"Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=B\n\n"
        b"--B\nContent-Type: text/plain\n\nSee https://shop.example.com/order\n"
        b'--B\nContent-Type: text/html\n\n<p>See <a href="https://evil.example.net/">'
        b"https://shop.example.com/order</a></p>\n--B--\n"
    )
    mail = parse(raw)
    (alt,) = mail.alternatives
    assert alt.plain == "See https://shop.example.com/order"
    assert alt.html == "See https://shop.example.com/order"
    assert alt.plain_urls == ("https://shop.example.com/order",)
    assert alt.html_urls == ("https://evil.example.net/", "https://shop.example.com/order")
    assert mail.text == alt.plain  # the reading of the mail is unchanged


def test_html_facts_sum_over_html_parts() -> None:
    raw = (
        b"Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
        b'--B\nContent-Type: text/html\n\n<form><input type="password"></form>\n'
        b'--B\nContent-Type: text/html\n\n<img src="http://x.test/i.png"><p hidden>psst</p>\n'
        b"--B--\n"
    )
    facts = parse(raw).html_facts
    assert (facts.forms, facts.password_inputs, facts.remote_images) == (1, 1, 1)
    assert facts.hidden_chars == 4
    assert parse(b"Subject: plain\n\nno markup here\n").html_facts.text_chars == 0
