"""Read messages out of mail archives: mbox (plain or compressed), Maildir, MH, folders.

Readers stream: they yield one message at a time and keep bytes until the caller
parses them, so memory stays flat whatever the size of the archive.  A message
that cannot be read becomes a :class:`MailItem` with ``error`` set, never a silent
gap: the count of items is the count of messages the archive holds.

Kinds, detected from the path (``-`` is an mbox or a message on standard input):

* **mbox** -- a file whose first line starts with ``From ``, possibly compressed
  with gzip, bzip2 or xz (detected from the magic bytes and streamed through the
  decompressor).  Read by our own streaming reader, not :class:`mailbox.mbox`,
  which builds a table of contents of the whole file, needs a seekable file and
  reads whole messages to find their ends.  A later ``From `` line separates two
  messages only when it follows a blank line and carries an envelope date
  (``From sender Thu Aug 22 12:36:23 2002``), so ``From the desk of...`` in a body
  never splits a message.  ``>From `` lines are un-quoted the mboxrd way (one
  ``>`` is removed from ``>+From ``), and a ``Content-Length`` header (mboxcl2)
  is honoured when the next separator or the end of the file sits exactly where
  it says and the span it claims holds no other message's start.

  A damaged archive loses no message that can be read: every message decoded
  whole before a compressed stream is cut off or corrupt gets its item, and the
  message the damage falls in gets an error item that says where it is (the
  compressed offset, the decompressed offset, the message number and where that
  message starts).  A plain mbox whose last line has no end was cut too; its last
  message gets an error item.  (A file cut exactly at a line end cannot be told
  from a whole one.)
* **Maildir** -- a folder with ``cur``, ``new`` and ``tmp``; ``new`` then ``cur``
  are read (``tmp`` holds deliveries in progress), then those of each Maildir++
  folder (``.Sent``, ``.Junk``, ``.Archive.2024``, nested ``.A.B``) in name order,
  unless ``subfolders=False``.  Control files (dovecot's, courier's) are not read.
  A message that an MUA moves from ``new`` to ``cur`` while we read is followed to
  its new name.
* **MH** -- a folder holding ``.mh_sequences`` or only numbered files; its
  numbered files are read in numeric order, sub-folders included.
* **folder** -- any other folder: every file below it (dot files excepted) is one
  message, in sorted order.
* **message** -- a single file that starts like a message header.
"""

from __future__ import annotations

import bz2
import functools
import lzma
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .errors import ArchiveError

__all__ = [
    "KINDS",
    "MailItem",
    "MailRef",
    "detect_kind",
    "iter_messages",
    "iter_refs",
    "size_hint",
    "why_empty",
    "write_mbox",
]

#: The kinds :func:`detect_kind` returns.
KINDS: tuple[str, ...] = ("mbox", "maildir", "mh", "folder", "message")

STDIN = "-"
_STDIN_LABEL = "<stdin>"
_BLOCK = 1 << 20  # read size for mbox streams
_HEAD = 4096  # bytes looked at to detect a file's kind
_MAX_CONTENT_LENGTH = 1 << 26  # larger Content-Length values are not believed
_MAX_HEADER = 1 << 22  # a header block longer than this is not searched for Content-Length


@dataclass(frozen=True)
class MailItem:
    """One message read from an archive: where it came from, and its raw bytes or an error."""

    source: str
    data: bytes | None
    error: str | None = None


@dataclass(frozen=True)
class MailRef:
    """A message located in an archive whose bytes are read only by :meth:`read`.

    Lets a caller skip messages (``--resume``) without reading their files.  ``span`` is
    how many bytes of the archive's (decompressed) stream the message took, its
    separator included, so that the spans of an mbox add up to its size; it is 0 for
    the files of a folder.
    """

    source: str
    _read: Callable[[], MailItem]
    span: int = 0

    def read(self) -> MailItem:
        """Read the message; failures come back as a :class:`MailItem` with ``error`` set."""
        return self._read()


def _ready(item: MailItem) -> MailItem:
    return item


def _ref(item: MailItem, span: int = 0) -> MailRef:
    return MailRef(item.source, functools.partial(_ready, item), span)


# --------------------------------------------------------------------------- files


