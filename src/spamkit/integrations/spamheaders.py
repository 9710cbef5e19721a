"""SpamAssassin-style ``X-Spam-*`` header fields: made from a verdict, and forged ones renamed.

Filter mode, the milter and ``spamkit serve`` (PROCESS, HEADERS, SYMBOLS, REPORT) all
report a verdict with these functions, so the three never differ::

    X-Spam-Checker-Version: spamkit 0.1.0
    X-Spam-Flag: YES                  (spam only)
    X-Spam-Level: ***
    X-Spam-Score: 3.250
    X-Spam-Status: Yes, score=3.25 required=0.00 tests=RULE_A,RULE_B version=0.1.0
    X-Spam-Report:
            *   2.00 RULE_A What rule A looks for
            *        [the evidence it matched]
            *   0.71 subject:=?UTF-8?B?44GK5b6X?= model token

(folded lines start with a tab).

* :func:`fired_names` are the ``tests=`` list (and spamd's SYMBOLS answer);
  :func:`report_lines` the report, one entry a line, as text (spamd's REPORT answer);
  :func:`spam_headers` the header fields, folded at 78 columns.
* Header text outside ASCII (a Japanese token, a description, the evidence) is written
  as RFC 2047 encoded words in UTF-8, as SpamAssassin's ``mime_encode_header`` does
  (``Q`` or ``B``, whichever is shorter): ASCII words stay readable, each run of other
  words becomes encoded words of at most 75 characters, never cut inside a character,
  and :mod:`email.header` reads the text back.
* A sender's own ``X-Spam-*`` fields are *renamed* to ``X-Spam-Prev-*``
  (:func:`rename_spam_headers` on raw bytes, :func:`forged_name` for a milter that
  renames through the MTA): an upstream verdict stays visible to the postmaster, and no
  recipe that tests ``^X-Spam-Status: Yes`` can match a forgery.  ``X-Spam-Prev-*``
  fields are left alone, so filtering twice is stable.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterable, Sequence

from .._version import __version__
from ..classifier import Reason, Verdict

__all__ = [
    "REPORT_RULES",
    "REPORT_TOKENS",
    "WIDTH",
    "error_header",
    "fired_names",
    "forged_name",
    "header_block",
    "insert_headers",
    "line_ending",
    "rename_spam_headers",
    "report_lines",
    "spam_headers",
    "split_field",
]

#: How many reasons the report lists: the rules that fired (strongest first), then the
#: model's strongest tokens.
REPORT_RULES, REPORT_TOKENS = 20, 5
#: Header lines are folded before this many columns (RFC 5322's recommended limit).
WIDTH = 78
#: RFC 2047: an encoded word is at most 75 characters long.
_ENCODED_WORD_MAX = 75

_PREFIX, _PREV = "X-Spam-", "X-Spam-Prev-"
_FIELD_NAME = re.compile(rb"^[!-9;-~]+:")
_SPAM_FIELD = re.compile(rb"(?im)^x-spam-(?!prev-)(?=[!-9;-~]*:)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_NAME_SAFE = re.compile(r"[^A-Za-z0-9_.:-]+")
_PLAIN_WORD = re.compile(r"[\x21-\x7e]*")
_Q_SAFE = re.compile(rb"[!-<>@-^`-~]")  # printable ASCII but "=", "?", "_" (RFC 2047 5.1)


# ---------------------------------------------------------------------------
# text


def _clean(text: str, limit: int) -> str:
    """One line of text: control characters gone, at most ``limit`` characters."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _encode_word(text: str) -> str:
    """``text`` as one RFC 2047 encoded word in UTF-8, Q or B, whichever is shorter."""
    raw = text.encode("utf-8", "replace")
    b = "=?UTF-8?B?" + base64.b64encode(raw).decode("ascii") + "?="
    q = "=?UTF-8?Q?" + "".join(_q_char(byte) for byte in raw) + "?="
    return q if len(q) <= len(b) else b


def _q_char(byte: int) -> str:
    if byte == 0x20:
        return "_"
    char = bytes((byte,))
    return char.decode("ascii") if _Q_SAFE.fullmatch(char) else f"={byte:02X}"


def _encoded_words(text: str) -> list[str]:
    """``text`` as encoded words of at most 75 characters, cut between characters only.

    Adjacent encoded words are read back with nothing between them (RFC 2047 6.2), so
    the spaces inside ``text`` travel inside the words.
    """
    words: list[str] = []
    chunk = ""
    for char in text:
        if chunk and len(_encode_word(chunk + char)) > _ENCODED_WORD_MAX:
            words.append(_encode_word(chunk))
            chunk = char
        else:
            chunk += char
    if chunk:
        words.append(_encode_word(chunk))
    return words


