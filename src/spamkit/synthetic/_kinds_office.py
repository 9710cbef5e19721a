"""Business mail between people: invoices, quotations, orders, scheduling, notices.

Each function is one kind: it takes a :class:`~._context.Ctx` and returns a
:class:`~._context.Draft`.  Several phrasings per kind; greetings, closings and
signatures come from the shared pools (:mod:`.phrases`, :mod:`.people`).
"""

from __future__ import annotations

from datetime import timedelta

from . import people
from ._context import Ctx, Draft, letter, person_draft
from .compose import Attachment, fake_pdf, fake_xlsx, ics_invite
from .render import bullets, fields, para

_ITEMS_JA = (
    "Webサイト保守業務",
    "システム開発業務（第2フェーズ）",
    "事務用品一式",
    "パンフレット印刷（3,000部）",
    "コンサルティング業務",
    "サーバー保守費用",
    "翻訳業務",
    "撮影・編集業務",
    "清掃業務委託",
    "広告運用代行",
    "ソフトウェアライセンス（年間）",
    "複合機リース料",
    "配送業務委託",
    "会議室利用料",
    "部品加工（SUS304）",
    "梱包資材",
    "展示会ブース施工",
    "人材派遣料",
    "デザイン制作費",
    "保守部品一式",
)
_ITEMS_EN = (
    "Website maintenance",
    "Consulting services",
    "Software licenses (annual)",
    "Design work, phase 2",
    "Catering for the team offsite",
    "Equipment rental",
    "Translation services",
    "Campaign management",
    "Cloud hosting",
    "Brochure printing (2,500 copies)",
    "Data migration project",
    "Office cleaning",
)
_BANKS_JA = (
    "三菱UFJ銀行",
    "三井住友銀行",
    "みずほ銀行",
    "りそな銀行",
    "ゆうちょ銀行",
    "楽天銀行",
    "PayPay銀行",
    "{s}信用金庫",
    "{s}銀行",
)
_BRANCHES = (
    "本店営業部",
    "新宿支店",
    "渋谷支店",
    "梅田支店",
    "名古屋支店",
    "横浜支店",
    "丸の内支店",
    "品川支店",
    "博多支店",
    "大宮支店",
)


def _month(c: Ctx) -> str:
    d = c.when - timedelta(days=c.rng.randrange(0, 25))
    return f"{d.month}月分" if c.ja else d.strftime("%B")


def _bank_line(c: Ctx, org: people.Company) -> str:
    stem = c.rng.choice(people._JA_STEMS_LIST)[0]
    bank = c.rng.choice(_BANKS_JA).format(s=stem)
    kind = c.pick("普通", "当座", "普通預金")
    acct = f"{c.rng.randrange(10**6, 10**7)}"
    holder = people.half_width_kana(org.short) if c.chance(0.3) else org.name
    return f"{bank} {c.rng.choice(_BRANCHES)} {kind} {acct} {holder}"


def _pdf(c: Ctx, base: str, ref: str) -> Attachment:
    name = c.pick(
        f"{base}_{ref}.pdf",
        f"{base}（{c.my_org.short}様）.pdf" if c.ja else f"{base}-{ref}.pdf",
        f"{ref}.pdf",
        f"{base}.pdf",
    )
    return Attachment(name, "application/pdf", fake_pdf(c.rng))


# --- money between companies --------------------------------------------------------------


def invoice(c: Ctx) -> Draft:
    p, org = c.partner(role="finance")
    ref = c.ref("invoice")
    total = c.yen(8_000, 3_800_000, 10)
    due = c.days(14, 45)
    if c.ja:
        month = _month(c)
        item = c.pick(*_ITEMS_JA)
        subject = c.pick(
            f"【請求書送付】{month}ご請求の件",
            f"請求書送付のご案内（{org.short}）",
            f"{month} 請求書のご送付",
            f"【{org.short}】請求書のご送付（{ref}）",
            "請求書をお送りします",
            f"{item}の請求書について",
            f"請求書送付の件（{c.my_org.short}様）",
        )
        style = c.rng.randrange(3)
        if style == 0:
            body = [
                para(
                    c.pick(
                        f"{month}の請求書をお送りいたします。\n添付ファイルにてご確認いただけます"
                        "でしょうか。",
                        f"{month}のご請求書を添付にてお送りいたします。\nご査収のほど、よろしくお"
                        "願い申し上げます。",
                        f"{month}の請求書を PDF にてお送りいたしますので、ご確認ください。",
                    )
                ),
                para(
                    f"お支払期日は{c.date(due)}となっております。"
                    if c.chance(0.7)
                    else "お支払いについては、従来どおり月末締め翌月末払いにてお願いいたします。"
                ),
            ]
        elif style == 1:
            body = [
                para("標記の件につきまして、下記のとおりご請求申し上げます。"),
                fields(
                    [
                        ("請求書番号", ref),
                        ("件名", item),
                        ("ご請求金額", c.money(total) + c.pick("（税込）", "", "（消費税10%込）")),
                        ("お支払期限", c.date(due)),
                        ("お振込先", _bank_line(c, org)),
                    ],
                    title=c.pick("ご請求内容", "", ""),
                ),
                para(
                    c.pick(
                        "恐れ入りますが、振込手数料は貴社にてご負担くださいますようお願いいたしま"
                        "す。",
                        "請求書原本は別途郵送いたします。",
                        "詳細は添付の請求書をご確認ください。",
                    )
                ),
            ]
        else:
            body = [
                para(
                    f"先日納品いたしました「{item}」の請求書を添付にてお送りします。\n内容をご確"
                    f"認のうえ、{c.date(due)}までにお振込みいただけますと幸いです。"
                ),
                para(
                    c.pick(
                        "ご不明な点がございましたら、お気軽にお問い合わせください。",
                        "記載内容に不備などございましたら、ご連絡いただけますと幸いです。",
                        "",
                    )
                ),
            ]
        body = [b for b in body if b.text or b.items]
        att = [_pdf(c, c.pick("請求書", "御請求書", "請求書_" + month), ref)]
    else:
        item = c.pick(*_ITEMS_EN)
        subject = c.pick(
            f"Invoice {ref} from {org.name_en if org.language == 'ja' else org.short}",
            f"Invoice #{ref}",
            f"Your invoice for {_month(c)}",
            f"Invoice attached - {item}",
            f"{org.short}: invoice {ref}",
        )
        body = [
            para(
                c.pick(
                    f"Please find attached invoice {ref} for {c.money(total / 100)}, due on"
                    f" {c.date(due)}.",
                    f"Attached is our invoice for {item.lower()} ({c.money(total / 100)}). Paymen"
                    f"t is due by {c.date(due)}.",
                    f"I've attached the invoice for {_month(c)}. The total comes to"
                    f" {c.money(total / 100)}, payable within 30 days.",
                )
            ),
            para(
                c.pick(
                    "Let me know if you have any questions.",
                    "Bank details are on the invoice.",
                    "Please let me know if you need a PO number added.",
                    "",
                )
            ),
        ]
        body = [b for b in body if b.text]
        att = [_pdf(c, "Invoice", ref)]
    return person_draft(c, p, subject, letter(c, p, org, body), attachments=att)