def _open_file_nonblocking(path: str) -> BinaryIO:
    """Open a regular file for reading; refuse FIFOs and devices instead of blocking on them."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(0, "not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_file(path: str, source: str, alternatives: Callable[[], list[str]] | None) -> MailItem:
    try:
        with _open_file_nonblocking(path) as fh:
            data = fh.read()
    except FileNotFoundError:
        for other in alternatives() if alternatives else []:
            return _read_file(other, source, None)
        return MailItem(source, None, "vanished before it could be read")
    except IsADirectoryError:
        return MailItem(source, None, "cannot read: not a regular file")
    except OSError as exc:
        return MailItem(source, None, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return MailItem(source, None, "empty message")
    return MailItem(source, data)


def _file_ref(path: str, alternatives: Callable[[], list[str]] | None = None) -> MailRef:
    return MailRef(path, functools.partial(_read_file, path, path, alternatives))


def _walk(root: Path) -> Iterator[tuple[str, list[str]]]:
    """(folder, file names) below ``root`` in sorted order, dot folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield dirpath, filenames


def _folder_names(filenames: list[str]) -> list[str]:
    return sorted(name for name in filenames if not name.startswith("."))


def _mh_names(filenames: list[str]) -> list[str]:
    return sorted((name for name in filenames if name.isdigit()), key=int)


def _iter_folder(root: Path) -> Iterator[MailRef]:
    for dirpath, filenames in _walk(root):
        for name in _folder_names(filenames):
            yield _file_ref(os.path.join(dirpath, name))


def _iter_mh(root: Path) -> Iterator[MailRef]:
    for dirpath, filenames in _walk(root):
        for name in _mh_names(filenames):
            yield _file_ref(os.path.join(dirpath, name))


def _maildir_moved(cur: str, name: str) -> list[str]:
    """Where a message of ``new`` went once an MUA marked it seen (``cur/NAME:2,S``)."""
    unique = name.split(":", 1)[0]
    try:
        return [os.path.join(cur, n) for n in os.listdir(cur) if n.split(":", 1)[0] == unique]
    except OSError:
        return []


def _is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _maildir_folders(root: Path, subfolders: bool) -> list[Path]:
    """The INBOX (``root``), then its Maildir++ folders (``.Sent``, ``.A.B``) by name.

    A Maildir++ folder is a dot folder of the root that is itself a Maildir; nested
    folders are flat, their names joined by dots.  Other dot folders, and the control
    files beside ``cur`` (``dovecot-uidlist``, ``dovecot.index*``, ``subscriptions``,
    ``maildirfolder``, ``maildirsize``, ...), are not mail.
    """
    if not subfolders:
        return [root]
    try:
        names = sorted(n for n in os.listdir(root) if n.startswith("."))
    except OSError as exc:
        raise ArchiveError(f"{root}: cannot list: {exc.strerror or exc}") from exc
    return [root] + [root / name for name in names if _is_maildir(root / name)]


#: A Maildir folder listed: its path, then its (sub, directory, names) for new and cur,
#: or why it could not be listed.
_MaildirListing = tuple[Path, list[tuple[str, str, list[str]]] | str]


def _list_maildir(root: Path, subfolders: bool) -> list[_MaildirListing]:
    """List ``new`` then ``cur`` of every folder now; raise ArchiveError if the INBOX fails.

    Both are listed before any is read, so that a message moving from new to cur
    is not read twice.  ``tmp`` holds deliveries in progress and is never read.
    """
    listed: list[_MaildirListing] = []
    for folder in _maildir_folders(root, subfolders):
        listings = []
        for sub in ("new", "cur"):
            directory = os.path.join(folder, sub)
            try:
                names = sorted(n for n in os.listdir(directory) if not n.startswith("."))
            except OSError as exc:
                if folder == root:
                    raise ArchiveError(f"{directory}: cannot list: {exc.strerror or exc}") from exc
                why = f"cannot list {folder.name}/{sub}: {exc.strerror or exc}"
                listed.append((folder, f"{why}; this folder's messages were not read"))
                break
            listings.append((sub, directory, names))
        else:
            listed.append((folder, listings))
    return listed


def _iter_maildir(root: Path, subfolders: bool = True) -> Iterator[MailRef]:
    """List every folder now (raising ArchiveError at once), read each message later."""
    listed = _list_maildir(root, subfolders)

    def refs() -> Iterator[MailRef]:
        for folder, listings in listed:
            if isinstance(listings, str):  # one row stands for the folder it could not list
                yield _ref(MailItem(str(folder), None, listings))
                continue
            cur = os.path.join(folder, "cur")
            for sub, directory, names in listings:
                for name in names:
                    moved = functools.partial(_maildir_moved, cur, name) if sub == "new" else None
                    yield _file_ref(os.path.join(directory, name), moved)

    return refs()


def _is_mh(root: Path) -> bool:
    if (root / ".mh_sequences").is_file():
        return True
    names = [n for n in os.listdir(root) if not n.startswith(".")]
    return bool(names) and all(n.isdigit() for n in names)


