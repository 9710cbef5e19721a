"""General business language shared by every kind of generated mail.

Greetings, salutations, closings, the small print of automatic mail, footers, and the
formats of dates, amounts and reference numbers.  Kinds draw these from the same
pools, so a kind held out of training still shares ordinary business language with
the kinds a model saw, but none of its kind-specific templates.
"""

from __future__ import annotations

import random
from datetime import datetime

from .people import Company, Person, full_width_digits

__all__ = [
    "amount",
    "b2b_closing",
    "b2b_greeting",
    "b2b_salutation",
    "customer_closing",
    "customer_greeting",
    "customer_salutation",
    "fmt_date",
    "fmt_datetime",
    "footer",
    "inquiry_line",
    "mistake_note",
    "noreply_note",
    "reference",
    "security_note",
    "self_intro",
]

_WEEK_JA = "月火水木金土日"


def fmt_date(
    rng: random.Random,
    d: datetime,
    language: str,
    *,
    weekday: bool | None = None,
    style: float | None = None,
) -> str:
    """A date the way a Japanese or English sender writes it (several house styles).

    ``style`` (0..1) fixes the format, so that one message keeps one way of writing dates.
    """
    if style is None:
        style = rng.random()
    if language == "ja":
        wd = (
            f"（{_WEEK_JA[d.weekday()]}）"
            if (weekday if weekday is not None else rng.random() < 0.4)
            else ""
        )
        if style < 0.35:
            text = f"{d.year}年{d.month}月{d.day}日{wd}"
        elif style < 0.6:
            text = f"{d.year}/{d.month:02d}/{d.day:02d}{wd.replace('（', '(').replace('）', ')')}"
        elif style < 0.7:
            text = f"{d.year}/{d.month}/{d.day}{wd}"
        elif style < 0.8:
            text = f"{d.year}年{d.month:02d}月{d.day:02d}日{wd}"
        elif style < 0.9:
            text = f"{d.month}月{d.day}日{wd}"
        elif style < 0.95:
            text = full_width_digits(f"{d.year}年{d.month}月{d.day}日") + wd
        else:
            text = f"{d.year}-{d.month:02d}-{d.day:02d}"
        return text
    month = d.strftime("%B")
    if style < 0.4:
        return f"{month} {d.day}, {d.year}"
    if style < 0.6:
        return f"{d.strftime('%b')} {d.day}, {d.year}"
    if style < 0.75:
        return f"{d.day} {month} {d.year}"
    if style < 0.88:
        return f"{d.month}/{d.day}/{d.year}"
    return f"{d.strftime('%A')}, {month} {d.day}, {d.year}"


def fmt_datetime(rng: random.Random, d: datetime, language: str, style: float | None = None) -> str:
    """A date with its time of day."""
    date = fmt_date(rng, d, language, weekday=False, style=style)
    # The time's format follows the date's style too (a second digit of it).
    clock = rng.random() if style is None else (style * 10) % 1
    if language == "ja":
        if clock < 0.25:
            return f"{date} {d.hour}時{d.minute:02d}分"
        return f"{date} {d.hour:02d}:{d.minute:02d}"
    if clock < 0.5:
        hour = d.hour % 12 or 12
        return f"{date} {hour}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"
    return f"{date} {d.hour:02d}:{d.minute:02d}"


def amount(
    rng: random.Random,
    value: int | float,
    language: str,
    currency: str = "",
    style: float | None = None,
) -> str:
    """An amount of money in one of the ways it is written (``style`` 0..1 fixes which)."""
    if style is None:
        style = rng.random()
    if language == "ja" and currency in ("", "JPY"):
        n = f"{int(value):,}"
        if style < 0.45:
            return f"{n}円"
        if style < 0.65:
            return f"￥{n}"
        if style < 0.8:
            return f"¥{n}"
        if style < 0.9:
            return f"{n} 円"
        return full_width_digits(n).replace(",", "，") + "円"
    cur = currency or "USD"
    if cur == "JPY":
        return rng.choice((f"¥{int(value):,}", f"JPY {int(value):,}"))
    sym = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "SGD": "S$"}.get(cur, "$")
    text = f"{value:,.2f}"
    return f"{sym}{text}" if style < 0.85 else f"{cur} {text}"


