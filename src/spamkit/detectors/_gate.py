"""An RE2 gate in front of a big :mod:`re` pattern: skip the slow scan where it cannot match.

The conversational detectors' alternations (hundreds of words, ``\\b``, ``\\s`` and
named groups whose conditions the code checks) are Python regexes, and Python's
backtracking engine scans them slowly: SEQUENCE_CLAIM, REPLY_SOLICITATION and
JOB_OFFER_MULE took 0.68 of the detectors' 1.53 ms per message (1,000 corpus messages,
2026-11-30), nearly all of it on mail where nothing matches.

:class:`Gated` keeps the Python pattern, and every answer comes from it, so matches
and verdicts are what they were.  Before a search it asks RE2 (an automaton, linear
and fast on alternations) whether a *looser* pattern matches from that position: the
same pattern with ``\\b`` dropped, ``\\s`` and ``\\d`` widened to Python's Unicode
classes and ``$`` also accepting a newline.  Everything the Python pattern matches,
the loose one matches too, so "no" from RE2 means "no" from Python; on "maybe" the
Python pattern runs as before.  A pattern the translation does not cover
(look-arounds, back-references, ``\\w``) gets no gate and always runs in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["Gated", "loose_re2"]

#: Python's ``\\s`` for str patterns (``str.isspace``), as RE2 class items; RE2's own
#: ``\\s`` is ``[\\t\\n\\f\\r ]`` only.  tests/test_detectors_gate.py checks the list.
_SPACE = (
    r"\t\n\x0b\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}"
)
#: Python's ``\\d`` (Unicode decimal digits, category Nd).
_DIGIT = r"\p{Nd}"
#: Escapes a loose pattern cannot widen faithfully: no gate.
_UNSUPPORTED = frozenset("wWSDBAZ0123456789")
#: An inline flag group or comment, "(?i)", "(?s:...)", "(?#...)" (escaped or not: no gate
#: is always a safe answer).
_INLINE_FLAGS = re.compile(r"\(\?[-aiLmsux#]")
#: RE2's memory for a gate's automaton: enough to stay in its DFA (as spamkit.rules).
GATE_MEMORY = 16 << 20


def loose_re2(pattern: str) -> str | None:
    """The RE2 pattern that matches wherever ``pattern`` (Python syntax) can, or ``None``.

    Examples
    --------
    >>> loose_re2(r"\\bno reply\\b$")
    '(?s:no reply(?:$|\\\\n))'
    >>> print(loose_re2(r"(?<=x)y"))
    None
    """
    if "(?<" in pattern.replace("(?P<", "") or "(?=" in pattern or "(?!" in pattern:
        return None
    if "(?P=" in pattern or "(?(" in pattern or _INLINE_FLAGS.search(pattern):
        return None  # back-references, conditionals, inline flags: RE2 differs or lacks them
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= len(pattern):
                return None
            nxt = pattern[i + 1]
            i += 2
            if nxt in _UNSUPPORTED:
                return None
            if nxt == "b":
                if in_class:
                    return None  # a backspace in a class: not worth covering
                continue  # a word boundary, dropped: the loose pattern matches more
            if nxt == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif nxt == "d":
                out.append(_DIGIT if in_class else f"[{_DIGIT}]")
            elif nxt in "ntrfva":
                out.append("\\" + nxt)
            elif nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                digits = pattern[i : i + width]
                if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    return None
                out.append(f"\\x{{{digits}}}")
                i += width
            elif nxt.isalnum() or nxt == "_":
                return None  # another letter escape: not translated
            else:
                out.append(f"\\x{{{ord(nxt):x}}}")  # an escaped literal (re.escape: "\\ ")
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            # A "]" or "^]" right after the opening bracket is a literal.
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append(r"\]")
                i += 1
            continue
        if ch == "$":
            out.append(r"(?:$|\n)")  # Python's $ also matches before a final newline
        else:
            out.append(ch)
        i += 1
    if in_class:
        return None
    return "(?s:" + "".join(out) + ")"


def _compile_gate(pattern: re.Pattern[str]) -> Any:
    """The RE2 gate of ``pattern``, or ``None`` when its syntax or flags are not covered."""
    if pattern.flags & ~(re.UNICODE):
        return None  # IGNORECASE, MULTILINE, VERBOSE, ...: not translated
    loose = loose_re2(pattern.pattern)
    if loose is None:
        return None
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None
    options = re2.Options()
    options.max_mem = GATE_MEMORY
    options.log_errors = False
    try:
        return re2.compile(loose, options)
    except re2.error:
        return None


_UNBUILT = object()


class Gated:
    """A compiled :mod:`re` pattern behind an RE2 gate; ``search``/``finditer`` as ``re``'s.

    Parameters
    ----------
    pattern : re.Pattern
        The pattern that gives every answer.
    """

    __slots__ = ("_gate", "pattern", "regex")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.regex = pattern
        self.pattern = pattern.pattern
        self._gate: Any = _UNBUILT  # built on first use: a process may never need it

    def _closed(self, text: str, pos: int) -> bool:
        """True when the gate proves no match starts at or after ``pos``."""
        gate = self._gate
        if gate is _UNBUILT:
            gate = self._gate = _compile_gate(self.regex)
        if gate is None:
            return False
        return gate.search(text[pos:] if pos else text) is None

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if self._closed(text, pos):
            return None
        return self.regex.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._closed(text, 0):
            return iter(())
        return self.regex.finditer(text)
