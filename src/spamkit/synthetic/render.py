"""Render a message body, written once as blocks, to plain text and to HTML.

The generators write *what* a mail says as a list of :class:`Block` (paragraphs,
key/value fields, headings, links, notes, a signature); *how* it looks is chosen
here per message (or per sender, for a company's house style): heading marks
(■, 【】, ◆, ``==``), rule characters and lengths, how fields are aligned, how a link
is introduced, whether and where lines are wrapped, HTML layout, fonts and colours.
Kinds therefore share their layouts, and a held-out kind is not told apart by them.
"""

from __future__ import annotations

import html as _html
import random
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "Block",
    "HtmlStyle",
    "TextStyle",
    "bullets",
    "button",
    "fields",
    "heading",
    "html_style",
    "link",
    "notes",
    "para",
    "person_html",
    "pre",
    "present",
    "quote",
    "render_html",
    "render_text",
    "rule",
    "sig",
    "text_style",
    "wrap_ja",
]


@dataclass(frozen=True)
class Block:
    """One piece of a body: ``kind`` says how to lay it out."""

    kind: str
    text: str = ""
    items: tuple[tuple[str, str], ...] = ()
    url: str = ""


def para(text: str) -> Block:
    """A paragraph; ``\\n`` inside it are line breaks the writer typed."""
    return Block("p", text)


def fields(items: Sequence[tuple[str, str]], title: str = "") -> Block:
    """Key/value lines (注文番号：..., Amount: ...), optionally under a heading."""
    return Block("fields", title, tuple(items))


def heading(text: str) -> Block:
    return Block("heading", text)


def rule() -> Block:
    return Block("rule")


def link(label: str, url: str) -> Block:
    """A link introduced by ``label`` (shown as text + URL in plain text)."""
    return Block("link", label, (), url)


def button(label: str, url: str) -> Block:
    """A call to action: a button in HTML, a labelled URL in plain text."""
    return Block("button", label, (), url)


def bullets(items: Sequence[str]) -> Block:
    return Block("bullets", "", tuple((i, "") for i in items))


def notes(items: Sequence[str]) -> Block:
    """Small print (※ lines in Japanese, a footer paragraph in English)."""
    return Block("notes", "", tuple((i, "") for i in items))


def pre(text: str) -> Block:
    """Lines kept exactly as written (item tables, addresses)."""
    return Block("pre", text)


def sig(text: str) -> Block:
    """A signature block (kept as written)."""
    return Block("sig", text)


def present(blocks: Sequence[Block]) -> list[Block]:
    """``blocks`` without the empty ones a template left in (a link keeps its URL)."""
    return [b for b in blocks if b.text or b.items or b.url or b.kind == "rule"]


def quote(text: str, header: str = "") -> Block:
    """Quoted earlier mail (``> `` lines), with its attribution line."""
    return Block("quote", text, (), header)


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    """How one sender lays out plain text."""

    heading: str
    rule: str
    field: str
    align: bool
    link: str
    bullet: str
    note: str
    wrap: int
    gap: int
    indent: str
    quote: str


