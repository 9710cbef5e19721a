"""The seed's "conversational" first-contact attack in many forms, and its hard negatives.

The attack (issue 11): a first contact of one to thirty lines, without a link or an
attachment, from a random freemail mailbox, sent to a group address (eigyo@, info@,
saiyo@), with a sequence claim (2度目, 再送, 前回) or the group's name in the subject
(【eigyo】, 営業部 ..., 総務部御中) and a plea for a reply, often with a job or money-mule
offer.  Some carry "Re:" or "Fwd:" without In-Reply-To (a fake thread).

Families and the held-out split
-------------------------------
Every message varies along the dimensions of :data:`DIMENSIONS`; each value is a
*family* (a pool of phrasings, a provider, a mailbox-naming method, a charset, a
length bucket) and is recorded in ``GeneratedMail.family``.  The families of
:data:`HELDOUT` live in :mod:`spamkit.synthetic._heldout`, which detector authors must
not read: detectors are written from the dev families defined here, and recall is
reported on the held-out ones.

A message is either all-dev (``family["split"] == "dev"``, about half of them) or a
*probe*: exactly one dimension takes a held-out family and every other dimension a dev
one (``split == "heldout:<dimension>"``).  Recall on the probes of one dimension thus
measures how detectors generalise along that dimension alone.

Hard negatives
--------------
:func:`hard_negatives` writes legitimate mail that shares the attack's surface: short
first contacts from freemail (friends, alumni, parents' groups, a job applicant writing
to a company's recruiting address, a customer asking a shop's info@), real reminders
inside a thread (with In-Reply-To and References), recruiting from a company's own
domain, and replies whose "Re:" does carry In-Reply-To.

Examples
--------
>>> from spamkit.synthetic import conversational
>>> spam = conversational.generate(20, seed=3)
>>> {m.label for m in spam}, sorted(spam[0].family)[:3]
({'spam'}, ['charset', 'claim', 'display_name'])
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import _heldout as H
from . import people
from ._context import fit, random_when
from ._mail import GeneratedMail
from .compose import MAILERS, Attachment, Mailer, compose, fake_pdf, make_message_id
from .render import person_html

__all__ = [
    "DIMENSIONS",
    "FAMILIES",
    "HARD_NEGATIVE_KINDS",
    "HELDOUT",
    "generate",
    "hard_negatives",
    "is_heldout",
]

# === dev families ==============================================================================

#: Subject styles: (Japanese patterns, English patterns); {x} recipient group, {c} the rest.
SUBJECT_STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "lenticular": (("【{x}】{c}", "【{x}】 {c}", "【{x}様】{c}"), ()),
    "square": (("[{x}] {c}", "[{x}]{c}", "［{x}］{c}"), ("[{x}] {c}", "[{x}]: {c}")),
    "comma": (("{x} , {c}", "{x}, {c}", "{x}、{c}", "{x} ，{c}"), ("{x}, {c}", "{x} , {c}")),
    "sama": (("{x}様 {c}", "{x} 様　{c}", "{x}様　{c}", "{c}（{x}様）"), ()),
    "kakui": (("{x}各位 {c}", "{x}各位　{c}", "{x} 各位 {c}"), ()),
    "prefix": (("{x} {c}", "{x}　{c}"), ("{x} {c}",)),
    "colon": (("{x}: {c}", "{x}：{c}", "{x}へ：{c}"), ("{x}: {c}", "To {x}: {c}")),
    "team": ((), ("{x} team, {c}", "To the {x} team: {c}", "Dear {x} team - {c}")),
    "none": (("{c}",), ("{c}",)),
}

#: Sequence claims: (body sentences, subject phrases); {n} an ordinal number.
CLAIMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ordinal": (
        (
            "今回{n}度目のご連絡となります。",
            "{n}度目のご連絡です。",
            "{n}度目のメールとなります。",
            "{n}回目のご連絡になります。",
            "こちらは{n}度目のご連絡です。",
            "今回で{n}回目のご連絡となります。",
            "今回{n}度目のご連絡をいたします。",
        ),
        (
            "{n}度目のご連絡となります",
            "{n}度目のご連絡",
            "{n}回目のご連絡です",
            "【{n}度目】ご確認ください",
            "{n}度目のご案内",
        ),
    ),
    "again": (
        (
            "再度ご連絡いたします。",
            "改めてご連絡差し上げます。",
            "再度のご連絡失礼いたします。",
            "もう一度ご連絡させていただきます。",
            "再度メールいたしました。",
        ),
        ("再度のご連絡", "再度ご連絡いたします", "改めてのご連絡", "再度ご確認ください"),
    ),
    "resend": (
        (
            "念のため再送いたします。",
            "先ほどのメールを再送いたします。",
            "届いていないようでしたので、再送します。",
            "再送させていただきます。",
        ),
        ("【再送】ご連絡", "再送：ご確認のお願い", "（再送）大切なご連絡", "再送"),
    ),
    "previous": (
        (
            "前回のメールはご覧いただけましたでしょうか。",
            "以前お送りしたメールの件でご連絡しました。",
            "先日ご連絡した件について、改めてご連絡いたします。",
            "前回のお知らせにまだお返事をいただいておりません。",
            "以前にもご連絡差し上げましたが、",
        ),
        ("前回のご連絡の件", "以前お送りしたメールについて", "先日の件", "前回のお知らせについて"),
    ),
    "final": (
        (
            "これが最後のご連絡となります。",
            "最後のご連絡になります。",
            "本メールが最終のご連絡となります。",
            "今回を最後のご案内とさせていただきます。",
        ),
        ("最後のご連絡", "最終のご案内", "【最終確認】ご連絡", "最後のお願い"),
    ),
    "en_ordinal": (
        (
            "This is my {n} attempt to reach you.",
            "This is the {n} time I am writing to you.",
            "{N} notice.",
            "I am writing to you for the {n} time.",
        ),
        ("{N} notice", "{N} attempt", "{N} attempt to reach you", "{N} request"),
    ),
    "en_again": (
        (
            "I am writing again regarding my previous email.",
            "Following up on my earlier message.",
            "Resending in case you missed it.",
            "Just following up on my last email.",
        ),
        ("Following up", "Resending", "Follow-up", "Re-sending my message"),
    ),
    "en_unanswered": (
        (
            "I have not heard back from you.",
            "I haven't received a reply yet.",
            "I am still waiting for your answer.",
        ),
        ("No reply yet", "Still waiting for your reply", "Awaiting your response"),
    ),
    "none": ((), ()),
}

#: Reply pleas, by level of politeness.
PLEAS: dict[str, tuple[str, ...]] = {
    "keigo_high": (
        "ご返信いただけますと幸いです。",
        "ご返信賜りますようお願い申し上げます。",
        "ご連絡いただけますと幸甚に存じます。",
        "お手すきの際にご返信いただけますと幸いです。",
        "ご一報いただけますと幸いです。",
    ),
    "keigo_mid": (
        "ご返信をお待ちしております。",
        "お返事をお待ちしております。",
        "ご返信をお願いいたします。",
        "ご連絡をお待ちしております。",
        "お返事のほど、よろしくお願いいたします。",
    ),
    "request": (
        "お返事をいただけるようお願いします。",
        "ご返信いただけますようお願いします。",
        "返信をお願いします。",
        "読み終わりましたら、必ずお返事ください。",
        "このメールにお返事をいただけるようお願いします。",
    ),
    "plain": (
        "返信ください。",
        "ご返信ください。",
        "お返事ください。",
        "連絡ください。",
        "必ず返信してください。",
    ),
    "urgent": (
        "至急ご返信ください。",
        "本日中にご返信をお願いします。",
        "早急にご連絡ください。",
        "お急ぎでご返信をお願いいたします。",
    ),
    "en_formal": (
        "I would be grateful for your reply.",
        "I look forward to hearing from you at your earliest convenience.",
        "Kindly reply to this email.",
    ),
    "en_neutral": (
        "Please reply to this email.",
        "Please get back to me.",
        "Please reply as soon as possible.",
        "I am waiting for your reply.",
    ),
    "en_urgent": (
        "Please respond urgently.",
        "Reply today, it is urgent.",
        "I need your answer as soon as possible.",
    ),
}

#: Offers: (body sentences, in an order that reads well; subject phrases).
OFFERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "local_agent": (
        (
            "当社は海外の貿易会社で、日本国内で信頼できる現地代理人を探しております。",
            "現地での代表者を募集しております。",
            "日本における当社の窓口として、簡単な事務作業をお願いできる方を探しています。",
            "経験は必要ありません。",
            "研修期間中も報酬をお支払いします。",
            "お住いの地域で信頼できる人材を探しています。",
        ),
        (
            "現地代理人募集のご案内",
            "日本での代理人について",
            "お住いの地域で信頼できる人材を探しています",
            "現地担当者のご相談",
        ),
    ),
    "remote_work": (
        (
            "ご自宅でできる簡単なお仕事をご紹介しております。",
            "在宅で、1日1～2時間の作業です。",
            "スマートフォンがあればどなたでも始められます。",
            "副業としても歓迎です。",
            "空いた時間にできるお仕事です。",
        ),
        ("在宅ワークのご案内", "在宅でできるお仕事について", "副業のご紹介", "在宅のお仕事"),
    ),
    "salary": (
        (
            "報酬は月額30万円以上を保証いたします。",
            "月収30万円以上も可能です。",
            "日給2万円からスタートできます。",
            "報酬は毎週お支払いいたします。",
            "成果に応じてボーナスもございます。",
        ),
        ("月額30万円以上のお仕事", "高収入のご案内", "報酬のご案内", "月収30万円以上"),
    ),
    "trade_rep": (
        (
            "私は香港で輸出入業を営んでおります。",
            "日本市場の拡大にあたり、現地のパートナーを探しています。",
            "当社の製品を日本で紹介していただける方を募集しております。",
            "ご協力いただける場合、手数料として売上の10%をお支払いします。",
        ),
        ("ビジネスパートナーのご提案", "日本市場でのご協力のお願い", "取引のご提案"),
    ),
    "payment_agent": (
        (
            "当社の日本の取引先からの代金を受け取っていただく業務です。",
            "お客様からの入金を確認し、指定口座へ送金していただくだけの簡単な作業です。",
            "ご自身の口座を使って、代金の受取と送金をお願いします。",
            "送金額の5%を報酬としてお受け取りいただけます。",
        ),
        ("代金受取業務のご依頼", "送金代行のお仕事について", "入金確認のお仕事"),
    ),
    "private_matter": (
        (
            "大切なお話がございます。",
            "ご確認いただきたいことがあります。",
            "あなたにお伝えしなければならないことがあります。",
            "個人的なご相談があり、ご連絡いたしました。",
            "情報を必ずよくお読みいただくようお願いします。",
        ),
        ("大切なお話", "ご確認のお願い", "重要なお知らせ", "ご相談"),
    ),
    "en_job": (
        (
            "We are looking for a local representative in your area.",
            "This is a part-time, work-from-home position.",
            "No experience is required.",
            "The salary starts at $3,000 per month.",
            "Training will be provided.",
        ),
        (
            "Local representative position",
            "Remote job opportunity",
            "Part-time position",
            "Job offer",
        ),
    ),
    "en_private": (
        (
            "I have an important matter to discuss with you.",
            "It concerns a private matter.",
            "I have a confidential proposal for you.",
            "Please read this carefully.",
        ),
        ("Private matter", "Confidential", "Important matter", "Proposal"),
    ),
    "none": ((), ()),
}

#: Conditions listed in long job offers (used when a message has room for them).
_DETAILS_JA = (
    "・勤務地：全国どこでも可（在宅）",
    "・勤務時間：1日2時間程度、時間は自由です",
    "・報酬：月額30万円以上（経験により優遇）",
    "・年齢・経験：不問",
    "・必要なもの：スマートフォンまたはパソコン",
    "・研修：オンラインで丁寧にサポートします",
    "・支払い：毎週金曜日にお振込み",
    "・応募方法：このメールにご返信ください",
)
_DETAILS_EN = (
    "- Location: anywhere (remote)",
    "- Hours: flexible, about 2 hours a day",
    "- Pay: $3,000+ per month",
    "- Experience: not required",
    "- Equipment: a phone or a computer",
    "- How to apply: reply to this email",
)
#: Story lines for long messages without an offer.
_STORY_JA = (
    "私は現在、仕事の都合で海外に住んでおります。",
    "日本の方にしかお願いできないことがございます。",
    "詳しいことは、お返事をいただいた後にお伝えします。",
    "決して怪しいお話ではございませんので、ご安心ください。",
    "このお話は、できるだけ早くお伝えしたいと考えております。",
    "お手数をおかけしますが、どうぞよろしくお願いいたします。",
    "あなたのご協力が必要です。",
    "ご迷惑でしたら申し訳ございません。",
)
_STORY_EN = (
    "I currently live abroad because of my work.",
    "I can only ask someone in your country for this.",
    "I will explain the details once I hear back from you.",
    "Please be assured this is not a scam.",
    "I would like to share this with you as soon as possible.",
    "Your help would mean a lot to me.",
)
_CONTEXT_JA = (
    "ご多忙のところ恐れ入ります。",
    "お忙しいところ申し訳ありません。",
    "迷惑メールフォルダに入っているかもしれませんので、ご確認ください。",
    "このメールアドレスで合っているか分からず、ご連絡しました。",
    "メールが届いているか心配になり、ご連絡しました。",
)
_CONTEXT_EN = (
    "I hope this message finds you well.",
    "Sorry to bother you.",
    "I'm not sure if this is the right address.",
    "My previous email may have gone to your spam folder.",
)
_GENERIC_SUBJECTS_JA = (
    "ご連絡",
    "ご確認のお願い",
    "重要なお知らせ",
    "お問い合わせの件",
    "ご相談",
    "お願い",
    "ご案内",
    "大切なお知らせ",
    "【重要】ご確認ください",
)
_GENERIC_SUBJECTS_EN = (
    "Hello",
    "Important",
    "Quick question",
    "Business proposal",
    "Please respond",
    "Urgent",
    "Hi",
)

OPENINGS: dict[str, tuple[str, ...]] = {
    "hajimemashite": ("はじめまして。", "初めまして。", "はじめまして、{name}と申します。"),
    "konnichiwa": ("こんにちは。", "こんにちは！", "こんにちは、{name}です。"),
    "totsuzen": (
        "突然のご連絡失礼いたします。",
        "突然のメール失礼します。",
        "突然のご連絡にて失礼いたします。",
    ),
    "tantosha": ("ご担当者様", "ご担当者様へ", "担当者様", "{x}ご担当者様"),
    "en_hello": ("Hello,", "Hi,", "Hello there,"),
    "en_dear": ("Dear Sir/Madam,", "Dear team,", "Dear {x},"),
    "none": ("",),
}

#: Where the recipient group comes from: the local part (eigyo), a Japanese group name
#: (営業部), an English role (Sales) or the recipient company's name.
_GROUPS = (
    ("eigyo", "営業部", "Sales"),
    ("sales", "営業部", "Sales"),
    ("info", "お問い合わせ窓口", "Info"),
    ("info", "ご担当者", "Info"),
    ("soumu", "総務部", "Admin"),
    ("saiyo", "採用担当", "Recruiting"),
    ("recruit", "採用ご担当者", "Recruiting"),
    ("jinji", "人事部", "HR"),
    ("keiri", "経理部", "Accounting"),
    ("koho", "広報部", "PR"),
    ("support", "カスタマーサポート", "Support"),
    ("contact", "お問い合わせ窓口", "Contact"),
    ("office", "事務局", "Office"),
    ("kanri", "管理部", "Admin"),
    ("kikaku", "企画部", "Planning"),
    ("toiawase", "お問い合わせ窓口", "Inquiries"),
    ("hr", "人事部", "HR"),
    ("team", "ご担当者", "Team"),
    ("general", "総務部", "General"),
    ("press", "広報部", "Press"),
)

PROVIDERS: dict[str, tuple[str, ...]] = {
    "docomo": ("docomo.ne.jp",),
    "au": ("ezweb.ne.jp", "au.com"),
    "softbank": ("softbank.ne.jp", "i.softbank.jp"),
    "yahoo": ("yahoo.co.jp", "ymail.ne.jp", "yahoo.com"),
    "gmail": ("gmail.com",),
    "microsoft": ("outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.jp"),
    "other_global": ("aol.com", "proton.me", "gmx.com", "mail.com", "zoho.com", "yandex.com"),
}
#: Mail programs a provider's users write with (the first ones most often).
_PROVIDER_MAILERS: dict[str, tuple[str, ...]] = {
    "docomo": ("carrier", "iphone"),
    "au": ("carrier", "iphone"),
    "softbank": ("carrier", "iphone"),
    "yahoo": ("yahoo-web", "iphone"),
    "gmail": ("gmail", "iphone", "gmail"),
    "microsoft": ("outlook-win", "iphone", "outlook-mac"),
    "icloud": ("iphone", "apple-mail"),
    "other_global": ("roundcube", "thunderbird", "apple-mail"),
    "other_jp": ("roundcube", "thunderbird", "yahoo-web"),
}

_SYLLABLE_ONSETS = (
    "v",
    "l",
    "q",
    "r",
    "m",
    "s",
    "b",
    "k",
    "d",
    "n",
    "t",
    "z",
    "f",
    "g",
    "br",
    "dr",
    "qu",
    "th",
    "kl",
    "sv",
)
_SYLLABLE_VOWELS = ("a", "e", "i", "o", "u", "ae", "io", "ra", "el", "or", "an")
_MASH_PARTS = (
    "mira",
    "sorin",
    "alem",
    "ravo",
    "velq",
    "elvor",
    "andres",
    "belk",
    "adrov",
    "milbro",
    "qenth",
    "antiq",
    "uezm",
    "abf",
    "orand",
    "kadro",
    "visz",
    "esix",
    "lenka",
    "morav",
    "ostr",
    "ivel",
)
_EN_FIRST = people._EN_FIRST_F + people._EN_FIRST_M
_EN_LAST = people._EN_LAST

CHARSETS: dict[str, tuple[str, str]] = {
    "jis": ("iso-2022-jp", "7bit"),
    "sjis_8bit": ("shift_jis", "8bit"),
    "utf8_b64": ("utf-8", "base64"),
    "utf8_8bit": ("utf-8", "8bit"),
}
LENGTHS: dict[str, tuple[int, int]] = {"line1": (1, 1), "lines2_4": (2, 4), "lines11_30": (11, 30)}
THREADS: dict[str, tuple[str, ...]] = {
    "none": ("",),
    "re": ("Re: ", "RE: ", "Re:", "Re: Re: "),
    "fwd": ("Fwd: ", "FW: ", "Fw: ", "FWD: "),
}

# === the family table ==========================================================================


@dataclass(frozen=True)
class _Family:
    heldout: bool
    languages: tuple[str, ...]  # languages whose messages may use it
    weight: float = 1.0


_JA, _EN, _ALL = ("ja", "mixed"), ("en",), ("ja", "en", "mixed")


def _lang_of(
    name: str, pools: tuple[Sequence[str], Sequence[str]] | None = None
) -> tuple[str, ...]:
    if pools is not None:
        ja, en = pools
        return (("ja", "mixed") if ja else ()) + (("en",) if en else ())
    return _EN if name.startswith("en_") else _JA


def _table() -> dict[str, dict[str, _Family]]:
    t: dict[str, dict[str, _Family]] = {}
    t["language"] = {
        "ja": _Family(False, ("ja",)),
        "en": _Family(False, ("en",)),
        "mixed": _Family(True, ("mixed",)),
    }
    t["length"] = {k: _Family(False, _ALL) for k in LENGTHS} | {
        k: _Family(True, _ALL) for k in H.LENGTHS
    }
    t["subject_style"] = {
        k: _Family(False, _lang_of(k, v), 0.35 if k == "none" else 1.0)
        for k, v in SUBJECT_STYLES.items()
    }
    t["subject_style"] |= {k: _Family(True, _lang_of(k, v)) for k, v in H.SUBJECT_STYLES.items()}
    t["recipient_form"] = {
        "local": _Family(False, _ALL),
        "group_ja": _Family(False, _JA),
        "role_en": _Family(False, _EN),
        "company": _Family(True, _ALL),
    }
    t["claim"] = {
        k: _Family(False, _ALL if k == "none" else _lang_of(k), 0.5 if k == "none" else 1.0)
        for k in CLAIMS
    }
    t["claim"] |= {k: _Family(True, _lang_of(k)) for k in H.CLAIMS}
    t["plea"] = {k: _Family(False, _lang_of(k)) for k in PLEAS} | {
        k: _Family(True, _lang_of(k)) for k in H.PLEAS
    }
    t["offer"] = {
        k: _Family(False, _ALL if k == "none" else _lang_of(k), 2.0 if k == "none" else 1.0)
        for k in OFFERS
    }
    t["offer"] |= {k: _Family(True, _lang_of(k)) for k in H.OFFERS}
    t["opening"] = {k: _Family(False, _ALL if k == "none" else _lang_of(k)) for k in OPENINGS}
    t["opening"] |= {k: _Family(True, _lang_of(k)) for k in H.OPENINGS}
    t["signoff"] = {
        "kana": _Family(False, _JA),
        "romaji": _Family(False, _ALL),
        "first": _Family(False, _ALL),
        "none": _Family(False, _ALL, 0.6),
    } | {k: _Family(True, _JA) for k in H.SIGNOFFS}
    t["display_name"] = {
        "western_upper": _Family(False, _ALL),
        "western": _Family(False, _ALL),
        "romaji_jp": _Family(False, _ALL),
        "romaji_upper": _Family(False, _ALL),
        "kanji": _Family(False, _JA),
        "none": _Family(False, _ALL, 0.4),
    } | {k: _Family(True, _ALL) for k in H.DISPLAY_NAMES}
    t["provider"] = {k: _Family(False, _ALL) for k in PROVIDERS} | {
        k: _Family(True, _ALL) for k in H.PROVIDERS
    }
    t["mailbox"] = {
        k: _Family(False, _ALL) for k in ("syllables", "name_mash", "name_digits", "jp_romaji")
    }
    t["mailbox"] |= {k: _Family(True, _ALL) for k in H.MAILBOXES}
    t["thread"] = {
        "none": _Family(False, _ALL, 3.0),
        "re": _Family(False, _ALL),
        "fwd": _Family(False, _ALL),
    }
    t["thread"] |= {k: _Family(True, _JA) for k in H.THREADS}
    t["charset"] = {k: _Family(False, _ALL) for k in CHARSETS} | {
        k: _Family(True, _ALL) for k in H.CHARSETS
    }
    return t


#: Every dimension and its families (dev and held out); the values of ``family`` in
#: generated mail are keys of these tables.
FAMILIES: dict[str, dict[str, _Family]] = _table()
#: Dimensions varied by :func:`generate`, in the order they are drawn.
DIMENSIONS: tuple[str, ...] = tuple(FAMILIES)
#: The held-out families of each dimension (their pools are in ``_heldout.py``).
HELDOUT: dict[str, frozenset[str]] = {
    dim: frozenset(name for name, fam in table.items() if fam.heldout)
    for dim, table in FAMILIES.items()
}

#: Share of all-dev messages; the rest are probes with one held-out dimension.
DEV_SHARE = 0.5


def is_heldout(mail: GeneratedMail, dimension: str | None = None) -> bool:
    """Whether ``mail`` is a probe (of ``dimension``, when given)."""
    split = mail.family.get("split", "dev")
    if dimension is None:
        return split.startswith("heldout")
    return split == f"heldout:{dimension}"


def _choose(
    rng: random.Random, dim: str, language: str, heldout: bool, allow: set[str] | None = None
) -> str:
    options = [
        (name, fam.weight)
        for name, fam in FAMILIES[dim].items()
        if fam.heldout == heldout and language in fam.languages and (allow is None or name in allow)
    ]
    x = rng.random() * sum(w for _, w in options)
    for name, w in options:
        x -= w
        if x <= 0:
            return name
    return options[-1][0]


def _probe_dims(language: str) -> list[str]:
    """Dimensions that have a held-out family usable in ``language``."""
    dims = []
    for dim, table in FAMILIES.items():
        if dim == "language":
            continue
        if any(f.heldout and language in f.languages for f in table.values()):
            dims.append(dim)
    return dims


def _families(rng: random.Random) -> tuple[dict[str, str], str]:
    probe = None if rng.random() < DEV_SHARE else ""
    language = "ja" if rng.random() < 0.75 else "en"
    if probe == "":
        dims = [*_probe_dims(language), "language"]
        probe = rng.choice(dims)
        if probe == "language":
            language = "mixed"
    fam = {"language": language}
    for dim in DIMENSIONS[1:]:
        held = dim == probe
        if held and not any(f.heldout and language in f.languages for f in FAMILIES[dim].values()):
            held = False
        allow = None
        if dim == "display_name" and probe == "signoff":
            allow = {"romaji_jp", "romaji_upper", "kanji", "none"}
        fam[dim] = _choose(rng, dim, language, held, allow)
    # Coherence between dimensions (within the dev families).
    if fam["signoff"] == "kana" and fam["display_name"].startswith("western"):
        fam["signoff"] = _choose(
            rng,
            "signoff",
            language,
            probe == "signoff",
            {"romaji", "first", "none"} if probe != "signoff" else None,
        )
    split = f"heldout:{probe}" if probe else "dev"
    return fam, split


# === writing one attack ========================================================================


def _pool(table: dict, heldout_table: dict, name: str):
    return table[name] if name in table else heldout_table[name]


def _mailbox(rng: random.Random, method: str) -> str:
    """A mailbox name made by one of the attack's naming methods."""
    if method == "syllables":
        parts = [
            rng.choice(_SYLLABLE_ONSETS) + rng.choice(_SYLLABLE_VOWELS)
            for _ in range(rng.randrange(3, 6))
        ]
        return "".join(parts) + rng.choice(("", "x", "ix", "ev", "sz", "d", "ab"))
    if method == "name_mash":
        parts = rng.sample(_MASH_PARTS, rng.randrange(2, 4))
        return "".join(parts) + "".join(
            rng.choice("abdefiklmnorsvxz") for _ in range(rng.randrange(0, 4))
        )
    if method == "name_digits":
        f, last = rng.choice(_EN_FIRST).lower(), rng.choice(_EN_LAST).lower()
        return rng.choice(
            (
                f"{f}.{last}{rng.randrange(60, 100)}",
                f"{f}{last}{rng.randrange(1960, 2005)}",
                f"{f[0]}_{last}{rng.randrange(1, 999)}",
                f"{last}.{f}{rng.randrange(10, 99)}",
            )
        )
    if method == "jp_romaji":
        p = people.ja_person(rng)
        f, last = p.given_roma.lower(), p.family_roma.lower()
        return rng.choice(
            (
                f"{f}.{last}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}",
                f"{last}{f}{rng.randrange(10, 99)}",
                f"{f}_{last[:3]}{rng.randrange(100, 999)}",
            )
        )
    return H.mailbox(method, rng)


