"""Parse raw mail into a :class:`ParsedMail`: decoded headers, body text, links, attachments.

``parse()`` never raises on malformed input.  Like :mod:`email`'s feed parser it
records what was wrong on ``ParsedMail.defects`` and carries on, so a broken
message still gets a verdict (and the defect itself can become evidence).
"""

from __future__ import annotations

import email
import email.message
import email.policy
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr

__all__ = ["Attachment", "Defect", "Link", "ParsedMail", "parse"]

#: Headers that earlier filters write to carry *their* verdict.  A sender can forge
#: any of them, so they are dropped before anything looks at the message.
FOREIGN_VERDICT_PREFIXES: tuple[str, ...] = (
    "x-spam",
    "x-bogosity",
    "x-crm114",
    "x-dspam",
    "x-rspamd",
    "x-ham-report",
    "x-virus",
    "x-va-spam",
    "x-asf-",
    "x-barracuda",
    "x-proofpoint-spam",
    "x-microsoft-antispam",
    "x-forefront-antispam",
    "x-ms-exchange-organization-scl",
)


@dataclass(frozen=True)
class Defect:
    """Something wrong with the message, found while parsing.

    ``name`` is UPPER_SNAKE (``CHARSET_FALLBACK``, ``BAD_BASE64``, ...); ``detail`` says where.
    """

    name: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.name}: {self.detail}" if self.detail else self.name


@dataclass(frozen=True)
class Link:
    """A URL found in the body, with the text a reader sees for it (empty for bare URLs)."""

    url: str
    text: str = ""


@dataclass(frozen=True)
class Attachment:
    """An attached part: its file name (decoded) and its declared content type."""

    filename: str
    content_type: str
    size: int = 0


@dataclass
class ParsedMail:
    """The parts of a message that spamkit looks at, decoded to ``str``.

    Addresses are lower-cased; names and text keep their case.
    """

    subject: str = ""
    from_name: str = ""
    from_address: str = ""
    reply_to: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    return_path: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    text: str = ""
    html: bool = False
    urls: list[Link] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recipients(self) -> list[str]:
        """Every To and Cc address."""
        return [*self.to, *self.cc]

    def header(self, name: str, default: str = "") -> str:
        """The first decoded value of header ``name`` (case-insensitive)."""
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return default


def _is_foreign_verdict(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(FOREIGN_VERDICT_PREFIXES)


def _to_message(message: bytes | str | email.message.Message) -> email.message.Message:
    if isinstance(message, email.message.Message):
        return message
    if isinstance(message, str):
        message = message.encode("utf-8", "surrogateescape")
    if not isinstance(message, (bytes, bytearray, memoryview)):
        raise TypeError(f"expected bytes, str or email.message.Message, not {type(message).__name__}")
    return email.message_from_bytes(bytes(message), policy=email.policy.compat32)


def _header_str(value: object) -> str:
    return str(email.header.make_header(email.header.decode_header(str(value))))


def parse(message: bytes | str | email.message.Message) -> ParsedMail:
    """Parse ``message`` (raw bytes, ``str`` or an :class:`email.message.Message`).

    Never raises on malformed mail: problems are listed on ``ParsedMail.defects``.
    """
    msg = _to_message(message)
    mail = ParsedMail()
    for name, value in msg.items():
        if _is_foreign_verdict(name):
            continue
        try:
            mail.headers.append((name, _header_str(value)))
        except Exception as exc:  # noqa: BLE001 - never raise on bad headers
            mail.defects.append(Defect("BAD_HEADER", f"{name}: {exc}"))
            mail.headers.append((name, str(value)))
    mail.subject = mail.header("subject")
    mail.from_name, mail.from_address = parseaddr(mail.header("from"))
    mail.from_address = mail.from_address.lower()
    mail.reply_to = parseaddr(mail.header("reply-to"))[1].lower()
    mail.to = [a.lower() for _, a in getaddresses([mail.header("to")]) if a]
    mail.cc = [a.lower() for _, a in getaddresses([mail.header("cc")]) if a]
    mail.return_path = parseaddr(mail.header("return-path"))[1].lower()
    mail.message_id = mail.header("message-id").strip()
    mail.in_reply_to = mail.header("in-reply-to").strip()
    mail.references = mail.header("references").split()
    texts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            mail.attachments.append(Attachment(part.get_filename(), ctype, len(payload)))
            continue
        if ctype.startswith("text/"):
            charset = part.get_content_charset() or "utf-8"
            try:
                texts.append(payload.decode(charset, "replace"))
            except LookupError:
                texts.append(payload.decode("utf-8", "replace"))
    mail.text = "\n".join(texts)
    return mail
