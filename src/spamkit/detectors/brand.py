"""Brand detectors: the brand a mail speaks for against the domains it really uses.

Decisions, measured with ``benchmarks/signal_rates.py`` on the shared corpora
(10370 ham, 2084 spam), 2026-11-27:

* BRAND_SPOOF takes claims from the display name, a notice-like subject, a 【bracket】
  at the head of the text or a sign-off, never from 「quoted」 prose; a genuine From
  with an off-brand link counts (forged From), and so does a look-alike spelling:
  ja_spam 79 % -> 85 %, ham 0.05 %.

2026-11-29 (``benchmarks/signal_rates.py``, the same corpora plus 2400 generated business
mails, 716 of them from the real senders of brands.toml):

* BRAND_ALIGNED, the counterpart: the same judgement, so the two never fire together.
  Rates: generated business mail 26.9 % (645 of the 716 brand mails, 90 %), hard_ham
  0.4 %, ja_ham 0.02 % (a real Amazon and a real Google Maps mail), phishing 2022-23
  0.14 % (three genuine PayPal and Apple mails caught by the honeypot), ja_spam 2.1 %:
  four phishing mails with a forged From whose only remaining link is the brand's own
  footer (Mailman stripped their HTML part, and the phishing link with it).
* It needs one link to the brand: allowing none doubled ja_spam (2.1 % -> 4.3 %) for
  generated business mail 26.9 % -> 28.9 %; the rest of the 716 are free-mail Froms
  (docomo.ne.jp, au.com) or messages without links.
* Without a claim in the words, a From at a brand's own domain is the claim (a
  "QuickTime News" letter from apple.com, hard_ham 00160) -- for BRAND_ALIGNED only.  The
  same for BRAND_SPOOF (a brand's From, a foreign link) cost easy_ham 0.03 % and hard_ham
  0.4 % more (an Amazon engineer on a mailing list, an Apple letter with go.com links)
  for phishing 2024 9.0 % -> 10.5 %: not taken.
* A From at a brand's free mail service (gmail.com, outlook.com, docomo.ne.jp) is no
  proof either way; a link under ``user_content_hosts`` (docs.google.com, a SharePoint
  tenant, Microsoft Forms) is never the brand's own, nor neutral.
* A subject that answers or forwards ("Fw: Microsoft account unusual sign-in") makes no
  claim; a sign-off line with an account number is a bank transfer line, not a sign-off.
"""

from __future__ import annotations

import re

from ..datafiles import Brand
from ..domains import registered_domain
from ._base import HEAD_TEXT, MailView, detector

__all__ = ["ALIGNED", "SPOOF", "brand_judgement"]


# Cyrillic and Greek letters that look Latin ("Аmazon" with a Cyrillic А).  NFKC keeps
# them apart, so a brand written with them is folded here and flagged as a homoglyph.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡοαντкмнвтΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdgoavtkmhbtabehikmnoptyx",
)


def _deconfuse(text: str) -> str:
    return text.translate(_CONFUSABLES)


# 【楽天カード】 heads a notice; 「Gmail」 in prose only quotes a word, so it is no claim.
_BRACKETED = re.compile(r"[【\[［]([^】\]］\n]{1,40})[】\]］]")
_SIGNOFF_WORD = re.compile(
    r"(?:株式会社|カスタマーサービス|カスタマーセンター|サポートセンター|事務局"
    r"| customer service| support team| security team| account team| team)$",
    re.M,
)
_SIGNOFF_REACH = 31  # characters of the sign-off line kept before the sign-off word
# "りそな銀行 大宮支店 普通 5376230 大翔メディカル株式会社" is an invoice's bank account,
# not a sign-off by りそな: generated business mail, BRAND_SPOOF 1 of 2400 -> 0 (2026-11-29).
_ACCOUNT_NUMBER = re.compile(r"[0-9]{4}")


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
        if head and not _ACCOUNT_NUMBER.search(head):
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


# "Fw: Microsoft account unusual sign-in activity" quotes another mail's subject: whoever
# forwards or answers it does not speak for the brand.  phishing 2022-23: 7 BRAND_SPOOF
# hits, all forwards that the honeypot re-sent as From phishing@pot (2026-11-29).
_REPLY_OR_FORWARD = re.compile(
    r"(?:re|fwd?|aw|wg|tr|rv|res|enc|sv|vs|転送|返信)[ \t]{0,3}[:：]", re.IGNORECASE
)


#: id(brands) -> (brands, the alternation of all their keywords), for the lists in use.
_GATES: dict[int, tuple[tuple[Brand, ...], re.Pattern[str]]] = {}


def _keyword_gate(brands: tuple[Brand, ...]) -> re.Pattern[str]:
    """A pattern that matches wherever some brand's keyword occurs (an exact test)."""
    cached = _GATES.get(id(brands))
    if cached is None or cached[0] is not brands:
        words = sorted({k for brand in brands for k in brand.keywords}, key=lambda k: (-len(k), k))
        if len(_GATES) > 16:
            _GATES.clear()
        cached = _GATES[id(brands)] = (brands, re.compile("|".join(map(re.escape, words))))
    return cached[1]


