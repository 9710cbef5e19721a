"""A daemon that speaks SpamAssassin's spamd protocol, so spamd's clients use spamkit unchanged.

``spamc``, Exim's ``spam =`` condition, MUA plugins and ``aiospamc`` talk to spamd
over a small HTTP-like protocol (SpamAssassin's ``spamd/PROTOCOL``; what spamd 4.0.1
and libspamc actually send is the reference where the document is vague)::

    client → CHECK SPAMC/1.5\\r\\n                  one request per connection
             Content-length: 437\\r\\n             User:, Compress: zlib, and for TELL
             \\r\\n                                 Message-class:, Set:, Remove: may follow
             <437 bytes of message>              then the client shuts down its side
    server → SPAMD/1.5 0 EX_OK\\r\\n
             Spam: True ; 6.790 / 0.745\\r\\n      score / threshold
             \\r\\n                                 and closes

=============  ==============================================================
command        body of the answer (``Content-length`` and ``Spam:`` headers)
=============  ==============================================================
PING           none: the status line is ``SPAMD/1.5 0 PONG``
SKIP           no answer at all (the client changed its mind)
CHECK          none, only the ``Spam:`` header
SYMBOLS        the names of the rules that fired, comma-separated (as in
               ``X-Spam-Status: ... tests=``)
REPORT         a report: the ``X-Spam-Report`` lines of ``spamkit filter``
REPORT_IFSPAM  the report if spam, else nothing
PROCESS        the message as ``spamkit filter`` writes it: the same bytes,
               ``X-Spam-*`` headers added, forged ``X-Spam-*`` renamed
HEADERS        PROCESS up to and including the blank line after the headers
TELL           none; ``DidSet: local`` when the message was learned
=============  ==============================================================

Older request versions get spamd's older answers: below SPAMC/1.3 no ``Content-length``
and ``Spam:`` pair on SYMBOLS/REPORT (Exim still sends ``REPORT SPAMC/1.2``), below
1.2 a bare PROCESS answer, below 1.5 no blank line after PING.

Errors answer one status line and close, as spamd does: ``SPAMD/1.5 76 Bad header
line: (...)`` (sysexits ``EX_PROTOCOL``) for a malformed request, 65 ``EX_DATAERR``
for a message over the size limit or undecodable compressed data, 69
``EX_UNAVAILABLE`` for TELL when learning is off, 79 ``EX_TIMEOUT`` for a client too
slow to send or a scan too slow to finish, 70 ``EX_SOFTWARE`` for an internal
error, 75 ``EX_TEMPFAIL`` when no worker is free to take the message.  libspamc does
not read the code: after an error line ``spamc -x`` exits 74 (``EX_IOERR``) and
plain ``spamc`` passes the message through unchanged; aiospamc raises the matching
exception.

Decisions (measured or read 2026-11-29):

* Scores carry three decimals (``X-Spam-Score``'s precision; ``spamc -c`` prints one).
  Exim does not read ``True``/``False``: it calls a message spam when
  ``score >= threshold`` as numbers (``spam_rc`` in Exim's ``src/spam.c``), so a ham
  whose rounded score would reach the rounded threshold is shown 0.001 below it,
  as SpamAssassin's ``get_tag_value_for_score`` does at one decimal.  The numbers
  always agree with the label.
* ``REPORT_IFSPAM`` answers ``True``/``False`` like every other command, as the
  PROTOCOL document says.  spamd 4.0.1 answers ``Yes``/``No`` there, which libspamc's
  ``strcasecmp("true", ...)`` reads as not spam, so ``spamc -r`` loses the
  ``score/threshold`` line its manual promises (checked with Debian's spamd and spamc
  4.0.1 on GTUBE: ``-R`` prints ``1002.5/5.0`` first, ``-r`` does not).  The other
  answers and error lines were compared with that spamd byte for byte, but for the
  version on the status line.
* Every status line says ``SPAMD/1.5``, the protocol implemented (spamd mixes 1.0,
  1.1 and 1.5).  libspamc accepts any version >= 1.0, Exim reads ``%7s``, aiospamc any.
* The request's ``Content-length`` bytes are read, no more: SpamAssassin's own Perl
  client (``Mail::SpamAssassin::Client``) sends a CRLF after the message.  Without
  ``Content-length`` the message runs until the client shuts down its side.
* Size limit: 1 MiB by default, the prefix ``spamkit filter`` classifies.  spamc itself
  never sends more than its ``-s`` limit (500 KB by default); over the limit the
  server answers 65, the code libspamc uses for a message too big to send.
* Corrupt ``Compress: zlib`` data gets 65, not spamd's 69: ``spamc -X`` turns 69
  into a temporary failure, and a message that cannot be decoded never will be.
* TELL learns with :func:`spamkit.pipeline.learn_messages` (``Set: local``).
  Forgetting (``Remove: local``) and the remote databases (``Set/Remove: remote``)
  are not supported: the answer leaves them out of ``DidSet``/``DidRemove``, which
  is how the protocol says an action did not happen.  The same message told twice
  with the same class is learned once (spamd's Bayes store does the same).

How it runs: one asyncio process accepts connections and speaks the protocol;
``workers`` processes (each loads the model once, started by a fork server that
imported spamkit once) classify and write the whole answer; with TELL enabled one
more process holds the model being learned and hands the changed arrays to the
workers.  At most ``max_connections`` connections are open; the rest wait in the
kernel's listen queue.  SIGHUP starts a new set of workers on the model as it is
on disk now and swaps them in only once all loaded (a broken model keeps the old
set serving, with one log line).  SIGTERM and SIGINT stop accepting, let the open
connections finish and exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import hashlib
import io
import ipaddress
import logging
import math
import multiprocessing
import os
import re
import shutil
import signal
import socket
import stat
import tempfile
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, ModelError
from .filter import DEFAULT_MAX_BYTES, ClassifierLike, filter_stream, spam_headers

if TYPE_CHECKING:
    from ..classifier import Verdict
    from ..model import SpamModel

__all__ = [
    "DEFAULT_LISTEN",
    "DEFAULT_MAX_SIZE",
    "EX",
    "PROTOCOL_VERSION",
    "ListenAddress",
    "ProtocolError",
    "Reply",
    "RequestHead",
    "ServeOptions",
    "SpamdServer",
    "answer_scan",
    "parse_listen",
    "read_request",
    "save_model_atomically",
    "serve",
    "spam_value",
]

log = logging.getLogger(__name__)

#: The protocol version this server speaks (SpamAssassin 3.3 onwards).
PROTOCOL_VERSION = "1.5"
#: spamd's port, and where spamc connects by default.
DEFAULT_LISTEN = "127.0.0.1:783"
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
_TESTS = re.compile(r"tests=(\S*)")


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
        return _status(self.code, _printable(self.text, 300))


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
        raise ProtocolError(EX_PROTOCOL, "Bad header line: " + _printable(line.decode("latin-1")))
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


def _status(code: int = EX_OK, text: str = "EX_OK") -> bytes:
    return f"SPAMD/{PROTOCOL_VERSION} {code} {text}\r\n".encode("ascii", "replace")


def _printable(text: str, limit: int = 100) -> str:
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


def _tests_and_report(verdict: Verdict) -> tuple[str, list[str]]:
    """SYMBOLS and REPORT from the very headers ``spamkit filter`` writes, so they never differ."""
    fields = {line.split(":", 1)[0]: line for line in spam_headers(verdict)}
    # a fold after "NAME," continues the list; a fold anywhere else stood for a space
    status = re.sub(r",\n\t", ",", fields.get("X-Spam-Status", "")).replace("\n\t", " ")
    found = _TESTS.search(status)
    tests = found.group(1) if found and found.group(1) != "none" else ""
    report = fields.get("X-Spam-Report", "X-Spam-Report: none").split("\n")[1:]
    return tests, [line[1:] if line.startswith("\t") else line for line in report]


def _report_text(verdict: Verdict, shown: str) -> bytes:
    score, threshold = (part.strip() for part in shown.split(";", 1)[1].split("/"))
    _, lines = _tests_and_report(verdict)
    verb = "has identified" if verdict.is_spam else "has NOT identified"
    what = "as possible spam" if verdict.is_spam else "as spam"
    text = [
        f"spamkit {verb} this incoming email {what}.",
        "",
        f"Content analysis details:   ({score} points, {threshold} required)",
        "",
        *(lines or ["(no rules fired)"]),
    ]
    return ("\n".join(text) + "\n").encode("ascii", "replace")


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


def _error_reply(code: int, text: str) -> Reply:
    return Reply(_status(code, _printable(text, 300)), code=code, error=text)


class _Recorder:
    """Passes ``classify`` through and keeps the verdict, so filter mode's own code runs."""

    def __init__(self, classifier: ClassifierLike) -> None:
        self.classifier = classifier
        self.verdict: Verdict | None = None
        self.error = ""

    def classify(self, message: bytes) -> Verdict:
        try:
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
        return _error_reply(EX_SOFTWARE, f"Internal error: {recorder.error or 'no verdict'}")
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
            return _scan_reply(verdict, _status() + body)
    elif command == "CHECK":
        headers, body = [spam], None
    else:
        if command == "SYMBOLS":
            body = _tests_and_report(verdict)[0].encode("ascii", "replace")
            if version < (1, 3):
                body += b"\r\n"
        elif command == "REPORT" or verdict.is_spam:
            body = _report_text(verdict, shown)
        else:
            body = b""  # REPORT_IFSPAM of a ham
        headers = [f"Content-length: {len(body)}", spam] if version >= (1, 3) else [spam]
    head = "".join(f"{line}\r\n" for line in headers) + "\r\n"
    return _scan_reply(verdict, _status() + head.encode("ascii") + (body or b""))


