"""Link detectors: where the links of a mail lead, and what they ask for on the way.

Every fact comes from ``ParsedMail.links`` (the parser's one link extractor) and
registered domains from :mod:`spamkit.domains`; the lists of services are data files
(``url_shorteners.txt``, ``free_hosting.txt``, ``form_services.txt``,
``file_share.txt``), matched host by host (:class:`HostList`).  At most
:data:`MAX_LINKS` links of a mail are looked at, each URL cut to :data:`MAX_URL`
characters, so a mail of 10,000 links costs what one of 200 does.

Firing rates and the decisions they made are in ``data/rules/40-links.toml``.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from ..datafiles import data_text
from ..domains import host_of, is_idn, known_suffix, normalise_host, registered_domain
from ..links import Link
from ..normalise import fold
from ._base import MailView, detector

__all__ = ["HostList", "ipv4_literal", "shipped_host_list", "url_parts"]

#: Links of a mail looked at, and characters of each URL.
MAX_LINKS = 200
MAX_URL = 2_000


# --------------------------------------------------------------------------- URL parts


class UrlParts(NamedTuple):
    """One link's URL taken apart: host (normalised), userinfo, path and query."""

    host: str
    userinfo: str
    path: str
    query: str


def url_parts(url: str) -> UrlParts | None:
    """Split ``url`` (scheme optional) into host, userinfo, path and query; ``None`` if broken.

    Examples
    --------
    >>> url_parts("https://www.paypal.com@203.0.113.9/login?x=1")
    UrlParts(host='203.0.113.9', userinfo='www.paypal.com', path='/login', query='x=1')
    >>> url_parts("www.example.jp/a").host, url_parts("http://%31%2e2.3.4/").host
    ('www.example.jp', '1.2.3.4')
    """
    url = url.strip()[:MAX_URL]
    if "://" not in url[:12]:
        url = "//" + url.lstrip("/")
    try:
        parts: SplitResult = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    if "%" in host:  # browsers decode a percent-encoded host: %34%2e%34%37... is 4.47...
        host = unquote(host)
    return UrlParts(normalise_host(host), userinfo, parts.path, parts.query)


def _links(view: MailView) -> list[tuple[Link, UrlParts]]:
    """The mail's links with their parts, computed once per view (kept on the view)."""
    cached = vars(view).get("_link_parts")
    if cached is None:
        cached = []
        for link in view.links[:MAX_LINKS]:
            parts = url_parts(link.url)
            if parts is not None and parts.host:
                cached.append((link, parts))
        vars(view)["_link_parts"] = cached
    return cached


# --------------------------------------------------------------------------- host lists


@dataclass(frozen=True)
class HostList:
    """Hosts (matched with their sub-domains), some only under a path prefix.

    Examples
    --------
    >>> hosts = HostList.from_entries(["web.app", "docs.google.com/forms"])
    >>> hosts.match("login-x.web.app", "/"), hosts.match("myweb.app", "/")
    ('web.app', None)
    >>> hosts.match("docs.google.com", "/forms/d/e/1FAIpQL/viewform")
    'docs.google.com/forms'
    >>> hosts.match("docs.google.com", "/document/d/1") is None
    True
    """

    entries: dict[str, tuple[str, ...]]

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> HostList:
        table: dict[str, list[str]] = {}
        for entry in entries:
            host, slash, path = entry.strip().lower().partition("/")
            table.setdefault(host, []).append(slash + path if slash else "")
        return cls({host: tuple(paths) for host, paths in table.items()})

    def match(self, host: str, path: str = "") -> str | None:
        """The entry ``host`` (and ``path``) falls under, or ``None``."""
        labels = host.split(".")
        lowered = None
        for start in range(len(labels) - 1):
            paths = self.entries.get(".".join(labels[start:]))
            if paths is None:
                continue
            for prefix in paths:
                if not prefix:
                    return ".".join(labels[start:])
                lowered = lowered if lowered is not None else path.lower()
                if lowered.startswith(prefix):
                    return ".".join(labels[start:]) + prefix.rstrip("/")
        return None