def reference(rng: random.Random, style: str, when: datetime | None = None) -> str:
    """A reference number: order, invoice, ticket, reservation, tracking."""
    d = when or datetime(2024, 1, 1)
    n = rng.randrange
    if style == "amazon":
        return f"{n(249, 504)}-{n(10**6, 10**7)}-{n(10**6, 10**7)}"
    if style == "rakuten":
        return f"{n(100000, 999999)}-{d:%Y%m%d}-{n(10**9, 10**10):010d}"
    if style == "invoice":
        return rng.choice(
            (
                f"INV-{d:%Y%m}-{n(1, 9999):04d}",
                f"{d:%y%m}-{n(1, 999):03d}",
                f"No.{d:%Y}{n(1, 99999):05d}",
                f"{d:%Y%m%d}-{n(10, 99)}",
                f"請{d:%y%m}{n(100, 999)}",
            )
        )
    if style == "order":
        return rng.choice(
            (
                f"{d:%Y%m%d}-{n(10**5, 10**6)}",
                f"ORD-{n(10**6, 10**7)}",
                f"{n(10**9, 10**10)}",
                f"#{n(10**5, 10**7)}",
                f"{rng.choice('ABCDEFGHJK')}{n(10**7, 10**8)}",
                f"{d:%y%m%d}{n(1000, 9999)}",
            )
        )
    if style == "ticket":
        return rng.choice(
            (
                f"#{n(10**4, 10**6)}",
                f"SR-{n(10**5, 10**7)}",
                f"[{n(10**6, 10**7)}]",
                f"CS{d:%y%m}-{n(1000, 9999)}",
                f"{n(10**7, 10**8)}",
            )
        )
    if style.startswith("tracking"):
        carrier = style.partition(":")[2]
        d12 = f"{n(10**11, 10**12)}"
        if carrier == "ups":
            alnum = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXY") for _ in range(6))
            return f"1Z{alnum}{n(10, 99)}{n(10**7, 10**8)}"
        if carrier == "dhl":
            return f"{n(10**9, 10**10)}"
        if carrier == "fedex":
            return d12
        if carrier in ("yamato", "japanpost"):
            return f"{d12[:4]}-{d12[4:8]}-{d12[8:]}"
        return rng.choice((d12, f"{d12[:4]}-{d12[4:8]}-{d12[8:]}"))
    if style == "reservation":
        return rng.choice(
            (
                f"{n(10**7, 10**9)}",
                f"RS{n(10**6, 10**8)}",
                f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{n(1000, 9999)}"
                f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}",
                f"{d:%Y%m%d}{n(10**4, 10**5)}",
            )
        )
    return f"{n(10**6, 10**8)}"


# --- Japanese --------------------------------------------------------------------------------


def customer_salutation(rng: random.Random, person: Person, language: str) -> str:
    """How automatic mail addresses its customer (``山田 太郎 様``, ``Hi Taro,``)."""
    if language == "ja":
        if person.language != "ja":
            return rng.choice((f"{person.full} 様", f"{person.given} {person.family} 様", "お客様"))
        return rng.choice(
            (
                f"{person.full} 様",
                f"{person.full}様",
                f"{person.family} 様",
                f"{person.full_tight} 様",
                f"{person.family}{person.given}様",
                "お客様",
                f"{person.full} 様",
                f"{person.kana} 様",
                f"{person.roma_upper} 様",
            )
        )
    first = person.given if person.language == "en" else person.given_roma
    last = person.family if person.language == "en" else person.family_roma
    return rng.choice(
        (
            f"Hi {first},",
            f"Hello {first},",
            f"Dear {first} {last},",
            f"Dear {first},",
            "Dear Customer,",
            f"{first},",
            "Hello,",
            f"Hi {first}!",
        )
    )


