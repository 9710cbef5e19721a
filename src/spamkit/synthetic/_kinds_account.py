"""Accounts and services: resets, logins, codes, sign-ups, renewals, support, events."""

from __future__ import annotations

from . import people, phrases
from ._context import Ctx, Draft
from .render import bullets, button, fields, heading, link, para, present

_DEVICES_JA = (
    "Windows PC（Chrome）",
    "iPhone（Safari）",
    "Android（Chrome）",
    "Mac（Safari）",
    "iPad",
    "Windows（Microsoft Edge）",
    "Mac（Firefox）",
)
_DEVICES_EN = (
    "Chrome on Windows",
    "Safari on iPhone",
    "Chrome on Android",
    "Safari on Mac",
    "Edge on Windows",
    "Firefox on Linux",
    "iPad",
)
_PLACES_JA = (
    "東京都, 日本",
    "大阪府, 日本",
    "神奈川県, 日本",
    "愛知県, 日本",
    "福岡県, 日本",
    "北海道, 日本",
    "日本",
)
_PLACES_EN = (
    "Seattle, WA, United States",
    "London, United Kingdom",
    "Toronto, Canada",
    "Austin, TX, United States",
    "Tokyo, Japan",
    "Sydney, Australia",
)


def _ip(c: Ctx) -> str:
    first = c.rng.choice((49, 60, 106, 110, 118, 126, 133, 153, 180, 202, 210, 219, 24, 73, 98))
    return f"{first}.{c.rng.randrange(256)}.{c.rng.randrange(256)}.{c.rng.randrange(1, 255)}"


def _svc(c: Ctx):
    return c.service(c.pick("saas", "shop", "saas"), 0.6)


def password_reset(c: Ctx) -> Draft:
    svc = _svc(c)
    url = c.url(
        svc,
        f"password/reset?token={c.token(32)}",
        f"account/reset/{c.token(24)}",
        f"ap/forgotpassword/reset?token={c.token(28)}",
    )
    mins = c.pick("30", "60", "24時間" if c.ja else "24 hours", "15")
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】パスワード再設定のご案内",
            "パスワード再設定のお手続き",
            f"{svc.name} パスワードのリセット",
            "パスワード再設定用URLのお知らせ",
            f"[{svc.name}] パスワードの再設定",
        )
        limit = f"{mins}分" if mins.isdigit() else mins
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "パスワード再設定のご依頼を受け付けました。\n以下のURLから新しいパスワードを"
                    "設定してください。",
                    f"{svc.name}のパスワード再設定手続きを承りました。\n下記URLにアクセスし、パス"
                    "ワードの再設定を完了してください。",
                    "パスワードをお忘れの場合のお手続きです。以下のリンクから再設定を行ってくださ"
                    "い。",
                )
            ),
            link(c.pick("パスワード再設定URL", "▼再設定はこちら", ""), url),
            para(
                f"※URLの有効期限は{limit}です。期限を過ぎた場合は、再度お手続きをお願いいたします。"
            ),
            para(phrases.mistake_note(c.rng, "ja")),
        ]
    else:
        subject = c.pick(
            "Reset your password",
            f"{svc.name} password reset",
            "Password reset request",
            f"Your {svc.name} password reset link",
        )
        limit = f"{mins} minutes" if mins.isdigit() else mins
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"We received a request to reset the password for your {svc.name} account.",
                    "Someone (hopefully you) asked to reset your password.",
                    "Click the button below to choose a new password.",
                )
            ),
            button("Reset password", url),
            para(f"This link expires in {limit}. " + phrases.mistake_note(c.rng, "en")),
        ]
    blocks += c.footer_blocks(svc, security=True)
    return c.service_draft(svc, subject, blocks)