@cache
def shipped_host_list(filename: str) -> HostList:
    """A shipped list of hosts (``url_shorteners.txt``, ...), read once."""
    entries = []
    for line in data_text(filename).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return HostList.from_entries(entries)


def _first_listed(view: MailView, filename: str) -> tuple[Link, UrlParts, str] | None:
    hosts = shipped_host_list(filename)
    for link, parts in _links(view):
        entry = hosts.match(parts.host, parts.path)
        if entry is not None:
            return link, parts, entry
    return None


def _short(url: str, size: int = 100) -> str:
    url = url.strip()
    return url if len(url) <= size else url[: size - 3] + "..."


_LINKISH_TEXT = re.compile(
    r"(?:https?://)?((?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24})(?:[/:?#][^\s]{0,300})?"
)


@detector("LINK_TEXT_MISMATCH")
def link_text_mismatch(view: MailView) -> str | None:
    """A link shows one address and leads to another organisation's (not the sender's own)."""
    for link in view.links[:MAX_LINKS]:
        target = host_of(link.url)
        if not target:
            continue
        shown_text = fold(link.text.strip())[:320]
        match = _LINKISH_TEXT.fullmatch(shown_text)
        if match and known_suffix(match.group(1)):
            shown = registered_domain(match.group(1))
            goes = registered_domain(target)
            if shown == goes:
                continue
            if view.from_reg and _same_organisation(goes, view.from_reg, view):
                continue  # the sender's own click counter (unitedmedia.com showing dilbert.com)
            return f"shows {shown}, goes to {goes}"
    return None


_ACCEPT = re.compile(
    r"[\W_]{0,5}(?:承認する|承認|承諾する|承諾|参加する|参加|出席する|出席|はい|同意する"
    r"|accept|accept invitation|accept invite|yes|join|join now|i accept)[\W_]{0,5}"
)
_DECLINE = re.compile(
    r"[\W_]{0,5}(?:辞退する|辞退|拒否する|拒否|不参加|欠席する|欠席|いいえ"
    r"|decline|decline invitation|reject|no|ignore|not now|no thanks)[\W_]{0,5}"
)


@detector("INVITE_ACCEPT_DECLINE_SAME_TARGET")
def invite_accept_decline_same_target(view: MailView) -> str | None:
    """ "Accept" and "decline" buttons that lead to the very same URL, query included."""
    accept: dict[str, str] = {}
    decline: dict[str, str] = {}
    for link in view.links[:200]:
        label = link.text.strip().casefold()[:40]
        url = link.url.strip()
        if _ACCEPT.fullmatch(label):
            accept.setdefault(url, link.text.strip())
        elif _DECLINE.fullmatch(label):
            decline.setdefault(url, link.text.strip())
    for url in accept:
        if url in decline:
            return f"{accept[url]!r} and {decline[url]!r} both go to {url[:150]}"
    return None


_OAUTH_ENDPOINTS: tuple[tuple[str, str], ...] = (
    ("accounts.google.com", "/o/oauth2"),
    ("accounts.google.com", "/signin/oauth"),
    ("login.microsoftonline.com", "/oauth2"),
    ("login.live.com", "/oauth20_authorize"),
    ("api.login.yahoo.com", "/oauth2"),
)
_CONTACT_SCOPES = (
    "m8/feeds",
    "contacts",
    "auth/people",
    "mail.google.com",
    "auth/gmail",
    "mail.read",
    "mail.send",
    "mail.readwrite",
    "people.read",
    "sdct-r",
    "wl.contacts",
)


def _oauth_scopes(url: str, depth: int = 0) -> tuple[str, list[str]] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    query = parse_qsl(parts.query[:4000])
    if any(host == h and p in parts.path.lower() for h, p in _OAUTH_ENDPOINTS):
        scopes = [s for k, v in query if k.lower() == "scope" for s in re.split(r"[\s,+]+", v)]
        return host, [s for s in scopes if s]
    if depth == 0:  # a redirector wrapping the consent URL: look one level inside
        for _, value in query:
            if "://" in value:
                found = _oauth_scopes(unquote(value), 1)
                if found:
                    return found
    return None


