"""spamkit.detectors.links: URL structure, services and login pages, both ways and on junk."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from examples import example_message
from spamkit import parse
from spamkit.detectors import detect
from spamkit.detectors._base import MailView
from spamkit.detectors.links import (
    MAX_LINKS,
    HostList,
    _links,
    ipv4_literal,
    shipped_host_list,
    url_parts,
)
from spamkit.message import Link, ParsedMail

LINK_NAMES = {
    "LINK_TEXT_MISMATCH",
    "URL_IP_HOST",
    "URL_USERINFO",
    "URL_IDN_HOST",
    "URL_CONFUSABLE_HOST",
    "URL_SHORTENER",
    "URL_FREE_HOSTING",
    "URL_FORM_SERVICE",
    "URL_FILE_SHARE",
    "URL_MANY_SUBDOMAINS",
    "URL_RANDOM_PATH",
    "LOGIN_LINK_OFF_SENDER",
}


def fired(example: str | dict) -> dict[str, str]:
    return dict(detect(parse(example_message(example)), LINK_NAMES))


def links_mail(*urls: str, sender: str = "news@example.co.jp", text: str = "") -> ParsedMail:
    return ParsedMail(from_address=sender, links=[Link(u, text) for u in urls], text=text)


# --------------------------------------------------------------------------- IP hosts


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("192.168.0.1", ("192.168.0.1", False)),
        ("3232235521", ("192.168.0.1", True)),
        ("0xC0A80001", ("192.168.0.1", True)),
        ("0300.0250.0.1", ("192.168.0.1", True)),
        ("0xc0.168.1", ("192.168.0.1", True)),  # three parts: the last fills two bytes
        ("192.11010049", ("192.168.0.1", True)),
        ("1.2.3.4.", ("1.2.3.4", False)),
        ("0x", ("0.0.0.0", True)),
        ("4294967296", None),  # past 255.255.255.255
        ("256.1.1.1", None),
        ("1.2.3.4.5", None),
        ("08.1.1.1", None),  # 8 is no octal digit: browsers refuse the host
        ("example.com", None),
        ("123.example", None),
        ("a1.2", None),
        ("", None),
    ],
)
def test_ipv4_literal_reads_hosts_as_browsers_do(host: str, expected) -> None:
    assert ipv4_literal(host) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://45.33.32.156/login",
        "http://757080220/paypal/",
        "https://0x2D.0x21.0x20.0x9C/",
        "http://[2001:4860:4860::8888]/x",
        "http://[::ffff:45.33.32.156]/",
        "http://%34%35.33.32.156/secure",  # a percent-encoded host, decoded by browsers
        "http://user@45.33.32.156:8080/",
    ],
)
def test_public_ip_links_fire(url: str) -> None:
    assert "URL_IP_HOST" in dict(detect(links_mail(url), {"URL_IP_HOST"}))


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.20/share/",
        "http://127.0.0.1:8080/",
        "http://10.0.0.8/wiki",
        "http://[::1]/",
        "http://198.51.100.7/docs",  # documentation range
        "https://www.example.org/1.2.3/",
        "https://1.2.3.4.example.com/",
    ],
)
def test_private_and_named_hosts_do_not_fire(url: str) -> None:
    assert "URL_IP_HOST" not in dict(detect(links_mail(url), {"URL_IP_HOST"}))


def test_ip_evidence_names_the_address_and_how_it_was_written() -> None:
    evidence = dict(detect(links_mail("http://757080220/x"), {"URL_IP_HOST"}))["URL_IP_HOST"]
    assert evidence == "45.32.32.156 (written 757080220)"


# --------------------------------------------------------------------------- userinfo


def test_userinfo_needs_a_web_scheme_and_a_real_host() -> None:
    names = {"URL_USERINFO"}
    assert detect(links_mail("https://www.paypal.com@paypal.example.top/"), names)
    assert not list(detect(links_mail("ftp://anon:guest@ftp.example.org/pub/"), names))
    assert not list(detect(links_mail("www.bankoffice1@gmail.com"), names))  # an address
    assert not list(detect(links_mail("http://phishing@pot"), names))  # the honeypot's rewrite


# --------------------------------------------------------------------------- look-alikes


@pytest.mark.parametrize(
    ("url", "how"),
    [
        ("https://xn--pple-43d.com/id", "mixes CYRILLIC and LATIN"),  # аpple, Cyrillic а
        ("https://xn--80ak6aa92e.com/", "cyrillic letters spelling 'apple'"),  # аррӏе
        ("https://www.arnazon.co.jp/ap/signin", "looks like amazon"),
        ("https://paypa1.com/", "looks like paypal"),
        ("https://login.rnercari.com/", "rnercari.com looks like mercari"),
    ],
)
def test_confusable_hosts(url: str, how: str) -> None:
    found = dict(detect(links_mail(url), {"URL_CONFUSABLE_HOST"}))
    assert how in found["URL_CONFUSABLE_HOST"]


@pytest.mark.parametrize(
    "url",
    [
        "https://xn--eckwd4c7c.xn--zckzah/",  # Japanese IDN: kana only
        "https://xn--wgv71a119e.jp/",  # 日本語.jp
        "https://xn--mnchen-3ya.de/",  # münchen.de
        "https://www.amazon.co.jp/",
        "https://www.paypal.com/",
        "https://apple.com.example/",
    ],
)
def test_honest_idn_and_brand_hosts_are_not_confusable(url: str) -> None:
    assert not list(detect(links_mail(url), {"URL_CONFUSABLE_HOST"}))


def test_idn_host_names_the_unicode_form() -> None:
    found = dict(detect(links_mail("https://xn--wgv71a119e.jp/"), {"URL_IDN_HOST"}))
    assert found["URL_IDN_HOST"] == "xn--wgv71a119e.jp (日本語.jp)"


def test_link_text_mismatch_no_longer_fires_on_idn_alone() -> None:
    assert not fired({"html": '<a href="https://xn--pple-43d.com/id">Apple ID</a>'}).get(
        "LINK_TEXT_MISMATCH"
    )


def test_link_text_mismatch_skips_the_senders_own_click_counter() -> None:
    html = '<a href="https://click.unitedmedia.com/r?u=1">www.dilbert.com</a>'
    assert "LINK_TEXT_MISMATCH" not in fired({"from": "c@unitedmedia.com", "html": html})
    assert "LINK_TEXT_MISMATCH" in fired({"from": "c@other.example", "html": html})


# --------------------------------------------------------------------------- service lists


def test_host_list_matches_labels_and_path_prefixes() -> None:
    hosts = HostList.from_entries(["web.app", "docs.google.com/forms", "ipfs.io/ipfs/"])
    assert hosts.match("a.b.web.app") == "web.app"
    assert hosts.match("web.app") == "web.app"
    assert hosts.match("myweb.app") is None
    assert hosts.match("docs.google.com", "/Forms/d/x") == "docs.google.com/forms"
    assert hosts.match("docs.google.com", "/document/d/x") is None
    assert hosts.match("ipfs.io", "/ipfs/bafy") == "ipfs.io/ipfs"
    assert hosts.match("ipfs.io", "/") is None
    assert hosts.match("com") is None and hosts.match("") is None


LISTS = ("url_shorteners.txt", "free_hosting.txt", "form_services.txt", "file_share.txt")
_ENTRY = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,250}[a-z0-9])?\.[a-z]{2,}(?:/[A-Za-z0-9/_.-]*)?")


@pytest.mark.parametrize("filename", LISTS)
def test_service_lists_are_clean_data(filename: str) -> None:
    text = resources.files("spamkit").joinpath("data", filename).read_text("utf-8")
    entries = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    entries = [e for e in entries if e]
    assert text.startswith("#"), "each list opens with a comment saying what it is"
    assert len(entries) == len(set(entries)), "no entry twice"
    assert all(_ENTRY.fullmatch(e) for e in entries), [
        e for e in entries if not _ENTRY.fullmatch(e)
    ]
    assert shipped_host_list(filename).entries


def test_brand_owned_shorteners_are_not_listed() -> None:
    shorteners = shipped_host_list("url_shorteners.txt")
    for host in ("amzn.to", "youtu.be", "aka.ms", "lnkd.in", "t.co"):
        assert shorteners.match(host) is None, host
    assert shorteners.match("bit.ly") == "bit.ly"


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("URL_SHORTENER", "https://bit.ly/3xQz9Ab"),
        ("URL_SHORTENER", "http://tinyurl.com/1usn"),
        ("URL_FREE_HOSTING", "https://secure-check.web.app/"),
        ("URL_FREE_HOSTING", "https://x.blob.core.windows.net/a/index.html"),
        ("URL_FREE_HOSTING", "https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26/"),
        ("URL_FREE_HOSTING", "http://members.tripod.com/~a/"),
        ("URL_FREE_HOSTING", "https://smbc-check.xsrv.jp/"),
    ],
)
def test_listed_services_fire(name: str, url: str) -> None:
    assert name in dict(detect(links_mail(url), {name}))


def test_forms_and_file_shares_need_a_mail_about_an_account() -> None:
    names = {"URL_FORM_SERVICE", "URL_FILE_SHARE"}
    rsvp = links_mail("https://forms.gle/abc", text="懇親会の出欠はこちら")
    assert not list(detect(rsvp, names))
    phish = links_mail("https://forms.gle/abc", text="アカウントの確認をお願いします")
    assert dict(detect(phish, names))["URL_FORM_SERVICE"].endswith("(mail says 'アカウント')")
    photos = links_mail("https://www.dropbox.com/sh/x/y", text="写真をアップしました")
    assert not list(detect(photos, names))
    lure = links_mail("https://1drv.ms/b/s!Ab", text="Sign in to view the shared invoice")
    assert "URL_FILE_SHARE" in dict(detect(lure, names))
    own = links_mail("https://www.dropbox.com/sh/x", sender="no-reply@dropbox.com", text="account")
    assert not list(detect(own, names))


# --------------------------------------------------------------------------- host shape, paths


@pytest.mark.parametrize(
    ("url", "fires"),
    [
        ("https://www.paypal.com.cgi-bin.webscr.example.top/", True),
        ("https://www.amazon.de.secure.example.top/", True),  # a brand's own ccTLD domain
        ("https://a.b.c.d.example.top/", True),
        ("https://member.id.rakuten.co.jp/", False),  # ".id" is Indonesia, "member.id" no domain
        ("https://www.city.shirahama.lg.jp/", False),
        ("https://www.goto.info.waseda.ac.jp/", False),
        ("https://click.e.news.example.com/x", False),
        ("https://www.jp.example.com/", False),
        ("https://45.33.32.156/", False),
    ],
)
def test_many_subdomains(url: str, fires: bool) -> None:
    assert (
        "URL_MANY_SUBDOMAINS" in dict(detect(links_mail(url), {"URL_MANY_SUBDOMAINS"}))
    ) is fires


@pytest.mark.parametrize(
    ("url", "sender", "fires"),
    [
        ("https://example.top/x9Kq2LmZ8vR4tB7n/index.php", "a@example.co.jp", True),
        ("https://www.example.co.jp/confirm/x9Kq2LmZ8vR4tB7n", "a@example.co.jp", False),  # own
        ("https://example.top/news/2024/annual-report-summary.html", "a@example.co.jp", False),
        ("https://example.top/commit/bb33432b0f5bf644713e696e4dafc7e7", "a@example.co.jp", False),
    ],
)
def test_random_path(url: str, sender: str, fires: bool) -> None:
    found = dict(detect(links_mail(url, sender=sender), {"URL_RANDOM_PATH"}))
    assert ("URL_RANDOM_PATH" in found) is fires


# --------------------------------------------------------------------------- login pages


@pytest.mark.parametrize(
    ("sender", "url", "text", "fires"),
    [
        ("info@jcb.co.jp", "https://myjcb-check.example.top/", "ログインする", True),
        ("no-reply@example.org", "https://portal.example.top/secure/signin.php", "", True),
        ("helpdesk@example.com", "https://x.example.net/owa/", "Verify your account", True),
        ("info@example.de", "https://x.example.net/", "Konto bestätigen", True),
        ("info@example.br", "https://x.example.net/", "Acesse sua conta", True),
        # the brand's other domain, a neutral host, prose, the sender's own page:
        ("info@mail.rakuten-card.co.jp", "https://www.rakuten.co.jp/login", "ログイン", False),
        ("info@example.jp", "https://apps.apple.com/app/id1", "Sign in with the app", False),
        (
            "kb@example.com",
            "https://kb.example.net/q1",
            "How to log on to Windows XP if you forget",
            False,
        ),
        ("news@example.com", "https://www.example.com/account/login", "Sign in", False),
        ("c@online.com", "https://nl.example.net/servlet/url_login?x", "", False),  # a redirector
        ("", "https://x.example.top/login", "Sign in", False),  # no From to compare with
    ],
)
def test_login_link_off_sender(sender: str, url: str, text: str, fires: bool) -> None:
    mail = ParsedMail(from_address=sender, links=[Link(url, text)])
    found = dict(detect(mail, {"LOGIN_LINK_OFF_SENDER"}))
    assert ("LOGIN_LINK_OFF_SENDER" in found) is fires, found


# --------------------------------------------------------------------------- hostile input


WEIRD_URLS = [
    "http://",
    "http://[",
    "http://[::1",
    "http://[zz::1]/",
    "http://a:b:c@",
    "http://%",
    "http://%zz%/",
    "http://" + "a." * 3000 + "com/",
    "http://" + "1." * 5000,
    "http://0x" + "f" * 5000,
    "http://" + "9" * 5000,
    "http://xn--/",
    "http://xn--" + "a" * 3000 + ".com/",
    "http://" + "@" * 3000 + "x.com",
    "https://例え.テスト/" + "あ" * 3000,
    "www." + "ａ" * 3000,
    "http://host/" + "/".join(["Ab3dE5gH7jK9"] * 2000),
    "//\x00\x01/",
    "http://\u202e\u200b.com/",
]


@pytest.mark.parametrize("url", WEIRD_URLS, ids=range(len(WEIRD_URLS)))
def test_weird_urls_never_raise(url: str) -> None:
    url_parts(url)
    errors: list[tuple[str, str]] = []
    list(detect(links_mail(url, text=url[:100]), LINK_NAMES, errors=errors))
    assert errors == []


def test_only_the_first_links_are_looked_at() -> None:
    """10,000 links cost what MAX_LINKS do: a spam IP link past the cap is not reached."""
    urls = [f"https://www.example.co.jp/page{i}" for i in range(10_000)]
    urls[MAX_LINKS + 5] = "http://45.33.32.156/login"
    mail = links_mail(*urls)
    assert len(_links(MailView(mail))) == MAX_LINKS
    assert "URL_IP_HOST" not in dict(detect(mail, LINK_NAMES))
    raw = "Subject: many\n\n" + "\n".join(urls)
    assert len(parse(raw).links) >= MAX_LINKS
    assert list(detect(parse(raw), LINK_NAMES)) == []
