"""Signal detectors: small functions that look at a parsed mail and name what they saw.

Each detector is registered under one UPPER_SNAKE name with :func:`detector` and returns
the evidence it matched (a short string) or ``None``.  Detectors hold no weights: the
name's score, description and flags live in ``data/rules.toml`` (rspamd's split between
``once_received.lua`` and ``scores.d``), and the lists they consult (free mail providers,
brands, letter statistics) are data files beside it.

Every regular expression here is linear: plain alternations and bounded repeats, no
nested quantifiers, and text is cut to :data:`MAX_SCANNED_CHARS` characters before any scan.

Decisions, measured with ``benchmarks/signal_rates.py`` on the shared corpora
(10370 ham, 2084 spam), 2026-11-27:

* SEQUENCE_CLAIM fires only without In-Reply-To/References: a real follow-up
  ("先日ご連絡した件で再度ご連絡いたします" answering a thread) is ham, the campaign's
  claim is about a thread that does not exist.  ja_ham has no thread headers at all
  (rebuilt), yet the claim appears in 5 of its 6221 posts (0.08 %).
* REPLY_SOLICITATION: "お返事をいただける..." matched ja_ham 000098 ("お返事をいただけると
  ありがたいです", a meetup head count); narrowed to "...いただけるよう/いただきたく" and
  "必ず/至急" forms: ham 0.09 % -> 0.00 %, spam 4.3 %.  "ご返信お待ちしております" and
  "ご返信ください" are ordinary business Japanese and never count.
* FREEMAIL_* match listed domains exactly (plus ``name.*``): sub-domain matching made
  groups.msn.com list mail a free-mail Reply-To (hard_ham 1.6 % -> 0 %).
* FROM_LOCALPART_RANDOM skips VERP/bounce tokens (``#``, ``=``, > 5 digits): CNET's
  ``online#3.19578.34-uggtgzfn...`` made hard_ham fire 16.9 %; now 0.4 %.  The
  consonant-run test needs 7 letters ("armstrong", "matchsprint" have 5-6).  Left:
  0.73 % of ham, mostly the corpus author's ``yyyy`` masking and long real names.
* SUBJECT_HAS_RECIPIENT needs an addressing mark after the name (",", "様", ":",
  end): "DivX newsletter" sent to divx@... fired on hard_ham (2.8 % -> 0 %).
* FROM_DISPLAY_ADDRESS_MISMATCH counts a domain in a display name only with a common
  or two-letter TLD ("r.hughes" is a name, though .hughes exists).
* BRAND_SPOOF takes claims from the display name, a notice-like subject, a 【bracket】
  at the head of the text or a sign-off, never from 「quoted」 prose; a genuine From
  with an off-brand link counts (forged From), and so does a look-alike spelling:
  ja_spam 79 % -> 85 %, ham 0.05 %.
"""

from __future__ import annotations

import html
import logging
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parseaddr
from functools import cache, cached_property
from importlib import resources

from .domains import address_domain, host_of, is_idn, known_suffix, registered_domain
from .message import Link, ParsedMail

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "DETECTORS",
    "MAX_SCANNED_CHARS",
    "MailView",
    "brands",
    "detect",
    "detector",
    "in_domain_list",
    "is_freemail",
    "load_domain_list",
    "localpart_randomness",
]

#: Only the first ``MAX_SCANNED_CHARS`` characters of a body are scanned (bounds every regex).
MAX_SCANNED_CHARS = 20_000
#: The "opening" of a mail, where a sequence claim or a greeting is made.
HEAD_TEXT = 1_500

Detector = Callable[["MailView"], "str | None"]

_log = logging.getLogger(__name__)

#: Registered detectors, name -> function, in registration order.
DETECTORS: dict[str, Detector] = {}


def detector(name: str) -> Callable[[Detector], Detector]:
    """Register ``func`` as the detector of signal or rule ``name``.

    Parameters
    ----------
    name : str
        The UPPER_SNAKE name; it must have an entry in ``rules.toml``.

    Returns
    -------
    callable
        A decorator that registers and returns the function unchanged.
    """
    if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,63}", name):
        raise ValueError(f"detector name must be UPPER_SNAKE: {name!r}")

    def register(func: Detector) -> Detector:
        if name in DETECTORS and DETECTORS[name] is not func:
            raise ValueError(f"two detectors for {name}")
        DETECTORS[name] = func
        return func

    return register


