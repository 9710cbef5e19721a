"""Parse raw mail into a :class:`ParsedMail`: decoded headers, body text, links, attachments.

``parse()`` never raises on malformed input.  Like :mod:`email`'s feed parser it
records what was wrong on ``ParsedMail.defects`` and carries on, so a broken
message still gets a verdict (and the defect itself can become evidence).

Defect names (``Defect.detail`` says where, e.g. ``"text/plain: declared gb2312,
decoded as euc-jp"``)::

    email's own, renamed          MISSING_HEADER_BODY_SEPARATOR, CLOSE_BOUNDARY_NOT_FOUND,
                                  START_BOUNDARY_NOT_FOUND, NO_BOUNDARY_IN_MULTIPART,
                                  INVALID_MULTIPART_CONTENT_TRANSFER_ENCODING, ...
    transfer encoding             INVALID_BASE64_CHARACTERS, INVALID_BASE64_LENGTH,
                                  INVALID_BASE64_PADDING, INVALID_BASE64, BAD_PAYLOAD
    charsets (spamkit.charsets)   CHARSET_MISLABELLED, CHARSET_FALLBACK, CHARSET_UNKNOWN,
                                  CHARSET_SUPERSET, UNDECODABLE_BYTES
    headers                       RAW_8BIT_HEADER, BAD_ENCODED_WORD, BAD_ADDRESS
    input                         EMPTY_MESSAGE, NUL_BYTES, PARSER_ERROR
    caps                          TEXT_TRUNCATED, TOO_MANY_PARTS, NESTING_TOO_DEEP,
                                  TOO_MANY_DEFECTS, MESSAGE_TRUNCATED, TOO_MANY_HEADERS,
                                  HEADER_TRUNCATED, TOO_MANY_RECIPIENTS, BOUNDARY_TOO_LONG
"""

from __future__ import annotations

import binascii
import email
import email.message
import email.parser
import email.policy
import email.utils
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import getaddresses

from .charsets import decode_header, decode_text
from .html import HtmlFacts, render_html
from .links import Link, find_urls
from .ziplist import is_zip, zip_listing

__all__ = ["Alternative", "Attachment", "Defect", "HtmlFacts", "Link", "ParsedMail", "parse"]

#: Default cap on decoded body text (characters); ``parse(max_text_chars=...)`` overrides it.
MAX_BODY_CHARS = 200_000
#: MIME parts walked at most; a bomb of tiny parts stops here with ``TOO_MANY_PARTS``.
MAX_PARTS = 1000
#: Nesting (multipart in multipart, message/rfc822 in ...) walked at most.
MAX_DEPTH = 50
#: Distinct links and defects kept per message.
MAX_LINKS = 2000
MAX_DEFECTS = 200
#: Address and parameter headers are cut to this many characters before parsing.
MAX_ADDRESS_HEADER = 16_000
#: (4,000 until 2026-11-27: 250 parts of 4,000 characters of parameters cost 0.1 s.  In
#: the shared corpora the longest Content-Type/-Disposition is 822 characters, except
#: spam_2/00471, whose "text/html ; ; ; ..." runs to 14,285.)
MAX_PARAM_HEADER = 2_000

# Caps on what :mod:`email` itself is given (issue 7).  Its feed parser is pure Python:
# it costs about 0.8 us per body line, 15 us per MIME part, and on every line it checks
# each enclosing boundary, so 10,000 nested multiparts cost O(lines x depth).  These are
# cut from the raw bytes with C-speed ``bytes`` methods before it runs; each cut leaves
# a defect.  Measured with benchmarks/hostile_limits.py (2026-11-27, 2 shared cores):
# a 10 MB single-part text took 280 ms before, 100,000 parts 2.2 s, 100,000 header lines
# 0.9 s, 10,000 nested multiparts 0.6 s (RecursionError inside email).

#: Raw bytes handed to :mod:`email` at most; the rest of a bigger message is not read
#: (``MESSAGE_TRUNCATED``).  Text is capped far lower (:data:`MAX_BODY_CHARS`), so this
#: loses attachments' tails and the parts after them, never the text a reader sees first.
#: ``parse(max_parse_bytes=...)`` overrides it.
MAX_PARSE_BYTES = 1 << 20
#: Lines of the top-level header block handed to email (``TOO_MANY_HEADERS``).
MAX_HEADER_LINES = 1000
#: Characters of one header value kept before it is decoded (``HEADER_TRUNCATED``).
MAX_HEADER_CHARS = 16_000
#: ``multipart/`` and ``message/`` declarations handed to email: each may open a
#: nesting level.  The raw input is cut before the next one (``MESSAGE_TRUNCATED``).
MAX_CONTAINERS = 200
#: To and Cc addresses kept, each (``TOO_MANY_RECIPIENTS``).
MAX_RECIPIENTS = 100

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
class Attachment:
    """An attached part: its file name (decoded) and its declared content type.

    ``size`` is the decoded size in bytes.  For a zip file (by name, type or content;
    not an Office document), ``members`` lists the names in its directory and
    ``encrypted`` says a member is encrypted (:mod:`spamkit.ziplist`; nothing is
    unpacked).
    """

    filename: str
    content_type: str
    size: int = 0
    members: tuple[str, ...] = ()
    encrypted: bool = False