def customer_greeting(
    rng: random.Random, service: str, language: str, *, first_time: bool = False
) -> str:
    """The first sentence of a company's automatic mail to its customer."""
    if language == "ja":
        if first_time:
            return rng.choice(
                (
                    f"この度は{service}をご利用いただき、誠にありがとうございます。",
                    f"{service}をご利用いただき、ありがとうございます。",
                    f"このたびは{service}にお申し込みいただき、ありがとうございます。",
                )
            )
        return rng.choice(
            (
                f"いつも{service}をご利用いただき、誠にありがとうございます。",
                f"いつも{service}をご利用いただきありがとうございます。",
                f"平素より{service}をご愛顧いただき、誠にありがとうございます。",
                f"{service}をご利用いただき、ありがとうございます。",
                f"平素は{service}をご利用いただき、厚く御礼申し上げます。",
                f"日頃より{service}をご利用いただき、ありがとうございます。",
                f"いつも{service}をご利用くださいまして、誠にありがとうございます。",
                f"{service}をご利用いただきまして、誠にありがとうございます。",
            )
        )
    if first_time:
        return rng.choice(
            (
                f"Thank you for choosing {service}.",
                f"Thanks for signing up for {service}.",
                f"Welcome to {service}!",
            )
        )
    return rng.choice(
        (
            f"Thank you for using {service}.",
            f"Thanks for being a {service} customer.",
            "",
            f"Thank you for choosing {service}.",
            "",
            "We're writing to let you know about your account.",
        )
    )


def customer_closing(rng: random.Random, service: str, language: str) -> str:
    if language == "ja":
        return rng.choice(
            (
                f"今後とも{service}をよろしくお願いいたします。",
                f"今後とも{service}をご愛顧賜りますよう、よろしくお願い申し上げます。",
                "今後とも変わらぬご愛顧を賜りますよう、お願い申し上げます。",
                "引き続きよろしくお願いいたします。",
                f"引き続き{service}をよろしくお願い申し上げます。",
                "今後ともよろしくお願い申し上げます。",
                "",
            )
        )
    return rng.choice(
        (
            f"Thank you for being a valued {service} customer.",
            "Thanks for shopping with us!",
            "We appreciate your business.",
            f"Thanks,\nThe {service} Team",
            f"Sincerely,\n{service}",
            f"— The {service} team",
            "",
            f"Best regards,\n{service} Customer Service",
        )
    )


def b2b_salutation(rng: random.Random, person: Person, org: Company | None, language: str) -> str:
    """How one company's staff addresses another's (宛名)."""
    if language == "ja":
        if org is None:
            return rng.choice((f"{person.family}様", f"{person.full}様", f"{person.family} 様"))
        dept = person.dept.split()[-1] if person.dept else ""
        title = (
            f" {person.title}"
            if person.title in ("部長", "課長", "係長") and rng.random() < 0.3
            else ""
        )
        return rng.choice(
            (
                f"{org.name}\n{person.dept}\n{person.family}様",
                f"{org.name}\n{person.full} 様",
                f"{org.name} {person.family}様",
                f"{person.family}様",
                f"{person.family} 様",
                f"{org.name}\n{dept}{title}\n{person.full}様",
                f"{org.short}\n{person.family}様",
                f"{org.name.replace('株式会社', '㈱')}\n{person.family}様",
                f"{org.name}\nご担当者様",
                f"{org.name}\n{person.dept}　{person.family}様",
            )
        )
    first = person.given if person.language == "en" else person.given_roma
    last = person.family if person.language == "en" else person.family_roma
    return rng.choice(
        (
            f"Hi {first},",
            f"Dear {first},",
            f"Hello {first},",
            f"Dear {'Ms.' if person.female else 'Mr.'} {last},",
            f"{first},",
            f"Good morning {first},",
            f"Dear {first} {last},",
            f"Hi {first} -",
        )
    )


