"""Build the raw messages of the ``ok``/``fail`` examples of the rule table (tests only)."""

from __future__ import annotations

import email.encoders
import email.utils
import io
import zipfile
from collections.abc import Mapping
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from typing import Any


def zip_file(names: list[str], *, encrypted: bool = False) -> bytes:
    """A small zip file holding ``names``; ``encrypted`` sets each member's encryption flag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"MZ" + bytes(40))
    data = bytearray(buffer.getvalue())
    if encrypted:  # zipfile cannot encrypt; the flag bit is what a reader of the list sees
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = data.find(signature)
            while pos >= 0:
                data[pos + offset] |= 0x01
                pos = data.find(signature, pos + 4)
    return bytes(data)


def _attachment(spec: Mapping[str, Any]) -> MIMEBase:
    """An attachment: ``filename``, ``content_type``, and ``zip`` (member names) or ``data``."""
    ctype = spec.get("content_type", "application/octet-stream")
    if "zip" in spec:
        data = zip_file(list(spec["zip"]), encrypted=bool(spec.get("encrypted")))
    else:
        data = str(spec.get("data", "attachment")).encode("utf-8")
    main, _, sub = ctype.partition("/")
    if main == "application":
        part: MIMEBase = MIMEApplication(data, sub)
    else:
        part = MIMEBase(main, sub)
        part.set_payload(data)
        email.encoders.encode_base64(part)
    if spec.get("filename"):
        part.add_header("Content-Disposition", "attachment", filename=spec["filename"])
    else:
        part.add_header("Content-Disposition", "attachment")
    return part


def _address_header(value: str) -> str:
    """``Name <addr>`` with a non-ASCII name put in an encoded word, the address left bare."""
    name, address = email.utils.parseaddr(value)
    return email.utils.formataddr((name, address), charset="utf-8") if address else value


def example_message(example: str | Mapping[str, Any]) -> bytes:
    """Build the raw message of an ``ok``/``fail`` example of the rule table.

    Parameters
    ----------
    example : str or mapping
        A string is used as both subject and text.  A table may set ``raw`` (a whole
        message, e.g. ISO-2022-JP with ``\\u001b`` escapes), or any of ``from``,
        ``to``, ``cc``, ``reply_to``, ``subject``, ``text``, ``html`` (an HTML body),
        ``in_reply_to``, ``references``, ``headers`` (a table of extra headers) and
        ``attachments`` (tables of ``filename``, ``content_type`` and either ``data``
        or ``zip``, a list of member names, with ``encrypted``).

    Returns
    -------
    bytes
        An RFC 5322 message.
    """
    if isinstance(example, str):
        example = {"subject": example, "text": example}
    if "raw" in example:
        return str(example["raw"]).encode("utf-8")
    text = MIMEText(example.get("text", ""), "plain", "utf-8")
    msg: MIMEText | MIMEMultipart
    if "html" in example:
        msg = MIMEMultipart("alternative")
        msg.attach(text)
        msg.attach(MIMEText(example["html"], "html", "utf-8"))
    else:
        msg = text
    if example.get("attachments"):
        body = msg
        msg = MIMEMultipart("mixed")
        msg.attach(body)
        for spec in example["attachments"]:
            msg.attach(_attachment(spec))
    msg["From"] = _address_header(example.get("from", "Sender <sender@example.org>"))
    msg["To"] = _address_header(example.get("to", "recipient@example.net"))
    for key, header in (("cc", "Cc"), ("reply_to", "Reply-To"), ("in_reply_to", "In-Reply-To")):
        if key in example:
            msg[header] = example[key]
    if "references" in example:
        msg["References"] = example["references"]
    msg["Subject"] = example.get("subject", "")
    msg["Message-ID"] = "<example@example.org>"
    msg["Date"] = email.utils.formatdate(0, usegmt=True)
    for name, value in example.get("headers", {}).items():
        msg[name] = value
    return msg.as_bytes()