def _persona(rng: random.Random, display: str) -> tuple[str, str, str, str, str]:
    """(display name, kana sign-off, romaji sign-off, first-name sign-off, kanji sign-off)."""
    if display.startswith("western") or (display in ("single", "none") and rng.random() < 0.5):
        first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
        shown = {
            "western_upper": f"{first} {last}".upper(),
            "western": f"{first} {last}",
            "single": first,
            "none": "",
        }.get(display, f"{first} {last}")
        return shown, "", f"{first} {last}", first, ""
    p = people.ja_person(rng)
    shown = {
        "romaji_jp": p.roma,
        "romaji_upper": rng.choice((p.roma_upper, p.roma.upper())),
        "kanji": p.full,
        "katakana": p.kana,
        "single": p.given_roma,
        "none": "",
    }.get(display, p.roma)
    return shown, p.kana, p.roma, p.given_roma, p.full


def _ordinal(rng: random.Random) -> str:
    return rng.choice(("2", "3", "二", "三", "２", "３", "4", "2", "3"))


def _subject(
    rng: random.Random,
    fam: dict[str, str],
    x: str,
    claim_subject: str,
    offer_subject: str,
    plea: str,
    claim_line: str,
) -> str:
    language = "en" if fam["language"] == "en" else "ja"
    cores = []
    if claim_subject:
        cores += [claim_subject] * 3
        if claim_line and language == "ja":
            cores.append(claim_line.rstrip("、"))
            cores.append(claim_line.rstrip("、") + plea)
    if offer_subject:
        cores += [offer_subject] * 2
    cores.append(
        plea.rstrip("。.")
        if rng.random() < 0.5
        else rng.choice(_GENERIC_SUBJECTS_JA if language == "ja" else _GENERIC_SUBJECTS_EN)
    )
    if fam["language"] == "mixed" and rng.random() < 0.6:
        cores = [rng.choice(_GENERIC_SUBJECTS_EN)]
    core = rng.choice(cores)
    style = fam["subject_style"]
    ja_pats, en_pats = _pool(SUBJECT_STYLES, H.SUBJECT_STYLES, style)
    pats = en_pats if language == "en" else ja_pats
    subject = rng.choice(pats).format(x=x, c=core)
    prefix = rng.choice(_pool(THREADS, H.THREADS, fam["thread"]))
    return prefix + subject


