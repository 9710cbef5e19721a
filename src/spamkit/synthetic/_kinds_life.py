"""Hiring, travel and school: interviews, applications, scouts, bookings, tickets, notices."""

from __future__ import annotations

from datetime import datetime, timedelta

from . import people, phrases
from ._context import Ctx, Draft, letter, person_draft
from .render import bullets, button, fields, link, notes, para

_JOBS_JA = (
    "法人営業",
    "経理スタッフ",
    "Webエンジニア",
    "総務・人事",
    "カスタマーサポート",
    "品質管理",
    "マーケティング",
    "データアナリスト",
    "施工管理",
    "事務職（一般事務）",
    "機械設計エンジニア",
    "インフラエンジニア",
)
_JOBS_EN = (
    "Account Executive",
    "Software Engineer",
    "Data Analyst",
    "Office Manager",
    "Customer Success Manager",
    "Marketing Coordinator",
    "Product Designer",
    "Financial Analyst",
)


def interview_invitation(c: Ctx) -> Draft:
    hr_org = people.company(c.rng, c.lang)
    hr = people.person_at(c.rng, hr_org, role="hr")
    job = c.pick(*(_JOBS_JA if c.ja else _JOBS_EN))
    days = sorted({c.days(3, 14).date() for _ in range(c.rng.randrange(2, 5))})
    slots = []
    for day in days:
        at = datetime(
            day.year,
            day.month,
            day.day,
            c.rng.choice((10, 11, 13, 14, 15, 16)),
            c.pick(0, 30),
            tzinfo=c.when.tzinfo,
        )
        slots.append(phrases.fmt_datetime(c.rng, at, c.lang, style=c.date_style))
    applicant = c.me
    if c.ja:
        subject = c.pick(
            f"【{hr_org.short}】一次面接のご案内",
            f"面接日程のご連絡（{hr_org.name}）",
            f"【{job}】選考結果および面接のご案内",
            "書類選考通過のお知らせ",
            f"{hr_org.name} 採用担当より面接のご案内",
        )
        body = [
            para(
                c.pick(
                    f"このたびは、弊社の{job}職にご応募いただき、誠にありがとうございます。\n厳正"
                    "なる書類選考の結果、ぜひ面接にお越しいただきたく、ご連絡いたしました。",
                    f"先日は{job}のポジションにご応募いただき、ありがとうございました。\n書類選考"
                    "を通過されましたので、一次面接のご案内をお送りいたします。",
                )
            ),
            para("下記の候補日時より、ご都合のよい日時をお知らせください。"),
            bullets(slots),
            fields(
                [
                    (
                        "面接形式",
                        c.pick("オンライン（Google Meet）", "対面（本社）", "オンライン（Zoom）"),
                    ),
                    ("所要時間", c.pick("約45分", "約1時間", "30分程度")),
                    ("持ち物", c.pick("特になし", "筆記用具", "履歴書・職務経歴書")),
                ]
            ),
            para(
                c.pick(
                    "ご返信は本メールへの返信にてお願いいたします。",
                    f"恐れ入りますが、{c.date(c.days(2, 5))}までにご返信いただけますと幸いです。",
                )
            ),
        ]
        reader = applicant
        blocks = letter(c, hr, hr_org, body, reader=reader, reader_org=None, warm=False, intro=True)
        blocks[0] = para(f"{applicant.full} 様" if c.chance(0.7) else f"{applicant.family}様")
        blocks[1] = para(
            c.pick("突然のご連絡失礼いたします。", "お世話になっております。", "")
            + c.pick(
                f"\n{hr_org.name} 採用担当の{hr.family}です。",
                f"\n{hr_org.name} 人事部の{hr.family}でございます。",
            )
        )
    else:
        subject = c.pick(
            f"Interview invitation - {job}",
            f"Next steps for the {job} role at {hr_org.short}",
            f"{hr_org.short}: let's schedule your interview",
            "Interview availability",
        )
        body = [
            para(
                f"Thank you for applying for the {job} position. We were impressed by your backgr"
                "ound and would like to invite you to an interview."
            ),
            para("Could you let me know which of these times works for you?"),
            bullets(slots),
            para(
                c.pick(
                    "The interview will be on Zoom and last about 45 minutes.",
                    "You'll meet with the hiring manager and a member of the team.",
                )
            ),
        ]
        blocks = letter(c, hr, hr_org, body, reader=applicant, reader_org=None, intro=False)
    d = person_draft(c, hr, subject, blocks)
    d.to = [("", c.private())]
    return d


