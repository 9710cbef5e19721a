"""Hand-built hostile messages, each with the invariant it checks (issue 7).

Every case is generated in code, lazily, so the repository stays small and the big
ones (10,000 nested multiparts, 100,000 parts, a 1 GB line) cost nothing until a test
or ``benchmarks/hostile_limits.py`` asks for them.  ``size`` scales a case: the
default test run uses a small size, the benchmark the real one.

Common invariant for all of them (checked by ``tests/test_hostile.py``):
``Classifier.classify`` returns a :class:`spamkit.Verdict` with ``0 <= probability <= 1``
and a finite score, within a time bound, and names the defect in its reasons when
the case says which defect to expect.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from dataclasses import dataclass

HEAD = b"From: Sender <sender@example.com>\r\nTo: rcpt@example.org\r\nSubject: hostile\r\n"


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and what must hold for it."""

    name: str
    build: Callable[[int], bytes]
    invariant: str
    #: Defect names of which at least one must be among the verdict's reasons.
    expect: tuple[str, ...] = ()
    #: Size for the default (fast) test run, and the size the issue names.
    test_size: int = 0
    real_size: int = 0


def _multipart(body: bytes, boundary: bytes = b"B", extra: bytes = b"") -> bytes:
    return (
        HEAD
        + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="'
        + boundary
        + b'"'
        + extra
        + b"\r\n\r\n"
        + body
    )


def empty(_: int) -> bytes:
    return b""


def blanks(_: int) -> bytes:
    return b" \r\n\t\r\n\r\n"


def nul_bytes(_: int) -> bytes:
    return HEAD.replace(b"Subject: ", b"Subject: \x00\x00") + b"\r\nbo\x00dy\x00\r\n" * 50


def random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size)


def invalid_utf8_headers(_: int) -> bytes:
    return (
        b"From: \xff\xfe <\xc3\x28@\xa0\xa1.example>\r\nTo: \xed\xa0\x80@x\r\n"
        b"Subject: \xc3\x28\xe2\x82 \xf0\x28\x8c\xbc =?utf-8?B?4oKs?= =?bogus?Q?=ZZ?=\r\n"
        b"X-\xff: \x80\x81\r\n\r\nbody\r\n"
    )


def headers_without_body(_: int) -> bytes:
    return HEAD + b"X-Last: no empty line and no body"


def body_without_headers(_: int) -> bytes:
    return b"Just text, no header at all.\nVisit http://example.com/ now!\n" * 20


def broken_base64(_: int) -> bytes:
    return (
        HEAD
        + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + b"SGVsbG8g@@@d29y%%bGQ=\r\n====\r\nA\r\n!!!!\r\n"
    )


def broken_qp(_: int) -> bytes:
    return (
        HEAD
        + b"Content-Type: text/plain; charset=iso-2022-jp\r\n"
        + b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + b"=ZZ=4=\r\n=1B$B=\r\nsoft=\r\n=\r\n=E3=81"
    )


def unterminated_boundary(_: int) -> bytes:
    return _multipart(
        b"--B\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--B\r\n\r\nsecond, no close"
    )


def colliding_boundaries(_: int) -> bytes:
    inner = (
        b'--B\r\nContent-Type: multipart/alternative; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\ninner plain\r\n"
        b"--BB\r\nContent-Type: text/html\r\n\r\n<p>prefix boundary</p>\r\n"
        b"--B--\r\n--B\r\nContent-Type: text/plain\r\n\r\nouter\r\n--B--\r\n--B--\r\n"
    )
    return _multipart(inner)


def many_parameters(size: int) -> bytes:
    params = b"".join(b'; p%d="v%d"' % (i, i) for i in range(size))
    return (
        HEAD
        + b"Content-Type: text/plain"
        + params
        + b"; charset=utf-8\r\nContent-Disposition: inline"
        + params
        + b"\r\n\r\nbody\r\n"
    )


def many_parameters_multipart(size: int) -> bytes:
    params = b"".join(b'; p%d="v;%d"' % (i, i) for i in range(size))
    return (
        HEAD
        + b"Content-Type: multipart/mixed"
        + params
        + b'; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain'
        + params
        + b"\r\n\r\nvisible text\r\n--B--\r\n"
    )


