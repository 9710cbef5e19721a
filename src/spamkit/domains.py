"""Host names and registered domains, from the offline Public Suffix List snapshot.

One :class:`publicsuffixlist.PublicSuffixList` is built on first use and shared;
building it parses the whole list, so it is never made per message.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from .normalise import normalise

__all__ = [
    "address_domain",
    "host_of",
    "is_idn",
    "known_suffix",
    "normalise_host",
    "registered_domain",
]

_psl: PublicSuffixList | None = None
_psl_lock = threading.Lock()


def _get_psl() -> PublicSuffixList:
    """The shared list, built once (thread-safe)."""
    global _psl
    if _psl is None:
        with _psl_lock:
            if _psl is None:
                _psl = _build_psl()
    return _psl


def _build_psl() -> PublicSuffixList:
    """``PublicSuffixList()``, built faster: IDNA-encode only the rules that need it.

    The library encodes every one of its ~10,000 rules to IDNA to also know them in
    punycode; for an ASCII rule that gives the rule back, yet it was 60 of the 80 ms the
    list took to build, a tenth of ``spamkit filter``'s start-up (2026-11-30).  Here the
    list is fed its own lines plus the punycode of the non-ASCII rules, with encoding
    off, which yields the same rule set (tests/test_domains.py compares the two).  Any
    surprise from the library's file falls back to its own constructor.
    """
    try:
        from publicsuffixlist import PSLFILE

        with open(PSLFILE, "rb") as fh:
            lines = fh.read().splitlines()
        extra = []
        for line in lines:
            if line.isascii():
                continue
            rule = line.decode("utf-8", "surrogateescape").lower().split(" ")[0].rstrip()
            if rule and not rule.startswith("//"):
                bang = "!" if rule.startswith("!") else ""
                extra.append((bang + rule.lstrip("!").encode("idna").decode("ascii")).encode())
        return PublicSuffixList(lines + extra, accept_encoded_idn=False)
    except Exception:  # a changed library: its own way
        return PublicSuffixList()


#: Hosts and URLs come back again and again (a mail names its own domain in the From,
#: the links and the text): the detectors and tokens called normalise_host 21 times and
#: host_of 5 times per message (cProfile of ``spamkit score`` on 4,000 corpus messages,
#: 2026-11-30).  Both are pure functions of a string, so bounded caches answer the repeats.
@lru_cache(maxsize=8192)
def normalise_host(host: str) -> str:
    """Lower-case ``host``, fold full-width forms (NFKC) and drop a trailing dot and port.

    Parameters
    ----------
    host : str
        A host name as written in a URL, address or display name.

    Returns
    -------
    str
        The normalised host, possibly empty.

    Examples
    --------
    >>> normalise_host("WWW.Example.COM.:443")
    'www.example.com'
    """
    host = normalise(host).strip().lower()
    if host.startswith("[") and "]" in host:  # IPv6 literal
        return host[1 : host.index("]")]
    host = host.rsplit("@", 1)[-1]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def registered_domain(host: str) -> str:
    """The registrable domain of ``host`` ("eTLD+1"), or the host itself when it has none.

    IP literals and single labels come back unchanged, so two hosts compare equal
    only when they belong to the same owner.

    Parameters
    ----------
    host : str
        A host name (``mail.example.co.jp``), an address (``a@b.example.com``) or
        an IP literal.

    Returns
    -------
    str
        ``example.co.jp`` for ``mail.example.co.jp``; ``""`` for an empty host.

    Examples
    --------
    >>> registered_domain("mail.example.co.jp")
    'example.co.jp'
    >>> registered_domain("192.0.2.1")
    '192.0.2.1'
    """
    host = normalise_host(host)
    if not host or _is_ip(host) or "." not in host:
        return host
    with contextlib.suppress(UnicodeError):  # else keep the Unicode form
        host = host.encode("idna").decode("ascii")
    return _get_psl().privatesuffix(host) or host


@lru_cache(maxsize=4096)
def known_suffix(host: str) -> bool:
    """True when ``host`` ends in a suffix the Public Suffix List knows (``.com``, ``.co.jp``).

    Used to tell a domain written in free text (``example.co.jp``) from a dotted word
    (``J.R.R``, ``index.html``).
    """
    host = normalise_host(host)
    if "." not in host or _is_ip(host):
        return False
    return _get_psl().privatesuffix(host, accept_unknown=False) is not None


@lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The normalised host of ``url`` (scheme optional), ``""`` when there is none.

    Examples
    --------
    >>> host_of("https://Login.Example.com:8443/a?b=c")
    'login.example.com'
    >>> host_of("www.example.org/path")
    'www.example.org'
    """
    url = url.strip()
    if "://" not in url[:12]:
        url = "//" + url.lstrip("/")
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return normalise_host(host)


def address_domain(address: str) -> str:
    """The domain part of an e-mail address, lower-cased; ``""`` when there is no ``@``."""
    if "@" not in address:
        return ""
    return normalise_host(address.rsplit("@", 1)[1])


def is_idn(host: str) -> bool:
    """True when ``host`` is an internationalised name (punycode ``xn--`` or non-ASCII labels)."""
    host = normalise_host(host)
    return not host.isascii() or any(label.startswith("xn--") for label in host.split("."))
