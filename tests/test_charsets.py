"""spamkit.charsets: CP50220-style ISO-2022-JP, mislabelled charsets, RFC 2047 headers."""

from __future__ import annotations

import base64

import pytest

from jis import sjis_to_jis
from spamkit.charsets import (
    decode_eucjp,
    decode_header,
    decode_iso2022jp,
    decode_text,
    normalise_charset,
    plausibility,
)


def clean(text: str) -> bool:
    return "\ufffd" not in text and "\x1b" not in text and "=?" not in text


def names(problems: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in problems]


# --- ISO-2022-JP ------------------------------------------------------------------------------


def test_reference_encoder_round_trips_plain_jis() -> None:
    assert sjis_to_jis("あA") == b'\x1b$B$"\x1b(BA'
    assert sjis_to_jis("あいう").decode("iso2022_jp") == "あいう"


@pytest.mark.parametrize(
    "text",
    [
        "①㈱～のお知らせ",
        "面積は１２０㎡、Ⅰ期とⅡ期",
        "髙橋様、№１２３の件",  # 髙 is an IBM extension, sent in NEC-selected row 0x79+
    ],
)
def test_iso2022jp_nec_and_ibm_characters_decode(text: str) -> None:
    raw = sjis_to_jis(text)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("iso2022_jp")  # what CPython alone does
    decoded, errors = decode_iso2022jp(raw)
    assert errors == 0
    assert decoded == text.encode("cp932").decode("cp932")  # CP932 mappings
    assert clean(decoded)


def test_iso2022jp_wave_dash_is_fullwidth_tilde_on_both_paths() -> None:
    fast = decode_iso2022jp(b"\x1b$B!A\x1b(B")[0]
    slow = decode_iso2022jp(b"\x1b$B!A-!\x1b(B")[0]
    assert fast == "～"
    assert slow == "～①"


def test_iso2022jp_halfwidth_katakana_escape_and_shift() -> None:
    assert decode_iso2022jp(b"\x1b(I6E\x1b(B ok") == ("ｶﾅ ok", 0)
    assert decode_iso2022jp(b"ab\x0e6E\x0fcd") == ("abｶﾅcd", 0)
    assert decode_iso2022jp(b"\x1b$B-!\x1b(B\x0e6\x0f") == ("①ｶ", 0)


def test_iso2022jp_jisx0212() -> None:
    assert decode_iso2022jp(b"\x1b$(D0!\x1b(B")[0] == b"\x8f\xb0\xa1".decode("euc_jp")


def test_iso2022jp_broken_sequences_are_dropped_not_replaced() -> None:
    text, errors = decode_iso2022jp(b'\x1b$B$"$\x1b(B end \x1b')
    assert text.startswith("あ")
    assert text.endswith(" end ")
    assert errors >= 1
    assert clean(text)


def test_iso2022jp_newline_inside_two_byte_mode() -> None:
    assert decode_iso2022jp(b'\x1b$B$"\r\n$$-!\x1b(B')[0] == "あ\r\nい①"


def test_eucjp_with_nec_row13() -> None:
    euc = bytes([0xAD, 0xA1, 0xAD, 0xEA]) + "の口座".encode("euc_jp")  # CP51932 ①㈱
    with pytest.raises(UnicodeDecodeError):
        euc.decode("euc_jp")
    assert decode_eucjp(euc) == ("①㈱の口座", 0)
    assert decode_eucjp("ｶﾅ".encode("euc_jp")) == ("ｶﾅ", 0)


# --- body text --------------------------------------------------------------------------------

JA = "お客様のアカウントは停止されました。至急ご確認ください。"


@pytest.mark.parametrize(
    ("raw", "label", "expected_problems"),
    [
        (JA.encode("utf-8"), "utf-8", []),
        (JA.encode("cp932"), "shift_jis", []),
        (JA.encode("cp932"), "Shift-JIS", []),
        (JA.encode("euc_jp"), "euc-jp", []),
        (sjis_to_jis(JA), "iso-2022-jp", []),
        (sjis_to_jis(JA), '"ISO-2022-JP"', []),
        (JA.encode("euc_jp"), "gb2312", ["CHARSET_MISLABELLED"]),
        (JA.encode("gbk"), "gb2312", ["CHARSET_SUPERSET"]),
        (JA.encode("cp932"), "iso-2022-jp", ["CHARSET_MISLABELLED"]),
        (JA.encode("cp932"), "utf-8", ["CHARSET_MISLABELLED"]),
        (JA.encode("utf-8"), "shift_jis", ["CHARSET_MISLABELLED"]),
        (JA.encode("euc_jp"), "shift_jis", ["CHARSET_MISLABELLED"]),
        (JA.encode("cp932"), None, ["CHARSET_FALLBACK"]),
        (JA.encode("euc_jp"), None, ["CHARSET_FALLBACK"]),
        (JA.encode("utf-8"), None, ["CHARSET_FALLBACK"]),
        (JA.encode("cp932"), "us-ascii", ["CHARSET_MISLABELLED"]),
        (JA.encode("cp932"), "iso-8859-1", ["CHARSET_MISLABELLED"]),
        (JA.encode("cp932"), "x-unknown", ["CHARSET_UNKNOWN", "CHARSET_FALLBACK"]),
        (JA.encode("utf-8"), "default_charset", ["CHARSET_UNKNOWN", "CHARSET_FALLBACK"]),
    ],
)
def test_decode_text_japanese(raw: bytes, label: str | None, expected_problems: list[str]) -> None:
    text, problems = decode_text(raw, label)
    assert text == JA
    assert names(problems) == expected_problems


