"""Tokens: normalisation, MeCab for Japanese, prefixes, masking."""

from __future__ import annotations

import threading

import pytest

from spamkit.features import mail_features
from spamkit.message import parse
from spamkit.normalise import normalise
from spamkit.rules import RuleHit
from spamkit.text import deobfuscate, detect_language, mail_tokens, tokenize, url_tokens


def test_nfkc_folds_full_width_and_half_width_kana():
    assert normalise("ＦＲＥＥ　ｶﾀｶﾅ１２３") == "FREE カタカナ123"


def test_japanese_goes_through_mecab_and_latin_is_lower_cased():
    tokens = tokenize("今回3度目のご連絡です Please REPLY now")
    assert "連絡" in tokens and "今回" in tokens
    assert {"please", "reply", "now"} <= set(tokens)
    assert "REPLY" not in tokens


def test_numbers_are_bucketed_by_length():
    tokens = tokenize("order 12345 costs $300")
    assert "num:5" in tokens and "num:$3" in tokens
    assert "12345" not in tokens


def test_long_words_keep_only_their_shape():
    assert tokenize("a" * 60) == ["skip:a60"]


def test_url_tokens_are_host_domain_and_tld():
    assert url_tokens("https://www.shop.example.co.jp/login?id=1") == [
        "url:host:www.shop.example.co.jp",
        "url:domain:example.co.jp",
        "url:tld:jp",
    ]


def test_header_tokens_carry_their_field():
    mail = parse(
        "From: Amazon <info@amazon-security.example.com>\nTo: victim@corp.example.jp\n"
        "Subject: アカウント確認\n\n本文です http://evil.example.net/x\n".encode()
    )
    features = mail_features(mail, [RuleHit("BRAND_SPOOF", 1.5, "a brand")])
    tokens = features.tokens
    assert "subject:アカウント" in tokens and "from:name:amazon" in tokens
    assert "from:domain:example.com" in tokens and "url:host:evil.example.net" in tokens
    assert features.signals == ("BRAND_SPOOF",)
    assert not any("received" in t or "message-id" in t for t in tokens)


def test_collector_rewrites_are_masked_like_the_recipient():
    """The honeypot's phishing@pot and the SpamAssassin corpus's taint.org teach no source."""
    mail = parse(
        b"From: Bank <phishing@pot>\nTo: phishing@pot\nSubject: phishing@pot, your account\n\n"
        b"Dear 3Dphishing@pot see http://pot/x https://bank.example.top/login\n"
    )
    tokens = mail_tokens(mail)
    assert not any("pot" in t or "phishing" in t for t in tokens), tokens
    assert "subject:recipient" in tokens and "url:host:bank.example.top" in tokens
    mail = parse(b"From: yyyy@spamassassin.taint.org\nSubject: hi\n\nsee http://iiu.taint.org/x\n")
    assert not any("taint" in t for t in mail_tokens(mail))


def test_mail_from_the_recipients_own_domain_has_no_sender_tokens():
    mail = parse(b"From: boss@corp.example.jp\nTo: me@corp.example.jp\nSubject: lunch\n\nnoon?\n")
    assert not any(t.startswith("from:") for t in mail_tokens(mail))


def test_recipient_address_is_masked():
    mail = parse(
        b"To: yamada.taro@corp.example.jp\nSubject: yamada.taro@corp.example.jp\n\n"
        b"Dear yamada.taro, your corp.example.jp account\n"
    )
    tokens = mail_tokens(mail)
    assert not any("yamada" in t or "corp.example" in t for t in tokens)
    assert "recipient" in tokens


def test_list_tag_and_footer_are_stripped_from_list_posts():
    raw = (
        b"List-Id: <razor-users.lists.example.net>\nSubject: [Razor-users] spam question\n\n"
        b"real words here\n\n_______________________________________________\n"
        b"Razor-users mailing list\nhttps://lists.example.net/listinfo/razor-users\n"
    )
    tokens = mail_tokens(parse(raw))
    assert "subject:razor-users" not in tokens and "subject:spam" in tokens
    assert "listinfo" not in tokens and "mailing" not in tokens and "real" in tokens


def test_language_detection():
    assert detect_language("こんにちは、お元気ですか。ありがとうございます。") == "ja"
    assert detect_language("This is an ordinary English sentence about lunch.") == "en"
    assert detect_language("这是一个中文句子，没有假名。这是一个中文句子。") == "other"


def test_each_thread_gets_its_own_tagger_and_the_same_tokens():
    text = "前回のお知らせにまだお返事をいただいておりません。" * 20
    expected = tokenize(text)
    results: list[list[str]] = []

    def work():
        for _ in range(20):
            results.append(tokenize(text))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


@pytest.mark.parametrize(
    ("hidden", "plain"),
    [
        ("Ac\u200bcount Lo\u00adcked", "Account Locked"),  # zero-width space, soft hyphen
        (
            "A\u073fc\u073fc\u073fo\u073fu\u073fn\u073ft L\u073fo\u073fc\u073fk\u073fe\u073fd",
            "Account Locked",
        ),
        ("V I A G R A", "viagra"),
        ("c.l.i.c.k t-o-d-a-y!", "click today!"),
        (
            "\u30a2\u30ab\u30a6\u30f3\u30c8\u200b\u78ba\u8a8d",
            "\u30a2\u30ab\u30a6\u30f3\u30c8\u78ba\u8a8d",
        ),
    ],
)
def test_obfuscated_words_give_the_words_they_hide(hidden, plain):
    """Issue 15 §2: invisible characters, stray combining marks and spaced letters are read
    as the words a reader sees."""
    assert tokenize(hidden) == tokenize(plain)


def test_honest_text_is_left_as_it_is():
    for text in ("café naïve résumé", "e.g. the U.S.A. and a b c", "x-y-z 1 2 3 4 5"):
        assert deobfuscate(text) == text