def quotation(c: Ctx) -> Draft:
    p, org = c.partner(role="sales")
    ref = c.ref("invoice").replace("INV", "Q")
    total = c.yen(30_000, 9_000_000, 100)
    if c.ja:
        item = c.pick(*_ITEMS_JA)
        subject = c.pick(
            f"お見積書送付のご案内（{item}）",
            f"【お見積書】{item}の件",
            f"{item}のお見積りについて",
            "御見積書の送付",
            f"見積書送付の件（{ref}）",
            f"Re: {item}のお見積り依頼",
        )
        refs = []
        if subject.startswith("Re:"):
            refs = [f"{c.token(16)}@{c.my_org.domain}"]
        body = [
            para(
                c.pick(
                    "先日はお問い合わせいただき、誠にありがとうございました。\nご依頼いただきま"
                    f"した「{item}」のお見積書をお送りいたします。",
                    "ご依頼の件につきまして、お見積書を作成いたしましたので添付にてお送りいたしま"
                    "す。",
                    f"「{item}」につきまして、下記のとおりお見積り申し上げます。",
                )
            ),
            fields(
                [
                    ("件名", item),
                    ("お見積金額", c.money(total) + c.pick("（税抜）", "（税込）", "")),
                    (
                        "納期",
                        c.pick(
                            "ご発注後 約2週間",
                            "ご発注後 1か月程度",
                            "別途ご相談",
                            f"{c.date(c.days(20, 60))}",
                        ),
                    ),
                    (
                        "有効期限",
                        c.pick("発行日より30日間", "発行日より1か月", c.date(c.days(25, 40))),
                    ),
                ]
            )
            if c.chance(0.6)
            else para(f"お見積金額は {c.money(total)}（税抜）となっております。"),
            para(
                c.pick(
                    "ご検討のほど、よろしくお願い申し上げます。",
                    "仕様や数量の変更がございましたら、再度お見積りいたしますのでお申し付けくださ"
                    "い。",
                    "ご不明な点がございましたら、お気軽にお問い合わせください。",
                )
            ),
        ]
        att = [_pdf(c, c.pick("御見積書", "見積書", "お見積書"), ref)]
        if c.chance(0.15):
            att.append(
                Attachment(
                    c.pick("見積明細.xlsx", "御見積書_明細.xlsx"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    fake_xlsx(c.rng),
                )
            )
        return person_draft(
            c,
            p,
            subject,
            letter(c, p, org, body, closing=""),
            attachments=att,
            in_reply_to=refs[0] if refs else None,
            references=refs,
        )
    item = c.pick(*_ITEMS_EN)
    subject = c.pick(
        f"Quote for {item.lower()}",
        f"Quotation {ref}",
        f"Re: pricing for {item.lower()}",
        f"Proposal and quote - {item}",
    )
    body = [
        para(
            c.pick(
                f"Thanks for reaching out. Attached is our quote for {item.lower()}, totalling"
                f" {c.money(total / 100)}.",
                f"As discussed, please find our quotation ({ref}) attached. The quote is valid fo"
                "r 30 days.",
                f"Here's the quote you asked for. Pricing is {c.money(total / 100)} excluding tax"
                f"; lead time is about {c.rng.randrange(2, 7)} weeks.",
            )
        ),
        para(
            c.pick(
                "Happy to walk through it on a call if that helps.",
                "Let me know if you'd like to adjust the scope.",
                "Looking forward to working with you.",
            )
        ),
    ]
    refs = [f"{c.token(16)}@{c.my_org.domain}"] if subject.startswith("Re:") else []
    return person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body),
        attachments=[_pdf(c, "Quote", ref)],
        in_reply_to=refs[0] if refs else None,
        references=refs,
    )


