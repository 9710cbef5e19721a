"""HTML mail to readable text plus the links a reader could click.

A small tokenizer of our own walks the markup once, with ``str.find`` and a few
regexes without nested quantifiers.  :class:`html.parser.HTMLParser` was the first
choice, but on CPython 3.11.7 it is quadratic on unclosed tags: 60 kB of ``"<a "``
took 37 s (2026-11-27; CPython fixed this class of bug in gh-135462, 3.13.4).  At end
of input an unclosed tag, comment or script is dropped, as HTML5 does.

Script, style, title and other invisible content is dropped, entities are
unescaped, block elements become line breaks and runs of blanks collapse.

The same pass notes how the markup is built (:class:`HtmlFacts`): forms and password
fields, images (remote, inline, tracking pixels left out) and text a reader cannot see
although it is in the rendered text: styled ``display:none``, ``visibility:hidden``,
``opacity:0``, a font of 0-2 px, a box of no height, or a colour equal to the background
(inline attributes and ``style`` only; a stylesheet's classes are not applied, so when
the document has one, the page background counts as unknown).  The detectors of
:mod:`spamkit.detectors.structure` read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import NamedTuple

from .links import is_web_link

__all__ = ["HtmlFacts", "HtmlRendering", "html_to_text", "render_html"]

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


@dataclass(frozen=True)
class HtmlFacts:
    """How the HTML of a mail is built: what :func:`render_html` noticed on its one pass.

    Attributes
    ----------
    forms : int
        ``<form>`` elements.
    inputs : int
        ``<input>`` fields a reader types into (not hidden, submit, button, ...).
    password_inputs : int
        ``<input type=password>`` fields.
    images : int
        ``<img>`` elements, tracking pixels (a width or height of 0-2) left out.
    remote_images : int
        Those of them whose ``src`` is a web address (fetched when shown).
    text_chars : int
        Non-blank characters of rendered text.
    hidden_chars : int
        Non-blank characters of rendered text that a reader cannot see (see the module
        docstring); a part of ``text_chars``.
    leading_hidden_chars : int
        Those of them before the first visible character: where a newsletter's
        "preheader" (the preview line a mail list shows) is hidden.
    hidden_how : str
        How the first hidden run after visible text was hidden (``"display:none"``,
        ``"font-size:1px"``, ``"color #ffffff on #ffffff"``, ...); the leading run's
        when there is no other.
    hidden_sample : str
        Its first characters.
    """

    forms: int = 0
    inputs: int = 0
    password_inputs: int = 0
    images: int = 0
    remote_images: int = 0
    text_chars: int = 0
    hidden_chars: int = 0
    leading_hidden_chars: int = 0
    hidden_how: str = ""
    hidden_sample: str = ""

    def __add__(self, other: HtmlFacts) -> HtmlFacts:
        """The facts of two HTML parts of one mail, summed (the first hidden run kept)."""
        later = [f for f in (self, other) if f.hidden_chars > f.leading_hidden_chars]
        first = (later or [f for f in (self, other) if f.hidden_how] or [self])[0]
        return HtmlFacts(
            self.forms + other.forms,
            self.inputs + other.inputs,
            self.password_inputs + other.password_inputs,
            self.images + other.images,
            self.remote_images + other.remote_images,
            self.text_chars + other.text_chars,
            self.hidden_chars + other.hidden_chars,
            self.leading_hidden_chars + other.leading_hidden_chars,
            first.hidden_how,
            first.hidden_sample,
        )


class HtmlRendering(NamedTuple):
    """What :func:`render_html` makes of one HTML document."""

    text: str
    links: list[tuple[str, str]]
    truncated: bool
    facts: HtmlFacts


#: Open elements whose style is followed; deeper ones inherit the deepest kept.
MAX_STYLE_DEPTH = 256
#: Characters of a ``style`` attribute read.
_MAX_STYLE = 2_000
#: Characters of hidden text kept as a sample.
_SAMPLE = 80
_RGB = re.compile(r"rgba?\(\s{0,5}(\d{1,3})%?\s{0,5},\s{0,5}(\d{1,3})%?\s{0,5},\s{0,5}(\d{1,3})")
_HEX = re.compile(r"#?([0-9a-f]{6}|[0-9a-f]{3})")
_LENGTH = re.compile(r"(-?\d{0,6}(?:\.\d{1,6})?)\s{0,3}(px|pt|em|rem|%)?")
_NAMED_COLOURS = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "silver": (192, 192, 192),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "navy": (0, 0, 128),
    "whitesmoke": (245, 245, 245),
    "snow": (255, 250, 250),
    "ivory": (255, 255, 240),
}
#: A colour that cannot be known (an image, a stylesheet's class, ``transparent``...).
_UNKNOWN = (-1, -1, -1)
#: Tiny fonts, largest still "tiny" per unit: 2 px, 1.5 pt, 0.15 em/rem, 15 %.
_TINY = {"px": 2.0, "": 2.0, "pt": 1.5, "em": 0.15, "rem": 0.15, "%": 15.0}
#: Input types a reader does not type into.
_NOT_TYPED = frozenset({"hidden", "submit", "button", "image", "reset", "checkbox", "radio"})


@lru_cache(maxsize=1024)
def _colour(value: str) -> tuple[int, int, int] | None:
    """An (r, g, b) triple, :data:`_UNKNOWN` for what cannot be read, ``None`` when unset."""
    value = value.strip().lower()[:60]
    if not value or value in ("inherit", "initial", "unset", "currentcolor"):
        return None
    value = value.removesuffix("!important").strip()
    if value in _NAMED_COLOURS:
        return _NAMED_COLOURS[value]
    match = _RGB.match(value)
    if match:
        return tuple(min(255, int(g)) for g in match.groups())  # type: ignore[return-value]
    match = _HEX.fullmatch(value)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    return _UNKNOWN


def _background(value: str) -> tuple[int, int, int] | None:
    """The colour of a CSS ``background`` shorthand: its colour word if it has one."""
    value = value.strip().lower()[:200]
    if "url(" in value or "gradient" in value:
        return _UNKNOWN
    for word in value.split():
        found = _colour(word)
        if found is not None and found != _UNKNOWN:
            return found
    return _UNKNOWN if value else None


def _tiny(value: str) -> str | None:
    match = _LENGTH.match(value.strip().lower()[:40])
    if not match or not match.group(1) or match.group(1) in ("-", "."):
        return None
    try:
        size = float(match.group(1))
    except ValueError:
        return None
    unit = match.group(2) or ""
    return f"font-size:{value.strip()[:12]}" if size <= _TINY[unit] else None


def _zero(value: str) -> bool:
    match = _LENGTH.match(value.strip().lower()[:40])
    if not match or not match.group(1):
        return False
    try:
        return float(match.group(1)) <= 0
    except ValueError:
        return False


def _close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Two colours a reader cannot tell apart (every channel within 12 of 255)."""
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))