def b2b_greeting(rng: random.Random, language: str, *, warm: bool = True) -> str:
    """The opening pleasantry of business mail (お世話になっております。)."""
    if language == "ja":
        if not warm:
            return rng.choice(
                (
                    "突然のご連絡失礼いたします。",
                    "初めてご連絡いたします。",
                    "突然のメールにて失礼いたします。",
                )
            )
        return rng.choice(
            (
                "お世話になっております。",
                "いつもお世話になっております。",
                "いつも大変お世話になっております。",
                "平素は格別のお引き立てを賜り、厚く御礼申し上げます。",
                "平素より大変お世話になっております。",
                "お世話になっております。",
                "お世話になります。",
                "大変お世話になっております。",
                "いつもお世話になり、ありがとうございます。",
            )
        )
    if not warm:
        return rng.choice(
            ("I hope this email finds you well.", "I'm reaching out because", "My name is")
        )
    return rng.choice(
        (
            "I hope you're doing well.",
            "Hope this email finds you well.",
            "I hope all is well.",
            "Hope you had a great weekend.",
            "Thanks for your time earlier.",
            "",
            "",
            "I hope your week is going well.",
        )
    )


def self_intro(rng: random.Random, person: Person, org: Company | None, language: str) -> str:
    """``株式会社○○の山田です。`` or ``This is Taro from ...``."""
    if language == "ja":
        if org is None:
            return f"{person.family}です。"
        return rng.choice(
            (
                f"{org.name}の{person.family}です。",
                f"{org.short}の{person.family}でございます。",
                f"{org.name} {person.dept}の{person.family}です。",
                f"{org.name}　{person.family}です。",
                f"{org.short} {person.family}です。",
                f"{org.name}の{person.full}でございます。",
            )
        )
    name = person.given if person.language == "en" else person.given_roma
    company_name = ((org.name_en if org.language == "ja" else org.name) if org else "").rstrip(".")
    return rng.choice(
        (
            f"This is {name} from {company_name}." if org else f"This is {name}.",
            "",
            "",
            f"{name} here from {company_name}." if org else "",
        )
    )


def b2b_closing(rng: random.Random, language: str) -> str:
    if language == "ja":
        return rng.choice(
            (
                "よろしくお願いいたします。",
                "何卒よろしくお願い申し上げます。",
                "引き続きよろしくお願いいたします。",
                "ご確認のほど、よろしくお願いいたします。",
                "以上、よろしくお願いいたします。",
                "お手数をおかけしますが、よろしくお願いいたします。",
                "今後ともよろしくお願い申し上げます。",
                "よろしくお願い致します。",
                "以上です。よろしくお願いいたします。",
                "ご査収のほど、よろしくお願い申し上げます。",
            )
        )
    return rng.choice(
        (
            "Best regards,",
            "Kind regards,",
            "Thanks,",
            "Regards,",
            "Best,",
            "Sincerely,",
            "Many thanks,",
            "Thank you,",
            "Thanks again,",
            "Warm regards,",
            "Cheers,",
        )
    )


def inquiry_line(rng: random.Random, language: str) -> str:
    if language == "ja":
        return rng.choice(
            (
                "ご不明な点がございましたら、お気軽にお問い合わせください。",
                "ご不明な点は、下記お問い合わせ窓口までご連絡ください。",
                "本件に関するお問い合わせは、以下までお願いいたします。",
                "ご不明点などございましたら、お気軽にご連絡ください。",
                "ご質問等ございましたら、お問い合わせフォームよりご連絡ください。",
                "何かご不明な点がございましたら、ご遠慮なくお申し付けください。",
            )
        )
    return rng.choice(
        (
            "If you have any questions, just reply to this email.",
            "Questions? Visit our Help Center or contact Customer Service.",
            "If you have any questions, please contact our support team.",
            "Need help? Our support team is here for you.",
            "If you have questions, please don't hesitate to reach out.",
        )
    )


