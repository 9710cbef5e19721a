"""The spamd protocol: reading a request, and making each answer (SPAMC/SPAMD 1.5).

:func:`read_request` reads the request line, the headers and the message (bounded,
decompressed) from an :class:`asyncio.StreamReader` and refuses what spamd refuses
with a :class:`ProtocolError`; :func:`answer_scan` classifies a message through filter
mode's own code and makes the whole answer to CHECK, SYMBOLS, REPORT, REPORT_IFSPAM,
PROCESS or HEADERS; :func:`answer_tell` answers TELL.  The commands, the error codes
and the decisions behind the answers are in :mod:`spamkit.integrations.spamd`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..filter import DEFAULT_MAX_BYTES, ClassifierLike, filter_stream
from ..spamheaders import fired_names, report_lines

if TYPE_CHECKING:
    from ...classifier import Verdict
    from ...rules import RuleHit

__all__ = [
    "COMMANDS",
    "DEFAULT_MAX_SIZE",
    "EX",
    "PROTOCOL_VERSION",
    "SCAN_COMMANDS",
    "ClientGone",
    "ProtocolError",
    "Reply",
    "RequestHead",
    "answer_scan",
    "answer_tell",
    "error_reply",
    "printable",
    "read_request",
    "spam_value",
    "status_line",
]

log = logging.getLogger(__name__)

#: The protocol version this server speaks (SpamAssassin 3.3 onwards).
PROTOCOL_VERSION = "1.5"
#: Largest message accepted, after decompression (see the module notes).
DEFAULT_MAX_SIZE = DEFAULT_MAX_BYTES

#: sysexits.h codes, as spamd's ``%resphash``.
EX = {
    "EX_OK": 0,
    "EX_USAGE": 64,
    "EX_DATAERR": 65,
    "EX_NOINPUT": 66,
    "EX_NOUSER": 67,
    "EX_NOHOST": 68,
    "EX_UNAVAILABLE": 69,
    "EX_SOFTWARE": 70,
    "EX_OSERR": 71,
    "EX_OSFILE": 72,
    "EX_CANTCREAT": 73,
    "EX_IOERR": 74,
    "EX_TEMPFAIL": 75,
    "EX_PROTOCOL": 76,
    "EX_NOPERM": 77,
    "EX_CONFIG": 78,
    "EX_TIMEOUT": 79,
}
EX_OK, EX_DATAERR, EX_UNAVAILABLE, EX_SOFTWARE = 0, 65, 69, 70
EX_TEMPFAIL, EX_PROTOCOL, EX_TIMEOUT = 75, 76, 79

SCAN_COMMANDS = frozenset({"CHECK", "SYMBOLS", "REPORT", "REPORT_IFSPAM", "PROCESS", "HEADERS"})
COMMANDS = SCAN_COMMANDS | {"PING", "SKIP", "TELL"}

#: spamd reads at most 255 request headers; a line longer than this is not a header.
MAX_HEADERS = 255
MAX_LINE = 8192

_REQUEST_LINE = re.compile(rb"([A-Z_]{1,20}) SPAMC/(\d{1,3})\.(\d{1,3})\r?\n")
_DIGITS = re.compile(r"\d{1,15}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


# ---------------------------------------------------------------------------
# requests


class ProtocolError(Exception):
    """A request the server refuses: answered with one status line, then the connection closes.

    Parameters
    ----------
    code : int
        The sysexits code (:data:`EX`).
    text : str
        What follows the code on the status line, e.g. ``Bad header line: (...)``.
    """

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text

    def response(self) -> bytes:
        """The status line that answers the request."""
        return status_line(self.code, printable(self.text, 300))


def _bad(detail: str) -> ProtocolError:
    """spamd's wording for every malformed request."""
    return ProtocolError(EX_PROTOCOL, f"Bad header line: ({detail})")


class ClientGone(Exception):
    """The client closed the connection before sending a request line (a port probe)."""


