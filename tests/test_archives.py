"""Tests for spamkit.archives: every kind of archive, streaming, broken messages."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import mailbox
import os
import random
import re
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import corpus_files
from spamkit.archives import (
    MailItem,
    detect_kind,
    iter_messages,
    iter_refs,
    write_mbox,
)
from spamkit.errors import ArchiveError

MSG_A = b"From: a@example.com\nSubject: one\nMessage-ID: <a@x>\n\nhello\n"
MSG_B = b"From: b@example.com\nSubject: two\n\nFrom the desk of the CEO\n>From quoted\n"
MSG_C = "From: c@example.jp\nSubject: 三\n\n日本語の本文\n".encode()


def mbox_bytes(*messages: bytes) -> bytes:
    buf = io.BytesIO()
    write_mbox(buf, messages)
    return buf.getvalue()


def datas(path: str | os.PathLike[str]) -> list[bytes | None]:
    return [item.data for item in iter_messages(path)]


def mixed_corpus_files(limit: int) -> list[Path]:
    """The first ``limit`` files of four corpus folders, both languages and classes."""
    folders = ("ja_ham", "ja_spam", "spamassassin/easy_ham", "spamassassin/spam_2")
    return [path for folder in folders for path in corpus_files(folder, limit)]


# --------------------------------------------------------------------------- mbox


def test_mbox_round_trip_unquotes_and_keeps_body_from_lines(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(mbox_bytes(MSG_A, MSG_B, MSG_C))
    assert detect_kind(path) == "mbox"
    assert datas(path) == [MSG_A, MSG_B, MSG_C]
    assert [i.source for i in iter_messages(path)] == [f"{path}:{n}" for n in range(3)]


def test_body_from_line_without_date_does_not_split(tmp_path: Path) -> None:
    raw = (
        b"From alice@example.com Thu Aug 22 12:36:23 2002\n"
        b"Subject: memo\n\nfirst\n\nFrom the desk of Bob, Mon 10:30\n\nbye\n\n"
        b"From bob@example.com  Fri Aug 23 01:02:03 2002\nSubject: second\n\nx\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    items = list(iter_messages(path))
    assert len(items) == 2
    assert items[0].data == b"Subject: memo\n\nfirst\n\nFrom the desk of Bob, Mon 10:30\n\nbye\n"
    assert items[1].data == b"Subject: second\n\nx\n"


def test_dated_from_line_without_blank_line_before_does_not_split(tmp_path: Path) -> None:
    raw = (
        b"From a@b Thu Aug 22 12:36:23 2002\nSubject: s\n\nline\n"
        b"From c@d Thu Aug 22 12:36:23 2002\nmore\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    assert len(datas(path)) == 1


def test_mboxrd_unquoting_strips_one_level(tmp_path: Path) -> None:
    raw = b"From a@b Thu Aug 22 12:36:23 2002\nSubject: s\n\n>From x\n>>From y\n> From z\n"
    path = tmp_path / "box"
    path.write_bytes(raw)
    assert datas(path) == [b"Subject: s\n\nFrom x\n>From y\n> From z\n"]


def test_envelope_date_styles_are_separators(tmp_path: Path) -> None:
    lines = [
        b"From a@b Thu Aug 22 12:36:23 2002",
        b"From MAILER-DAEMON Sat Jan  3 01:05:34 +0000 2015",
        b"From b@c Mon, 22 Aug 2002 12:36 +0900",
        b"From 1234@xxx Sat Jan 03 01:05:34 JST 2015",
    ]
    raw = b"".join(line + b"\nSubject: %d\n\nbody\n\n" % n for n, line in enumerate(lines))
    path = tmp_path / "box"
    path.write_bytes(raw)
    assert [d.split(b"\n")[0] for d in datas(path)] == [b"Subject: %d" % n for n in range(4)]


def test_content_length_is_honoured_when_consistent(tmp_path: Path) -> None:
    body = b"x\n\nFrom spoof@evil Thu Aug 22 12:36:23 2002\nnot a new message\n"
    raw = (
        b"From a@b Thu Aug 22 12:36:23 2002\nSubject: cl\nContent-Length: %d\n\n" % len(body)
        + body
        + b"\nFrom c@d Thu Aug 22 12:36:23 2002\nSubject: next\n\n>From kept quoted? no\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    items = datas(path)
    assert len(items) == 2
    assert items[0] == b"Subject: cl\nContent-Length: %d\n\n" % len(body) + body
    assert items[1] == b"Subject: next\n\nFrom kept quoted? no\n"


def test_content_length_spanning_real_messages_is_not_believed(tmp_path: Path) -> None:
    """A bogus length that happens to end at a later separator must not swallow messages.

    Found on 2026-11-29 in an mbox of the corpora's MANIFEST files (10364 messages): a
    phishing campaign carries ``Content-Length: 27539965`` in every copy; in one copy
    it ended exactly before a separator 1116 messages later, and those messages were
    read as the body of the first (9248 rows; 10364 with the rule below).
    """
    later = [MSG_A, MSG_B, MSG_C]
    tail = mbox_bytes(*later)
    first_body = b"body\n"
    claimed = len(first_body) + 1 + len(tail) - 1  # up to the blank line before the last one
    claimed -= len(mbox_bytes(MSG_C))
    first = b"From: x@example.com\nSubject: cl\nContent-Length: %d\n\n" % claimed + first_body
    path = tmp_path / "box"
    path.write_bytes(mbox_bytes(first) + tail)
    raw = path.read_bytes()
    body_start = raw.index(first_body)
    assert raw[body_start + claimed : body_start + claimed + 6] == b"\nFrom "  # lands on one
    assert datas(path) == [first, *later]


def test_inconsistent_content_length_falls_back_to_from_lines(tmp_path: Path) -> None:
    raw = (
        b"From a@b Thu Aug 22 12:36:23 2002\nSubject: cl\nContent-Length: 3\n\nlonger body\n\n"
        b"From c@d Thu Aug 22 12:36:23 2002\nSubject: next\n\nx\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    assert datas(path) == [
        b"Subject: cl\nContent-Length: 3\n\nlonger body\n",
        b"Subject: next\n\nx\n",
    ]


def test_crlf_mbox(tmp_path: Path) -> None:
    raw = (
        b"From a@b Thu Aug 22 12:36:23 2002\r\nSubject: 1\r\n\r\nx\r\n\r\n"
        b"From c@d Thu Aug 22 12:36:23 2002\r\nSubject: 2\r\n\r\ny\r\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    assert datas(path) == [b"Subject: 1\r\n\r\nx\r\n", b"Subject: 2\r\n\r\ny\r\n"]


def test_empty_messages_and_empty_mbox(tmp_path: Path) -> None:
    raw = (
        b"From a@b Thu Aug 22 12:36:23 2002\n\n"
        b"From a@b Thu Aug 22 12:36:23 2002\nSubject: real\n\nx\n\n"
        b"From a@b Thu Aug 22 12:36:23 2002\n"
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    items = list(iter_messages(path))
    assert [i.error for i in items] == ["empty message", None, "empty message"]
    assert items[1].data == b"Subject: real\n\nx\n"
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    assert list(iter_messages(empty)) == []


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)],
)
def test_compressed_mbox_is_streamed(tmp_path: Path, suffix: str, compress) -> None:
    path = tmp_path / f"box.mbox{suffix}"
    path.write_bytes(compress(mbox_bytes(MSG_A, MSG_B, MSG_C)))
    assert detect_kind(path) == "mbox"
    assert datas(path) == [MSG_A, MSG_B, MSG_C]


_COMPRESSORS = {
    "gzip": (gzip.compress, lambda: zlib.decompressobj(wbits=31)),
    "bzip2": (bz2.compress, bz2.BZ2Decompressor),
    "xz": (lzma.compress, lzma.LZMADecompressor),
}


def numbered_messages(count: int, size: int = 3000) -> list[bytes]:
    """Messages that compress badly (random hex), so a cut lands among many of them."""
    rng = random.Random(count)
    return [
        MSG_A.replace(b"hello", b"hello %d" % n)
        + b"".join(b"%032x\n" % rng.getrandbits(128) for _ in range(size // 33))
        for n in range(count)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(_COMPRESSORS))
@pytest.mark.parametrize("fraction", [0.5, 0.93])
def test_truncated_compressed_mbox_keeps_every_whole_message_and_says_where(
    tmp_path: Path, fmt: str, fraction: float
) -> None:
    compress, decompressor = _COMPRESSORS[fmt]
    messages = numbered_messages(1000)  # 3 MB: bzip2 decodes in blocks of 900 kB
    whole = compress(mbox_bytes(*messages))
    cut = whole[: int(len(whole) * fraction)]
    path = tmp_path / "cut.mbox.z"
    path.write_bytes(cut)
    # What any decompressor can give back from the cut file, and the messages wholly in it
    # (a message is known to be whole once the next one's From_ line has been read).
    prefix = decompressor().decompress(cut)
    whole_messages = len(re.findall(rb"\n\nFrom spamkit@localhost [^\n]*\n", prefix))
    assert 0 < whole_messages < 1000
    items = list(iter_messages(path))
    assert [i.data for i in items[:-1]] == messages[:whole_messages]
    damaged = items[-1]
    assert damaged.source == f"{path}:{whole_messages}" and damaged.data is None
    start = prefix.rindex(b"\nFrom spamkit@localhost") + 1
    assert damaged.error == (
        f"damaged archive: the {fmt} data ends at compressed byte {len(cut)} before the end"
        f" of the stream, so the decompressed data stops at byte {len(prefix)}, inside"
        f" message {whole_messages}, which starts at decompressed byte {start};"
        f" the {whole_messages} messages before it were read whole"
    )


@pytest.mark.parametrize("fmt", list(_COMPRESSORS))
def test_truncated_stream_shorter_than_the_sniffed_head_still_yields_its_messages(
    tmp_path: Path, fmt: str
) -> None:
    compress, _ = _COMPRESSORS[fmt]
    whole = compress(mbox_bytes(MSG_A, MSG_B, MSG_C))
    path = tmp_path / "small.mbox.z"
    path.write_bytes(whole[:-8])  # the end marker / checksum is missing; the text is all there
    items = list(iter_messages(path))
    assert [i.data for i in items[:2]] == [MSG_A, MSG_B]
    assert items[2].source.endswith(":2") and items[2].error.startswith("damaged archive")
    assert "the 2 messages before it were read whole" in items[2].error


def test_corrupt_gzip_data_mid_stream_is_an_error_row_after_the_good_messages(
    tmp_path: Path,
) -> None:
    messages = numbered_messages(200)
    whole = bytearray(gzip.compress(mbox_bytes(*messages)))
    middle = len(whole) // 2
    whole[middle : middle + 64] = bytes(64)  # a run of zeros in the deflate data
    path = tmp_path / "corrupt.mbox.gz"
    path.write_bytes(bytes(whole))
    items = list(iter_messages(path))
    good = [i for i in items if i.error is None]
    assert 50 < len(good) < 200 and items[: len(good)] == good
    assert [i.data for i in good] == messages[: len(good)]
    assert len(items) == len(good) + 1
    error = items[-1].error
    assert error.startswith("damaged archive: the gzip data is corrupt at compressed byte")
    offset = int(re.search(r"compressed byte (\d+)", error).group(1))
    assert middle - 1024 <= offset <= middle + 1024
    assert f"inside message {len(good)}," in error


def test_concatenated_compressed_streams_are_read_whole(tmp_path: Path) -> None:
    for fmt, (compress, _) in _COMPRESSORS.items():
        path = tmp_path / f"multi-{fmt}"
        path.write_bytes(compress(mbox_bytes(MSG_A)) + compress(mbox_bytes(MSG_B, MSG_C)))
        assert datas(path) == [MSG_A, MSG_B, MSG_C], fmt
    padded = tmp_path / "padded.gz"  # zero padding after a gzip member (tape blocks)
    padded.write_bytes(gzip.compress(mbox_bytes(MSG_A, MSG_B)) + bytes(512))
    assert datas(padded) == [MSG_A, MSG_B]


@pytest.mark.parametrize("fmt", list(_COMPRESSORS))
def test_bytes_after_the_end_of_the_stream_keep_the_last_message_and_get_a_row(
    tmp_path: Path, fmt: str
) -> None:
    compress, _ = _COMPRESSORS[fmt]
    stream = compress(mbox_bytes(MSG_A, MSG_B))
    path = tmp_path / "trailing"
    path.write_bytes(stream + b"junk after the end")
    items = list(iter_messages(path))
    assert [i.data for i in items[:2]] == [MSG_A, MSG_B]
    assert len(items) == 3 and items[2].source == f"{path}:2" and items[2].data is None
    assert items[2].error == (
        f"damaged archive: {len(b'junk after the end')} bytes that are not {fmt} follow the end"
        f" of the stream at compressed byte {len(stream)}; the 2 messages before them were"
        " read whole"
    )
    single = tmp_path / "one.eml.z"
    single.write_bytes(compress(MSG_C) + b"junk")
    pairs = [(i.data, bool(i.error)) for i in iter_messages(single)]
    assert pairs == [(MSG_C, False), (None, True)]


def test_xz_stream_padding_between_streams_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "padded.xz"
    path.write_bytes(
        lzma.compress(mbox_bytes(MSG_A)) + bytes(8) + lzma.compress(mbox_bytes(MSG_B)) + bytes(4)
    )
    assert datas(path) == [MSG_A, MSG_B]


def test_truncated_compressed_single_message_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "one.eml.gz"
    path.write_bytes(gzip.compress(MSG_C)[:-4])
    [item] = iter_messages(path)
    assert item.data is None and item.error.startswith("damaged archive: the gzip data ends")


def test_plain_mbox_cut_mid_line_marks_its_last_message(tmp_path: Path) -> None:
    raw = mbox_bytes(MSG_A, MSG_B, MSG_C)
    path = tmp_path / "cut.mbox"
    path.write_bytes(raw[:-6])
    items = list(iter_messages(path))
    assert [i.data for i in items[:2]] == [MSG_A, MSG_B]
    assert items[2].data is None
    assert items[2].error == (
        f"damaged archive: the file ends in the middle of a line at byte {len(raw) - 6},"
        " inside message 2: it looks cut off"
    )


def test_stdin_mbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = gzip.compress(mbox_bytes(MSG_A, MSG_C))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(raw))))
    items = list(iter_messages("-"))
    assert [i.data for i in items] == [MSG_A, MSG_C]
    assert items[0].source == "<stdin>:0"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    b"",
                    b"From x",
                    b">From y",
                    b">>From z",
                    b"From a@b Thu Aug 22 12:36:23 2002",
                    b"text",
                    b"\xff\xfe",
                    "日本".encode(),
                    b"From:",
                    b"\r",
                ]
            ),
            max_size=8,
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([1, 3, 16, 1 << 20]),
)
def test_write_then_read_round_trips(bodies: list[list[bytes]], block: int) -> None:
    import spamkit.archives as archives

    messages = [b"Subject: t\n\n" + b"\n".join(lines) + b"\n" for lines in bodies]
    stream = io.BufferedReader(io.BytesIO(mbox_bytes(*messages)))
    saved = archives._BLOCK
    archives._BLOCK = block  # buffer boundaries everywhere (no monkeypatch under hypothesis)
    try:
        items = list(archives._MboxReader(stream, b"", "mem"))
    finally:
        archives._BLOCK = saved
    assert [i.data for i in items] == messages


@pytest.mark.slow
def test_mbox_reading_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    filler = b"y" * 70 + b"\n"
    with open(path, "wb") as fh:
        write_mbox(fh, (MSG_A + filler * 60 for _ in range(8000)))  # ~35 MB
    assert path.stat().st_size > 30 * 2**20
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_messages(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 8000
    assert peak < 8 * 2**20


@pytest.mark.slow
@pytest.mark.corpora
def test_corpus_mbox_matches_stdlib_and_originals(tmp_path: Path) -> None:
    files = mixed_corpus_files(150)
    path = tmp_path / "corpus.mbox"
    with open(path, "wb") as fh:
        write_mbox(fh, (f.read_bytes() for f in files))
    ours = list(iter_messages(path))
    stdlib = mailbox.mbox(path, create=False)
    try:
        assert len(ours) == len(files) == len(stdlib)
    finally:
        stdlib.close()
    for item, f in zip(ours, files, strict=True):
        original = f.read_bytes()
        if original.startswith(b"From "):
            original = original.split(b"\n", 1)[1]
        assert item.data == (original if original.endswith(b"\n") else original + b"\n")


# --------------------------------------------------------------------------- folders


def make_maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "new" / "1000.a.host").write_bytes(MSG_A)
    (root / "cur" / "0999.b.host:2,S").write_bytes(MSG_B)
    (root / "tmp" / "1001.c.host").write_bytes(b"in progress")
    return root


def test_maildir_reads_new_then_cur_and_skips_tmp(tmp_path: Path) -> None:
    box = make_maildir(tmp_path / "Maildir")
    assert detect_kind(box) == "maildir"
    items = list(iter_messages(box))
    assert [i.data for i in items] == [MSG_A, MSG_B]
    assert items[0].source == str(box / "new" / "1000.a.host")


def test_maildir_message_moved_to_cur_while_reading_is_followed(tmp_path: Path) -> None:
    box = make_maildir(tmp_path / "Maildir")
    refs = iter_refs(box)
    first = next(refs)
    os.rename(box / "new" / "1000.a.host", box / "cur" / "1000.a.host:2,S")
    assert first.read() == MailItem(str(box / "new" / "1000.a.host"), MSG_A)
    assert [r.read().data for r in refs] == [MSG_B]  # listed before the move: not read twice


def test_unreadable_entries_become_error_items(tmp_path: Path) -> None:
    box = make_maildir(tmp_path / "Maildir")
    (box / "cur" / "1002.dir:2,").mkdir()  # a directory where a message should be
    os.mkfifo(box / "cur" / "1003.fifo:2,")  # must not block
    (box / "cur" / "1004.link:2,").symlink_to(box / "nowhere")  # dangling: vanished
    (box / "cur" / "1005.empty:2,").write_bytes(b"")
    (box / "cur" / "1006.bad:2,").write_bytes(b"Subject: \xff\xfe\x00\n\n\x80\x81\n")
    items = list(iter_messages(box))
    assert len(items) == 7
    errors = [i.error for i in items]
    assert errors[2] == "cannot read: not a regular file"
    assert errors[3] == "cannot read: not a regular file"
    assert errors[4] == "vanished before it could be read"
    assert errors[5] == "empty message"
    assert errors[6] is None  # undecodable bytes are the parser's business


def test_vanished_file_in_folder_is_an_error_item(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(MSG_A)
    (tmp_path / "b.eml").write_bytes(MSG_B)
    refs = list(iter_refs(tmp_path))
    (tmp_path / "a.eml").unlink()
    assert [r.read().error for r in refs] == ["vanished before it could be read", None]


def make_maildirpp(root: Path) -> Path:
    """A dovecot-style Maildir++: INBOX, sub-folders (one nested), control files, tmp/ files."""
    make_maildir(root)
    for n, folder in enumerate((".Sent", ".Junk", ".Archive.2024", ".A", ".A.B")):
        for sub in ("cur", "new", "tmp"):
            (root / folder / sub).mkdir(parents=True)
        (root / folder / "cur" / f"200{n}.x.host:2,S").write_bytes(MSG_C + b"%d\n" % n)
        (root / folder / "tmp" / f"300{n}.y.host").write_bytes(b"being delivered")
        (root / folder / "maildirfolder").write_bytes(b"")
        (root / folder / "dovecot-uidlist").write_bytes(b"3 V1 N2\n1 2001.x.host\n")
    (root / ".Junk" / "new" / "2100.z.host").write_bytes(MSG_B)
    for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.log", "dovecot-keywords"):
        (root / name).write_bytes(b"From: not@a.message\n\ncontrol file\n")
    (root / "subscriptions").write_bytes(b"Sent\nJunk\n")
    (root / ".not-a-folder").mkdir()  # a dot folder without cur/new/tmp
    (root / ".not-a-folder" / "x").write_bytes(MSG_A)
    return root


def test_maildirpp_subfolders_are_read_after_the_inbox_in_name_order(tmp_path: Path) -> None:
    box = make_maildirpp(tmp_path / "Maildir")
    assert detect_kind(box) == "maildir"
    items = list(iter_messages(box))
    assert all(i.error is None for i in items)
    assert [os.path.relpath(i.source, box) for i in items] == [
        "new/1000.a.host",
        "cur/0999.b.host:2,S",
        ".A/cur/2003.x.host:2,S",
        ".A.B/cur/2004.x.host:2,S",
        ".Archive.2024/cur/2002.x.host:2,S",
        ".Junk/new/2100.z.host",
        ".Junk/cur/2001.x.host:2,S",
        ".Sent/cur/2000.x.host:2,S",
    ]
    assert items[7].data == MSG_C + b"0\n"


def test_maildir_without_subfolders_reads_only_the_inbox(tmp_path: Path) -> None:
    box = make_maildirpp(tmp_path / "Maildir")
    assert datas(box) != [MSG_A, MSG_B]
    assert [i.data for i in iter_messages(box, subfolders=False)] == [MSG_A, MSG_B]


def test_unlistable_maildirpp_subfolder_is_one_error_item(tmp_path: Path, monkeypatch) -> None:
    box = make_maildirpp(tmp_path / "Maildir")
    real_listdir = os.listdir

    def listdir(path):
        if str(path).endswith(os.path.join(".Junk", "cur")):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    items = list(iter_messages(box))
    errors = [(os.path.relpath(i.source, box), i.error) for i in items if i.error]
    assert errors == [
        (".Junk", "cannot list .Junk/cur: Permission denied; this folder's messages were not read")
    ]
    assert len(items) == 7  # the other folders are read whole


def test_subfolders_flag_leaves_folder_and_mh_recursion_alone(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.eml").write_bytes(MSG_B)
    (tmp_path / "a.eml").write_bytes(MSG_A)
    assert [i.data for i in iter_messages(tmp_path, subfolders=False)] == [MSG_A, MSG_B]


def test_mh_folder_in_numeric_order(tmp_path: Path) -> None:
    box = tmp_path / "inbox"
    box.mkdir()
    (box / ".mh_sequences").write_text("unseen: 2\n")
    for n, data in ((10, MSG_C), (2, MSG_B), (1, MSG_A)):
        (box / str(n)).write_bytes(data)
    (box / "notes.txt").write_text("not a message")
    assert detect_kind(box) == "mh"
    assert datas(box) == [MSG_A, MSG_B, MSG_C]


def test_folder_is_recursive_sorted_and_skips_dot_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.eml").write_bytes(MSG_B)
    (tmp_path / "a.eml").write_bytes(MSG_A)
    (tmp_path / ".hidden").write_bytes(MSG_C)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "obj").write_bytes(MSG_C)
    assert detect_kind(tmp_path) == "folder"
    assert datas(tmp_path) == [MSG_A, MSG_B]


def test_single_message_file_and_compressed_message(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(MSG_C)
    assert detect_kind(path) == "message"
    assert list(iter_messages(path)) == [MailItem(str(path), MSG_C)]
    gz = tmp_path / "one.eml.gz"
    gz.write_bytes(gzip.compress(MSG_C))
    assert datas(gz) == [MSG_C]


def test_unknown_or_missing_paths_raise_at_once(tmp_path: Path) -> None:
    junk = tmp_path / "picture.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(ArchiveError, match="not a mail archive"):
        iter_messages(junk)
    with pytest.raises(ArchiveError, match="no such file"):
        iter_messages(tmp_path / "missing.mbox")
    with pytest.raises(ArchiveError, match="cannot read"):
        iter_messages(_bad_gzip(tmp_path))


def _bad_gzip(tmp_path: Path) -> Path:
    path = tmp_path / "bad.mbox.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate")
    return path


def test_unlistable_maildir_raises_at_once(tmp_path: Path, monkeypatch) -> None:
    box = make_maildir(tmp_path / "Maildir")
    real_listdir = os.listdir

    def listdir(path):  # root reads everything: fake the permission error
        if str(path).endswith("cur"):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    with pytest.raises(ArchiveError, match="cannot list: Permission denied"):
        iter_messages(box)


def test_no_stdin_is_an_archive_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(ArchiveError, match="no standard input"):
        iter_messages("-")


def test_training_reads_compressed_mbox_and_maildir_through_the_reader(tmp_path: Path) -> None:
    from spamkit.training import load_corpus

    spam = tmp_path / "spam.mbox.gz"
    with gzip.open(spam, "wb") as fh:
        write_mbox(fh, [MSG_A, MSG_B, b"\n"])  # the last one is empty: an error, not a mail
    ham = make_maildir(tmp_path / "Maildir")
    corpus = load_corpus([str(ham)], [str(spam)])
    assert corpus.labels == [0, 0, 1, 1]
    assert [m.subject for m in corpus.mails] == ["one", "two", "one", "two"]
    assert corpus.errors == [(f"{spam}:2", "empty message")]


def test_training_takes_only_the_inbox_of_a_maildir(tmp_path: Path) -> None:
    """``train --ham ~/Maildir`` must not learn its .Junk folder as ham."""
    from spamkit.training import load_corpus

    corpus = load_corpus([str(make_maildirpp(tmp_path / "Maildir"))], [])
    assert [m.subject for m in corpus.mails] == ["one", "two"]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_tiny_read_blocks_split_the_same_way(tmp_path: Path, monkeypatch, block: int) -> None:
    """Every separator, Content-Length body and blank line straddling a buffer boundary."""
    import spamkit.archives as archives

    body = b"x\n\nFrom spoof@evil Thu Aug 22 12:36:23 2002\n"
    raw = (
        mbox_bytes(MSG_A, MSG_B)
        + b"From a@b Thu Aug 22 12:36:23 2002\nContent-Length: %d\n\n" % len(body)
        + body
        + b"\nFrom a@b Thu Aug 22 12:36:23 2002\n\n"
        + b"From c@d Thu Aug 22 12:36:23 2002\r\nSubject: crlf\r\n\r\ny\r\n\r\n"
        + mbox_bytes(MSG_C)
    )
    path = tmp_path / "box"
    path.write_bytes(raw)
    expected = list(iter_messages(path))
    assert len(expected) == 6
    monkeypatch.setattr(archives, "_BLOCK", block)
    monkeypatch.setattr(archives, "_HEAD", 8)  # enough to see "From "
    assert list(iter_messages(path)) == expected


@pytest.mark.slow
def test_damage_past_a_bogus_content_length_is_blamed_on_the_right_message(
    tmp_path: Path,
) -> None:
    """A header claiming a 20 MB body must not make the cut swallow the messages after it.

    Found on 2026-11-29 with the corpora mbox (xz cut in half): a phishing message's
    ``Content-Length: 27537896`` made the reader read ahead into the damage, and the 1158
    whole messages after it were lost.
    """
    bogus = b"From: x@example.com\nSubject: cl\nContent-Length: 20000000\n\nshort body\n"
    messages = [bogus, *numbered_messages(400)]
    whole = lzma.compress(mbox_bytes(*messages))
    path = tmp_path / "cut.mbox.xz"
    path.write_bytes(whole[: len(whole) * 3 // 4])
    prefix = lzma.LZMADecompressor().decompress(path.read_bytes())
    present = len(re.findall(rb"\n\nFrom spamkit@localhost [^\n]*\n", prefix))
    items = list(iter_messages(path))
    assert len(items) == present + 1 and present > 250
    assert [i.data for i in items[:-1]] == messages[:present]
    assert f"inside message {present}," in items[-1].error
