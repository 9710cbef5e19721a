"""spamkit.html: HTML mail to text and links, in linear time."""

from __future__ import annotations

import pytest

from spamkit.html import HtmlFacts, html_to_text, render_html


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


# --- how the markup is built (HtmlFacts) ------------------------------------------------


def _facts(markup: str) -> HtmlFacts:
    return render_html(markup).facts


def test_render_html_keeps_html_to_text_results() -> None:
    markup = '<p>Hi <a href="https://example.com/">there</a><span hidden>x</span></p>'
    rendering = render_html(markup)
    assert (rendering.text, rendering.links, rendering.truncated) == html_to_text(markup)


@pytest.mark.parametrize(
    ("markup", "how"),
    [
        ('<div style="display: none !important">secret words</div>', "display:none"),
        ('<span style="visibility:hidden">secret words</span>', "visibility:hidden"),
        ('<span style="font-size:1px">secret words</span>', "font-size:1px"),
        ('<span style="FONT-SIZE: 0">secret words</span>', "font-size:0"),
        ('<span style="opacity:0">secret words</span>', "opacity:0"),
        ('<div style="max-height:0;overflow:hidden">secret words</div>', "size 0, overflow:hidden"),
        ("<p hidden>secret words</p>", "hidden attribute"),
        ('<font color="#FFFFFF">secret words</font>', "color #ffffff on #ffffff"),
        ('<font color="#fefefe">secret words</font>', "color #fefefe on #ffffff"),
        (
            '<td bgcolor="#003399"><font color="rgb(0, 51, 153)">secret words</font></td>',
            "color #003399 on #003399",
        ),
        ('<body style="background:#000"><p style="color:black">secret words</p>', "color"),
    ],
)
def test_hidden_text_is_noticed(markup: str, how: str) -> None:
    facts = _facts("<p>Visible text.</p>" + markup)
    assert facts.hidden_how.startswith(how)
    assert facts.hidden_chars == len("secretwords")
    assert facts.hidden_sample == "secret words"
    assert facts.text_chars == len("Visibletext.secretwords")


@pytest.mark.parametrize(
    "markup",
    [
        '<td bgcolor="#0066cc"><a style="color:#ffffff">Sign in</a></td>',
        '<a style="color:#fff;background-color:#06c">Sign in</a>',
        '<body bgcolor="black"><font color="white">Sign in</font></body>',
        '<td background="bg.jpg"><font color="#ffffff">Sign in</font></td>',
        '<td style="background:url(x.png) #fff"><font color="#ffffff">Sign in</font></td>',
        # a stylesheet may colour the cell through its class: unknown, not hidden
        '<style>.b{background:#06c}</style><td class="b"><a style="color:#fff">Sign in</a></td>',
        '<font size="1">Sign in</font><span style="font-size:10px">x</span>',
        '<div style="display:none">x</div><p>Sign in</p>',  # closed: what follows shows
    ],
)
def test_visible_text_is_not_hidden(markup: str) -> None:
    facts = _facts(markup)
    assert "Sign in" not in facts.hidden_sample
    assert facts.hidden_chars <= 1


def test_a_leading_preheader_is_counted_apart() -> None:
    facts = _facts('<body><div style="display:none">Preview line</div><p>Hi<span hidden>xy</span>')
    assert (facts.hidden_chars, facts.leading_hidden_chars) == (13, 11)
    assert _facts("<p>Hi</p><p hidden>late</p>").leading_hidden_chars == 0


def test_unclosed_hidden_element_hides_the_rest_as_a_browser_would() -> None:
    facts = _facts('<div style="display:none">one <p>two</p> three')
    assert facts.hidden_chars == facts.text_chars == len("onetwothree")


def test_forms_inputs_and_images_are_counted() -> None:
    facts = _facts(
        '<form action="https://x.test/p"><input type="email" name="e">'
        '<input type="PASSWORD" name="p"><input type="hidden" name="h"><input type="submit">'
        '</form><img src="https://x.test/logo.png"><img src="cid:part1"><img src="data:,x">'
        '<img src="https://t.test/open.gif" width="1" height="1">'
    )
    assert (facts.forms, facts.inputs, facts.password_inputs) == (1, 2, 1)
    assert (facts.images, facts.remote_images) == (3, 1)


def test_facts_add_up_over_parts() -> None:
    one = _facts('<img src="https://x.test/a.png"><span style="font-size:0">ab</span>')
    two = _facts('<form><input type="password"></form><p style="display:none">cd</p>')
    both = one + two
    assert (both.images, both.forms, both.password_inputs) == (1, 1, 1)
    assert both.hidden_chars == 4 and both.hidden_how == "font-size:0"
    assert HtmlFacts() + two == two


def test_deep_nesting_keeps_the_look_bounded() -> None:
    facts = _facts('<div style="display:none">' + "<div>" * 5000 + "deep" + "</div>" * 5000)
    assert facts.hidden_chars == 4
