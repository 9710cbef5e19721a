"""Readings of Japanese names in Latin letters, to compare them with mailbox and domain names.

A Japanese company or department is named in kanji in a subject (青井精機様, 営業部各位)
but in romaji in its address (``aoi-seiki.co.jp``, ``eigyo@``).  MeCab (fugashi +
unidic-lite, already spamkit's tokeniser) gives each word's reading in katakana; the
reading is romanised (Hepburn) and both sides are brought to one spelling
(:func:`loose`), so ``営業`` -> ``eigyou`` -> ``eigyo`` meets ``eigyo@``.
"""

from __future__ import annotations

import re
import threading

__all__ = ["loose", "reading", "romanise", "skeleton", "words_read"]

_local = threading.local()

_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she", "ジャ": "ja", "ジュ": "ju",
    "ジョ": "jo", "ジェ": "je", "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che",
    "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
    "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
    "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "ティ": "ti", "ディ": "di",
    "デュ": "dyu", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi",
    "ヴェ": "ve", "ヴォ": "vo",
}  # fmt: skip
_KANA = dict(
    zip(
        "アイウエオカキクケコガギグゲゴサシスセソザジズゼゾタチツテトダヂヅデド"
        "ナニヌネノハヒフヘホバビブベボパピプペポマミムメモヤユヨラリルレロワヰヱヲンヴ"
        "ァィゥェォャュョヮ",
        (
            "a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "ga", "gi", "gu", "ge", "go",
            "sa", "shi", "su", "se", "so", "za", "ji", "zu", "ze", "zo", "ta", "chi", "tsu", "te",
            "to", "da", "ji", "zu", "de", "do", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu",
            "he", "ho", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po", "ma", "mi",
            "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "i", "e", "o",
            "n", "vu", "a", "i", "u", "e", "o", "ya", "yu", "yo", "wa",
        ),
        strict=True,
    )
)  # fmt: skip
# One spelling for Hepburn, Nihon-shiki and the long vowels people write or drop.
_LOOSE = (
    ("shi", "si"), ("chi", "ti"), ("tsu", "tu"), ("fu", "hu"), ("sh", "sy"), ("ch", "ty"),
    ("ji", "zi"), ("j", "zy"), ("ou", "o"), ("oh", "o"), ("oo", "o"), ("uu", "u"),
    ("ei", "e"), ("ee", "e"), ("aa", "a"), ("ii", "i"), ("mb", "nb"), ("mp", "np"),
)  # fmt: skip
_NOT_LETTER = re.compile(r"[^a-z]")
# A loanword in katakana and its English spelling share their consonants, once the
# sounds Japanese merges are merged: ネクスタウェイ nekusutawei ~ nextaway, ベルルナ ~ belluna.
_SKELETON = (
    ("ph", "f"), ("th", "s"), ("ck", "k"), ("x", "ks"), ("c", "k"), ("q", "k"), ("l", "r"),
    ("v", "b"), ("z", "s"), ("j", "s"), ("tu", "t"), ("sy", "s"), ("ty", "t"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouyhw]")
_DOUBLE = re.compile(r"(.)\1")


def _tagger():
    """One MeCab tagger per thread (it holds a C pointer); with features, for readings."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        from fugashi import Tagger

        tagger = Tagger()
        _local.tagger = tagger
    return tagger


def romanise(katakana: str) -> str:
    """Katakana (or hiragana) in Hepburn romaji; other characters are dropped.

    Examples
    --------
    >>> romanise("エイギョウ"), romanise("ソウム"), romanise("セッケイ"), romanise("ジンジ")
    ('eigyou', 'soumu', 'sekkei', 'jinji')
    """
    text = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in katakana)
    out: list[str] = []
    double = False
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif text[i] == "ッ":
            double, i = True, i + 1
            continue
        elif text[i] == "ー":
            i += 1
            continue
        elif text[i] in _KANA:
            syllable, i = _KANA[text[i]], i + 1
        else:
            i += 1
            continue
        if double:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        out.append(syllable)
    return "".join(out)


def reading(text: str) -> str:
    """The romanised reading of ``text`` (at most 60 characters): kanji, kana and Latin.

    Latin letters are kept as they are; a word MeCab does not know keeps its surface.

    Examples
    --------
    >>> reading("営業部"), reading("青井精機")
    ('eigyoubu', 'aoiseiki')
    """
    text = text[:60]
    if text.isascii():
        return text.lower()
    return "".join(r for _, r in words_read(text))


def words_read(text: str) -> list[tuple[str, str]]:
    """Each word of ``text`` (MeCab's words; at most 60 characters) with its romaji reading.

    Examples
    --------
    >>> words_read("山田太郎"), words_read("Taro Yamada")
    ([('山田', 'yamada'), ('太郎', 'tarou')], [('taro', 'taro'), ('yamada', 'yamada')])
    """
    text = text[:60]
    if text.isascii():
        return [(w, w) for w in text.lower().split()]
    out = []
    for word in _tagger()(text):
        surface = word.surface
        if surface.isascii():
            out.append((surface, surface.lower()))
            continue
        kana = getattr(word.feature, "kana", None)
        out.append((surface, romanise(kana if kana and kana != "*" else surface)))
    return [(s, r) for s, r in out if r]


def skeleton(latin: str) -> str:
    """The consonants of ``latin`` (English or romaji) after merging l/r, v/b, c/k, ...

    Examples
    --------
    >>> skeleton("nekusutawei"), skeleton("nextaway"), skeleton("beruruna"), skeleton("belluna")
    ('nkst', 'nkst', 'brn', 'brn')
    """
    text = _NOT_LETTER.sub("", latin.lower())
    for old, new in _SKELETON:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", text))


def loose(romaji: str) -> str:
    """``romaji`` in one spelling (lower-case letters only; si/ti/tu, long vowels shortened).

    Examples
    --------
    >>> loose("eigyou") == loose("eigyo"), loose("Shinonome-Denshi") == loose("sinonomedensi")
    (True, True)
    """
    text = _NOT_LETTER.sub("", romaji.lower())
    for old, new in _LOOSE:
        text = text.replace(old, new)
    return text
