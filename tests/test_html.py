"""spamkit.html: HTML mail to text and links, in linear time."""

from __future__ import annotations

from spamkit.html import html_to_text


def test_text_entities_blocks_and_hidden_content() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<p>Tom &amp; Jerry&#12354;&nbsp;&lt;b&gt;</p><div>line<br>two</div>"
        "<script>var x = '<p>no</p>';</script><table><tr><td>a</td><td>b</td></tr></table>"
        "<!-- hidden comment --><p>  spaced \n  out  </p></body></html>"
    )
    text, links, truncated = html_to_text(html)
    assert text == "Tom & Jerryあ <b>\nline\ntwo\na\tb\nspaced out"
    assert links == []
    assert not truncated


def test_links_with_visible_text() -> None:
    html = (
        '<a href="https://example.com/login?a=1&amp;b=2">ログイン <b>はこちら</b></a>'
        '<a href="mailto:x@example.com">mail</a><a href="#top">top</a>'
        '<a href=" http://img.example.net/ "><img src="x.gif" alt="Click"></a>'
        '<form action="https://phish.example.org/post"><input name=p></form>'
        '<map><area href="https://area.example.com/" alt="Area"></map>'
        "<p>see www.example.jp/page or https://bare.example.com/x.</p>"
    )
    text, links, _ = html_to_text(html)
    assert links == [
        ("https://example.com/login?a=1&b=2", "ログイン はこちら"),
        ("http://img.example.net/", "Click"),
        ("https://phish.example.org/post", ""),
        ("https://area.example.com/", "Area"),
    ]
    assert "see www.example.jp/page" in text


def test_unclosed_anchor_and_broken_markup() -> None:
    text, links, _ = html_to_text('<p>x<a href="http://a.example/">open <b>text</p><div')
    assert links == [("http://a.example/", "open text")]
    assert text.startswith("x")


def test_unclosed_title_does_not_hide_body() -> None:
    text, _, _ = html_to_text("<html><head><title>oops<body><p>visible</p></body></html>")
    assert "visible" in text


def test_max_chars_truncates() -> None:
    text, _, truncated = html_to_text("<p>" + "word " * 1000 + "</p>", max_chars=50)
    assert len(text) <= 50
    assert truncated