# --------------------------------------------------------------------------- data files


def _data_text(filename: str) -> str:
    return resources.files("spamkit").joinpath("data", filename).read_text("utf-8")


def _data_lines(filename: str) -> list[str]:
    lines = []
    for line in _data_text(filename).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line.lower())
    return lines


@cache
def load_domain_list(filename: str) -> tuple[frozenset[str], frozenset[str]]:
    """Read a one-domain-a-line list shipped in ``spamkit/data``.

    Parameters
    ----------
    filename : str
        ``freemail.txt`` or ``invite_services.txt``.

    Returns
    -------
    tuple of frozenset
        ``(domains, wildcard_labels)``: exact domains, and the labels of ``name.*``
        entries (which match ``name.<any public suffix>``).
    """
    exact: set[str] = set()
    wild: set[str] = set()
    for line in _data_lines(filename):
        if line.endswith(".*"):
            wild.add(line[:-2])
        else:
            exact.add(line)
    return frozenset(exact), frozenset(wild)


def in_domain_list(domain: str, filename: str) -> bool:
    """True when ``domain`` is in the shipped list ``filename`` (exactly, or by ``name.*``).

    Sub-domains do not inherit: ``groups.msn.com`` is a list host, not a free mailbox.
    """
    if not domain:
        return False
    exact, wild = load_domain_list(filename)
    if domain in exact:
        return True
    reg = registered_domain(domain)
    label = reg.split(".", 1)[0]
    return domain == reg and label in wild and reg != label


def is_freemail(address_or_domain: str) -> bool:
    """True when the address (or domain) belongs to a free mail provider in ``freemail.txt``.

    Examples
    --------
    >>> is_freemail("taro@docomo.ne.jp"), is_freemail("a@yahoo.co.uk"), is_freemail("x@example.jp")
    (True, True, False)
    """
    domain = address_domain(address_or_domain) if "@" in address_or_domain else address_or_domain
    return in_domain_list(domain.lower(), "freemail.txt")


@dataclass(frozen=True)
class Brand:
    """One brand of ``brands.toml``: its id, claim keywords and its own registered domains."""

    name: str
    keywords: tuple[str, ...]
    domains: frozenset[str]


@cache
def _brand_table() -> dict[str, object]:
    return tomllib.loads(_data_text("brands.toml"))


@cache
def neutral_domains() -> frozenset[str]:
    """Link domains any brand's mail may use (social networks, app stores): ``brands.toml``."""
    domains = _brand_table().get("neutral_domains", [])
    return frozenset(registered_domain(d) for d in domains)  # type: ignore[union-attr]


@cache
def brands() -> tuple[Brand, ...]:
    """The brands of ``data/brands.toml``, keywords folded (NFKC, case-folded)."""
    out = []
    for name, entry in _brand_table().items():
        if not isinstance(entry, dict):
            continue
        keywords = tuple(_fold(k) for k in entry.get("keywords", []))
        domains = frozenset(registered_domain(d) for d in entry.get("domains", []))
        out.append(Brand(name, keywords, domains))
    return tuple(out)


@cache
def _bigram_logprob() -> dict[str, float]:
    counts: dict[str, int] = {}
    for line in _data_text("letter_bigrams.tsv").splitlines():
        if line and not line.startswith("#"):
            pair, count = line.split("\t")
            counts[pair] = int(count)
    totals: dict[str, int] = {}
    for pair, count in counts.items():
        totals[pair[0]] = totals.get(pair[0], 0) + count
    out = {}
    for a in "^abcdefghijklmnopqrstuvwxyz":
        for b in "abcdefghijklmnopqrstuvwxyz$":
            out[a + b] = math.log((counts.get(a + b, 0) + 0.5) / (totals.get(a, 0) + 13.5))
    return out


# --------------------------------------------------------------------------- the view

_TAG = re.compile(r"<[^<>]{0,2000}>")
_QUOTE_LINE = re.compile(r"^[ \t]{0,4}(?:>|＞|\|)")
_QUOTE_INTRO = re.compile(r"(?:wrote:|writes:|書きました|のメッセージ:|-----Original Message-----)")


def _fold(text: str) -> str:
    """NFKC-fold and case-fold (full-width letters and digits become ASCII)."""
    return unicodedata.normalize("NFKC", text).casefold()