@dataclass
class RequestHead:
    """The request line and headers of one request (the message body is read apart)."""

    command: str
    version: tuple[int, int]
    content_length: int | None = None
    user: str | None = None
    compress: bool = False
    message_class: str | None = None
    set_local: bool = False
    set_remote: bool = False
    remove_local: bool = False
    remove_remote: bool = False

    @property
    def has_headers(self) -> bool:
        """Whether the client sends headers and a blank line (spamd decides by version)."""
        if self.command == "TELL":
            return True
        if self.command in ("PING", "SKIP"):
            return self.version >= (1, 5)  # SpamAssassin bug 6187
        return self.version > (1, 0)

    def add_header(self, name: str, value: str) -> None:
        """Record one request header, refusing values spamd refuses; unknown names are ignored."""
        key = name.strip().lower()
        if key == "content-length":
            if not _DIGITS.fullmatch(value.strip()):
                raise _bad("Content-Length contains non-numeric bytes")
            self.content_length = int(value.strip())
        elif key == "user":
            if _CONTROL.search(value):
                raise _bad("User header contains control chars")
            self.user = value.strip()
        elif key == "compress":
            if "zlib" not in value.lower():
                raise _bad(f"compression type not supported: {value.strip()}")
            self.compress = True
        elif key == "message-class":
            if value.strip().lower() not in ("spam", "ham"):
                raise _bad("Message-class header contains invalid class")
            self.message_class = value.strip().lower()
        elif key in ("set", "remove"):
            local, remote = "local" in value.lower(), "remote" in value.lower()
            if key == "set":
                self.set_local, self.set_remote = local, remote
            else:
                self.remove_local, self.remove_remote = local, remote


async def _readline(reader: asyncio.StreamReader) -> bytes:
    try:
        return await reader.readline()
    except ValueError as exc:  # the StreamReader's limit: no line ending within MAX_LINE
        raise _bad("line too long") from exc


async def read_request(
    reader: asyncio.StreamReader,
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    allow_tell: bool = False,
    on_head: Callable[[RequestHead], None] | None = None,
) -> tuple[RequestHead, bytes]:
    """Read one request: request line, headers and message (decompressed).

    Parameters
    ----------
    reader : asyncio.StreamReader
        The connection; its ``limit`` bounds the length of a line.
    max_size : int
        Largest message accepted, in bytes after decompression.
    allow_tell : bool
        Whether TELL is enabled; if not, TELL is refused before its message is read.
    on_head : callable or None
        Called with the head as soon as the request line is read (the headers fill it
        in later), so a caller that gives up still knows what was asked.

    Returns
    -------
    (RequestHead, bytes)
        The parsed head and the message (empty for PING and SKIP).

    Raises
    ------
    ProtocolError
        The request is malformed, too big, or refused.
    ClientGone
        The connection closed before a request line.
    """
    line = await _readline(reader)
    if not line:
        raise ClientGone
    match = _REQUEST_LINE.fullmatch(line)
    if not match or match.group(1).decode() not in COMMANDS:
        raise ProtocolError(EX_PROTOCOL, "Bad header line: " + printable(line.decode("latin-1")))
    head = RequestHead(match.group(1).decode(), (int(match.group(2)), int(match.group(3))))
    if on_head is not None:
        on_head(head)
    if head.has_headers:
        for _ in range(MAX_HEADERS + 1):
            line = await _readline(reader)
            if not line:
                raise _bad("EOF during headers")
            text = line.rstrip(b"\r\n").decode("latin-1")
            if not text:
                break
            name, colon, value = text.partition(":")
            if not colon:
                raise _bad("header not in 'Name: value' format")
            head.add_header(name, value)
        else:
            raise _bad("too many headers")
    if head.command in ("PING", "SKIP"):
        return head, b""
    if head.command == "TELL":
        if not allow_tell:
            # spamd's own words, so scripts written for spamd recognise the refusal
            raise ProtocolError(
                EX_UNAVAILABLE,
                "Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.",
            )
        if head.set_local and head.remove_local:
            raise _bad("Unable to set local and remove local in the same operation.")
        if head.set_local and head.message_class is None:
            raise _bad("Set: local needs Message-class: spam or ham")
    return head, await _read_body(reader, head, max_size)