def application_autoreply(c: Ctx) -> Draft:
    org = people.company(c.rng, c.lang)
    svc = c.service("jobsite", 0.0) if c.chance(0.4) else None
    job = c.pick(*(_JOBS_JA if c.ja else _JOBS_EN))
    if c.ja:
        subject = c.pick(
            "ご応募ありがとうございます",
            f"【{org.short}】応募受付完了のお知らせ",
            f"【自動返信】{job}へのご応募を受け付けました",
            "エントリー受付のご連絡",
            f"{org.name} 採用担当：ご応募受付のお知らせ",
        )
        blocks = [
            para(f"{c.me.full} 様"),
            para(
                c.pick(
                    f"このたびは{org.name}の求人にご応募いただき、誠にありがとうございます。\n以"
                    "下の内容でご応募を受け付けました。",
                    f"{org.name}採用担当です。\n{job}へのご応募、ありがとうございます。",
                )
            ),
            fields(
                [
                    ("応募職種", job),
                    ("応募日", c.date(c.when)),
                    (
                        "応募経路",
                        svc.name if svc else c.pick("自社採用サイト", "求人サイト", "リファラル"),
                    ),
                ]
            ),
            para(
                c.pick(
                    "書類選考の結果は、1週間以内にメールにてご連絡いたします。",
                    "選考結果につきましては、通過された方にのみご連絡させていただきます。",
                    "今後の選考については、担当者より改めてご連絡いたします。",
                )
            ),
            notes([phrases.noreply_note(c.rng, "ja")]),
        ]
        sender = (
            f"{org.name} 採用担当" if c.chance(0.7) else org.name,
            f"{c.pick('recruit', 'saiyo', 'jinji', 'noreply', 'career')}@{org.domain}",
        )
    else:
        subject = c.pick(
            "Thank you for your application",
            f"We've received your application for {job}",
            f"{org.short} - application received",
            "Your application to " + org.short,
        )
        blocks = [
            para(c.salute()),
            para(
                f"Thanks for applying for the {job} role at {org.name.rstrip('.')}. Our team will"
                " review your"
                " application and get back to you if there's a match."
            ),
            para(
                "Due to the volume of applications, we may not be able to respond to everyone ind"
                "ividually."
            ),
            notes([phrases.noreply_note(c.rng, "en")]),
        ]
        sender = (
            f"{org.short} Recruiting",
            f"{c.pick('careers', 'jobs', 'recruiting', 'no-reply')}@{org.domain}",
        )
    return Draft(
        subject=subject,
        blocks=blocks,
        sender=sender,
        to=[("", c.private())],
        mailer="system",
        sender_kind="company",
        house=f"{sender[1]}/apply",
    )


def recruiting_scout(c: Ctx) -> Draft:
    svc = c.service("jobsite", 0.0)
    hiring = people.company(c.rng, c.lang)
    recruiter = people.ja_person(c.rng) if c.ja else people.en_person(c.rng)
    job = c.pick(*(_JOBS_JA if c.ja else _JOBS_EN))
    low = c.rng.randrange(40, 80) * 10
    if c.ja:
        subject = c.pick(
            f"【スカウト】{hiring.short}からのメッセージ",
            f"{c.me.family}様へ 特別なオファーが届いています",
            f"【{svc.name}】企業からスカウトが届きました",
            f"【面接確約】{job}のポジションについて",
            f"{job}（年収{low}万円～）のご案内",
        )
        blocks = [
            para(f"{c.me.full}様"),
            para(
                c.pick(
                    f"{svc.name}をご利用いただきありがとうございます。\n{hiring.name}の人事担当者"
                    "から、あなたにスカウトメッセージが届いています。",
                    f"突然のご連絡失礼いたします。\n{svc.name}でご登録いただいているご経歴を拝見"
                    "し、ご連絡いたしました。",
                )
            ),
            fields(
                [
                    ("企業名", hiring.name),
                    ("職種", job),
                    ("想定年収", f"{low}万円～{low + c.rng.randrange(10, 40) * 10}万円"),
                    ("勤務地", c.pick("東京都港区", "大阪市北区", "リモート可", "名古屋市中区")),
                ]
            ),
            para(
                c.pick(
                    "ご興味をお持ちいただけましたら、まずはカジュアル面談でお話ししませんか。",
                    "ご経験を活かしていただけるポジションと考えております。",
                    f"{recruiter.family}より：ぜひ一度お話しさせてください。",
                )
            ),
            link(
                c.pick("メッセージを確認する", "求人の詳細を見る"),
                c.url(svc, f"scout/{c.token(10)}", f"job/{c.rng.randrange(10**5, 10**7)}"),
            ),
            notes(
                [
                    c.pick(
                        f"※本メールは{svc.name}にご登録いただいた方にお送りしています。",
                        "※スカウトメールの受信設定は、マイページから変更できます。",
                    )
                ]
            ),
        ]
    else:
        subject = c.pick(
            f"{c.me.given if c.me.language == 'en' else c.me.given_roma}, a {job} role at"
            f" {hiring.short}",
            f"New opportunity: {job}",
            f"Recruiter message from {hiring.short}",
            "Your profile caught our eye",
        )
        blocks = [
            para(c.salute()),
            para(
                f"I came across your profile on {svc.name} and think you'd be a great fit for a"
                f" {job} role at {hiring.name}. The team is growing and the role is"
                f" {c.pick('fully remote', 'hybrid', 'based in the city center')}."
            ),
            para("Would you be open to a quick chat this week?"),
            button(
                "View the role", c.url(svc, f"jobs/{c.rng.randrange(10**5, 10**7)}", "messages")
            ),
            para(f"Best,\n{recruiter.full}"),
        ]
    return c.service_draft(
        svc, subject, blocks + c.footer_blocks(svc, noreply=False), mailer=c.pick("system", "bulk")
    )