# Cyrillic and Greek letters that look Latin ("Аmazon" with a Cyrillic А).  NFKC keeps
# them apart, so a brand written with them is folded here and flagged as a homoglyph.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡοαντкмнвтΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdgoavtkmhbtabehikmnoptyx",
)


def _deconfuse(text: str) -> str:
    return text.translate(_CONFUSABLES)


def _strip_html(text: str) -> str:
    if "<" not in text:
        return text
    return html.unescape(_TAG.sub(" ", text))


class MailView:
    """A parsed mail plus the derived facts that several detectors share, computed once.

    Parameters
    ----------
    mail : ParsedMail
        The parsed message.
    """

    def __init__(self, mail: ParsedMail) -> None:
        self.mail = mail

    @cached_property
    def from_domain(self) -> str:
        """The From address's domain."""
        return address_domain(self.mail.from_address)

    @cached_property
    def from_reg(self) -> str:
        """The From address's registered domain."""
        return registered_domain(self.from_domain) if self.from_domain else ""

    @property
    def links(self) -> list[Link]:
        """The links of the mail (``ParsedMail.links``)."""
        return self.mail.links

    @cached_property
    def link_hosts(self) -> list[str]:
        """Host of every link, in order, empty hosts dropped."""
        return [h for h in (host_of(link.url) for link in self.links) if h]

    @cached_property
    def has_thread(self) -> bool:
        """True when In-Reply-To or References say the mail answers an earlier one."""
        return bool(self.mail.in_reply_to or self.mail.references)

    @cached_property
    def text(self) -> str:
        """The first :data:`MAX_SCANNED_CHARS` of the body, tags removed, NFKC- and case-folded."""
        return _fold(_strip_html(self.mail.text[:MAX_SCANNED_CHARS]))

    @cached_property
    def own_text(self) -> str:
        """:attr:`text` without quoted lines and without what follows a quote introduction."""
        kept = []
        for line in self.text.splitlines():
            if _QUOTE_INTRO.search(line[:200]):
                break
            if not _QUOTE_LINE.match(line):
                kept.append(line)
        return "\n".join(kept)

    @cached_property
    def subject(self) -> str:
        """The subject, NFKC-folded, lower-case, at most 500 characters."""
        return _fold(self.mail.subject[:500])

    @cached_property
    def head(self) -> str:
        """Subject and the opening of the sender's own text: where claims are made."""
        return self.subject + "\n" + self.own_text[:HEAD_TEXT]

    @cached_property
    def display_name(self) -> str:
        """The From display name, NFKC-folded, lower-case."""
        return _fold(self.mail.from_name[:300])


def detect(
    mail: ParsedMail,
    names: set[str] | None = None,
    *,
    errors: list[tuple[str, str]] | None = None,
) -> Iterator[tuple[str, str]]:
    """Run the registered detectors on ``mail``.

    Parameters
    ----------
    mail : ParsedMail
        The parsed message.
    names : set of str, optional
        Run only these detectors; all when ``None``.
    errors : list, optional
        Receives ``(name, "ExceptionType: message")`` for each detector that raised.

    Yields
    ------
    tuple of (str, str)
        ``(name, evidence)`` for every detector that fired.

    Notes
    -----
    A detector that raises does not stop the others (issue 7: a hostile message must
    not crash classification): the exception is logged on ``spamkit.signals`` with its
    traceback, the detector counts as not fired and the failure goes to ``errors``.
    """
    view = MailView(mail)
    for name, func in DETECTORS.items():
        if names is not None and name not in names:
            continue
        try:
            evidence = func(view)
        except Exception as exc:
            _log.warning("detector %s raised %s", name, type(exc).__name__, exc_info=True)
            if errors is not None:
                errors.append((name, f"{type(exc).__name__}: {str(exc)[:100]}"))
            continue
        if evidence is not None:
            yield name, str(evidence)[:300]


# --------------------------------------------------------------------------- sender


@detector("FREEMAIL_FROM")
def freemail_from(view: MailView) -> str | None:
    """From is an address at a free mail provider."""
    return view.from_domain if is_freemail(view.from_domain) else None


@detector("FREEMAIL_REPLYTO")
def freemail_replyto(view: MailView) -> str | None:
    """Reply-To is a free mail address other than the From address."""
    reply = view.mail.reply_to
    if not reply or reply == view.mail.from_address or reply in view.mail.recipients:
        return None
    if is_freemail(reply):
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