# --------------------------------------------------------------------------- streams

_GZIP_MAGIC = b"\x1f\x8b"
_BZ2_MAGIC = b"BZh"
_XZ_MAGIC = b"\xfd7zXZ\x00"
_MAGIC = {"gzip": _GZIP_MAGIC, "bzip2": _BZ2_MAGIC, "xz": _XZ_MAGIC}

_READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error, ValueError)
_DECODE_ERRORS = (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError)
_IN_BLOCK = 1 << 16  # compressed bytes read at a time
_OUT_BLOCK = 1 << 16  # decompressed bytes asked of the decompressor at a time


class _Damage(Exception):
    """A compressed stream is cut off or corrupt: where, in compressed and decompressed bytes."""

    def __init__(self, what: str, decompressed: int) -> None:
        super().__init__(f"{what}, so the decompressed data stops at byte {decompressed}")
        self.what = what
        self.decompressed = decompressed


class _Decompressing:
    """A gzip, bzip2 or xz stream read as plain bytes, keeping everything decoded before damage.

    :class:`gzip.GzipFile` and its siblings raise ``EOFError`` for a cut-off stream from
    inside a buffered read and drop what that read had decoded: up to a megabyte of
    messages (issue 13: ``gzip -c m.mbox | head -c 1500000`` gave 789 rows where 843
    messages were whole; on the corpora mbox of 2026-11-29, 985 rows where 1130 were).
    Here each call of the decompressor yields at most ``_OUT_BLOCK`` bytes, every byte
    decoded is handed out, and only then does :meth:`read` raise :class:`_Damage`, again
    at every later call.  A corrupt spot in gzip data is found to the byte by feeding the
    failing block again one byte at a time.  Concatenated streams are read in turn
    (gzip members, bzip2 and xz streams; zero padding skipped after gzip and xz).  Bytes
    after the end that start no stream end the data and are described in ``trailing``,
    for the caller to report after the messages, which are whole.
    """

    def __init__(self, raw: BinaryIO, fmt: str) -> None:
        self.raw = raw
        self.fmt = fmt
        self.dec = self._new()
        self.pending = b""  # compressed bytes not yet given to the decompressor
        self.need_input = True
        self.read_in = 0  # compressed bytes read from ``raw``
        self.handed_out = 0  # decompressed bytes returned by ``read``
        self.buf = bytearray()
        self.damage: _Damage | None = None
        self.done = False
        self.trailing: str | None = None  # what follows the last stream, when not a stream

    def _new(self) -> Any:
        if self.fmt == "gzip":
            return zlib.decompressobj(wbits=31)
        return bz2.BZ2Decompressor() if self.fmt == "bzip2" else lzma.LZMADecompressor()

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes (all that is left when negative); b"" at the end."""
        while (size < 0 or len(self.buf) < size) and not self.done and self.damage is None:
            self._step()
        if not self.buf and self.damage is not None:
            raise self.damage
        cut = len(self.buf) if size < 0 else size
        data = bytes(self.buf[:cut])
        del self.buf[:cut]
        self.handed_out += len(data)
        return data

    def close(self) -> None:
        """Nothing to release: ``raw`` belongs to the caller."""

    def _fail(self, what: str) -> None:
        self.damage = _Damage(f"the {self.fmt} data {what}", self.handed_out + len(self.buf))

    def _read_raw(self) -> bytes:
        chunk = self.raw.read(_IN_BLOCK)
        self.read_in += len(chunk)
        return chunk

    def _step(self) -> None:
        """Decode one more block into ``buf``, or note the end or the damage."""
        if self.dec.eof:
            self._next_stream()
            return
        if self.need_input and not self.pending:
            self.pending = self._read_raw()
            if not self.pending:
                self._fail(f"ends at compressed byte {self.read_in} before the end of the stream")
                return
        data, self.pending = self.pending, b""
        saved = self.dec.copy() if self.fmt == "gzip" else None
        try:
            out = self.dec.decompress(data, _OUT_BLOCK)
        except _DECODE_ERRORS as exc:
            self._corrupt(data, saved, exc)
            return
        self.buf += out
        if self.fmt == "gzip":
            self.pending = self.dec.unconsumed_tail
            self.need_input = not self.pending and len(out) < _OUT_BLOCK
        else:
            self.need_input = self.dec.needs_input

    def _corrupt(self, data: bytes, saved: Any, exc: Exception) -> None:
        """Keep what decodes before the corrupt spot and say where it is."""
        start = self.read_in - len(data)  # compressed offset of data[0]
        if saved is None:  # bzip2 and xz decompressors cannot be copied: give the range
            self._fail(f"is corrupt between compressed bytes {start} and {self.read_in} ({exc})")
            return
        for offset in range(len(data)):
            try:
                self.buf += saved.decompress(data[offset : offset + 1])
            except _DECODE_ERRORS as again:
                self._fail(f"is corrupt at compressed byte {start + offset} ({again})")
                return
        self._fail(f"is corrupt at compressed byte {self.read_in} ({exc})")

    def _next_stream(self) -> None:
        """After the end of one stream: start the next, or end."""
        rest = self.dec.unused_data + self.pending
        self.pending = b""
        while True:
            if self.fmt != "bzip2":
                rest = rest.lstrip(b"\0")  # padding (tape blocks; xz's stream padding)
            if len(rest) >= len(_MAGIC[self.fmt]):
                break
            more = self._read_raw()
            if not more:
                break
            rest += more
        if rest.startswith(_MAGIC[self.fmt]):
            self.dec = self._new()
            self.pending, self.need_input = rest, True
            return
        self.done = True
        if rest:
            at, size = self.read_in - len(rest), len(rest)
            while more := self._read_raw():
                size += len(more)
            self.trailing = (
                f"{size} bytes that are not {self.fmt} follow the end of the stream at"
                f" compressed byte {at}"
            )


def _decompressed(raw: BinaryIO) -> tuple[BinaryIO, str]:
    """``raw`` through the decompressor its magic bytes call for, and that format's name."""
    peek = getattr(raw, "peek", None)
    magic = peek(6)[:6] if peek else b""
    for fmt, prefix in _MAGIC.items():
        if magic.startswith(prefix):
            return _Decompressing(raw, fmt), fmt  # type: ignore[return-value]
    return raw, ""