def _scan_reply(verdict: Verdict, data: bytes) -> Reply:
    return Reply(data, verdict.label, verdict.score, verdict.threshold)


def answer_tell(did_set: list[str], did_remove: list[str]) -> bytes:
    """The answer to TELL: ``DidSet``/``DidRemove`` name what was done, nothing else follows."""
    headers = ""
    if did_set:
        headers += f"DidSet: {','.join(did_set)}\r\n"
    if did_remove:
        headers += f"DidRemove: {','.join(did_remove)}\r\n"
    return _status() + headers.encode("ascii") + b"\r\n"


# ---------------------------------------------------------------------------
# saving what TELL learned


_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(directory: Path) -> None:
    for path in directory.iterdir():
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
    _fsync_dir(directory)


def save_model_atomically(model: SpamModel, directory: str | os.PathLike[str]) -> Path:
    """Save ``model`` so that ``directory`` holds the old model or the new one, never a mix.

    The model is written to a new directory beside ``directory``, flushed to disk, and
    swapped in with one ``renameat2(RENAME_EXCHANGE)`` (Linux); where the file system
    cannot exchange, the old directory is renamed aside first (a reader may then find
    no model for an instant, never a mixed one).  Other files of the old directory
    (the model card) are copied over; its permissions are kept.

    Parameters
    ----------
    model : SpamModel
    directory : path
        Created if missing; may be the directory the model was loaded from.  A
        symbolic link stays one: the directory it points to is replaced.

    Returns
    -------
    Path
        The directory written (``directory``, or where its link points).
    """
    from ..model import save_model

    target = Path(directory)
    if target.is_symlink():
        target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        raise ModelError(f"{target}: exists and is not a directory")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        save_model(model, tmp)
        if target.is_dir():
            for extra in target.iterdir():
                if extra.is_file() and extra.name not in ("model.json", "arrays.npz"):
                    shutil.copy2(extra, tmp / extra.name)
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        else:
            os.chmod(tmp, 0o755)
        _fsync_tree(tmp)
        if not target.exists():
            os.rename(tmp, target)
        elif _exchange(tmp, target):
            shutil.rmtree(tmp)  # now the old model
        else:
            aside = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, aside)
            os.rename(tmp, target)
            shutil.rmtree(aside, ignore_errors=True)
        _fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