# Top-level domains a display name plausibly shows; "r.hughes" or "j.smith" are not domains
# even though .hughes and .smith exist.  Two-letter (country) TLDs always count.
_COMMON_TLDS = frozenset(
    (
        "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "xyz", "top", "shop",
        "store", "online", "site", "club", "app", "dev", "cloud", "icu", "ltd", "tech", "live",
        "email", "link", "click", "monster", "work", "asia", "mobi", "name", "pro", "tokyo",
    )
)  # fmt: skip
_ADDRESS = re.compile(r"[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6}")
_DOMAIN_WORD = re.compile(r"(?<![a-z0-9@.-])(?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24}(?![a-z0-9-])")


@detector("FROM_DISPLAY_ADDRESS_MISMATCH")
def from_display_address_mismatch(view: MailView) -> str | None:
    """The display name shows an address or a domain that is not the real sender's."""
    name, real = view.display_name, view.mail.from_address
    if not name or not real:
        return None
    for shown in _ADDRESS.findall(name):
        if shown.strip(".") != real:
            return f'display "{shown}" != {real}'
    rest = _ADDRESS.sub(" ", name)
    for shown in _DOMAIN_WORD.findall(rest):
        tld = shown.rsplit(".", 1)[-1]
        if (
            (len(tld) == 2 or tld in _COMMON_TLDS)
            and known_suffix(shown)
            and (registered_domain(shown) != view.from_reg)
        ):
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


# --------------------------------------------------------------------------- conversation

_SEQUENCE_CLAIM = re.compile(
    r"今回\s?[0-9一二三四五六七八九十]{1,2}\s?[度回]目"
    r"|[2-9二三四五六七八九十]\s?[度回]目の(?:ご|お)?(?:連絡|案内|知らせ|メール|送信|通知|確認|お願い)"
    r"|再度(?:の|、)?(?:ご|お)?(?:連絡|案内|知らせ|送信|送り|メール|通知|お願い)"
    r"|前回(?:の)?(?:ご|お)?(?:連絡|案内|知らせ|メール)"
    r"|まだ(?:お|ご)?(?:返事|返信|回答|連絡)[をが]?(?:いただいて|頂いて|いただけて|頂けて|もらって)"
    r"(?:おりません|いません|いない)"
    r"|【再送】|\[再送\]|<再送>"
    r"|\b(?:second|third|fourth|final|last|2nd|3rd|4th)\s"
    r"(?:notice|reminder|request|attempt|notification)\b"
    r"|\bthis is (?:my|our) (?:second|third|fourth|final|last|2nd|3rd) "
    r"(?:attempt|e-?mail|message|time)"
    r"|\b(?:i|we) (?:have not|haven't|did not|didn't) (?:yet )?(?:heard|received) "
    r"(?:back|a reply|a response|your reply|your response|from you)"
    r"|\b(?:as per|as stated in|further to|following up on|following up my) (?:my|our) "
    r"(?:previous|last|earlier) (?:e-?mail|message|letter|mail)"
)


@detector("SEQUENCE_CLAIM")
def sequence_claim(view: MailView) -> str | None:
    """The opening claims an earlier contact, but no In-Reply-To/References back it up."""
    if view.has_thread:
        return None  # a real follow-up: the thread the text refers to exists
    match = _SEQUENCE_CLAIM.search(view.head)
    return f"{match.group(0)!r}, no In-Reply-To/References" if match else None


_REPLY_SOLICITATION = re.compile(
    r"(?:お|ご)(?:返事|返信)(?:を)?(?:いただけるよう|頂けるよう|いただきたく|頂きたく"
    r"|くださいますよう|下さいますよう)"
    r"|必ず(?:お|ご)?(?:返事|返信)"
    r"|(?:返事|返信)(?:を)?(?:必ず|至急|早急に|すぐに)"
    r"|至急(?:ご|お)?(?:返信|返事)"
    r"|\bplease (?:kindly )?(?:reply|respond|get back to me|write back|revert)\b"
    r"|\bkindly (?:reply|respond|get back|revert|contact me)\b"
    r"|\b(?:reply|respond|get back to me) (?:urgently|immediately|asap|as soon as possible|at once)"
    r"|\bawaiting your (?:urgent |prompt |quick |kind )?(?:reply|response)"
    r"|\b(?:i am|i'm|we are) (?:still )?waiting for your (?:reply|response|answer)"
)