def _read_head(stream: BinaryIO) -> bytes:
    """The first ``_HEAD`` bytes, or fewer when the stream ends or breaks sooner."""
    head = b""
    while len(head) < _HEAD:
        try:
            block = stream.read(_HEAD - len(head))
        except _Damage:
            if not head:
                raise
            break  # raised again at the next read, after the head's messages
        if not block:
            break
        head += block
    return head


_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_WEEKDAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_TIME = rb"\d{1,2}:\d{2}(?::\d{2})?"
#: The envelope date a separator ``From `` line must carry: asctime (``Thu Aug 22
#: 12:36:23 2002``, a zone may sit before the year) or RFC 2822 order (``22 Aug 2002 12:36``).
_FROM_LINE = re.compile(
    rb"From \S+ +(?:.* )?(?:"
    rb"(?:" + _WEEKDAY + rb",? +)?" + _MONTH + rb" +\d{1,2} +" + _TIME + rb" +(?:\S+ +)?\d{4}\b"
    rb"|(?:" + _WEEKDAY + rb",? +)?\d{1,2} +" + _MONTH + rb" +\d{4} +" + _TIME + rb")"
)
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d{1,12})[ \t]*\r?$")
_QUOTED_FROM = re.compile(rb"(?m)^>(>*From )")
_HEADER_LINE = re.compile(rb"[!-9;-~]+:")  # a header field name and its colon


def _is_separator(line: bytes) -> bool:
    return _FROM_LINE.match(line) is not None


def _strip_blank_line(data: bytes) -> bytes:
    """Drop the blank line that ends a message before the next separator."""
    if data in (b"\n", b"\r\n"):
        return b""
    if data.endswith(b"\n\n"):
        return data[:-1]
    if data.endswith(b"\n\r\n"):
        return data[:-2]
    return data


def _unquote(body: bytes) -> bytes:
    return _QUOTED_FROM.sub(rb"\1", body) if b">From " in body else body


