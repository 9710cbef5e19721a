"""Legitimate business and transactional mail, Japanese and English (issue 12).

The corpora hold no Japanese business ham, so a model trained on them learns that
commerce means phishing.  This module writes the mail a Japanese (or English-speaking)
office and household really receive: invoices and quotations between companies,
orders, shipping and delivery notices from shops and carriers, card, bank and utility
notices, account mail (resets the user asked for, login alerts, codes), newsletters
with an unsubscribe link, internal notices, hiring, travel and school mail.

Real brands (every brand of ``brands.toml``) send from their own domains and link only
to them (see :mod:`spamkit.synthetic.brands`); other senders are invented companies.

Honest evaluation
-----------------
:data:`HELDOUT_KINDS` (11 of the 54 kinds, 20 %, each in both languages) are to
be left out of training when measuring: the false-positive rate on them tells whether
a model learned business mail in general or these templates.  Their messages carry
``family["split"] == "heldout"``.  Kinds share greetings, closings, signatures and
layouts (drawn from :mod:`.phrases`, :mod:`.people`, :mod:`.render`), so a held-out
kind is new in topic and template, not in general business language.

Examples
--------
>>> from spamkit.synthetic import business
>>> mails = business.generate(60, seed=1)
>>> len(mails), mails[0].label
(60, 'ham')
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import _kinds_account as acc
from . import _kinds_commerce as com
from . import _kinds_life as life
from . import _kinds_money as money
from . import _kinds_office as off
from ._context import Ctx, Draft, finish
from ._mail import GeneratedMail

__all__ = ["HELDOUT_KINDS", "KINDS", "Kind", "generate"]


@dataclass(frozen=True)
class Kind:
    """One kind of legitimate mail: its template and the languages it is written in."""

    name: str
    template: Callable[[Ctx], Draft]
    languages: tuple[str, ...]
    description: str
    office: bool = True  # sent in office hours (people) rather than at any hour (systems)
    ja_share: float = 0.65


_BOTH = ("ja", "en")

#: Every kind, by name.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        # between companies
        Kind(
            "invoice", off.invoice, _BOTH, "請求書送付: an invoice sent by a supplier, PDF attached"
        ),
        Kind("quotation", off.quotation, _BOTH, "見積書送付: a quotation, PDF attached"),
        Kind(
            "purchase_order", off.purchase_order, _BOTH, "発注: a purchase order sent to a supplier"
        ),
        Kind(
            "payment_reminder",
            off.payment_reminder,
            _BOTH,
            "入金確認: a supplier asks about an unpaid invoice",
        ),
        Kind(
            "meeting_scheduling", off.meeting_scheduling, _BOTH, "日程調整: candidate meeting slots"
        ),
        Kind("minutes", off.minutes, _BOTH, "議事録: minutes of a meeting"),
        Kind(
            "thanks_after_meeting", off.thanks_after_meeting, _BOTH, "お礼: thanks after a meeting"
        ),
        Kind(
            "personnel_greeting",
            off.personnel_greeting,
            _BOTH,
            "異動・着任のご挨拶: a change of contact",
        ),
        Kind(
            "holiday_closure",
            off.holiday_closure,
            _BOTH,
            "休業のお知らせ: a supplier's holiday closure",
        ),
        Kind("price_revision", off.price_revision, _BOTH, "価格改定: a supplier's price revision"),
        Kind(
            "contract_renewal", off.contract_renewal, _BOTH, "契約更新: renewal of a B2B contract"
        ),
        # inside the company
        Kind(
            "health_checkup",
            off.health_checkup,
            _BOTH,
            "健康診断: the annual health check (internal)",
        ),
        Kind(
            "year_end_adjustment",
            off.year_end_adjustment,
            _BOTH,
            "年末調整: year-end tax forms (internal)",
            ja_share=0.8,
        ),
        Kind(
            "system_maintenance",
            off.system_maintenance,
            _BOTH,
            "社内システム停止: internal IT downtime",
        ),
        # shops, marketplaces, carriers
        Kind(
            "order_confirmation",
            com.order_confirmation,
            _BOTH,
            "注文確認: a shop confirms an order",
            office=False,
        ),
        Kind(
            "shipping_notice",
            com.shipping_notice,
            _BOTH,
            "発送のお知らせ: a shop ships an order",
            office=False,
        ),
        Kind(
            "delivery_absence",
            com.delivery_absence,
            _BOTH,
            "ご不在連絡: the carrier itself missed the recipient",
            office=False,
        ),
        Kind(
            "delivery_scheduled",
            com.delivery_scheduled,
            _BOTH,
            "お届け予定: the carrier announces a delivery",
            office=False,
        ),
        Kind(
            "marketplace_sold",
            com.marketplace_sold,
            _BOTH,
            "商品が購入されました: a marketplace sale",
            office=False,
        ),
        Kind(
            "refund_processed", com.refund_processed, _BOTH, "返金: a refund was made", office=False
        ),
        Kind(
            "receipt",
            com.receipt,
            _BOTH,
            "領収書: a receipt for a purchase or subscription",
            office=False,
        ),
        Kind(
            "sale_promotion",
            com.sale_promotion,
            _BOTH,
            "セール: a real shop's promotion, with 配信停止",
            office=False,
        ),
        Kind(
            "newsletter",
            com.newsletter,
            _BOTH,
            "メールマガジン: a newsletter with 配信停止",
            office=False,
        ),
        Kind(
            "points_expiring",
            com.points_expiring,
            _BOTH,
            "ポイント失効: points about to expire",
            office=False,
        ),
        # accounts and services
        Kind(
            "password_reset",
            acc.password_reset,
            _BOTH,
            "パスワード再設定: a reset the user requested",
            office=False,
        ),
        Kind(
            "new_login",
            acc.new_login,
            _BOTH,
            "ログイン通知: a new-device sign-in alert",
            office=False,
        ),
        Kind(
            "one_time_code", acc.one_time_code, _BOTH, "認証コード: a one-time code", office=False
        ),
        Kind("welcome", acc.welcome, _BOTH, "会員登録完了: welcome after sign-up", office=False),
        Kind(
            "address_verification",
            acc.address_verification,
            _BOTH,
            "メールアドレス確認: confirm a sign-up",
            office=False,
        ),
        Kind(
            "account_change",
            acc.account_change,
            _BOTH,
            "登録情報変更: account details were changed",
            office=False,
        ),
        Kind(
            "payment_method_update",
            acc.payment_method_update,
            _BOTH,
            "お支払い方法の更新: card expiring or payment failed",
            office=False,
        ),
        Kind(
            "subscription_renewal",
            acc.subscription_renewal,
            _BOTH,
            "自動更新: a SaaS subscription renews",
            office=False,
        ),
        Kind(
            "service_maintenance",
            acc.service_maintenance,
            _BOTH,
            "メンテナンス: a bank or service's planned downtime",
            office=False,
        ),
        Kind("support_reply", acc.support_reply, _BOTH, "お問い合わせ回答: a support ticket reply"),
        Kind(
            "survey_request",
            acc.survey_request,
            _BOTH,
            "アンケート: a customer survey",
            office=False,
        ),
        Kind(
            "event_registration",
            acc.event_registration,
            _BOTH,
            "セミナー申込受付: event registration",
        ),
        # money
        Kind(
            "card_usage",
            money.card_usage,
            _BOTH,
            "カードご利用のお知らせ: from the issuer's own domain",
            office=False,
        ),
        Kind(
            "card_statement",
            money.card_statement,
            _BOTH,
            "ご請求金額確定: a card statement is ready",
            office=False,
        ),
        Kind(
            "bank_transfer",
            money.bank_transfer,
            _BOTH,
            "振込・入金のお知らせ: a bank transfer or deposit",
            office=False,
        ),
        Kind(
            "direct_debit",
            money.direct_debit,
            _BOTH,
            "口座振替: an automatic debit is coming",
            office=False,
        ),
        Kind(
            "electricity_bill",
            money.electricity_bill,
            _BOTH,
            "電気料金: an electricity bill",
            office=False,
        ),
        Kind("gas_bill", money.gas_bill, _BOTH, "ガス料金: a gas bill", office=False),
        Kind("water_bill", money.water_bill, _BOTH, "水道料金: a water bill", office=False),
        Kind("telco_bill", money.telco_bill, _BOTH, "携帯料金: a telco bill", office=False),
        Kind(
            "etc_usage",
            money.etc_usage,
            ("ja",),
            "ETC利用明細: toll road usage",
            office=False,
            ja_share=1.0,
        ),
        Kind(
            "insurance_renewal",
            money.insurance_renewal,
            _BOTH,
            "保険更新: an insurance policy renews",
            office=False,
        ),
        Kind(
            "government_notice",
            money.government_notice,
            _BOTH,
            "自治体のお知らせ: a city's tax, e-application or disaster mail",
            office=False,
        ),
        # hiring, travel, school
        Kind(
            "interview_invitation",
            life.interview_invitation,
            _BOTH,
            "面接のご案内: an interview invitation",
        ),
        Kind(
            "application_autoreply",
            life.application_autoreply,
            _BOTH,
            "応募受付: an application auto-reply",
            office=False,
        ),
        Kind(
            "recruiting_scout",
            life.recruiting_scout,
            _BOTH,
            "スカウト: a job site's scout mail",
            office=False,
        ),
        Kind(
            "hotel_booking",
            life.hotel_booking,
            _BOTH,
            "宿泊予約: a hotel booking confirmation",
            office=False,
        ),
        Kind(
            "flight_eticket",
            life.flight_eticket,
            _BOTH,
            "eチケット: a flight booking",
            office=False,
        ),
        Kind(
            "train_reservation",
            life.train_reservation,
            _BOTH,
            "新幹線予約: a train reservation (えきねっと, e5489)",
            office=False,
            ja_share=0.85,
        ),
        Kind(
            "school_notice",
            life.school_notice,
            _BOTH,
            "学校・PTA: a school's notice to parents",
            ja_share=0.8,
        ),
    )
}

#: Kinds left out of training when measuring the false-positive rate on unseen kinds
#: (11 of 54, both languages; chosen across every group of KINDS, 2026-11-29).
HELDOUT_KINDS: frozenset[str] = frozenset(
    {
        "purchase_order",  # between companies
        "minutes",
        "holiday_closure",
        "refund_processed",  # shops
        "points_expiring",
        "account_change",  # accounts
        "support_reply",
        "gas_bill",  # money
        "insurance_renewal",
        "interview_invitation",  # hiring and travel
        "hotel_booking",
    }
)


def _plan(n: int, kinds: Sequence[str]) -> list[tuple[str, int]]:
    """(kind, index within kind) for ``n`` messages, the kinds taken in turn, so that any
    prefix of the list is spread evenly over ``kinds``."""
    return [(kinds[i % len(kinds)], i // len(kinds)) for i in range(n)]


def generate(
    n: int,
    seed: int = 0,
    kinds: Iterable[str] | None = None,
    exclude_kinds: Iterable[str] = (),
) -> list[GeneratedMail]:
    """Generate ``n`` legitimate messages, spread evenly over ``kinds``.

    Parameters
    ----------
    n : int
        Number of messages.
    seed : int, default 0
        Same seed, same messages.  Each message has its own random source derived from
        the seed, its kind and its index, so leaving a kind out changes no other kind.
    kinds : iterable of str, optional
        Names from :data:`KINDS` (default: all, in table order).
    exclude_kinds : iterable of str
        Kinds to leave out (e.g. :data:`HELDOUT_KINDS` for a training set).

    Returns
    -------
    list of GeneratedMail
        ``label == "ham"``; ``family`` holds ``kind``, ``sender``
        (``brand:<key>``, ``company``, ``person`` or ``internal``), ``mailer``,
        ``structure`` and ``split``.

    Raises
    ------
    ValueError
        For an unknown kind name, or when no kind is left.
    """
    names = list(KINDS) if kinds is None else list(dict.fromkeys(kinds))
    unknown = [k for k in [*names, *exclude_kinds] if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
    drop = set(exclude_kinds)
    names = [k for k in names if k not in drop]
    if not names:
        raise ValueError("no kinds left to generate")
    out = []
    for name, index in _plan(n, names):
        out.append(_one(KINDS[name], seed, index))
    return out


def _one(kind: Kind, seed: int, index: int) -> GeneratedMail:
    rng = random.Random(f"business/{seed}/{kind.name}/{index}")
    language = "ja" if ("en" not in kind.languages or rng.random() < kind.ja_share) else "en"
    c = Ctx(rng, language, kind.name, office=kind.office)
    draft = kind.template(c)
    split = "heldout" if kind.name in HELDOUT_KINDS else "dev"
    return finish(c, draft, family={"kind": kind.name, "split": split})
