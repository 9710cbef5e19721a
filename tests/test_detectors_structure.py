"""spamkit.detectors.structure: HTML build, attachments and GTUBE, both ways and on junk."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys

import pytest

from examples import example_message, zip_file
from spamkit import Classifier, parse
from spamkit.detectors import detect
from spamkit.detectors.structure import GTUBE, attachment_kind, double_extension
from spamkit.integrations.filter import filter_message
from spamkit.ziplist import MAX_MEMBERS

STRUCTURE_NAMES = {
    "GTUBE",
    "HTML_HIDDEN_TEXT",
    "HTML_FORM_PASSWORD",
    "HTML_IMAGE_ONLY",
    "MIME_ALTERNATIVE_MISMATCH",
    "MIME_PLAIN_WITHOUT_LINKS",
    "ATTACH_EXECUTABLE",
    "ATTACH_DOUBLE_EXTENSION",
    "ATTACH_DISK_IMAGE",
    "ATTACH_HTML",
    "ATTACH_ARCHIVE_PASSWORD_IN_BODY",
}
GTUBE_MAIL = (
    b"From: Admin <admin@example.jp>\nTo: postmaster@example.jp\nSubject: GTUBE test\n"
    b"Message-ID: <gtube@example.jp>\n\n" + GTUBE.encode() + b"\n"
)


def fired(example: str | dict) -> dict[str, str]:
    return dict(detect(parse(example_message(example)), STRUCTURE_NAMES))


# --------------------------------------------------------------------------- GTUBE


def test_gtube_makes_spam_with_its_reason() -> None:
    verdict = Classifier().classify(GTUBE_MAIL)
    assert verdict.label == "spam" and verdict.probability > 0.999
    assert verdict.reasons[0].name == "GTUBE" and verdict.reasons[0].score == 1000.0
    plain = Classifier().classify(GTUBE_MAIL.replace(b"*C.34X", b"*C.34"))
    assert "GTUBE" not in {reason.name for reason in plain.reasons}


def test_gtube_through_filter_mode() -> None:
    out = filter_message(GTUBE_MAIL, Classifier()).output
    head = out.split(b"\n\n", 1)[0].replace(b"\n\t", b" ")
    assert b"X-Spam-Flag: YES" in head
    assert b"GTUBE" in head.split(b"X-Spam-Status:", 1)[1].split(b"\n", 1)[0]
    assert out.endswith(GTUBE_MAIL.split(b"\n\n", 1)[1])


@pytest.mark.slow
@pytest.mark.parametrize("command", ["classify", "filter"])
def test_gtube_through_the_command_line(command: str) -> None:
    args = ["classify", "--json", "-"] if command == "classify" else ["filter"]
    result = subprocess.run(
        [sys.executable, "-m", "spamkit", *args],
        input=GTUBE_MAIL,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    if command == "classify":
        verdict = json.loads(result.stdout)
        assert verdict["label"] == "spam"
        assert verdict["reasons"][0]["name"] == "GTUBE"
    else:
        assert b"X-Spam-Flag: YES" in result.stdout and b"GTUBE" in result.stdout


def test_gtube_in_html_and_in_an_iso_2022_jp_mail() -> None:
    assert "GTUBE" in fired({"html": f"<p><b>{GTUBE}</b></p>"})
    body = "動作確認です。\n".encode("iso-2022-jp") + GTUBE.encode() + b"\n"
    raw = b"Subject: test\nContent-Type: text/plain; charset=ISO-2022-JP\n\n" + body
    assert "GTUBE" in dict(detect(parse(raw), {"GTUBE"}))


# --------------------------------------------------------------------------- HTML


def test_hidden_text_leaves_a_leading_preheader_out() -> None:
    preheader = '<div style="display:none">' + "今週のおすすめ商品をご紹介します。" * 3 + "</div>"
    body = "<p>いつもご利用ありがとうございます。</p>"
    assert "HTML_HIDDEN_TEXT" not in fired({"html": preheader + body})
    junk = '<p style="font-size:0">' + "lorem ipsum dolor sit amet " * 3 + "</p>"
    found = fired({"html": preheader + body + junk})
    assert "font-size:0" in found["HTML_HIDDEN_TEXT"]
    # a hidden "preheader" longer than any preview line counts in full
    long_lead = '<div style="display:none">' + "x" * 400 + "</div>"
    assert "HTML_HIDDEN_TEXT" in fired({"html": long_lead + body})


def test_password_form_and_image_only() -> None:
    login = '<form><input name="u"><input type="password" name="p"></form>'
    assert fired({"html": login})["HTML_FORM_PASSWORD"].startswith("1 password field(s)")
    search = '<form><input name="q"><input type="submit"></form><p>Search the archive</p>'
    assert "HTML_FORM_PASSWORD" not in fired({"html": search})
    banner = '<a href="https://x.example.top/"><img src="https://x.example.top/a.jpg"></a>'
    assert "HTML_IMAGE_ONLY" in fired({"html": banner})
    assert "HTML_IMAGE_ONLY" not in fired({"html": banner, "text": "x" * 300})
    pixel = '<p>Hi</p><img src="https://t.example.com/o.gif" width="1" height="1">'
    assert "HTML_IMAGE_ONLY" not in fired({"html": pixel})


def test_alternatives_that_disagree() -> None:
    same = {"text": "Your order has shipped.", "html": "<p>Your order has <b>shipped</b>.</p>"}
    assert not {"MIME_ALTERNATIVE_MISMATCH", "MIME_PLAIN_WITHOUT_LINKS"} & set(fired(same))
    other = {"text": "AAA", "html": "<p>Dear customer, your claim is ready to be withdrawn.</p>"}
    assert "MIME_ALTERNATIVE_MISMATCH" in fired(other)
    empty = {"text": "", "html": "<p>Dear customer, your claim is ready.</p>"}
    assert "MIME_ALTERNATIVE_MISMATCH" in fired(empty)
    links = {"text": "Upgrade now.", "html": '<a href="https://q.example.top/">Upgrade now.</a>'}
    assert "MIME_PLAIN_WITHOUT_LINKS" in fired(links)
    assert "MIME_PLAIN_WITHOUT_LINKS" not in fired({**links, "text": ""})  # that is a mismatch


# --------------------------------------------------------------------------- attachments


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("invoice.EXE", "executable"),
        ("a/b/c.js", "executable"),
        ("C:\\Users\\x\\run.bat", "executable"),
        ("Shortcut.lnk", "executable"),
        ("disk.iso", "disk_image"),
        ("drive.VHDX", "disk_image"),
        ("page.shtml", "web_page"),
        ("logo.svg", "web_page"),
        ("data.7z", "archive"),
        ("report.pdf", "document"),
        ("noextension", ""),
        ("photo.heic", ""),
        ("link.url", ""),  # an Internet shortcut: attached by people (easy_ham 00775)
    ],
)
def test_attachment_kinds(name: str, kind: str) -> None:
    assert attachment_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("invoice.pdf.exe", ".pdf.exe"),
        ("Voicemail.wav.html", ".wav.html"),
        ("scan.jpg.iso", ".jpg.iso"),
        ("Statement.pdf          .scr", ".pdf          .scr"),
        ("invoice\u202efdp.exe", "a right-to-left override in the name"),
        ("archive.tar.gz", ""),
        ("report.v2.pdf", ""),
        ("setup.exe", ""),
        ("請求書.pdf.zip", ""),  # zipping a PDF names it so; the zip's contents are looked at
    ],
)
def test_double_extensions(name: str, how: str) -> None:
    assert double_extension(name) == how


def test_executables_inside_zip_files_are_found() -> None:
    found = fired({"attachments": [{"filename": "請求書.zip", "zip": ["a.txt", "b/請求書.js"]}]})
    assert found == {"ATTACH_EXECUTABLE": "'b/請求書.js' in '請求書.zip'"}
    disguised = fired({"attachments": [{"filename": "scan.pdf", "zip": ["x.scr"]}]})
    assert "ATTACH_EXECUTABLE" in disguised  # a zip named .pdf: read by its first bytes


def test_an_unnamed_html_attachment_counts() -> None:
    found = fired({"attachments": [{"content_type": "text/html", "data": "<form></form>"}]})
    assert found["ATTACH_HTML"] == "an unnamed text/html attachment"


@pytest.mark.parametrize(
    ("text", "archive", "fires"),
    [
        ("Password: 1234", {"filename": "doc.zip", "zip": ["doc.xls"], "encrypted": True}, True),
        (
            "パスワードは「Inv2024」です",
            {"filename": "請求書.zip", "zip": ["a.pdf"], "encrypted": True},
            True,
        ),
        (
            "Passwort: 2023",
            {"filename": "r.rar", "content_type": "application/x-rar", "data": "R"},
            True,
        ),
        (
            "Senha: ab12",
            {"filename": "nf.7z", "content_type": "application/x-7z-compressed", "data": "7"},
            True,
        ),
        # legitimate PPAP: the password follows in another mail
        (
            "パスワードは別途お送りします。",
            {"filename": "a.zip", "zip": ["a.pdf"], "encrypted": True},
            False,
        ),
        (
            "The password will be sent separately.",
            {"filename": "a.zip", "zip": ["a"], "encrypted": True},
            False,
        ),
        # a readable zip is no hiding place, whatever the text says
        ("Password: 1234", {"filename": "a.zip", "zip": ["a.pdf"]}, False),
        (
            "Password: 1234",
            {"filename": "a.pdf", "content_type": "application/pdf", "data": "%PDF"},
            False,
        ),
    ],
)
def test_archive_password_in_body(text: str, archive: dict, fires: bool) -> None:
    found = fired({"text": text, "attachments": [archive]})
    assert ("ATTACH_ARCHIVE_PASSWORD_IN_BODY" in found) is fires, found


# --------------------------------------------------------------------------- hostile input


def _mail_with(data: bytes, filename: str = "x.zip") -> bytes:
    return (
        b"Subject: z\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
        b"Content-Type: text/plain\n\nsee attached\n--B\nContent-Type: application/zip\n"
        b'Content-Disposition: attachment; filename="' + filename.encode() + b'"\n'
        b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(data) + b"--B--\n"
    )


def _zip_claiming(entries: int) -> bytes:
    """An end record that claims ``entries`` members and a directory that is not there."""
    return (
        b"PK\x03\x04"
        + bytes(26)
        + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries, entries, 0xFFFFFFFF, 0, 0)
    )


HOSTILE_ZIPS = {
    "many members": zip_file([f"f{i}.txt" for i in range(3000)]),
    "claims 65535 members": _zip_claiming(65535),
    "only signatures": b"PK\x01\x02" * 50_000,
    "local headers only": b"PK\x03\x04" * 100_000,
    "random bytes": bytes(range(256)) * 2000,
    "truncated": zip_file([f"a{i}.exe" for i in range(50)])[:700],
    "empty": b"",
}


@pytest.mark.parametrize("data", HOSTILE_ZIPS.values(), ids=HOSTILE_ZIPS.keys())
def test_hostile_zip_attachments_never_raise_and_stay_bounded(data: bytes) -> None:
    mail = parse(_mail_with(data))
    assert len(mail.attachments) == 1
    assert len(mail.attachments[0].members) <= MAX_MEMBERS
    errors: list[tuple[str, str]] = []
    list(detect(mail, STRUCTURE_NAMES, errors=errors))
    assert errors == []


def test_a_zip_past_the_parse_cap_is_listed_from_what_is_left() -> None:
    raw = _mail_with(zip_file(["a.txt", "run.exe"]) + bytes(2_000_000))
    mail = parse(raw)  # cut at MAX_PARSE_BYTES: the directory at the end is lost
    assert any(d.name == "MESSAGE_TRUNCATED" for d in mail.defects)
    assert mail.attachments[0].members == ("a.txt", "run.exe")  # from the local headers


@pytest.mark.parametrize(
    "markup",
    [
        '<div style="display:none">' * 20_000,
        "<font color=#fff>" * 20_000 + "x",
        '<p style="' + "color:red;" * 50_000 + '">x</p>',
        "<form>" + '<input type="password">' * 20_000,
        "<img src=http://x/>" * 20_000,
    ],
    ids=["nested-hidden", "nested-font", "long-style", "inputs", "images"],
)
def test_hostile_html_never_raises(markup: str) -> None:
    errors: list[tuple[str, str]] = []
    mail = parse(example_message({"html": markup}))
    list(detect(mail, STRUCTURE_NAMES, errors=errors))
    assert errors == []