_JOBLIKE = frozenset(
    {"local_agent", "remote_work", "salary", "payment_agent", "reshipping", "en_job"}
)


def _body(
    rng: random.Random,
    fam: dict[str, str],
    x: str,
    names: tuple[str, str, str, str, str],
    lines_wanted: int,
) -> tuple[list[list[str]], str, str, str, str]:
    """Paragraphs of exactly ``lines_wanted`` lines (when the pools allow it); also the
    claim's subject phrase, the offer's subject phrase, the plea and the claim line."""
    en = fam["language"] == "en"
    _, kana, roma, first, kanji = names
    n = rng.choice(("second", "third", "second")) if en else _ordinal(rng)
    claim_lines, claim_subjects = _pool(CLAIMS, H.CLAIMS, fam["claim"])
    claim_line = rng.choice(claim_lines).format(n=n, N=n.capitalize()) if claim_lines else ""
    claim_subject = (
        rng.choice(claim_subjects).format(n=n, N=n.capitalize()) if claim_subjects else ""
    )
    plea = rng.choice(_pool(PLEAS, H.PLEAS, fam["plea"]))
    offer_lines, offer_subjects = _pool(OFFERS, H.OFFERS, fam["offer"])
    offer_subject = rng.choice(offer_subjects) if offer_subjects else ""
    name_for_intro = roma if en or not kanji else rng.choice((kanji, kana, roma))
    opening = rng.choice(_pool(OPENINGS, H.OPENINGS, fam["opening"])).format(
        name=name_for_intro or "私", x=x
    )
    signoff = {
        "kana": kana or roma,
        "romaji": roma,
        "first": first,
        "kanji": kanji or kana,
        "none": "",
    }[fam["signoff"]]
    if fam["language"] == "mixed" and signoff:
        signoff = roma or signoff

    if lines_wanted == 1:
        options = [plea]
        if claim_line:
            joiner = "" if claim_line.endswith("、") or not en else " "
            options += [f"{claim_line}{joiner}{plea}"] * 2
        if offer_lines:
            options.append(f"{offer_lines[0]}{' ' if en else ''}{plea}")
        line = rng.choice(options)
        if fam["language"] == "mixed":
            line += " " + rng.choice(("Please reply.", "Thank you.", "Reply please."))
        return [[line]], claim_subject, offer_subject, plea, claim_line

    # Candidate lines: (paragraph, priority); the highest priorities fill the message.
    items: list[tuple[int, float, str]] = []
    if opening:
        items.append((0, 55, opening))
    if claim_line:
        line = claim_line
        if line.endswith("、"):
            line += (
                offer_lines[0] if offer_lines else ("大切なお話がございます。" if not en else "")
            )
        items.append((1, 90, line))
    context = list(_CONTEXT_EN if en else _CONTEXT_JA)
    rng.shuffle(context)
    items += [(1, 30 - i, t) for i, t in enumerate(context[: rng.randrange(0, 4)])]
    offer = list(offer_lines)
    if offer:
        start = rng.randrange(0, max(1, len(offer) - 1)) if rng.random() < 0.3 else 0
        offer = offer[start:] + offer[:start]
        items += [(2, 80 if i == 0 else 50 - i, t) for i, t in enumerate(offer)]
    if fam["offer"] in _JOBLIKE:
        details = list(_DETAILS_EN if en else _DETAILS_JA)
        keep = rng.randrange(3, len(details) + 1)
        items += [(3, 40 - i * 0.1, t) for i, t in enumerate(details[:keep])]
    story = list(_STORY_EN if en else _STORY_JA)
    rng.shuffle(story)
    items += [(4, 20 - i, t) for i, t in enumerate(story)]
    items += [(1, 10 - i, t) for i, t in enumerate(context[3:])]
    items.append((5, 100, plea))
    closing = (
        "Thank you."
        if en
        else rng.choice(
            (
                "よろしくお願いいたします。",
                "よろしくお願いします。",
                "何卒よろしくお願いいたします。",
            )
        )
    )
    items.append((5, 35, closing))
    if fam["language"] == "mixed":
        items.append((5, 45, rng.choice(("Please reply.", "Thank you.", "Best regards,"))))
    if signoff:
        items.append((6, 60, signoff))
    chosen = sorted(range(len(items)), key=lambda i: -items[i][1])[:lines_wanted]
    paragraphs: dict[int, list[str]] = {}
    for i in sorted(chosen):
        para_id, _, text = items[i]
        paragraphs.setdefault(para_id, []).append(text)
    out = [paragraphs[k] for k in sorted(paragraphs)]
    return out, claim_subject, offer_subject, plea, claim_line