def noreply_note(rng: random.Random, language: str) -> str:
    if language == "ja":
        return rng.choice(
            (
                "※本メールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできま"
                "せんのでご了承ください。",
                "※このメールは送信専用です。返信はできませんのでご了承ください。",
                "※本メールへの返信は受け付けておりません。",
                "※このメールアドレスは配信専用です。このメッセージに返信しないようお願いいたしま"
                "す。",
                "※このメールは送信専用のメールアドレスから配信されています。ご返信いただいてもお"
                "答えできませんので、あらかじめご了承ください。",
                "※本メールは自動配信メールです。",
                "本メールは送信専用です。ご返信いただきましても対応いたしかねますので、ご了承くだ"
                "さい。",
            )
        )
    return rng.choice(
        (
            "This email was sent from a notification-only address that cannot accept incoming ema"
            "il. Please do not reply to this message.",
            "Please do not reply to this email. This mailbox is not monitored.",
            "This is an automated message. Please do not reply.",
            "Replies to this email are not monitored.",
            "Please do not reply directly to this e-mail.",
        )
    )


def mistake_note(rng: random.Random, language: str) -> str:
    if language == "ja":
        return rng.choice(
            (
                "※本メールにお心当たりのない場合は、お手数ですが破棄していただきますようお願いい"
                "たします。",
                "※このメールにお心当たりがない場合は、下記窓口までご連絡ください。",
                "本メールにお心当たりのない方は、恐れ入りますが削除してください。",
                "※お心当たりのない場合は、本メールを破棄してください。",
                "※本メールは、ご登録のメールアドレス宛に自動でお送りしています。お心当たりのない"
                "場合は、お手数ですが削除をお願いいたします。",
            )
        )
    return rng.choice(
        (
            "If you didn't request this, you can safely ignore this email.",
            "If you did not make this request, please contact us.",
            "If this wasn't you, please let us know.",
            "If you received this email in error, please delete it.",
        )
    )


def security_note(rng: random.Random, service: str, language: str) -> str:
    """The warnings real companies print about phishing (real mail speaks of it too)."""
    if language == "ja":
        return rng.choice(
            (
                f"※{service}から、メールでお客様の暗証番号やパスワードをお尋ねすることはありませ"
                "ん。",
                f"※{service}を装った不審なメール（フィッシングメール）にご注意ください。",
                "※当社では、メールやSMSでお客様のパスワードや暗証番号をお伺いすることは一切ござい"
                "ません。",
                "※不審なメールやSMSに記載されたURLにはアクセスしないようご注意ください。",
                "※フィッシング詐欺にご注意ください。当社を装ったメールが確認されています。",
            )
        )
    return rng.choice(
        (
            f"{service} will never ask you for your password or PIN by email.",
            "Be alert to phishing: we will never ask for your password in an email.",
            "To protect your account, never share your verification code with anyone, including"
            f" {service} staff.",
            "",
        )
    )


def footer(
    rng: random.Random, legal: str, host: str, language: str, year: int, address: str = ""
) -> str:
    """A company's automatic-mail footer: name, address, site, copyright."""
    lines: list[str] = []
    if language == "ja":
        if rng.random() < 0.6:
            lines.append(rng.choice(("発行：", "配信元：", "", "運営：", "")) + legal)
        if address and rng.random() < 0.5:
            lines.append(address)
        if rng.random() < 0.6:
            lines.append(f"https://{host}/")
        if rng.random() < 0.7:
            lines.append(
                rng.choice(
                    (
                        f"Copyright (C) {year} {legal} All Rights Reserved.",
                        f"Copyright © {legal} All Rights Reserved.",
                        f"(C) {legal}",
                        f"©{year} {legal}",
                    )
                )
            )
    else:
        if rng.random() < 0.7:
            lines.append(
                rng.choice(
                    (
                        f"© {year} {legal.rstrip('.')}. All rights reserved.",
                        f"© {year} {legal}",
                        f"Copyright {year} {legal}",
                    )
                )
            )
        if address and rng.random() < 0.6:
            lines.append(address)
        if rng.random() < 0.4:
            lines.append(
                "Privacy Policy | Terms of Use" if rng.random() < 0.5 else "Privacy | Terms | Help"
            )
    return "\n".join(lines)
