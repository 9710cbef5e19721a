"""Build the raw messages of the ``ok``/``fail`` examples of the rule table (tests only)."""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from typing import Any


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
        ``in_reply_to``, ``references`` and ``headers`` (a table of extra headers).

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