def _recipient(rng: random.Random, fam: dict[str, str]) -> tuple[str, str, str]:
    """(group address, the recipient group as named in the subject, the company name)."""
    org = people.company(rng, "ja" if fam["language"] != "en" or rng.random() < 0.4 else "en")
    local, group_ja, role_en = rng.choice(_GROUPS)
    address = f"{local}@{org.domain}"
    form = fam["recipient_form"]
    if form == "local":
        x = rng.choice((local, local, local.upper(), local.capitalize()))
    elif form == "group_ja":
        x = group_ja
    elif form == "role_en":
        x = role_en
    else:
        x = rng.choice((org.name, org.short)) if org.language == "ja" else org.short
    return address, x, org.name


def _mailer_for(rng: random.Random, provider: str, charset: str, transfer: str) -> Mailer:
    by_name = {m.name: m for m in MAILERS}
    preferred = [by_name[n] for n in _PROVIDER_MAILERS[provider]]
    lang_keys = ("ja", "en")

    def writes(m: Mailer) -> bool:
        return any((charset, transfer) in m.encodings[k] for k in lang_keys)

    fitting = [m for m in preferred if writes(m)]
    if not fitting:
        fitting = [m for m in MAILERS if m.kind == "person" and writes(m)]
    return rng.choice(fitting)


