"""Unicode normalisation, one definition for parsing, lists, detectors and tokens.

NFKC folds the width variants Japanese mail is full of (full-width ASCII, half-width
kana) into one form, so the same word gives the same token and the same match.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "normalise"]


def normalise(text: str) -> str:
    """NFKC-normalise ``text`` (full-width ASCII → ASCII, half-width kana → full-width).

    Examples
    --------
    >>> normalise("ＡＢＣ１２３ ｶﾅ")
    'ABC123 カナ'
    """
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """NFKC-normalise and case-fold ``text``: the form detectors and brand keywords compare.

    Examples
    --------
    >>> fold("Ａｍａｚｏｎ")
    'amazon'
    """
    return unicodedata.normalize("NFKC", text).casefold()
