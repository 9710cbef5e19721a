"""Content detectors: what the subject and the sender's own text claim and ask for.

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
* SUBJECT_HAS_RECIPIENT needs an addressing mark after the name (",", "様", ":",
  end): "DivX newsletter" sent to divx@... fired on hard_ham (2.8 % -> 0 %).

BRAND_SPOOF moved to :mod:`spamkit.detectors.brand` (2026-11-29).
"""

from __future__ import annotations

import re

from ..message import ParsedMail
from ._base import MailView, detector

__all__: list[str] = []


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