def _forward_block(
    rng: random.Random, en: bool, when: datetime, subject: str, to: str
) -> list[str]:
    who = f"{rng.choice(_EN_FIRST)} {rng.choice(_EN_LAST)}"
    domain = rng.choice(("gmail.com", "outlook.com", "yahoo.co.jp"))
    addr = f"{_mailbox(rng, 'syllables')}@{domain}"
    earlier = when - timedelta(days=rng.randrange(2, 20))
    if en or rng.random() < 0.5:
        return [
            "---------- Forwarded message ---------",
            f"From: {who} <{addr}>",
            f"Date: {earlier:%a, %b %d, %Y at %H:%M}",
            f"Subject: {subject}",
            f"To: <{to}>",
        ]
    return [
        "-------- 転送メッセージ --------",
        f"件名: {subject}",
        f"日付: {earlier:%Y/%m/%d %H:%M}",
        f"差出人: {who} <{addr}>",
        f"宛先: {to}",
    ]


def _one_attack(seed: int, index: int) -> GeneratedMail:
    rng = random.Random(f"conversational/{seed}/{index}")
    fam, split = _families(rng)
    lo, hi = _pool(LENGTHS, H.LENGTHS, fam["length"])
    wanted = rng.randrange(lo, hi + 1)
    to_addr, x, _company = _recipient(rng, fam)
    names = _persona(rng, fam["display_name"])
    paragraphs, claim_subject, offer_subject, plea, claim_line = _body(rng, fam, x, names, wanted)
    subject = _subject(rng, fam, x, claim_subject, offer_subject, plea, claim_line)
    when = random_when(rng, office=rng.random() < 0.6)
    if fam["thread"] == "fwd" and rng.random() < 0.5:
        paragraphs.insert(
            0,
            _forward_block(
                rng, fam["language"] == "en", when, subject.split(":", 1)[-1].strip(), to_addr
            ),
        )
    text = "\n\n".join("\n".join(p) for p in paragraphs) + "\n"
    if rng.random() < 0.2:
        text = "\n" + text
    domain = rng.choice(_pool(PROVIDERS, H.PROVIDERS, fam["provider"]))
    mailbox = _mailbox(rng, fam["mailbox"])
    sender = (names[0], f"{mailbox}@{domain}")
    charset, transfer = _pool(CHARSETS, H.CHARSETS, fam["charset"])
    mailer = _mailer_for(rng, fam["provider"], charset, transfer)
    subject = fit(subject, charset)
    text = fit(text, charset)
    sender = (fit(sender[0], charset), sender[1])
    html = None
    if "alt" in mailer.structures and (mailer.structures == ("alt",) or rng.random() < 0.3):
        lang = "en" if fam["language"] == "en" else "ja"
        html = fit(person_html(text, mailer.name, rng, lang), charset)
    to_name = ""
    if rng.random() < 0.1 and fam["recipient_form"] == "group_ja":
        to_name = x
    raw = compose(
        rng=rng,
        mailer=mailer,
        charset=charset,
        transfer=transfer,
        sender=sender,
        to=[(fit(to_name, charset), to_addr)],
        subject=subject,
        date=when,
        text=text,
        html=html,
        offset_minutes=540
        if fam["language"] != "en" or rng.random() < 0.5
        else rng.choice((-300, -480, 0, 60, 480)),
    )
    family = {**fam, "mailer": mailer.name, "split": split}
    return GeneratedMail(
        raw,
        "spam",
        "conversational",
        "ja" if fam["language"] != "en" else "en",
        charset,
        family,
        subject,
        text,
    )


def generate(n: int, seed: int = 0) -> list[GeneratedMail]:
    """Generate ``n`` variants of the conversational attack.

    Parameters
    ----------
    n : int
        Number of messages.
    seed : int, default 0
        Same seed, same messages (message ``i`` depends only on the seed and ``i``).

    Returns
    -------
    list of GeneratedMail
        ``label == "spam"``, ``kind == "conversational"``; ``family`` holds one family
        per dimension of :data:`DIMENSIONS`, the ``mailer`` and the ``split``
        (``"dev"`` or ``"heldout:<dimension>"``).  No message has a URL, an
        attachment, In-Reply-To or References.
    """
    return [_one_attack(seed, i) for i in range(n)]


# === hard negatives =============================================================================

#: Kinds of legitimate mail that share the attack's surface.
HARD_NEGATIVE_KINDS: dict[str, str] = {
    "hn_friend": "a friend writes from freemail to a personal address, often asking for a reply",
    "hn_alumni": "a reunion organiser writes from freemail to classmates (sometimes a 2nd notice)",
    "hn_parents": "a parents' group (PTA, class) writes from freemail to a group of parents",
    "hn_applicant": "a job applicant writes from freemail to a company's recruiting address",
    "hn_inquiry": "a customer asks a shop's info@ address a question from freemail",
    "hn_thread_reminder": "a real second reminder inside a thread (In-Reply-To, References, quote)",
    "hn_recruiting": "recruiting mail from a company's own domain, with its signature",
    "hn_reply": "a reply whose Re: carries In-Reply-To and References",
}


@dataclass
class _Hn:
    subject: str
    text: str
    sender: tuple[str, str]
    to: list[tuple[str, str]]
    provider: str  # provider family, or "company"
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    cc: tuple[tuple[str, str], ...] = ()


def _freemail(rng: random.Random, person: people.Person) -> tuple[str, str]:
    provider = rng.choice(
        ("docomo", "au", "softbank", "yahoo", "gmail", "gmail", "microsoft", "icloud")
    )
    domains = PROVIDERS.get(provider) or H.PROVIDERS[provider]
    return provider, people.personal_address(rng, person, rng.choice(domains))


def _name(person: people.Person, en: bool) -> str:
    return person.full if person.language == "en" or not en else person.roma


