"""Structure detectors: how the HTML is built, what is attached, and the GTUBE test string.

They read what the parser noted on its one pass (``ParsedMail.html_facts``,
``ParsedMail.alternatives``, ``Attachment.members`` and ``.encrypted``) and the list of
file-name extensions ``data/attachment_extensions.txt``; nothing here re-reads HTML
or unpacks a file.  Firing rates and the decisions they made are in
``data/rules/45-structure.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from ..datafiles import data_text
from ..message import Attachment
from ._base import MailView, detector

__all__ = ["GTUBE", "attachment_kind", "double_extension", "text_overlap"]

#: The Generic Test for Unsolicited Bulk Email (SpamAssassin, rspamd): a message with
#: this string in its body is spam, so that an administrator can test an installation.
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"


@detector("GTUBE")
def gtube(view: MailView) -> str | None:
    """The body holds the GTUBE test string."""
    return "GTUBE test string" if GTUBE in view.mail.text else None


# --------------------------------------------------------------------------- HTML

#: Hidden characters (a leading preheader of up to :data:`PREHEADER_CHARS` left out)
#: from which HTML_HIDDEN_TEXT fires.
HIDDEN_CHARS = 30
PREHEADER_CHARS = 200


@detector("HTML_HIDDEN_TEXT")
def html_hidden_text(view: MailView) -> str | None:
    """The HTML holds text a reader cannot see: display:none, a 0-2 px font, colour on colour."""
    facts = view.mail.html_facts
    hidden = facts.hidden_chars
    if facts.leading_hidden_chars <= PREHEADER_CHARS:
        hidden -= facts.leading_hidden_chars  # a newsletter's hidden preview line
    if hidden < HIDDEN_CHARS:
        return None
    return f"{hidden} hidden characters ({facts.hidden_how}): {facts.hidden_sample[:60]!r}"


@detector("HTML_FORM_PASSWORD")
def html_form_password(view: MailView) -> str | None:
    """The HTML holds a password field: a login form inside the mail."""
    facts = view.mail.html_facts
    if not facts.password_inputs:
        return None
    fields = f"{facts.inputs} field(s) in {facts.forms} form(s)"
    return f"{facts.password_inputs} password field(s), {fields}"


#: Visible HTML characters, and body characters, below which a mail with an image is
#: "image only".
IMAGE_ONLY_HTML_CHARS = 60
IMAGE_ONLY_TEXT_CHARS = 120


@detector("HTML_IMAGE_ONLY")
def html_image_only(view: MailView) -> str | None:
    """The HTML is pictures with hardly any text: the message is in images a filter cannot read."""
    facts = view.mail.html_facts
    if not facts.images:
        return None
    visible = facts.text_chars - facts.hidden_chars
    text = len("".join(view.mail.text[:2_000].split()))
    if visible >= IMAGE_ONLY_HTML_CHARS or text >= IMAGE_ONLY_TEXT_CHARS:
        return None
    return f"{facts.images} image(s), {visible} visible characters"


#: Characters of each rendering compared: enough to tell one text from another.
OVERLAP_CHARS = 2_000


def _trigrams(text: str) -> set[str]:
    text = _URLISH.sub(" ", text[:OVERLAP_CHARS])
    text = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    return {text[i : i + 3] for i in range(len(text) - 2)}


_URLISH = re.compile(r"(?:https?://|www\.)[^\s<>\"']{0,2000}", re.IGNORECASE)


def text_overlap(plain: str, html: str) -> float:
    """Share of the shorter text's character trigrams that the other has (URLs and blanks out).

    Works alike for words and for Japanese, which has no blanks between words; 0 when
    either text is empty.

    Examples
    --------
    >>> text_overlap("ご注文ありがとうございます", "ご注文 ありがとう ございます。")
    1.0
    >>> text_overlap("View this mail in HTML", "Your account is suspended") < 0.2
    True
    """
    a, b = _trigrams(plain), _trigrams(html)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


#: Trigram overlap below which the two renderings tell different texts.
ALTERNATIVE_OVERLAP = 0.2


@detector("MIME_ALTERNATIVE_MISMATCH")
def mime_alternative_mismatch(view: MailView) -> str | None:
    """The text/plain and text/html renderings of the mail tell different texts."""
    for alt in view.mail.alternatives[:10]:
        if not alt.html.strip():
            continue
        overlap = text_overlap(alt.plain, alt.html)
        if overlap < ALTERNATIVE_OVERLAP:
            plain, html = alt.plain.strip()[:50], alt.html.strip()[:50]
            return f"overlap {overlap:.2f}: plain {plain!r}, HTML {html!r}"
    return None


@detector("MIME_PLAIN_WITHOUT_LINKS")
def mime_plain_without_links(view: MailView) -> str | None:
    """The HTML rendering links out, the plain-text rendering of the same mail shows no link."""
    for alt in view.mail.alternatives[:10]:
        if alt.html_urls and not alt.plain_urls and alt.plain.strip():
            return f"{len(alt.html_urls)} link(s) in the HTML, none in {alt.plain.strip()[:60]!r}"
    return None


# --------------------------------------------------------------------------- attachments


@cache
def _extension_kinds() -> dict[str, str]:
    kinds = {}
    for line in data_text("attachment_extensions.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            extension, kind = line.split()
            kinds[extension.lower()] = kind
    return kinds


#: Characters that make a file name read differently than it is stored (right-to-left
#: override and friends: "invoice‮fdp.exe" shows as "invoiceexe.pdf").
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _clean_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip("\"'").lower()[:255]


def attachment_kind(name: str) -> str:
    """What opening a file of this name does (``data/attachment_extensions.txt``), or ``""``.

    Examples
    --------
    >>> attachment_kind("Invoice.PDF.exe"), attachment_kind("scan.iso"), attachment_kind("a.docx")
    ('executable', 'disk_image', 'document')
    """
    name = _clean_name(name)
    if "." not in name:
        return ""
    return _extension_kinds().get(name.rpartition(".")[2].strip(), "")


def double_extension(name: str) -> str:
    """How a file name hides what it is (``invoice.pdf.exe``, padded or reversed), or ``""``.

    Examples
    --------
    >>> double_extension("invoice.pdf.exe"), double_extension("scan.pdf      .html")
    ('.pdf.exe', '.pdf      .html')
    >>> double_extension("archive.tar.gz"), double_extension("report.v2.pdf")
    ('', '')
    """
    if any(c in _BIDI for c in name[:255]):
        return "a right-to-left override in the name"
    name = _clean_name(name)
    parts = name.split(".")
    if len(parts) < 3:
        return ""
    last, before = parts[-1].strip(), parts[-2]
    kinds = _extension_kinds()
    if kinds.get(last) not in ("executable", "web_page", "disk_image"):
        return ""
    if kinds.get(before.strip()) == "document" or before != before.rstrip():
        return f".{before}.{parts[-1]}"
    return ""


def _files(view: MailView) -> Iterator[tuple[Attachment, str]]:
    """Every attached file name, and every name listed inside an attached zip file."""
    for attachment in view.mail.attachments[:50]:
        if attachment.filename:
            yield attachment, attachment.filename
        for member in attachment.members:
            yield attachment, member


def _where(attachment: Attachment, name: str) -> str:
    if name == attachment.filename:
        return repr(name[:80])
    return f"{name[:80]!r} in {attachment.filename[:60] or 'a zip file'!r}"


@detector("ATTACH_EXECUTABLE")
def attach_executable(view: MailView) -> str | None:
    """An attached file, or a file in an attached zip, runs code when opened (.exe, .js...)."""
    for attachment, name in _files(view):
        if attachment_kind(name) == "executable":
            return _where(attachment, name)
    return None


@detector("ATTACH_DOUBLE_EXTENSION")
def attach_double_extension(view: MailView) -> str | None:
    """An attached file's name hides its type: a document extension before an executable one."""
    for attachment, name in _files(view):
        how = double_extension(name)
        if how:
            return f"{_where(attachment, name)}: {how}"
    return None


