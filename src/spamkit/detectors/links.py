"""Link detectors: where the links of a mail lead, and what they ask for on the way."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from ..domains import host_of, is_idn, known_suffix, registered_domain
from ..normalise import fold
from ._base import MailView, detector

__all__: list[str] = []


_LINKISH_TEXT = re.compile(
    r"(?:https?://)?((?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24})(?:[/:?#][^\s]{0,300})?"
)


@detector("LINK_TEXT_MISMATCH")
def link_text_mismatch(view: MailView) -> str | None:
    """A link shows one address and leads to another, or leads to a punycode/IDN host."""
    for link in view.links[:200]:
        target = host_of(link.url)
        if not target:
            continue
        if is_idn(target):
            return f"IDN host {target}"
        shown_text = fold(link.text.strip())[:320]
        match = _LINKISH_TEXT.fullmatch(shown_text)
        if match and known_suffix(match.group(1)):
            shown = registered_domain(match.group(1))
            if shown != registered_domain(target):
                return f"shows {shown}, goes to {registered_domain(target)}"
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
