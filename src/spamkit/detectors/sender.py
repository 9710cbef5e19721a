"""Sender detectors: what From, Reply-To, Return-Path and Sender say about who wrote.

Decisions, measured with ``benchmarks/signal_rates.py`` on the shared corpora
(10370 ham, 2084 spam), 2026-11-27:

* FREEMAIL_* match listed domains exactly (plus ``name.*``): sub-domain matching made
  groups.msn.com list mail a free-mail Reply-To (hard_ham 1.6 % -> 0 %).
* FROM_LOCALPART_RANDOM skips VERP/bounce tokens (``#``, ``=``, > 5 digits): CNET's
  ``online#3.19578.34-uggtgzfn...`` made hard_ham fire 16.9 %; now 0.4 %.  The
  consonant-run test needs 7 letters ("armstrong", "matchsprint" have 5-6).  Left:
  0.73 % of ham, mostly the corpus author's ``yyyy`` masking and long real names.
* FROM_DISPLAY_ADDRESS_MISMATCH counts a domain in a display name only with a common
  or two-letter TLD ("r.hughes" is a name, though .hughes exists).

Later (2026-11-29, the same corpora plus 2400 generated business mails):

* FROM_DISPLAY_ADDRESS_MISMATCH fired on 12.0 % of hard_ham against 2.5 % of the spam:
  a domain in a display name ("CNET News.com Daily Dispatch" from newsletter.online.com,
  "comics.com" from unitedmedia.com) is how newsletters name themselves.  Split by what
  the display name shows: a non-brand domain, hard_ham 10.8 % / spam 0.5-2.7 % (a
  corpus detector: dropped); a brand's domain, ja_spam 12.8 % (BRAND_SPOOF's claim:
  left to it); another organisation's address, hard_ham 0.8 % (two sneakemail.com
  aliases), spam 0.2-0.35 % (kept).  A mailbox of the sender's own organisation
  ("tomgardner@fooladvisor.com" <subscriber@fooladvisor.com>, hard_ham 0.8 %), of its
  brand ("service@paypal.com" <service@paypal.jp>, generated 0.08 %), a recipient's
  address and a name without a real domain (honeypot rewrites: "phishing@pot-f-p") are
  no mismatch.  Now: hard_ham 0.80 %, easy_ham, ja_ham, generated business mail 0 %;
  sa_spam 0.21 %, phishing 0.33 % (2022-23) and 0.15 % (2024).
* Display names that show a recipient's address or domain: only the honeypot's own
  rewrites ("phishing@pot", "spotify" containing "pot"); no signal.
* Reply-To: FREEMAIL_REPLYTO (ham 0.00 %, spam 8.2 %) and FROM_REPLYTO_DOMAIN_MISMATCH
  (ham 0.09 %, spam 10.1 %) stay.  ja_ham has no Reply-To at all (rebuilt headers), so
  their ham evidence is the English ham, 28-35 % of which has one.
* Return-Path and Sender are no signals: ja_ham has neither, ja_spam lost Return-Path
  in cleaning, the evaluation set keeps only From, Reply-To, Subject and MIME headers,
  and 72 % of easy_ham has a Sender (mailing lists) -- any signal on them tells the
  corpora apart (``benchmarks/sender_headers.py``).  INVITE_SPAM_SENDER reads them only
  to name a listed invite service, beside From and Reply-To.
"""

from __future__ import annotations

import math
import re
from email.utils import parseaddr
from functools import cache

from ..datafiles import Lists, data_text, shipped_lists
from ..domains import address_domain, known_suffix, registered_domain
from ._base import MailView, detector
from .brand import SPOOF, brand_judgement

__all__ = ["is_freemail", "localpart_randomness"]


def is_freemail(address_or_domain: str, lists: Lists | None = None) -> bool:
    """True when the address (or domain) is at a free mail provider (``freemail.txt``).

    ``lists`` are the lists to consult (the shipped ones when ``None``).

    Examples
    --------
    >>> is_freemail("taro@docomo.ne.jp"), is_freemail("a@yahoo.co.uk"), is_freemail("x@example.jp")
    (True, True, False)
    """
    domain = address_domain(address_or_domain) if "@" in address_or_domain else address_or_domain
    return domain.lower() in (lists if lists is not None else shipped_lists()).freemail