def _claimed_brands(view: MailView) -> list[tuple[Brand, str, bool]]:
    places = [("display name", view.display_name)]
    subject = view.subject.lstrip()
    if _NOTICE.search(subject) and not _REPLY_OR_FORWARD.match(subject):
        places.append(("subject", subject))
    opening = view.own_text[:HEAD_TEXT]
    places += [
        ("text", m.group(1))
        for m in _BRACKETED.finditer(opening)
        if "@" not in m.group(1) and ":" not in m.group(1)  # [mailto:...], [list:123]
    ]
    places += [("text", line) for line in _signoffs(view.own_text[-1500:])]
    # Look-alike letters folded once per place, not once per brand (profile: 40 % of rules).
    folded = [(place, text, None if text.isascii() else _deconfuse(text)) for place, text in places]
    # A place that holds no keyword of any brand cannot name one: one search over all the
    # keywords drops it, where the loop below called _has_keyword 170 times per message
    # (0.47 of 9.0 s profiled on 1,000 corpus messages, 2026-11-30).
    anywhere = _keyword_gate(view.lists.brands)
    folded = [
        (place, text, plain)
        for place, text, plain in folded
        if anywhere.search(text) or (plain is not None and anywhere.search(plain))
    ]
    if not folded:
        return []
    claims = []
    for brand in view.lists.brands:
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


#: What :func:`brand_judgement` finds: the brand's own mail, a spoof, or neither ("").
ALIGNED, SPOOF = "aligned", "spoof"


def brand_judgement(view: MailView) -> tuple[str, str]:
    """``(ALIGNED | SPOOF | "", evidence)`` for the brands a mail claims, once per view.

    BRAND_SPOOF and BRAND_ALIGNED read the same judgement, so they never fire together;
    FROM_DISPLAY_ADDRESS_MISMATCH reads it to leave a brand's address to BRAND_SPOOF.
    """
    cached = view.__dict__.get("_brand_judgement")
    if cached is None:
        cached = view.__dict__["_brand_judgement"] = _judgement(view)
    return cached


def _judgement(view: MailView) -> tuple[str, str]:
    claims = _claimed_brands(view)
    lists = view.lists
    implicit = not claims
    if implicit:
        # No claim in the words: a brand's own From address is the claim (a newsletter
        # signed "QuickTime News" from apple.com), for BRAND_ALIGNED only.
        if not view.from_reg or view.from_domain in lists.freemail:
            return "", ""
        claims = [(b, "From", False) for b in lists.brands if view.from_reg in b.domains][:1]
        if not claims:
            return "", ""
    for _, claim, homoglyph in claims:
        if homoglyph:
            return SPOOF, f"{claim} in look-alike letters"
    claim = claims[0][1]
    if not view.from_reg:
        return SPOOF, f"{claim}, From has no domain ({view.mail.from_address[:60]!r})"
    owners = [said for brand, said, _ in claims if view.from_reg in brand.domains]
    if not owners:
        return SPOOF, f"{claim}, From {view.from_reg}"
    # Co-branding ("Amazon Mastercard" from the card issuer) links to either brand.
    own = frozenset().union(*(brand.domains for brand, _, _ in claims))
    claim = owners[0]
    owned = 0
    for host in view.link_hosts:
        reg = registered_domain(host)
        if lists.is_user_content(host):
            foreign = f"{host} (user content)"
        elif reg in own:
            owned += 1
            continue
        elif reg in lists.neutral_domains:
            continue
        else:
            foreign = reg
        if implicit:
            return "", ""  # staff of a brand write mail with other links (easy_ham 00645)
        return SPOOF, f"{claim}, From {view.from_reg} but links go to {foreign}"
    if view.from_domain in lists.freemail:
        return "", ""  # the brand's free mail service (gmail.com): anyone has such an address
    if not owned:
        return "", ""  # nothing but the From says it is the brand's (ja_spam 2.1 % -> 4.3 %)
    said = "" if implicit else f"{claim}, "
    return ALIGNED, f"{said}From {view.from_reg}, {owned} link(s), all the brand's or neutral"


@detector("BRAND_SPOOF")
def brand_spoof(view: MailView) -> str | None:
    """A brand is claimed but the From domain or a link is not the brand's own.

    A brand's own mail comes from its domains and links to them (or to the neutral
    social/app-store domains of ``brands.toml``).  Phishing that forges a genuine From
    (``info@jcb.co.jp``) still has to link elsewhere, if only to a page anyone can
    publish under the brand's name (a shared document, a form: ``user_content_hosts``);
    a claim spelt with look-alike letters (Cyrillic "Аmazon") is a spoof wherever it
    comes from.  When the From is one claimed brand's, the others are co-branding.
    """
    verdict, evidence = brand_judgement(view)
    return evidence if verdict == SPOOF else None


@detector("BRAND_ALIGNED")
def brand_aligned(view: MailView) -> str | None:
    """A brand is claimed, and the From and every link are the brand's own (a ham sign).

    Without a claim in the words, a From at a brand's own domain makes the claim.  The
    From's registered domain is a claimed brand's, and not a free mail service the
    brand runs (``gmail.com`` proves nothing); at least one link goes to the brand, and
    every other link to it or to a neutral domain, none to user content.  A forged From
    with the brand's links only has nothing to phish with.
    """
    verdict, evidence = brand_judgement(view)
    return evidence if verdict == ALIGNED else None