_HEADINGS_JA = (
    "■{t}",
    "■ {t}",
    "【{t}】",
    "◆{t}",
    "◆ {t}",
    "●{t}",
    "▼{t}",
    "[{t}]",
    "＜{t}＞",
    "◇{t}◇",
    "■{t}■",
    "□{t}",
    "≪{t}≫",
    "【 {t} 】",
    "▽{t}",
    "{t}",
    "★{t}",
)
_HEADINGS_EN = ("{T}", "{t}", "{t}:", "== {t} ==", "--- {t} ---", "[{t}]", "* {t} *", "{t}\n{u}")
_RULES = ("━", "─", "-", "=", "＝", "*", "＊", "~", "_", "・", "─", "━", "-", "=")
_FIELDS_JA = (
    "{k}：{v}",
    "{k}: {v}",
    "・{k}：{v}",
    "■{k}：{v}",
    "[{k}] {v}",
    "【{k}】{v}",
    "{k}　{v}",
    "{k}\n　{v}",
    "{k} ： {v}",
    "◇{k}：{v}",
    "●{k}\n　{v}",
    "{k}:{v}",
    "＜{k}＞{v}",
)
_FIELDS_EN = (
    "{k}: {v}",
    "{k}:  {v}",
    "{k} - {v}",
    "* {k}: {v}",
    "{k}\n  {v}",
    "{k} | {v}",
    "- {k}: {v}",
)
_LINKS_JA = (
    "{l}\n{u}",
    "▼{l}\n{u}",
    "{l}：\n{u}",
    "{l}：{u}",
    "■{l}\n{u}",
    "{l}\n→ {u}",
    "＞＞{l}\n{u}",
    "{l}\n<{u}>",
    "【{l}】\n{u}",
    "▽{l}\n{u}",
    "・{l}\n  {u}",
)
_LINKS_EN = ("{l}:\n{u}", "{l}: {u}", "{l}\n{u}", "{l} <{u}>", "{l}:\n<{u}>", "> {l}: {u}")
_BULLETS_JA = ("・", "●", "■", "- ", "※", "○", "◆", "＊", "1.", "①")
_BULLETS_EN = ("- ", "* ", "• ", "1. ", "o ", "")
_NOTES_JA = ("※", "※", "※ ", "＊", "・", "（注）", "")
_NOTES_EN = ("", "* ", "")