#: Characters of each rendering an :class:`Alternative` keeps, and links.
ALTERNATIVE_CHARS = 5_000
ALTERNATIVE_LINKS = 200


@dataclass(frozen=True)
class Alternative:
    """The plain and the richest other rendering of one ``multipart/alternative``.

    Honest mail has two renderings of one text; spam often pairs a token or unrelated
    plain part with the HTML a reader sees.  Texts are cut to :data:`ALTERNATIVE_CHARS`
    characters, URLs to :data:`ALTERNATIVE_LINKS`; ``ParsedMail.links`` already holds
    every link of both.
    """

    plain: str
    html: str
    plain_urls: tuple[str, ...] = ()
    html_urls: tuple[str, ...] = ()


@dataclass
class ParsedMail:
    """The parts of a message that spamkit looks at, decoded to ``str``.

    Addresses are lower-cased; names and text keep their case.  ``text`` is the
    readable body (HTML rendered as text); ``is_html`` says an HTML part supplied some of
    it; ``links`` are every web link of every rendering: ``<a href>``, ``<area>`` and
    ``<form action>`` targets with their visible text, and bare URLs (see
    :mod:`spamkit.links`), each ``(url, text)`` pair once.  ``html_facts`` says how the
    HTML parts are built, summed over them (:class:`spamkit.html.HtmlFacts`), and
    ``alternatives`` holds the two renderings of each ``multipart/alternative``.
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
    is_html: bool = False
    links: list[Link] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    html_facts: HtmlFacts = field(default_factory=HtmlFacts)
    alternatives: list[Alternative] = field(default_factory=list)

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


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Bounded repeats (RFC 5321: 64-octet local part, 255-octet domain): with "+", a 16 kB
# From without "@" was rescanned from every position, 0.7 s (issue 7).
_ADDR_SPEC = re.compile(r"[^\s<>()\[\]\",;:@]{1,64}@[A-Za-z0-9.\-\[\]]{1,255}")


def _defect_name(defect: object) -> str:
    """``MissingHeaderBodySeparatorDefect`` -> ``MISSING_HEADER_BODY_SEPARATOR``."""
    name = type(defect).__name__
    if name.endswith("Defect") and name != "Defect":
        name = name[: -len("Defect")]
    return _CAMEL.sub("_", name).upper()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    """Raw 8-bit bytes that email kept as surrogate escapes, read as UTF-8 (else dropped).

    Lone surrogates cannot be encoded: the fuzzer found them in addresses and defect
    details, where they crashed the model's token hashing (issue 7).
    """
    if text.isascii() or not _SURROGATE.search(text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATE.sub("", text)
    return raw.decode("utf-8", "replace").replace("\ufffd", "")


@functools.lru_cache(maxsize=4096)
def _getaddresses(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """:func:`email.utils.getaddresses`, remembered: senders and recipients recur.

    Its pure-Python address parser took 0.1 ms per message, a tenth of parsing (cProfile,
    2,000 corpus messages, 2026-11-30).  A tuple, so no caller can change what is kept.
    """
    return tuple(getaddresses(list(values)))


def _unfold(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", "\t")
        text = text.replace("\n", " ").replace("\r", " ")
    return text


class _Builder:
    """Fill one :class:`ParsedMail` from a parsed :class:`email.message.Message`."""

    def __init__(self, mail: ParsedMail, max_text_chars: int) -> None:
        self.mail = mail
        self.limit = max(0, max_text_chars)
        self.size = 0
        self.texts: list[str] = []
        self.parts = 0
        self.capped: set[str] = set()
        self.seen_links: set[tuple[str, str]] = set()
        self.seen_defects: set[tuple[str, str]] = set()
        self.hint: str | None = None
        self.mime_cache: dict[int, dict[str, str]] = {}
        #: URLs of the rendering being walked (for Alternative), links found twice too.
        self.url_sink: list[str] | None = None

    def mime(self, part: email.message.Message) -> dict[str, str]:
        """The part's ``Content-*`` headers, raw and unfolded (cached: parts live as long)."""
        found = self.mime_cache.get(id(part))
        if found is None:
            found = self.mime_cache[id(part)] = _mime_headers(part)
        return found

    # -- defects -------------------------------------------------------------------------

    def defect(self, name: str, detail: str = "") -> None:
        """Record a defect once; a flood of identical ones is noise, not evidence."""
        key = (name, detail)
        if key in self.seen_defects:
            return
        if len(self.seen_defects) >= MAX_DEFECTS:
            if "DEFECTS" not in self.capped:
                self.capped.add("DEFECTS")
                self.mail.defects.append(Defect("TOO_MANY_DEFECTS", f"kept {MAX_DEFECTS}"))
            return
        self.seen_defects.add(key)
        self.mail.defects.append(Defect(name, _no_surrogates(detail)))

    def problems(self, found: list[tuple[str, str]]) -> None:
        for name, detail in found:
            self.defect(name, detail)

    def email_defects(self, part: email.message.Message) -> None:
        for item in getattr(part, "defects", ()) or ():
            line = getattr(item, "line", None)
            detail = str(line).strip()[:120] if line else ""
            self.defect(_defect_name(item), detail)

    # -- headers -------------------------------------------------------------------------

    def headers(self, msg: email.message.Message) -> None:
        mail = self.mail
        raw: dict[str, list[str]] = {}
        self.hint = _charset_hint(msg)
        first: dict[str, str] = {}
        for name, value in msg.raw_items():
            name = str(name)
            lowered = name.lower()
            if lowered.startswith(FOREIGN_VERDICT_PREFIXES):
                continue
            if not isinstance(value, str):
                value = str(value)
            if len(value) > MAX_HEADER_CHARS:
                # A 1 MB Subject is an attack on the decoders, not a subject.
                self.defect("HEADER_TRUNCATED", f"{name[:40]}: {len(value)} characters")
                value = value[:MAX_HEADER_CHARS]
            value = _unfold(value)
            decoded, found = decode_header(value, lowered, self.hint)
            if found:
                self.problems(found)
            if _CONTROLS.search(decoded):
                decoded = _CONTROLS.sub("", decoded)  # NUL, stray ESC, ...
            mail.headers.append((name, decoded))
            first.setdefault(lowered, decoded)
            raw.setdefault(lowered, []).append(value)
        mail.subject = first.get("subject", "")
        mail.message_id = first.get("message-id", "").strip()
        mail.in_reply_to = first.get("in-reply-to", "").strip()
        mail.references = first.get("references", "").split()
        if "from" in raw:
            mail.from_name, mail.from_address = self.mailbox(raw["from"][0], "from")
        if "reply-to" in raw:
            mail.reply_to = self.mailbox(raw["reply-to"][0], "reply-to")[1]
        if "return-path" in raw:
            mail.return_path = self.mailbox(raw["return-path"][0], "return-path")[1]
        mail.to = self.address_list(raw.get("to", []))
        mail.cc = self.address_list(raw.get("cc", []))

    def mailbox(self, value: str, name: str) -> tuple[str, str]:
        """The first ``(decoded display name, lower-cased address)`` of an address header."""
        try:
            pairs = _getaddresses((value[:MAX_ADDRESS_HEADER],))
        except Exception:
            pairs = ()
        display, address = pairs[0] if pairs else ("", "")
        if "@" not in address:
            match = _ADDR_SPEC.search(value)
            if match:
                address = match.group().strip(".")
                if not display:
                    display = value[: match.start()].strip(" \t<\"'")
            elif not display:
                display = value
            if address or value.strip():
                self.defect("BAD_ADDRESS", f"{name}: {value.strip()[:80]}")
        if display:
            display, found = decode_header(display, name, self.hint)
            self.problems(found)
            display = display.strip().strip("\"'").strip()
        return display.replace("\x00", ""), _no_surrogates(address.strip().lower())

    def address_list(self, values: list[str]) -> list[str]:
        """Lower-cased addresses of To or Cc headers, at most :data:`MAX_RECIPIENTS`."""
        if not values:
            return []
        # 100,000 "To:" lines once took 79 s here; a few headers' worth is plenty.
        values = values[:MAX_RECIPIENTS]
        try:
            pairs = _getaddresses(tuple(v[:MAX_ADDRESS_HEADER] for v in values))
        except Exception:
            pairs = ()
        out = [addr.strip().lower() for _, addr in pairs if addr.strip()]
        if not out:
            out = [m.group().lower() for v in values for m in _ADDR_SPEC.finditer(v)]
        if len(out) > MAX_RECIPIENTS:
            self.defect("TOO_MANY_RECIPIENTS", f"kept {MAX_RECIPIENTS} of {len(out)}")
            out = out[:MAX_RECIPIENTS]
        return [_no_surrogates(addr) for addr in out]

    # -- body ----------------------------------------------------------------------------

    def emit(self, text: str) -> None:
        """Append body text within the ``max_text_chars`` budget."""
        if not text:
            return
        room = self.limit - self.size
        if len(text) > room:
            text = text[: max(room, 0)]
            if "TEXT" not in self.capped:
                self.capped.add("TEXT")
                self.defect("TEXT_TRUNCATED", f"kept {self.limit} characters")
        if text:
            self.texts.append(text)
            self.size += len(text) + 1

    def link(self, url: str, text: str = "") -> None:
        if self.url_sink is not None and len(self.url_sink) < ALTERNATIVE_LINKS:
            self.url_sink.append(url)
        key = (url, text)
        if key not in self.seen_links and len(self.seen_links) < MAX_LINKS:
            self.seen_links.add(key)
            self.mail.links.append(Link(url, text))

    def walk(self, part: email.message.Message, depth: int) -> None:
        """Visit ``part`` and its children, within the part and depth caps."""
        self.parts += 1
        if self.parts > MAX_PARTS:
            if "PARTS" not in self.capped:
                self.capped.add("PARTS")
                self.defect("TOO_MANY_PARTS", f"walked {MAX_PARTS}")
            return
        if depth > MAX_DEPTH:
            if "DEPTH" not in self.capped:
                self.capped.add("DEPTH")
                self.defect("NESTING_TOO_DEEP", f"stopped at depth {MAX_DEPTH}")
            return
        self.email_defects(part)
        ctype = _content_type(part, self.mime(part))
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                return
            if ctype.startswith("message/"):
                for child in children:
                    if isinstance(child, email.message.Message):
                        self.nested(child, depth + 1)
            elif ctype == "multipart/alternative" and len(children) > 1:
                self.alternative(children, depth + 1)
            else:
                for child in children:
                    if isinstance(child, email.message.Message):
                        self.walk(child, depth + 1)
            return
        self.leaf(part, ctype, depth)

    def nested(self, msg: email.message.Message, depth: int) -> None:
        """An attached message: its Subject becomes a line of text, its body is walked."""
        subject = msg.get("subject") if isinstance(msg, email.message.Message) else None
        if subject is not None:
            raw_subject = next((v for k, v in msg.raw_items() if k.lower() == "subject"), "")
            decoded, found = decode_header(_unfold(raw_subject), "subject", _charset_hint(msg))
            self.problems(found)
            self.emit(decoded.replace("\x00", ""))
        self.walk(msg, depth)

    def alternative(self, children: Sequence[object], depth: int) -> None:
        """Keep the plain text unless it is much poorer than the HTML; keep every link.

        Spam often carries a token plain part ("view this mail in HTML") or a
        hash-busting one beside the HTML that readers actually see; honest mail has
        two renderings of one text.  So the plain part wins unless its text is less
        than half as long as the longest other alternative's.
        """
        start_texts, start_size = len(self.texts), self.size
        renderings: list[tuple[bool, list[str], int]] = []
        urls: list[list[str]] = []
        outer_sink = self.url_sink
        for child in children:
            if not isinstance(child, email.message.Message):
                continue
            self.url_sink = []
            self.walk(child, depth)
            urls.append(self.url_sink)
            if outer_sink is not None:
                outer_sink.extend(self.url_sink[: ALTERNATIVE_LINKS - len(outer_sink)])
            produced = self.texts[start_texts:]
            del self.texts[start_texts:]
            renderings.append(
                (
                    _content_type(child, self.mime(child)) == "text/plain",
                    produced,
                    self.size - start_size,
                )
            )
            self.size = start_size
        self.url_sink = outer_sink
        if not renderings:
            return
        plain = [r for r in renderings if r[0]]
        rich = [r for r in renderings if not r[0]]

        def length(rendering: tuple[bool, list[str], int]) -> int:
            return sum(len(t.strip()) for t in rendering[1])

        chosen = plain[0] if plain else max(rich, key=length)
        if plain and rich and length(plain[0]) * 2 < length(max(rich, key=length)):
            chosen = max(rich, key=length)
        self.texts.extend(chosen[1])
        self.size = start_size + chosen[2]
        if plain and rich:
            richest = max(rich, key=length)
            self.mail.alternatives.append(
                Alternative(
                    "\n".join(plain[0][1])[:ALTERNATIVE_CHARS],
                    "\n".join(richest[1])[:ALTERNATIVE_CHARS],
                    tuple(urls[renderings.index(plain[0])]),
                    tuple(urls[renderings.index(richest)]),
                )
            )

    def leaf(self, part: email.message.Message, ctype: str, depth: int) -> None:
        main = ctype.split("/", 1)[0]
        mime = self.mime(part)
        disposition = _disposition(mime)
        filename = self.filename(mime)
        if ctype != "message/rfc822" and (
            main not in ("text", "multipart") or disposition == "attachment"
        ):
            # Not read: only its size matters, so a big base64 attachment is not decoded.
            size = _base64_size(part, mime)
            data = None
            if size is None or _may_be_zip(part, mime, ctype, filename):
                data = self.payload(part, ctype)
                size = len(data)
                self.email_defects(part)
            if data is not None and _zip_wanted(data, ctype, filename):
                listing = zip_listing(data)
                self.mail.attachments.append(
                    Attachment(filename, ctype, size, listing.names, listing.encrypted)
                )
                return
            self.mail.attachments.append(Attachment(filename, ctype, size))
            return
        payload = self.payload(part, ctype)
        self.email_defects(part)  # decoding base64/QP may have added some
        if ctype == "message/rfc822" and payload:
            # An encoded message/rfc822 (not allowed, but seen): parse its bytes too.
            inner = _message_from_bytes(payload, self)
            if inner is not None:
                self.nested(inner, depth + 1)
            return
        readable = main in ("text", "multipart") and disposition != "attachment"
        if filename or not readable:
            self.mail.attachments.append(Attachment(filename, ctype, len(payload)))
        if not readable or (ctype not in _BODY_TYPES and main != "multipart" and filename):
            return
        self.body(part, ctype, payload)

    def body(self, part: email.message.Message, ctype: str, payload: bytes) -> None:
        is_html = ctype in ("text/html", "application/xhtml+xml")
        room = max(self.limit - self.size, 0)
        byte_limit = room * (8 if is_html else 4) + 16
        if len(payload) > byte_limit:
            cut = payload.rfind(b"\n", 0, byte_limit)
            payload = payload[: cut if cut > 0 else byte_limit]
            if "TEXT" not in self.capped:
                self.capped.add("TEXT")
                self.defect("TEXT_TRUNCATED", f"kept {self.limit} characters")
        if not payload:
            return
        charset = _param(self.mime(part), "charset", "content-type")
        declared = charset if isinstance(charset, str) else None
        text, found = decode_text(payload, declared, what=ctype, hint=self.hint)
        self.problems(found)
        if _CONTROLS.search(text):
            # NUL, ESC remnants, other C0 controls (a regex, not str.translate, which
            # looks up a dict per character: 80 ms for 800 kB of non-ASCII, issue 7)
            text = _CONTROLS.sub("", text)
        if is_html or (ctype == "text/plain" and _looks_like_html(text)):
            self.mail.is_html = self.mail.is_html or is_html
            text, links, cut_html, facts = render_html(text, max(room, 1))
            self.mail.html_facts = self.mail.html_facts + facts
            for url, anchor in links:
                self.link(url, anchor)
            anchored = {url for url, _ in links}
            for url in find_urls(text):
                if url not in anchored:
                    self.link(url)
            if cut_html and "TEXT" not in self.capped:
                self.capped.add("TEXT")
                self.defect("TEXT_TRUNCATED", f"kept {self.limit} characters")
        else:
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            for url in find_urls(text):
                self.link(url)
            text = text.rstrip().lstrip("\n")
        self.emit(text)

    def payload(self, part: email.message.Message, ctype: str) -> bytes:
        """The transfer-decoded bytes of a leaf part, whatever shape it is in."""
        cte = self.mime(part).get("content-transfer-encoding", "")
        raw_payload = part.get_payload()
        if cte.strip().lower() == "base64" and isinstance(raw_payload, str):
            return self.base64(_bytes_of(raw_payload), ctype)
        try:
            data = part.get_payload(decode=True)
        except Exception as exc:
            self.defect("BAD_PAYLOAD", f"{ctype}: {type(exc).__name__}")
            data = None
        if data is None:
            raw = part.get_payload()
            if isinstance(raw, str):
                data = raw.encode("ascii", "surrogateescape") if raw.isascii() else _bytes_of(raw)
            else:
                data = b""
        if isinstance(data, str):
            data = _bytes_of(data)
        return bytes(data)

    def base64(self, raw: bytes, ctype: str) -> bytes:
        """Decode what can be decoded of a damaged base64 body (email returns it undecoded)."""
        junk = raw.translate(None, _BASE64_OK)
        if junk:
            self.defect("INVALID_BASE64_CHARACTERS", f"{ctype}: {len(junk)} bytes")
        data = raw.translate(None, _BASE64_SKIP)
        end = data.find(b"=")
        if end >= 0:
            data = data[:end]
        if len(data) % 4 == 1:
            self.defect("INVALID_BASE64_LENGTH", ctype)
            data = data[:-1]
        elif end < 0 and len(data) % 4:
            self.defect("INVALID_BASE64_PADDING", ctype)
        try:
            return binascii.a2b_base64(data + b"=" * (-len(data) % 4))
        except (binascii.Error, ValueError):
            self.defect("INVALID_BASE64", ctype)
            return b""

    def filename(self, mime: dict[str, str]) -> str:
        """The decoded file name: RFC 2231 parameters, RFC 2047 words or raw 8-bit bytes."""
        value = _param(mime, "filename", "content-disposition")
        if value is None:
            value = _param(mime, "name", "content-type")
        if value is None:
            return ""
        if isinstance(value, tuple):
            charset, _language, text = value
            raw = email.utils.unquote(text).encode("latin-1", "surrogateescape")
            name, found = decode_text(raw, charset or None, what="filename")
        else:
            name, found = decode_header(value, "filename", self.hint)
        self.problems(found)
        return name.replace("\x00", "").strip()