def test_mislabel_detail_names_both_charsets() -> None:
    _, problems = decode_text(JA.encode("euc_jp"), "GB2312", what="text/plain")
    assert problems == [("CHARSET_MISLABELLED", "text/plain: declared gb2312, decoded as euc-jp")]


def test_real_chinese_under_gb2312_is_left_alone() -> None:
    chinese = "我们的产品质量很好，欢迎订购。"
    assert decode_text(chinese.encode("gb2312"), "gb2312") == (chinese, [])


def test_western_text_is_not_read_as_japanese() -> None:
    # A Windows-1252 apostrophe before "s" is a valid CP932 pair; it must stay a quote.
    raw = "he\u2019s nervous, wouldn\u2019t you be? caf\u00e9".encode("cp1252")
    text, problems = decode_text(raw, None)
    assert text == "he\u2019s nervous, wouldn\u2019t you be? caf\u00e9"
    assert names(problems) == ["CHARSET_FALLBACK"]
    assert decode_text(raw, "iso-8859-1") == (text, [])  # WHATWG: latin-1 means cp1252


def test_hint_decides_unlabelled_korean() -> None:
    korean = "요즘 뜨는 직종"
    text, problems = decode_text(korean.encode("euc_kr"), None, hint="euc-kr")
    assert text == korean
    assert "(hint)" in problems[0][1]


def test_undecodable_bytes_never_give_replacement_characters() -> None:
    raw = JA.encode("cp932")[:-1] + b"\xff\xfe" + JA.encode("cp932")
    text, problems = decode_text(raw, "shift_jis")
    assert clean(text)
    assert "UNDECODABLE_BYTES" in names(problems)
    garbage = bytes(range(256)) * 3
    text, _ = decode_text(garbage, "utf-8")
    assert "\ufffd" not in text


def test_utf8_with_one_broken_byte_stays_utf8() -> None:
    raw = "Café crème, déjà vu, naïve résumé".encode() + b"\xff" + " über".encode()
    text, problems = decode_text(raw, "utf-8")
    assert text == "Café crème, déjà vu, naïve résumé über"
    assert names(problems) == ["UNDECODABLE_BYTES"]


def test_ascii_fast_path_and_empty() -> None:
    assert decode_text(b"", "utf-8") == ("", [])
    assert decode_text(b"plain", "nonsense") == ("plain", [])


def test_utf16_label() -> None:
    assert decode_text("あA".encode("utf-16"), "utf-16") == ("あA", [])


def test_normalise_charset() -> None:
    assert normalise_charset(' "Shift_JIS" ') == "cp932"
    assert normalise_charset("x-sjis") == "cp932"
    assert normalise_charset("ISO-2022-JP") == "iso-2022-jp"
    assert normalise_charset("default_charset") is None
    assert normalise_charset("") is None
    assert normalise_charset(None) is None


def test_score_prefers_correct_japanese() -> None:
    good = JA
    mojibake = JA.encode("euc_jp").decode("gb2312")
    halfwidth = JA.encode("utf-8").decode("cp932", "ignore")
    assert plausibility(good) > plausibility(mojibake)
    assert plausibility(good) > plausibility(halfwidth)


# --- headers ----------------------------------------------------------------------------------


def b_word(raw: bytes, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


def test_encoded_word_split_mid_character_is_joined() -> None:
    raw = "あいうえお".encode()
    value = f"{b_word(raw[:4], 'UTF-8')}\r\n {b_word(raw[4:], 'utf-8')}"
    assert decode_header(value) == ("あいうえお", [])


def test_iso2022jp_encoded_words_with_nec_characters() -> None:
    jis = sjis_to_jis("①㈱～のお知らせ")
    value = f"{b_word(jis, 'ISO-2022-JP')}"
    text, problems = decode_header(value, "subject")
    assert text == "①㈱～のお知らせ"
    assert problems == []


def test_q_encoding_and_text_around_words() -> None:
    value = "Re: =?UTF-8?Q?=E3=81=82_b?= and =?utf-8?q?c?= end"
    assert decode_header(value)[0] == "Re: あ b and c end"
    assert decode_header("=?UTF-8?Q?a?= =?UTF-8?Q?b?=")[0] == "ab"


def test_different_charsets_are_not_joined() -> None:
    value = b_word("あ".encode(), "utf-8") + " " + b_word("い".encode("cp932"), "shift_jis")
    assert decode_header(value)[0] == "あい"


def test_raw_8bit_headers() -> None:
    utf8 = "件名テスト".encode().decode("ascii", "surrogateescape")
    text, problems = decode_header(utf8, "subject")
    assert text == "件名テスト"
    assert names(problems)[0] == "RAW_8BIT_HEADER"
    sjis = "山田太郎".encode("cp932").decode("ascii", "surrogateescape")
    assert decode_header(sjis, "from")[0] == "山田太郎"


def test_raw_iso2022jp_in_header_needs_no_fallback() -> None:
    raw = sjis_to_jis("重要なお知らせ").decode("ascii")
    assert decode_header(raw, "subject") == ("重要なお知らせ", [])


def test_bad_encoded_words() -> None:
    text, problems = decode_header("=?utf-8?B?44GC4?=", "subject")
    assert text == "あ"
    assert "BAD_ENCODED_WORD" in names(problems)
    text, problems = decode_header("=?x-unknown?B?44GC?=", "subject")
    assert text == "あ"
    assert "CHARSET_UNKNOWN" in names(problems)


def test_escape_sequences_under_an_ascii_label() -> None:
    raw = sjis_to_jis("重要なお知らせ")
    for label in ("utf-8", "us-ascii", None):
        text, _problems = decode_text(raw, label)
        assert text == "重要なお知らせ"
        assert clean(text)


def test_header_unfolding() -> None:
    assert decode_header("a\r\n b\n\tc") == ("a b\tc", [])