# ---------------------------------------------------------------------------
# where to listen


@dataclass(frozen=True)
class ListenAddress:
    """``unix:PATH`` or ``HOST:PORT``, parsed by :func:`parse_listen`."""

    path: str | None = None
    host: str | None = None
    port: int | None = None

    def __str__(self) -> str:
        if self.path is not None:
            return f"unix:{self.path}"
        host = f"[{self.host}]" if ":" in (self.host or "") else self.host
        return f"{host}:{self.port}"


def parse_listen(text: str) -> ListenAddress:
    """Parse ``unix:PATH``, ``HOST:PORT`` or ``[IPV6]:PORT`` (port 0: any free port).

    The host must be given: an empty one would mean every interface, and a server
    reachable from other hosts is never made by default.

    Examples
    --------
    >>> parse_listen("127.0.0.1:783")
    ListenAddress(path=None, host='127.0.0.1', port=783)
    >>> parse_listen("[::1]:7830").host
    '::1'
    >>> parse_listen("unix:/run/spamkit.sock").path
    '/run/spamkit.sock'
    """
    if text.startswith("unix:"):
        if not text[5:]:
            raise ConfigError("--listen unix:PATH needs a path")
        return ListenAddress(path=text[5:])
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([^:\[\]\s]+):(\d{1,5})", text)
    if not match:
        raise ConfigError(
            f"--listen {text!r}: expected unix:PATH or HOST:PORT (e.g. 127.0.0.1:783)"
        )
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    if port > 65535:
        raise ConfigError(f"--listen {text!r}: no such port")
    return ListenAddress(host=host, port=port)


def _bind_unix(path: str, mode: int) -> socket.socket:
    if os.path.lexists(path):
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            raise ConfigError(f"{path}: exists and is not a socket")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(path)
            except (ConnectionRefusedError, FileNotFoundError):
                os.unlink(path)  # left behind by a server that is gone
            else:
                raise ConfigError(f"{path}: another server is listening there")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # never reachable with wider rights than asked, even briefly
    try:
        sock.bind(path)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on unix:{path}: {exc.strerror or exc}") from exc
    finally:
        os.umask(old_umask)
    os.chmod(path, mode)
    return sock


