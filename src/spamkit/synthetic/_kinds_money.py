"""Cards, banks, bills and public bodies: usage notices, statements, transfers, bills."""

from __future__ import annotations

from datetime import timedelta

from . import people, phrases
from ._context import Ctx, Draft
from .render import button, fields, link, notes, para, pre, present

_MERCHANTS_JA = (
    "ＡＭＡＺＯＮ．ＣＯ．ＪＰ",
    "ｾﾌﾞﾝｲﾚﾌﾞﾝ",
    "ローソン",
    "ファミリーマート",
    "ENEOS",
    "モバイルＳｕｉｃａ",
    "ﾕﾆｸﾛ",
    "スターバックス",
    "ＡＰＰＬＥ．ＣＯＭ／ＢＩＬＬ",
    "NETFLIX.COM",
    "楽天市場",
    "イオン",
    "ヨドバシカメラ",
    "ﾏｸﾄﾞﾅﾙﾄﾞ",
    "東京電力エナジーパートナー",
    "出前館",
    "ビックカメラ",
    "ＧＯＯＧＬＥ＊ＹＯＵＴＵＢＥ",
    "ＵＢＥＲ　＊ＥＡＴＳ",
    "ニトリ",
    "マツモトキヨシ",
    "ＪＡＬ",
    "ＡＮＡ",
    "ドトールコーヒー",
    "コスモ石油",
)
_MERCHANTS_EN = (
    "AMAZON MKTPL*2X4Y",
    "WHOLEFDS #10234",
    "STARBUCKS STORE 0456",
    "SHELL OIL 5744",
    "NETFLIX.COM",
    "UBER *TRIP",
    "TARGET 00012345",
    "APPLE.COM/BILL",
    "SPOTIFY USA",
    "COSTCO WHSE #0112",
    "CVS/PHARMACY #0871",
    "DELTA AIR 0062",
    "HOME DEPOT #6721",
    "TRADER JOE'S #552",
)


_BANKS = ("三菱UFJ銀行", "みずほ銀行", "ゆうちょ銀行", "三井住友銀行", "りそな銀行", "楽天銀行")


def _card(c: Ctx):
    return c.service("card", 0.8)