@detector("OAUTH_CONTACTS_CONSENT")
def oauth_contacts_consent(view: MailView) -> str | None:
    """A link asks an OAuth provider for access to the reader's contacts or mail."""
    for link in view.links[:200]:
        found = _oauth_scopes(link.url)
        if not found:
            continue
        host, scopes = found
        wanted = [s for s in scopes if any(c in s.lower() for c in _CONTACT_SCOPES)]
        if wanted:
            return f"{host} scope {' '.join(wanted)[:200]}"
    return None


# --------------------------------------------------------------------------- URL structure


def ipv4_literal(host: str) -> tuple[str, bool] | None:
    """The IPv4 address a browser reads in ``host`` and whether it was written unusually.

    Browsers (the WHATWG URL standard) read a host whose last label is a number as an
    IPv4 address, in decimal, octal (leading ``0``) or hex (``0x``), in one to four
    parts: ``3232235521``, ``0xC0A80001`` and ``0300.0250.0.1`` all mean 192.168.0.1.

    Returns
    -------
    (str, bool) or None
        The dotted quad and ``True`` when it was not written as one; ``None`` when
        ``host`` is no IPv4 address.

    Examples
    --------
    >>> ipv4_literal("3232235521"), ipv4_literal("0xc0.0250.0.1"), ipv4_literal("10.0.0.1")
    (('192.168.0.1', True), ('192.168.0.1', True), ('10.0.0.1', False))
    >>> ipv4_literal("example.com") is None and ipv4_literal("1.2.3.4.5") is None
    True
    """
    labels = host.split(".")
    if labels and labels[-1] == "" and len(labels) > 1:
        labels.pop()
    if not labels or len(labels) > 4 or not _NUMBER_LABEL.fullmatch(labels[-1]):
        return None
    numbers = []
    for label in labels:
        if not _NUMBER_LABEL.fullmatch(label):
            return None
        if label[:2].lower() == "0x":
            numbers.append(int(label[2:] or "0", 16))
        elif len(label) > 1 and label[0] == "0":
            if not set(label) <= set("01234567"):
                return None
            numbers.append(int(label, 8))
        else:
            numbers.append(int(label))
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    dotted = ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))
    return dotted, dotted != host.rstrip(".")


_NUMBER_LABEL = re.compile(r"0[xX][0-9a-fA-F]{0,8}|[0-9]{1,12}")


def _ip_host(host: str) -> tuple[str, str] | None:
    """``(address, how it was written)`` for an IP-literal host, ``None`` otherwise."""
    import ipaddress

    found = ipv4_literal(host)
    if found is not None:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv4Address(found[0])
        written = f"written {host}" if found[1] else ""
    elif ":" in host:
        try:
            address = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
        written = "IPv6"
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
    else:
        return None
    if not address.is_global:
        return None  # a private, loopback or documentation address leads nowhere for a reader
    return str(address), written


@detector("URL_IP_HOST")
def url_ip_host(view: MailView) -> str | None:
    """A link goes to a public IP address instead of a name (written any way a browser reads)."""
    for _link, parts in _links(view):
        found = _ip_host(parts.host)
        if found is not None:
            address, written = found
            return f"{address} ({written})" if written else address
    return None


@detector("URL_USERINFO")
def url_userinfo(view: MailView) -> str | None:
    """A web link has ``name@`` before its host, which browsers skip (http://paypal.com@host/)."""
    for link, parts in _links(view):
        if not parts.userinfo or "." not in parts.host:
            continue  # "phishing@pot": the honeypot's rewritten address, not a host
        if not link.url.strip()[:8].lower().startswith(("http://", "https://")):
            continue  # ftp://user:password@host is an ftp login; www.name@example.com an address
        return f"{_short(parts.userinfo, 60)!r} before {parts.host}"
    return None


#: Latin letters that another script writes alike (Unicode confusables, UTS #39),
#: folded to the Latin letter they imitate.
_CONFUSABLE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ԛ": "q",
        "ԝ": "w", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ı": "i", "ℓ": "l",
    }
)  # fmt: skip
#: Scripts a browser shows in one label without warning, besides Latin alone (UTS #39
#: "highly restrictive": Latin with Han and kana, Han with Hangul, ...).
_JAPANESE = {"LATIN", "CJK", "HIRAGANA", "KATAKANA"}