@cache
def _bigram_logprob() -> dict[str, float]:
    counts: dict[str, int] = {}
    for line in data_text("letter_bigrams.tsv").splitlines():
        if line and not line.startswith("#"):
            pair, count = line.split("\t")
            counts[pair] = int(count)
    totals: dict[str, int] = {}
    for key, number in counts.items():
        totals[key[0]] = totals.get(key[0], 0) + number
    out = {}
    for a in "^abcdefghijklmnopqrstuvwxyz":
        for b in "abcdefghijklmnopqrstuvwxyz$":
            out[a + b] = math.log((counts.get(a + b, 0) + 0.5) / (totals.get(a, 0) + 13.5))
    return out


@detector("FREEMAIL_FROM")
def freemail_from(view: MailView) -> str | None:
    """From is an address at a free mail provider."""
    return view.from_domain if is_freemail(view.from_domain, view.lists) else None


@detector("FREEMAIL_REPLYTO")
def freemail_replyto(view: MailView) -> str | None:
    """Reply-To is a free mail address other than the From address."""
    reply = view.mail.reply_to
    if not reply or reply == view.mail.from_address or reply in view.mail.recipients:
        return None
    if is_freemail(reply, view.lists):
        return f"Reply-To {reply}, From {view.mail.from_address or '(none)'}"
    return None


@detector("FROM_REPLYTO_DOMAIN_MISMATCH")
def from_replyto_domain_mismatch(view: MailView) -> str | None:
    """Reply-To sends answers to another organisation than From (a list address does not count)."""
    reply = view.mail.reply_to
    if not reply or not view.from_reg or reply in view.mail.recipients:
        return None
    if view.mail.header("list-id") or view.mail.header("list-post"):
        return None
    sender = address_domain(parseaddr(view.mail.header("sender"))[1])
    if sender and registered_domain(sender) == view.from_reg:
        return None  # a service sending for someone (calendar invitations): Reply-To is them
    reply_reg = registered_domain(address_domain(reply))
    if reply_reg and reply_reg != view.from_reg:
        return f"From {view.from_reg}, Reply-To {reply_reg}"
    return None


_ADDRESS = re.compile(r"[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6}")


@detector("FROM_DISPLAY_ADDRESS_MISMATCH")
def from_display_address_mismatch(view: MailView) -> str | None:
    """The display name shows the address of another organisation than the real sender.

    Another mailbox of the sender's own organisation (or brand: paypal.com and
    paypal.jp) is no mismatch, nor is one of the recipients or a name that is no real
    domain (the phishing honeypot rewrote its own address into display names and
    Froms), and a brand's address is BRAND_SPOOF's to report (no double counting).
    """
    name, real = view.display_name, view.mail.from_address
    if not name or not real:
        return None
    if not known_suffix(view.from_domain):
        return None  # no real domain to compare ("phishing@pot-f-p", a honeypot rewrite)
    recipients = set(view.mail.recipients)
    for shown in _ADDRESS.findall(name):
        shown = shown.strip(".")
        shown_domain = address_domain(shown)
        if shown == real or shown in recipients or not known_suffix(shown_domain):
            continue
        shown_reg = registered_domain(shown_domain)
        if shown_reg == view.from_reg or any(
            {shown_reg, view.from_reg} <= brand.domains for brand in view.lists.brands
        ):
            continue  # "tomgardner@fooladvisor.com" <subscriber@fooladvisor.com>
        if brand_judgement(view)[0] == SPOOF:
            return None
        return f'display "{shown}" != {real}'
    return None


# Romanised Japanese (Hepburn/kunrei) and Chinese (pinyin) syllables: a local part that
# is a run of these is a name (takahashikenichi, zhangwei), not a random string.
_ROMAJI_ONSETS = (
    "", "k", "g", "s", "z", "t", "d", "n", "h", "b", "p", "m", "y", "r", "w", "f", "j", "v",
    "ky", "gy", "sh", "sy", "ch", "ts", "ny", "hy", "by", "py", "my", "ry", "dy", "ty", "zy",
)  # fmt: skip
_PINYIN_INITIALS = (
    "", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
    "zh", "ch", "sh", "r", "z", "c", "s", "y", "w",
)  # fmt: skip
_PINYIN_FINALS = (
    "a", "o", "e", "i", "u", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er",
    "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui",
    "uan", "un", "uang", "ue", "v",
)  # fmt: skip
_SYLLABLES = frozenset(
    [o + v for o in _ROMAJI_ONSETS for v in "aiueo"]
    + [i + f for i in _PINYIN_INITIALS for f in _PINYIN_FINALS]
    + ["n", "nn"]
)
_MAX_SYLLABLE = max(len(s) for s in _SYLLABLES)