async def _read_body(reader: asyncio.StreamReader, head: RequestHead, max_size: int) -> bytes:
    # zlib can grow incompressible data by 0.03 % plus a few bytes
    wire_limit = max_size + max_size // 1000 + 64 if head.compress else max_size
    if head.content_length is not None:
        if head.content_length > wire_limit:
            raise ProtocolError(
                EX_DATAERR,
                f"Message too big: {head.content_length} bytes, the limit is {max_size}",
            )
        try:
            data = await reader.readexactly(head.content_length)
        except asyncio.IncompleteReadError as exc:
            raise _bad(
                f"Content-Length mismatch: Expected {head.content_length} bytes,"
                f" got {len(exc.partial)} bytes"
            ) from None
    elif head.compress:
        raise _bad("Compress requires Content-length header")
    else:
        chunks, size = [], 0
        while chunk := await reader.read(1 << 16):
            size += len(chunk)
            if size > max_size:
                raise ProtocolError(
                    EX_DATAERR, f"Message too big: more than {max_size} bytes, the limit"
                )
            chunks.append(chunk)
        data = b"".join(chunks)
    if head.compress:
        data = _inflate(data, max_size)
    return data


def _inflate(data: bytes, max_size: int) -> bytes:
    """Undo ``Compress: zlib`` (zlib format, as spamc -z and aiospamc send), bounded."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, max_size + 1)
    except zlib.error as exc:
        raise ProtocolError(EX_DATAERR, f"zlib: {exc}") from None
    if len(out) > max_size:
        raise ProtocolError(
            EX_DATAERR, f"Message too big: more than {max_size} bytes after decompression"
        )
    if not inflater.eof:
        raise ProtocolError(EX_DATAERR, "zlib: the compressed data ends early")
    return out


# ---------------------------------------------------------------------------
# answers


def status_line(code: int = EX_OK, text: str = "EX_OK") -> bytes:
    return f"SPAMD/{PROTOCOL_VERSION} {code} {text}\r\n".encode("ascii", "replace")


def printable(text: str, limit: int = 100) -> str:
    text = re.sub(r"[^\x20-\x7e]", "?", text.rstrip("\r\n"))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _score_text(value: float) -> str:
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def spam_value(verdict: Verdict) -> str:
    """The value of the ``Spam:`` header: ``True ; 6.790 / 0.745``.

    Three decimals; the numbers always agree with the label, because Exim decides
    from ``score >= threshold`` alone (see the module notes).

    Examples
    --------
    >>> from spamkit.classifier import Verdict
    >>> spam_value(Verdict("ham", 0.5, 0.74495, 0.745, []))
    'False ; 0.744 / 0.745'
    >>> spam_value(Verdict("spam", 0.99, 6.7912, 0.745, []))
    'True ; 6.791 / 0.745'
    """
    score = verdict.score if math.isfinite(verdict.score) else 0.0
    threshold = verdict.threshold if math.isfinite(verdict.threshold) else 0.0
    shown_threshold = _score_text(threshold)
    shown = _score_text(score)
    if verdict.is_spam and float(shown) < float(shown_threshold):
        shown = shown_threshold
    elif not verdict.is_spam and float(shown) >= float(shown_threshold):
        shown = _score_text(float(shown_threshold) - 0.001)
    return f"{'True' if verdict.is_spam else 'False'} ; {shown} / {shown_threshold}"


def _report_text(verdict: Verdict, shown: str) -> bytes:
    score, threshold = (part.strip() for part in shown.split(";", 1)[1].split("/"))
    lines = report_lines(verdict)
    verb = "has identified" if verdict.is_spam else "has NOT identified"
    what = "as possible spam" if verdict.is_spam else "as spam"
    text = [
        f"spamkit {verb} this incoming email {what}.",
        "",
        f"Content analysis details:   ({score} points, {threshold} required)",
        "",
        *(lines or ["(no rules fired)"]),
    ]
    return ("\n".join(text) + "\n").encode("utf-8", "replace")


def _header_block(message: bytes) -> bytes:
    """Up to and including the first blank line, as spamd cuts HEADERS (and spamc splits)."""
    found = _BLANK_LINE.search(message)
    return message[: found.end()] if found else message


@dataclass(frozen=True)
class Reply:
    """A complete answer, made in a worker, and what the log line says about it."""

    data: bytes
    label: str = ""
    score: float | None = None
    threshold: float | None = None
    code: int = EX_OK
    error: str = ""


def error_reply(code: int, text: str) -> Reply:
    return Reply(status_line(code, printable(text, 300)), code=code, error=text)


class _Recorder:
    """Passes ``classify`` through and keeps the verdict, so filter mode's own code runs."""

    def __init__(self, classifier: ClassifierLike) -> None:
        self.classifier = classifier
        self.verdict: Verdict | None = None
        self.error = ""

    def classify(self, message: bytes, *, extra_hits: Sequence[RuleHit] = ()) -> Verdict:
        try:
            if extra_hits:
                self.verdict = self.classifier.classify(message, extra_hits=extra_hits)
            else:  # a stand-in classifier may take the message alone
                self.verdict = self.classifier.classify(message)
        except Exception as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            raise
        return self.verdict