def new_login(c: Ctx) -> Draft:
    svc = c.service("saas", 0.7)
    at = c.when
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】新しい端末からのログインがありました",
            "ログインのお知らせ",
            f"{svc.word('account', svc.name + 'アカウント')}へのログインについて",
            "新しいデバイスでのログインを検知しました",
            f"{svc.name}：セキュリティ通知",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"お客様の{svc.word('account', 'アカウント')}に、新しい端末からのログインがあ"
                    "りました。",
                    "以下の環境からログインがありましたので、お知らせいたします。",
                    f"{svc.name}へのログインを確認しました。",
                )
            ),
            fields(
                [
                    ("日時", c.datetime(at)),
                    ("端末", c.pick(*_DEVICES_JA)),
                    ("場所（おおよそ）", c.pick(*_PLACES_JA)),
                    ("IPアドレス", _ip(c)),
                ]
                if c.chance(0.6)
                else [("日時", c.datetime(at)), ("端末", c.pick(*_DEVICES_JA))]
            ),
            para(
                c.pick(
                    "お客様ご本人によるログインの場合は、このメールへの対応は不要です。",
                    "心当たりがある場合は、このメールは破棄してください。",
                )
                + "\n"
                + c.pick(
                    "お心当たりのない場合は、速やかにパスワードを変更してください。",
                    "身に覚えのないログインの場合は、パスワードの変更をお願いいたします。",
                )
            ),
            link(
                c.pick("セキュリティ設定を確認する", "ログイン履歴の確認", ""),
                c.url(svc, "security", "account/security", "mypage/login-history"),
            ),
        ]
    else:
        subject = c.pick(
            f"Security alert: new sign-in to your {svc.name} account",
            "New sign-in on a new device",
            f"{svc.name}: new login detected",
            "A new device signed in to your account",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"Your {svc.name} account was just signed in to from a new device.",
                    "We noticed a new sign-in to your account.",
                )
            ),
            fields(
                [
                    ("When", c.datetime(at)),
                    ("Device", c.pick(*_DEVICES_EN)),
                    ("Location", c.pick(*_PLACES_EN)),
                ]
            ),
            para(
                "If this was you, you don't need to do anything. If not, we'll help you secure yo"
                "ur account."
            ),
            button("Check activity", c.url(svc, "security", "notifications", "account/activity")),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, security=True)
    return c.service_draft(svc, subject, blocks)


def one_time_code(c: Ctx) -> Draft:
    svc = c.service("saas", 0.65)
    code = f"{c.rng.randrange(10**5, 10**6)}" if c.chance(0.7) else f"{c.rng.randrange(1000, 9999)}"
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】認証コードのお知らせ",
            f"確認コード：{code}",
            f"{svc.name} ワンタイムパスワード",
            "ログイン用認証コード",
            f"{code} は{svc.name}の確認コードです",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                c.pick(
                    "ログインに必要な認証コードをお知らせします。",
                    "以下の確認コードを画面に入力してください。",
                    "ワンタイムパスワードを発行しました。",
                )
            ),
            para(
                c.pick(
                    f"認証コード：{code}",
                    f"確認コード\n{code}",
                    f"【{code}】",
                    f"ワンタイムパスワード：{code}",
                )
            ),
            para(
                c.pick(
                    "※コードの有効期限は10分です。",
                    "※このコードは発行から30分間有効です。",
                    "※確認コードは他人に教えないでください。",
                )
                + ("\n" + phrases.mistake_note(c.rng, "ja") if c.chance(0.5) else "")
            ),
        ]
    else:
        subject = c.pick(
            f"Your {svc.name} verification code",
            f"{code} is your {svc.name} code",
            "Your one-time passcode",
            "Verify your sign-in",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                c.pick(
                    "Use this code to finish signing in:",
                    "Your verification code is:",
                    "Enter the following code to continue:",
                )
            ),
            para(code),
            para(
                c.pick("This code expires in 10 minutes.", "It will expire shortly.")
                + " "
                + c.pick("Don't share it with anyone.", phrases.mistake_note(c.rng, "en"))
            ),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, security=c.chance(0.5))
    return c.service_draft(svc, subject, blocks, structure=c.pick(None, "html", "plain"))


