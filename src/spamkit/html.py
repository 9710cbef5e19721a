"""HTML mail to readable text plus the links a reader could click.

A small tokenizer of our own walks the markup once, with ``str.find`` and a few
regexes without nested quantifiers.  :class:`html.parser.HTMLParser` was the first
choice, but on CPython 3.11.7 it is quadratic on unclosed tags: 60 kB of ``"<a "``
took 37 s (2026-11-27; CPython fixed this class of bug in gh-135462, 3.13.4).  At end
of input an unclosed tag, comment or script is dropped, as HTML5 does.

Script, style, title and other invisible content is dropped, entities are
unescaped, block elements become line breaks and runs of blanks collapse.
"""

from __future__ import annotations

import re
from html import unescape

from .links import is_web_link

__all__ = ["html_to_text"]

#: Elements whose content a mail reader never shows.
_HIDDEN = frozenset({"script", "style", "title", "template", "xml"})
#: Elements that start or end a line.
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul", "body", "html",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})

_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTR = re.compile(r"""[\s/]*([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")
_BLANKS = re.compile(r"[\s/]+")
#: Elements whose content is not markup (title is left out: an unclosed one would eat the body).
_RAW_TEXT = frozenset({"script", "style", "xmp", "textarea", "noembed"})


#: Markup items (tags, attributes, comments, stray "<") read at most; then the rest is dropped and
#: the text counts as truncated.  Each costs ~1 us in Python: 1,000,000 "<b>" took
#: 0.63 s before this cap (2026-11-27, issue 7); a large newsletter has ~5,000.
MAX_TAGS = 30_000
#: Attributes kept per tag (the rest are read past, never stored): '<a href="' repeated
#: over 1 MB is one unclosed tag of 111,000 attributes, 16 MB of tuples (issue 7).
MAX_ATTRS = 64


def _scan_markup(html: str, out: _TextExtractor) -> None:
    """Feed ``html`` to ``out`` as start tags, end tags and text, in one linear pass."""
    lower = None
    pos = 0
    end = len(html)
    budget = MAX_TAGS
    while pos < end:
        budget -= 1
        if budget < 0:
            out.truncated = True
            return
        lt = html.find("<", pos)
        if lt < 0:
            out.handle_data(_text(html[pos:]))
            return
        if lt > pos:
            out.handle_data(_text(html[pos:lt]))
        nxt = html[lt + 1 : lt + 2]
        if nxt.isalpha() and nxt.isascii():
            name_match = _TAG_NAME.match(html, lt + 1)
            assert name_match is not None
            tag = name_match.group().lower()
            attrs: list[tuple[str, str | None]] = []
            cur = name_match.end()
            closed = False
            while cur < end:
                ch = html[cur]
                if ch == ">":
                    closed = True
                    break
                attr = _ATTR.match(html, cur)
                if attr is None or attr.end() == cur:
                    # A stray quote or "=": skip it, and the blanks before it at once.
                    # Stepping one character at a time re-read the blanks each time:
                    # "<a" + 40,000 spaces took 16 s (issue 7).
                    blanks = _BLANKS.match(html, cur)
                    cur = blanks.end() if blanks is not None else cur + 1
                    continue
                budget -= 1  # attributes count too: one unclosed tag can hold 100,000
                if budget < 0:
                    out.truncated = True
                    return
                if attr.group(1) and len(attrs) < MAX_ATTRS:
                    value = attr.group(2)
                    if value is None:
                        value = attr.group(3)
                    if value is None:
                        value = attr.group(4)
                    attrs.append((attr.group(1).lower(), unescape(value) if value else value))
                cur = attr.end()
            if not closed:
                return  # EOF inside a tag: dropped
            pos = cur + 1
            self_closing = html[cur - 1] == "/"
            if self_closing:
                out.handle_startendtag(tag, attrs)
            else:
                out.handle_starttag(tag, attrs)
            if tag in _RAW_TEXT and not self_closing:
                if lower is None:
                    lower = html.lower()
                close = lower.find("</" + tag, pos)
                if close < 0:
                    return  # unclosed script/style: the rest is not text
                if tag in ("textarea", "xmp"):
                    out.handle_data(_text(html[pos:close]))
                gt = html.find(">", close)
                out.handle_endtag(tag)
                if gt < 0:
                    return
                pos = gt + 1
            continue
        if nxt == "/":
            gt = html.find(">", lt)
            if gt < 0:
                return
            name_match = _TAG_NAME.match(html, lt + 2)
            if name_match is not None:
                out.handle_endtag(name_match.group().lower())
            pos = gt + 1
            continue
        if html.startswith("<!--", lt):
            close_at = html.find("-->", lt + 4)
            if close_at < 0:
                return
            pos = close_at + 3
            continue
        if nxt in ("!", "?"):
            gt = html.find(">", lt)
            if gt < 0:
                return
            pos = gt + 1
            continue
        out.handle_data("<")
        pos = lt + 1


def _text(data: str) -> str:
    return unescape(data) if "&" in data else data


class _TextExtractor:
    """Collect visible text and ``(href, text)`` pairs in a single pass."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.size = 0
        self.pieces: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.hidden = 0
        self.pre = 0
        self.anchor: tuple[str, int] | None = None
        self.truncated = False

    def _add(self, text: str) -> None:
        if self.size >= self.max_chars:
            self.truncated = True
            return
        self.pieces.append(text)
        self.size += len(text)

    def _close_anchor(self) -> None:
        if self.anchor is not None:
            href, start = self.anchor
            self.anchor = None
            text = " ".join("".join(self.pieces[start:]).split())
            self.links.append((href, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            if tag not in _VOID:
                self.hidden += 1
            return
        if tag == "body":
            self.hidden = 0  # an unclosed <title> or <style> in the head hides nothing after it
        if tag in _BLOCK:
            self._add("\n")
        elif tag in _CELL:
            self._add("\t")
        if tag == "pre":
            self.pre += 1
        if tag == "a":
            self._close_anchor()
            href = _attr(attrs, "href")
            if href and is_web_link(href):
                self.anchor = (href, len(self.pieces))
        elif tag == "area":
            href = _attr(attrs, "href")
            if href and is_web_link(href):
                self.links.append((href, _attr(attrs, "alt")))
        elif tag == "form":
            action = _attr(attrs, "action")
            if action and is_web_link(action):
                self.links.append((action, ""))
        elif tag == "img" and self.anchor is not None:
            alt = _attr(attrs, "alt")
            if alt:
                self._add(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            if tag not in _VOID and self.hidden:
                self.hidden -= 1
            return
        if tag == "a":
            self._close_anchor()
        elif tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden or not data:
            return
        if self.pre:
            self._add(data)
            return
        words = data.split()
        if not words:
            self._add(" ")
            return
        text = " ".join(words)
        if data[0].isspace():
            text = " " + text
        if data[-1].isspace():
            text += " "
        self._add(text)


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    for key, value in attrs:
        if key == name and value:
            return value.strip()
    return ""


def html_to_text(html: str, max_chars: int = 200_000) -> tuple[str, list[tuple[str, str]], bool]:
    """Render HTML mail as plain text and collect its links.

    Parameters
    ----------
    html : str
        Decoded HTML (a whole document or a fragment; broken markup is fine).
    max_chars : int, default 200_000
        Stop collecting text after about this many characters; the input itself is
        cut at eight times this size before parsing.

    Returns
    -------
    text : str
        Visible text, one line per block element, blanks collapsed, no empty lines.
    links : list of (str, str)
        ``(url, anchor text)`` for ``<a href>``, ``(url, alt)`` for ``<area href>``
        and ``(url, "")`` for ``<form action>``; web links only (http, https, ftp, www).
    truncated : bool
        Whether the text or the input was cut.

    Notes
    -----
    The tokenizer reads the input once; no regex here has nested quantifiers, so the
    cost is linear in the input size.
    """
    limit = max_chars * 8
    cut = len(html) > limit
    if cut:
        html = html[:limit]
    parser = _TextExtractor(max_chars)
    _scan_markup(html, parser)
    parser._close_anchor()
    lines = []
    for line in "".join(parser.pieces).split("\n"):
        line = line.strip(" \t\r\f\v")
        if line:
            lines.append(line)
    text = "\n".join(lines)
    if len(text) > max_chars:
        text = text[:max_chars]
        cut = True
    return text, parser.links, cut or parser.truncated