_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BASE64_OK = _BASE64_ALPHABET + b"=\r\n\t "
#: Every byte outside the alphabet (and "="), deleted before decoding.
_BASE64_SKIP = bytes(b for b in range(256) if b not in _BASE64_ALPHABET + b"=")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_BODY_TYPES = frozenset({"text/plain", "text/html", "text/enriched", "text/richtext"})


def _base64_size(part: email.message.Message, mime: dict[str, str]) -> int | None:
    """Decoded size of a base64 part without decoding it; ``None`` if not base64."""
    cte = mime.get("content-transfer-encoding", "")
    raw = part.get_payload()
    if cte.strip().lower() != "base64" or not isinstance(raw, str):
        return None
    data = _bytes_of(raw).translate(None, _BASE64_SKIP).rstrip(b"=")
    return len(data) * 3 // 4


#: Zip types by declared content type; Office, OpenDocument, Java and e-book files are zip
#: files too, but their member lists say nothing of interest.
_ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
_ZIP_CONTAINERS = frozenset(
    {"docx", "docm", "xlsx", "xlsm", "pptx", "pptm", "odt", "ods", "odp", "jar", "apk", "epub"}
)


def _extension(filename: str) -> str:
    return filename.rpartition(".")[2].lower().strip() if "." in filename else ""