def purchase_order(c: Ctx) -> Draft:
    p, org = c.partner()
    ref = c.ref("order")
    qty = c.rng.randrange(1, 500)
    if c.ja:
        item = c.pick(*_ITEMS_JA)
        subject = c.pick(
            f"【発注】{item}の件",
            f"注文書送付のご案内（{ref}）",
            "発注書の送付について",
            f"{item} ご発注のお願い",
            f"注文書（{org.short}）",
        )
        body = [
            para(
                c.pick(
                    "先日お見積りいただいた件につきまして、下記のとおり発注いたします。",
                    "お見積りいただきありがとうございました。社内決裁が下りましたので、注文書をお"
                    "送りいたします。",
                    "標記の件、添付の注文書のとおり発注させていただきます。",
                )
            ),
            fields(
                [
                    ("注文番号", ref),
                    ("品名", item),
                    ("数量", f"{qty}{c.pick('個', '式', '台', 'ケース', '本')}"),
                    ("納期", c.date(c.days(7, 60))),
                    ("納品場所", c.pick("弊社本社", "弊社倉庫", c.my_org.address)),
                ]
            ),
            para(
                c.pick(
                    "お手数ですが、注文請書のご返送をお願いいたします。",
                    "納期に変更がある場合は、事前にご連絡いただけますと幸いです。",
                    "受領のご連絡をいただけますと助かります。",
                )
            ),
        ]
        att = [_pdf(c, c.pick("注文書", "発注書"), ref)]
    else:
        item = c.pick(*_ITEMS_EN)
        subject = c.pick(
            f"PO {ref} - {item}", f"Purchase order {ref}", f"Order confirmation: {item}"
        )
        body = [
            para(
                c.pick(
                    f"Please find attached purchase order {ref} for {item.lower()} (qty {qty}).",
                    f"We'd like to go ahead with the quote. PO {ref} is attached; requested deliv"
                    f"ery is {c.date(c.days(7, 45))}.",
                )
            ),
            para(
                c.pick(
                    "Please confirm receipt and the expected ship date.",
                    "Invoices should reference the PO number.",
                    "",
                )
            ),
        ]
        body = [b for b in body if b.text]
        att = [_pdf(c, "PO", ref)]
    writer = c.me
    # The buyer (our side) writes to the supplier.
    blocks = letter(c, writer, c.my_org, body, reader=p, reader_org=org)
    d = person_draft(c, writer, subject, blocks, attachments=att)
    d.to = [(p.full if c.ja else (p.full if p.language == "en" else p.roma), p.email)]
    return d


def payment_reminder(c: Ctx) -> Draft:
    p, org = c.partner(role="finance")
    ref = c.ref("invoice")
    total = c.yen(20_000, 2_000_000, 10)
    due = c.days(-20, -3)
    second = c.chance(0.4)
    if c.ja:
        subject = c.pick(
            f"お支払い状況のご確認（請求書番号：{ref}）",
            "ご入金確認のお願い",
            f"【ご確認】{due.month}月{due.day}日期日のお支払いについて",
            "お振込みについてのご確認",
            "Re: 請求書送付のご案内",
            f"【ご確認のお願い】{due.month}月分ご請求について",
            "お支払期日経過のご連絡",
            f"請求書（{ref}）のお支払いについて",
            f"ご入金のお願い（{org.short}）",
            "【再送】お支払いのご確認" if second else "ご入金状況のご確認",
            "未入金のご確認",
        )
        lines = [
            c.pick(
                f"{c.date(due)}をお支払期日としておりました請求書（{ref}）につきまして、本日時点"
                "でご入金の確認がとれておりません。",
                f"先日お送りいたしました請求書（{c.money(total)}）につきまして、弊社にてまだ入金"
                "を確認できておりません。",
            ),
            c.pick(
                "お手数ですが、ご確認いただけますでしょうか。",
                "行き違いでお支払いいただいている場合は、ご容赦ください。",
                "ご多忙のところ恐縮ですが、お支払い予定日をお知らせいただけますと幸いです。",
                "経理ご担当者様にご確認いただき、状況をお知らせいただけますと助かります。",
                "既にお手続き済みでしたら、本メールは破棄していただいて構いません。",
            ),
        ]
        if c.chance(0.4):
            lines.append("念のため、請求書を再度添付いたします。")
        if second:
            lines.insert(0, "再度のご連絡となり恐縮ですが、")
            lines[0:2] = [lines[0] + lines[1]]
        body = [para("\n".join(lines))]
    else:
        subject = c.pick(
            f"Payment reminder: invoice {ref}",
            f"Overdue invoice {ref}",
            f"Friendly reminder - invoice {ref}",
            f"Second reminder: invoice {ref}" if second else f"Invoice {ref} past due",
        )
        body = [
            para(
                c.pick(
                    f"Just a friendly reminder that invoice {ref} for {c.money(total / 100)} was "
                    f"due on {c.date(due)}. We haven't received payment yet.",
                    f"Our records show invoice {ref} ({c.money(total / 100)}) is now"
                    f" {c.rng.randrange(3, 30)} days past due.",
                )
                + (" This is our second reminder." if second else "")
            ),
            para(
                c.pick(
                    "If you've already paid, please disregard this email.",
                    "Could you let me know when we can expect payment?",
                    "Please let us know if there's an issue with the invoice.",
                )
            ),
        ]
    refs = [f"{c.token(16)}@{org.domain}"] if subject.startswith("Re:") else []
    return person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body),
        in_reply_to=refs[0] if refs else None,
        references=refs,
    )


# --- scheduling and meetings -------------------------------------------------------------