def _hn_friend(rng: random.Random, en: bool, when: datetime) -> _Hn:
    me = people.en_person(rng) if en else people.ja_person(rng)
    friend = people.en_person(rng) if en else people.ja_person(rng)
    provider, addr = _freemail(rng, me)
    _, to_addr = _freemail(rng, friend)
    nick = (
        friend.given
        if en
        else rng.choice(
            (
                friend.given + "ちゃん",
                friend.given,
                friend.family + "さん",
                friend.given_kana.lower() if False else friend.given,
            )
        )
    )
    if en:
        subject, lines = rng.choice(
            (
                (
                    "Long time no see",
                    [
                        f"Hi {nick},",
                        "It's been ages! I'll be in town next month - want to grab dinner?",
                        "Let me know which days work for you.",
                        me.given,
                    ],
                ),
                (
                    "New email address",
                    [
                        "Hi all,",
                        "I've switched to a new email address, please use this one from now on.",
                        me.given,
                    ],
                ),
                (
                    "",
                    [f"{nick} - did you get my last email about Saturday? Let me know!", me.given],
                ),
                ("Saturday", ["Are we still on for 10am? Text or reply here.", "-" + me.given]),
                (
                    "Photos from the trip",
                    [
                        f"Hey {nick},",
                        "Finally sorted the photos. Will send the good ones this week!",
                        "Write back when you get a chance.",
                        me.given,
                    ],
                ),
            )
        )
    else:
        subject, lines = rng.choice(
            (
                (
                    "久しぶり",
                    [
                        f"{nick}",
                        "久しぶり！元気にしてる？",
                        "来月そっちに行く用事があるから、よかったらご飯でもどうかな。",
                        "都合のいい日を教えてね。",
                        me.given,
                    ],
                ),
                (
                    "アドレス変更しました",
                    ["アドレスを変更しました。", "これからはこちらに連絡ください。", me.full],
                ),
                ("", ["先日メールした件、見てくれた？", "返事待ってるね。"]),
                ("明日のこと", ["明日の集合時間、10時で大丈夫？", "返信ください。", me.given]),
                (
                    "写真",
                    [
                        f"{nick}",
                        "この前はありがとう！",
                        "写真、あとでまとめて送るね。",
                        "また遊ぼう～",
                    ],
                ),
                (
                    "土曜日",
                    [
                        "土曜日の件、了解です！",
                        "駅前のカフェで11時に待ち合わせでいいかな？",
                        "お返事遅くなってごめんね。",
                        me.given,
                    ],
                ),
                (
                    "ひさしぶり！",
                    [
                        f"{nick}、ひさしぶり！{me.family}です。",
                        "同窓会の名簿でアドレスを知りました。",
                        "近いうちにみんなで集まろうって話が出てて、よかったら参加してね。",
                        "返信まってます。",
                    ],
                ),
            )
        )
    return _Hn(
        subject,
        "\n".join(lines) + "\n",
        (me.full if rng.random() < 0.5 else "", addr),
        [("", to_addr)],
        provider,
    )


def _hn_alumni(rng: random.Random, en: bool, when: datetime) -> _Hn:
    org_p = people.en_person(rng) if en else people.ja_person(rng)
    provider, addr = _freemail(rng, org_p)
    school = rng.choice(people._JA_STEMS_LIST)[0] + rng.choice(
        ("高校", "高等学校", "中学校", "大学")
    )
    year = rng.randrange(1985, 2015)
    day = when + timedelta(days=rng.randrange(30, 90))
    second = rng.random() < 0.35
    izakaya = f"居酒屋「{rng.choice(people._JA_STEMS_LIST)[0]}」"
    venue = rng.choice(("駅前のホテル宴会場", izakaya, "母校近くのレストラン"))
    if en:
        subject = (
            rng.choice(
                (
                    f"Class of {year} reunion",
                    f"Reunion - class of {year}",
                    f"Reminder: class of {year} reunion RSVP",
                )
            )
            if not second
            else f"Second reminder: class of {year} reunion"
        )
        lines = [
            "Hi everyone,",
            f"{org_p.given} here - I'm helping organise our {when.year - year}-year reunion.",
            f"It'll be on {day:%B} {day.day} at 6:30pm.",
            "Please reply by the end of the month to let me know if you can make it.",
            org_p.full,
        ]
        if second:
            lines.insert(1, "Sending this again for those who haven't replied yet.")
    else:
        subject = (
            rng.choice(
                (
                    f"{school} {year}年卒 同窓会のご案内",
                    f"【同窓会】{school}{year}年卒業の皆さまへ",
                    "同窓会のお知らせ",
                )
            )
            if not second
            else rng.choice(("【再送】同窓会のご案内", "同窓会のご案内（2回目）"))
        )
        lines = [
            f"{school} {year}年卒業の皆さま",
            "",
            f"ご無沙汰しております。幹事の{org_p.full}です。",
            f"卒業{when.year - year}年を記念して、同窓会を開催することになりました。",
            f"日時：{day.month}月{day.day}日（{'月火水木金土日'[day.weekday()]}）18:30～",
            f"場所：{venue}",
            "",
            f"お手数ですが、{(day - timedelta(days=20)).month}月{(day - timedelta(days=20)).day}"
            "日までに出欠をご返信いただけますと幸いです。",
            "",
            org_p.full,
        ]
        if second:
            lines.insert(2, "まだご返信いただいていない方へ、再度ご案内いたします。")
    # Sent to oneself with the classmates in Bcc, or to a class list on a school's domain.
    school_domain = (
        f"{rng.choice(people._JA_STEMS_LIST)[1]}-{rng.choice(('hs', 'jhs', 'univ'))}-ob.jp"
    )
    list_name = f"{rng.choice(('class', 'dousoukai', 'sotsugyo', 'reunion'))}{year}"
    to = [("", addr)] if rng.random() < 0.6 else [("", f"{list_name}@{school_domain}")]
    return _Hn(subject, "\n".join(lines) + "\n", (org_p.full, addr), to, provider)


def _hn_parents(rng: random.Random, en: bool, when: datetime) -> _Hn:
    parent = people.en_person(rng, True) if en else people.ja_person(rng, True)
    child = people.en_person(rng) if en else people.ja_person(rng)
    provider, addr = _freemail(rng, parent)
    day = when + timedelta(days=rng.randrange(7, 40))
    if en:
        subject = rng.choice(
            (
                "Class party volunteers",
                "Field trip - parent helpers needed",
                "Bake sale next Friday",
                "Room parents: quick question",
            )
        )
        lines = [
            "Hi everyone,",
            f"This is {parent.given}, {child.given}'s mom.",
            f"We're looking for a few parent volunteers for {day:%B} {day.day}.",
            "If you can help, please reply to this email by Friday.",
            "Thank you!",
            parent.full,
        ]
    else:
        grade = f"{rng.randrange(1, 7)}年{rng.randrange(1, 5)}組"
        subject = rng.choice(
            (
                f"{grade} 保護者の皆様へ",
                "学級懇談会のお知らせ",
                "役員会のご連絡",
                "謝恩会についてのご相談",
                "【再送】役員会のご連絡",
            )
        )
        lines = [
            f"{grade} 保護者の皆様",
            "",
            f"いつもお世話になっております。学級委員の{parent.family}（{child.given}の母）です。",
            rng.choice(
                (
                    f"{day.month}月{day.day}日の学級懇談会について、ご連絡いたします。",
                    "謝恩会の準備について、ご協力のお願いです。",
                    "来週の役員会の日程について、ご相談させてください。",
                )
            ),
            rng.choice(
                (
                    "参加の可否を、今週中にこのメールへご返信いただけますでしょうか。",
                    "お手数ですが、ご都合をお知らせください。",
                    "ご返信をお待ちしております。",
                )
            ),
            "",
            parent.full,
        ]
    school_domain = f"{rng.choice(people._JA_STEMS_LIST)[1]}-es.ed.jp"
    list_name = (
        f"{rng.choice(('hogosha', 'pta', 'class'))}-{rng.randrange(1, 7)}{rng.choice('abcd')}"
    )
    to = [("", addr)] if rng.random() < 0.5 else [("", f"{list_name}@{school_domain}")]
    return _Hn(subject, "\n".join(lines) + "\n", (parent.full, addr), to, provider)


_APPLY_JOBS_JA = (
    "営業職",
    "事務職",
    "Webデザイナー",
    "エンジニア",
    "販売スタッフ",
    "経理",
    "カスタマーサポート",
    "アルバイト（ホールスタッフ）",
)
_APPLY_JOBS_EN = (
    "Sales Associate",
    "Office Assistant",
    "Web Designer",
    "Software Engineer",
    "Barista",
    "Customer Support Representative",
)