def text_style(rng: random.Random, language: str) -> TextStyle:
    """A random plain-text layout for ``language``."""
    ja = language == "ja"
    ch = rng.choice(_RULES)
    wide = unicodedata.east_asian_width(ch) in ("W", "F", "A")
    n = rng.randrange(16, 38) if wide else rng.randrange(28, 72)
    wrap = 0
    if rng.random() < 0.45:
        wrap = rng.randrange(30, 42) if ja else rng.randrange(64, 78)
    return TextStyle(
        heading=rng.choice(_HEADINGS_JA if ja else _HEADINGS_EN),
        rule=ch * n,
        field=rng.choice(_FIELDS_JA if ja else _FIELDS_EN),
        align=rng.random() < 0.35,
        link=rng.choice(_LINKS_JA if ja else _LINKS_EN),
        bullet=rng.choice(_BULLETS_JA if ja else _BULLETS_EN),
        note=rng.choice(_NOTES_JA if ja else _NOTES_EN),
        wrap=wrap,
        gap=1 if rng.random() < 0.85 else 2,
        indent="" if rng.random() < 0.9 else rng.choice((" ", "　")),
        quote=rng.choice(("> ", ">", "> ", "| ")),
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


_NO_START = set("、。，．）」』】〕！？ー…ゃゅょっャュョッぁぃぅぇぉァィゥェォ：；,.!?)」")


def wrap_ja(line: str, width: int) -> list[str]:
    """Break a Japanese line at ``width`` full-width columns without splitting ASCII words
    or starting a line with closing punctuation (禁則, lightly)."""
    if _width(line) <= width * 2:
        return [line]
    out: list[str] = []
    current = ""
    cols = 0
    i = 0
    while i < len(line):
        ch = line[i]
        if ch.isascii() and ch not in " ":
            j = i
            while j < len(line) and line[j].isascii() and line[j] != " ":
                j += 1
            token = line[i:j]
        else:
            token = ch
            j = i + 1
        w = _width(token)
        if cols + w > width * 2 and current and token[0] not in _NO_START and w < width * 2:
            out.append(current.rstrip())
            current, cols = "", 0
            if token == " ":
                i = j
                continue
        current += token
        cols += w
        i = j
    if current:
        out.append(current.rstrip())
    return out


def _wrap(text: str, style: TextStyle, language: str) -> str:
    if not style.wrap:
        return "\n".join(style.indent + line if line else line for line in text.split("\n"))
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            lines.append("")
        elif language == "ja" and not line.isascii():
            lines.extend(style.indent + part for part in wrap_ja(line, style.wrap))
        elif "://" in line:
            lines.append(style.indent + line)
        else:
            lines.extend(style.indent + part for part in textwrap.wrap(line, style.wrap) or [""])
    return "\n".join(lines)


def _heading(text: str, style: TextStyle) -> str:
    return style.heading.format(t=text, T=text.upper(), u="-" * min(len(text), 40))


def _fields(items: Sequence[tuple[str, str]], style: TextStyle, language: str) -> str:
    if style.align and "\n" not in style.field:
        widest = max(_width(k) for k, _ in items)
        pad = "　" if language == "ja" else " "
        unit = 2 if language == "ja" else 1
        rows = []
        for k, v in items:
            fill = pad * ((widest - _width(k)) // unit)
            rows.append(style.field.format(k=k + fill, v=v))
        return "\n".join(rows)
    return "\n".join(style.field.format(k=k, v=v) for k, v in items)


def render_text(blocks: Sequence[Block], style: TextStyle, language: str) -> str:
    """The plain-text rendering of ``blocks``."""
    out: list[str] = []
    for block in blocks:
        kind = block.kind
        if kind == "p":
            out.append(_wrap(block.text, style, language))
        elif kind == "fields":
            body = _fields(block.items, style, language)
            out.append(f"{_heading(block.text, style)}\n{body}" if block.text else body)
        elif kind == "heading":
            out.append(_heading(block.text, style))
        elif kind == "rule":
            out.append(style.rule)
        elif kind in ("link", "button"):
            out.append(style.link.format(l=block.text, u=block.url) if block.text else block.url)
        elif kind == "bullets":
            if style.bullet == "1." or style.bullet == "1. ":
                out.append("\n".join(f"{n}. {t}" for n, (t, _) in enumerate(block.items, 1)))
            elif style.bullet == "①":
                # Circled numbers: NEC row 13 in CP932 and ISO-2022-JP (CP50220).
                out.append(
                    "\n".join(f"{chr(0x2460 + n)}{t}" for n, (t, _) in enumerate(block.items))
                )
            else:
                out.append("\n".join(f"{style.bullet}{t}" for t, _ in block.items))
        elif kind == "notes":
            lines = []
            for t, _ in block.items:
                lines.append(
                    _wrap(
                        f"{style.note}{t}" if not t.startswith(("※", "*")) else t, style, language
                    )
                )
            out.append("\n".join(lines))
        elif kind in ("pre", "sig"):
            out.append(block.text)
        elif kind == "quote":
            quoted = "\n".join(
                style.quote + line if line else style.quote.rstrip()
                for line in block.text.split("\n")
            )
            out.append(f"{block.url}\n{quoted}" if block.url else quoted)
    gap = "\n" * (style.gap + 1)
    return gap.join(part for part in out if part is not None) + "\n"


# --- HTML ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlStyle:
    """How one sender lays out HTML mail."""

    layout: str  # "table", "div", "plain"
    font: str
    color: str
    width: int
    button: bool
    doctype: str
    heading_tag: str
    size: int


_FONTS_JA = (
    "'Hiragino Kaku Gothic ProN','ヒラギノ角ゴ ProN W3',Meiryo,'メイリオ',sans-serif",
    "Meiryo,'メイリオ','MS PGothic',sans-serif",
    "'Noto Sans JP','Hiragino Sans',sans-serif",
    "'ＭＳ Ｐゴシック','MS PGothic',Osaka,sans-serif",
    "'游ゴシック',YuGothic,'Yu Gothic',sans-serif",
    "sans-serif",
)
_FONTS_EN = (
    "Arial,Helvetica,sans-serif",
    "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif",
    "Calibri,Arial,sans-serif",
    "Georgia,'Times New Roman',serif",
    "'Helvetica Neue',Helvetica,Arial,sans-serif",
    "Verdana,Geneva,sans-serif",
)
_DOCTYPES = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/'
    'DTD/xhtml1-transitional.dtd">',
    "<!DOCTYPE html>",
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">',
    "",
)


def html_style(rng: random.Random, language: str, color: str | None = None) -> HtmlStyle:
    """A random HTML layout; ``color`` is a sender's brand colour when it has one."""
    return HtmlStyle(
        layout=rng.choice(("table", "table", "div", "plain")),
        font=rng.choice(_FONTS_JA if language == "ja" else _FONTS_EN),
        color=color
        or rng.choice(
            (
                "#003366",
                "#1a73e8",
                "#0b5394",
                "#c00000",
                "#2e7d32",
                "#444444",
                "#e65100",
                "#00695c",
                "#6a1b9a",
                "#333333",
            )
        ),
        width=rng.choice((560, 600, 600, 640, 680, 700)),
        button=rng.random() < 0.7,
        doctype=rng.choice(_DOCTYPES),
        heading_tag=rng.choice(("h2", "h3", "p", "div")),
        size=rng.choice((13, 14, 14, 15, 16)),
    )


def _esc(text: str) -> str:
    return _html.escape(text, quote=False).replace("\n", "<br>\n")


def render_html(
    blocks: Sequence[Block],
    style: HtmlStyle,
    language: str,
    *,
    title: str = "",
    preheader: str = "",
    pixel: str = "",
) -> str:
    """An HTML rendering of ``blocks`` in ``style``."""
    body: list[str] = []
    fs = style.size
    for block in blocks:
        kind = block.kind
        if kind == "p":
            body.append(f'<p style="margin:0 0 1em;line-height:1.7;">{_esc(block.text)}</p>')
        elif kind == "heading":
            tag = style.heading_tag
            body.append(
                f'<{tag} style="font-size:{fs + 3}px;color:{style.color};margin:1.2em 0 .5em;'
                f'border-left:4px solid {style.color};padding-left:8px;">{_esc(block.text)}</{tag}>'
            )
        elif kind == "fields":
            rows = "".join(
                f'<tr><th style="text-align:left;padding:6px 10px;background:#f4f4f4;'
                f'border:1px solid #ddd;white-space:nowrap;font-weight:normal;">{_esc(k)}</th>'
                f'<td style="padding:6px 10px;border:1px solid #ddd;">{_esc(v)}</td></tr>'
                for k, v in block.items
            )
            head = (
                f'<p style="font-weight:bold;margin:1em 0 .3em;">{_esc(block.text)}</p>'
                if block.text
                else ""
            )
            if style.layout == "plain":
                lines = "<br>\n".join(
                    f"{_esc(k)}：{_esc(v)}" if language == "ja" else f"{_esc(k)}: {_esc(v)}"
                    for k, v in block.items
                )
                body.append(f"{head}<p>{lines}</p>")
            else:
                body.append(
                    f'{head}<table cellpadding="0" cellspacing="0" style="border-collapse:collaps'
                    f'e;width:100%;font-size:{fs - 1}px;">{rows}</table>'
                )
        elif kind == "rule":
            body.append('<hr style="border:none;border-top:1px solid #ccc;margin:1.5em 0;">')
        elif kind == "link":
            label = _esc(block.text) if block.text else _esc(block.url)
            body.append(
                f'<p><a href="{_html.escape(block.url)}" style="color:{style.color};">{label}</a>'
                "</p>"
            )
        elif kind == "button":
            label = _esc(block.text) or _esc(block.url)
            if style.button:
                body.append(
                    f'<table cellpadding="0" cellspacing="0" style="margin:1.2em auto;"><tr>'
                    f'<td style="background:{style.color};border-radius:4px;">'
                    f'<a href="{_html.escape(block.url)}" style="display:inline-block;padding:12p'
                    "x 28px;"
                    f'color:#ffffff;text-decoration:none;font-weight:bold;">{label}</a></td></tr>'
                    "</table>"
                )
            else:
                body.append(f'<p><a href="{_html.escape(block.url)}">{label}</a></p>')
        elif kind == "bullets":
            items = "".join(f"<li>{_esc(t)}</li>" for t, _ in block.items)
            body.append(f'<ul style="margin:0 0 1em;padding-left:1.4em;">{items}</ul>')
        elif kind == "notes":
            items = "<br>\n".join(_esc(t) for t, _ in block.items)
            body.append(f'<p style="font-size:{fs - 2}px;color:#666;line-height:1.6;">{items}</p>')
        elif kind == "pre":
            body.append(
                f'<p style="font-family:monospace;white-space:pre-wrap;">{_esc(block.text)}</p>'
            )
        elif kind == "sig":
            body.append(f'<p style="font-size:{fs - 1}px;color:#555;">{_esc(block.text)}</p>')
        elif kind == "quote":
            head = f"<div>{_esc(block.url)}</div>" if block.url else ""
            body.append(
                f'{head}<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;'
                f'padding-left:1ex;">{_esc(block.text)}</blockquote>'
            )
    inner = "\n".join(body)
    hidden = (
        f'<div style="display:none;max-height:0;overflow:hidden;">{_esc(preheader)}</div>\n'
        if preheader
        else ""
    )
    img = (
        f'<img src="{_html.escape(pixel)}" width="1" height="1" alt="" style="display:block;">'
        if pixel
        else ""
    )
    lang = "ja" if language == "ja" else "en"
    head = (
        f'<html lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset=u'
        'tf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        + (f"<title>{_esc(title)}</title>" if title else "")
        + "</head>"
    )
    if style.layout == "table":
        page = (
            f'<body style="margin:0;padding:0;background:#f2f2f2;">{hidden}'
            '<table width="100%" cellpadding="0" cellspacing="0" bgcolor="#f2f2f2"><tr><td align'
            '="center">'
            f'<table width="{style.width}" cellpadding="0" cellspacing="0" style="background:#fff'
            "fff;"
            f'font-family:{style.font};font-size:{fs}px;color:#333333;">'
            f'<tr><td style="height:6px;background:{style.color};"></td></tr>'
            f'<tr><td style="padding:24px 28px;">\n{inner}\n</td></tr></table></td></tr></table'
            f">{img}</body>"
        )
    elif style.layout == "div":
        page = (
            f'<body>{hidden}<div style="max-width:{style.width}px;margin:0 auto;font-family'
            f":{style.font};"
            f'font-size:{fs}px;color:#222;">\n{inner}\n</div>{img}</body>'
        )
    else:
        div = f'<div dir="ltr" style="font-family:{style.font};">'
        page = f"<body>{hidden}{div}\n{inner}\n</div>{img}</body>"
    return "\n".join(x for x in (style.doctype, head, page, "</html>") if x) + "\n"


def person_html(text: str, mailer: str, rng: random.Random, language: str = "ja") -> str:
    """The HTML part a mail program makes of what a person typed (``text``).

    Outlook writes Word HTML (``MsoNormal`` paragraphs), Gmail ``<div dir="ltr">`` with
    ``<br>``, Apple Mail one ``<div>`` per line, Thunderbird ``<p>`` and ``<br>``.
    """
    lines = text.rstrip("\n").split("\n")
    esc = [_html.escape(line, quote=False) for line in lines]
    if mailer.startswith("outlook"):
        font = rng.choice(("游ゴシック", "Meiryo UI", "ＭＳ Ｐゴシック", "Calibri", "Aptos"))
        paras = "\n".join(
            f'<p class="MsoNormal"><span lang="{"JA" if language == "ja" else "EN-US"}">'
            f"{line or '&nbsp;'}<o:p></o:p></span></p>"
            for line in esc
        )
        lang = "JA" if language == "ja" else "EN-US"
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word">\n<head>\n'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
            "<style><!--\np.MsoNormal, li.MsoNormal, div.MsoNormal\n"
            f'\t{{margin:0mm;font-size:10.5pt;font-family:"{font}";}}\n'
            "@page WordSection1\n\t{size:612.0pt 792.0pt;}\n"
            "div.WordSection1\n\t{page:WordSection1;}\n--></style>\n"
            f'</head>\n<body lang="{lang}" link="#0563C1" vlink="#954F72" '
            'style="word-wrap:break-word">\n<div class="WordSection1">\n'
            f"{paras}\n</div>\n</body>\n</html>\n"
        )
    if mailer == "gmail":
        inner = "<br>".join(esc)
        return (
            f'<div dir="ltr">{inner}</div>\n'
            if rng.random() < 0.7
            else f'<div dir="ltr"><div>{inner}</div></div>\n'
        )
    if mailer in ("apple-mail", "iphone"):
        divs = "".join(f"<div>{line or '<br>'}</div>" for line in esc)
        return (
            '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8">'
            '</head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; '
            f'line-break: after-white-space;">{divs}</body></html>\n'
        )
    paras = "</p>\n<p>".join(
        "<br>\n".join(block.split("\n")) for block in "\n".join(esc).split("\n\n")
    )
    return (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        '    <meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n  </head>\n'
        f"  <body>\n    <p>{paras}</p>\n  </body>\n</html>\n"
    )