def _header_words(text: str) -> list[str]:
    """``text`` split at spaces into header words: plain ASCII words as they are, each run of
    other words (non-ASCII, or looking like an encoded word) as encoded words."""
    out: list[str] = []
    run: list[str] = []
    for word in text.split(" "):
        if _PLAIN_WORD.fullmatch(word) and "=?" not in word:
            if run:
                out.extend(_encoded_words(" ".join(run)))
                run = []
            out.append(word)
        else:
            run.append(word)
    if run:
        out.extend(_encoded_words(" ".join(run)))
    return out


def _fold_words(first: str, words: Sequence[str], indent: str, width: int = WIDTH) -> list[str]:
    """Lay ``words`` after ``first``, one space apart, starting a new line (``indent`` +
    word) before a word that would pass ``width``; empty words keep runs of spaces."""
    lines = [first]
    for word in words:
        line = lines[-1]
        joined = f"{line} {word}" if line else word
        if word and len(joined) > width and line.strip():
            lines[-1] = line.rstrip()
            lines.append(indent + word)
        else:
            lines[-1] = joined
    return lines


def _fold_pieces(prefix: str, pieces: Sequence[str], width: int = WIDTH) -> str:
    """Join ``pieces`` (each ending in its separator) after ``prefix``, folding with
    ``\\n\\t`` before ``width`` columns, as SpamAssassin folds its test list."""
    out, line = [], prefix
    for piece in pieces:
        if len(line) + len(piece.rstrip()) > width and line.strip():
            out.append(line.rstrip())
            line = "\t"
        line += piece
    out.append(line.rstrip())
    return "\n".join(out)


# ---------------------------------------------------------------------------
# what a verdict says


def fired_names(verdict: Verdict) -> list[str]:
    """The names of the rules that fired, header-safe and sorted: ``tests=`` and SYMBOLS.

    Examples
    --------
    >>> from spamkit.classifier import Reason, Verdict
    >>> fired_names(Verdict("spam", 0.9, 3.0, 0.0, [Reason("B_RULE", 1.0, ""),
    ...                                             Reason("A RULE", 2.0, "")]))
    ['A_RULE', 'B_RULE']
    """
    return sorted({_NAME_SAFE.sub("_", r.name) for r in verdict.rules})


def _reported(verdict: Verdict) -> list[Reason]:
    rules = sorted(verdict.rules, key=lambda r: -abs(r.score))[:REPORT_RULES]
    tokens = [r for r in verdict.reasons if r.kind == "token"][:REPORT_TOKENS]
    return [*rules, *tokens]


def report_lines(verdict: Verdict) -> list[str]:
    """The report, one entry a line, as text (not encoded): ``*   2.00 NAME description``,
    then ``*        [evidence]`` under a reason that has evidence.

    Rules come first (strongest first, at most :data:`REPORT_RULES`), then the model's
    strongest tokens (at most :data:`REPORT_TOKENS`).  Control characters are removed and
    each part is bounded (name 60, description 120, evidence 100 characters).

    Examples
    --------
    >>> from spamkit.classifier import Reason, Verdict
    >>> v = Verdict("spam", 0.96, 3.25, 0.0, [Reason("RULE_A", 2.0, "a rule", "rule", "x")])
    >>> report_lines(v)
    ['*   2.00 RULE_A a rule', '*        [x]']
    """
    lines = []
    for reason in _reported(verdict):
        what = "model token" if reason.kind == "token" else reason.description
        name, what = _clean(reason.name, 60), _clean(what, 120)
        lines.append(f"* {reason.score:6.2f} {name} {what}".rstrip())
        if reason.evidence:
            lines.append(f"*        [{_clean(reason.evidence, 100)}]")
    return lines