def welcome(c: Ctx) -> Draft:
    svc = c.service(c.pick("saas", "shop"), 0.45)
    member_id = f"{c.rng.randrange(10**7, 10**9)}"
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】会員登録完了のお知らせ",
            f"{svc.name}へようこそ",
            "ご登録ありがとうございます",
            f"{svc.name} 新規会員登録が完了しました",
            "【登録完了】アカウント作成のお知らせ",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja", first_time=True)
                + "\n"
                + c.pick(
                    "会員登録が完了しましたので、お知らせいたします。",
                    "アカウントの作成が完了しました。",
                    "以下の内容でご登録を承りました。",
                )
            ),
            fields(
                [("会員ID", member_id if c.chance(0.5) else c.home), ("ご登録日", c.date(c.when))]
            ),
            heading(c.pick("はじめての方へ", "ご利用ガイド", "次のステップ")),
            bullets(
                c.rng.sample(
                    [
                        "プロフィールを設定する",
                        "お届け先を登録する",
                        "メール配信設定を確認する",
                        "アプリをダウンロードする",
                        "初回限定クーポンを受け取る",
                    ],
                    3,
                )
            ),
            link(
                c.pick("マイページへログイン", "ご利用ガイドはこちら"),
                c.url(svc, "mypage/", "guide/", "login"),
            ),
            para(phrases.inquiry_line(c.rng, "ja")),
        ]
    else:
        subject = c.pick(
            f"Welcome to {svc.name}!",
            f"Your {svc.name} account is ready",
            "Thanks for signing up",
            f"Getting started with {svc.name}",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"Welcome aboard! Your {svc.name} account is all set.",
                    f"Thanks for joining {svc.name}. We're glad you're here.",
                )
            ),
            heading("Here's how to get started"),
            bullets(
                c.rng.sample(
                    [
                        "Complete your profile",
                        "Invite your team",
                        "Connect your calendar",
                        "Download the mobile app",
                        "Explore the help center",
                    ],
                    3,
                )
            ),
            button("Get started", c.url(svc, "onboarding", "dashboard", "start")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks, mailer=c.pick("system", "bulk"))


def address_verification(c: Ctx) -> Draft:
    svc = _svc(c)
    url = c.url(
        svc,
        f"verify?token={c.token(40)}",
        f"signup/confirm/{c.token(32)}",
        f"email/verify?code={c.token(20)}",
    )
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】メールアドレスの確認",
            "メールアドレス確認のお願い",
            "【要確認】仮登録完了のお知らせ",
            f"{svc.name} 本登録のご案内",
            "メールアドレス認証のお願い",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                c.pick(
                    "仮登録を受け付けました。\n以下のURLにアクセスして、本登録を完了してください。",
                    "ご登録いただいたメールアドレスの確認のため、下記のURLをクリックしてください。",
                    f"{svc.name}をご利用いただくには、メールアドレスの認証が必要です。",
                )
            ),
            link(c.pick("本登録URL", "▼認証はこちら", ""), url),
            para(
                c.pick(
                    "※URLの有効期限は24時間です。",
                    "※有効期限を過ぎた場合は、お手数ですが再度ご登録ください。",
                )
                + "\n"
                + phrases.mistake_note(c.rng, "ja")
            ),
        ]
    else:
        subject = c.pick(
            "Please verify your email address",
            f"Confirm your email for {svc.name}",
            "Verify your email",
            "One more step to finish signing up",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "Please confirm your email address to finish setting up your account.",
                    "Tap the button below to verify your email.",
                )
            ),
            button("Verify email", url),
            para(phrases.mistake_note(c.rng, "en")),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def account_change(c: Ctx) -> Draft:
    svc = c.service("saas", 0.7)
    what_ja = c.pick(
        "メールアドレス",
        "パスワード",
        "お届け先住所",
        "電話番号",
        "登録情報",
        "お支払い方法",
        "ログインID",
    )
    what_en = c.pick(
        "email address",
        "password",
        "phone number",
        "shipping address",
        "profile",
        "two-step verification settings",
    )
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】{what_ja}変更完了のお知らせ",
            f"{what_ja}が変更されました",
            "登録情報変更のお知らせ",
            f"{svc.word('account', 'アカウント')}情報の変更について",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"{c.datetime(c.when)}に、お客様の{what_ja}の変更を受け付けました。",
                    f"{svc.word('account', 'アカウント')}の{what_ja}が変更されましたので、お知ら"
                    "せいたします。",
                    f"ご依頼いただいた{what_ja}の変更手続きが完了しました。",
                )
            ),
            para(
                c.pick(
                    "本メールはお客様の登録情報が変更された際に、確認のため自動的にお送りしていま"
                    "す。",
                    "お客様ご自身で変更された場合は、特にお手続きは必要ありません。",
                )
                + "\n"
                + c.pick(
                    "お心当たりのない場合は、お手数ですがカスタマーセンターまでご連絡ください。",
                    "身に覚えのない変更の場合は、速やかにパスワードを変更してください。",
                )
            ),
        ]
    else:
        subject = c.pick(
            f"Your {what_en} was changed",
            f"{svc.name}: account update confirmation",
            f"Confirmation: {what_en} updated",
        )
        blocks = [
            para(c.salute()),
            para(f"The {what_en} on your {svc.name} account was changed on {c.date(c.when)}."),
            para(
                "If you made this change, no further action is needed. If you didn't, please cont"
                "act support right away."
            ),
        ]
    blocks += c.footer_blocks(svc, security=True)
    return c.service_draft(svc, subject, blocks)