def _hn_applicant(rng: random.Random, en: bool, when: datetime) -> _Hn:
    me = people.en_person(rng) if en else people.ja_person(rng)
    provider, addr = _freemail(rng, me)
    org = people.company(rng, "en" if en else "ja")
    local = rng.choice(("saiyo", "recruit", "jinji", "hr", "careers", "jobs", "info"))
    job = rng.choice(_APPLY_JOBS_EN if en else _APPLY_JOBS_JA)
    follow = rng.random() < 0.25
    att: tuple[Attachment, ...] = ()
    if en:
        subject = (
            f"Application for {job} - {me.full}"
            if not follow
            else f"Following up on my application ({job})"
        )
        lines = [
            "Dear Hiring Manager,",
            f"I am writing to apply for the {job} position at {org.short}."
            if not follow
            else f"I applied for the {job} position last week and wanted to follow up.",
            "Please find my resume attached."
            if not follow
            else "I remain very interested in the role.",
            "I would welcome the chance to discuss my application. I look forward to hearing from"
            " you.",
            "Sincerely,",
            me.full,
            people.phone(rng, "en"),
        ]
    else:
        subject = (
            rng.choice(
                (
                    f"【応募】{job}への応募について（{me.full}）",
                    f"{job}の求人への応募",
                    "求人応募の件",
                    f"{job}職 応募書類の送付",
                )
            )
            if not follow
            else rng.choice(
                (
                    f"先日応募した{me.full}です",
                    "応募のその後について",
                    f"{job}応募の件（{me.full}）",
                )
            )
        )
        if follow:
            lines = [
                f"{org.name}\n採用ご担当者様",
                "",
                f"お世話になっております。先日、{job}の求人に応募いたしました{me.full}です。",
                "その後の選考状況はいかがでしょうか。",
                "お忙しいところ恐縮ですが、ご確認いただけますと幸いです。",
                "",
                me.full,
                people.phone(rng, "ja", kind="mobile"),
            ]
        else:
            lines = [
                f"{org.name}\n採用ご担当者様",
                "",
                f"はじめまして。{me.full}と申します。",
                f"貴社の{job}の求人を拝見し、ぜひ応募させていただきたくご連絡いたしました。",
                "履歴書と職務経歴書を添付いたしますので、ご確認いただけますと幸いです。"
                if rng.random() < 0.7
                else "ご検討いただけましたら幸いです。",
                "お忙しいところ恐縮ですが、何卒よろしくお願いいたします。",
                "",
                me.full,
                people.phone(rng, "ja", kind="mobile"),
                addr,
            ]
    if not follow and rng.random() < 0.6:
        name = (
            "resume.pdf"
            if en
            else rng.choice(("履歴書.pdf", f"履歴書_{me.full_tight}.pdf", "職務経歴書.pdf"))
        )
        att = (Attachment(name, "application/pdf", fake_pdf(rng)),)
    return _Hn(
        subject,
        "\n".join(lines) + "\n",
        (_name(me, en), addr),
        [("", f"{local}@{org.domain}")],
        provider,
        attachments=att,
    )


def _hn_inquiry(rng: random.Random, en: bool, when: datetime) -> _Hn:
    me = people.en_person(rng) if en else people.ja_person(rng)
    provider, addr = _freemail(rng, me)
    org = people.company(rng, "en" if en else "ja")
    local = rng.choice(("info", "support", "contact", "shop", "toiawase", "order"))
    if en:
        subject = rng.choice(
            (
                "Question about my order",
                "Product question",
                "Do you ship to Japan?",
                "Return request",
                "Inquiry",
            )
        )
        lines = [
            "Hello,",
            rng.choice(
                (
                    "I placed an order last week and haven't received a shipping confirmation yet.",
                    "Is the blue version of the backpack back in stock?",
                    "Do you ship internationally?",
                    "The item I received is damaged. How can I return it?",
                )
            ),
            "Could you let me know? Thank you.",
            me.full,
        ]
    else:
        subject = rng.choice(
            (
                "商品についての問い合わせ",
                "注文した商品について",
                "在庫の確認をお願いします",
                "返品について",
                "お問い合わせ",
                "配送日について",
            )
        )
        lines = [
            "ご担当者様",
            "",
            rng.choice(("はじめまして。", "お世話になります。", "")) + f"{me.full}と申します。",
            rng.choice(
                (
                    "先週注文した商品がまだ届いていないのですが、発送状況を教えていただけますでし"
                    "ょうか。",
                    "貴社の商品について、在庫があるか確認させてください。",
                    "届いた商品に傷があったため、交換をお願いできますでしょうか。",
                    "法人での大量注文は可能でしょうか。",
                )
            ),
            rng.choice(
                (
                    "お手数ですが、ご回答いただけますと幸いです。",
                    "ご返信をお待ちしております。",
                    "よろしくお願いいたします。",
                )
            ),
            "",
            me.full,
        ]
    return _Hn(
        subject,
        "\n".join(lines) + "\n",
        (_name(me, en) if rng.random() < 0.7 else "", addr),
        [("", f"{local}@{org.domain}")],
        provider,
    )


def _quoted(
    rng: random.Random, lines: Sequence[str], who: str, addr: str, when: datetime, en: bool
) -> list[str]:
    """The quoted earlier message, under the attribution line of one mail program."""
    quoted = [f"> {line}" if line else ">" for line in lines]
    style = rng.randrange(4)
    if style == 0:
        return [
            f"On {when:%a, %b} {when.day}, {when.year} at {when:%H:%M}, {who} <{addr}> wrote:",
            *quoted,
        ]
    if style == 1 and not en:
        return [f"{when:%Y/%m/%d %H:%M}、{who} のメッセージ:", *quoted]
    if style == 1 or (style == 2 and en):
        return [f"On {when:%Y/%m/%d %H:%M}, {who} wrote:", *quoted]
    if en:
        head = [
            "-----Original Message-----",
            f"From: {who} <{addr}>",
            f"Sent: {when:%A, %B} {when.day}, {when.year} {when:%I:%M %p}",
            "Subject: ...",
        ]
        return ["", *head[:3], "", *lines]
    head = [
        "-----Original Message-----",
        f"差出人: {who} <{addr}>",
        f"送信日時: {when.year}年{when.month}月{when.day}日 {when:%H:%M}",
    ]
    return ["", *head, "", *lines]


def _thread_ids(rng: random.Random, when: datetime, a: str, b: str) -> tuple[str, tuple[str, ...]]:
    first = make_message_id(
        rng,
        rng.choice(("outlook", "gmail", "uuid", "becky")),
        a.rpartition("@")[2],
        when - timedelta(days=5),
    )
    second = make_message_id(
        rng,
        rng.choice(("outlook", "gmail", "uuid", "becky")),
        b.rpartition("@")[2],
        when - timedelta(days=3),
    )
    refs = (first, second) if rng.random() < 0.6 else (second,)
    return refs[-1], refs


def _hn_thread_reminder(rng: random.Random, en: bool, when: datetime) -> _Hn:
    org = people.company(rng, "en" if en else "ja")
    me = people.person_at(rng, org, role="sales")
    them_org = people.company(rng, "en" if en else "ja")
    them = people.person_at(rng, them_org)
    topic = (
        rng.choice(
            ("the revised quote", "the contract draft", "next week's meeting", "the invoice")
        )
        if en
        else rng.choice(
            (
                "お見積りの件",
                "契約書ドラフトの件",
                "打ち合わせ日程の件",
                "請求書の件",
                "納期のご確認",
            )
        )
    )
    if en:
        subject = f"Re: {topic[0].upper() + topic[1:]}"
        body = [
            f"Hi {them.given},",
            f"Just following up on {topic} - did you get a chance to look at it?",
            "Could you let me know by Friday? Thanks!",
            me.given,
        ]
        orig = [f"Hi {them.given},", f"Attached is {topic}. Let me know your thoughts.", me.given]
    else:
        subject = f"Re: {topic}"
        body = [
            f"{them_org.name}\n{them.family}様",
            "",
            "お世話になっております。",
            f"{org.short}の{me.family}です。",
            "",
            rng.choice(
                (
                    "再度のご連絡となり恐縮ですが、",
                    "度々のご連絡失礼いたします。",
                    "先日お送りした件につきまして、",
                )
            )
            + "ご確認いただけましたでしょうか。",
            f"お手数ですが、{(when + timedelta(days=3)).month}月{(when + timedelta(days=3)).day}"
            "日までにご返信いただけますと幸いです。",
            "",
            "よろしくお願いいたします。",
            "",
            people.signature(rng, me, org),
        ]
        orig = [
            f"{them.family}様",
            "",
            "お世話になっております。",
            f"{topic.replace('の件', '')}につきまして、添付にてお送りいたします。",
            "ご確認のほどよろしくお願いいたします。",
        ]
    reply_to_id, refs = _thread_ids(rng, when, me.email, me.email)
    text = (
        "\n".join(body)
        + "\n\n"
        + "\n".join(
            _quoted(rng, orig, me.full, me.email, when - timedelta(days=rng.randrange(3, 10)), en)
        )
        + "\n"
    )
    return _Hn(
        subject,
        text,
        (me.full, me.email),
        [(them.full, them.email)],
        "company",
        reply_to_id,
        refs,
    )