def _script(char: str) -> str:
    if char.isascii():
        return "LATIN" if char.isalpha() else ""
    if char in "ー々〆・":
        return "CJK"
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "HIRAGANA", "KATAKANA", "HANGUL"):
        return first
    if first == "CJK":
        return "CJK"
    return first if char.isalpha() else ""


def _unicode_labels(host: str) -> list[str]:
    labels = []
    for label in host.split(".")[:20]:
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                label = label[4:].encode("ascii").decode("punycode")
        labels.append(label.lower())
    return labels


@cache
def _brand_labels(domains: frozenset[str]) -> frozenset[str]:
    """The first label of every brand domain: ``amazon`` of amazon.co.jp."""
    return frozenset(d.split(".", 1)[0] for d in domains if len(d.split(".", 1)[0]) >= 4)


def _skeleton(label: str) -> str:
    """``label`` with look-alikes folded to Latin, accents dropped (roughly UTS #39's skeleton)."""
    label = label.translate(_CONFUSABLE)
    label = "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c))
    return label.replace("rn", "m").replace("vv", "w").replace("0", "o").replace("1", "l")


@lru_cache(maxsize=4096)
def _confusable(host: str, brand_labels: frozenset[str], brand_domains: frozenset[str]) -> str:
    """How ``host`` imitates another name, or ``""`` (cached: a mailbox sees hosts again)."""
    labels = _unicode_labels(host)
    for label in labels:
        scripts = {s for s in map(_script, label) if s}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK", "ARMENIAN"}:
            return f"label {label!r} mixes {' and '.join(sorted(scripts))}"
        if scripts and scripts <= {"CYRILLIC", "GREEK", "ARMENIAN"} and len(label) >= 3:
            folded = label.translate(_CONFUSABLE)
            if folded.isascii():
                written = " ".join(sorted(scripts)).lower()
                return f"label {label!r} is {written} letters spelling {folded!r}"
    reg = registered_domain(host)
    if reg in brand_domains:
        return ""
    first = reg.split(".", 1)[0]
    unicode_first = _unicode_labels(first)[0]
    skeleton = _skeleton(unicode_first)
    if skeleton != unicode_first and skeleton in brand_labels:
        return f"{reg} looks like {skeleton}"
    return ""


@detector("URL_IDN_HOST")
def url_idn_host(view: MailView) -> str | None:
    """A link goes to an internationalised (punycode) host name."""
    for _link, parts in _links(view):
        if is_idn(parts.host):
            labels = _unicode_labels(parts.host)
            shown = ".".join(labels)
            return parts.host if shown == parts.host else f"{parts.host} ({shown})"
    return None


def _brand_domains(view: MailView) -> frozenset[str]:
    """Every registered domain of every brand of the view's lists."""
    return _union(tuple(brand.domains for brand in view.lists.brands))


@cache
def _union(sets: tuple[frozenset[str], ...]) -> frozenset[str]:
    return frozenset().union(*sets)


@detector("URL_CONFUSABLE_HOST")
def url_confusable_host(view: MailView) -> str | None:
    """A link's host imitates another name: mixed scripts, look-alike letters, a brand's name."""
    domains = _brand_domains(view)
    labels = _brand_labels(domains)
    for _link, parts in _links(view):
        how = _confusable(parts.host, labels, domains)
        if how:
            return f"{parts.host}: {how}"
    return None


@detector("URL_SHORTENER")
def url_shortener(view: MailView) -> str | None:
    """A link goes through a public URL shortener, which hides where it leads."""
    found = _first_listed(view, "url_shorteners.txt")
    return _short(found[0].url) if found else None


@detector("URL_FREE_HOSTING")
def url_free_hosting(view: MailView) -> str | None:
    """A link goes to free hosting, a site builder, a storage bucket, a tunnel or IPFS."""
    found = _first_listed(view, "free_hosting.txt")
    return f"{found[1].host} ({found[2]})" if found else None