def _slots(c: Ctx, n: int) -> list[str]:
    out = []
    day = c.when
    for _ in range(n):
        day = day + timedelta(days=c.rng.randrange(1, 4))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        h = c.rng.choice((10, 11, 13, 14, 15, 16, 17))
        if c.ja:
            out.append(
                f"{day.month}月{day.day}日（{'月火水木金土日'[day.weekday()]}）{h}:00～{h + 1}:00"
            )
        else:
            out.append(
                f"{day.strftime('%a %b')} {day.day}, {h % 12 or 12}{'am' if h < 12 else 'pm'}"
                f"-{(h + 1) % 12 or 12}{'am' if h + 1 < 12 else 'pm'}"
            )
    return out


def meeting_scheduling(c: Ctx) -> Draft:
    p, org = c.partner(role="sales")
    slots = _slots(c, c.rng.randrange(2, 5))
    if c.ja:
        topic = c.pick(
            "新サービスのご紹介",
            "次期プロジェクトのお打ち合わせ",
            "お見積り内容のご説明",
            "定例会",
            "導入スケジュールのご相談",
            "契約内容の確認",
            "キックオフミーティング",
        )
        subject = c.pick(
            f"{topic}の日程調整のお願い",
            f"【日程調整】{topic}",
            "お打ち合わせ日程のご相談",
            f"{topic}について（日程のご相談）",
            f"Re: {topic}の件",
        )
        body = [
            para(
                c.pick(
                    f"{topic}の件で、お打ち合わせのお時間をいただけますと幸いです。\n以下の日程で"
                    "ご都合はいかがでしょうか。",
                    f"先日お話しした{topic}につきまして、一度お打ち合わせの機会をいただきたく存じ"
                    "ます。\n下記の候補日時のうち、ご都合のよい日時をお知らせください。",
                )
            ),
            bullets(slots),
            para(
                c.pick(
                    "場所は貴社にお伺いする形でも、オンライン（Teams）でも問題ございません。",
                    "オンライン（Zoom）での実施を想定しております。",
                    "上記以外の日程でも調整いたしますので、お気軽にお申し付けください。",
                    "ご都合が合わない場合は、候補日をいくつかいただけますと幸いです。",
                )
            ),
        ]
    else:
        topic = c.pick(
            "the Q3 roadmap",
            "next steps on the proposal",
            "the integration",
            "the contract renewal",
            "the pilot results",
            "the onboarding plan",
        )
        subject = c.pick(
            f"Meeting to discuss {topic}",
            "Scheduling a call",
            f"Time to chat about {topic}?",
            f"Re: {topic}",
            "Availability next week",
        )
        body = [
            para(
                c.pick(
                    f"Would you have 30 minutes next week to discuss {topic}? A few options that "
                    "work on my end:",
                    f"I'd love to find time to go over {topic}. Do any of these work for you?",
                )
            ),
            bullets(slots),
            para(
                c.pick(
                    "Happy to send a Teams invite once we settle on a time.",
                    "If none of these work, feel free to suggest another time.",
                    "I'll send a calendar invite with a Zoom link.",
                )
            ),
        ]
    refs = [f"{c.token(20)}@{c.my_org.domain}"] if subject.startswith("Re:") else []
    att = []
    if c.chance(0.12):
        att.append(
            Attachment(
                "invite.ics",
                "text/calendar",
                ics_invite(c.rng, topic, c.days(2, 10), 60, p.email, org.domain),
            )
        )
    return person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body),
        in_reply_to=refs[0] if refs else None,
        references=refs,
        attachments=att,
    )


def minutes(c: Ctx) -> Draft:
    internal = c.chance(0.5)
    if internal:
        p, org = c.colleague(), c.my_org
    else:
        p, org = c.partner()
    met = c.days(-6, -1)
    if c.ja:
        topic = c.pick(
            "定例会",
            "進捗会議",
            "キックオフミーティング",
            "営業会議",
            "プロジェクト定例",
            "要件定義打ち合わせ",
            "製品説明会",
        )
        subject = c.pick(
            f"【議事録】{met.month}/{met.day} {topic}",
            f"{topic}議事録の送付",
            f"{met.month}月{met.day}日 {topic} 議事録",
            f"議事録（{topic}）のご共有",
        )
        body = [
            para(
                c.pick(
                    f"{met.month}月{met.day}日の{topic}の議事録を共有いたします。\n内容に誤りや追"
                    "記事項がございましたら、ご指摘ください。",
                    f"先日はお時間をいただき、ありがとうございました。\n{topic}の議事録をお送りい"
                    "たしますので、ご確認をお願いいたします。",
                )
            ),
            fields(
                [
                    ("日時", f"{c.date(met)} {c.rng.choice((10, 13, 14, 15, 16))}:00～"),
                    (
                        "場所",
                        c.pick("本社 3F 会議室A", "オンライン（Teams）", "貴社会議室", "Zoom"),
                    ),
                    (
                        "出席者",
                        f"{c.me.family}、{p.family}、{people.ja_person(c.rng).family}（敬称略）",
                    ),
                ],
                title=c.pick("概要", ""),
            ),
            bullets(
                [
                    c.pick(
                        "次回リリースは予定どおり進める",
                        "見積りの再提出を行う",
                        "仕様変更点を整理し共有する",
                        "テスト環境の準備状況を確認",
                    ),
                    c.pick(
                        "課題一覧を更新する（担当：" + p.family + "）",
                        "次回までに資料を修正する",
                        "スケジュールを1週間後ろ倒しとする",
                    ),
                    c.pick(f"次回は{c.date(c.days(5, 14))}に実施", "次回日程は別途調整"),
                ]
            ),
        ]
    else:
        topic = c.pick(
            "weekly sync",
            "project kickoff",
            "design review",
            "quarterly business review",
            "status meeting",
        )
        subject = c.pick(
            f"Minutes: {topic} ({met.strftime('%b')} {met.day})",
            f"Notes from our {topic}",
            f"{topic.capitalize()} - notes and action items",
            f"Recap: {topic}",
        )
        body = [
            para(
                c.pick(
                    f"Thanks everyone for joining the {topic}. Notes and action items below.",
                    f"Here's a quick recap of today's {topic}.",
                )
            ),
            bullets(
                [
                    c.pick(
                        "Timeline stays as planned",
                        "Scope for phase 2 agreed",
                        "Budget approval pending",
                    ),
                    c.pick(
                        f"{p.given_roma if p.language == 'ja' else p.given} to share the updated "
                        "deck",
                        "Follow up on open tickets",
                        "Draft the rollout plan",
                    ),
                    c.pick("Next meeting in two weeks", "We'll revisit pricing next time"),
                ]
            ),
        ]
    d = person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body, internal=internal),
        sender_kind="internal" if internal else "person",
    )
    if internal and c.chance(0.5):
        d.to = [
            ("", c.pick("project-team", "eigyo", "sales", "dev", "all") + "@" + c.my_org.domain)
        ]
    if c.chance(0.3):
        d.attachments = [
            Attachment(
                c.pick("議事録.docx", f"議事録_{met:%Y%m%d}.docx")
                if c.ja
                else f"minutes_{met:%Y%m%d}.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                fake_xlsx(c.rng),
            )
        ]
    return d