def card_usage(c: Ctx) -> Draft:
    svc = _card(c)
    card = svc.word("card", svc.name)
    at = c.when - timedelta(minutes=c.rng.randrange(1, 240))
    amt = c.yen(108, 98000) if c.ja else round(c.rng.uniform(3, 900), 2)
    merchant = c.pick(*(_MERCHANTS_JA if c.ja else _MERCHANTS_EN))
    if c.ja:
        subject = c.pick(
            f"【{card}】ご利用のお知らせ",
            f"ご利用のお知らせ【{card}】",
            "カードご利用のお知らせ",
            f"【{svc.name}】カード利用のお知らせ",
            f"{card}ご利用内容のお知らせ",
            "ご利用確認のご連絡",
            f"【速報】{card}のご利用がありました",
        )
        rows = [
            ("ご利用日時", c.datetime(at)),
            ("ご利用先", merchant),
            ("ご利用金額", c.money(amt)),
        ]
        if c.chance(0.5):
            rows.insert(0, ("ご利用カード", f"{card}（末尾{c.rng.randrange(1000, 9999)}）"))
        if c.chance(0.3):
            rows.append(("ご利用取引", c.pick("買物", "ショッピング", "1回払い")))
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, card, "ja")
                + "\n"
                + c.pick(
                    "お客様のカードご利用内容をお知らせいたします。",
                    "カードのご利用がありましたので、お知らせいたします。",
                    "ご利用内容は以下のとおりです。",
                )
            ),
            fields(rows),
            para(
                c.pick(
                    "※ご利用内容が確定したものではありません。確定したご利用内容はご利用明細でご"
                    "確認ください。",
                    "※加盟店からの売上データにより、ご利用日時・金額が実際と異なる場合があります。",
                    "※本メールは、カードのご利用承認時に送信しています。",
                )
            ),
            para(
                c.pick(
                    f"ご利用内容にお心当たりがない場合は、{svc.word('member', '会員専用サイト')}"
                    "またはお電話にてお問い合わせください。",
                    "お心当たりのないご利用の場合は、裏面記載の電話番号までご連絡ください。",
                )
            ),
            link(
                c.pick(f"{svc.word('member', '会員専用サイト')}はこちら", "ご利用明細の確認", ""),
                c.url(svc, "", "member/", "mypage/meisai"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your ${amt:,.2f} transaction with {merchant}",
            "Transaction alert",
            f"A charge of ${amt:,.2f} was made on your card",
            "Card purchase notification",
            f"{svc.name} Alert: purchase exceeds the amount you set",
        )
        blocks = [
            para(c.pick("", c.salute())),
            para(
                c.pick(
                    f"You made a purchase of {c.money(amt)} at {merchant} on {c.date(at)}.",
                    f"A charge of {c.money(amt)} was authorized on your card ending in"
                    f" {c.rng.randrange(1000, 9999)}.",
                )
            ),
            fields([("Merchant", merchant), ("Amount", c.money(amt)), ("Date", c.datetime(at))]),
            para(
                "You are receiving this alert because you chose to be notified of card transactio"
                "ns. If you don't recognize this charge, please call the number on the back of yo"
                "ur card."
            ),
            link("Manage alerts", c.url(svc, "alerts", "account/alerts")),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, security=True)
    return c.service_draft(svc, subject, blocks)


def card_statement(c: Ctx) -> Draft:
    svc = _card(c)
    card = svc.word("card", svc.name)
    pay_day = c.days(8, 25)
    amt = c.yen(2000, 480000) if c.ja else round(c.rng.uniform(40, 4000), 2)
    if c.ja:
        subject = c.pick(
            f"【{card}】ご請求金額確定のお知らせ",
            f"{pay_day.month}月お支払い金額のご案内",
            "カードご利用代金明細書発行のお知らせ",
            f"【{svc.name}】{pay_day.month}月{pay_day.day}日お支払い分のご請求額確定",
            "WEB明細のご案内",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, card, "ja")
                + "\n"
                + c.pick(
                    f"{pay_day.month}月{pay_day.day}日お支払い分のご請求金額が確定しましたので、"
                    "お知らせいたします。",
                    "今月のご利用代金明細を発行いたしました。",
                )
            ),
            fields(
                [
                    ("お支払日", c.date(pay_day, weekday=True)),
                    ("お支払金額", c.money(amt)),
                    (
                        "お引落口座",
                        c.pick(
                            "ご登録の口座",
                            f"{c.pick(*_BANKS)} ****{c.rng.randrange(100, 999)}",
                        ),
                    ),
                ]
            ),
            para(
                c.pick(
                    f"ご利用明細の詳細は、{svc.word('member', '会員専用サイト')}でご確認いただけ"
                    "ます。",
                    f"明細は{svc.word('app', 'アプリ')}からもご確認いただけます。",
                )
            ),
            link(
                c.pick("ご利用明細を確認する", f"{svc.word('member', '会員専用サイト')}へ"),
                c.url(svc, "meisai/", "member/statement", ""),
            ),
            para(
                "※お支払日の前日までに、ご指定口座へのご入金をお願いいたします。"
                if c.chance(0.5)
                else ""
            ),
        ]
    else:
        subject = c.pick(
            "Your statement is ready",
            f"Your {pay_day.strftime('%B')} statement is available",
            f"{svc.name}: new statement available",
            "Your credit card statement is ready to view",
        )
        blocks = [
            para(c.salute()),
            para(
                "Your latest statement is now available online. Statement balance: "
                f"{c.money(amt)}. Minimum payment due: {c.money(max(25, round(amt * 0.02, 2)))} b"
                "y"
                f" {c.date(pay_day)}."
            ),
            button("View statement", c.url(svc, "statements", "account/statements")),
            para("To stop receiving paper statements, update your delivery preferences."),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, security=c.chance(0.4))
    return c.service_draft(svc, subject, blocks)