@detector("ATTACH_DISK_IMAGE")
def attach_disk_image(view: MailView) -> str | None:
    """An attached file, or a file in an attached zip, is a disk image (.iso, .img, .vhd)."""
    for attachment, name in _files(view):
        if attachment_kind(name) == "disk_image":
            return _where(attachment, name)
    return None


_WEB_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml"})


@detector("ATTACH_HTML")
def attach_html(view: MailView) -> str | None:
    """An attached web page (.html, .htm, .shtml, .svg...): a page that opens from the disk."""
    for attachment, name in _files(view):
        if attachment_kind(name) == "web_page":
            return _where(attachment, name)
    for attachment in view.mail.attachments[:50]:
        if not attachment.filename and attachment.content_type in _WEB_PAGE_TYPES:
            return f"an unnamed {attachment.content_type} attachment"
    return None


#: A password given in the text: a label, then a value with a digit or mixed case (a
#: word such as "separately" or 別途 is no password).
_PASSWORD = re.compile(
    r"(?i:password|passcode|pass word|pwd|kennwort|passwort|senha|contraseña|clave"
    r"|mot de passe|パスワード|暗証番号|解凍キー|解凍用パスワード)"
    r"[^\S\n]{0,3}(?i:is|ist|es|est|é|は|:|：|=|-)?[^\S\n]{0,3}[「『\"'(（<【]?[^\S\n]{0,2}"
    r"((?=[!-~]{0,40}[0-9])[!-~]{3,40}|(?=[!-~]{0,40}[A-Z])(?=[!-~]{0,40}[a-z])[!-~]{4,40})"
)


def _password_in_text(text: str) -> str:
    for match in _PASSWORD.finditer(text):
        value = match.group(1).strip("」』\"')）>】.,。、")
        if len(value) >= 3 and not value.lower().startswith(("http", "www")):
            return value
    return ""


@detector("ATTACH_ARCHIVE_PASSWORD_IN_BODY")
def attach_archive_password_in_body(view: MailView) -> str | None:
    """An encrypted archive is attached and the text gives its password: no scanner opens it."""
    archives = [
        a
        for a in view.mail.attachments[:50]
        if a.encrypted or (not a.members and attachment_kind(a.filename) == "archive")
    ]
    if not archives:
        return None
    password = _password_in_text(view.mail.text[:5_000])
    if not password:
        return None
    archive = archives[0]
    how = "encrypted" if archive.encrypted else "unreadable"
    name = archive.filename[:60] or "an archive"
    return f"{name!r} ({how}), password {password[:20]!r} in the text"