def spam_headers(verdict: Verdict) -> list[str]:
    """The header fields (``Name: value``, folded with ``\\n\\t``) that report ``verdict``.

    Every line is ASCII and at most :data:`WIDTH` characters long, but for a single
    word longer than that; text outside ASCII is in RFC 2047 encoded words.

    Examples
    --------
    >>> from spamkit.classifier import Reason, Verdict
    >>> v = Verdict("spam", 0.96, 3.25, 0.0, [Reason("RULE_A", 2.0, "a rule")])
    >>> print("\\n".join(spam_headers(v)[1:-1]))
    X-Spam-Flag: YES
    X-Spam-Level: ***
    X-Spam-Score: 3.250
    X-Spam-Status: Yes, score=3.25 required=0.00 tests=RULE_A version=0.1.0
    >>> spam_headers(v)[-1]
    'X-Spam-Report:\\n\\t*   2.00 RULE_A a rule'
    """
    score = verdict.score if math.isfinite(verdict.score) else 0.0
    names = fired_names(verdict) or ["none"]
    tests = [f"{n}," for n in names[:-1]] + [f"{names[-1]} "]
    tests[0] = "tests=" + tests[0]
    status = _fold_pieces(
        f"X-Spam-Status: {'Yes' if verdict.is_spam else 'No'}, ",
        [
            f"score={score:.2f} ",
            f"required={verdict.threshold:.2f} ",
            *tests,
            f"version={__version__}",
        ],
    )
    fields = [f"X-Spam-Checker-Version: spamkit {__version__}"]
    if verdict.is_spam:
        fields.append("X-Spam-Flag: YES")
    fields.append(f"X-Spam-Level: {'*' * max(0, min(50, int(score)))}".rstrip())
    fields.append(f"X-Spam-Score: {score:.3f}")
    fields.append(status)
    report = ["X-Spam-Report:"]
    for line in report_lines(verdict):
        words = _header_words(line)
        report += _fold_words("\t" + words[0], words[1:], indent="\t   ")
    if len(report) == 1:
        report[0] += " none"
    fields.append("\n".join(report))
    return fields


def error_header(reason: str) -> str:
    """``X-Spam-Status: Error, reason=...``: the field a message gets when it was not judged."""
    words = _header_words(f"Error, reason={_clean(reason, 300)}")
    return "\n".join(_fold_words("X-Spam-Status:", words, indent="\t"))


def split_field(field: str) -> tuple[str, str]:
    """``("X-Spam-Score", "3.250")`` from ``"X-Spam-Score: 3.250"`` (folds kept in the value)."""
    name, _, value = field.partition(":")
    return name, value.lstrip(" ")


# ---------------------------------------------------------------------------
# raw messages


def line_ending(data: bytes) -> bytes:
    """The message's own line ending: CRLF if its first line ends so, LF otherwise."""
    nl = data.find(b"\n")
    return b"\r\n" if nl > 0 and data[nl - 1 : nl] == b"\r" else b"\n"


def header_block(data: bytes) -> tuple[int, int]:
    """Offsets ``(start, end)`` of the header block: after a ``From `` line, up to the body."""
    start = 0
    if data.startswith(b"From "):
        nl = data.find(b"\n")
        start = len(data) if nl == -1 else nl + 1
    pos = start
    while pos < len(data):
        nl = data.find(b"\n", pos)
        end = len(data) if nl == -1 else nl + 1
        line = data[pos:end]
        if line.strip(b"\r\n") == b"":
            break  # the blank line that ends the header block
        if pos > start and line[:1] in (b" ", b"\t"):
            pass  # a folded continuation line
        elif not _FIELD_NAME.match(line):
            break  # not a header at all: the body starts here (malformed mail)
        pos = end
    return start, pos


def insert_headers(data: bytes, fields: Iterable[str]) -> bytes:
    """``data`` with ``fields`` (ASCII, folded with ``\\n``) at the top of its header block,
    in the message's own line ending."""
    eol = line_ending(data)
    start, _ = header_block(data)
    block = b"".join(field.replace("\n", eol.decode()).encode("ascii") + eol for field in fields)
    return data[:start] + block + data[start:]


def rename_spam_headers(data: bytes) -> bytes:
    """Rename every ``X-Spam-*`` field of the header block to ``X-Spam-Prev-*``.

    Only field names in the header block change; the body and every other byte
    stay as they were.

    Examples
    --------
    >>> rename_spam_headers(b"X-Spam-Flag: YES\\nSubject: x\\n\\nX-Spam-Flag: body\\n")
    b'X-Spam-Prev-Flag: YES\\nSubject: x\\n\\nX-Spam-Flag: body\\n'
    """
    start, end = header_block(data)
    head = _SPAM_FIELD.sub(_PREV.encode(), data[start:end])
    return data[:start] + head + data[end:]


def forged_name(name: str) -> str | None:
    """What an incoming field called ``name`` is renamed to, or ``None`` if it stays.

    Examples
    --------
    >>> forged_name("x-spam-flag"), forged_name("X-Spam-Prev-Flag"), forged_name("Subject")
    ('X-Spam-Prev-flag', None, None)
    """
    lower = name.lower()
    if not lower.startswith(_PREFIX.lower()) or lower.startswith(_PREV.lower()):
        return None
    return _PREV + name[len(_PREFIX) :]
