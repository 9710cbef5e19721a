"""The file list of a zip attachment, read from its directory without unpacking anything.

A zip file ends with a *central directory*: one record per member with its name and
flags (bit 0: encrypted), then an end record that says where the directory starts
(APPNOTE.TXT, sections 4.3.12 and 4.3.16).  :func:`zip_listing` reads those records
with :mod:`struct` only: nothing is decompressed or decrypted, so a zip bomb costs the
same as any other file.  Work is bounded by design: the end record is looked for in
the last 64 kB only, at most :data:`MAX_MEMBERS` records are read, each name is cut to
:data:`MAX_NAME` bytes, and a record that points outside the data stops the reading.

When the directory cannot be found (an attachment cut short, a damaged or hand-made
file), the local headers that start each member are read from the front instead, with
the same caps; each of them carries the name and flags too.

Used by the parser (:mod:`spamkit.message`) for attachments that are zip files; the
detectors read :attr:`spamkit.message.Attachment.members` and ``.encrypted``.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

__all__ = ["MAX_MEMBERS", "MAX_NAME", "ZipListing", "is_zip", "zip_listing"]

#: Members listed at most; the listing of a bigger archive says it is incomplete.
MAX_MEMBERS = 500
#: Bytes of a member name kept.
MAX_NAME = 255

_LOCAL = b"PK\x03\x04"
_CENTRAL = b"PK\x01\x02"
_END = b"PK\x05\x06"
#: The end record: signature, disk numbers, entry counts, directory size and offset,
#: comment length (22 bytes); a comment of up to 65,535 bytes may follow it.
_END_RECORD = struct.Struct("<4sHHHHIIH")
#: A central directory record (46 bytes), then name, extra field and comment.
_CENTRAL_RECORD = struct.Struct("<4sHHHHHHIIIHHHHHII")
#: A local file header (30 bytes), then name and extra field.
_LOCAL_RECORD = struct.Struct("<4sHHHHHIIIHH")
_ENCRYPTED = 0x0001
_UTF8 = 0x0800
#: Compression method 99: WinZip AES, always encrypted.
_AES = 99


class ZipListing(NamedTuple):
    """What the directory of a zip file says: member names, encryption, completeness."""

    names: tuple[str, ...]
    encrypted: bool
    complete: bool


def is_zip(data: bytes) -> bool:
    """True when ``data`` starts like a zip file (a local header or an empty archive's end)."""
    return data[:4] in (_LOCAL, _END)


def _name(raw: bytes, flags: int) -> str:
    """A member name: UTF-8 when flagged, else CP932 (Japanese Windows), else CP437."""
    raw = raw[:MAX_NAME]
    if flags & _UTF8:
        return raw.decode("utf-8", "replace")
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError:
        return raw.decode("cp437")


def _from_directory(data: bytes) -> ZipListing | None:
    end = data.rfind(_END, max(0, len(data) - _END_RECORD.size - 65_535))
    if end < 0 or end + _END_RECORD.size > len(data):
        return None
    _, _, _, _, total, _, offset, _ = _END_RECORD.unpack_from(data, end)
    if offset >= len(data):
        # Zip64, or data in front of the archive (a self-extractor): find the directory.
        offset = data.find(_CENTRAL, 0, end)
        if offset < 0:
            return None if total else ZipListing((), False, True)
    names: list[str] = []
    encrypted = False
    pos = offset
    while len(names) < MAX_MEMBERS:
        if pos + _CENTRAL_RECORD.size > len(data) or data[pos : pos + 4] != _CENTRAL:
            break
        record = _CENTRAL_RECORD.unpack_from(data, pos)
        flags, method = record[3], record[4]
        name_len, extra_len, comment_len = record[10], record[11], record[12]
        start = pos + _CENTRAL_RECORD.size
        names.append(_name(data[start : start + name_len], flags))
        encrypted = encrypted or bool(flags & _ENCRYPTED) or method == _AES
        pos = start + name_len + extra_len + comment_len
    if not names and total:
        return None
    complete = len(names) < MAX_MEMBERS and data[pos : pos + 4] != _CENTRAL
    return ZipListing(tuple(names), encrypted, complete)


def _from_local_headers(data: bytes) -> ZipListing:
    names: list[str] = []
    encrypted = False
    pos = data.find(_LOCAL)
    while pos >= 0 and len(names) < MAX_MEMBERS:
        if pos + _LOCAL_RECORD.size > len(data):
            break
        record = _LOCAL_RECORD.unpack_from(data, pos)
        flags, method = record[2], record[3]
        name_len, extra_len = record[9], record[10]
        start = pos + _LOCAL_RECORD.size
        names.append(_name(data[start : start + name_len], flags))
        encrypted = encrypted or bool(flags & _ENCRYPTED) or method == _AES
        # The compressed size may be 0 here (it follows the data when flag bit 3 is
        # set), so the next header is searched for rather than computed.
        pos = data.find(_LOCAL, start + name_len + extra_len)
    return ZipListing(tuple(names), encrypted, False)


def zip_listing(data: bytes) -> ZipListing:
    """The member names of zip file ``data`` and whether any member is encrypted.

    Parameters
    ----------
    data : bytes
        The attachment's decoded bytes, whole or cut short.

    Returns
    -------
    ZipListing
        ``names`` in directory order (at most :data:`MAX_MEMBERS`), ``encrypted`` when
        a member is encrypted (traditional PKWARE or AES), ``complete`` when the whole
        directory was read.  Junk gives an empty, incomplete listing; nothing raises.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("請求書/invoice.pdf.exe", b"MZ")
    >>> zip_listing(buffer.getvalue())
    ZipListing(names=('請求書/invoice.pdf.exe',), encrypted=False, complete=True)
    >>> zip_listing(b"PK\\x03\\x04 not really")
    ZipListing(names=(), encrypted=False, complete=False)
    """
    try:
        found = _from_directory(data)
        return found if found is not None else _from_local_headers(data)
    except struct.error:  # pragma: no cover - every unpack is length-checked first
        return ZipListing((), False, False)
