"""spamkit.links: what a link is, where URLs stand in text, and that the layers read mail.links."""

from __future__ import annotations

from spamkit.links import Link, find_urls, is_web_link, strip_urls
from spamkit.message import parse
from spamkit.text import mail_tokens


def test_find_urls() -> None:
    text = "go to https://example.com/のご確認 or (www.example.org/path). HTTP://UP.EXAMPLE/x"
    assert find_urls(text) == [
        "https://example.com/",
        "www.example.org/path",
        "HTTP://UP.EXAMPLE/x",
    ]
    assert find_urls("nothing here http:// ") == []


def test_web_links_are_http_https_ftp_www_and_scheme_relative() -> None:
    assert all(map(is_web_link, ["http://a", "HTTPS://a", "ftp://a", "www.a.jp", "//cdn.a"]))
    assert not any(map(is_web_link, ["mailto:x@a", "javascript:go()", "cid:part1", "#top"]))


def test_strip_urls_blanks_the_whole_run_including_a_non_ascii_tail() -> None:
    assert strip_urls("a https://例え.jp/パス b www.x.org/(y) c") == "a   b  (y) c"
    assert strip_urls("no links", "#") == "no links"


def test_parser_collects_anchors_and_bare_urls_into_mail_links() -> None:
    raw = (
        b"Subject: x\nContent-Type: text/html; charset=utf-8\n\n"
        b'<p><a href="https://a.example.com/x?y=1&amp;z=2">Click <b>here</b></a> '
        b"and https://b.example.org/q.</p><a href='mailto:x@example.com'>mail</a>\n"
    )
    mail = parse(raw)
    assert mail.links == [
        Link("https://a.example.com/x?y=1&z=2", "Click here"),
        Link("https://b.example.org/q", ""),
    ]


def test_tokens_take_url_tokens_from_mail_links_and_no_url_words_from_the_text() -> None:
    mail = parse(b"Subject: s\n\nvisit https://shop.example.co.jp/sale/today now\n")
    tokens = mail_tokens(mail)
    assert "url:host:shop.example.co.jp" in tokens and "url:domain:example.co.jp" in tokens
    assert "sale" not in tokens and "today" not in tokens
    assert "visit" in tokens and "now" in tokens