def _hn_recruiting(rng: random.Random, en: bool, when: datetime) -> _Hn:
    org = people.company(rng, "en" if en else "ja")
    hr = people.person_at(rng, org, role="hr")
    cand = people.en_person(rng) if en else people.ja_person(rng)
    _, to_addr = _freemail(rng, cand)
    if en:
        subject = rng.choice(
            (f"Opportunity at {org.short}", f"{org.short} is hiring - remote role", "Your profile")
        )
        body = [
            f"Hi {cand.given},",
            f"I'm {hr.given}, a recruiter at {org.name.rstrip('.')}. I came across your profile a"
            "nd wanted to"
            f" reach out about a remote {rng.choice(_APPLY_JOBS_EN)} role on our team.",
            "If you're open to a conversation, just reply to this email.",
            "Best,",
            people.signature(rng, hr, org),
        ]
    else:
        subject = rng.choice(
            (
                f"【{org.short}】採用担当よりご連絡",
                "弊社求人のご案内",
                f"{org.short}からのご連絡（採用）",
                "カジュアル面談のご案内",
            )
        )
        body = [
            f"{cand.full}様",
            "",
            "突然のご連絡失礼いたします。",
            f"{org.name} 人事部の{hr.family}と申します。",
            "転職サイトにてご経歴を拝見し、ご連絡いたしました。",
            f"弊社では現在、{rng.choice(_APPLY_JOBS_JA)}を募集しており、在宅勤務も可能です。",
            "ご興味がございましたら、ご返信いただけますと幸いです。",
            "",
            people.signature(rng, hr, org),
        ]
    return _Hn(subject, "\n".join(body) + "\n", (hr.full, hr.email), [("", to_addr)], "company")


def _hn_reply(rng: random.Random, en: bool, when: datetime) -> _Hn:
    freemail = rng.random() < 0.4
    them = people.en_person(rng) if en else people.ja_person(rng)
    if freemail:
        me = people.en_person(rng) if en else people.ja_person(rng)
        provider, addr = _freemail(rng, me)
        _, to_addr = _freemail(rng, them)
    else:
        org = people.company(rng, "en" if en else "ja")
        me = people.person_at(rng, org)
        addr, provider = me.email, "company"
        to_addr = people.person_at(rng, people.company(rng, "en" if en else "ja")).email
    topic = (
        rng.choice(("Meeting on Thursday", "Dinner plans", "Project update", "Your question"))
        if en
        else rng.choice(
            ("木曜日の打ち合わせ", "資料送付の件", "来週の予定", "ご質問の件", "飲み会の件")
        )
    )
    if en:
        body = [
            rng.choice(
                (
                    "Sounds good, see you then.",
                    "Thanks - got it.",
                    "Works for me. Talk soon.",
                    "Thanks for the update!",
                )
            ),
            me.given,
        ]
        orig = [
            rng.choice(
                (
                    "Does Thursday at 3 work for you?",
                    "Here's the latest version.",
                    "Let me know what you think.",
                )
            )
        ]
    else:
        body = [
            rng.choice(
                (
                    "承知いたしました。",
                    "ありがとうございます。確認しました。",
                    "了解です！",
                    "かしこまりました。当日はよろしくお願いいたします。",
                )
            ),
            rng.choice(("引き続きよろしくお願いいたします。", "", "またご連絡します。")),
            me.family,
        ]
        orig = [
            rng.choice(
                (
                    "木曜日15時でいかがでしょうか。",
                    "資料をお送りしますので、ご確認ください。",
                    "来週のご都合を教えてください。",
                )
            )
        ]
    reply_to_id, refs = _thread_ids(rng, when, to_addr, addr)
    text = (
        "\n".join(b for b in body if b)
        + "\n\n"
        + "\n".join(
            _quoted(rng, orig, them.full, to_addr, when - timedelta(hours=rng.randrange(1, 60)), en)
        )
        + "\n"
    )
    return _Hn(
        rng.choice(("Re: ", "RE: ")) + topic,
        text,
        (_name(me, en), addr),
        [("", to_addr)],
        provider,
        reply_to_id,
        refs,
    )


_HN_BUILDERS = {
    "hn_friend": _hn_friend,
    "hn_alumni": _hn_alumni,
    "hn_parents": _hn_parents,
    "hn_applicant": _hn_applicant,
    "hn_inquiry": _hn_inquiry,
    "hn_thread_reminder": _hn_thread_reminder,
    "hn_recruiting": _hn_recruiting,
    "hn_reply": _hn_reply,
}


def _one_negative(seed: int, kind: str, index: int) -> GeneratedMail:
    rng = random.Random(f"hard_negative/{seed}/{kind}/{index}")
    en = rng.random() < 0.25
    when = random_when(rng, office=kind in ("hn_thread_reminder", "hn_recruiting", "hn_applicant"))
    hn = _HN_BUILDERS[kind](rng, en, when)
    charset_family = rng.choice(("jis", "jis", "sjis_8bit", "utf8_b64", "utf8_8bit", "utf8_qp"))
    charset, transfer = CHARSETS.get(charset_family) or H.CHARSETS[charset_family]
    provider = hn.provider
    if provider == "company":
        by_name = {m.name: m for m in MAILERS}
        options = [
            m
            for m in MAILERS
            if m.kind == "person"
            and any((charset, transfer) in m.encodings[k] for k in ("ja", "en"))
            and m.name not in ("carrier", "yahoo-web")
        ]
        mailer = rng.choice(options or [by_name["thunderbird"]])
    else:
        mailer = _mailer_for(rng, provider, charset, transfer)
    subject = fit(hn.subject, charset)
    text = fit(hn.text, charset)
    html = None
    if "alt" in mailer.structures and (mailer.structures == ("alt",) or rng.random() < 0.3):
        html = fit(person_html(text, mailer.name, rng, "en" if en else "ja"), charset)
    raw = compose(
        rng=rng,
        mailer=mailer,
        charset=charset,
        transfer=transfer,
        sender=(fit(hn.sender[0], charset), hn.sender[1]),
        to=[(fit(n, charset), a) for n, a in hn.to],
        cc=list(hn.cc),
        subject=subject,
        date=when,
        text=text,
        html=html,
        in_reply_to=hn.in_reply_to,
        references=hn.references,
        attachments=hn.attachments,
    )
    family = {
        "kind": kind,
        "language": "en" if en else "ja",
        "charset": charset_family,
        "provider": provider,
        "thread": "reply" if hn.in_reply_to else "none",
        "mailer": mailer.name,
        "split": "dev",
    }
    return GeneratedMail(raw, "ham", kind, "en" if en else "ja", charset, family, subject, text)


def hard_negatives(
    n: int, seed: int = 0, kinds: Iterable[str] | None = None
) -> list[GeneratedMail]:
    """Generate ``n`` legitimate messages that resemble the attack (hard negatives).

    Parameters
    ----------
    n : int
        Number of messages, spread evenly over ``kinds``.
    seed : int, default 0
        Same seed, same messages (a message depends on the seed, its kind and its index
        within the kind, so choosing fewer kinds changes no other message).
    kinds : iterable of str, optional
        Names from :data:`HARD_NEGATIVE_KINDS` (default: all).

    Returns
    -------
    list of GeneratedMail
        ``label == "ham"``; ``kind`` is the hard-negative kind.

    Raises
    ------
    ValueError
        For an unknown kind.
    """
    names = list(HARD_NEGATIVE_KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [k for k in names if k not in HARD_NEGATIVE_KINDS]
    if unknown or not names:
        raise ValueError(f"unknown kind(s): {', '.join(unknown)}" if unknown else "no kinds given")
    return [_one_negative(seed, names[i % len(names)], i // len(names)) for i in range(n)]