def payment_method_update(c: Ctx) -> Draft:
    svc = c.service("saas", 0.75)
    last4 = c.rng.randrange(1000, 9999)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】お支払い方法の更新をお願いします",
            "ご登録のクレジットカードの有効期限について",
            "お支払い情報の更新のお願い",
            f"{svc.name}：お支払いを処理できませんでした",
        )
        expiring = c.chance(0.6)
        blocks = [
            para(c.salute()),
            para(
                f"ご登録のクレジットカード（末尾{last4}）の有効期限が近づいております。\n引き続き"
                "ご利用いただくため、カード情報の更新をお願いいたします。"
                if expiring
                else f"ご登録のお支払い方法（末尾{last4}）で、{svc.word('plan', '月額プラン')}の"
                "お支払いを処理できませんでした。\n"
                "お手数ですが、アカウント設定からお支払い情報をご確認ください。"
            ),
            link(
                c.pick("お支払い方法を確認する", "アカウント設定", "支払い情報の変更"),
                c.url(svc, "account/payment", "YourAccount", "cpe/yourpayments/wallet"),
            ),
            para(
                c.pick(
                    "カード情報が更新されるまで、一部サービスがご利用いただけない場合があります。",
                    "すでに更新済みの場合は、本メールは破棄してください。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "Your card is expiring soon",
            f"Update your payment method for {svc.name}",
            "We couldn't process your payment",
            "Action needed: update billing details",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"The card ending in {last4} on your {svc.name} account expires at the end of"
                    " this month.",
                    f"We tried to charge your card ending in {last4} but the payment didn't go th"
                    "rough. We'll retry in a few days.",
                )
            ),
            button(
                "Update payment method", c.url(svc, "account/payment", "billing", "YourAccount")
            ),
            para("If you've already updated your details, please ignore this message."),
        ]
    blocks += c.footer_blocks(svc, security=c.chance(0.5))
    return c.service_draft(svc, subject, blocks)