def _may_be_zip(part: email.message.Message, mime: dict[str, str], ctype: str, name: str) -> bool:
    """Whether a base64 attachment is worth decoding to list it: a zip by type, name or start.

    The first base64 characters of a zip file are ``UEsD`` (``PK\\x03\\x04``) or ``UEsF``.
    """
    ext = _extension(name)
    if ext in _ZIP_CONTAINERS:
        return False
    if ext == "zip" or ctype in _ZIP_TYPES:
        return True
    raw = part.get_payload()
    return isinstance(raw, str) and raw.lstrip()[:4] in ("UEsD", "UEsF")


def _zip_wanted(data: bytes, ctype: str, name: str) -> bool:
    ext = _extension(name)
    if ext in _ZIP_CONTAINERS:
        return False
    return ext == "zip" or ctype in _ZIP_TYPES or is_zip(data)


def _looks_like_html(text: str) -> bool:
    """A text/plain part that is really an HTML document (common in spam)."""
    head = text[:512].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _bytes_of(text: str) -> bytes:
    try:
        return text.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")


_HINT_FROM_HEADERS = re.compile(r"=\?([^?\s*]{1,40})[^?\s]{0,40}\?[bBqQ]\?")


def _charset_hint(msg: email.message.Message) -> str | None:
    """A charset the message declares somewhere: its first text part's, else an encoded word's.

    Used for raw 8-bit headers and unlabelled parts, which usually share it.
    """
    stack = [msg]
    for _ in range(20):
        if not stack:
            break
        part = stack.pop(0)
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend(c for c in children if isinstance(c, email.message.Message))
            continue
        charset = _param(_mime_headers(part), "charset", "content-type")
        if isinstance(charset, str) and charset.strip() and charset.strip().lower() != "us-ascii":
            return charset.strip()
    for _name, value in msg.raw_items():
        if isinstance(value, str) and "=?" in value:
            match = _HINT_FROM_HEADERS.search(value)
            if match and match.group(1).lower() not in ("us-ascii", "utf-8"):
                return match.group(1)
    return None