def parameter_flood_parts(size: int) -> bytes:
    """``size`` parts, each with its own 1,000 parameters (no two alike: no cache helps)."""
    parts = b"".join(
        b"--B\r\nContent-Disposition: inline"
        + b"".join(b"; a%d=%d" % (j, i) for j in range(1000))
        + b"\r\nContent-Type: text/plain\r\n\r\npart\r\n"
        for i in range(size)
    )
    return _multipart(parts + b"--B--\r\n")


def deep_nesting(size: int) -> bytes:
    opens = b"".join(
        b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (i, i)
        for i in range(size)
    )
    closes = b"".join(b"\r\n--n%d--\r\n" % i for i in reversed(range(size)))
    return HEAD + opens + b"Content-Type: text/plain\r\n\r\ndeep\r\n" + closes


def deep_rfc822(size: int) -> bytes:
    return HEAD + b"Content-Type: message/rfc822\r\n\r\n" * size + b"Subject: in\r\n\r\ncore\r\n"


def many_parts(size: int) -> bytes:
    part = b"--B\r\nContent-Type: text/plain\r\n\r\npart\r\n"
    return _multipart(part * size + b"--B--\r\n")


def many_header_lines(size: int) -> bytes:
    return HEAD + b"".join(b"X-H%d: v\r\n" % i for i in range(size)) + b"\r\nbody\r\n"


def many_to_headers(size: int) -> bytes:
    return (
        b"".join(b"To: u%d@example%d.com\r\n" % (i, i) for i in range(size))
        + b"Subject: many\r\n\r\nhi u1 u2\r\n"
    )


def long_line(size: int) -> bytes:
    raw = bytearray(b"a") * size
    head = HEAD + b"\r\n"
    raw[: len(head)] = head  # same length: in place, no second copy of a 1 GB input
    return bytes(raw) if size < 64 << 20 else raw  # type: ignore[return-value]