class _MboxReader:
    """Split a byte stream into mbox messages, reading it in blocks."""

    def __init__(self, stream: BinaryIO, head: bytes, label: str, compressed: bool = False) -> None:
        self.stream = stream
        self.buf = head
        self.eof = False
        self.label = label
        self.compressed = compressed
        self.base = 0  # stream offset of buf[0]
        self.next_start = 0  # stream offset of the From_ line of the next message
        self.consumed = 0  # stream offset just past the last message yielded

    def _more(self, pos: int) -> int:
        """Read another block, dropping what precedes ``pos``; return ``pos``'s new index."""
        if self.eof:
            return pos
        block = self.stream.read(_BLOCK)
        if not block:
            self.eof = True
            return pos
        self.buf = self.buf[pos:] + block
        self.base += pos
        return 0

    def _at(self, offset: int) -> str:
        """An offset as the user must read it: of the file, or of the decompressed data."""
        return f"decompressed byte {offset}" if self.compressed else f"byte {offset}"

    def _line_end(self, start: int) -> tuple[int, int]:
        """(new index of ``start``, index just past its line), reading more if needed."""
        while True:
            end = self.buf.find(b"\n", start)
            if end >= 0:
                return start, end + 1
            if self.eof:
                return start, len(self.buf)
            start = self._more(start)

    def __iter__(self) -> Iterator[MailItem]:
        index = 0
        pos = 0
        start = 0
        try:
            # Skip blank lines and the first ``From `` line, which needs no date.
            while True:
                pos, end = self._line_end(pos)
                line = self.buf[pos:end]
                if not line or line.strip():
                    break
                pos = end
            more = bool(line)
            self.next_start = self.base + pos
            pos = end  # past the first From_ line
            while more:
                start = self.next_start
                item, pos, more = self._next_message(pos, index)
                self.consumed = self.base + (pos if more else len(self.buf))
                yield item
                index += 1
            trailing = getattr(self.stream, "trailing", None)
            if not trailing:
                return
            error = f"damaged archive: {trailing}; the {index} messages before them were read whole"
        except _Damage as exc:
            error = (
                f"damaged archive: {exc}, inside message {index}, which starts at"
                f" {self._at(start)}; the {index} messages before it were read whole"
            )
        except _READ_ERRORS as exc:
            error = (
                f"read error at {self._at(self.base + len(self.buf))}, inside message {index},"
                f" which starts at {self._at(start)}: {exc}; the {index} messages before it"
                " were read whole"
            )
        self.consumed = self.base + len(self.buf)
        yield MailItem(f"{self.label}:{index}", None, error)

    def _next_message(self, pos: int, index: int) -> tuple[MailItem, int, bool]:
        """Read the message that starts at ``pos``; return it, the next start, whether more."""
        source = f"{self.label}:{index}"
        pos, found = self._by_content_length(pos)
        if found is not None:
            start, end, nxt = found
            return self._item(source, self.buf[start:end], quoted=False), nxt, nxt >= 0
        scan = pos
        while True:
            hit = self.buf.find(b"\nFrom ", scan)
            if hit < 0:
                if self.eof:
                    if not self.buf.endswith(b"\n") and self.buf[pos:].strip():
                        return MailItem(source, None, self._cut_off(index)), -1, False
                    data = _strip_blank_line(self.buf[pos:])
                    return self._item(source, data, quoted=True), -1, False
                keep = max(pos, len(self.buf) - 6)
                new_pos = self._more(pos)
                scan = keep - (pos - new_pos)
                pos = new_pos
                continue
            line_start = hit + 1
            blank_before = self.buf[hit - 1 : hit] == b"\n" or self.buf[hit - 2 : hit] == b"\n\r"
            if hit == pos:  # an empty message: the From_ line was followed by the blank line
                blank_before = True
            # make sure the whole candidate line is in the buffer
            eol = self.buf.find(b"\n", line_start)
            while eol < 0 and not self.eof:
                new_pos = self._more(pos)
                shift = pos - new_pos
                pos, hit, line_start = new_pos, hit - shift, line_start - shift
                eol = self.buf.find(b"\n", line_start)
            line = self.buf[line_start : eol if eol >= 0 else len(self.buf)]
            if blank_before and _is_separator(line):
                self.next_start = self.base + line_start
                data = _strip_blank_line(self.buf[pos:line_start])
                nxt = eol + 1 if eol >= 0 else len(self.buf)
                return self._item(source, data, quoted=True), nxt, True
            scan = line_start

    def _by_content_length(self, pos: int) -> tuple[int, tuple[int, int, int] | None]:
        """``pos`` (moved if the buffer was) and (start, end, next) of an mboxcl2 message.

        The second item is None unless the message has a Content-Length header that
        ends it exactly at the end of the file or before a separator line.
        """
        while True:
            hend = self.buf.find(b"\n\n", pos)
            crlf = self.buf.find(b"\n\r\n", pos, hend if hend >= 0 else len(self.buf))
            if crlf >= 0 and (hend < 0 or crlf < hend):
                hend, sep = crlf, 3
            else:
                sep = 2
            if hend >= 0 or self.eof or len(self.buf) - pos > _MAX_HEADER:
                break
            pos = self._more(pos)
        if hend < 0:
            return pos, None
        match = _CONTENT_LENGTH.search(self.buf, pos, hend + 1)
        if match is None:
            return pos, None
        length = int(match.group(1))
        if length > _MAX_CONTENT_LENGTH:
            return pos, None
        body = hend + sep
        end = body + length
        scanned = body
        while True:
            found, scanned = self._message_start(scanned, end)
            if found:  # a length that spans real messages is not believed (see _message_start)
                return pos, None
            if len(self.buf) >= end + 512 or self.eof:
                break
            shift = pos
            try:
                pos = self._more(pos)
            except _Damage:  # the damage may lie past messages a bogus length spans
                return pos, None
            shift -= pos
            body, end, scanned = body - shift, end - shift, scanned - shift
        rest = self.buf[end : end + 512]
        if len(self.buf) < end:
            return pos, None
        if not rest.strip() and self.eof and len(self.buf) - end <= 2:
            return pos, (pos, end, -1)
        for lead in (b"", b"\n", b"\r\n"):
            if rest.startswith(lead + b"From "):
                line_start = end + len(lead)
                eol = self.buf.find(b"\n", line_start)
                if eol >= 0 and _is_separator(self.buf[line_start:eol]):
                    self.next_start = self.base + line_start
                    return pos, (pos, end, eol + 1)
        return pos, None

    def _message_start(self, start: int, end: int) -> tuple[bool, int]:
        """Whether a message starts in ``buf[start:end]``; and where to look again if unsure.

        A message starts at a dated ``From `` line that follows a blank line and is
        followed by a header line.  An mboxcl2 body may hold ``From `` lines unquoted,
        but rarely that; a bogus Content-Length that ends at a later separator by chance
        would swallow every message in between (1116 messages of the corpora mbox,
        2026-11-29), so splitting one odd message in two is the lesser harm.
        """
        hit = self.buf.find(b"\nFrom ", start)
        while 0 <= hit < end - 1:
            eol = self.buf.find(b"\n", hit + 1)
            eol2 = self.buf.find(b"\n", eol + 1) if eol >= 0 else -1
            if eol2 < 0:
                return False, hit  # the lines are not all read yet: look again from here
            blank_before = self.buf[hit - 1 : hit] == b"\n" or self.buf[hit - 2 : hit] == b"\n\r"
            if (
                blank_before
                and _is_separator(self.buf[hit + 1 : eol])
                and _HEADER_LINE.match(self.buf, eol + 1)
            ):
                return True, hit
            hit = self.buf.find(b"\nFrom ", hit + 1)
        return False, max(start, min(end, len(self.buf)) - 6)

    def _cut_off(self, index: int) -> str:
        """The error of a last message whose last line has no end: the archive was cut."""
        what = "decompressed data" if self.compressed else "file"
        return (
            f"damaged archive: the {what} ends in the middle of a line at"
            f" {self._at(self.base + len(self.buf)).replace('decompressed ', '')},"
            f" inside message {index}: it looks cut off"
        )

    @staticmethod
    def _item(source: str, data: bytes, *, quoted: bool) -> MailItem:
        if not data.strip():
            return MailItem(source, None, "empty message")
        return MailItem(source, _unquote(data) if quoted else data)