def _mime_headers(part: email.message.Message) -> dict[str, str]:
    """The first raw, unfolded value of each ``Content-*`` header, by lower-case name."""
    found: dict[str, str] = {}
    for key, value in part.raw_items():
        lowered = key.lower()
        if lowered.startswith("content-") and lowered not in found:
            found[lowered] = _unfold(value)
    return found


def _content_type(part: email.message.Message, mime: dict[str, str]) -> str:
    """``maintype/subtype`` like ``Message.get_content_type`` (invalid: the default type)."""
    value = mime.get("content-type")
    if value is not None:
        ctype = value.split(";", 1)[0].strip().lower()
        if ctype.count("/") == 1 and ctype.isascii() and " " not in ctype:
            return ctype
    try:
        return part.get_default_type()
    except Exception:
        return "text/plain"


def _disposition(mime: dict[str, str]) -> str:
    raw = mime.get("content-disposition")
    if not raw:
        return ""
    return raw.split(";", 1)[0].strip().lower()


@functools.lru_cache(maxsize=512)
def _split_params(raw: str) -> tuple[tuple[str, object], ...] | None:
    """``raw`` split into decoded ``(key, value)`` parameters, once per distinct value.

    _param asks for charset, filename and name in turn; a part with 800 parameters
    was split three times (0.18 s for 150 such parts, issue 7).
    """
    try:
        params = []
        for item in email.message._parseparam(raw):  # type: ignore[attr-defined]  # email's own
            key, sep, val = item.partition("=")
            params.append((key.strip(), val.strip() if sep else ""))
        return tuple(email.utils.decode_params(params))
    except Exception:
        return None