def _is_syllabic_name(word: str) -> bool:
    """True when ``word`` splits into romaji or pinyin syllables (dynamic programming, O(n))."""
    n = len(word)
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        if i + 1 < n and word[i] == word[i + 1] and word[i] in "kstpcgdbzfjm":
            reach[i + 1] = True  # geminate: kk in "hokkaido", tt in "hattori"
        if word[i] == "h" and i > 0 and word[i - 1] in "ou":
            reach[i + 1] = True  # long vowel: "ohno", "yuhki"
        if word[i] == "m" and i + 1 < n and word[i + 1] in "bmp":
            reach[i + 1] = True  # "namba", "homma"
        for size in range(1, min(_MAX_SYLLABLE, n - i) + 1):
            if word[i : i + size] in _SYLLABLES:
                reach[i + size] = True
    return reach[n]


_LETTER_RUNS = re.compile(r"[a-z]{1,64}")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{7,64}")


def localpart_randomness(local: str) -> tuple[float, str]:
    """How machine-made a mailbox name looks, from letter-pair statistics; no dictionary.

    Each letter run of 7 or more characters that is not a romanised Japanese or Chinese
    name is scored by its English letter-pair (bigram) log-probabilities: a pair rarer
    than e^-6 is "rare"; the excess over e^-4 of each pair adds to a "surprise" sum.

    Parameters
    ----------
    local : str
        The part of an address before ``@``.

    Returns
    -------
    tuple of (float, str)
        A score (>= 1.0 means random) and the letter run that earned it.  Local parts
        with ``#``, ``=``, ``%``, more than 5 digits or over 40 characters are bounce or
        ticket tokens of mailing software and score 0.

    Notes
    -----
    A run is random when it has three rare pairs (``xucuwzf``), seven consonants in a
    row (``lgndrtsn``), or is 13+ letters long with a surprise of 4.5 or more
    (``miraabfandresev`` 5.7, ``alemanboandresizd`` 5.0).  Ordinary names and
    role words stay below: ``john.smith``, ``taro.yamada``, ``k-tanaka``,
    ``notifications``.  Concatenated western full names of 13+ letters
    (``christopherjohnson``) can reach it: that is the price of catching the
    campaign's local parts; see ``benchmarks/signal_rates.py`` for the ham rate.
    """
    table = _bigram_logprob()
    best, best_run = 0.0, ""
    local = local.lower()
    if len(local) > 40 or any(c in local for c in "#=/%!") or sum(c.isdigit() for c in local) > 5:
        return best, best_run  # a VERP/bounce token or a ticket id, not a person's mailbox
    for run in _LETTER_RUNS.findall(local):
        if len(run) < 7 or _is_syllabic_name(run.removesuffix("jp")):
            continue
        word = "^" + run + "$"
        logps = [table.get(word[i : i + 2], -10.0) for i in range(len(word) - 1)]
        rare = sum(1 for lp in logps if lp < -6.0)
        surprise = sum(max(0.0, -lp - 4.0) for lp in logps)
        score = max(
            rare / 3.0,
            1.0 if _CONSONANT_RUN.search(run) else 0.0,
            surprise / 4.5 if len(run) >= 13 else 0.0,
        )
        if score > best:
            best, best_run = score, run
    return best, best_run


@detector("FROM_LOCALPART_RANDOM")
def from_localpart_random(view: MailView) -> str | None:
    """The From mailbox name looks machine-made (``miraabfandresev@outlook.com``)."""
    local = view.mail.from_address.split("@", 1)[0]
    score, run = localpart_randomness(local)
    return f"{run} ({score:.2f})" if score >= 1.0 else None


@detector("INVITE_SPAM_SENDER")
def invite_spam_sender(view: MailView) -> str | None:
    """The sender is a known address-book-harvesting invite service."""
    mail = view.mail
    sender = parseaddr(mail.header("sender"))[1].lower()
    for label, address in (
        ("From", mail.from_address),
        ("Reply-To", mail.reply_to),
        ("Return-Path", mail.return_path),
        ("Sender", sender),
    ):
        domain = address_domain(address)
        if domain in view.lists.invite_services:
            return f"{label} {registered_domain(domain)}"
    return None