def _looks_like_message(head: bytes) -> bool:
    first = head.lstrip(b"\r\n").split(b"\n", 1)[0]
    return _HEADER_LINE.match(first) is not None


@dataclass
class _Opened:
    """A file or stdin opened through its decompressor, its first bytes read."""

    stream: BinaryIO
    close: Callable[[], None]
    label: str
    head: bytes
    kind: str
    compression: str  # "gzip", "bzip2", "xz" or "" for none


def _sniff(path: str) -> _Opened:
    """Open ``path`` (or stdin) through its decompressor and tell its kind from its head."""
    if path == STDIN:
        if sys.stdin is None:
            raise ArchiveError("-: there is no standard input to read")
        raw: BinaryIO = sys.stdin.buffer
        label = _STDIN_LABEL
    else:
        try:
            raw = os.fdopen(os.open(path, os.O_RDONLY), "rb")
        except OSError as exc:
            raise ArchiveError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        label = path
    stream = raw

    def close() -> None:
        if raw is not sys.stdin.buffer:
            stream.close()
            raw.close()

    compression = ""
    try:
        stream, compression = _decompressed(raw)
        head = _read_head(stream)
    except (*_READ_ERRORS, _Damage) as exc:
        close()
        raise ArchiveError(f"{label}: cannot read: {exc}") from exc
    if head.lstrip(b"\r\n").startswith(b"From ") or not head.strip():
        kind = "mbox"
    elif _looks_like_message(head):
        kind = "message"
    else:
        close()
        raise ArchiveError(
            f"{label}: not a mail archive (mbox, Maildir, MH, folder of messages) nor a message"
        )
    return _Opened(stream, close, label, head, kind, compression)


