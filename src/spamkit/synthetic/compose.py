"""Build one RFC 5322 message as bytes, the way real mail programs write it.

Japanese mailers differ in ways a model could key on, so nothing here is constant:
each :class:`Mailer` is one mail program's habits (header order, charset labels and
their case, how encoded words are cut, the shape of its Message-ID, MIME boundary and
Date, what it adds such as ``X-Mailer`` or ``Thread-Index``), and the generators pick a
mailer per message.  The encoders are written here rather than taken from
:mod:`email`, because :mod:`email` cannot write what Japanese mail really carries:

* ISO-2022-JP the way Windows writes it (CP50220): NEC row 13 (①, ㈱, ㍉) and the
  NEC-selected IBM extensions (髙, 﨑) inside ``ESC $ B``; half-width kana widened;
* encoded words cut on character boundaries, each ISO-2022-JP word closed with
  ``ESC ( B``, at most 75 characters, folded with a space or a tab;
* Shift_JIS (CP932) bodies in 8bit or base64, UTF-8 in base64, quoted-printable or 8bit.

:func:`compose` is the only entry point the generators use.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

__all__ = [
    "CHARSETS",
    "MAILERS",
    "Attachment",
    "Mailer",
    "compose",
    "encode_jis",
    "encode_text",
    "fake_pdf",
    "fake_xlsx",
    "format_date",
    "ics_invite",
    "make_message_id",
    "pick_mailer",
    "safe_for",
]

Address = tuple[str, str]

#: Canonical charset names recorded on generated mail, with the labels mailers write.
CHARSETS: dict[str, tuple[str, ...]] = {
    "iso-2022-jp": ("ISO-2022-JP", "iso-2022-jp"),
    "shift_jis": ("Shift_JIS", "shift_jis", "Shift_JIS", "Windows-31J", "x-sjis"),
    "utf-8": ("UTF-8", "utf-8"),
    "us-ascii": ("us-ascii", "US-ASCII"),
    "iso-8859-1": ("iso-8859-1", "ISO-8859-1"),
    "windows-1252": ("windows-1252", "Windows-1252"),
}

_PY_CODEC = {
    "shift_jis": "cp932",
    "utf-8": "utf-8",
    "us-ascii": "ascii",
    "iso-8859-1": "latin-1",
    "windows-1252": "cp1252",
}

# --- ISO-2022-JP (CP50220) -----------------------------------------------------------------

#: IBM extensions (CP932 leads 0xFA-0xFC) have a copy in the NEC-selected rows (0xED,
#: 0xEE); CP50220 sends that copy, which maps into JIS rows 0x79-0x7C.
_NEC_SELECTED: dict[str, bytes] = {}
for _lead in (0xED, 0xEE):
    for _trail in range(0x40, 0xFD):
        with contextlib.suppress(UnicodeDecodeError):
            _NEC_SELECTED.setdefault(bytes((_lead, _trail)).decode("cp932"), bytes((_lead, _trail)))

#: Characters CPython's JIS codecs map differently from CP932: written as CP932 does.
_TO_CP932 = str.maketrans({"\u301c": "\uff5e", "\u2016": "\u2225", "\u2212": "\uff0d"})
_HALFWIDTH = re.compile("[\uff61-\uff9f]+")
_JIS_CACHE: dict[str, bytes] = {}


def _jis_char(ch: str) -> bytes:
    """The two JIS bytes of one CP932 double-byte character (cached)."""
    got = _JIS_CACHE.get(ch)
    if got is not None:
        return got
    raw = ch.encode("cp932")
    if len(raw) != 2:
        raise UnicodeEncodeError("iso-2022-jp", ch, 0, 1, "not a double-byte character")
    if raw[0] >= 0xFA:
        raw = _NEC_SELECTED[ch]
    s1, s2 = raw
    j1 = (s1 - (0x70 if s1 < 0xA0 else 0xB0)) * 2
    if s2 < 0x9F:
        j1 -= 1
        j2 = s2 - (0x20 if s2 >= 0x80 else 0x1F)
    else:
        j2 = s2 - 0x7E
    got = bytes((j1, j2))
    _JIS_CACHE[ch] = got
    return got


_ASCII_RUN = re.compile("([\x00-\x7f]+)")


def encode_jis(text: str) -> bytes:
    """Encode ``text`` as ISO-2022-JP the way Windows does (CP50220).

    Parameters
    ----------
    text : str
        Text whose characters CP932 can hold (half-width kana are widened first).

    Returns
    -------
    bytes
        7-bit bytes; every switch to JIS X 0208 is closed with ``ESC ( B``.

    Raises
    ------
    UnicodeEncodeError
        When a character is outside CP932 (an emoji, a Chinese-only ideograph).

    Examples
    --------
    >>> encode_jis("①㈱A")
    b'\\x1b$B-!-j\\x1b(BA'
    """
    text = _HALFWIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_TO_CP932)
    out = []
    for i, run in enumerate(_ASCII_RUN.split(text)):
        if not run:
            continue
        if i % 2:
            out.append(run.encode("ascii"))
        else:
            out.append(b"\x1b$B" + b"".join(_jis_char(c) for c in run) + b"\x1b(B")
    return b"".join(out)


def safe_for(text: str, charset: str) -> bool:
    """Whether ``text`` can be written in ``charset`` (canonical name)."""
    try:
        encode_text(text, charset)
    except (UnicodeEncodeError, KeyError):
        return False
    return True


def encode_text(text: str, charset: str) -> bytes:
    """``text`` as bytes of ``charset`` (canonical name); raises if it cannot be held."""
    if charset == "iso-2022-jp":
        return b"\n".join(encode_jis(line) for line in text.split("\n"))
    if charset == "shift_jis":
        return text.translate(_TO_CP932).encode("cp932")
    return text.encode(_PY_CODEC[charset])


# --- headers ---------------------------------------------------------------------------------

_MAX_WORD = 75


def _word_chunks(text: str, charset: str, encoding: str, label: str) -> list[str]:
    """Encoded words for ``text``, each at most 75 characters, cut between characters."""
    words: list[str] = []
    prefix = f"=?{label}?{encoding}?"
    room = _MAX_WORD - len(prefix) - 2
    current = ""

    def encoded(chunk: str) -> str:
        raw = encode_text(chunk, charset)
        if encoding == "B":
            return base64.b64encode(raw).decode("ascii")
        return _q_encode(raw)

    for ch in text:
        trial = current + ch
        if current and len(encoded(trial)) > room:
            words.append(prefix + encoded(current) + "?=")
            current = ch
        else:
            current = trial
    if current:
        words.append(prefix + encoded(current) + "?=")
    return words


_Q_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*+-/")


def _q_encode(raw: bytes) -> str:
    return "".join("_" if b == 0x20 else chr(b) if b in _Q_SAFE else f"={b:02X}" for b in raw)


def _fold_ascii(name: str, value: str, fold: str) -> str:
    """Fold a plain ASCII header between words at about 76 characters."""
    line = f"{name}: "
    lines: list[str] = []
    for word in value.split(" "):
        if len(line) + len(word) > 76 and line.strip() and not line.endswith(": "):
            lines.append(line.rstrip(" "))
            line = fold
        line += word + " "
    lines.append(line.rstrip(" "))
    return "\n".join(lines)


@dataclass(frozen=True)
class _HeaderStyle:
    charset: str
    label: str
    encoding: str  # "B" or "Q"
    scope: str  # "whole": encode all of a value with non-ASCII; "words": only those runs
    fold: str  # " " or "\t"


def _encode_phrase(text: str, style: _HeaderStyle) -> list[str]:
    """Encoded or literal pieces of ``text``, to be joined with single spaces."""
    if text.isascii():
        return [text]
    if style.scope == "whole":
        return _word_chunks(text, style.charset, style.encoding, style.label)
    pieces: list[str] = []
    run: list[str] = []
    for token in text.split(" "):
        if token.isascii() and not run:
            pieces.append(token)
        elif token.isascii():
            # An ASCII word after encoded ones stays literal; the space is kept by it.
            pieces.extend(_word_chunks(" ".join(run), style.charset, style.encoding, style.label))
            run = []
            pieces.append(token)
        else:
            run.append(token)
    if run:
        pieces.extend(_word_chunks(" ".join(run), style.charset, style.encoding, style.label))
    return pieces


def _header_line(name: str, pieces: list[str], fold: str) -> str:
    """``name: piece piece ...`` folded between pieces so that lines stay short."""
    line = f"{name}: "
    lines: list[str] = []
    for piece in pieces:
        if len(line) + len(piece) > 76 and line.strip() and not line.endswith(": "):
            lines.append(line.rstrip(" "))
            line = fold
        line += piece + " "
    lines.append(line.rstrip(" "))
    return "\n".join(lines)


def _text_header(name: str, value: str, style: _HeaderStyle) -> str:
    if value.isascii():
        return _fold_ascii(name, value, style.fold)
    return _header_line(name, _encode_phrase(value, style), style.fold)


_SPECIALS = re.compile(r"[()<>\[\]:;@\\,.\"]")


def _address(addr: Address, style: _HeaderStyle, quote_encoded: bool) -> list[str]:
    name, email_addr = addr
    if not name:
        return [email_addr]
    if name.isascii():
        shown = f'"{name}"' if _SPECIALS.search(name) else name
        return [*shown.split(" "), f"<{email_addr}>"]
    words = _word_chunks(name, style.charset, style.encoding, style.label)
    if quote_encoded and len(words) == 1:
        words = [f'"{words[0]}"']  # not allowed, but Japanese mailers did it for years
    return [*words, f"<{email_addr}>"]


def _address_header(
    name: str, addrs: Sequence[Address], style: _HeaderStyle, quote_encoded: bool
) -> str:
    pieces: list[str] = []
    for i, addr in enumerate(addrs):
        got = _address(addr, style, quote_encoded)
        if i < len(addrs) - 1:
            got[-1] += ","
        pieces.extend(got)
    return _header_line(name, pieces, style.fold)


# --- dates, ids, boundaries -----------------------------------------------------------------

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TZ_NAMES = {540: "JST", 0: "UTC", -300: "EST", -240: "EDT", -480: "PST", -420: "PDT", 60: "CET"}


def format_date(when: datetime, style: str, offset_minutes: int = 540) -> str:
    """An RFC 5322 date in one mailer's style.

    ``style`` is ``"rfc"`` (``Tue, 5 Mar 2024 ...``), ``"rfc0"`` (two-digit day),
    ``"zone"`` (with ``(JST)``), ``"noday"`` (no weekday) or ``"utc"`` (``+0000``).
    """
    if style == "utc":
        offset_minutes = 0
    local = when.astimezone(timezone(timedelta(minutes=offset_minutes)))
    sign = "+" if offset_minutes >= 0 else "-"
    zone = f"{sign}{abs(offset_minutes) // 60:02d}{abs(offset_minutes) % 60:02d}"
    day = f"{local.day:02d}" if style in ("rfc0", "utc") else str(local.day)
    core = f"{day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M:%S} {zone}"
    if style == "noday":
        return core
    text = f"{_DAYS[local.weekday()]}, {core}"
    if style == "zone":
        text += f" ({_TZ_NAMES.get(offset_minutes, 'UTC')})"
    elif style == "utc" and local.microsecond % 2:
        text += " (UTC)"
    return text


_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _hex(rng: random.Random, n: int, upper: bool = False) -> str:
    text = f"{rng.getrandbits(4 * n):0{n}x}"
    return text.upper() if upper else text


def _uuid(rng: random.Random, upper: bool = False) -> str:
    """A version-4 UUID (variant bits 10xx, as uuid4() makes them)."""
    h = _hex(rng, 32, upper)
    variant = rng.choice("89ab")
    variant = variant.upper() if upper else variant
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


_OUTLOOK_HOSTS_JA = ("TYCPR01MB", "TY3PR01MB", "OS3PR01MB", "TYWPR01MB", "OSZPR01MB", "TYAPR01MB")
_OUTLOOK_HOSTS_EN = ("BY5PR11MB", "SN6PR04MB", "DM6PR12MB", "CH2PR10MB", "PH0PR13MB", "AM0PR07MB")
_OUTLOOK_REGION = {
    "TY": "jpnprd01",
    "OS": "jpnprd01",
    "BY": "namprd11",
    "SN": "namprd04",
    "DM": "namprd12",
    "CH": "namprd10",
    "PH": "namprd13",
    "AM": "eurprd07",
}


def make_message_id(
    rng: random.Random, style: str, domain: str, when: datetime, ja: bool | None = None
) -> str:
    """A Message-ID in one mailer's shape (without angle brackets).

    ``ja``: the writer is in Japan (Microsoft 365 then hosts the mailbox in its
    Japanese region); guessed from the domain when ``None``.
    """
    stamp = when.strftime("%Y%m%d%H%M%S")
    if style == "outlook":
        if ja is None:
            ja = domain.endswith(".jp") or rng.random() < 0.3
        host = rng.choice(_OUTLOOK_HOSTS_JA if ja else _OUTLOOK_HOSTS_EN) + str(
            rng.randrange(1000, 9999)
        )
        region = _OUTLOOK_REGION[host[:2]]
        return f"{host}{_hex(rng, 32, True)}@{host}.{region}.prod.outlook.com"
    if style == "gmail":
        body = "".join(rng.choice(_B64URL) for _ in range(rng.randrange(44, 56)))
        return f"CA{rng.choice('BDFGHJKLMNP')}{body}@mail.gmail.com"
    if style == "apple":
        return f"{_uuid(rng, True)}@{domain}"
    if style == "uuid":
        return f"{_uuid(rng)}@{domain}"
    if style == "becky":
        return f"{stamp}.{_hex(rng, 4, True)}.{_hex(rng, 8, True)}@{domain}"
    if style == "php":
        return f"{stamp}.{_hex(rng, rng.choice((6, 8, 10)), True)}@{domain}"
    if style == "hex":
        return f"{_hex(rng, rng.choice((24, 32)))}@{domain}"
    if style == "java":
        ms = int(when.timestamp() * 1000) + rng.randrange(1000)
        user = rng.choice(("root", "app", "batch", "mailer", "tomcat", "www"))
        serial = f"{rng.randrange(10**6, 10**9)}.{rng.randrange(10, 99999)}"
        return f"{serial}.{ms}.JavaMail.{user}@{domain}"
    if style == "ses":
        region = rng.choice(("ap-northeast-1", "us-east-1", "us-west-2", "eu-west-1"))
        h = _hex(rng, 60)
        return (
            f"01{rng.choice(('06', '00', '0c'))}018{h[:13]}-{h[13:21]}-{h[21:25]}-{h[25:29]}-"
            f"{h[29:33]}-{h[33:45]}-000000@{region}.amazonses.com"
        )
    if style == "esp":
        return f"{_hex(rng, 16)}.{rng.randrange(10**5, 10**8)}.{rng.randrange(10**9)}@{domain}"
    if style == "carrier":
        return f"{stamp[2:]}{_hex(rng, 6)}.{_hex(rng, 10)}@{domain}"
    if style == "dotted":
        return f"{rng.randrange(10**8, 10**10)}.{rng.randrange(10**4, 10**6)}.{stamp}@{domain}"
    return f"{stamp}.{_hex(rng, 12)}@{domain}"


def _boundary(rng: random.Random, style: str, region: str = "") -> str:
    if style == "outlook":
        region = region or rng.choice(("jpnprd01", "namprd11", "eurprd07"))
        return f"_000_{_hex(rng, 24, True)}{region}prodoutlo_"
    if style == "gmail":
        return "0000000000" + _hex(rng, 18)
    if style == "apple":
        return f"Apple-Mail={_uuid(rng, True)}"
    if style == "thunderbird":
        return "------------" + "".join(rng.choice(_B64STD[:62]) for _ in range(24))
    if style == "java":
        a, b = rng.randrange(10**5, 10**7), rng.randrange(10**8, 10**10)
        return f"----=_Part_{a}_{b}.{rng.randrange(10**12, 10**13)}"
    if style == "php":
        return f"b1_{_hex(rng, 32)}"
    if style == "becky":
        return f"------_{_hex(rng, 12, True)}_MULTIPART_MIXED_"
    return f"=_{_hex(rng, 32)}"


# --- mailers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mailer:
    """One mail program's habits.

    ``encodings`` maps a language (``"ja"``/``"en"``) to the (charset, transfer
    encoding) pairs this program writes for it; ``structures`` lists the body shapes it
    uses (``"plain"``, ``"html"``, ``"alt"``).  ``order`` is its header order
    (headers it does not list follow in the order they were given).
    """

    name: str
    kind: str  # "person", "system" or "bulk"
    encodings: dict[str, tuple[tuple[str, str], ...]]
    structures: tuple[str, ...]
    order: tuple[str, ...]
    msgid: str
    boundary: str
    date_styles: tuple[str, ...] = ("rfc",)
    lower_labels: float = 0.0  # probability of lower-case charset labels
    quote_params: bool = True
    words: str = "whole"
    q_words: float = 0.0  # probability of Q rather than B encoded words (UTF-8)
    fold: str = " "
    quote_encoded_names: float = 0.0
    agents: tuple[tuple[str, str], ...] = ()  # (header, value) choices, one is written
    extra: tuple[tuple[str, str], ...] = ()
    b64_width: tuple[int, ...] = (76,)
    flowed: float = 0.0
    utc: float = 0.0
    crlf: float = 0.05
    mime_version: tuple[str, ...] = ("1.0",)
    extra_fn: str = ""


_JA_ALL = (
    ("iso-2022-jp", "7bit"),
    ("shift_jis", "base64"),
    ("shift_jis", "8bit"),
    ("utf-8", "base64"),
    ("utf-8", "quoted-printable"),
    ("utf-8", "8bit"),
)
_EN_ALL = (
    ("us-ascii", "7bit"),
    ("utf-8", "quoted-printable"),
    ("utf-8", "8bit"),
    ("utf-8", "base64"),
    ("iso-8859-1", "quoted-printable"),
    ("windows-1252", "quoted-printable"),
)

_P_ORDER = ("From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References")

MAILERS: tuple[Mailer, ...] = (
    Mailer(
        name="outlook-win",
        kind="person",
        encodings={
            "ja": (("iso-2022-jp", "7bit"), ("utf-8", "base64"), ("utf-8", "quoted-printable")),
            "en": (
                ("us-ascii", "7bit"),
                ("utf-8", "quoted-printable"),
                ("iso-8859-1", "quoted-printable"),
            ),
        },
        structures=("alt",),
        order=(
            "From",
            "To",
            "Cc",
            "Reply-To",
            "Subject",
            "Thread-Topic",
            "Thread-Index",
            "Date",
            "Message-ID",
            "References",
            "In-Reply-To",
            "Accept-Language",
            "Content-Language",
            "X-MS-Has-Attach",
            "X-MS-TNEF-Correlator",
            "MIME-Version",
            "Content-Type",
        ),
        msgid="outlook",
        boundary="outlook",
        date_styles=("rfc",),
        lower_labels=0.9,
        quote_params=True,
        extra_fn="outlook",
        crlf=0.3,
    ),
    Mailer(
        name="outlook-mac",
        kind="person",
        encodings={
            "ja": (("utf-8", "base64"), ("utf-8", "quoted-printable"), ("iso-2022-jp", "7bit")),
            "en": (("utf-8", "quoted-printable"),),
        },
        structures=("alt",),
        order=(
            "From",
            "To",
            "Cc",
            "Subject",
            "Thread-Topic",
            "Thread-Index",
            "Date",
            "Message-ID",
            "References",
            "In-Reply-To",
            "Content-Language",
            "User-Agent",
            "MIME-Version",
            "Content-Type",
        ),
        msgid="outlook",
        boundary="outlook",
        lower_labels=0.5,
        agents=(
            ("User-Agent", "Microsoft-MacOutlook/16.78.23091003"),
            ("User-Agent", "Microsoft-MacOutlook/16.81.24011420"),
            ("User-Agent", "Microsoft-MacOutlook/16.86.24061120"),
            ("User-Agent", "Microsoft-MacOutlook/16.89.24091630"),
        ),
        extra_fn="outlook",
    ),
    Mailer(
        name="thunderbird",
        kind="person",
        encodings={
            "ja": (("utf-8", "8bit"), ("iso-2022-jp", "7bit"), ("utf-8", "base64")),
            "en": (("utf-8", "8bit"), ("us-ascii", "7bit"), ("utf-8", "quoted-printable")),
        },
        structures=("plain", "plain", "alt", "html"),
        order=(
            "Message-ID",
            "Date",
            "MIME-Version",
            "User-Agent",
            "Subject",
            "To",
            "Cc",
            "References",
            "Content-Language",
            "From",
            "In-Reply-To",
            "Content-Type",
        ),
        msgid="uuid",
        boundary="thunderbird",
        date_styles=("rfc",),
        lower_labels=0.0,
        words="words",
        q_words=0.0,
        agents=(
            ("User-Agent", "Mozilla Thunderbird"),
            (
                "User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Thunderbird/1"
                "02.15.1",
            ),
            (
                "User-Agent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/1"
                "15.6.0",
            ),
            (
                "User-Agent",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:115.0) Gecko/20100101 Thunderbi"
                "rd/115.12.2",
            ),
            (
                "User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.1",
            ),
        ),
        flowed=0.7,
        quote_params=False,
        crlf=0.1,
    ),
    Mailer(
        name="gmail",
        kind="person",
        encodings={
            "ja": (("utf-8", "base64"), ("utf-8", "base64"), ("utf-8", "quoted-printable")),
            "en": (("utf-8", "quoted-printable"), ("utf-8", "7bit-ascii")),
        },
        structures=("alt",),
        order=(
            "MIME-Version",
            "References",
            "In-Reply-To",
            "From",
            "Date",
            "Message-ID",
            "Subject",
            "To",
            "Cc",
            "Content-Type",
        ),
        msgid="gmail",
        boundary="gmail",
        date_styles=("rfc",),
        lower_labels=0.0,
        quote_params=True,
        words="whole",
    ),
    Mailer(
        name="apple-mail",
        kind="person",
        encodings={
            "ja": (("utf-8", "quoted-printable"), ("utf-8", "base64"), ("iso-2022-jp", "7bit")),
            "en": (("us-ascii", "7bit"), ("utf-8", "quoted-printable")),
        },
        structures=("plain", "alt"),
        order=(
            "Content-Type",
            "Content-Transfer-Encoding",
            "Mime-Version",
            "Subject",
            "From",
            "In-Reply-To",
            "Date",
            "Cc",
            "Message-Id",
            "References",
            "To",
            "X-Mailer",
        ),
        msgid="apple",
        boundary="apple",
        lower_labels=1.0,
        quote_params=False,
        words="whole",
        q_words=0.5,
        agents=(
            ("X-Mailer", "Apple Mail (2.3731.700.6)"),
            ("X-Mailer", "Apple Mail (2.3774.300.61.1.2)"),
            ("X-Mailer", "Apple Mail (2.3776.700.51)"),
            ("X-Mailer", "Apple Mail (2.3696.120.41.1.1)"),
        ),
        mime_version=(
            "1.0 (Mac OS X Mail 16.0 \\(3731.700.6\\))",
            "1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))",
            "1.0 (Mac OS X Mail 16.0 \\(3776.700.51\\))",
        ),
    ),
    Mailer(
        name="iphone",
        kind="person",
        encodings={
            "ja": (("utf-8", "base64"), ("utf-8", "quoted-printable"), ("iso-2022-jp", "7bit")),
            "en": (("utf-8", "quoted-printable"), ("us-ascii", "7bit")),
        },
        structures=("plain", "plain", "alt"),
        order=(
            "Content-Type",
            "Content-Transfer-Encoding",
            "From",
            "Mime-Version",
            "Subject",
            "Date",
            "Message-Id",
            "References",
            "In-Reply-To",
            "Cc",
            "To",
            "X-Mailer",
        ),
        msgid="apple",
        boundary="apple",
        lower_labels=1.0,
        quote_params=False,
        q_words=0.3,
        agents=(
            ("X-Mailer", "iPhone Mail (20G75)"),
            ("X-Mailer", "iPhone Mail (21B101)"),
            ("X-Mailer", "iPhone Mail (21E236)"),
            ("X-Mailer", "iPhone Mail (22A3354)"),
            ("X-Mailer", "iPad Mail (21D61)"),
        ),
        mime_version=("1.0 (1.0)",),
    ),
    Mailer(
        name="becky",
        kind="person",
        encodings={"ja": (("iso-2022-jp", "7bit"),), "en": (("us-ascii", "7bit"),)},
        structures=("plain",),
        order=(
            "Date",
            "From",
            "To",
            "Cc",
            "Subject",
            "In-Reply-To",
            "References",
            "Message-Id",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
            "X-Mailer",
        ),
        msgid="becky",
        boundary="becky",
        date_styles=("rfc0", "zone"),
        fold="\t",
        agents=(
            ("X-Mailer", "Becky! ver. 2.75.04 [ja]"),
            ("X-Mailer", "Becky! ver. 2.81.04 [ja]"),
            ("X-Mailer", "Becky! ver. 2.80.05 [ja]"),
        ),
        quote_encoded_names=0.3,
    ),
    Mailer(
        name="carrier",
        kind="person",
        encodings={
            "ja": (
                ("iso-2022-jp", "7bit"),
                ("shift_jis", "base64"),
                ("shift_jis", "8bit"),
                ("utf-8", "base64"),
            ),
            "en": (("us-ascii", "7bit"), ("utf-8", "base64")),
        },
        structures=("plain",),
        order=("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"),
        msgid="carrier",
        boundary="php",
        date_styles=("rfc", "noday", "zone"),
        lower_labels=0.5,
        quote_params=False,
        quote_encoded_names=0.2,
    ),
    Mailer(
        name="yahoo-web",
        kind="person",
        encodings={
            "ja": (("iso-2022-jp", "7bit"), ("utf-8", "base64"), ("shift_jis", "base64")),
            "en": (("utf-8", "quoted-printable"), ("us-ascii", "7bit")),
        },
        structures=("plain", "alt"),
        order=(
            "Date",
            "From",
            "Reply-To",
            "To",
            "Cc",
            "Message-ID",
            "In-Reply-To",
            "References",
            "Subject",
            "MIME-Version",
            "Content-Type",
        ),
        msgid="dotted",
        boundary="java",
        date_styles=("rfc", "zone"),
        lower_labels=0.3,
    ),
    Mailer(
        name="roundcube",
        kind="person",
        encodings={
            "ja": (("utf-8", "8bit"), ("utf-8", "quoted-printable"), ("utf-8", "base64")),
            "en": (("utf-8", "quoted-printable"), ("us-ascii", "7bit")),
        },
        structures=("plain", "plain", "html"),
        order=(
            "MIME-Version",
            "Date",
            "From",
            "To",
            "Cc",
            "Subject",
            "In-Reply-To",
            "References",
            "Message-ID",
            "X-Sender",
            "User-Agent",
            "Content-Type",
        ),
        msgid="hex",
        boundary="php",
        lower_labels=0.0,
        quote_params=False,
        q_words=0.5,
        agents=(
            ("User-Agent", "Roundcube Webmail/1.6.5"),
            ("User-Agent", "Roundcube Webmail/1.5.3"),
            ("User-Agent", "Roundcube Webmail/1.6.9"),
        ),
    ),
    Mailer(
        name="php",
        kind="system",
        encodings={
            "ja": (
                ("iso-2022-jp", "7bit"),
                ("iso-2022-jp", "7bit"),
                ("utf-8", "base64"),
                ("utf-8", "8bit"),
            ),
            "en": (("utf-8", "8bit"), ("us-ascii", "7bit"), ("utf-8", "base64")),
        },
        structures=("plain", "plain", "alt"),
        order=(
            "To",
            "Subject",
            "From",
            "Reply-To",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
            "X-Mailer",
            "Message-Id",
            "Date",
        ),
        msgid="php",
        boundary="php",
        date_styles=("rfc", "rfc0"),
        lower_labels=0.4,
        quote_params=False,
        agents=(
            ("X-Mailer", "PHP/7.4.33"),
            ("X-Mailer", "PHP/8.1.27"),
            ("X-Mailer", "PHP/8.2.12"),
            ("X-Mailer", "PHPMailer 6.8.1 (https://github.com/PHPMailer/PHPMailer)"),
            ("X-Mailer", "PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)"),
        ),
    ),
    Mailer(
        name="legacy-system",
        kind="system",
        encodings={
            "ja": (("shift_jis", "8bit"), ("shift_jis", "base64"), ("iso-2022-jp", "7bit")),
            "en": (("us-ascii", "7bit"), ("iso-8859-1", "quoted-printable")),
        },
        structures=("plain",),
        order=(
            "From",
            "Reply-To",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
        ),
        msgid="java",
        boundary="java",
        date_styles=("rfc", "zone", "noday"),
        quote_params=False,
        lower_labels=0.2,
    ),
    Mailer(
        name="ses",
        kind="bulk",
        encodings={
            "ja": (("utf-8", "quoted-printable"), ("utf-8", "base64"), ("iso-2022-jp", "7bit")),
            "en": (("utf-8", "quoted-printable"), ("utf-8", "7bit-ascii")),
        },
        structures=("alt", "html", "plain"),
        order=(
            "From",
            "Reply-To",
            "To",
            "Subject",
            "MIME-Version",
            "Content-Type",
            "Message-ID",
            "Date",
            "Feedback-ID",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
        ),
        msgid="ses",
        boundary="java",
        date_styles=("utc",),
        utc=1.0,
        lower_labels=0.0,
        q_words=0.2,
    ),
    Mailer(
        name="esp",
        kind="bulk",
        encodings={
            "ja": (
                ("utf-8", "quoted-printable"),
                ("utf-8", "base64"),
                ("iso-2022-jp", "7bit"),
                ("shift_jis", "base64"),
            ),
            "en": (("utf-8", "quoted-printable"), ("utf-8", "base64"), ("us-ascii", "7bit")),
        },
        structures=("alt", "alt", "html"),
        order=(
            "Message-ID",
            "Date",
            "From",
            "Reply-To",
            "To",
            "Subject",
            "MIME-Version",
            "Content-Type",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
            "Precedence",
            "X-Auto-Response-Suppress",
        ),
        msgid="esp",
        boundary="java",
        date_styles=("rfc", "utc", "rfc0"),
        utc=0.4,
        lower_labels=0.5,
        q_words=0.1,
    ),
    Mailer(
        name="jp-system",
        kind="system",
        encodings={
            "ja": (
                ("iso-2022-jp", "7bit"),
                ("iso-2022-jp", "7bit"),
                ("shift_jis", "base64"),
                ("utf-8", "base64"),
            ),
            "en": (("us-ascii", "7bit"), ("utf-8", "base64")),
        },
        structures=("plain", "plain", "alt"),
        order=(
            "Return-Path",
            "Date",
            "From",
            "To",
            "Subject",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
            "Auto-Submitted",
        ),
        msgid="stamp",
        boundary="php",
        date_styles=("rfc0", "zone", "rfc"),
        lower_labels=0.3,
        quote_params=True,
    ),
)

_MAILER_BY_NAME = {m.name: m for m in MAILERS}


def pick_mailer(
    rng: random.Random,
    kind: str,
    language: str,
    charset: str | None = None,
    names: Sequence[str] = (),
) -> tuple[Mailer, tuple[str, str]]:
    """A mailer of ``kind`` and one of its (charset, transfer) pairs for ``language``.

    When ``charset`` is given, only mailers that write it are considered (any mailer
    when none of ``kind`` does); ``names`` restricts the choice to those mailers.
    """
    pool = [m for m in MAILERS if (m.name in names if names else m.kind == kind)]
    if charset is not None:
        fitting = [m for m in pool if any(c == charset for c, _ in m.encodings[language])]
        if not fitting:
            fitting = [m for m in MAILERS if any(c == charset for c, _ in m.encodings[language])]
        pool = fitting
    mailer = rng.choice(pool)
    options = [e for e in mailer.encodings[language] if charset is None or e[0] == charset]
    return mailer, rng.choice(options)


# --- attachments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """A file to attach: its name as the sender saw it, its type and its bytes."""

    filename: str
    content_type: str
    data: bytes


def fake_pdf(rng: random.Random, title: str = "") -> bytes:
    """A small PDF-shaped blob: header, a few objects and a compressed-looking stream."""
    stream = rng.randbytes(rng.randrange(600, 2400))
    producer = rng.choice(
        (
            "Microsoft® Word for Microsoft 365",
            "Microsoft® Excel® 2019",
            "iText® 7.2.5",
            "Acrobat PDFMaker 23",
            "wkhtmltopdf 0.12.6",
            "ReportLab PDF Library",
        )
    )
    parts = [
        b"%PDF-1." + str(rng.choice((4, 5, 7))).encode() + b"\n%\xe2\xe3\xcf\xd3\n",
        b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n",
        b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n",
        b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>\nendobj\n",
        b"4 0 obj\n<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>\nstream\n",
        stream,
        b"\nendstream\nendobj\n5 0 obj\n<</Producer("
        + producer.encode("latin-1", "replace")
        + b")>>\nendobj\n",
        b"trailer\n<</Root 1 0 R/Info 5 0 R>>\n%%EOF\n",
    ]
    return b"".join(parts)


def fake_xlsx(rng: random.Random) -> bytes:
    """A small ZIP-shaped blob, as an .xlsx attachment looks from outside."""
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + rng.randbytes(rng.randrange(3000, 9000))


def ics_invite(
    rng: random.Random, summary: str, start: datetime, minutes: int, organizer: str, domain: str
) -> bytes:
    """A minimal iCalendar REQUEST for a meeting invitation."""
    end = start + timedelta(minutes=minutes)
    fmt = "%Y%m%dT%H%M%SZ"
    utc = timezone.utc
    lines = [
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "PRODID:"
        + rng.choice(
            (
                "Microsoft Exchange Server 2010",
                "-//Google Inc//Google Calendar 70.9054//EN",
                "-//Apple Inc.//macOS 14.2//EN",
            )
        ),
        "VERSION:2.0",
        "BEGIN:VEVENT",
        f"UID:{_uuid(rng)}@{domain}",
        f"DTSTART:{start.astimezone(utc).strftime(fmt)}",
        f"DTEND:{end.astimezone(utc).strftime(fmt)}",
        f"SUMMARY:{summary}",
        f"ORGANIZER:mailto:{organizer}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# --- bodies ----------------------------------------------------------------------------------


def _transfer(data: bytes, transfer: str, width: int) -> bytes:
    if transfer == "base64":
        text = base64.b64encode(data).decode("ascii")
        return "\n".join(text[i : i + width] for i in range(0, len(text), width)).encode() + b"\n"
    if transfer == "quoted-printable":
        return binascii.b2a_qp(data, istext=True).replace(b"\r\n", b"\n") + (
            b"" if data.endswith(b"\n") else b"\n"
        )
    if transfer == "8bit" or transfer == "7bit":
        return data if data.endswith(b"\n") else data + b"\n"
    raise ValueError(transfer)


def _wrap_long(text: str) -> str:
    """Lines must stay under 998 octets: break over-long HTML lines after a tag.

    Done on the text, before encoding: in ISO-2022-JP a ``>`` byte may be half of a
    JIS character, so the bytes must not be cut.
    """
    if all(len(line) < 300 for line in text.split("\n")):
        return text
    out = []
    for line in text.split("\n"):
        while len(line) >= 300:
            cut = max(line.rfind(">", 0, 280), line.rfind(" ", 0, 280))
            cut = cut + 1 if cut > 40 else 280
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


@dataclass
class _Part:
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    children: list[_Part] = field(default_factory=list)
    boundary: str = ""


def _text_part(
    text: str,
    subtype: str,
    charset: str,
    transfer: str,
    mailer: Mailer,
    rng: random.Random,
    label: str,
    flowed: bool,
) -> _Part:
    if subtype == "html":
        # The page's own declaration names the part's real charset, as mailers write it.
        text = text.replace("charset=utf-8", f"charset={label}", 1)
    if transfer in ("7bit", "8bit", "7bit-ascii") and subtype == "html":
        text = _wrap_long(text)
    data = encode_text(text, charset)
    if transfer == "7bit-ascii":
        transfer = "7bit" if data.isascii() else "quoted-printable"
    if transfer == "7bit" and not data.isascii():
        transfer = "8bit"
    q = '"' if mailer.quote_params else ""
    ctype = f"text/{subtype}; charset={q}{label}{q}"
    if flowed and subtype == "plain":
        ctype += "; format=flowed"
        if rng.random() < 0.5:
            ctype += "; delsp=yes"
    headers = [("Content-Type", ctype)]
    if transfer != "7bit" or rng.random() < 0.85:
        headers.append(("Content-Transfer-Encoding", transfer))
    return _Part(headers, _transfer(data, transfer, rng.choice(mailer.b64_width)))


def _attachment_part(
    att: Attachment, style: _HeaderStyle, rng: random.Random, mailer: Mailer
) -> _Part:
    name = att.filename
    if name.isascii():
        params_type = f'{att.content_type}; name="{name}"'
        disp = f'attachment; filename="{name}"'
    else:
        how = rng.random()
        if how < 0.45:
            # RFC 2047 inside quotes: what Outlook and most Japanese mailers write.
            enc = "".join(_word_chunks(name, style.charset, "B", style.label))
            params_type = f'{att.content_type}; name="{enc}"'
            disp = f'attachment; filename="{enc}"'
        else:
            # RFC 2231 (Thunderbird, Gmail), with an RFC 2047 name= for older readers.
            raw = name.encode("utf-8")
            pct = "".join(
                chr(b)
                if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._")
                else f"%{b:02X}"
                for b in raw
            )
            enc = "".join(_word_chunks(name, "utf-8", "B", "UTF-8"))
            params_type = f'{att.content_type}; name="{enc}"'
            disp = f"attachment; filename*={rng.choice(('UTF-8', 'utf-8'))}''{pct}"
    headers = [("Content-Type", params_type), ("Content-Disposition", disp)]
    if name.isascii() and rng.random() < 0.3:
        headers.append(("Content-Description", name))
    headers.append(("Content-Transfer-Encoding", "base64"))
    if mailer.name.startswith("outlook"):
        headers.insert(
            1,
            (
                "Content-ID",
                f"<{_hex(rng, 10)}@{rng.choice(('jpnprd01', 'namprd11'))}.prod.outlook.com>",
            ),
        )
    return _Part(headers, _transfer(att.data, "base64", 76))


def _serialise(part: _Part, style: _HeaderStyle, out: list[str], top: bool = False) -> None:
    if not top:
        for name, value in part.headers:
            out.append(f"{name}: {value}")
        out.append("")
    if part.children:
        if part.body:
            out.append(part.body.decode("ascii"))
        for child in part.children:
            out.append(f"--{part.boundary}")
            _serialise(child, style, out)
        out.append(f"--{part.boundary}--")
        out.append("")
    else:
        out.append(part.body.decode("latin-1").rstrip("\n"))


def compose(
    *,
    rng: random.Random,
    mailer: Mailer,
    charset: str,
    transfer: str,
    sender: Address,
    to: Sequence[Address],
    subject: str,
    date: datetime,
    text: str | None = None,
    html: str | None = None,
    cc: Sequence[Address] = (),
    reply_to: Address | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    headers: Sequence[tuple[str, str]] = (),
    message_id: str | None = None,
    offset_minutes: int = 540,
) -> bytes:
    """Write one message as bytes.

    Parameters
    ----------
    rng : random.Random
        Source of every variation (labels' case, boundaries, ids, line endings).
    mailer : Mailer
        The program whose habits the message shows.
    charset, transfer : str
        Canonical charset (a key of :data:`CHARSETS`) and transfer encoding of the
        text parts (``"7bit"``, ``"8bit"``, ``"base64"``, ``"quoted-printable"``, or
        ``"7bit-ascii"``: 7bit when the text is ASCII, else quoted-printable).
        Headers use the same charset.
    sender, to, cc, reply_to : (name, address)
        Display names may be Japanese; they are RFC 2047-encoded.
    subject : str
        Unencoded subject.
    date : datetime
        Aware datetime of sending.
    text, html : str or None
        Body renderings; with both the message is ``multipart/alternative``.
    in_reply_to, references : str
        Message-IDs without angle brackets.
    attachments : sequence of Attachment
        Makes the message ``multipart/mixed``.
    headers : sequence of (name, value)
        Further ASCII headers (``List-Unsubscribe``, ``X-Priority``, ...).
    message_id : str or None
        Without angle brackets; made in the mailer's shape when ``None``.
    offset_minutes : int
        The sender's UTC offset for the Date header (540 = JST).

    Returns
    -------
    bytes
        The message; lines end in LF, or CRLF for a share of mailers' output.
    """
    if text is None and html is None:
        text = ""
    label = rng.choice(CHARSETS[charset][:2] if charset != "shift_jis" else CHARSETS[charset])
    if charset == "shift_jis" and rng.random() < 0.85:
        label = rng.choice(("Shift_JIS", "shift_jis"))
    if rng.random() < mailer.lower_labels:
        label = label.lower()
    ascii_ok = charset in ("us-ascii",)
    header_charset = "utf-8" if ascii_ok else charset
    header_label = label if not ascii_ok else "UTF-8"
    if charset in ("iso-8859-1", "windows-1252"):
        header_charset, header_label = charset, label
    encoding = (
        "Q" if (rng.random() < mailer.q_words or charset in ("iso-8859-1", "windows-1252")) else "B"
    )
    if charset in ("iso-2022-jp", "shift_jis"):
        encoding = "B"
    style = _HeaderStyle(header_charset, header_label, encoding, mailer.words, mailer.fold)
    quote_names = rng.random() < mailer.quote_encoded_names

    domain = sender[1].rpartition("@")[2]
    if message_id is None:
        japanese = charset in ("iso-2022-jp", "shift_jis") or not subject.isascii()
        message_id = make_message_id(rng, mailer.msgid, domain, date, ja=japanese)
    region = message_id.split(".")[-4] if message_id.endswith(".prod.outlook.com") else ""
    date_style = rng.choice(mailer.date_styles)
    if rng.random() < mailer.utc:
        date_style = "utc"
    flowed = rng.random() < mailer.flowed

    fields: dict[str, str] = {}
    fields["From"] = _address_header("From", [sender], style, quote_names)
    if to:
        fields["To"] = _address_header("To", list(to), style, quote_names)
    if cc:
        fields["Cc"] = _address_header("Cc", list(cc), style, quote_names)
    if reply_to:
        fields["Reply-To"] = _address_header("Reply-To", [reply_to], style, quote_names)
    fields["Subject"] = _text_header("Subject", subject, style)
    fields["Date"] = "Date: " + format_date(date, date_style, offset_minutes)
    msgid_name = next((h for h in mailer.order if h.lower() == "message-id"), "Message-ID")
    fields["Message-ID"] = f"{msgid_name}: <{message_id}>"
    if in_reply_to:
        fields["In-Reply-To"] = f"In-Reply-To: <{in_reply_to}>"
    if references:
        fields["References"] = _fold_ascii(
            "References", " ".join(f"<{r}>" for r in references), style.fold
        )
    mime_name = next((h for h in mailer.order if h.lower() == "mime-version"), "MIME-Version")
    fields["MIME-Version"] = f"{mime_name}: {rng.choice(mailer.mime_version)}"
    if mailer.agents:
        agent = rng.choice(mailer.agents)
        fields[agent[0]] = f"{agent[0]}: {agent[1]}"
    for name, value in mailer.extra:
        fields[name] = f"{name}: {value}"
    if mailer.extra_fn == "outlook":
        lang = (
            "ja-JP" if charset in ("iso-2022-jp", "shift_jis") or not subject.isascii() else "en-US"
        )
        fields["Thread-Topic"] = _text_header(
            "Thread-Topic",
            re.sub(r"^(?:(?:re|fw|fwd|返信|転送)\s*[:：]\s*)+", "", subject, flags=re.I),
            style,
        )
        fields["Thread-Index"] = (
            "Thread-Index: " + base64.b64encode(rng.randbytes(22 + 5 * len(references))).decode()
        )
        fields["Accept-Language"] = (
            f"Accept-Language: {lang}, en-US" if lang == "ja-JP" else "Accept-Language: en-US"
        )
        fields["Content-Language"] = f"Content-Language: {lang}"
        fields["X-MS-Has-Attach"] = "X-MS-Has-Attach: " + ("yes" if attachments else "")
        fields["X-MS-TNEF-Correlator"] = "X-MS-TNEF-Correlator: "
    elif mailer.name == "thunderbird" and rng.random() < 0.8:
        fields["Content-Language"] = "Content-Language: " + (
            "ja"
            if charset in ("iso-2022-jp", "shift_jis") or not subject.isascii()
            else rng.choice(("en-US", "en-GB"))
        )
    for name, value in headers:
        fields[name] = (
            _fold_ascii(name, value, style.fold)
            if value.isascii()
            else _text_header(name, value, style)
        )

    # Body structure.
    parts: list[_Part] = []
    if text is not None:
        parts.append(_text_part(text, "plain", charset, transfer, mailer, rng, label, flowed))
    if html is not None:
        parts.append(_text_part(html, "html", charset, transfer, mailer, rng, label, False))
    if len(parts) == 2:
        ctype, boundary = _multipart("alternative", mailer, rng, region)
        body = _Part([("Content-Type", ctype)], b"", parts, boundary)
    else:
        body = parts[0]
    if attachments:
        kids = [body] + [_attachment_part(a, style, rng, mailer) for a in attachments]
        ctype, boundary = _multipart("mixed", mailer, rng, region)
        body = _Part([("Content-Type", ctype)], b"", kids, boundary)
        if rng.random() < 0.4:
            body.body = b"This is a multi-part message in MIME format."

    for name, value in body.headers:
        fields[name] = f"{name}: {value}"

    order = [h for h in mailer.order if h in fields or h.lower() in {k.lower() for k in fields}]
    if mailer.kind != "person" and len(order) > 3 and rng.random() < 0.4:
        # Systems are configured and patched in many ways: two neighbours swap places.
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    known = {h.lower() for h in order}
    lines = []
    for name in order:
        key = next(k for k in fields if k.lower() == name.lower())
        lines.append(fields[key])
    for key, value in fields.items():
        if key.lower() not in known:
            lines.append(value)
    out: list[str] = ["\n".join(lines)]
    out.append("")
    _serialise(body, style, out, top=True)
    raw = "\n".join(out)
    if not raw.endswith("\n"):
        raw += "\n"
    data = raw.encode("latin-1")
    if rng.random() < mailer.crlf:
        data = data.replace(b"\n", b"\r\n")
    return data


def _multipart(
    subtype: str, mailer: Mailer, rng: random.Random, region: str = ""
) -> tuple[str, str]:
    """A multipart Content-Type value in the mailer's style, and its boundary."""
    boundary = _boundary(rng, mailer.boundary, region)
    q = '"' if mailer.quote_params or rng.random() < 0.6 else ""
    sep = "\n\t" if mailer.fold == "\t" else ("\n " if rng.random() < 0.5 else " ")
    return f"multipart/{subtype};{sep}boundary={q}{boundary}{q}", boundary