class _Looks:
    """The look open elements give their text: hidden (and how), text colour, background.

    Shared by every element that changes nothing, so most elements cost one list entry.
    """

    __slots__ = ("background", "colour", "how", "seen")

    def __init__(
        self,
        how: str = "",
        colour: tuple[int, int, int] | None = None,
        background: tuple[int, int, int] | None = None,
    ) -> None:
        self.how, self.colour, self.background = how, colour, background
        #: (stylesheet seen, how text in this look is hidden), computed on first use
        self.seen: tuple[bool, str] | None = None


#: Attributes that can change how text looks.
_LOOK_ATTRS = frozenset({"style", "color", "bgcolor", "background", "hidden", "class"})


#: The look of text no element has styled.
_PLAIN = _Looks()


def _hidden_by(look: _Looks, stylesheet: bool) -> str:
    """How text in ``look`` is hidden, or ``""``."""
    return _hidden(look.how, look.colour, look.background, stylesheet)


@lru_cache(maxsize=1024)
def _hidden(
    how: str,
    colour: tuple[int, int, int] | None,
    background: tuple[int, int, int] | None,
    stylesheet: bool,
) -> str:
    """An unset background is white, unless a stylesheet may have set it."""
    if how:
        return how
    if colour is None or colour == _UNKNOWN:
        return ""
    if background is None:
        if stylesheet:
            return ""
        background = (255, 255, 255)
    if background == _UNKNOWN or not _close(colour, background):
        return ""
    return "color #{:02x}{:02x}{:02x} on #{:02x}{:02x}{:02x}".format(*colour, *background)