def _iter_stream(path: str) -> tuple[str, Iterator[MailRef]]:
    opened = _sniff(path)
    stream, label = opened.stream, opened.label

    def refs() -> Iterator[MailRef]:
        try:
            if opened.kind == "mbox":
                reader = _MboxReader(stream, opened.head, label, bool(opened.compression))
                done = 0
                for item in reader:
                    yield _ref(item, reader.consumed - done)
                    done = reader.consumed
                return
            blocks = [opened.head]
            try:
                while block := stream.read(_BLOCK):
                    blocks.append(block)
            except _Damage as exc:
                yield _ref(MailItem(label, None, f"damaged archive: {exc}"))
                return
            except _READ_ERRORS as exc:
                yield _ref(MailItem(label, None, f"cannot read: {exc}"))
                return
            data = b"".join(blocks)
            yield _ref(_MboxReader._item(label, data, quoted=False), len(data))
            trailing = getattr(stream, "trailing", None)
            if trailing:
                yield _ref(MailItem(label, None, f"damaged archive: {trailing}"))
        finally:
            opened.close()

    return opened.kind, refs()


# --------------------------------------------------------------------------- public


def detect_kind(path: str | os.PathLike[str]) -> str:
    """Tell which kind of archive ``path`` is, without reading its messages.

    Parameters
    ----------
    path : str or path-like
        A file, a folder, or ``"-"`` for standard input (reported as ``"mbox"``).

    Returns
    -------
    str
        One of ``"mbox"``, ``"maildir"``, ``"mh"``, ``"folder"``, ``"message"``.

    Raises
    ------
    ArchiveError
        ``path`` does not exist, cannot be read or is of no known kind.
    """
    name = os.fspath(path)
    if name == STDIN:
        return "mbox"
    kind, _ = _open(name, sniff_only=True)
    return kind


def _open(
    path: str | os.PathLike[str], *, sniff_only: bool = False, subfolders: bool = True
) -> tuple[str, Iterator[MailRef]]:
    name = os.fspath(path)
    if name == STDIN:
        return _iter_stream(name)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise ArchiveError(f"{name}: no such file or directory") from None
    except OSError as exc:
        raise ArchiveError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    root = Path(name)
    if stat.S_ISDIR(st.st_mode):
        try:
            if _is_maildir(root):
                return "maildir", iter(()) if sniff_only else _iter_maildir(root, subfolders)
            if _is_mh(root):
                return "mh", _iter_mh(root)
        except OSError as exc:
            raise ArchiveError(f"{name}: cannot list: {exc.strerror or exc}") from exc
        return "folder", _iter_folder(root)
    if stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        if sniff_only:
            opened = _sniff(name)
            opened.close()
            return opened.kind, iter(())
        return _iter_stream(name)
    raise ArchiveError(f"{name}: not a file or folder of mail")


def iter_refs(path: str | os.PathLike[str], *, subfolders: bool = True) -> Iterator[MailRef]:
    """Locate every message in ``path``; read each only when its :meth:`MailRef.read` is called.

    Parameters
    ----------
    path : str or path-like
        An mbox (plain, ``.gz``, ``.bz2``, ``.xz``), Maildir, MH folder, folder of
        messages, single message file, or ``"-"`` for standard input.
    subfolders : bool
        Read a Maildir's Maildir++ folders (``.Sent``, ``.Junk``, ``.A.B``) after its
        INBOX; False reads the INBOX only.  The sub-folders of an MH folder or of a
        folder of messages are always read: they hold more of the same collection,
        where Maildir++ folders are other mailboxes (a ``.Junk`` is no place to take
        ham from).

    Returns
    -------
    iterator of MailRef
        In archive order (sorted file names for folders).

    Raises
    ------
    ArchiveError
        At once (not at the first ``next``) when ``path`` does not exist, cannot be
        opened or is of no known kind.

    Notes
    -----
    mbox messages are split while the stream is scanned, so their bytes are
    already in memory when the reference is yielded; folder messages are read by
    :meth:`MailRef.read`.  A Maildir++ folder that cannot be listed is one item
    whose source is the folder and whose error says so.
    """
    return _open(path, subfolders=subfolders)[1]