def subscription_renewal(c: Ctx) -> Draft:
    svc = c.service("saas", 0.55)
    plan = svc.word(
        "plan",
        c.t(
            c.pick("プレミアムプラン", "ビジネスプラン", "年間ライセンス", "スタンダードプラン"),
            c.pick("Pro plan", "Business plan", "Annual license", "Team plan"),
        ),
    )
    renew = c.days(3, 30)
    price = c.yen(300, 60000, 10) if c.ja else round(c.rng.uniform(3, 600), 2)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご契約の自動更新のお知らせ",
            f"{plan}の更新日が近づいています",
            "サブスクリプション更新のご案内",
            f"{svc.name} ご利用プラン更新のお知らせ",
            "【重要】契約更新に関するご案内",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + c.pick(
                    f"ご利用中の{plan}は、{c.date(renew)}に自動更新されます。",
                    "現在ご契約中のプランの更新日が近づいておりますので、ご案内いたします。",
                )
            ),
            fields(
                [
                    ("プラン", plan),
                    ("更新日", c.date(renew)),
                    ("更新後の料金", c.money(price) + c.pick("（税込）", "／年", "／月")),
                ]
            ),
            para(
                c.pick(
                    "更新を希望されない場合は、更新日の前日までにアカウント設定から解約手続きを行"
                    "ってください。",
                    "お手続きは不要です。引き続きご利用いただけます。",
                    "プランの変更は、管理画面からいつでも行えます。",
                )
            ),
            link(
                c.pick("契約内容の確認", "サブスクリプションを管理"),
                c.url(svc, "account/subscriptions", "billing/", "settings/plan"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your {svc.name} subscription renews soon",
            f"Upcoming renewal: {plan}",
            f"Your {plan} will renew on {c.date(renew)}",
            "Subscription renewal reminder",
        )
        blocks = [
            para(c.salute()),
            para(f"Your {plan} will automatically renew on {c.date(renew)} for {c.money(price)}."),
            para(
                c.pick(
                    "No action is needed to keep your subscription.",
                    "You can change or cancel your plan at any time before the renewal date.",
                )
            ),
            button("Manage subscription", c.url(svc, "account/subscriptions", "billing")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def service_maintenance(c: Ctx) -> Draft:
    svc = c.service(c.pick("bank", "saas"), 0.6)
    start = c.days(3, 20).replace(hour=c.rng.choice((0, 1, 2, 21, 22, 23)), minute=0)
    hours = c.rng.randrange(2, 9)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】システムメンテナンスのお知らせ",
            "サービス一時停止のお知らせ",
            f"{start.month}月{start.day}日 メンテナンスに伴うサービス停止について",
            f"【重要】{svc.word('member', svc.name)}の一時休止について",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + c.pick(
                    "システムメンテナンスのため、下記の日時にサービスを一時停止いたします。",
                    "下記の日程で、定期メンテナンスを実施いたします。",
                )
            ),
            fields(
                [
                    (
                        "日時",
                        f"{c.date(start, weekday=True)} {start.hour}:00 ～"
                        f" {(start.hour + hours) % 24}:00",
                    ),
                    (
                        "対象サービス",
                        svc.word(
                            "member",
                            c.pick(
                                "インターネットバンキング", "会員サイト", "アプリ", "全サービス"
                            ),
                        ),
                    ),
                ]
            ),
            para(
                c.pick(
                    "お客様にはご不便をおかけいたしますが、何卒ご理解賜りますようお願い申し上げま"
                    "す。",
                    "作業の進捗により、終了時刻が前後する場合がございます。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "Scheduled maintenance",
            f"{svc.name} maintenance on {c.date(start)}",
            "Planned service interruption",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                f"{svc.name} will be unavailable on {c.date(start)} from {start.hour}:00 for abou"
                f"t {hours} hours while we perform scheduled maintenance."
            ),
            para("We apologize for any inconvenience."),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks, mailer=c.pick("system", "bulk"))


def support_reply(c: Ctx) -> Draft:
    svc = c.service(c.pick("saas", "shop"), 0.35)
    ticket = c.ref("ticket")
    agent = people.ja_person(c.rng) if c.ja else people.en_person(c.rng)
    if c.ja:
        q = c.pick(
            "ログインできない件",
            "請求内容について",
            "商品の不具合について",
            "配送状況について",
            "解約方法について",
            "領収書の発行について",
            "データのエクスポートについて",
        )
        subject = c.pick(
            f"【{svc.name}】お問い合わせありがとうございます [{ticket}]",
            f"Re: {q}",
            f"{q}（お問い合わせ番号：{ticket}）",
            f"[{ticket}] {q}へのご回答",
        )
        blocks = [
            para(c.salute()),
            para(
                f"{svc.name}カスタマーサポートの{agent.family}でございます。\n"
                + c.pick(
                    "お問い合わせいただき、誠にありがとうございます。",
                    "このたびはご不便をおかけし、申し訳ございません。",
                    "お問い合わせの件につきまして、ご回答いたします。",
                )
            ),
            para(
                c.pick(
                    "確認いたしましたところ、システム側の一時的な不具合により正しく表示されていな"
                    "かったことが判明いたしました。\n現在は復旧しておりますので、お手数ですが再度"
                    "お試しいただけますでしょうか。",
                    f"ご注文の商品は、{c.date(c.days(1, 4))}にお届けの予定となっております。",
                    "ご請求内容を確認いたしましたところ、二重でお引き落としされていたことが判明い"
                    "たしました。\n差額につきましては、翌月のご請求にて調整させていただきます。",
                    "解約のお手続きは、マイページの「契約内容の確認・変更」から行っていただけます"
                    "。",
                    "領収書はマイページの購入履歴からPDFでダウンロードいただけます。",
                )
            ),
            para(
                c.pick(
                    "その他ご不明な点がございましたら、本メールにご返信ください。",
                    "引き続きご不明な点がございましたら、お気軽にお問い合わせください。",
                )
            ),
            para(f"{svc.name} カスタマーサポート\n{agent.family}"),
        ]
    else:
        q = c.pick(
            "Login issue",
            "Billing question",
            "Order status",
            "Export not working",
            "Cancel my subscription",
            "Refund request",
        )
        subject = c.pick(
            f"Re: {q} [#{ticket.strip('#[]')}]",
            f"[{svc.name}] Update on your request {ticket}",
            f"Your support request {ticket} has been updated",
        )
        blocks = [
            para(c.salute()),
            para(
                f"Thanks for reaching out - this is {agent.given} from the {svc.name} support team."
            ),
            para(
                c.pick(
                    "I've looked into this and it was caused by a temporary issue on our side. It"
                    " should be working now; could you try again?",
                    "I've gone ahead and issued a credit to your account.",
                    "You can cancel any time from Settings > Billing. Your access continues until"
                    " the end of the current period.",
                )
            ),
            para("If there's anything else, just reply to this email and it will reach us."),
            para(f"Best,\n{agent.given}\n{svc.name} Support"),
        ]
    d = c.service_draft(svc, subject, blocks)
    d.mailer = c.pick("system", "person")
    if subject.startswith("Re:"):
        d.in_reply_to = f"{c.token(16)}@{c.home.rpartition('@')[2]}"
        d.references = [d.in_reply_to]
    d.reply_to = (f"{svc.name}", f"support@{svc.domain}") if c.chance(0.5) else None
    return d


def survey_request(c: Ctx) -> Draft:
    svc = c.service(c.pick("shop", "saas", "research"), 0.3)
    mins = c.pick("3", "5", "10")
    url = c.url(svc, f"survey?id={c.token(12)}", f"enquete/{c.token(8)}", f"feedback/{c.token(10)}")
    if c.ja:
        subject = c.pick(
            "アンケートご協力のお願い",
            f"【{svc.name}】サービス向上のためのアンケートのお願い",
            f"ご利用に関するアンケート（所要時間約{mins}分）",
            f"【{svc.name}】お客様満足度調査へのご協力のお願い",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + c.pick(
                    "より良いサービスを提供するため、アンケートを実施しております。",
                    "先日はご利用いただき、ありがとうございました。サービス改善のため、アンケート"
                    "にご協力いただけますと幸いです。",
                )
            ),
            para(
                f"所要時間は{mins}分程度です。"
                + c.pick("回答期限は" + c.date(c.days(7, 20)) + "です。", "")
            ),
            link(c.pick("アンケートに回答する", "▼アンケートはこちら"), url),
            para(
                c.pick(
                    "ご回答いただいた内容は、統計的に処理し、サービス向上の目的にのみ使用いたしま"
                    "す。",
                    "ご回答いただいた方の中から抽選で、ギフトカードをプレゼントいたします。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "How did we do?",
            f"Tell us about your {svc.name} experience",
            f"Quick {mins}-minute survey",
            "We'd love your feedback",
        )
        blocks = [
            para(c.salute()),
            para(
                f"We'd love to hear about your recent experience. The survey takes about {mins} m"
                "inutes."
            ),
            button("Take the survey", url),
            para("Your feedback helps us improve."),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks, mailer=c.pick("system", "bulk"))


def event_registration(c: Ctx) -> Draft:
    svc = c.service("seminar", 0.0)
    day = c.days(5, 40).replace(hour=c.rng.choice((10, 13, 14, 15, 16, 18)), minute=0)
    if c.ja:
        title = c.pick(
            "DX推進セミナー",
            "中小企業のための情報セキュリティ対策セミナー",
            "人事労務 最新動向セミナー",
            "生成AI活用ウェビナー",
            "新製品説明会",
            "インボイス制度対応セミナー",
            "物流効率化フォーラム",
        )
        subject = c.pick(
            f"【お申し込み受付完了】{title}",
            f"{title} お申し込みありがとうございます",
            f"【参加登録完了】{title}（{day.month}/{day.day}開催）",
            f"{title} 参加用URLのご案内",
        )
        online = c.chance(0.6)
        blocks = [
            para(f"{c.my_org.name}\n{c.me.full} 様" if c.chance(0.6) else c.salute()),
            para(
                c.pick(
                    f"このたびは「{title}」にお申し込みいただき、誠にありがとうございます。\n以下"
                    "の内容でお申し込みを受け付けました。",
                    f"{title}へのご登録ありがとうございます。",
                )
            ),
            fields(
                [
                    (
                        "日時",
                        f"{c.date(day, weekday=True)} {day.hour}:00"
                        f"～{day.hour + c.rng.choice((1, 1, 2))}:30",
                    ),
                    (
                        "会場",
                        "オンライン（Zoomウェビナー）"
                        if online
                        else c.pick(
                            "東京国際フォーラム ホールB5",
                            "弊社本社セミナールーム",
                            "TKP貸会議室 ホール3A",
                        ),
                    ),
                    ("参加費", "無料"),
                ]
            ),
            link(
                "視聴用URL" if online else "会場アクセス",
                c.url(svc, f"webinar/{c.token(10)}", "access/")
                if not online
                else f"https://{svc.hosts[0]}/live/{c.token(10)}",
            ),
            para(
                c.pick(
                    "開催前日にリマインドメールをお送りいたします。",
                    "当日は開始10分前から入室いただけます。",
                    "ご都合が悪くなった場合は、お手数ですがキャンセルのご連絡をお願いいたします。",
                )
            ),
        ]
    else:
        title = c.pick(
            "Cloud Cost Optimization Webinar",
            "Product Roadmap Live",
            "Data Summit",
            "Security Best Practices Workshop",
            "Customer Meetup",
        )
        subject = c.pick(
            f"You're registered: {title}",
            f"Confirmation: {title} on {c.date(day)}",
            f"See you at {title}!",
        )
        blocks = [
            para(c.salute()),
            para(f"Thanks for registering for {title}."),
            fields(
                [
                    ("When", c.datetime(day)),
                    ("Where", c.pick("Online (Zoom)", "Online", "Convention Center, Hall 2")),
                ]
            ),
            button("Add to calendar", c.url(svc, f"events/{c.token(8)}/ics", "calendar")),
            para("We'll send a reminder the day before."),
        ]
    blocks += c.footer_blocks(svc, noreply=c.chance(0.5))
    d = c.service_draft(svc, subject, blocks)
    d.to = [c.work()]
    return d