def _param(mime: dict[str, str], param: str, header: str) -> str | tuple[str, str, str] | None:
    """A MIME parameter from the raw header, RFC 2231 decoded to a 3-tuple when so encoded.

    ``Message.get_param`` goes through ``Message.get``, which turns raw 8-bit header
    bytes into U+FFFD under ``compat32``; reading the raw value keeps them.
    """
    raw = mime.get(header)
    if raw is None:
        return None
    if len(raw) > MAX_PARAM_HEADER:
        raw = raw[:MAX_PARAM_HEADER]
    params = _split_params(raw)
    if params is None:
        return None
    for key, val in params[1:]:
        if key.lower() == param:
            if isinstance(val, tuple):
                return val
            return email.utils.unquote(str(val))
    return None


def _message_from_bytes(data: bytes, builder: _Builder | None) -> email.message.Message | None:
    try:
        return email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:
        if builder is not None:
            builder.defect("PARSER_ERROR", f"{type(exc).__name__}")
    try:
        return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(
            data, headersonly=True
        )
    except Exception:
        return None


def parse(
    message: bytes | bytearray | memoryview | str | email.message.Message,
    *,
    max_text_chars: int | None = None,
    max_parse_bytes: int | None = None,
) -> ParsedMail:
    """Parse a message into a :class:`ParsedMail`; never raises on malformed mail.

    Parameters
    ----------
    message : bytes, bytearray, memoryview, str or email.message.Message
        The raw message.  ``str`` is taken as UTF-8 (surrogate escapes allowed);
        a :class:`~email.message.Message` is used as it is.
    max_text_chars : int, optional
        Cap on the decoded body text; :data:`MAX_BODY_CHARS` when not given.
    max_parse_bytes : int, optional
        Cap on the raw bytes handed to :mod:`email`; :data:`MAX_PARSE_BYTES` when not
        given.  Bytes or str input only (a ready Message is used as it is).

    Returns
    -------
    ParsedMail
        Decoded headers, addresses, body text, links and attachments, plus
        ``defects``: the :mod:`email` package's own (``MISSING_HEADER_BODY_SEPARATOR``,
        ``INVALID_BASE64_PADDING``, ...) and spamkit's (``CHARSET_MISLABELLED``,
        ``CHARSET_FALLBACK``, ``RAW_8BIT_HEADER``, ``TEXT_TRUNCATED``, ``EMPTY_MESSAGE``,
        ``NO_HEADERS``, ``BINARY_CONTENT``, ...).

    Raises
    ------
    TypeError
        If ``message`` is not bytes, str or a Message.

    Notes
    -----
    Work is bounded: email sees at most ``max_parse_bytes`` bytes, :data:`MAX_HEADER_LINES`
    top-level header lines and :data:`MAX_CONTAINERS` multipart/message declarations;
    at most :data:`MAX_PARTS` MIME parts and :data:`MAX_DEPTH` levels of nesting are
    walked, text stops at ``max_text_chars``; each cap leaves a defect.
    The :mod:`email` ``compat32`` policy is used for speed and headers are decoded by
    :func:`spamkit.charsets.decode_header`.  Headers starting with one of
    :data:`FOREIGN_VERDICT_PREFIXES` are dropped.

    In ``multipart/alternative`` the text/plain rendering supplies ``text`` unless it
    is less than half as long as the richest other rendering (a token "view in HTML"
    part, common in spam); links and attachments come from every rendering.  Charset
    handling is in :func:`spamkit.charsets.decode_text`; HTML rendering in
    :func:`spamkit.html.render_html`.

    Examples
    --------
    >>> raw = b"Subject: =?UTF-8?B?44GC?=\\nFrom: A <A@Example.COM>\\n\\nhi www.x.jp\\n"
    >>> mail = parse(raw)
    >>> mail.subject, mail.from_address, mail.text, mail.links
    ('あ', 'a@example.com', 'hi www.x.jp', [Link(url='www.x.jp', text='')])
    """
    if not isinstance(message, (bytes, bytearray, memoryview, str, email.message.Message)):
        raise TypeError(
            f"expected bytes, str or email.message.Message, not {type(message).__name__}"
        )
    limit = MAX_BODY_CHARS if max_text_chars is None else int(max_text_chars)
    parse_limit = MAX_PARSE_BYTES if max_parse_bytes is None else int(max_parse_bytes)
    mail = ParsedMail()
    builder = _Builder(mail, limit)
    try:
        msg = _to_message(message, builder, parse_limit)
        if msg is None:
            return mail
        builder.headers(msg)
        if not mail.headers:
            builder.defect("NO_HEADERS", "no header block: not an RFC 5322 message")
        builder.walk(msg, 0)
    except Exception as exc:
        builder.defect("PARSER_ERROR", f"{type(exc).__name__}: {str(exc)[:100]}")
    mail.text = "\n".join(builder.texts)
    return mail