def iter_messages(path: str | os.PathLike[str], *, subfolders: bool = True) -> Iterator[MailItem]:
    """Yield every message in ``path``, one :class:`MailItem` at a time.

    Parameters
    ----------
    path : str or path-like
        An mbox (plain, ``.gz``, ``.bz2``, ``.xz``), Maildir, MH folder, folder of
        messages, single message file, or ``"-"`` for an mbox on standard input.
    subfolders : bool
        Read a Maildir's Maildir++ folders too; see :func:`iter_refs`.

    Returns
    -------
    iterator of MailItem
        One item per message, in archive order.  Messages that cannot be read
        (vanished, not a regular file, empty, truncated archive) come back with
        ``data=None`` and ``error`` set.

    Raises
    ------
    ArchiveError
        At once when ``path`` does not exist or is of no known kind.

    See Also
    --------
    iter_refs : the same, without reading folder messages until asked.

    Examples
    --------
    >>> from spamkit.archives import iter_messages
    >>> for item in iter_messages("spam.mbox.gz"):  # doctest: +SKIP
    ...     print(item.source, item.error or len(item.data))
    """
    refs = iter_refs(path, subfolders=subfolders)
    return (ref.read() for ref in refs)


def size_hint(path: str | os.PathLike[str], *, subfolders: bool = True) -> tuple[int, str] | None:
    """What ``path`` holds, as far as it is known cheaply before reading it (for a progress bar).

    Parameters
    ----------
    path : str or path-like
        An archive, as for :func:`iter_refs`.
    subfolders : bool
        Count a Maildir's Maildir++ folders too, as :func:`iter_refs` reads them.

    Returns
    -------
    (int, str) or None
        ``(count, "msg")`` for a Maildir, MH folder or folder of messages: the message
        files listed (none is opened).  ``(size, "B")`` for an uncompressed mbox or
        message file: its size in bytes, which the ``span`` of its :class:`MailRef`
        items add up to.  None for standard input, a compressed file or a FIFO, whose
        size is known only once read.

    Raises
    ------
    ArchiveError
        ``path`` does not exist, cannot be listed or is of no known kind.
    """
    name = os.fspath(path)
    if name == STDIN:
        return None
    try:
        st = os.stat(name)
        root = Path(name)
        if stat.S_ISDIR(st.st_mode):
            if _is_maildir(root):
                listed = _list_maildir(root, subfolders)
                return sum(
                    1 if isinstance(lists, str) else sum(len(names) for *_, names in lists)
                    for _, lists in listed
                ), "msg"
            names_of = _mh_names if _is_mh(root) else _folder_names
            return sum(len(names_of(filenames)) for _, filenames in _walk(root)), "msg"
    except OSError as exc:
        raise ArchiveError(f"{name}: cannot list: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        return None
    opened = _sniff(name)
    opened.close()
    return None if opened.compression else (st.st_size, "B")


def why_empty(path: str | os.PathLike[str]) -> str:
    """Say, in a few words, why ``path`` gave no message (for a warning).

    Parameters
    ----------
    path : str or path-like
        An input that :func:`iter_refs` opened but that yielded nothing.

    Returns
    -------
    str
        For example ``"an empty file"`` or ``"an empty Maildir: its cur/ and new/ hold
        no message (tmp/ is never read)"``.
    """
    name = os.fspath(path)
    if name == STDIN:
        return "nothing came on standard input"
    try:
        kind = detect_kind(name)
    except ArchiveError:
        kind = ""
    if kind == "maildir":
        return "an empty Maildir: its cur/ and new/ hold no message (tmp/ is never read)"
    if kind in ("mh", "folder"):
        return "an empty folder: it holds no message file"
    if kind == "mbox" and os.path.isfile(name) and os.path.getsize(name) == 0:
        return "an empty file"
    return "no message found in it"


_ENVELOPE = b"From spamkit@localhost Thu Jan  1 00:00:00 1970\n"
_FROM_TO_QUOTE = re.compile(rb"(?m)^(>*From )")


def write_mbox(fh: BinaryIO, messages: Iterable[bytes]) -> int:
    """Write ``messages`` to the binary stream ``fh`` as an mboxrd mailbox.

    Parameters
    ----------
    fh : binary file
        Where to write (an open file, a :class:`gzip.GzipFile`, ...).
    messages : iterable of bytes
        Raw messages; a leading ``From `` envelope line is replaced by ours.

    Returns
    -------
    int
        The number of messages written.

    Notes
    -----
    Body lines matching ``>*From `` get one more ``>``, so :func:`iter_messages`
    gives every message back byte for byte (up to a final newline).
    """
    count = 0
    for data in messages:
        if data.startswith(b"From "):
            data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        data = _FROM_TO_QUOTE.sub(rb">\1", data)
        if not data.endswith(b"\n"):
            data += b"\n"
        fh.write(_ENVELOPE + data + b"\n")
        count += 1
    return count