def answer_scan(
    command: str,
    version: tuple[int, int],
    raw: bytes,
    classifier: ClassifierLike,
    *,
    classify_bytes: int = DEFAULT_MAX_BYTES,
) -> Reply:
    """Classify ``raw`` and make the whole answer to a CHECK/SYMBOLS/REPORT/.../HEADERS request.

    The message goes through :func:`spamkit.integrations.filter.filter_stream`, the code
    of ``spamkit filter``: PROCESS answers exactly what ``spamkit filter`` would print.

    Parameters
    ----------
    command : str
        One of :data:`SCAN_COMMANDS`.
    version : (int, int)
        The request's protocol version; older clients get spamd's older answers.
    raw : bytes
        The message as received.
    classifier : object with ``classify``
        :class:`spamkit.Classifier` or a stand-in.
    classify_bytes : int
        Only this prefix is classified (the rest passes through), as in filter mode.

    Returns
    -------
    Reply
        The bytes to send, plus label and score for the log.

    Examples
    --------
    >>> from spamkit.classifier import Verdict
    >>> class Ham:
    ...     def classify(self, raw):
    ...         return Verdict("ham", 0.1, -2.2, 0.5, [])
    >>> answer_scan("CHECK", (1, 5), b"Subject: hi\\n\\nhello\\n", Ham()).data
    b'SPAMD/1.5 0 EX_OK\\r\\nSpam: False ; -2.200 / 0.500\\r\\n\\r\\n'
    """
    recorder = _Recorder(classifier)
    out = io.BytesIO()
    filter_stream(io.BytesIO(raw), out, recorder, max_bytes=classify_bytes)
    verdict = recorder.verdict
    if verdict is None:
        return error_reply(EX_SOFTWARE, f"Internal error: {recorder.error or 'no verdict'}")
    shown = spam_value(verdict)
    spam = f"Spam: {shown}"
    body: bytes | None
    if command in ("PROCESS", "HEADERS"):
        body = out.getvalue()
        if command == "HEADERS":
            body = _header_block(body)
        if version >= (1, 3):
            headers = [f"Content-length: {len(body)}", spam]
        elif version >= (1, 2):
            headers = [f"Content-length: {len(body)}"]
        else:  # SPAMC/1.0 and 1.1 clients read the message right after the status line
            return _scan_reply(verdict, status_line() + body)
    elif command == "CHECK":
        headers, body = [spam], None
    else:
        if command == "SYMBOLS":
            body = ",".join(fired_names(verdict)).encode("ascii", "replace")
            if version < (1, 3):
                body += b"\r\n"
        elif command == "REPORT" or verdict.is_spam:
            body = _report_text(verdict, shown)
        else:
            body = b""  # REPORT_IFSPAM of a ham
        headers = [f"Content-length: {len(body)}", spam] if version >= (1, 3) else [spam]
    head = "".join(f"{line}\r\n" for line in headers) + "\r\n"
    return _scan_reply(verdict, status_line() + head.encode("ascii") + (body or b""))


def _scan_reply(verdict: Verdict, data: bytes) -> Reply:
    return Reply(data, verdict.label, verdict.score, verdict.threshold)


def answer_tell(did_set: list[str], did_remove: list[str]) -> bytes:
    """The answer to TELL: ``DidSet``/``DidRemove`` name what was done, nothing else follows."""
    headers = ""
    if did_set:
        headers += f"DidSet: {','.join(did_set)}\r\n"
    if did_remove:
        headers += f"DidRemove: {','.join(did_remove)}\r\n"
    return status_line() + headers.encode("ascii") + b"\r\n"