def _bind_tcp(host: str, port: int) -> tuple[socket.socket, bool]:
    """Bind ``host:port``; also say whether every address it names is loopback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    family, _, _, _, address = infos[0]
    loopback = all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" if port < 1024 else ""
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from exc
    return sock, loopback


# ---------------------------------------------------------------------------
# worker processes


@dataclass(frozen=True)
class ServeOptions:
    """How ``spamkit serve`` runs (the CLI's options, one field each).

    Parameters
    ----------
    model : str or None
        Model directory; ``None``: the shipped default.  SIGHUP reloads it from here.
    threshold : float or None
        Overrides the model's threshold.
    rules : str or None
        A rules file overriding the shipped rule scores.
    workers : int
        Classifying processes (each loads the model once).
    max_connections : int
        Connections open at once; more wait in the kernel's listen queue.
    max_size : int
        Largest message accepted, in bytes (after decompression).
    read_timeout : float
        Seconds a client has to send its whole request (and to take the answer).
    scan_timeout : float
        Seconds a worker may take for one message before it is replaced (answer 79).
    allow_tell : bool
        Enable TELL (learning).
    tell_save : str or None
        Save the model to this directory after each TELL that learned something.
    socket_mode : int
        Permissions of a unix socket.
    log_level : int
        For the worker processes, as the server's.
    """

    model: str | None = None
    threshold: float | None = None
    rules: str | None = None
    workers: int = 2
    max_connections: int = 64
    max_size: int = DEFAULT_MAX_SIZE
    read_timeout: float = 30.0
    scan_timeout: float = 60.0
    allow_tell: bool = False
    tell_save: str | None = None
    socket_mode: int = 0o600
    log_level: int = logging.INFO


LOG_FORMAT = "%(asctime)s spamkit-serve %(levelname)s %(message)s"
_WORKER_LOG_FORMAT = "%(asctime)s spamkit-serve %(processName)s %(levelname)s %(message)s"
_START_TIMEOUT = 180.0  # seconds for a worker to import and load the model on a busy machine
_WARM_UP = "Subject: warm up\nFrom: a@example.org\n\nhello こんにちは http://example.org/\n"


class WorkerError(Exception):
    """A worker could not start (its model would not load) or died."""


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


class _ScanState:
    """A worker's classifier, loaded once, warmed up (MeCab, rule patterns) before serving."""

    def __init__(self, options: ServeOptions) -> None:
        from ..classifier import Classifier

        self.classifier = Classifier(
            options.model, threshold=options.threshold, rules=options.rules
        )
        answer_scan("CHECK", (1, 5), _WARM_UP.encode(), self.classifier)
        model = self.classifier.model
        self.info = {
            "threshold": self.classifier.threshold,
            "algorithm": model.algorithm,
            "updates": int(model.meta.get("incremental_updates", 0)),
        }

    def handle(self, message: tuple[Any, ...]) -> Any:
        if message[0] == "scan":
            _, command, version, raw = message
            try:
                return answer_scan(command, version, raw, self.classifier)
            except Exception as exc:  # answer_scan already passes classifier errors in-band
                log.exception("answering %s failed", command)
                return _error_reply(EX_SOFTWARE, f"Internal error: {_one_line(exc)}")
        if message[0] == "arrays":
            model = self.classifier.model
            model.set_arrays({**model.arrays_, **message[1]})
            return "ok"
        raise ValueError(f"unknown job {message[0]!r}")


@dataclass(frozen=True)
class TellResult:
    """What the learner did with one TELL."""

    learned: bool
    changed: dict[str, Any] = field(default_factory=dict)
    saved: str = ""
    error: str = ""


class _LearnState:
    """The model TELL teaches: train on error, then hand the changed arrays to the workers."""

    def __init__(self, options: ServeOptions) -> None:
        from ..model import load_model

        self.model = load_model(options.model)
        self.tell_save = options.tell_save
        self.seen: dict[str, int] = {}  # message digest -> the class it was learned as
        self.info = {"threshold": self.model.threshold, "algorithm": self.model.algorithm}

    def handle(self, message: tuple[Any, ...]) -> Any:
        if message[0] == "learn":
            return self.learn(message[1], message[2])
        if message[0] == "arrays":
            self.model.set_arrays({**self.model.arrays_, **message[1]})
            return "ok"
        raise ValueError(f"unknown job {message[0]!r}")

    def learn(self, raw: bytes, label: int) -> TellResult:
        import numpy as np

        from ..features import featurize
        from ..pipeline import learn_messages

        digest = hashlib.sha256(raw).hexdigest()
        if self.seen.get(digest) == label:
            return TellResult(False)
        before = dict(self.model.arrays_)
        try:
            learn_messages(self.model, featurize([raw]), [label])
        except Exception as exc:
            log.exception("learning failed")
            return TellResult(False, error=_one_line(exc))
        if len(self.seen) > 100_000:
            self.seen.clear()
        self.seen[digest] = label
        changed = {
            name: array
            for name, array in self.model.arrays_.items()
            if name not in before or not np.array_equal(before[name], array)
        }
        saved = ""
        if self.tell_save:
            try:
                saved = str(save_model_atomically(self.model, self.tell_save))
            except (OSError, ModelError) as exc:
                log.error("learned, but cannot save to %s: %s", self.tell_save, exc)
                return TellResult(True, changed, error=f"not saved: {_one_line(exc)}")
        return TellResult(True, changed, saved)


def _worker_main(conn: Any, options: ServeOptions, role: str) -> None:
    """A worker process: load once, say ready (or why not), answer jobs until told to stop."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_IGN)  # the server stops its workers itself, after draining
    logging.basicConfig(level=options.log_level, format=_WORKER_LOG_FORMAT)
    try:
        state: _ScanState | _LearnState = (
            _ScanState(options) if role == "scan" else _LearnState(options)
        )
    except Exception as exc:
        conn.send(("error", _one_line(exc)))
        conn.close()
        return
    conn.send(("ready", state.info))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        if message[0] == "stop":
            return
        try:
            reply = state.handle(message)
        except Exception as exc:
            log.exception("job %s failed", message[0])
            reply = WorkerError(_one_line(exc))
        conn.send(reply)


def _mp_context() -> multiprocessing.context.BaseContext:
    """A fork server that imported spamkit once: workers start fast and never inherit the event
    loop's threads, signal handlers and sockets (which plain ``fork`` would).

    Measured 2026-11-29 (2 workers, default model, 2 cores): a SIGHUP reload took
    0.6 s with the fork server against 1.4-2.2 s with ``spawn``; the idle process
    tree's PSS was 119 MB against 122 MB.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, "spamkit.model", "spamkit.rules", "spamkit.text"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Generation:
    """The workers started together on one load of the model."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.retired = False
        self.learner: _Worker | None = None
        self.arrays: dict[str, Any] = {}  # what TELL changed since this generation loaded
        self.arrays_version = 0
        self.info: dict[str, Any] = {}


class _Worker:
    """One worker process and the pipe to it (blocking calls: the pool runs them in threads)."""

    def __init__(
        self, ctx: Any, options: ServeOptions, role: str, generation: _Generation, name: str
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, options, role), name=name, daemon=True
        )
        self.process.start()
        child.close()
        self.role = role
        self.generation = generation
        self.arrays_version = 0

    def handshake(self, timeout: float) -> dict[str, Any]:
        if not self.conn.poll(timeout):
            raise WorkerError(f"{self.process.name} did not start within {timeout:.0f} s")
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            self.process.join(5)
            raise WorkerError(f"{self.process.name} exited ({self.process.exitcode})") from None
        if kind != "ready":
            raise WorkerError(payload)
        return payload

    def call(self, message: tuple[Any, ...]) -> Any:
        self.conn.send(message)
        reply = self.conn.recv()
        if isinstance(reply, WorkerError):
            raise reply
        return reply

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(("stop",))
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.process.kill()


class WorkerPool:
    """The worker processes of the running generation, and swapping in a new one on reload."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self._ctx = _mp_context()
        self._threads = ThreadPoolExecutor(
            max_workers=options.workers + 4, thread_name_prefix="spamkit-serve"
        )
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._lock = asyncio.Lock()  # one TELL or reload at a time
        self._background: set[asyncio.Task[Any]] = set()
        self._names = 0
        self.current = _Generation(0)

    async def _run(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._threads, function, *args)

    def _spawn(self, role: str, generation: _Generation) -> _Worker:
        self._names += 1
        name = f"{role}-{self._names}" if role == "learner" else f"worker-{self._names}"
        worker = _Worker(self._ctx, self.options, role, generation, name)
        self._all.add(worker)
        return worker

    async def _start_generation(self, number: int) -> _Generation:
        generation = _Generation(number)
        roles = ["scan"] * self.options.workers + (["learner"] if self.options.allow_tell else [])
        workers: list[_Worker] = []
        try:
            for role in roles:
                workers.append(await self._run(self._spawn, role, generation))
            results = await asyncio.gather(
                *(self._run(w.handshake, _START_TIMEOUT) for w in workers), return_exceptions=True
            )
        except BaseException:
            await self._stop_all(workers)
            raise
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            await self._stop_all(workers)
            raise WorkerError(str(failures[0]))
        generation.info = results[0]
        for worker in workers:
            if worker.role == "learner":
                generation.learner = worker
            else:
                self._idle.put_nowait(worker)
        return generation

    async def _stop_all(self, workers: list[_Worker]) -> None:
        await asyncio.gather(*(self._stop(w) for w in workers))

    async def _stop(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await self._run(worker.stop)

    def _later(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def start(self) -> dict[str, Any]:
        """Start the first generation; raises :class:`WorkerError` if the model does not load."""
        async with self._lock:
            self.current = await self._start_generation(1)
            return self.current.info

    async def _acquire(self) -> _Worker:
        while True:
            worker = await self._idle.get()
            if worker.generation.retired:
                self._later(self._stop(worker))
            elif not worker.process.is_alive():  # died while idle (OOM killer, kill -9)
                log.error(
                    "%s exited (%s); replacing it", worker.process.name, worker.process.exitcode
                )
                self._later(self._replace(worker))
            else:
                return worker

    def _release(self, worker: _Worker) -> None:
        if worker.generation.retired:
            self._later(self._stop(worker))
        else:
            self._idle.put_nowait(worker)

    async def scan(self, command: str, version: tuple[int, int], raw: bytes) -> Reply:
        """Answer one scan request on a free worker; never raises."""
        timeout = self.options.scan_timeout
        try:
            worker = await asyncio.wait_for(self._acquire(), timeout)
        except asyncio.TimeoutError:
            return _error_reply(EX_TEMPFAIL, f"Busy: no worker free within {timeout:g} seconds")
        generation = worker.generation
        try:
            if worker.arrays_version != generation.arrays_version:
                await self._run(worker.call, ("arrays", generation.arrays))
                worker.arrays_version = generation.arrays_version
            reply = await asyncio.wait_for(
                self._run(worker.call, ("scan", command, version, raw)), timeout
            )
        except asyncio.TimeoutError:
            worker.kill()
            self._later(self._replace(worker))
            log.error("%s: %s took over %g s; replaced", worker.process.name, command, timeout)
            return _error_reply(
                EX_TIMEOUT, f"Timeout: ({timeout:g} second timeout while trying to {command})"
            )
        except (EOFError, OSError, WorkerError) as exc:
            worker.kill()
            self._later(self._replace(worker))
            log.error("%s died during %s (%s); replaced", worker.process.name, command, exc)
            return _error_reply(EX_SOFTWARE, "Internal error: the worker died")
        self._release(worker)
        return reply

    async def _replace(self, dead: _Worker) -> None:
        """Start a worker in place of one that died or hung, on the same generation's model."""
        await self._stop(dead)
        generation, delay = dead.generation, 1.0
        while not generation.retired:
            worker = await self._run(self._spawn, dead.role, generation)
            try:
                await self._run(worker.handshake, _START_TIMEOUT)
                if generation.arrays:
                    await self._run(worker.call, ("arrays", generation.arrays))
                    worker.arrays_version = generation.arrays_version
            except (WorkerError, EOFError, OSError) as exc:
                await self._stop(worker)
                log.error("cannot restart a worker (retrying in %g s): %s", delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            if dead.role == "learner":
                generation.learner = worker
            else:
                self._release(worker)
            return

    async def tell(self, raw: bytes, label: int) -> TellResult:
        """Learn one message in the learner, then have the workers pick up the changed arrays."""
        async with self._lock:
            generation = self.current
            learner = generation.learner
            if learner is None:
                return TellResult(False, error="the learner is restarting")
            timeout = max(self.options.scan_timeout, 120.0)
            try:
                result: TellResult = await asyncio.wait_for(
                    self._run(learner.call, ("learn", raw, label)), timeout
                )
            except (asyncio.TimeoutError, EOFError, OSError, WorkerError) as exc:
                learner.kill()
                generation.learner = None
                self._later(self._replace(learner))
                return TellResult(False, error=f"the learner failed ({_one_line(exc)})")
            if result.changed:
                generation.arrays = {**generation.arrays, **result.changed}
                generation.arrays_version += 1
            return TellResult(result.learned, saved=result.saved, error=result.error)

    async def reload(self) -> bool:
        """Start workers on the model as it is on disk now; swap them in only if all loaded."""
        async with self._lock:
            old = self.current
            try:
                new = await self._start_generation(old.number + 1)
            except WorkerError as exc:
                log.error("reload failed, still serving the previous model: %s", exc)
                return False
            self.current = new
            old.retired = True
            keep = []
            while not self._idle.empty():  # no await in here: no request can slip in between
                worker = self._idle.get_nowait()
                if worker.generation is new:
                    keep.append(worker)
                else:
                    self._later(self._stop(worker))
            for worker in keep:
                self._idle.put_nowait(worker)
            if old.learner is not None:
                self._later(self._stop(old.learner))
            log.info("reloaded the model: %s", _describe(new.info, self.options))
            return True

    async def close(self) -> None:
        """Stop every worker (the connections have drained)."""
        for generation_task in list(self._background):
            generation_task.cancel()
        self.current.retired = True
        await self._stop_all(list(self._all))
        self._threads.shutdown(wait=False)


def _describe(info: dict[str, Any], options: ServeOptions) -> str:
    updates = f", {info['updates']} learned" if info.get("updates") else ""
    return (
        f"model {options.model or 'default'} ({info.get('algorithm')}{updates}),"
        f" threshold {info.get('threshold', 0.0):.3f}"
    )


# ---------------------------------------------------------------------------
# the server

#: Seconds spent discarding what a client still sends after its answer: closing a TCP
#: socket with unread input sends RST, which can destroy the answer on its way.
_LINGER = 2.0


@dataclass
class _Outcome:
    """What the one log line of a request says."""

    peer: str
    head: RequestHead | None = None
    size: int = 0
    reply: Reply | None = None
    code: int = EX_OK
    note: str = ""
    level: int = logging.INFO


def _peer(address: Any) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        return f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
    return "unix"


class SpamdServer:
    """The spamd-protocol server: listening socket, connections, signals and the worker pool.

    Parameters
    ----------
    listen : ListenAddress
    options : ServeOptions

    Examples
    --------
    >>> server = SpamdServer(parse_listen("127.0.0.1:0"), ServeOptions())  # doctest: +SKIP
    >>> server.bind()                                                      # doctest: +SKIP
    >>> asyncio.run(server.run())                                          # doctest: +SKIP
    """

    def __init__(self, listen: ListenAddress, options: ServeOptions) -> None:
        self.listen = listen
        self.options = options
        self.address = str(listen)
        self._sock: socket.socket | None = None
        self._unix_inode: int | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._stopping = False

    def bind(self) -> None:
        """Open the listening socket (before the workers load, so a busy port fails at once)."""
        if self.listen.path is not None:
            self._sock = _bind_unix(self.listen.path, self.options.socket_mode)
            self._unix_inode = os.stat(self.listen.path).st_ino
        else:
            assert self.listen.host is not None and self.listen.port is not None
            self._sock, loopback = _bind_tcp(self.listen.host, self.listen.port)
            port = self._sock.getsockname()[1]
            self.address = str(ListenAddress(host=self.listen.host, port=port))
            if not loopback:
                log.warning(
                    "listening on %s, which other hosts can reach: the spamd protocol has no"
                    " authentication, so let only your mail servers through a firewall",
                    self.address,
                )
        self._sock.listen(socket.SOMAXCONN)
        self._sock.setblocking(False)

    async def run(self) -> int:
        """Serve until SIGTERM or SIGINT, then drain and stop; returns the exit status 0.

        Raises
        ------
        ModelError
            The model does not load.
        """
        if self._sock is None:
            self.bind()
        assert self._sock is not None
        loop = asyncio.get_running_loop()
        self._slots = asyncio.Semaphore(self.options.max_connections)
        self._stop = asyncio.Event()
        self.pool = WorkerPool(self.options)
        # Handlers first: SIGHUP's default action would kill a server still loading;
        # a reload or stop asked for meanwhile waits until the workers are up.
        loop.add_signal_handler(signal.SIGHUP, self._on_reload)
        loop.add_signal_handler(signal.SIGTERM, self._on_stop, "SIGTERM")
        loop.add_signal_handler(signal.SIGINT, self._on_stop, "SIGINT")
        try:
            try:
                info = await self.pool.start()
            except WorkerError as exc:
                await self.pool.close()
                self._close_listener()
                raise ModelError(f"cannot start: {exc}") from None
            log.info(
                "listening on %s: %d workers, %s, TELL %s, max %d connections, max size %d bytes",
                self.address,
                self.options.workers,
                _describe(info, self.options),
                "enabled" if self.options.allow_tell else "disabled",
                self.options.max_connections,
                self.options.max_size,
            )
            accepting = asyncio.create_task(self._accept())
            try:
                await self._stop.wait()
            finally:
                accepting.cancel()
                await asyncio.gather(accepting, return_exceptions=True)
                self._close_listener()
                await self._drain()
                await self.pool.close()
        finally:
            for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(number)
        log.info("stopped")
        return 0

    def _on_reload(self) -> None:
        if not self._stopping:
            log.info("SIGHUP: reloading the model")
            self.pool._later(self.pool.reload())

    def _on_stop(self, name: str) -> None:
        if self._stopping:
            log.warning("%s again: closing %d connections now", name, len(self._connections))
            for task in self._connections:
                task.cancel()
            return
        self._stopping = True
        log.info("%s: no new connections; finishing %d in flight", name, len(self._connections))
        self._stop.set()

    def _close_listener(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        path = self.listen.path
        if path is not None and self._unix_inode is not None:
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == self._unix_inode:
                    os.unlink(path)

    async def _drain(self) -> None:
        if not self._connections:
            return
        limit = self.options.read_timeout * 2 + self.options.scan_timeout + _LINGER
        _, pending = await asyncio.wait(set(self._connections), timeout=limit)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("gave up on %d connections after %g s", len(pending), limit)
            await asyncio.gather(*pending, return_exceptions=True)

    async def _accept(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        while True:
            await self._slots.acquire()  # at max_connections, the rest wait in the listen queue
            try:
                conn, peer = await loop.sock_accept(self._sock)
            except asyncio.CancelledError:
                self._slots.release()
                raise
            except OSError as exc:  # out of file descriptors, ...: wait, do not spin
                self._slots.release()
                log.error("cannot accept a connection: %s", exc)
                await asyncio.sleep(0.5)
                continue
            task = asyncio.create_task(self._serve(conn, peer))
            self._connections.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._connections.discard(task)
        self._slots.release()

    async def _serve(self, conn: socket.socket, peer: Any) -> None:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        outcome = _Outcome(_peer(peer))
        reader = asyncio.StreamReader(limit=MAX_LINE)
        protocol = asyncio.StreamReaderProtocol(reader)
        try:
            transport, _ = await loop.connect_accepted_socket(lambda: protocol, conn)
        except OSError:
            conn.close()
            return
        writer = asyncio.StreamWriter(transport, protocol, reader, loop)
        try:
            data = await self._answer(reader, outcome)
            if data:
                writer.write(data)
                await asyncio.wait_for(writer.drain(), self.options.read_timeout)
        except ClientGone:
            outcome.level, outcome.note = logging.DEBUG, "closed without a request"
        except (OSError, asyncio.TimeoutError):
            outcome.note = "the client went away before taking the answer"
        finally:
            await self._close(reader, writer)
            self._log(outcome, time.perf_counter() - started)

    async def _answer(self, reader: asyncio.StreamReader, outcome: _Outcome) -> bytes:
        def seen(head: RequestHead) -> None:
            outcome.head = head

        try:
            head, body = await asyncio.wait_for(
                read_request(
                    reader,
                    max_size=self.options.max_size,
                    allow_tell=self.options.allow_tell,
                    on_head=seen,
                ),
                self.options.read_timeout,
            )
        except ProtocolError as exc:
            return self._refuse(exc, outcome)
        except asyncio.TimeoutError:
            timeout = self.options.read_timeout
            text = f"Timeout: ({timeout:g} second socket timeout reading input from client)"
            return self._refuse(ProtocolError(EX_TIMEOUT, text), outcome)
        except (ConnectionError, OSError) as exc:
            outcome.note = f"connection lost while reading the request ({exc})"
            return b""
        outcome.size = len(body)
        if head.command == "PING":
            return _status(EX_OK, "PONG")
        if head.command == "SKIP":
            return b""
        if head.command == "TELL":
            return await self._tell(head, body, outcome)
        reply = await self.pool.scan(head.command, head.version, body)
        outcome.reply, outcome.code = reply, reply.code
        if reply.code:
            outcome.level = logging.ERROR
        return reply.data

    def _refuse(self, error: ProtocolError, outcome: _Outcome) -> bytes:
        outcome.code, outcome.level, outcome.note = error.code, logging.WARNING, error.text
        return error.response()

    async def _tell(self, head: RequestHead, body: bytes, outcome: _Outcome) -> bytes:
        did_set: list[str] = []
        notes = []
        if head.set_local:
            label = 1 if head.message_class == "spam" else 0
            result = await self.pool.tell(body, label)
            if result.learned:
                did_set.append("local")
                notes.append(f"learned as {head.message_class}")
                if result.saved:
                    notes.append(f"saved to {result.saved}")
            elif not result.error:
                notes.append(f"already learned as {head.message_class}")
            if result.error:
                notes.append(result.error)
                if not result.learned:
                    outcome.code, outcome.level = EX_SOFTWARE, logging.ERROR
                    outcome.note = "; ".join(notes)
                    return _status(EX_SOFTWARE, _printable(f"Internal error: {result.error}"))
        if head.remove_local:
            notes.append("not forgotten: spamkit cannot unlearn a message")
        if head.set_remote or head.remove_remote:
            notes.append("remote reporting is not supported")
        outcome.note = "; ".join(notes) or "nothing to do"
        return answer_tell(did_set, [])

    async def _close(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()

            async def discard() -> None:
                while await reader.read(1 << 16):
                    pass

            await asyncio.wait_for(discard(), _LINGER)
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()

    def _log(self, outcome: _Outcome, seconds: float) -> None:
        head = outcome.head
        command = head.command if head is not None else "-"
        parts = [command]
        reply = outcome.reply
        if reply is not None and reply.label:
            parts.append(f"{reply.label} score={reply.score:.3f} required={reply.threshold:.3f}")
        elif command == "PING" and not outcome.code:
            parts.append("PONG")
        if outcome.code:
            error = reply.error if reply is not None and reply.error else ""
            parts.append(f"error {outcome.code}" + (f" {error}" if error else ""))
        parts.append(f"{outcome.size}B {seconds * 1000:.1f}ms")
        if head is not None and head.user:
            parts.append(f"user={_printable(head.user, 40)}")
        parts.append(f"peer={outcome.peer}")
        if outcome.note:
            parts.append(f"({outcome.note})")
        log.log(outcome.level, " ".join(parts))


def serve(listen: str | ListenAddress, options: ServeOptions | None = None) -> int:
    """Run ``spamkit serve`` until SIGTERM/SIGINT; returns the exit status.

    Parameters
    ----------
    listen : str or ListenAddress
        ``unix:PATH`` or ``HOST:PORT``.
    options : ServeOptions or None

    Raises
    ------
    ConfigError
        The address is malformed or cannot be bound.
    ModelError
        The model does not load.
    """
    address = parse_listen(listen) if isinstance(listen, str) else listen
    server = SpamdServer(address, options or ServeOptions())
    server.bind()
    return asyncio.run(server.run())
