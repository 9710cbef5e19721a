"""The real senders behind every brand of ``brands.toml``, for legitimate mail.

Phishing names a brand and mails from elsewhere; the brand's own mail comes from its
own domains and links only to them (and to neutral ones such as app stores).  Each
:class:`BrandSender` is one mailing department of a brand (楽天カード, 楽天銀行, 楽天
トラベル are three): its display names, the mailboxes it sends from, the hosts its links
point at, the kinds of mail it sends and the words it uses for its own products.

Every host here must lie under one of the brand's ``domains`` in ``brands.toml``
(``tests/test_synthetic.py`` checks it), so a generated message never names a real
company's address that the table does not list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..datafiles import data_toml

__all__ = ["BRAND_SENDERS", "BrandSender", "brand_table", "senders_for"]


@lru_cache(maxsize=1)
def brand_table() -> dict[str, Any]:
    """The brand table (``spamkit/data/brands.toml``), parsed by the shared data loader."""
    return data_toml("brands.toml")


@dataclass(frozen=True)
class BrandSender:
    """One mailing department of a real brand."""

    brand: str  # key in brands.toml
    names: tuple[str, ...]  # display names (Japanese mail)
    addresses: tuple[str, ...]
    hosts: tuple[str, ...]  # link hosts
    kinds: tuple[str, ...]
    legal: str  # footer company name
    words: dict[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ("ja",)
    names_en: tuple[str, ...] = ()
    color: str = ""


def _split(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split("|") if x.strip())


def _s(
    brand: str, names: str, addresses: str, hosts: str, kinds: str, legal: str, **kw: Any
) -> BrandSender:
    words = kw.pop("words", {})
    langs = _split(kw.pop("languages", "ja"))
    names_en = _split(kw.pop("names_en", ""))
    return BrandSender(
        brand,
        _split(names),
        _split(addresses),
        _split(hosts),
        _split(kinds),
        legal,
        words,
        langs,
        names_en,
        **kw,
    )


BRAND_SENDERS: tuple[BrandSender, ...] = (
    # --- shops and marketplaces ------------------------------------------------------------
    _s(
        "amazon",
        "Amazon.co.jp|Amazon.co.jp|Amazon",
        "auto-confirm@amazon.co.jp|order-update@amazon.co.jp|shipment-tracking@amazon.co.jp|no-re"
        "ply@amazon.co.jp",
        "www.amazon.co.jp",
        "order_confirmation|shipping_notice|refund_processed|receipt",
        "Amazon.com, Inc. or its affiliates",
        words={
            "service": "Amazon.co.jp",
            "points": "Amazonポイント",
            "member": "Amazonプライム",
            "account": "アカウントサービス",
        },
        color="#232f3e",
    ),
    _s(
        "amazon",
        "Amazon.co.jp|Amazon",
        "account-update@amazon.co.jp|no-reply@amazon.co.jp|payments-messages@amazon.co.jp|digital"
        "-no-reply@amazon.co.jp",
        "www.amazon.co.jp",
        "password_reset|one_time_code|new_login|subscription_renewal|payment_method_update|accoun"
        "t_change",
        "Amazon.com, Inc. or its affiliates",
        words={
            "service": "Amazon",
            "member": "Amazonプライム",
            "plan": "Amazonプライム",
            "account": "Amazonアカウント",
        },
        languages="ja|en",
        names_en="Amazon.com|Amazon",
        color="#232f3e",
    ),
    _s(
        "amazon",
        "Amazon.com",
        "auto-confirm@amazon.com|shipment-tracking@amazon.com|order-update@amazon.com",
        "www.amazon.com",
        "order_confirmation|shipping_notice|refund_processed",
        "Amazon.com, Inc. or its affiliates",
        languages="en",
        names_en="Amazon.com|Amazon",
        words={"service": "Amazon"},
    ),
    _s(
        "rakuten",
        "楽天市場|楽天市場 ご注文確認|楽天市場",
        "order@rakuten.co.jp|info@rakuten.co.jp|shop-info@mail.rakuten.co.jp",
        "www.rakuten.co.jp|event.rakuten.co.jp|order.my.rakuten.co.jp",
        "order_confirmation|shipping_notice|sale_promotion|newsletter|refund_processed",
        "楽天グループ株式会社",
        words={"service": "楽天市場", "points": "楽天ポイント", "member": "楽天会員"},
        color="#bf0000",
    ),
    _s(
        "rakuten",
        "楽天カード|楽天カード株式会社",
        "info@mail.rakuten-card.co.jp|service@rakuten-card.co.jp",
        "www.rakuten-card.co.jp",
        "card_usage|card_statement|new_login|points_expiring|payment_method_update",
        "楽天カード株式会社",
        words={
            "card": "楽天カード",
            "member": "楽天e-NAVI",
            "points": "楽天ポイント",
            "app": "楽天カードアプリ",
        },
        color="#bf0000",
    ),
    _s(
        "rakuten",
        "楽天銀行",
        "service@ac.rakuten-bank.co.jp|info@rakuten-bank.co.jp",
        "www.rakuten-bank.co.jp|fes.rakuten-bank.co.jp",
        "bank_transfer|one_time_code|service_maintenance|new_login",
        "楽天銀行株式会社",
        words={"bank": "楽天銀行", "app": "楽天銀行アプリ"},
        color="#bf0000",
    ),
    _s(
        "rakuten",
        "楽天トラベル",
        "travel@mail.travel.rakuten.co.jp|info@travel.rakuten.co.jp",
        "travel.rakuten.co.jp",
        "hotel_booking|points_expiring",
        "楽天グループ株式会社",
        words={"service": "楽天トラベル", "points": "楽天ポイント"},
        color="#bf0000",
    ),
    _s(
        "rakuten",
        "楽天ラクマ",
        "no-reply@fril.jp|info@fril.jp",
        "fril.jp|item.fril.jp",
        "marketplace_sold|account_change",
        "楽天グループ株式会社",
        words={"service": "楽天ラクマ"},
    ),
    _s(
        "rakuten",
        "楽天会員サポート|楽天",
        "member@rakuten.co.jp|no-reply@rakuten.co.jp",
        "member.id.rakuten.co.jp|www.rakuten.co.jp",
        "password_reset|one_time_code|account_change|welcome",
        "楽天グループ株式会社",
        words={"service": "楽天", "member": "楽天会員", "account": "楽天会員情報"},
    ),
    _s(
        "mercari",
        "メルカリ|メルカリ事務局",
        "no-reply@mercari.jp|info@mercari.jp|notice@mercari.jp",
        "jp.mercari.com|www.mercari.com|help.jp.mercari.com",
        "marketplace_sold|order_confirmation|one_time_code|points_expiring|new_login|account_chan"
        "ge",
        "株式会社メルカリ",
        words={"service": "メルカリ", "points": "メルカリポイント", "app": "メルカリアプリ"},
        color="#ff0211",
    ),
    _s(
        "mercari",
        "メルペイ",
        "no-reply@merpay.com|info@merpay.com",
        "www.merpay.com|jp.mercari.com",
        "card_usage|card_statement|one_time_code",
        "株式会社メルペイ",
        words={"card": "メルカード", "service": "メルペイ"},
    ),
    _s(
        "yodobashi",
        "ヨドバシ・ドット・コム|ヨドバシカメラ",
        "thanks_gochuumon@yodobashi.com|info@yodobashi.com|mail@yodobashi.com",
        "www.yodobashi.com|order.yodobashi.com",
        "order_confirmation|shipping_notice|points_expiring|sale_promotion|welcome",
        "株式会社ヨドバシカメラ",
        words={"service": "ヨドバシ・ドット・コム", "points": "ゴールドポイント"},
        color="#c40018",
    ),
    _s(
        "micard",
        "三越伊勢丹オンラインストア|三越伊勢丹",
        "info@mistore.jp|order@mistore.jp",
        "www.mistore.jp|www.isetan.co.jp|www.mitsukoshi.co.jp",
        "order_confirmation|shipping_notice|sale_promotion|newsletter",
        "株式会社三越伊勢丹",
        words={"service": "三越伊勢丹オンラインストア", "points": "エムアイポイント"},
    ),
    _s(
        "micard",
        "エムアイカード",
        "info@micard.co.jp|service@micard.co.jp",
        "www.micard.co.jp",
        "card_usage|card_statement|points_expiring",
        "株式会社エムアイカード",
        words={
            "card": "エムアイカード",
            "member": "エムアイカード会員専用サイト",
            "points": "エムアイポイント",
        },
    ),
    _s(
        "ebay",
        "eBay",
        "ebay@ebay.com|ebay@ebay.co.jp|members@ebay.com",
        "www.ebay.com|signin.ebay.com",
        "marketplace_sold|order_confirmation|shipping_notice|refund_processed|new_login",
        "eBay Inc.",
        languages="en|ja",
        names_en="eBay",
        words={"service": "eBay"},
    ),
    _s(
        "aeon",
        "イオンカード|イオンクレジットサービス",
        "info@aeon.co.jp|aeoncard@mail.aeon.co.jp",
        "www.aeon.co.jp|www.aeon.jp",
        "card_usage|card_statement|points_expiring|new_login",
        "イオンフィナンシャルサービス株式会社",
        words={
            "card": "イオンカード",
            "member": "暮らしのマネーサイト",
            "points": "WAON POINT",
            "app": "イオンウォレット",
        },
    ),
    _s(
        "aeon",
        "イオン銀行",
        "info@aeonbank.co.jp|service@aeonbank.co.jp",
        "www.aeonbank.co.jp",
        "bank_transfer|service_maintenance|one_time_code",
        "株式会社イオン銀行",
        words={"bank": "イオン銀行"},
    ),
    _s(
        "aeon",
        "イオンネットスーパー|イオンスタイルオンライン",
        "order@aeonnetshop.com|info@aeonnetshop.com",
        "www.aeonnetshop.com",
        "order_confirmation|sale_promotion|newsletter",
        "イオンリテール株式会社",
        words={"service": "イオンネットスーパー", "points": "WAON POINT"},
    ),
    # --- cards and banks -------------------------------------------------------------------
    _s(
        "smbc",
        "三井住友カード|Vpass",
        "statement@vpass.ne.jp|mail@vpass.ne.jp|info@smbc-card.com",
        "www.smbc-card.com|www.vpass.ne.jp",
        "card_usage|card_statement|new_login|one_time_code|points_expiring",
        "三井住友カード株式会社",
        words={
            "card": "三井住友カード",
            "member": "Vpass",
            "points": "Vポイント",
            "app": "Vpassアプリ",
        },
        color="#004831",
    ),
    _s(
        "smbc",
        "三井住友銀行",
        "info@dir.smbc.co.jp|olive@olive.smbc.co.jp|service@smbc.co.jp",
        "www.smbc.co.jp|direct.smbc.co.jp|olive.smbc.co.jp",
        "bank_transfer|new_login|service_maintenance|one_time_code|account_change",
        "株式会社三井住友銀行",
        words={"bank": "三井住友銀行", "member": "SMBCダイレクト", "app": "三井住友銀行アプリ"},
        color="#004831",
    ),
    _s(
        "jcb",
        "MyJCB|JCB",
        "mail@qa.jcb.co.jp|info@jcb.co.jp|myjcb@jcb.co.jp",
        "my.jcb.co.jp|www.jcb.co.jp",
        "card_usage|card_statement|points_expiring|new_login|one_time_code",
        "株式会社ジェーシービー",
        words={
            "card": "JCBカード",
            "member": "MyJCB",
            "points": "Oki Dokiポイント",
            "app": "MyJCBアプリ",
        },
        color="#0e4c92",
    ),
    _s(
        "mufg",
        "三菱UFJニコス|MUFGカード",
        "info@cr.mufg.jp|mufgcard@cr.mufg.jp|info@nicos.co.jp",
        "www.cr.mufg.jp|www.nicos.co.jp",
        "card_usage|card_statement|points_expiring",
        "三菱UFJニコス株式会社",
        words={
            "card": "MUFGカード",
            "member": "会員専用WEBサービス",
            "points": "グローバルポイント",
        },
    ),
    _s(
        "mufg",
        "三菱UFJ銀行",
        "info@bk.mufg.jp|direct@bk.mufg.jp",
        "www.bk.mufg.jp|direct.bk.mufg.jp",
        "bank_transfer|new_login|service_maintenance|one_time_code",
        "株式会社三菱UFJ銀行",
        words={"bank": "三菱UFJ銀行", "member": "三菱UFJダイレクト"},
    ),
    _s(
        "mizuho",
        "みずほ銀行",
        "info@mizuhobank.co.jp|direct@mizuhobank.co.jp",
        "www.mizuhobank.co.jp",
        "bank_transfer|new_login|service_maintenance|one_time_code|account_change",
        "株式会社みずほ銀行",
        words={"bank": "みずほ銀行", "member": "みずほダイレクト", "app": "みずほダイレクトアプリ"},
    ),
    _s(
        "resona",
        "りそな銀行|りそなグループ",
        "info@resonabank.co.jp|direct@resonabank.co.jp",
        "www.resonabank.co.jp",
        "bank_transfer|service_maintenance|new_login|one_time_code",
        "株式会社りそな銀行",
        words={"bank": "りそな銀行", "member": "りそなマイゲート", "app": "りそなグループアプリ"},
    ),
    _s(
        "japanpost",
        "ゆうちょ銀行",
        "info@jp-bank.japanpost.jp|direct@jp-bank.japanpost.jp",
        "www.jp-bank.japanpost.jp",
        "bank_transfer|service_maintenance|one_time_code",
        "株式会社ゆうちょ銀行",
        words={"bank": "ゆうちょ銀行", "member": "ゆうちょダイレクト", "app": "ゆうちょ通帳アプリ"},
    ),
    _s(
        "japanpost",
        "日本郵便|郵便局",
        "info@post.japanpost.jp|noreply@trackings.post.japanpost.jp",
        "www.post.japanpost.jp|trackings.post.japanpost.jp",
        "delivery_absence|delivery_scheduled|shipping_notice",
        "日本郵便株式会社",
        words={"carrier": "日本郵便", "service": "ゆうパック"},
    ),
    _s(
        "epos",
        "エポスカード",
        "info@eposcard.co.jp|mail@eposcard.co.jp",
        "www.eposcard.co.jp",
        "card_usage|card_statement|points_expiring|new_login",
        "株式会社エポスカード",
        words={
            "card": "エポスカード",
            "member": "エポスNet",
            "points": "エポスポイント",
            "app": "エポスカード公式アプリ",
        },
    ),
    _s(
        "jaccs",
        "ジャックス|JACCS",
        "info@jaccs.co.jp|mail@jaccs.co.jp",
        "www.jaccs.co.jp",
        "card_usage|card_statement|points_expiring",
        "株式会社ジャックス",
        words={"card": "ジャックスカード", "member": "JACCSモバイル", "points": "ラブリィポイント"},
    ),
    _s(
        "saison",
        "セゾンカード|クレディセゾン|UCカード",
        "info@saisoncard.co.jp|mail@uccard.co.jp|info@saison.co.jp",
        "www.saisoncard.co.jp|www.uccard.co.jp",
        "card_usage|card_statement|points_expiring|new_login",
        "株式会社クレディセゾン",
        words={
            "card": "セゾンカード",
            "member": "Netアンサー",
            "points": "永久不滅ポイント",
            "app": "セゾンPortal",
        },
    ),
    _s(
        "view",
        "ビューカード|VIEW's NET",
        "info@viewsnet.jp|mail@viewsnet.jp",
        "www.jreast.co.jp|www.viewsnet.jp",
        "card_usage|card_statement|points_expiring",
        "株式会社ビューカード",
        words={"card": "ビューカード", "member": "VIEW's NET", "points": "JRE POINT"},
    ),
    _s(
        "view",
        "えきねっと|JR東日本",
        "info@eki-net.com|reserve@eki-net.com",
        "www.eki-net.com|www.jreast.co.jp",
        "train_reservation|account_change|points_expiring",
        "東日本旅客鉄道株式会社",
        words={"service": "えきねっと", "points": "JRE POINT"},
        languages="ja|en",
        names_en="JR-EAST Train Reservation|Eki-net",
    ),
    _s(
        "jrwest",
        "JRおでかけネット|e5489|JR西日本",
        "info@jr-odekake.net|e5489@jr-odekake.net|info@westjr.co.jp",
        "e5489.jr-odekake.net|www.jr-odekake.net|www.westjr.co.jp",
        "train_reservation|account_change",
        "西日本旅客鉄道株式会社",
        words={"service": "e5489", "member": "J-WESTネット会員"},
        languages="ja|en",
        names_en="JR-WEST Online Train Reservation",
    ),
    _s(
        "paypay",
        "PayPay銀行",
        "info@paypay-bank.co.jp|service@paypay-bank.co.jp",
        "www.paypay-bank.co.jp",
        "bank_transfer|one_time_code|service_maintenance|new_login",
        "PayPay銀行株式会社",
        words={"bank": "PayPay銀行", "app": "PayPay銀行アプリ"},
    ),
    _s(
        "paypay",
        "PayPayカード",
        "info@paypay-card.co.jp|mail@paypay-card.co.jp",
        "www.paypay-card.co.jp",
        "card_usage|card_statement",
        "PayPayカード株式会社",
        words={"card": "PayPayカード", "points": "PayPayポイント", "app": "PayPayアプリ"},
    ),
    _s(
        "paypay",
        "PayPay",
        "no-reply@paypay.ne.jp|info@paypay.ne.jp",
        "paypay.ne.jp|www.paypay.ne.jp",
        "one_time_code|new_login|points_expiring|receipt|sale_promotion",
        "PayPay株式会社",
        words={"service": "PayPay", "points": "PayPayポイント", "app": "PayPayアプリ"},
    ),
    _s(
        "amex",
        "アメリカン・エキスプレス|American Express",
        "americanexpress@welcome.americanexpress.co.jp|info@americanexpress.co.jp",
        "www.americanexpress.co.jp",
        "card_usage|card_statement|points_expiring",
        "アメリカン・エキスプレス・インターナショナル, Inc.",
        words={
            "card": "アメリカン・エキスプレス・カード",
            "member": "オンライン・サービス",
            "points": "メンバーシップ・リワード",
        },
    ),
    _s(
        "amex",
        "American Express",
        "AmericanExpress@welcome.aexp.com|DoNotReplyUS@welcome.aexp.com",
        "www.americanexpress.com|global.americanexpress.com",
        "card_usage|card_statement|new_login|one_time_code",
        "American Express",
        languages="en",
        names_en="American Express",
    ),
    _s(
        "visa",
        "Visa",
        "info@visa.co.jp|campaign@visa.co.jp",
        "www.visa.co.jp",
        "sale_promotion|newsletter",
        "ビザ・ワールドワイド・ジャパン株式会社",
        words={"service": "Visa", "card": "Visaカード"},
    ),
    _s(
        "visa",
        "Visa",
        "news@visa.com|no-reply@visa.com",
        "www.visa.com|usa.visa.com",
        "newsletter|sale_promotion",
        "Visa Inc.",
        languages="en",
        names_en="Visa",
    ),
    _s(
        "mastercard",
        "Mastercard|Priceless Japan",
        "info@mastercard.co.jp|priceless@mastercard.co.jp",
        "www.mastercard.co.jp|priceless.mastercard.co.jp",
        "sale_promotion|newsletter",
        "マスターカード・ジャパン株式会社",
        words={"service": "Mastercard"},
    ),
    _s(
        "mastercard",
        "Mastercard",
        "no-reply@mastercard.com|priceless@mastercard.com",
        "www.mastercard.com|priceless.mastercard.com",
        "newsletter|sale_promotion",
        "Mastercard",
        languages="en",
        names_en="Mastercard|Priceless Specials",
    ),
    _s(
        "etc",
        "ETC利用照会サービス",
        "info@etc-meisai.jp|noreply@etc-meisai.jp",
        "www.etc-meisai.jp",
        "etc_usage|account_change|password_reset",
        "ETC利用照会サービス事務局",
        words={"service": "ETC利用照会サービス"},
    ),
    _s(
        "etc",
        "ETCマイレージサービス",
        "info@etc-mileage.jp|mail@smile-etc.jp",
        "www.smile-etc.jp|www.etc-mileage.jp",
        "points_expiring|etc_usage",
        "ETCマイレージサービス事務局",
        words={"service": "ETCマイレージサービス", "points": "ポイント"},
    ),
    # --- carriers ------------------------------------------------------------------------------
    _s(
        "yamato",
        "ヤマト運輸|クロネコメンバーズ",
        "mail@kuronekoyamato.co.jp|info@kuronekoyamato.co.jp|noreply@kuronekoyamato.co.jp",
        "www.kuronekoyamato.co.jp|member.kms.kuronekoyamato.co.jp|toi.kuronekoyamato.co.jp",
        "delivery_absence|delivery_scheduled|shipping_notice",
        "ヤマト運輸株式会社",
        words={"carrier": "ヤマト運輸", "member": "クロネコメンバーズ", "service": "宅急便"},
    ),
    _s(
        "sagawa",
        "佐川急便|佐川急便 スマートクラブ",
        "info@sagawa-exp.co.jp|smart-club@sagawa-exp.co.jp|noreply@sagawa-exp.co.jp",
        "www.sagawa-exp.co.jp|k2k.sagawa-exp.co.jp|www.e-service.sagawa-exp.co.jp",
        "delivery_absence|delivery_scheduled|shipping_notice",
        "佐川急便株式会社",
        words={"carrier": "佐川急便", "member": "スマートクラブ", "service": "飛脚宅配便"},
    ),
    _s(
        "dhl",
        "DHL Express|DHLジャパン",
        "noreply@dhl.com|info@dhl.co.jp",
        "www.dhl.com|mydhl.express.dhl.co.jp|www.dhl.co.jp",
        "delivery_scheduled|delivery_absence|shipping_notice",
        "DHL Japan, Inc.",
        words={"carrier": "DHL"},
        languages="ja|en",
        names_en="DHL Express|DHL On Demand Delivery",
    ),
    _s(
        "fedex",
        "FedEx",
        "TrackingUpdates@fedex.com|noreply@fedex.com",
        "www.fedex.com",
        "delivery_scheduled|delivery_absence|shipping_notice",
        "FedEx",
        words={"carrier": "FedEx"},
        languages="en|ja",
        names_en="FedEx|FedEx Delivery Manager",
    ),
    _s(
        "ups",
        "UPS",
        "mcinfo@ups.com|pkginfo@ups.com",
        "www.ups.com",
        "delivery_scheduled|delivery_absence|shipping_notice",
        "United Parcel Service of America, Inc.",
        words={"carrier": "UPS"},
        languages="en|ja",
        names_en="UPS|UPS My Choice",
    ),
    # --- telcos, broadcaster ---------------------------------------------------------------------
    _s(
        "docomo",
        "NTTドコモ|ドコモ|dアカウント",
        "info@docomo.ne.jp|mail@mail.docomo.ne.jp|daccount@docomo.ne.jp",
        "www.docomo.ne.jp|id.smt.docomo.ne.jp|dcard.docomo.ne.jp",
        "telco_bill|points_expiring|one_time_code|new_login|account_change",
        "株式会社NTTドコモ",
        words={
            "telco": "ドコモ",
            "points": "dポイント",
            "member": "My docomo",
            "account": "dアカウント",
            "app": "My docomoアプリ",
        },
        color="#cc0033",
    ),
    _s(
        "docomo",
        "dカード",
        "info@dcard.docomo.ne.jp|mail@dcard.docomo.ne.jp",
        "dcard.docomo.ne.jp",
        "card_usage|card_statement",
        "株式会社NTTドコモ",
        words={"card": "dカード", "points": "dポイント", "app": "dカードアプリ"},
    ),
    _s(
        "au",
        "au|KDDI",
        "info@au.com|mail@auone.jp|support@kddi.com",
        "www.au.com|my.au.com|id.auone.jp",
        "telco_bill|one_time_code|new_login|points_expiring|electricity_bill",
        "KDDI株式会社",
        words={
            "telco": "au",
            "points": "Pontaポイント",
            "member": "My au",
            "account": "au ID",
            "app": "My auアプリ",
            "power": "auでんき",
        },
    ),
    _s(
        "au",
        "au PAY カード|auじぶん銀行",
        "info@aupay.wallet.auone.jp|info@jibunbank.co.jp",
        "aupay.wallet.auone.jp|www.jibunbank.co.jp",
        "card_usage|card_statement|bank_transfer",
        "auフィナンシャルサービス株式会社",
        words={"card": "au PAY カード", "bank": "auじぶん銀行", "points": "Pontaポイント"},
    ),
    _s(
        "softbank",
        "ソフトバンク|SoftBank",
        "info@softbank.jp|mysoftbank@softbank.jp|info@ymobile.jp",
        "www.softbank.jp|my.softbank.jp|www.ymobile.jp",
        "telco_bill|one_time_code|account_change|electricity_bill",
        "ソフトバンク株式会社",
        words={
            "telco": "ソフトバンク",
            "member": "My SoftBank",
            "account": "SoftBank ID",
            "power": "ソフトバンクでんき",
        },
    ),
    _s(
        "line",
        "LINE|LINEヤフー",
        "no-reply@line.me|dl_noreply@linecorp.com|info@lycorp.co.jp",
        "line.me|www.lycorp.co.jp|help.line.me",
        "new_login|one_time_code|account_change|subscription_renewal",
        "LINEヤフー株式会社",
        words={"service": "LINE", "account": "LINEアカウント", "plan": "LYPプレミアム"},
        languages="ja|en",
        names_en="LINE",
    ),
    _s(
        "nhk",
        "NHK|NHK受信料窓口|NHKプラス",
        "info@nhk.or.jp|plus@nhk.jp|jushinryo@nhk.or.jp",
        "www.nhk.or.jp|plus.nhk.jp|pid.nhk.or.jp",
        "direct_debit|welcome|account_change|newsletter",
        "日本放送協会",
        words={"service": "NHKプラス", "fee": "NHK受信料"},
    ),
    # --- global platforms ------------------------------------------------------------------------
    _s(
        "apple",
        "Apple|Apple ID|Apple Store",
        "no_reply@email.apple.com|appleid@id.apple.com|do_not_reply@apple.com",
        "www.apple.com|appleid.apple.com|support.apple.com|apps.apple.com",
        "receipt|password_reset|new_login|one_time_code|subscription_renewal|order_confirmation|a"
        "ccount_change",
        "Apple Japan合同会社",
        words={"service": "Apple", "account": "Apple ID", "plan": "iCloud+", "app": "App Store"},
        languages="ja|en",
        names_en="Apple|Apple ID|Apple Store",
    ),
    _s(
        "microsoft",
        "Microsoft アカウント チーム|Microsoft|Microsoft 365",
        "account-security-noreply@accountprotection.microsoft.com|microsoft365@email.microsoft.co"
        "m|msa@communication.microsoft.com",
        "account.microsoft.com|www.microsoft.com|go.microsoft.com|account.live.com",
        "new_login|one_time_code|password_reset|subscription_renewal|receipt|account_change",
        "Microsoft Corporation",
        words={
            "service": "Microsoft",
            "account": "Microsoft アカウント",
            "plan": "Microsoft 365 Personal",
        },
        languages="ja|en",
        names_en="Microsoft account team|Microsoft|Microsoft 365",
    ),
    _s(
        "google",
        "Google|Google Workspace|Google Play",
        "no-reply@accounts.google.com|googleplay-noreply@google.com|workspace-noreply@google.com|"
        "payments-noreply@google.com",
        "accounts.google.com|myaccount.google.com|support.google.com|play.google.com|workspace.go"
        "ogle.com",
        "new_login|one_time_code|password_reset|receipt|subscription_renewal|account_change",
        "Google LLC",
        words={
            "service": "Google",
            "account": "Google アカウント",
            "plan": "Google One",
            "app": "Google Play",
        },
        languages="ja|en",
        names_en="Google|Google Play|Google Workspace",
    ),
    _s(
        "paypal",
        "PayPal",
        "service@paypal.jp|service@paypal.com|service@intl.paypal.com",
        "www.paypal.com|www.paypal.jp",
        "receipt|refund_processed|bank_transfer|new_login|one_time_code|payment_method_update",
        "PayPal Pte. Ltd.",
        words={"service": "PayPal", "account": "PayPalアカウント"},
        languages="ja|en",
        names_en="PayPal|service@paypal.com",
    ),
    _s(
        "netflix",
        "Netflix",
        "info@account.netflix.com|info@mailer.netflix.com",
        "www.netflix.com|help.netflix.com",
        "receipt|subscription_renewal|payment_method_update|new_login|newsletter|password_reset",
        "Netflix, Inc.",
        words={"service": "Netflix", "plan": "スタンダードプラン"},
        languages="ja|en",
        names_en="Netflix",
        color="#e50914",
    ),
    # --- US banks ------------------------------------------------------------------------------
    _s(
        "citibank",
        "Citi",
        "alerts@info6.citi.com|citicards@info.citibank.com",
        "online.citi.com|www.citi.com|www.citibank.com",
        "card_usage|card_statement|new_login|one_time_code|bank_transfer",
        "Citibank, N.A.",
        languages="en",
        names_en="Citi Alerts|Citi|Citibank",
    ),
    _s(
        "bankofamerica",
        "Bank of America",
        "onlinebanking@ealerts.bankofamerica.com|alerts@bankofamerica.com",
        "www.bankofamerica.com|secure.bankofamerica.com",
        "card_usage|card_statement|bank_transfer|new_login|one_time_code",
        "Bank of America, N.A.",
        languages="en",
        names_en="Bank of America",
    ),
    _s(
        "wellsfargo",
        "Wells Fargo",
        "alerts@notify.wellsfargo.com|wellsfargo@email.wellsfargo.com",
        "www.wellsfargo.com|connect.secure.wellsfargo.com",
        "card_usage|card_statement|bank_transfer|new_login|one_time_code",
        "Wells Fargo Bank, N.A.",
        languages="en",
        names_en="Wells Fargo Online|Wells Fargo",
    ),
    _s(
        "chase",
        "Chase",
        "no.reply.alerts@chase.com|chase@alerts.chase.com",
        "www.chase.com|secure.chase.com",
        "card_usage|card_statement|bank_transfer|new_login|one_time_code|payment_reminder",
        "JPMorgan Chase Bank, N.A.",
        languages="en",
        names_en="Chase|Chase Alerts",
    ),
)


def senders_for(kind: str, language: str) -> list[BrandSender]:
    """Brand senders that send ``kind`` in ``language`` (in table order)."""
    return [s for s in BRAND_SENDERS if kind in s.kinds and language in s.languages]