def bank_transfer(c: Ctx) -> Draft:
    svc = c.service("bank", 0.8)
    bank = svc.word("bank", svc.name)
    amt = c.yen(1000, 1_500_000) if c.ja else round(c.rng.uniform(20, 6000), 2)
    incoming = c.chance(0.6)
    if c.ja:
        payer = (
            people.half_width_kana(
                c.pick(
                    f"カ){people.ja_person(c.rng).family_kana}シヨウジ",
                    people.ja_person(c.rng).kana,
                    f"{people.ja_person(c.rng).kana}",
                    "キユウヨ",
                    "ゼイムシヨ",
                )
            )
            if c.chance(0.7)
            else people.ja_person(c.rng).kana
        )
        branch = c.pick(
            "本店営業部", "新宿支店", "梅田支店", "さくら支店", "ビジネス営業部", "第一営業部"
        )
        acct = f"{branch} 普通 ***{c.rng.randrange(1000, 9999)}"
        if incoming:
            subject = c.pick(
                f"【{bank}】振込入金のお知らせ",
                "入金のお知らせ",
                f"{bank} 入出金明細のお知らせ",
                "振込入金通知",
                "ご入金のお知らせ",
            )
            lead = c.pick(
                "お客様の口座に振込入金がありましたので、お知らせいたします。",
                "下記のとおり入金がありました。",
                "ご指定の口座への入金をお知らせいたします。",
            )
            rows = [
                ("入金日", c.date(c.when)),
                ("口座", acct),
                ("振込依頼人", payer),
                ("金額", c.money(amt)),
            ]
        else:
            subject = c.pick(
                f"【{bank}】振込受付のお知らせ",
                "お振込手続き完了のお知らせ",
                f"{bank}：振込予約受付完了",
                "振込受付完了のご連絡",
            )
            lead = c.pick(
                "以下の内容でお振込みを受け付けました。",
                "お振込のお手続きが完了しましたので、お知らせいたします。",
            )
            rows = [
                ("受付日時", c.datetime(c.when)),
                (
                    "振込先",
                    f"{c.pick(*_BANKS)} {c.pick('本店', '東京支店', '渋谷支店')} 普通 "
                    f"***{c.rng.randrange(1000, 9999)}",
                ),
                ("受取人名", payer),
                ("振込金額", c.money(amt)),
                ("振込手数料", c.money(c.pick(0, 145, 220, 330))),
            ]
        blocks = [
            para(c.salute()),
            para(phrases.customer_greeting(c.rng, bank, "ja") + "\n" + lead),
            fields(rows),
            para(
                c.pick(
                    f"お取引の詳細は{svc.word('member', 'インターネットバンキング')}でご確認くだ"
                    "さい。",
                    f"{svc.word('app', 'アプリ')}から入出金明細をご確認いただけます。",
                )
            ),
            link(c.pick("ログインはこちら", ""), c.url(svc, "", "login")),
        ]
    else:
        payer = c.pick(
            "ACME PAYROLL",
            people.en_person(c.rng).full.upper(),
            "IRS TREAS 310",
            "VENMO CASHOUT",
            "DIRECT DEP",
        )
        if incoming:
            subject = c.pick(
                "Deposit received",
                f"You received {c.money(amt)}",
                "Direct deposit posted to your account",
                "You've got money",
            )
            body = (
                f"A deposit of {c.money(amt)} from {payer} was posted to your account ending in "
                f"{c.rng.randrange(1000, 9999)} on {c.date(c.when)}."
            )
        else:
            subject = c.pick(
                "Your transfer is complete", f"Transfer of {c.money(amt)} scheduled", "Payment sent"
            )
            body = (
                f"Your transfer of {c.money(amt)} to {payer.title()} was completed on "
                f"{c.date(c.when)}."
            )
        blocks = [
            para(c.salute()),
            para(body),
            button("View account activity", c.url(svc, "activity", "accounts/summary")),
            para("You're receiving this because you set up account alerts."),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, security=True)
    return c.service_draft(svc, subject, blocks)


