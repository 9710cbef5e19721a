"""spamkit.domains: the Public Suffix List as spamkit builds it, and the host helpers."""

from __future__ import annotations

import pytest
from publicsuffixlist import PublicSuffixList

from spamkit.domains import _build_psl, host_of, normalise_host, registered_domain


@pytest.mark.slow
def test_fast_build_holds_the_librarys_rules():
    fast, own = _build_psl(), PublicSuffixList()
    assert fast._publicsuffix == own._publicsuffix
    assert fast._maxlabel == own._maxlabel
    hosts = ("mail.example.co.jp", "xn--eckwd4c7c.xn--zckzah", "a.b.みんな", "x.city.kawasaki.jp")
    for host in hosts:
        assert fast.privatesuffix(host) == own.privatesuffix(host)


def test_cached_helpers_answer_as_before():
    assert normalise_host("WWW.Example.COM.:443") == "www.example.com"
    assert normalise_host("WWW.Example.COM.:443") == "www.example.com"  # from the cache
    assert host_of("https://Login.Example.com:8443/a?b=c") == "login.example.com"
    assert host_of("www.example.org/path") == "www.example.org"
    assert registered_domain("mail.example.co.jp") == "example.co.jp"