def long_header(size: int) -> bytes:
    return b"Subject: " + b"=?utf-8?B?44GC?= " * (size // 17) + b"\r\n\r\nbody\r\n"


def base64_attachment(size: int) -> bytes:
    data = base64.encodebytes(random.Random(3).randbytes(size * 3 // 4))
    return _multipart(
        b"--B\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
        b'--B\r\nContent-Type: application/octet-stream; name="x.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + data + b"--B--\r\n"
    )


def html_tags(size: int) -> bytes:
    return HEAD + b"Content-Type: text/html\r\n\r\n<html><body>" + b"<b>" * size + b"x"


def html_unclosed(size: int) -> bytes:
    return HEAD + b"Content-Type: text/html\r\n\r\n" + b'<a href="' * (size // 9)


def iso2022jp_escape_storm(size: int) -> bytes:
    body = b"\x1b$B0\x1b(B" * (size // 7)
    return HEAD + b"Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n" + body


def eucjp_garbage(size: int) -> bytes:
    body = b"\xa4\xa2a\xad\xa1" * (size // 5)
    return HEAD + b"Content-Type: text/plain; charset=euc-jp\r\n\r\n" + body


def anchor_backtracking(size: int) -> bytes:
    # Plain text that looks like an unclosed <a href=...> (signals' link fallback).
    return HEAD + b"\r\n" + (b"<a href=" + b"x" * 1990 + b" ") * (size // 2000)


def long_boundary(size: int) -> bytes:
    boundary = b"b" * size
    return _multipart(
        b"--" + boundary + b"\r\n\r\nx\r\n--" + boundary + b"--\r\n", boundary=boundary
    )


def bare_cr_lines(size: int) -> bytes:
    return HEAD.replace(b"\r\n", b"\r") + b"\r" + b"line\r" * (size // 5)


def utf16_odd(_: int) -> bytes:
    return HEAD + b"Content-Type: text/plain; charset=utf-16\r\n\r\n\xff\xfeA\x00B"


def encoded_word_flood(size: int) -> bytes:
    words = b" ".join(b"=?iso-2022-jp?B?GyRCJCIbKEI=?=" for _ in range(size))
    return b"Subject: " + words + b"\r\nFrom: " + words + b" <a@b.c>\r\n\r\nx\r\n"


def links_flood(size: int) -> bytes:
    """``size`` distinct links: IP hosts in every spelling, look-alikes, shorteners, forms."""
    hosts = (
        "45.33.32.156",
        "0x2D.0x21.0x20.0x9C",
        "757080220",
        "xn--pple-43d.com",
        "bit.ly",
        "a.b.c.d.e.example.top",
        "www.paypal.com.example.top",
        "[2001:db8::1]",
    )
    anchors = "".join(
        f'<a href="http://u{i}@{hosts[i % len(hosts)]}/login/Ab3dE5gH7{i}">www.example{i}.com</a>'
        for i in range(size)
    )
    return HEAD + b"MIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n" + anchors.encode()


def zip_directory_flood(size: int) -> bytes:
    """A zip attachment whose directory holds ``size`` member records (names of executables)."""
    record = b"PK\x01\x02" + bytes(24) + (7).to_bytes(2, "little") + bytes(16) + b"run.exe"
    directory = record * size
    end = (
        b"PK\x05\x06"
        + bytes(4)
        + (size & 0xFFFF).to_bytes(2, "little") * 2
        + len(directory).to_bytes(4, "little")
        + (0).to_bytes(4, "little")
        + bytes(2)
    )
    data = base64.encodebytes(directory + end)
    return _multipart(
        b"--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--B\r\n"
        b'Content-Type: application/zip; name="a.zip"\r\nContent-Transfer-Encoding: base64\r\n'
        b"\r\n" + data + b"\r\n--B--\r\n"
    )


def zip_signature_junk(size: int) -> bytes:
    """An attachment of local-header signatures only, named like a zip file."""
    data = base64.encodebytes(b"PK\x03\x04" * (size // 4))
    return _multipart(
        b'--B\r\nContent-Type: application/octet-stream; name="x.zip"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + data + b"\r\n--B--\r\n"
    )


def styled_nesting(size: int) -> bytes:
    """``size`` nested elements, each with a style, a colour and a background."""
    open_tags = '<div style="color:#fff;background:#fff;font-size:1px">x' * size
    return HEAD + b"Content-Type: text/html\r\n\r\n" + open_tags.encode()


CASES: tuple[Case, ...] = (
    Case("empty", empty, "empty input: a verdict naming EMPTY_MESSAGE", ("EMPTY_MESSAGE",)),
    Case("blanks", blanks, "only blanks: EMPTY_MESSAGE", ("EMPTY_MESSAGE",)),
    Case("nul_bytes", nul_bytes, "NUL bytes are removed and reported", ("NUL_BYTES",)),
    Case("random_bytes", random_bytes, "random bytes: a verdict", (), 65536, 10_000_000),
    Case("invalid_utf8_headers", invalid_utf8_headers, "raw 8-bit/invalid UTF-8 headers"),
    Case(
        "headers_without_body",
        headers_without_body,
        "headers, no separator, no body: a verdict",
    ),
    Case(
        "body_without_headers",
        body_without_headers,
        "no headers at all: a verdict naming the missing separator",
        ("MISSING_HEADER_BODY_SEPARATOR",),
    ),
    Case(
        "broken_base64",
        broken_base64,
        "damaged base64: decoded as far as possible, defect named",
        ("INVALID_BASE64_CHARACTERS", "INVALID_BASE64_LENGTH", "INVALID_BASE64_PADDING"),
    ),
    Case("broken_qp", broken_qp, "damaged quoted-printable in ISO-2022-JP: a verdict"),
    Case(
        "unterminated_boundary",
        unterminated_boundary,
        "no close delimiter: CLOSE_BOUNDARY_NOT_FOUND",
        ("CLOSE_BOUNDARY_NOT_FOUND",),
    ),
    Case("colliding_boundaries", colliding_boundaries, "nested parts reuse and prefix a boundary"),
    Case(
        "many_parameters",
        many_parameters,
        "Content-Type with 10,000 parameters: header cut, bounded time",
        ("HEADER_TRUNCATED",),
        10_000,
        10_000,
    ),
    Case(
        "many_parameters_multipart",
        many_parameters_multipart,
        "10,000 parameters before the boundary (email's parameter split took 0.3 s per MB)",
        ("HEADER_TRUNCATED",),
        10_000,
        30_000,
    ),
    Case(
        "parameter_flood_parts",
        parameter_flood_parts,
        "parts that each carry 1,000 parameters (0.18 s for 150 before the cache and cut)",
        ("HEADER_TRUNCATED",),
        150,
        1000,
    ),
    Case(
        "deep_nesting",
        deep_nesting,
        "multipart nesting 10,000 deep: cut before email recurses",
        ("MESSAGE_TRUNCATED", "NESTING_TOO_DEEP", "PARSER_ERROR"),
        10_000,
        10_000,
    ),
    Case(
        "deep_rfc822",
        deep_rfc822,
        "message/rfc822 nested 10,000 deep: bounded",
        ("MESSAGE_TRUNCATED", "NESTING_TOO_DEEP", "PARSER_ERROR"),
        10_000,
        10_000,
    ),
    Case(
        "many_parts",
        many_parts,
        "100,000 parts: TOO_MANY_PARTS",
        ("TOO_MANY_PARTS",),
        100_000,
        100_000,
    ),
    Case(
        "many_header_lines",
        many_header_lines,
        "100,000 header lines: TOO_MANY_HEADERS",
        ("TOO_MANY_HEADERS",),
        100_000,
        100_000,
    ),
    Case(
        "many_to_headers",
        many_to_headers,
        "100,000 To: lines (79 s before the caps)",
        ("TOO_MANY_HEADERS", "TOO_MANY_RECIPIENTS"),
        100_000,
        100_000,
    ),
    Case(
        "long_line",
        long_line,
        "one body line of 1 GB (8 MB in the test run): MESSAGE_TRUNCATED",
        ("MESSAGE_TRUNCATED",),
        8_000_000,
        1_000_000_000,
    ),
    Case(
        "long_header",
        long_header,
        "a 10 MB Subject of encoded words",
        ("HEADER_TRUNCATED", "MESSAGE_TRUNCATED"),
        1_000_000,
        10_000_000,
    ),
    Case(
        "base64_attachment",
        base64_attachment,
        "a 50 MB base64 attachment: size only, never decoded",
        ("MESSAGE_TRUNCATED",),
        4_000_000,
        50_000_000,
    ),
    Case(
        "html_tags",
        html_tags,
        "HTML with millions of tags: TEXT_TRUNCATED",
        ("TEXT_TRUNCATED", "MESSAGE_TRUNCATED"),
        1_000_000,
        3_000_000,
    ),
    Case("html_unclosed", html_unclosed, "unclosed attribute quotes", (), 100_000, 1_000_000),
    Case(
        "iso2022jp_escape_storm",
        iso2022jp_escape_storm,
        "an escape sequence every 7 bytes",
        (),
        700_000,
        700_000,
    ),
    Case(
        "eucjp_garbage",
        eucjp_garbage,
        "EUC-JP with NEC leads (charset scoring read it whole: 220 ms, 60 MB)",
        (),
        500_000,
        800_000,
    ),
    Case(
        "anchor_backtracking",
        anchor_backtracking,
        "<a href= without '>' (regex backtracking in signals)",
        (),
        20_000,
        20_000,
    ),
    Case(
        "long_boundary",
        long_boundary,
        "a 1 MB boundary (email compiled it into a regex: 1.1 s, 125 MB)",
        ("BOUNDARY_TOO_LONG",),
        100_000,
        1_000_000,
    ),
    Case("bare_cr_lines", bare_cr_lines, "bare CR line ends", (), 1_000_000, 10_000_000),
    Case("utf16_odd", utf16_odd, "UTF-16 label on an odd number of bytes"),
    Case(
        "encoded_word_flood",
        encoded_word_flood,
        "thousands of ISO-2022-JP encoded words in Subject and From",
        (),
        5_000,
        50_000,
    ),
    Case(
        "links_flood",
        links_flood,
        "thousands of links in every disguise (the link detectors read the first 200)",
        (),
        2_000,
        20_000,
    ),
    Case(
        "zip_directory_flood",
        zip_directory_flood,
        "a zip directory of thousands of members (500 are listed)",
        (),
        5_000,
        60_000,
    ),
    Case(
        "zip_signature_junk",
        zip_signature_junk,
        "a .zip attachment of bare signatures",
        (),
        100_000,
        700_000,
    ),
    Case(
        "styled_nesting",
        styled_nesting,
        "nested styled elements (the style stack stops at 256)",
        (),
        5_000,
        100_000,
    ),
)