#: Words of a mail about an account, a password or money waiting: the context in which a
#: form or a shared file collects credentials (measured: see 40-links.toml).
_CREDENTIAL_TEXT = re.compile(
    r"(?i:password|passwort|kennwort|senha|contraseña|mot de passe|log ?in|sign ?in|verify"
    r"|verification|account|konto|conta|cuenta|compte|wallet|withdraw)"
    r"|パスワード|暗証番号|ログイン|サインイン|本人確認|認証|アカウント|口座"
)


def _borrowed_page(view: MailView, filename: str) -> str | None:
    """A listed service's link (not the sender's own) in a mail about accounts or passwords."""
    hosts = shipped_host_list(filename)
    for link, parts in _links(view):
        entry = hosts.match(parts.host, parts.path)
        if entry is None:
            continue
        if view.from_reg and registered_domain(parts.host) == view.from_reg:
            continue  # the service's own notification
        found = _CREDENTIAL_TEXT.search(view.subject + "\n" + view.mail.text[:5_000])
        if found is None:
            return None
        return f"{_short(link.url)} (mail says {found.group(0)!r})"
    return None


@detector("URL_FORM_SERVICE")
def url_form_service(view: MailView) -> str | None:
    """A link to an online form service (Google Forms...) in a mail about an account or password."""
    return _borrowed_page(view, "form_services.txt")


@detector("URL_FILE_SHARE")
def url_file_share(view: MailView) -> str | None:
    """A link to a file-sharing service (Dropbox...) in a mail about an account or password."""
    return _borrowed_page(view, "file_share.txt")


# --------------------------------------------------------------------------- host shape

#: Top-level domains a domain spelled in sub-domains may end in: com, net, org, or a
#: second-level suffix (co.jp, com.br...).  Other TLDs are words or university
#: department names: www.city.*.lg.jp, e.news.*, goto.info.waseda.ac.jp, member.id.*
#: (".city", ".news", ".info", ".id"); a single-label country code counts only for a
#: brand's own domain (amazon.de).
_COMMON_TLDS = frozenset({"com", "net", "org"})


def _hidden_domain(host: str, reg: str, brand_domains: frozenset[str]) -> str:
    """A domain spelled out in the sub-domains of ``host`` (www.paypal.com.evil.top), or ``""``."""
    prefix = host[: -len(reg)].rstrip(".") if host.endswith(reg) else ""
    labels = prefix.split(".")
    for end in range(len(labels), 1, -1):
        candidate = ".".join(labels[:end])
        if not known_suffix(candidate):
            continue
        inner = registered_domain(candidate)
        label, _, suffix = inner.partition(".")
        if len(label) < 3 or label == "www" or not suffix:
            continue
        if suffix in _COMMON_TLDS or "." in suffix or inner in brand_domains:
            return inner
    return ""


#: Labels left of the registered domain from which a host counts as having many.
MANY_SUBDOMAINS = 4


@detector("URL_MANY_SUBDOMAINS")
def url_many_subdomains(view: MailView) -> str | None:
    """A link's host has many sub-domain levels, or spells another domain in them."""
    for _link, parts in _links(view):
        host = parts.host
        if host.count(".") < 2 or _ip_host(host) is not None:
            continue
        reg = registered_domain(host)
        hidden = _hidden_domain(host, reg, _brand_domains(view))
        if hidden and hidden != reg:
            return f"{host}: {hidden} inside {reg}"
        depth = host.count(".") - reg.count(".")
        if depth >= MANY_SUBDOMAINS:
            return f"{host}: {depth} levels under {reg}"
    return None


_TOKEN_SPLIT = re.compile(r"[^A-Za-z0-9]+")
#: A path token this long, of mixed character classes and high entropy, is machine-made.
RANDOM_TOKEN_CHARS = 12


