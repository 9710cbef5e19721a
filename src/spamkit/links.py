"""The links of a message: what counts as one, and where URLs stand in plain text.

One module for every layer that needs links.  The parser (:mod:`spamkit.message`)
collects ``ParsedMail.links`` with :func:`find_urls` (bare URLs in text) and, through
:mod:`spamkit.html`, with :func:`is_web_link` (anchors and forms); the detectors,
the tokeniser and the DNSBL lookups all read ``mail.links`` and never scan text for
URLs themselves.  The tokeniser only blanks URL-looking runs out of the words it
makes (:func:`strip_urls`), so that no URL fragment becomes a body word.

Two readings of "where does this URL end", on purpose, both kept exactly as the
shipped model was trained (2026-11-29, tests/golden/verdicts.tsv.gz):

* :func:`find_urls` stops at the first character outside RFC 3986's set (so at any
  non-ASCII letter) and trims trailing punctuation: it gives the link.
* :func:`strip_urls` stops only at blanks, quotes, brackets and angle brackets (so a
  URL's non-ASCII tail goes too): it cleans the words.

Left as found (changing either moves tokens, so it waits for a retrained model):
``find_urls`` keeps one ``)`` of ``((www.example.com))`` and the ``'s`` of
``www.example.com's``; 8 ham messages of the SpamAssassin corpus have such links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Link", "find_urls", "is_web_link", "strip_urls"]


@dataclass(frozen=True)
class Link:
    """A URL found in the body, with the text a reader sees for it (empty for bare URLs)."""

    url: str
    text: str = ""


_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"]>"
#: Bounded (2,000 characters a run), so blanking stays linear on hostile text.
_URL_RUN = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]{1,2000}", re.IGNORECASE)


def _clean_url(url: str) -> str:
    url = url.rstrip(_TRAILING)
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(_TRAILING)
    return url


def find_urls(text: str) -> list[str]:
    """Bare ``http(s)://`` and ``www.`` URLs in plain text.

    Parameters
    ----------
    text : str
        Plain text.

    Returns
    -------
    list of str
        The URLs in order of appearance, trailing punctuation removed.  A URL stops
        at the first non-ASCII character or space.

    Examples
    --------
    >>> find_urls("ログイン: https://example.com/のご確認 (www.example.jp).")
    ['https://example.com/', 'www.example.jp']
    """
    if "http" not in text and "www." not in text and "HTTP" not in text and "WWW." not in text:
        return []
    found = []
    for match in _URL.finditer(text):
        url = _clean_url(match.group())
        if len(url) > 7 and url.lower() not in ("http://", "https://"):
            found.append(url)
    return found


def is_web_link(url: str) -> bool:
    """True for web links (http, https, ftp, ``www.``, ``//host``).

    ``mailto:``, ``javascript:``, ``cid:`` and in-page anchors are not links a reader
    follows to a site.

    Examples
    --------
    >>> is_web_link("https://example.com/"), is_web_link("mailto:a@example.com")
    (True, False)
    """
    lowered = url[:12].lower()
    return lowered.startswith(("http:", "https:", "ftp:", "www.", "//"))


def strip_urls(text: str, replacement: str = " ") -> str:
    """``text`` with every URL-looking run replaced by ``replacement``.

    Examples
    --------
    >>> strip_urls("see https://例え.jp/パス now")
    'see   now'
    """
    return _URL_RUN.sub(replacement, text)
