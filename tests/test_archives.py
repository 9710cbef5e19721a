"""Tests for spamkit.archives: every kind of archive, streaming, broken messages."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import mailbox
import os
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spamkit.archives import (
    MailItem,
    detect_kind,
    iter_messages,
    iter_refs,
    write_mbox,
)
from spamkit.errors import ArchiveError

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

MSG_A = b"From: a@example.com\nSubject: one\nMessage-ID: <a@x>\n\nhello\n"
MSG_B = b"From: b@example.com\nSubject: two\n\nFrom the desk of the CEO\n>From quoted\n"
MSG_C = "From: c@example.jp\nSubject: 三\n\n日本語の本文\n".encode()


def mbox_bytes(*messages: bytes) -> bytes:
    buf = io.BytesIO()
    write_mbox(buf, messages)
    return buf.getvalue()


def datas(path: str | os.PathLike[str]) -> list[bytes | None]:
    return [item.data for item in iter_messages(path)]


def corpus_files(limit: int) -> list[Path]:
    if not CORPORA.is_dir():
        pytest.skip("shared corpora not found beside the checkout")
    files = []
    for folder in ("ja_ham", "ja_spam", "spamassassin/easy_ham", "spamassassin/spam_2"):
        files += sorted((CORPORA / folder).iterdir())[:limit]
    return files


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


def test_truncated_gzip_yields_an_error_item_not_an_exception(tmp_path: Path) -> None:
    messages = [
        MSG_A.replace(b"hello", b"hello %d" % n) + os.urandom(2000).hex().encode() + b"\n"
        for n in range(200)
    ]
    whole = gzip.compress(mbox_bytes(*messages))
    path = tmp_path / "cut.mbox.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = list(iter_messages(path))
    assert 0 < len(items) < 200
    assert all(i.error is None for i in items[:-1])
    assert items[-1].error is not None and items[-1].error.startswith("archive read error")


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


@pytest.mark.corpora
def test_corpus_mbox_matches_stdlib_and_originals(tmp_path: Path) -> None:
    files = corpus_files(150)
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