@detector("REPLY_SOLICITATION")
def reply_solicitation(view: MailView) -> str | None:
    """The sender's own text begs for a reply."""
    match = _REPLY_SOLICITATION.search(view.subject + "\n" + view.own_text)
    return repr(match.group(0)) if match else None


@detector("FIRST_CONTACT_NO_LINK")
def first_contact_no_link(view: MailView) -> str | None:
    """No link, no attachment and no thread headers: a mail that only asks to be answered."""
    if view.links or view.mail.attachments or view.has_thread:
        return None
    return "no URL, no attachment, no In-Reply-To/References"


_ADDRESSING = ",、:：;様殿へ"
_SUBJECT_LEAD = re.compile(r"^[\s\"'(（<＜「『【]{0,4}")


def _recipient_names(mail: ParsedMail) -> list[str]:
    names: list[str] = []
    for address in mail.recipients[:50]:
        local = address.partition("@")[0]
        names.append(address)
        if len(local) >= 3:
            names.append(local)
    return sorted(set(names), key=len, reverse=True)


@detector("SUBJECT_HAS_RECIPIENT")
def subject_has_recipient(view: MailView) -> str | None:
    """The subject opens with the recipient's address, mailbox or group name."""
    subject = view.subject
    if subject.startswith("["):
        return None  # a mailing list's own subject tag, "[group] ..."
    lead = _SUBJECT_LEAD.sub("", subject)
    for name in _recipient_names(view.mail):
        if lead.startswith(name):
            # "(group) , ...", "name様", "addr: ..." -- not "divx newsletter", "matrox's"
            after = lead[len(name) :].lstrip(")）」』】>＞ \t")
            if not after or after[0] in _ADDRESSING or after.startswith("さん"):
                return f"subject starts with {name!r}"
    return None


# --------------------------------------------------------------------------- content

# (group name, pattern).  JOB_OFFER_MULE needs two groups, one of them specific.
_JOB_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "recruit",
        re.compile(
            r"代表者?を?募集|現地(?:での|の)?(?:代表|担当者|スタッフ|エージェント)"
            r"|(?:人材|スタッフ|パートナー|協力者|代理人|代表者)を(?:探して|募集)"
            r"|\blocal representative|\b(?:financial|payment|regional) (?:agent|representative)"
            r"|\blooking for (?:a )?(?:reliable|trustworthy|honest|responsible) "
            r"(?:person|people|individual|representative|partner)"
        ),
    ),
    (
        "no_experience",
        re.compile(
            r"経験(?:は|が)?(?:必要ありません|不要|いりません|問いません|なくても|必要ない)"
            r"|未経験(?:者)?(?:歓迎|ok|可|でも)"
            r"|\bno (?:prior |previous )?experience (?:is )?(?:required|necessary|needed)"
        ),
    ),
    ("training", re.compile(r"研修期間|トレーニング期間|試用期間|\btraining period|\bprobation")),
    (
        "income",
        re.compile(
            r"月(?:収|給)\s?[0-9,.]{1,9}\s?万|[0-9,.]{1,9}\s?万円(?:以上)?(?:の)?(?:収入|報酬|稼)"
            r"|\$\s?[0-9,]{3,9}\s?(?:per|a|/)\s?(?:week|month)|\bearn (?:up to )?\$"
        ),
    ),
    ("pay", re.compile(r"報酬|給料|給与|日給|時給|高収入|\bsalary\b")),
    (
        "home",
        re.compile(
            r"在宅(?:勤務|ワーク|で)|副業|空いた時間|スキマ時間|すきま時間"
            r"|\bwork from home\b|\bfrom the comfort of your home\b"
        ),
    ),
)
_JOB_SPECIFIC = frozenset({"recruit", "no_experience", "training"})


@detector("JOB_OFFER_MULE")
def job_offer_mule(view: MailView) -> str | None:
    """An unsolicited job: local representative, pay without experience, big income."""
    text = view.subject + "\n" + view.own_text
    # The specific groups first: most mail matches none, and then the rest need no scan.
    if not any(p.search(text) for name, p in _JOB_GROUPS if name in _JOB_SPECIFIC):
        return None
    found = [name for name, pattern in _JOB_GROUPS if pattern.search(text)]
    if len(found) >= 2:
        return "+".join(found)
    return None