def _to_message(
    message: bytes | bytearray | memoryview | str | email.message.Message,
    builder: _Builder,
    parse_limit: int,
) -> email.message.Message | None:
    if isinstance(message, email.message.Message):
        return message
    # The byte cap comes first, before any copy, so that every later pass (and the
    # caller's memory) sees at most parse_limit bytes of a 1 GB input.
    whole = f"{len(message)} characters" if isinstance(message, str) else ""
    if isinstance(message, str):
        if len(message) > parse_limit >= 0:
            message = message[: parse_limit + 1]  # still over the cap once encoded
        text = message
        try:
            message = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            message = text.encode("utf-8", "replace")
    view = memoryview(message).cast("B")
    size = len(view)
    whole = whole or f"{size} bytes"
    if size > parse_limit >= 0:
        start = max(0, parse_limit - 65536)
        cut = bytes(view[start:parse_limit]).rfind(b"\n")
        message = bytes(view[: start + cut + 1 if cut >= 0 else parse_limit])
        builder.defect("MESSAGE_TRUNCATED", f"parsed {len(message)} of {whole}")
    elif not isinstance(message, bytes):
        message = bytes(view)
    view.release()
    if not message.strip():
        builder.defect("EMPTY_MESSAGE")
        return None
    controls = _binary_share(message)
    if controls >= BINARY_SHARE:
        builder.defect("BINARY_CONTENT", f"{controls:.0%} control bytes: not a text message")
    if b"\x00" in message:
        builder.defect("NUL_BYTES", f"{message.count(0)} removed")
        message = message.replace(b"\x00", b"")
    return _message_from_bytes(_bound_raw(message, builder), builder)


#: A message whose first 64 KiB are at least this share control bytes (NUL, BEL, ...:
#: not tab, line ends or the ESC of ISO-2022-JP) is binary data, not mail (issue 13:
#: `classify /bin/ls` gave a confident verdict).  Mail carries binary parts base64- or
#: quoted-printable-encoded; 8-bit Shift_JIS and EUC-JP text has no control bytes.
BINARY_SHARE = 0.02
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13, 27)) + b"\x7f"


def _binary_share(data: bytes) -> float:
    """The share of control bytes in the first 64 KiB of ``data``."""
    sample = data[:65536]
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / max(1, len(sample))