def thanks_after_meeting(c: Ctx) -> Draft:
    p, org = c.partner(role="sales")
    if c.ja:
        subject = c.pick(
            "本日のお打ち合わせのお礼",
            "先日はありがとうございました",
            f"御礼（{org.short} {p.family}）",
            "ご面談のお礼",
            "昨日のお礼",
            f"【御礼】{c.when.month}/{c.when.day}のお打ち合わせ",
            f"本日はありがとうございました（{org.short}）",
            "ご来社のお礼",
            "展示会ご来場のお礼",
            "お打ち合わせのお礼と今後の進め方について",
            "先日のご商談の御礼",
        )
        body = [
            para(
                c.pick(
                    "本日はご多忙の中、お時間をいただき誠にありがとうございました。\nいただいたご"
                    "意見をもとに、社内で検討を進めてまいります。",
                    "先日はお打ち合わせのお時間をいただき、ありがとうございました。\n貴重なお話を"
                    "伺うことができ、大変参考になりました。",
                    "昨日は弊社までお越しいただき、誠にありがとうございました。",
                )
            ),
            para(
                c.pick(
                    "ご依頼いただいた資料につきましては、今週中にお送りいたします。",
                    "次回のお打ち合わせの日程については、改めてご連絡いたします。",
                    "引き続きどうぞよろしくお願いいたします。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "Thanks for today",
            "Great meeting you",
            "Follow-up from our call",
            "Thank you for your time",
            "Thanks for meeting with us",
            "Great to connect today",
            "Nice meeting you at the expo",
            "Recap and next steps",
            f"Thank you - {org.short if org.language == 'en' else org.name_en}",
        )
        body = [
            para(
                c.pick(
                    "Thanks again for taking the time to meet today. It was great to learn more a"
                    "bout your team's plans.",
                    "Really appreciated the conversation earlier.",
                )
            ),
            para(
                c.pick(
                    "As promised, I'll send over the case study later this week.",
                    "I'll follow up with a proposal by Friday.",
                    "Let me know if any questions come up in the meantime.",
                )
            ),
        ]
    return person_draft(
        c,
        p,
        subject,
        letter(
            c,
            p,
            org,
            body,
            closing=c.t(
                "今後ともよろしくお願いいたします。", c.pick("Best,", "Thanks,", "Best regards,")
            ),
        ),
    )


def personnel_greeting(c: Ctx) -> Draft:
    p, org = c.partner(role="sales")
    successor = people.person_at(c.rng, org)
    if c.ja:
        subject = c.pick(
            "異動のご挨拶",
            "担当者変更のお知らせ",
            "着任のご挨拶",
            "【ご挨拶】担当交代のお知らせ",
            "退職のご挨拶",
            "【ご挨拶】着任のお知らせ",
            f"担当変更のご挨拶（{org.short}）",
            "新任のご挨拶",
            "後任担当者のご紹介",
            "退任のご挨拶と後任のご紹介",
            f"異動のご挨拶（{org.short} {p.family}）",
        )
        body = [
            para(
                c.pick(
                    f"私事で恐縮ですが、{c.when.month}月{c.rng.randrange(1, 28)}日付"
                    f"で{c.pick('大阪支店', '本社営業企画部', '名古屋営業所', '経営企画部')}へ異"
                    "動することとなりました。\n在任中は大変お世話になり、心より御礼申し上げます"
                    "。",
                    f"このたび、{c.date(c.days(3, 20))}付で貴社の担当が{successor.family}に変更と"
                    "なりますので、ご連絡いたします。",
                    f"{c.when.month}月より貴社を担当させていただくことになりました、{p.family}と"
                    f"申します。\n前任の{successor.family}同様、どうぞよろしくお願いいたします。",
                )
            ),
            para(
                c.pick(
                    f"後任は{successor.full}が務めさせていただきます。",
                    "引き継ぎは万全を期しておりますので、ご安心ください。",
                    "近日中に改めてご挨拶に伺えればと存じます。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "Introducing your new account manager",
            "A quick note on my new role",
            "Change of contact",
            "Moving on",
            f"New point of contact at {org.short if org.language == 'en' else org.name_en}",
            "Farewell and an introduction",
            "Welcome your new account manager",
        )
        body = [
            para(
                c.pick(
                    "I wanted to let you know that I'm moving to a new role, and"
                    f" {successor.full if successor.language == 'en' else successor.roma} will be"
                    " your main contact going forward.",
                    "I'm excited to be taking over your account and look forward to working with "
                    "you.",
                )
            )
        ]
    return person_draft(
        c,
        p,
        subject,
        letter(
            c,
            p,
            org,
            body,
            closing=c.t(
                "今後とも変わらぬご厚誼を賜りますよう、よろしくお願い申し上げます。",
                "Best regards,",
            ),
        ),
        cc=[(successor.full, successor.email)] if c.chance(0.5) else [],
    )


# --- notices from suppliers -----------------------------------------------------------------


def holiday_closure(c: Ctx) -> Draft:
    p, org = c.partner()
    season = c.pick("年末年始", "夏季", "ゴールデンウィーク", "お盆")
    start = c.days(7, 30)
    end = start + timedelta(days=c.rng.randrange(3, 9))
    if c.ja:
        subject = c.pick(
            f"{season}休業のお知らせ",
            f"【{org.short}】{season}休業期間のご案内",
            f"{season}の営業について",
            f"{season}休業期間中の対応について",
        )
        body = [
            para(
                c.pick(
                    f"誠に勝手ながら、弊社では下記の期間を{season}休業とさせていただきます。",
                    f"さて、弊社の{season}休業につきまして、下記のとおりご案内申し上げます。",
                )
            ),
            fields(
                [
                    ("休業期間", f"{c.date(start, weekday=True)}～{c.date(end, weekday=True)}"),
                    ("営業開始", c.date(end + timedelta(days=1), weekday=True)),
                ]
            ),
            para(
                c.pick(
                    "休業期間中にいただいたお問い合わせにつきましては、営業開始日より順次対応させ"
                    "ていただきます。",
                    "期間中のご注文・出荷につきましては、休業明けの対応となります。",
                    "ご不便をおかけしますが、何卒ご了承くださいますようお願い申し上げます。",
                )
            ),
        ]
        warm = True
    else:
        season = c.pick("holiday", "year-end", "summer")
        subject = c.pick(
            f"Office closure for the {season} break",
            f"{org.short if org.language == 'en' else org.name_en} {season} closure",
            "Holiday hours",
        )
        body = [
            para(
                f"Please note our office will be closed from {c.date(start)} to {c.date(end)}. We"
                f"'ll be back on {c.date(end + timedelta(days=1))}."
            ),
            para(
                c.pick(
                    "Orders placed during this period will ship when we reopen.",
                    "For urgent matters, please contact your account manager directly.",
                )
            ),
        ]
        warm = True
    d = person_draft(c, p, subject, letter(c, p, org, body, warm=warm, intro=c.chance(0.4)))
    if c.chance(0.5):
        d.mailer = "system"
        d.to = [("", c.me.email)]
        d.house = f"{org.domain}/holiday"
        d.sender_kind = "company"
    return d


def price_revision(c: Ctx) -> Draft:
    p, org = c.partner(sector="maker", role="sales")
    when = c.days(30, 90)
    pct = c.rng.randrange(3, 20)
    if c.ja:
        subject = c.pick(
            "価格改定のお知らせ",
            f"【重要】{when.year}年{when.month}月出荷分からの価格改定について",
            "製品価格改定のお願い",
            "価格改定に関するご案内",
            f"【重要】価格改定のご案内（{when.month}月{when.day}日出荷分より）",
            "一部製品価格改定についてのお願い",
            "運賃・送料改定のお知らせ",
            f"価格改定のお知らせ（{org.short}）",
            "製品価格および納期に関するお知らせ",
        )
        body = [
            para(
                c.pick(
                    "さて、昨今の原材料価格およびエネルギーコストの高騰により、弊社におきましても"
                    "企業努力による吸収が困難な状況となっております。",
                    "原材料費・物流費の上昇が続いており、誠に不本意ながら、下記のとおり価格を改定"
                    "させていただくこととなりました。",
                )
            ),
            fields(
                [
                    (
                        "対象製品",
                        c.pick("弊社製品全般", "別紙記載の製品", "梱包資材全品", "標準品シリーズ"),
                    ),
                    ("改定率", f"約{pct}%"),
                    ("実施時期", f"{c.date(when)}出荷分より"),
                ]
            ),
            para("何卒事情をご賢察のうえ、ご理解を賜りますようお願い申し上げます。"),
        ]
    else:
        subject = c.pick(
            "Price adjustment notice",
            f"Updated pricing effective {when.strftime('%B')} {when.day}",
            "Important: price changes",
        )
        body = [
            para(
                "Due to rising material and shipping costs, prices on"
                f" {c.pick('our standard catalog', 'most product lines', 'selected items')} will "
                f"increase by about {pct}% effective {c.date(when)}."
            ),
            para("Orders placed before that date will be honored at current pricing."),
        ]
    return person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body),
        attachments=[_pdf(c, c.t("価格改定のお知らせ", "price-list"), f"{when:%Y%m}")]
        if c.chance(0.5)
        else [],
    )


def contract_renewal(c: Ctx) -> Draft:
    p, org = c.partner(role="sales")
    end = c.days(20, 75)
    if c.ja:
        what = c.pick(
            "保守契約",
            "業務委託契約",
            "ライセンス契約",
            "賃貸借契約",
            "リース契約",
            "システム利用契約",
        )
        subject = c.pick(
            f"{what}更新のご案内",
            f"【ご確認】{what}の契約更新について",
            f"{what}の更新手続きについて",
            f"契約更新のお知らせ（{what}）",
        )
        body = [
            para(
                c.pick(
                    f"現在ご契約いただいております{what}が、{c.date(end)}をもって満了となります。",
                    f"貴社とご契約いただいております{what}につきまして、契約期間満了日が近づいて"
                    "まいりましたのでご案内いたします。",
                )
            ),
            fields(
                [
                    ("契約名", what),
                    ("現契約期間", f"{c.date(end - timedelta(days=365))}～{c.date(end)}"),
                    (
                        "更新後の期間",
                        "1年間（自動更新）"
                        if c.chance(0.5)
                        else f"{c.date(end + timedelta(days=1))}～"
                        f"{c.date(end + timedelta(days=366))}",
                    ),
                ]
            ),
            para(
                c.pick(
                    "更新をご希望の場合は、同封の契約書にご署名・ご捺印のうえご返送ください。",
                    "特段のお申し出がない場合は、同条件にて自動更新となります。",
                    "更新にあたり条件の変更はございません。",
                )
            ),
        ]
    else:
        what = c.pick(
            "support contract", "service agreement", "license agreement", "maintenance plan"
        )
        subject = c.pick(
            f"Your {what} renewal", f"Renewal notice: {what}", f"Upcoming renewal - {what}"
        )
        body = [
            para(
                f"Your {what} is set to expire on {c.date(end)}. We'd like to renew on the same t"
                "erms for another 12 months."
            ),
            para(
                c.pick(
                    "The renewal quote is attached for your review.",
                    "If you'd like to discuss changes, let's set up a call.",
                    "No action is needed if you'd like to renew automatically.",
                )
            ),
        ]
    return person_draft(
        c,
        p,
        subject,
        letter(c, p, org, body),
        attachments=[_pdf(c, c.t("契約更新のご案内", "renewal-quote"), c.ref("invoice"))]
        if c.chance(0.4)
        else [],
    )


# --- inside the company ----------------------------------------------------------------------


def _internal(c: Ctx, subject: str, body: list, *, dept: str, group: str) -> Draft:
    writer = c.colleague()
    if c.ja:
        blocks = [
            para(c.pick("各位", "社員各位", "従業員各位", "関係者各位", "皆さま")),
            para(
                c.pick(
                    f"お疲れさまです。{dept}の{writer.family}です。",
                    f"お疲れ様です。{dept}です。",
                    f"{dept}より連絡です。",
                    "お疲れさまです。",
                )
            ),
            *body,
            para(
                c.pick(
                    "よろしくお願いいたします。",
                    "ご協力のほど、よろしくお願いいたします。",
                    "以上、よろしくお願いします。",
                )
            ),
        ]
        blocks.append(
            para(f"{dept} {writer.full}")
            if c.chance(0.5)
            else para(people.signature(c.rng, writer, c.my_org, url=False, lang="ja"))
        )
    else:
        blocks = [
            para(c.pick("Hi all,", "Hello everyone,", "Team,", "Dear colleagues,")),
            *body,
            para(
                c.pick("Thanks,", "Thank you,", "Best,")
                + f"\n{writer.given if writer.language == 'en' else writer.given_roma}\n{dept}"
            ),
        ]
    d = person_draft(c, writer, subject, blocks, sender_kind="internal")
    d.to = [("", f"{group}@{c.my_org.domain}")]
    if c.chance(0.3):
        d.to = [(c.t("全社員", "All Staff"), f"{group}@{c.my_org.domain}")]
    return d


def health_checkup(c: Ctx) -> Draft:
    start = c.days(10, 40)
    if c.ja:
        subject = c.pick(
            f"【重要】{start.year}年度 定期健康診断のご案内",
            "定期健康診断受診のお願い",
            "健康診断の予約について",
            f"【人事】健康診断（{start.month}月実施）のお知らせ",
            "健康診断 未受診者の方へ",
            "【健康診断】予約期限が近づいています",
            f"{start.year}年度 健康診断の受診について",
            "健康診断結果の提出のお願い",
            "【要対応】健康診断の日程登録について",
            "巡回健診のお知らせ",
        )
        body = [
            para(
                c.pick(
                    "今年度の定期健康診断を下記のとおり実施します。\n対象者は必ず受診してください"
                    "。",
                    "労働安全衛生法に基づく定期健康診断のご案内です。",
                    "健康診断の予約受付を開始しました。期限までに予約をお願いします。",
                )
            ),
            fields(
                [
                    (
                        "実施期間",
                        f"{c.date(start)}"
                        f"～{c.date(start + timedelta(days=c.rng.randrange(10, 40)))}",
                    ),
                    (
                        "場所",
                        c.pick(
                            "提携医療機関（別紙参照）",
                            "本社 5F 大会議室（巡回健診）",
                            "各自指定のクリニック",
                        ),
                    ),
                    ("予約締切", c.date(start - timedelta(days=3))),
                ]
            ),
            para(
                c.pick(
                    "予約は社内ポータルの「健康管理」メニューから行ってください。",
                    "受診後、結果票の写しを人事部までご提出ください。",
                    "35歳以上の方は人間ドックへの振り替えも可能です。",
                )
            ),
        ]
    else:
        subject = c.pick(
            "Annual health checkup - please book your slot",
            "Reminder: health screening",
            "Health checkup schedule",
            "Health screening results due",
            f"{start.year} health checkup: booking now open",
            "Last call: annual medical checkup",
        )
        body = [
            para(
                f"Our annual health checkup runs from {c.date(start)} for about three weeks. Plea"
                "se book a slot through the HR portal."
            ),
            para("Let HR know if you need to reschedule."),
        ]
    return _internal(
        c,
        subject,
        body,
        dept=c.t("人事部", "HR"),
        group=c.pick("all", "staff", "zensha", "all-staff", "jinji-info"),
    )


def year_end_adjustment(c: Ctx) -> Draft:
    due = c.days(7, 25)
    if c.ja:
        subject = c.pick(
            f"【{c.year}年分】年末調整書類提出のお願い",
            "年末調整の手続きについて",
            "【経理】年末調整 提出期限のお知らせ",
            "年末調整システム入力のお願い",
            "年末調整 提出書類のご案内",
            "【再送】年末調整書類の提出期限について",
            "年末調整申告書の記入方法について",
            f"【総務部】{c.year}年 年末調整のお知らせ",
            "【至急】年末調整 未提出の方へ",
        )
        body = [
            para(
                c.pick(
                    f"{c.year}年分の年末調整を行います。\n下記書類を期限までにご提出ください。",
                    "年末調整の時期となりました。各自、システムへの入力をお願いします。",
                )
            ),
            bullets(
                [
                    "給与所得者の扶養控除等（異動）申告書",
                    "基礎控除申告書 兼 配偶者控除等申告書 兼 所得金額調整控除申告書",
                    "保険料控除申告書（生命保険料・地震保険料の控除証明書を添付）",
                ]
            ),
            fields(
                [
                    ("提出期限", c.date(due, weekday=True)),
                    (
                        "提出先",
                        c.pick("総務部 " + c.colleague().family, "人事労務システム", "経理部"),
                    ),
                ]
            ),
            para("期限を過ぎると今年の年末調整に反映できない場合がありますので、ご注意ください。"),
        ]
    else:
        subject = c.pick(
            "Year-end tax adjustment forms due",
            "Action required: year-end adjustment",
            "Year-end adjustment (nenmatsu chosei) instructions",
            f"{c.year} year-end adjustment: submit by {c.date(due)}",
            "Reminder: year-end tax forms",
        )
        body = [
            para(
                "It's time for the year-end tax adjustment. Please submit your forms through the"
                f" HR system by {c.date(due)}."
            ),
            para("Remember to attach your life insurance deduction certificates if you have any."),
        ]
    return _internal(
        c,
        subject,
        body,
        dept=c.t(c.pick("総務部", "経理部", "人事部"), "HR & Payroll"),
        group=c.pick("all", "staff", "zensha", "all-employees"),
    )


def system_maintenance(c: Ctx) -> Draft:
    start = c.days(2, 14).replace(hour=c.rng.choice((18, 19, 20, 21, 22)), minute=0)
    hours = c.rng.randrange(2, 12)
    system = (
        c.pick(
            "社内ポータル",
            "勤怠管理システム",
            "基幹システム",
            "ファイルサーバー",
            "経費精算システム",
            "VPN",
            "メールサーバー",
            "社内Wi-Fi",
        )
        if c.ja
        else c.pick(
            "the intranet",
            "the VPN",
            "the expense system",
            "the file server",
            "email",
            "the HR portal",
        )
    )
    if c.ja:
        subject = c.pick(
            f"【システム停止】{system}メンテナンスのお知らせ",
            f"{start.month}/{start.day} {system}停止のお知らせ",
            f"【情報システム部】{system}の計画停止について",
            f"{system}メンテナンス作業に伴う停止について",
        )
        body = [
            para(
                f"{system}のメンテナンス作業のため、下記の時間帯はシステムをご利用いただけません。"
            ),
            fields(
                [
                    (
                        "停止日時",
                        f"{c.date(start, weekday=True)} {start.hour}:00 ～"
                        f" {(start.hour + hours) % 24}:00{c.pick('（予定）', '')}",
                    ),
                    ("対象", system),
                    (
                        "影響",
                        c.pick(
                            "期間中はログインできません",
                            "一部機能が利用できません",
                            "社外からのアクセス不可",
                        ),
                    ),
                ]
            ),
            para(
                c.pick(
                    "作業前にデータの保存をお願いいたします。",
                    "作業状況により終了時刻が前後する場合があります。",
                    "ご不便をおかけしますが、ご理解とご協力をお願いいたします。",
                )
            ),
        ]
    else:
        subject = c.pick(
            f"Planned maintenance: {system}",
            f"Scheduled downtime for {system}",
            f"IT notice - {system} unavailable {start.strftime('%b')} {start.day}",
        )
        body = [
            para(
                f"{system[0].upper() + system[1:]} will be unavailable on {c.date(start)} from"
                f" {start.hour}:00 for about {hours} hours while we apply updates."
            ),
            para("Please save your work beforehand. Contact the IT helpdesk with any questions."),
        ]
    return _internal(
        c,
        subject,
        body,
        dept=c.t("情報システム部", "IT"),
        group=c.pick("all", "it-info", "staff", "zensha", "all-users"),
    )