# 【楽天カード】 heads a notice; 「Gmail」 in prose only quotes a word, so it is no claim.
_BRACKETED = re.compile(r"[【\[［]([^】\]］\n]{1,40})[】\]］]")
_SIGNOFF_WORD = re.compile(
    r"(?:株式会社|カスタマーサービス|カスタマーセンター|サポートセンター|事務局"
    r"| customer service| support team| security team| account team| team)$",
    re.M,
)
_SIGNOFF_REACH = 31  # characters of the sign-off line kept before the sign-off word


def _signoffs(text: str) -> list[str]:
    """Sign-off lines such as "Amazon カスタマーサービス": up to 31 characters, then the word.

    Found by the word, then looking back on its line: one pass over the text, where a
    pattern with the look-back built in tried 30 lengths at every position (profile
    2026-11-27: 0.15 ms per message, the costliest line of the rules).
    """
    found = []
    for match in _SIGNOFF_WORD.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        head = text[max(line_start, match.start() - _SIGNOFF_REACH) : match.start()].lstrip()
        if head:
            found.append(head + match.group(0))
    return found


def _has_keyword(text: str, keyword: str) -> bool:
    start = text.find(keyword)
    while start >= 0:
        end = start + len(keyword)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not keyword.isascii() or not (
            (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
        ):
            return True
        start = text.find(keyword, start + 1)
    return False


# A brand named in a subject is a claim only in a notice-like subject: "Amazon で買った本"
# talks about the brand, "【Amazon】アカウントを停止しました" speaks for it.
_NOTICE = re.compile(
    r"アカウント|ご利用|確認|停止|重要|お知らせ|更新|ロック|支払|注文|会員|ログイン|本人|通知"
    r"|緊急|制限|退会|セキュリティ|パスワード|ポイント|カード"
    r"|\baccount|\bverif|\bsuspend|\blimited\b|\bupdate|\bsecurity|\bpayment|\bpassword"
    r"|\blog ?in\b|\bsign ?in\b|\bconfirm|\bunusual|\blocked|\bbilling|\binvoice|\border"
)


def _claimed_brands(view: MailView) -> list[tuple[Brand, str, bool]]:
    places = [("display name", view.display_name)]
    if _NOTICE.search(view.subject):
        places.append(("subject", view.subject))
    opening = view.own_text[:HEAD_TEXT]
    places += [
        ("text", m.group(1))
        for m in _BRACKETED.finditer(opening)
        if "@" not in m.group(1) and ":" not in m.group(1)  # [mailto:...], [list:123]
    ]
    places += [("text", line) for line in _signoffs(view.own_text[-1500:])]
    # Look-alike letters folded once per place, not once per brand (profile: 40 % of rules).
    folded = [(place, text, None if text.isascii() else _deconfuse(text)) for place, text in places]
    claims = []
    for brand in brands():
        for place, text, plain in folded:
            hit = next((k for k in brand.keywords if _has_keyword(text, k)), None)
            homoglyph = False
            if hit is None and plain is not None and plain != text:
                hit = next((k for k in brand.keywords if _has_keyword(plain, k)), None)
                homoglyph = hit is not None
            if hit:
                claims.append((brand, f"{place} claims {hit!r}", homoglyph))
                break
    return claims


@detector("BRAND_SPOOF")
def brand_spoof(view: MailView) -> str | None:
    """A brand is claimed but the From domain or a link is not the brand's own.

    A brand's own mail comes from its domains and links to them (or to the neutral
    social/app-store domains of ``brands.toml``).  Phishing that forges a genuine From
    (``info@jcb.co.jp``) still has to link elsewhere; a claim spelt with look-alike
    letters (Cyrillic "Аmazon") is a spoof wherever it comes from.
    """
    for brand, claim, homoglyph in _claimed_brands(view):
        if homoglyph:
            return f"{claim} in look-alike letters"
        if not view.from_reg:
            return f"{claim}, From has no domain ({view.mail.from_address[:60]!r})"
        if view.from_reg not in brand.domains:
            return f"{claim}, From {view.from_reg}"
        allowed = brand.domains | neutral_domains()
        foreign = next((r for r in map(registered_domain, view.link_hosts) if r not in allowed), "")
        if foreign:
            return f"{claim}, From {view.from_reg} but links go to {foreign}"
    return None


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
        shown_text = _fold(link.text.strip())[:320]
        match = _LINKISH_TEXT.fullmatch(shown_text)
        if match and known_suffix(match.group(1)):
            shown = registered_domain(match.group(1))
            if shown != registered_domain(target):
                return f"shows {shown}, goes to {registered_domain(target)}"
    return None