def _own_look(
    tag: str, attrs: list[tuple[str, str | None]]
) -> tuple[str, tuple[int, int, int] | None, tuple[int, int, int] | None]:
    """(how it hides itself, its text colour, its background) from its own attributes."""
    how = ""
    colour = background = None
    for key, value in attrs:
        if key == "hidden":
            how = "hidden attribute"
        elif value is None:
            continue
        elif key == "color" and tag == "font":
            colour = _colour(value)
        elif key == "bgcolor":
            background = _colour(value)
        elif key == "background" and value.strip():
            background = _UNKNOWN
        elif key == "style":
            style_how, style_colour, style_background = _style_look(value)
            how = how or style_how
            colour = style_colour if style_colour is not None else colour
            background = style_background if style_background is not None else background
    return how, colour, background


@lru_cache(maxsize=1024)
def _style_look(
    style: str,
) -> tuple[str, tuple[int, int, int] | None, tuple[int, int, int] | None]:
    how = ""
    colour = background = None
    no_height = overflow_hidden = False
    for declaration in style[:_MAX_STYLE].split(";"):
        name, _, value = declaration.partition(":")
        name = name.strip().lower()
        value = value.strip().lower().removesuffix("!important").strip()
        if name == "display" and value == "none":
            how = how or "display:none"
        elif name == "visibility" and value in ("hidden", "collapse"):
            how = how or "visibility:hidden"
        elif name == "opacity" and _zero(value):
            how = how or "opacity:0"
        elif name == "font-size":
            how = how or (_tiny(value) or "")
        elif name in ("height", "max-height", "width", "max-width") and _zero(value):
            no_height = True
        elif name == "overflow" and value == "hidden":
            overflow_hidden = True
        elif name == "color":
            colour = _colour(value)
        elif name == "background-color":
            background = _colour(value)
        elif name == "background":
            background = _background(value)
        elif name == "background-image" and value not in ("none", ""):
            background = _UNKNOWN
    if no_height and overflow_hidden:
        how = how or "size 0, overflow:hidden"
    return how, colour, background


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
        # How the markup is built (HtmlFacts)
        self.tags: list[str] = []
        self.looks: list[_Looks] = []
        self.stylesheet = False
        self.seen_visible = False
        self.counts = {
            "forms": 0,
            "inputs": 0,
            "password_inputs": 0,
            "images": 0,
            "remote_images": 0,
            "text_chars": 0,
            "hidden_chars": 0,
            "leading_hidden_chars": 0,
        }
        self.hidden_how = ""
        self.hidden_sample = ""
        self.leading_how = ""
        self.leading_sample = ""

    def facts(self) -> HtmlFacts:
        """What the pass noticed about the markup."""
        return HtmlFacts(
            **self.counts,
            hidden_how=self.hidden_how or self.leading_how,
            hidden_sample=self.hidden_sample if self.hidden_how else self.leading_sample,
        )

    def _look(self, tag: str, attrs: list[tuple[str, str | None]], styled: bool) -> None:
        """Follow the look of an element just opened (inherited from the open ones)."""
        if len(self.tags) >= MAX_STYLE_DEPTH:
            return
        parent = self.looks[-1] if self.looks else _PLAIN
        look = parent
        if styled:
            how, colour, background = _own_look(tag, attrs)
            if self.stylesheet and background is None and _attr(attrs, "class"):
                background = _UNKNOWN  # a class may set it
            how = parent.how or how
            colour = colour if colour is not None else parent.colour
            background = background if background is not None else parent.background
            if (how, colour, background) != (parent.how, parent.colour, parent.background):
                look = _Looks(how, colour, background)
        self.tags.append(tag)
        self.looks.append(look)

    def _unlook(self, tag: str) -> None:
        """Close ``tag``: the nearest open one of its name among the last 32 (HTML is forgiving)."""
        tags = self.tags
        if tags[-1] == tag:
            tags.pop()
            self.looks.pop()
            return
        for back in range(len(tags) - 2, max(len(tags) - 33, -1), -1):
            if tags[back] == tag:
                del tags[back:]
                del self.looks[back:]
                return

    def _invisible(self) -> str:
        """How text written now would be hidden from a reader, or ``""``."""
        if not self.looks:
            return ""
        look = self.looks[-1]
        if look.seen is None or look.seen[0] != self.stylesheet:
            look.seen = (self.stylesheet, _hidden_by(look, self.stylesheet))
        return look.seen[1]

    def _notice(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count forms, fields and images."""
        if tag == "form":
            self.counts["forms"] += 1
        elif tag == "input":
            kind = _attr(attrs, "type").lower()
            if kind == "password":
                self.counts["password_inputs"] += 1
            if kind not in _NOT_TYPED:
                self.counts["inputs"] += 1
        elif tag == "img":
            width, height = _attr(attrs, "width"), _attr(attrs, "height")
            if (width and _tiny_box(width)) or (height and _tiny_box(height)):
                return  # a tracking pixel, not a picture
            self.counts["images"] += 1
            if _attr(attrs, "src").lower().startswith(("http:", "https:", "//")):
                self.counts["remote_images"] += 1

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
            if tag == "style":
                self.stylesheet = True
            return
        if tag in _FACT_TAGS:
            self._notice(tag, attrs)
        if tag not in _VOID:
            styled = False
            for key, _ in attrs:
                if key in _LOOK_ATTRS:
                    styled = True
                    break
            if styled or self.tags:
                self._look(tag, attrs, styled)
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
        if self.tags:
            self._unlook(tag)
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
            self._count(" ".join(data.split()))
            self._add(data)
            return
        words = data.split()
        if not words:
            self._add(" ")
            return
        text = " ".join(words)
        if self.looks or not self.seen_visible:
            self._count(text)
        elif self.size < self.max_chars:  # the common case, inline: visible, unstyled
            self.counts["text_chars"] += len(text) - len(words) + 1
        if data[0].isspace():
            text = " " + text
        if data[-1].isspace():
            text += " "
        self._add(text)

    def _count(self, text: str) -> None:
        """Count the non-blank characters of ``text`` (words joined by single spaces)."""
        if self.size >= self.max_chars:
            return
        chars = len(text) - text.count(" ")
        self.counts["text_chars"] += chars
        how = self._invisible() if self.looks else ""
        if not how:
            self.seen_visible = self.seen_visible or chars > 0
        elif chars:
            self.counts["hidden_chars"] += chars
            if not self.seen_visible:
                self.counts["leading_hidden_chars"] += chars
                if not self.leading_how:
                    self.leading_how, self.leading_sample = how, text[:_SAMPLE]
            elif not self.hidden_how:
                self.hidden_how, self.hidden_sample = how, text[:_SAMPLE]


_FACT_TAGS = frozenset({"form", "input", "img"})


def _tiny_box(value: str) -> bool:
    match = _LENGTH.match(value.strip().lower()[:20])
    if not match or not match.group(1):
        return False
    try:
        return float(match.group(1)) <= 2 and (match.group(2) or "px") == "px"
    except ValueError:
        return False


def _attr(attrs: list[tuple[str, str | None]], name: str) -> str:
    for key, value in attrs:
        if key == name and value:
            return value.strip()
    return ""


def html_to_text(html: str, max_chars: int = 200_000) -> tuple[str, list[tuple[str, str]], bool]:
    """Render HTML mail as plain text and collect its links.

    :func:`render_html` without the :class:`HtmlFacts`: the same parameters and the
    same first three results.

    Examples
    --------
    >>> html_to_text('<p>Hi <a href="https://example.com/">there</a></p>')
    ('Hi there', [('https://example.com/', 'there')], False)
    """
    text, links, truncated, _ = render_html(html, max_chars)
    return text, links, truncated


def render_html(html: str, max_chars: int = 200_000) -> HtmlRendering:
    """Render HTML mail as plain text, collect its links and note how it is built.

    Parameters
    ----------
    html : str
        Decoded HTML (a whole document or a fragment; broken markup is fine).
    max_chars : int, default 200_000
        Stop collecting text after about this many characters; the input itself is
        cut at eight times this size before parsing.

    Returns
    -------
    HtmlRendering
        ``text``: visible text, one line per block element, blanks collapsed, no empty
        lines (text styled invisible is kept: it is what a tokeniser would be fed);
        ``links``: ``(url, anchor text)`` for ``<a href>``, ``(url, alt)`` for
        ``<area href>`` and ``(url, "")`` for ``<form action>``, web links only (http,
        https, ftp, www); ``truncated``: whether the text or the input was cut;
        ``facts``: the :class:`HtmlFacts` of the markup read.

    Notes
    -----
    The tokenizer reads the input once; no regex here has nested quantifiers, so the
    cost is linear in the input size.  Styles are followed through at most
    :data:`MAX_STYLE_DEPTH` open elements, and an end tag looks back at most 32 of them.

    Examples
    --------
    >>> page = render_html('<p>Pay<span style="font-size:0">zq</span>Pal</p><img src="https://x.test/a.png">')
    >>> page.text, page.facts.hidden_chars, page.facts.hidden_how, page.facts.remote_images
    ('PayzqPal', 2, 'font-size:0', 1)
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
    return HtmlRendering(text, parser.links, cut or parser.truncated, parser.facts())
