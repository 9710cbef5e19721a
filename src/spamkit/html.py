"""HTML mail to readable text plus the links a reader could click.

Built on :class:`html.parser.HTMLParser` (stdlib, tolerant of broken markup, one
pass).  Script, style, title and other invisible content is dropped, entities are
unescaped, block elements become line breaks and runs of blanks collapse.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["find_urls", "html_to_text"]

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

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"]>"


def _clean_url(url: str) -> str:
    url = url.rstrip(_TRAILING)
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(_TRAILING)
    return url


def find_urls(text: str) -> list[str]:
    """Bare ``http(s)://`` and ``www.`` URLs in plain text, in order, ASCII characters only.

    A URL stops at the first non-ASCII character, so ``https://example.com/のご確認``
    yields ``https://example.com/``.
    """
    if "http" not in text and "www." not in text and "HTTP" not in text and "WWW." not in text:
        return []
    found = []
    for match in _URL.finditer(text):
        url = _clean_url(match.group())
        if len(url) > 7 and url.lower() not in ("http://", "https://"):
            found.append(url)
    return found


def _is_link(url: str) -> bool:
    """Keep web links; drop ``mailto:``, ``javascript:``, ``cid:`` and in-page anchors."""
    lowered = url[:12].lower()
    return lowered.startswith(("http:", "https:", "ftp:", "www.", "//"))


class _TextExtractor(HTMLParser):
    """Collect visible text and ``(href, text)`` pairs in a single pass."""

    def __init__(self, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
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
            if href and _is_link(href):
                self.anchor = (href, len(self.pieces))
        elif tag == "area":
            href = _attr(attrs, "href")
            if href and _is_link(href):
                self.links.append((href, _attr(attrs, "alt")))
        elif tag == "form":
            action = _attr(attrs, "action")
            if action and _is_link(action):
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
    :class:`html.parser.HTMLParser` reads the input once; no regex here has nested
    quantifiers, so the cost is linear in the input size.
    """
    limit = max_chars * 8
    cut = len(html) > limit
    if cut:
        html = html[:limit]
    parser = _TextExtractor(max_chars)
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        cut = True
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