def _randomness(token: str) -> float:
    """Shannon entropy of ``token``'s characters, in bits per character."""
    counts = Counter(token)
    size = len(token)
    return -sum(n / size * math.log2(n / size) for n in counts.values())


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _random_token(text: str) -> str:
    """The first token of ``text`` that looks machine-made, or ``""``.

    Hex strings are left out: commit ids and checksums in links to code (ja_ham
    1.45 % -> 1.08 %, phishing 2022-23 24.4 % -> 23.2 %, 2026-11-29).
    """
    for token in _TOKEN_SPLIT.split(text[:MAX_URL])[:100]:
        if len(token) < RANDOM_TOKEN_CHARS or set(token) <= _HEX_DIGITS:
            continue
        digits = sum(c.isdigit() for c in token)
        upper = sum(c.isupper() for c in token)
        lower = len(token) - digits - upper
        mixed = sum(1 for n in (digits, upper, lower) if n >= 2)
        if mixed >= 2 and _randomness(token) >= 3.5:
            return token
    return ""


@detector("URL_RANDOM_PATH")
def url_random_path(view: MailView) -> str | None:
    """A link's path is machine-made (long random tokens), on a host not of the From's owner."""
    for _link, parts in _links(view):
        token = _random_token(parts.path)
        if not token:
            continue
        reg = registered_domain(parts.host)
        if view.from_reg and _same_organisation(reg, view.from_reg, view):
            continue  # a sender's own confirmation or tracking link
        return f"{parts.host}{_short(parts.path, 80)}"
    return None


# --------------------------------------------------------------------------- login pages

_LOGIN_TEXT = re.compile(
    r"\b(?:log ?in|log ?on|sign ?in|verify|verification|validate|confirm (?:your )?"
    r"(?:account|identity|email|details|information|payment)|update (?:your )?(?:account|"
    r"payment|billing|details|information)|unlock|reactivate|restore (?:your )?access"
    r"|anmelden|einloggen|bestätigen|verifizieren|konto aktualisieren"
    r"|iniciar sesión|inicia sesión|verificar|confirmar|actualizar"
    r"|se connecter|connexion|vérifier|confirmer|mettre à jour"
    r"|entrar|acessar|acesse|atualizar|verifique)\b"
    r"|ログイン|サインイン|本人確認|認証|アカウント(?:を|の)?(?:確認|更新|復旧|復元|再開)"
    r"|(?:お支払い|支払い|決済|カード)(?:情報|方法)?(?:を|の)?(?:確認|更新|変更)"
    r"|ご?利用(?:再開|制限解除)"
)
#: A path whose one segment names a login page (``/login``, ``/signin.php``), not a word
#: inside a longer one: CNET's 2002 redirector ``/servlet/url_login`` made hard_ham fire.
_LOGIN_PATH = re.compile(
    r"(?:^|/)(?:login|log-in|logon|signin|sign-in|sign_in|verify|verification|validate"
    r"|webscr|wp-login|auth|authenticate|owa|unlock|recover)"
    r"(?:\.(?:php|html?|aspx?|jsp|cgi))?(?:/|$)",
    re.IGNORECASE,
)
#: Anchor text longer than this is prose or a title ("How to log on to Windows XP"), not
#: a button.
LOGIN_TEXT_CHARS = 32


def _same_organisation(a: str, b: str, view: MailView) -> bool:
    """True when registered domains ``a`` and ``b`` are one owner's (equal, or one brand's)."""
    if a == b:
        return True
    return any(a in brand.domains and b in brand.domains for brand in view.lists.brands)


@detector("LOGIN_LINK_OFF_SENDER")
def login_link_off_sender(view: MailView) -> str | None:
    """A link to a login or verification page is on another organisation's host than the From."""
    sender = view.from_reg
    if not sender:
        return None
    for link, parts in _links(view):
        text = fold(" ".join(link.text.split()))
        match = _LOGIN_TEXT.search(text) if 0 < len(text) <= LOGIN_TEXT_CHARS else None
        where = f"{text!r}" if match else ""
        if not match:
            path_match = _LOGIN_PATH.search(parts.path[:300])
            if not path_match:
                continue
            where = f"path {_short(parts.path, 60)}"
        reg = registered_domain(parts.host)
        if _same_organisation(reg, sender, view) or reg in view.lists.neutral_domains:
            continue
        return f"{where} -> {parts.host}, From {sender}"
    return None
