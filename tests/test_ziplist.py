"""spamkit.ziplist: member names of zip attachments, read without unpacking, bounded."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from spamkit.ziplist import MAX_MEMBERS, MAX_NAME, ZipListing, is_zip, zip_listing


def make_zip(names: list[str], *, encrypted: bool = False, comment: bytes = b"") -> bytes:
    """A real zip file; ``encrypted`` sets flag bit 0 as an encrypting archiver would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"MZ" + b"\0" * 50)
        archive.comment = comment
    data = bytearray(buffer.getvalue())
    if encrypted:
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = data.find(signature)
            while pos >= 0:
                data[pos + offset] |= 0x01
                pos = data.find(signature, pos + 4)
    return bytes(data)


def test_names_in_order_and_complete() -> None:
    data = make_zip(["readme.txt", "請求書/invoice.pdf.exe", "a/b/c.js"])
    assert zip_listing(data) == ZipListing(
        ("readme.txt", "請求書/invoice.pdf.exe", "a/b/c.js"), False, True
    )
    assert is_zip(data) and not is_zip(b"%PDF-1.7")


def test_encryption_flag_is_read() -> None:
    assert zip_listing(make_zip(["doc.xls"], encrypted=True)).encrypted
    assert not zip_listing(make_zip(["doc.xls"])).encrypted


def test_a_long_comment_does_not_hide_the_directory() -> None:
    assert zip_listing(make_zip(["x.scr"], comment=b"c" * 60_000)).names == ("x.scr",)


def test_cp932_names_without_the_utf8_flag() -> None:
    data = bytearray(make_zip(["ab.exe"]))
    # Rewrite the (ASCII, unflagged) name bytes as a CP932 name of the same length.
    data = bytes(data).replace(b"ab.exe", "請求.e".encode("cp932") + b"")
    assert zip_listing(data).names == ("請求.e",)


def test_cut_short_falls_back_to_local_headers() -> None:
    data = make_zip(["one.txt", "two.vbs", "three.txt"])
    listing = zip_listing(data[: len(data) // 2])
    assert listing.names[:2] == ("one.txt", "two.vbs") and not listing.complete


def test_self_extractor_prefix_is_skipped() -> None:
    assert zip_listing(b"MZ" + b"\0" * 5000 + make_zip(["payload.exe"])).names == ("payload.exe",)


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"PK",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"PK\x05\x06" + b"\xff" * 18,
        b"PK\x01\x02" * 10_000,
        b"PK\x03\x04" * 100_000,
        bytes(range(256)) * 400,
        b"PK\x05\x06" * 50_000,
    ],
)
def test_junk_never_raises_and_stays_bounded(junk: bytes) -> None:
    listing = zip_listing(junk)
    assert len(listing.names) <= MAX_MEMBERS
    assert all(len(name) <= MAX_NAME for name in listing.names)


def test_many_members_are_capped() -> None:
    listing = zip_listing(make_zip([f"f{i}.txt" for i in range(MAX_MEMBERS + 20)]))
    assert len(listing.names) == MAX_MEMBERS and not listing.complete


def test_long_names_are_cut() -> None:
    assert len(zip_listing(make_zip(["a" * 1000 + ".exe"])).names[0]) == MAX_NAME


def test_a_directory_pointing_outside_the_data_is_not_followed() -> None:
    data = bytearray(make_zip(["x.txt"]))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, 0xFFFFFFF0)  # directory offset
    assert zip_listing(bytes(data)).names == ("x.txt",)