def hotel_booking(c: Ctx) -> Draft:
    svc = c.service(c.pick("hotel", "travel", "hotel"), 0.35)
    hotel = svc.name if not svc.brand else invented_hotel(c)
    check_in = c.days(5, 90)
    nights = c.rng.choice((1, 1, 2, 3))
    ref = c.ref("reservation")
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご予約確認のお知らせ",
            f"ご予約ありがとうございます（予約番号：{ref}）",
            f"【予約確定】{hotel}",
            "宿泊予約完了のお知らせ",
            f"{hotel} ご宿泊予約の確認",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja", first_time=True)
                + "\n"
                + "以下の内容でご予約を承りました。"
            ),
            fields(
                [
                    ("予約番号", ref),
                    ("宿泊施設", hotel),
                    ("チェックイン", f"{c.date(check_in, weekday=True)} 15:00～"),
                    (
                        "チェックアウト",
                        f"{c.date(check_in + timedelta(days=nights), weekday=True)} ～11:00",
                    ),
                    (
                        "部屋タイプ",
                        c.pick("スタンダードダブル", "ツイン（禁煙）", "和室 10畳", "シングル"),
                    ),
                    ("人数", f"大人{c.rng.randrange(1, 4)}名"),
                    ("料金合計", c.money(c.yen(6000, 90000, 100)) + "（税込）"),
                    ("お支払い", c.pick("現地払い", "事前カード決済")),
                ]
            ),
            para(
                c.pick(
                    "キャンセルの場合は、宿泊日の3日前までにご連絡ください。以降はキャンセル料が"
                    "発生いたします。",
                    "ご予約内容の確認・変更・キャンセルは、以下のページから行えます。",
                )
            ),
            link(
                c.pick("予約内容の確認・キャンセル", "予約の確認"),
                c.url(svc, f"reserve/{ref}", "mypage/reservations", "booking/"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your reservation is confirmed - {hotel}",
            f"Booking confirmation #{ref}",
            f"See you soon at {hotel}",
            "Reservation confirmation",
        )
        blocks = [
            para(c.salute()),
            para(f"Thank you for booking with {svc.name}. Your reservation is confirmed."),
            fields(
                [
                    ("Confirmation number", ref),
                    ("Hotel", hotel),
                    ("Check-in", c.date(check_in)),
                    ("Check-out", c.date(check_in + timedelta(days=nights))),
                    ("Room", c.pick("Deluxe King", "Standard Queen", "Twin, non-smoking")),
                    ("Total", c.money(round(c.rng.uniform(90, 900), 2))),
                ]
            ),
            button("Manage booking", c.url(svc, f"reservations/{ref}", "bookings")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def invented_hotel(c: Ctx) -> str:
    stem = c.rng.choice(people._JA_STEMS_LIST)[0]
    return (
        c.pick(f"ホテル{stem}", f"{stem}温泉 ホテル", f"ホテル{stem} 駅前")
        if c.ja
        else c.pick(
            f"Hotel {c.rng.choice(people._JA_STEMS_LIST)[1].capitalize()}", "The Harbor View Hotel"
        )
    )


def flight_eticket(c: Ctx) -> Draft:
    svc = c.service("airline", 0.0)
    dep = c.days(7, 120).replace(
        hour=c.rng.randrange(6, 21), minute=c.pick(0, 5, 15, 25, 30, 40, 50, 55)
    )
    airports = (
        ("羽田", "成田", "伊丹", "関西", "新千歳", "福岡", "那覇", "中部", "仙台", "鹿児島")
        if c.ja
        else ("HND", "NRT", "LAX", "SFO", "SEA", "JFK", "LHR", "SIN", "HNL", "ORD")
    )
    a, b = c.rng.sample(airports, 2)
    code = svc.domain[:2].upper()
    flight = f"{code}{c.rng.randrange(100, 2999)}"
    pnr = c.ref("reservation")
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご搭乗案内（eチケットお控え）",
            f"ご予約確認のお知らせ（予約番号：{pnr}）",
            "航空券ご購入ありがとうございます",
            f"{svc.name} eチケットお客様控え",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"{svc.name}をご利用いただき、誠にありがとうございます。\nご予約いただいた航"
                    "空券の内容をお知らせいたします。",
                    "航空券のご購入が完了しました。",
                )
            ),
            fields(
                [
                    ("予約番号", pnr),
                    ("便名", flight),
                    ("区間", f"{a} → {b}"),
                    ("出発", c.datetime(dep)),
                    ("座席", f"{c.rng.randrange(3, 45)}{c.pick('A', 'C', 'D', 'K', 'H')}"),
                    ("運賃合計", c.money(c.yen(8000, 98000, 10))),
                ]
            ),
            para("ご搭乗当日は、出発時刻の20分前までに保安検査場をお通りください。"),
            link(
                c.pick("予約の確認・変更", "オンラインチェックイン"),
                c.url(svc, f"reservation/{pnr}", "checkin/"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your e-ticket receipt - {a} to {b}",
            f"Booking confirmed: {flight} on {c.date(dep)}",
            f"{svc.name} itinerary {pnr}",
            "Your flight confirmation",
        )
        blocks = [
            para(c.salute()),
            para(f"Thanks for flying with {svc.name}. Here are your trip details."),
            fields(
                [
                    ("Confirmation code", pnr),
                    ("Flight", flight),
                    ("Route", f"{a} - {b}"),
                    ("Departure", c.datetime(dep)),
                    ("Seat", f"{c.rng.randrange(3, 45)}{c.pick('A', 'C', 'D', 'F')}"),
                ]
            ),
            button("Check in online", c.url(svc, "checkin", f"trips/{pnr}")),
            para("Check-in opens 24 hours before departure."),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def train_reservation(c: Ctx) -> Draft:
    svc = c.service("travel", 0.85)
    dep = c.days(1, 30).replace(hour=c.rng.randrange(6, 21), minute=c.rng.randrange(0, 60, 4))
    stations = (
        (
            "東京",
            "新大阪",
            "京都",
            "名古屋",
            "仙台",
            "新潟",
            "金沢",
            "博多",
            "広島",
            "盛岡",
            "長野",
            "岡山",
        )
        if c.ja
        else ("Tokyo", "Shin-Osaka", "Kyoto", "Nagoya", "Sendai", "Kanazawa", "Hiroshima")
    )
    a, b = c.rng.sample(stations, 2)
    train = (
        c.pick(
            "はやぶさ",
            "のぞみ",
            "ひかり",
            "こまち",
            "かがやき",
            "とき",
            "みずほ",
            "さくら",
            "はくたか",
        )
        + f"{c.rng.randrange(1, 120)}号"
    )
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】予約完了のお知らせ",
            f"{svc.name} 申込内容のご確認",
            "きっぷの予約が完了しました",
            f"【{svc.name}】ご予約内容（{dep.month}/{dep.day}）",
            f"【{svc.name}】申込完了のお知らせ（{train}）",
            "予約内容のご案内",
            f"{svc.name}：{dep.month}月{dep.day}日ご乗車分の予約を承りました",
            "【予約確定】新幹線のご予約",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases.customer_greeting(c.rng, svc.name, "ja")
                + "\n以下の内容で予約を承りました。"
            ),
            fields(
                [
                    ("乗車日", c.date(dep, weekday=True)),
                    ("列車", train),
                    ("区間", f"{a}（{dep.hour:02d}:{dep.minute:02d}発）→ {b}"),
                    (
                        "座席",
                        f"{c.rng.randrange(1, 16)}号車 {c.rng.randrange(1, 20)}"
                        f"番{c.pick('A', 'B', 'C', 'D', 'E')}席",
                    ),
                    ("金額", c.money(c.yen(2000, 30000, 10))),
                ]
            ),
            para(
                c.pick(
                    "きっぷは、指定席券売機またはみどりの窓口でお受け取りください。",
                    "ICカードでそのままご乗車いただけます。",
                    "乗車前に、変更・払戻しのお手続きが可能です。",
                )
            ),
            link(c.pick("予約内容の確認", "ログイン"), c.url(svc, "", "reserve/")),
        ]
    else:
        subject = c.pick(
            f"{svc.name}: reservation completed",
            "Your train reservation is confirmed",
            f"Reservation details - {a} to {b}",
            f"Booking complete: {train.replace('号', '')} on {c.date(dep)}",
            "Your shinkansen seat reservation",
        )
        blocks = [
            para(c.salute()),
            para("Your reservation has been completed."),
            fields(
                [
                    ("Date", c.date(dep)),
                    ("Train", train.replace("号", "")),
                    ("From/To", f"{a} - {b}"),
                    (
                        "Car/Seat",
                        f"Car {c.rng.randrange(1, 16)}, {c.rng.randrange(1, 20)}"
                        f"{c.pick('A', 'B', 'C', 'D', 'E')}",
                    ),
                ]
            ),
            para("Please pick up your tickets at a ticket machine before boarding."),
            link("Check your reservation", c.url(svc, "", "en/")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def school_notice(c: Ctx) -> Draft:
    svc = c.service("school", 0.0)
    day = c.days(3, 30)
    if c.ja:
        grade = f"{c.rng.randrange(1, 7)}年{c.rng.randrange(1, 5)}組"
        event = c.pick(
            "授業参観",
            "運動会",
            "個人面談",
            "遠足",
            "学習発表会",
            "PTA総会",
            "避難訓練",
            "水泳指導",
            "給食費の引き落とし",
        )
        subject = c.pick(
            f"【{svc.name}】{event}のお知らせ",
            f"{grade} {event}について",
            f"{event}のご案内（{day.month}/{day.day}）",
            f"【{svc.name}】保護者の皆様へ",
        )
        blocks = [
            para(c.pick("保護者の皆様", f"{grade} 保護者各位", "保護者各位")),
            para(
                c.pick(
                    "いつも本校の教育活動にご理解とご協力をいただき、ありがとうございます。",
                    "日頃より学校運営にご協力いただき、誠にありがとうございます。",
                    "陽春の候、保護者の皆様にはますますご清祥のこととお喜び申し上げます。",
                )
            ),
            para(
                f"さて、下記のとおり{event}を実施いたします。"
                + c.pick(
                    "ご多用のこととは存じますが、ぜひご参加ください。",
                    "ご確認のほど、よろしくお願いいたします。",
                    "",
                )
            ),
            fields(
                [
                    (
                        "日時",
                        f"{c.date(day, weekday=True)} {c.rng.choice((9, 10, 13))}"
                        f":{c.pick('00', '30', '45')}～",
                    ),
                    (
                        "場所",
                        c.pick("本校 体育館", "各教室", "本校 校庭（雨天時は体育館）", "多目的室"),
                    ),
                    ("持ち物", c.pick("上履き", "特になし", "筆記用具", "水筒・タオル")),
                ]
            ),
            para(
                c.pick(
                    "出欠は学校連絡アプリからご回答ください。",
                    f"出欠票は{c.date(day - timedelta(days=2))}までに担任へご提出ください。",
                    "駐車場はございませんので、徒歩でお越しください。",
                )
            ),
            para(f"{svc.name}" + c.pick("", "　教頭", "　PTA会長", "　担任")),
        ]
    else:
        event = c.pick(
            "Parent-teacher conferences",
            "Sports day",
            "Field trip",
            "School photo day",
            "Back-to-school night",
        )
        subject = c.pick(
            f"{event} on {c.date(day)}", f"{svc.name}: {event}", f"Reminder for families - {event}"
        )
        blocks = [
            para("Dear Parents and Guardians,"),
            para(
                f"{event} will take place on {c.date(day)}. "
                + c.pick(
                    "Please sign up for a time slot using the link below.",
                    "Students should bring a water bottle and a packed lunch.",
                    "We look forward to seeing you there.",
                )
            ),
            link("Sign up", c.url(svc, "events", "parents")),
            para(f"Thank you,\n{svc.name}"),
        ]
    d = c.service_draft(svc, subject, blocks, mailer=c.pick("system", "person"))
    d.to = [("", c.private())]
    if c.chance(0.3):
        d.to = [
            (
                "",
                f"{c.pick('hogosha', 'parents', 'pta', 'class' + str(c.rng.randrange(1, 7)))}"
                f"@{svc.domain}",
            )
        ]
    return d