def _nth(data: bytes, needle: bytes, n: int, start: int = 0, end: int | None = None) -> int:
    """Index of the ``n``-th (1-based) ``needle`` in ``data[start:end]``, or -1."""
    pos = start - 1
    stop = len(data) if end is None else end
    for _ in range(n):
        pos = data.find(needle, pos + 1, stop)
        if pos < 0:
            return -1
    return pos


_CONTAINER = re.compile(rb"content-type:[ \t\r\n]*(?:multipart|message)/")
_LONG_PARAM_LINE = re.compile(
    rb"^content-(?:type|disposition):[^\n;]*;[^\n]{%d,}" % MAX_PARAM_HEADER, re.M
)
_BOUNDARY_PARAM = re.compile(rb'[; \t](boundary[ \t]*=[ \t]*(?:"[^"\n]*"|[^;\s]*))')
#: A header line, as email's feed parser recognises one (or an mbox "From " line).
_HEADER_START = re.compile(rb"From |[\041-\071\073-\176]*:")
#: Boundary characters kept (RFC 2046: at most 70); see BOUNDARY_TOO_LONG.
MAX_BOUNDARY = 200
_LONG_BOUNDARY = re.compile(
    rb'boundary[ \t]*=[ \t]*(?:"([^"]{%d,})|([^"\s;]{%d,}))' % (MAX_BOUNDARY + 1, MAX_BOUNDARY + 1)
)


def _bound_raw(raw: bytes, builder: _Builder) -> bytes:
    """Cut ``raw`` (already within the byte cap) so that email's parser does bounded work.

    Each cut is a defect.  Only C-speed ``bytes`` methods run over the whole input.
    """
    # The top-level header block: up to the first empty line (or everything).  Only
    # when the first line is a header: a body without headers is not one.
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0]
    head_end = min(ends) if ends else len(raw)
    if raw.count(b"\n", 0, head_end) > MAX_HEADER_LINES and _HEADER_START.match(raw):
        cut = _nth(raw, b"\n", MAX_HEADER_LINES, 0, head_end)
        builder.defect("TOO_MANY_HEADERS", f"kept {MAX_HEADER_LINES} header lines")
        raw = raw[:cut] + (raw[head_end:] if head_end < len(raw) else b"\n")
    # MIME delimiter lines: every part starts with one, and email makes a Message of
    # each; twice the walked parts leaves room for close delimiters and "-- " lines.
    delimiters = 2 * MAX_PARTS + 2
    if raw.count(b"\n--") > delimiters:
        cut = _nth(raw, b"\n--", delimiters + 1)
        raw = raw[: cut + 1]
        builder.defect("TOO_MANY_PARTS", f"parsed {delimiters} delimiter lines")
    lower = raw.lower()
    # Boundaries longer than MAX_BOUNDARY (RFC 2046 allows 70) are shortened in the
    # header and every delimiter line alike: email compiles each boundary into a regex,
    # and a 1 MB one took 1.1 s and 125 MB (issue 7).
    for match in _LONG_BOUNDARY.finditer(lower):
        group = 1 if match.start(1) >= 0 else 2  # quoted (folds and blanks allowed) or not
        long = raw[match.start(group) : match.end(group)]
        raw = raw.replace(long, long[:MAX_BOUNDARY])
        builder.defect("BOUNDARY_TOO_LONG", f"{len(long)} characters, kept {MAX_BOUNDARY}")
        lower = raw.lower()
        break  # one is an attack; the next pass of a hostile mail is the byte cap's job
    # Parameter floods: email splits a whole Content-* value into parameters for every
    # get_param (1 MB of "; p=v" took 0.3 s).  A line past MAX_PARAM_HEADER keeps its
    # head up to a ";" plus its boundary parameter, so the parts stay delimited.
    # (At most parse_limit / MAX_PARAM_HEADER such lines; one join, not a copy each.)
    pieces: list[bytes] = []
    pos = 0
    for match in _LONG_PARAM_LINE.finditer(lower):
        start, end = match.span()
        line = raw[start:end]
        semi = line.rfind(b";", 0, MAX_PARAM_HEADER)
        head = line[: semi if semi > 0 else line.find(b";")]
        kept = _BOUNDARY_PARAM.search(lower, start + len(head), end)
        short = head + (b"; " + raw[kept.start(1) : kept.end()] if kept else b"")
        pieces += [raw[pos:start], short, b"\r" if line.endswith(b"\r") else b""]
        pos = end
        builder.defect("HEADER_TRUNCATED", f"{end - start} characters of MIME parameters")
    if pieces:
        raw = b"".join([*pieces, raw[pos:]])
        lower = raw.lower()
    # Nesting: a container needs a Content-Type of multipart/* or message/* (email reads
    # the type after blanks and folds).  The cheap count of the bare words first; links
    # such as ".../message/123" in a digest are not containers, so only then the regex.
    if lower.count(b"multipart/") + lower.count(b"message/") > MAX_CONTAINERS:
        for seen, match in enumerate(_CONTAINER.finditer(lower), 1):
            if seen > MAX_CONTAINERS:
                raw = raw[: lower.rfind(b"\n", 0, match.start()) + 1]
                builder.defect("MESSAGE_TRUNCATED", f"stopped before multipart/message type {seen}")
                break
    return raw