def direct_debit(c: Ctx) -> Draft:
    svc = c.service(c.pick("insurance", "telco", "school"), 0.5)
    fee = svc.word(
        "fee",
        c.t(
            c.pick("ご利用料金", "保険料", "月謝", "会費"),
            c.pick("monthly premium", "membership fee", "tuition"),
        ),
    )
    day = c.days(5, 20)
    amt = c.yen(1000, 40000, 10) if c.ja else round(c.rng.uniform(15, 600), 2)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】口座振替のお知らせ",
            f"{fee}の口座振替日のご案内",
            f"{day.month}月分 口座振替のお知らせ",
            "口座引き落としのお知らせ",
            f"{fee}のお支払いについて",
            f"【{svc.name}】{day.month}月{day.day}日 引き落とし予定のお知らせ",
            f"{fee}のお引き落としについて（{day.month}月分）",
            "ご請求予定額のお知らせ",
            "口座振替日のお知らせ",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"{day.month}月分の{fee}を、下記のとおりご指定の口座から振り替えさせていただ"
                    "きます。",
                    f"{fee}の口座振替日が近づいてまいりましたので、お知らせいたします。",
                )
            ),
            fields(
                [
                    ("振替日", c.date(day)),
                    ("振替金額", c.money(amt)),
                    (
                        "対象期間",
                        f"{day.month}月分"
                        if c.chance(0.6)
                        else f"{(day.month + 10) % 12 + 1}月・{day.month}月分",
                    ),
                ]
            ),
            para("振替日の前日までに、口座残高のご確認をお願いいたします。"),
            link(c.pick("お支払い状況の確認", ""), c.url(svc, "mypage/", "shiharai/")),
        ]
    else:
        subject = c.pick(
            f"Your {fee} will be debited on {c.date(day)}",
            "Upcoming automatic payment",
            "Your autopay is scheduled",
            f"Upcoming payment: {fee}",
            "Payment reminder - automatic debit",
        )
        blocks = [
            para(c.salute()),
            para(
                f"Your {fee} of {c.money(amt)} will be debited from your bank account on"
                f" {c.date(day)}."
            ),
            para("No action is needed."),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def _utility(
    c: Ctx,
    sector: str,
    unit: str,
    noun_ja: str,
    noun_en: str,
    lo: int,
    hi: int,
    brand_share: float = 0.0,
) -> Draft:
    svc = c.service(sector, brand_share)
    start = (c.when - timedelta(days=c.rng.randrange(28, 62))).replace(hour=0)
    end = start + timedelta(
        days=c.rng.choice((29, 30, 31, 60, 61)) if sector == "water" else c.rng.choice((29, 30, 31))
    )
    use = c.rng.randrange(lo, hi)
    amt = c.yen(use * 20, use * 45 + 2000) if c.ja else round(c.rng.uniform(40, 320), 2)
    cust = f"{c.rng.randrange(10**8, 10**10)}"
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】{end.month}月分{noun_ja}料金のお知らせ",
            f"{noun_ja}ご使用量のお知らせ（{end.month}月分）",
            f"{end.month}月分 {noun_ja}料金確定のお知らせ",
            f"【{svc.name}】請求金額確定のお知らせ",
            f"{noun_ja}料金のご案内",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + c.pick(
                    f"{end.month}月分の{noun_ja}ご使用量と料金をお知らせいたします。",
                    f"{noun_ja}料金が確定しましたので、お知らせいたします。",
                )
            ),
            fields(
                [
                    ("お客さま番号", cust),
                    ("ご使用期間", f"{c.date(start)}～{c.date(end)}"),
                    ("ご使用量", f"{use}{unit}"),
                    ("ご請求金額", c.money(amt) + c.pick("（税込）", "")),
                    ("お支払予定日", c.date(c.days(5, 25))),
                ]
            ),
            para(
                c.pick(
                    "料金の内訳は、会員サイトでご確認いただけます。",
                    "前年同月との比較やご使用量の推移は、マイページでご覧いただけます。",
                    "口座振替・クレジットカード払いのお客さまは、お手続きの必要はありません。",
                )
            ),
            link(
                c.pick("マイページにログイン", "料金明細を見る", ""),
                c.url(svc, "mypage/", "login", "member/"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your {noun_en} bill is ready",
            f"Your {end.strftime('%B')} {noun_en} statement",
            f"{svc.name}: new bill available",
            f"Your {noun_en} bill of {c.money(amt)} is due {c.date(c.days(10, 25))}",
        )
        blocks = [
            para(c.salute()),
            para(f"Your {noun_en} bill for {c.date(start)} - {c.date(end)} is now available."),
            fields(
                [
                    ("Account number", cust),
                    ("Usage", f"{use} {unit}"),
                    ("Amount due", c.money(amt)),
                    ("Due date", c.date(c.days(10, 25))),
                ]
            ),
            button("View bill", c.url(svc, "account/bill", "billing")),
            para("If you're enrolled in AutoPay, no action is needed."),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def electricity_bill(c: Ctx) -> Draft:
    return _utility(c, "power", "kWh", "電気", "electricity", 120, 780, brand_share=0.25)


def gas_bill(c: Ctx) -> Draft:
    return _utility(c, "gas", "m³" if c.chance(0.5) else "㎥", "ガス", "gas", 8, 90)


def water_bill(c: Ctx) -> Draft:
    return _utility(c, "water", "m³" if c.chance(0.5) else "㎥", "水道", "water", 10, 60)


def telco_bill(c: Ctx) -> Draft:
    svc = c.service("telco", 0.7)
    amt = c.yen(980, 16000) if c.ja else round(c.rng.uniform(15, 180), 2)
    m = (c.when - timedelta(days=20)).month
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご利用料金確定のお知らせ",
            f"{m}月ご利用分 料金のお知らせ",
            "ご利用料金のお知らせ",
            f"【{svc.word('member', svc.name)}】{m}月分のご請求額",
            "請求金額確定のご案内",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + f"{m}月ご利用分の料金が確定しました。"
            ),
            fields(
                [
                    ("ご請求金額", c.money(amt) + "（税込）"),
                    ("ご利用期間", f"{m}月1日～{m}月末日"),
                    ("お支払方法", c.pick("口座振替", "クレジットカード", "請求書払い")),
                ]
            ),
            para(
                f"詳しい内訳は{svc.word('member', 'マイページ')}または{svc.word('app', 'アプリ')}"
                "でご確認ください。"
            ),
            link(
                c.pick("料金明細を確認する", f"{svc.word('member', 'マイページ')}へ"),
                c.url(svc, "", "bill/", "mypage/charge"),
            ),
        ]
    else:
        subject = c.pick(
            "Your bill is ready",
            f"Your {svc.name} bill for {c.when.strftime('%B')}",
            "Your wireless statement is available",
            f"{svc.name}: payment due {c.date(c.days(10, 20))}",
        )
        blocks = [
            para(c.salute()),
            para(f"Your latest bill of {c.money(amt)} is now available."),
            button("View my bill", c.url(svc, "bill", "account/billing")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def etc_usage(c: Ctx) -> Draft:
    svc = c.service("card", 1.0)
    ics = (
        "首都高速 大井南",
        "東名 東京",
        "東名 厚木",
        "中央道 八王子",
        "関越 練馬",
        "名神 吹田",
        "阪神高速 湊町",
        "東北道 浦和",
        "常磐道 三郷",
        "京葉道 篠崎",
        "新東名 新静岡",
        "九州道 福岡",
    )
    trips = []
    total = 0
    for _ in range(c.rng.randrange(1, 5)):
        a, b = c.rng.sample(ics, 2)
        fee = c.rng.randrange(3, 60) * 50 + c.rng.choice((0, 10, 20))
        total += fee
        d = c.days(-30, -2)
        trips.append(f"{d.month:02d}/{d.day:02d}  {a} → {b}  {fee:,}円")
    subject = c.pick(
        f"【{svc.name}】利用明細のお知らせ",
        "ETC利用明細のご案内",
        f"{svc.name}：ご利用明細が確定しました",
        "ETCカード利用履歴のお知らせ",
        "【ETCマイレージ】ポイント還元のお知らせ"
        if "マイレージ" in svc.name
        else "ETC利用照会：明細登録のお知らせ",
        f"【{svc.name}】{c.when.month}月分ご利用明細",
        "ご利用明細確定のお知らせ",
        "ETC利用明細の発行について",
        f"{svc.name}：新しい利用明細があります",
    )
    blocks = [
        para(c.salute()),
        para(
            phrases.customer_greeting(c.rng, svc.name, "ja")
            + "\n"
            + c.pick(
                "ご登録の車載器・ETCカードのご利用明細をお知らせします。",
                "ご利用明細が確定しましたのでお知らせいたします。",
            )
        ),
        pre("\n".join(trips)),
        fields([("合計", c.money(total))]),
        link(c.pick("利用明細の詳細はこちら", "ログイン"), c.url(svc, "", "meisai/", "login")),
        notes(
            [
                "※料金は、ETCカード発行会社からのご請求額と異なる場合があります。",
                phrases.noreply_note(c.rng, "ja"),
            ]
        ),
    ]
    return c.service_draft(svc, subject, blocks + c.footer_blocks(svc, noreply=False))


def insurance_renewal(c: Ctx) -> Draft:
    svc = c.service("insurance", 0.0)
    end = c.days(20, 60)
    policy = f"{c.rng.randrange(10**7, 10**9)}"
    if c.ja:
        what = c.pick("自動車保険", "火災保険", "傷害保険", "医療保険", "自転車保険", "ペット保険")
        subject = c.pick(
            f"【{svc.name}】{what} 満期のご案内",
            f"{what}ご契約更新のお手続きについて",
            f"【重要】{what}の満期日が近づいています",
            f"{what}のご継続について",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n"
                + f"ご契約中の{what}が{c.date(end)}に満期を迎えます。"
            ),
            fields(
                [
                    ("証券番号", policy),
                    ("保険種類", what),
                    ("満期日", c.date(end)),
                    (
                        "更新後保険料",
                        c.money(c.yen(2000, 120000, 10)) + c.pick("（年額）", "（月額）"),
                    ),
                ]
            ),
            para(
                c.pick(
                    "継続をご希望の場合は、満期日までにお手続きをお願いいたします。",
                    "ご契約内容に変更がない場合は、自動継続となります。",
                    "補償内容の見直しをご希望の場合は、担当代理店までご相談ください。",
                )
            ),
            link(
                c.pick("ご契約者専用ページ", "継続手続きはこちら"),
                c.url(svc, "mypage/", "keizoku/"),
            ),
        ]
    else:
        what = c.pick("auto", "home", "renters", "travel", "pet")
        subject = c.pick(
            f"Your {what} insurance policy renews soon",
            f"Renewal notice: policy {policy}",
            "Your policy documents are ready",
        )
        blocks = [
            para(c.salute()),
            para(
                f"Your {what} policy {policy} is due to renew on {c.date(end)}. Your new premium "
                f"is {c.money(round(c.rng.uniform(20, 300), 2))} per month."
            ),
            button("Review my policy", c.url(svc, "policies", "account")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def government_notice(c: Ctx) -> Draft:
    svc = c.service("city", 0.0)
    if c.ja:
        case = c.rng.randrange(5)
        if case == 0:
            due = c.days(5, 25)
            subject = c.pick(
                f"【{svc.name}】市県民税 第{c.rng.randrange(1, 5)}期 納期限のお知らせ",
                "納期限のお知らせ",
                f"{svc.name}メール配信：税の納期限について",
            )
            body = [
                para(
                    f"市県民税（普通徴収）第{c.rng.randrange(1, 5)}期の納期限"
                    f"は{c.date(due, weekday=True)}です。\n口座振替をご利用の方は、前日までに残高"
                    "のご確認をお願いします。"
                ),
                para(
                    "納付はお近くの金融機関、コンビニエンスストア、スマートフォン決済アプリでも可"
                    "能です。"
                ),
            ]
        elif case == 1:
            subject = c.pick(
                f"【{svc.name}】電子申請 受付完了のお知らせ",
                "申請を受け付けました",
                f"{svc.name} 電子申請サービス 受付番号のお知らせ",
            )
            body = [
                para("電子申請サービスにて、以下の申請を受け付けました。"),
                fields(
                    [
                        (
                            "手続名",
                            c.pick(
                                "住民票の写しの交付申請",
                                "粗大ごみ収集の申込み",
                                "児童手当 現況届",
                                "保育所入所申込み",
                                "各種証明書の郵送請求",
                            ),
                        ),
                        ("受付番号", f"{c.rng.randrange(10**9, 10**10)}"),
                        ("受付日時", c.datetime(c.when)),
                    ]
                ),
                para("審査の結果は、後日あらためてご連絡いたします。"),
            ]
        elif case == 2:
            subject = c.pick(
                f"【{svc.name}防災メール】{c.pick('大雨警報', '避難所開設', '気象警報', '断水')}"
                "のお知らせ",
                f"{svc.name}防災情報",
            )
            body = [
                para(
                    c.pick(
                        "本日、市内に大雨警報が発表されました。\n今後の気象情報に注意し、早めの避"
                        "難を心がけてください。",
                        "台風接近に伴い、市内の指定避難所を開設しました。",
                        "水道管の破損により、一部地域で断水が発生しています。復旧作業を行っており"
                        "ます。",
                    )
                )
            ]
        elif case == 3:
            subject = c.pick(
                f"【{svc.name}】マイナンバーカード受け取りのご案内",
                "マイナンバーカード交付の準備ができました",
                f"{svc.name} 窓口予約完了のお知らせ",
            )
            body = [
                para(
                    c.pick(
                        "マイナンバーカードの交付準備が整いました。\n交付通知書、本人確認書類をお"
                        "持ちのうえ、市民課窓口にお越しください。",
                        f"窓口の来庁予約を承りました。予約日時：{c.datetime(c.days(3, 20))}",
                    )
                ),
                para("受付時間：平日8:30～17:15（第2・第4土曜日は9:00～12:00）"),
            ]
        else:
            subject = c.pick(
                f"【{svc.name}】子育て支援イベントのお知らせ",
                f"{svc.name}だより {c.when.month}月号",
                "健康診査のご案内",
            )
            body = [
                para(
                    c.pick(
                        "市内の保育施設で、子育て相談会を開催します。事前申込は不要です。",
                        "今月の市からのお知らせをお届けします。",
                        "特定健康診査の受診期間は今月末までです。まだ受診されていない方はお早めに"
                        "どうぞ。",
                    )
                )
            ]
        blocks = [
            *body,
            link(
                c.pick("詳しくは市ホームページをご覧ください", "詳細はこちら", ""),
                c.url(svc, f"kurashi/{c.rng.randrange(1000, 99999)}.html", "bousai/", "soshiki/"),
            ),
        ]
        blocks.append(
            notes(
                [
                    f"このメールは{svc.name}メール配信サービスに登録された方にお送りしています。"
                    if c.chance(0.6)
                    else "※このメールは送信専用です。",
                    f"発行：{svc.name}",
                ]
            )
        )
    else:
        subject = c.pick(
            f"{svc.name}: residence tax payment due",
            f"Notice from {svc.name}",
            f"{svc.name} - disaster information",
            f"{svc.name} newsletter for international residents",
        )
        blocks = [
            para(
                c.pick(
                    f"The deadline for the residence tax (installment {c.rng.randrange(1, 5)}) is"
                    f" {c.date(c.days(5, 25))}. You can pay at banks, convenience stores or with "
                    "a smartphone payment app.",
                    "A heavy rain warning has been issued for the city. Please check the latest w"
                    "eather information and prepare to evacuate early if necessary.",
                    "Free Japanese classes for adults start next month at the community center. P"
                    "lease register at the city office or online.",
                    "Your application for a certificate has been received. We will contact you on"
                    "ce it is ready.",
                )
            ),
            link(
                "More information",
                c.url(svc, f"english/{c.rng.randrange(100, 9999)}.html", "foreign/"),
            ),
            notes(
                [
                    f"You are receiving this email because you registered for the {svc.name} mail"
                    " service."
                ]
            ),
        ]
    blocks = present(blocks)
    return c.service_draft(svc, subject, blocks, mailer=c.pick("system", "bulk"))
