"""Shops, marketplaces and carriers: orders, shipping, deliveries, receipts, promotions."""

from __future__ import annotations

from datetime import timedelta

from . import people
from ._context import Ctx, Draft, Service
from .render import Block, bullets, button, fields, heading, link, notes, para, pre, present, rule

_PRODUCTS_JA = (
    ("ワイヤレスイヤホン Bluetooth 5.3 ノイズキャンセリング", 3980, 12800),
    ("USB Type-C 充電ケーブル 2m 2本セット", 780, 1980),
    ("コーヒー豆 深煎り ブレンド 500g", 1280, 2980),
    ("ミネラルウォーター 2L×9本", 980, 1680),
    ("ノートパソコンスタンド アルミ製 折りたたみ", 1980, 4980),
    ("キッチンペーパー 4ロール×3パック", 598, 1280),
    ("スチーム式加湿器 2.5L", 5980, 14800),
    ("ビジネスリュック 撥水 15.6インチ対応", 4980, 12800),
    ("緑茶 ティーバッグ 50包", 680, 1480),
    ("ゲルインクボールペン 0.5mm 10本入", 550, 1200),
    ("LEDデスクライト 調光調色", 2980, 8980),
    ("電動歯ブラシ 替えブラシ 4本入", 1280, 3480),
    ("アルカリ乾電池 単3形 20本パック", 880, 1680),
    ("インクカートリッジ 4色パック", 3280, 6480),
    ("ヨガマット 10mm", 1980, 3980),
    ("圧力IH炊飯器 5.5合", 19800, 59800),
    ("いくら醤油漬け 500g（ふるさと納税）", 10000, 20000),
    ("ボックスティッシュ 5箱×12パック", 2480, 3980),
    ("ハンドソープ 詰め替え用 大容量", 498, 1280),
    ("モバイルバッテリー 10000mAh", 1980, 4980),
    ("折りたたみ傘 晴雨兼用", 1580, 3980),
    ("ランニングシューズ メンズ 26.5cm", 5980, 14800),
    ("シリコン保存容器 4点セット", 1280, 2980),
    ("27インチ 4K モニター", 29800, 59800),
)
_PRODUCTS_EN = (
    ("Wireless earbuds with charging case", 29, 129),
    ("USB-C cable, 6 ft (2-pack)", 9, 19),
    ("Organic whole bean coffee, 2 lb", 14, 32),
    ("Adjustable laptop stand", 24, 59),
    ("Non-slip yoga mat", 19, 45),
    ("LED desk lamp", 22, 69),
    ("Paperback: The Long Way Home", 9, 18),
    ("Printer ink multipack", 34, 79),
    ("Stainless steel water bottle", 14, 35),
    ("Bluetooth speaker", 39, 149),
    ("Kids' rain boots, size 12", 19, 39),
    ("Replacement air filter (3-pack)", 24, 54),
    ("Running socks (6 pairs)", 12, 24),
)
_PAY_JA = (
    "クレジットカード（VISA 末尾{n}）",
    "クレジットカード（Mastercard ****{n}）",
    "代金引換",
    "コンビニ払い",
    "銀行振込（前払い）",
    "PayPay",
    "楽天ペイ",
    "Amazon Pay",
    "d払い",
    "クレジットカード（JCB）",
    "後払い（コンビニ・郵便局）",
)
_CARRIERS_JA = (
    ("ヤマト運輸", "yamato"),
    ("佐川急便", "sagawa"),
    ("日本郵便（ゆうパック）", "japanpost"),
    ("日本郵便（ゆうパケット）", "japanpost"),
    ("西濃運輸", ""),
    ("福山通運", ""),
)
_CARRIERS_EN = (
    ("UPS", "ups"),
    ("FedEx", "fedex"),
    ("DHL", "dhl"),
    ("USPS", ""),
    ("Royal Mail", ""),
)
_TRACK_URLS = {
    "yamato": "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number={t}",
    "sagawa": "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo={t}",
    "japanpost": "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={t}",
    "ups": "https://www.ups.com/track?tracknum={t}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={t}",
    "dhl": "https://www.dhl.com/en/express/tracking.html?AWB={t}",
}


def _items(c: Ctx) -> tuple[list[tuple[str, float, int]], float]:
    pool = _PRODUCTS_JA if c.ja else _PRODUCTS_EN
    chosen = c.rng.sample(pool, c.rng.choice((1, 1, 1, 2, 2, 3)))
    rows = []
    total: float = 0
    for name, lo, hi in chosen:
        price: float = c.rng.randrange(lo, hi + 1)
        price = price // 10 * 10 - (c.rng.choice((0, 2, 20)) if c.ja else 0) if c.ja else price
        qty = c.rng.choice((1, 1, 1, 2, 3))
        if not c.ja:
            price = price + c.rng.choice((0.99, 0.49, 0.0, 0.95))
        rows.append((name, price, qty))
        total += price * qty
    return rows, total


def _item_block(c: Ctx, rows: list[tuple[str, float, int]]) -> Block:
    lines = []
    for name, price, qty in rows:
        style = c.rng.randrange(3)
        if c.ja and style == 0:
            lines.append(f"{name}\n　{c.money(price)} × {qty}点")
        elif c.ja and style == 1:
            lines.append(f"商品名：{name}\n数量：{qty}\n価格：{c.money(price)}（税込）")
        elif c.ja:
            lines.append(f"・{name}　{qty}個　{c.money(price * qty)}")
        elif style == 0:
            lines.append(f"{name}\nQty: {qty}   {c.money(price)}")
        else:
            lines.append(f"{qty} x {name} - {c.money(price * qty)}")
    return pre("\n".join(lines))


def _addressee(c: Ctx) -> str:
    p = c.me
    if c.ja:
        return f"{p.full} 様\n{people.postal_address(c.rng, 'ja')}"
    return f"{p.full if p.language == 'en' else p.roma}\n{people.postal_address(c.rng, 'en')}"


def order_confirmation(c: Ctx) -> Draft:
    svc = c.service("shop", 0.55)
    ref = c.ref(
        "amazon" if svc.brand == "amazon" else "rakuten" if svc.brand == "rakuten" else "order"
    )
    rows, total = _items(c)
    ship = 0 if total > 3000 or c.chance(0.5) else c.pick(550, 660, 770, 880)
    arrive = c.days(1, 6)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご注文内容のご確認",
            f"ご注文ありがとうございます（注文番号：{ref}）",
            f"{svc.name}：ご注文の確認",
            f"【{svc.name}】注文内容確認メール（自動配信）",
            "ご注文確認のお知らせ",
            f"{svc.name} ご注文の確認 {ref}",
        )
        pay = c.pick(*_PAY_JA).format(n=c.rng.randrange(1000, 9999))
        blocks = [
            para(c.salute()),
            para(
                phrases_greet(c, svc)
                + "\n"
                + c.pick(
                    "以下の内容でご注文を承りました。",
                    "ご注文いただいた内容をお知らせいたします。",
                    "下記の内容にてご注文を受け付けました。\n商品の発送準備が整いましたら、改めて"
                    "ご連絡いたします。",
                    "ご注文内容は以下のとおりです。内容にお間違いがないかご確認ください。",
                )
            ),
            fields(
                [
                    ("注文番号", ref),
                    ("ご注文日", c.datetime(c.when)),
                    ("お支払い方法", pay),
                    (
                        "お届け予定日",
                        c.date(arrive, weekday=True)
                        + c.pick("", "～" + c.date(arrive + timedelta(days=2))),
                    ),
                ],
                title=c.pick("ご注文情報", "ご注文内容", ""),
            ),
            heading(c.pick("ご注文商品", "商品明細", "ご注文内容")),
            _item_block(c, rows),
            fields(
                [
                    ("商品合計", c.money(total)),
                    ("送料", c.money(ship) if ship else "無料"),
                    ("ご請求金額", c.money(total + ship)),
                ]
            ),
        ]
        if c.chance(0.6):
            blocks.append(fields([("お届け先", _addressee(c).replace("\n", " "))]))
        blocks.append(
            link(
                c.pick("ご注文履歴はこちら", "ご注文内容の確認・キャンセル", "購入履歴を見る"),
                c.url(svc, f"order/history?id={ref}", f"mypage/order/{ref}", "purchase-history"),
            )
        )
        blocks.append(
            para(
                c.pick(
                    "ご注文後のキャンセル・変更は、発送準備に入るまでの間のみ承ります。",
                    "商品の発送が完了しましたら、発送のお知らせメールをお送りいたします。",
                    "",
                )
            )
        )
    else:
        subject = c.pick(
            f"Your {svc.name} order #{ref}",
            f"Order confirmation #{ref}",
            f"Thanks for your order, {c.me.given if c.me.language == 'en' else c.me.given_roma}!",
            "We've received your order",
            f"Your order {ref} has been placed",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "Thanks for your order! We'll let you know when it ships.",
                    "We've received your order and are getting it ready.",
                    "Your order has been confirmed.",
                )
            ),
            fields(
                [
                    ("Order number", ref),
                    ("Order date", c.date(c.when)),
                    ("Estimated delivery", c.date(arrive)),
                ]
            ),
            _item_block(c, rows),
            fields(
                [
                    ("Subtotal", c.money(total)),
                    ("Shipping", "FREE" if not ship else c.money(ship / 100)),
                    ("Order total", c.money(total + ship / 100)),
                ]
            ),
            button(
                c.pick("View or manage order", "Track your order", "View order details"),
                c.url(
                    svc,
                    f"orders/{ref}",
                    f"gp/your-account/order-details?orderID={ref}",
                    "account/orders",
                ),
            ),
        ]
    blocks += [para(phrases_inquiry(c))]
    blocks += c.footer_blocks(svc, noreply=True)
    blocks = present(blocks)
    return c.service_draft(svc, subject, blocks)


def phrases_greet(c: Ctx, svc: Service) -> str:
    from .phrases import customer_greeting

    return customer_greeting(c.rng, svc.name, c.lang)


def phrases_inquiry(c: Ctx) -> str:
    from .phrases import inquiry_line

    return inquiry_line(c.rng, c.lang)


def shipping_notice(c: Ctx) -> Draft:
    svc = c.service("shop", 0.55)
    ref = c.ref("amazon" if svc.brand == "amazon" else "order")
    if svc.brand in ("yamato", "sagawa", "japanpost", "dhl", "fedex", "ups"):
        carrier, ckey = svc.name, svc.brand
    else:
        carrier, ckey = c.rng.choice(_CARRIERS_JA if c.ja else _CARRIERS_EN)
    track = c.ref(f"tracking:{ckey}")
    arrive = c.days(1, 4)
    rows, _ = _items(c)
    if svc.brand and ckey and ckey != svc.brand:
        track_url = c.url(svc, f"tracking?no={track}", f"order/track/{ref}")
    elif ckey and (svc.brand == ckey or c.chance(0.5)):
        track_url = _TRACK_URLS[ckey].format(t=track.replace("-", ""))
    else:
        track_url = c.url(svc, f"tracking?no={track}", f"mypage/order/{ref}")
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】商品発送のお知らせ",
            "ご注文商品を発送いたしました",
            f"発送完了のお知らせ（注文番号：{ref}）",
            f"{svc.name}：商品を発送しました",
            "【発送のご案内】ご注文の商品を出荷しました",
        )
        blocks = [
            para(c.salute()),
            para(
                phrases_greet(c, svc)
                + "\n"
                + c.pick(
                    "ご注文いただいた商品を本日発送いたしました。",
                    "ご注文の商品を下記のとおり発送いたしましたので、お知らせいたします。",
                    "お待たせいたしました。ご注文商品の発送が完了しました。",
                )
            ),
            fields(
                [
                    ("注文番号", ref),
                    ("配送業者", carrier),
                    ("お問い合わせ伝票番号", track),
                    ("お届け予定日", c.date(arrive, weekday=True)),
                ]
            ),
            _item_block(c, rows),
            link(c.pick("配送状況の確認はこちら", "お荷物の追跡", "配送状況を確認する"), track_url),
            para(
                c.pick(
                    "※配送状況が反映されるまでに時間がかかる場合がございます。",
                    "お届け日時の変更は、配送業者へ直接ご連絡ください。",
                    "",
                )
            ),
        ]
    else:
        subject = c.pick(
            f"Your order has shipped (#{ref})",
            f"Shipped: {rows[0][0]}",
            "Your package is on its way",
            f"{svc.name} shipment confirmation",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "Good news - your order is on its way!",
                    "Your order has shipped.",
                    "We've shipped your package.",
                )
            ),
            fields(
                [
                    ("Order", ref),
                    ("Carrier", carrier),
                    ("Tracking number", track),
                    ("Estimated delivery", c.date(arrive)),
                ]
            ),
            button(c.pick("Track package", "Track your shipment"), track_url),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def _carrier(c: Ctx) -> Service:
    return c.service("carrier", 0.85)


def _depot(c: Ctx) -> str:
    place = c.pick(
        "新宿",
        "江東",
        "世田谷",
        "港北",
        "中央",
        "大宮",
        "船橋",
        "北",
        "西",
        "南",
        "東",
        "天白",
        "博多",
    )
    return f"{place}{c.pick('センター', '営業所', '支店', '郵便局')}"


def delivery_absence(c: Ctx) -> Draft:
    svc = _carrier(c)
    track = c.ref(f"tracking:{svc.brand}")
    # Drivers call between 8:00 and 21:00; the notice follows within minutes.
    visited = c.when.replace(hour=c.rng.randrange(8, 21), minute=c.rng.randrange(60))
    if c.when.hour < visited.hour:
        visited -= timedelta(days=1)
    shipper = (
        c.pick(
            "Amazon.co.jp",
            "楽天市場",
            people.company(c.rng, "ja").name,
            "ヨドバシ・ドット・コム",
            f"{people.ja_person(c.rng).family} 様",
        )
        if c.ja
        else c.pick(people.company(c.rng, "en").name, "a sender")
    )
    keep = c.days(5, 8)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ご不在連絡のお知らせ",
            "お荷物お届けのお知らせ（ご不在連絡）",
            f"{svc.word('member', svc.name)}：ご不在連絡eメール",
            f"【{svc.name}】お荷物をお預かりしています",
            "ご不在のため、お荷物を持ち帰りました",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"{visited.month}月{visited.day}日{visited.hour}時頃、お荷物をお届けにうかが"
                    "いましたが、ご不在でしたので持ち帰りました。",
                    "お荷物をお届けにあがりましたが、ご不在のため持ち帰らせていただきました。",
                    f"本日、{c.me.family}様宛のお荷物をお届けにうかがいましたが、ご不在でした。",
                )
            ),
            fields(
                [
                    ("伝票番号", track),
                    ("ご依頼主", shipper),
                    ("お届け予定日時", c.datetime(visited)),
                    ("保管期限", c.date(keep)),
                ]
            ),
            para(
                c.pick(
                    "再配達をご希望の場合は、下記よりお申し込みください。",
                    "お手数ですが、再配達のご依頼をお願いいたします。",
                    f"再配達のご依頼は{svc.word('member', '会員ページ')}から承ります。",
                )
            ),
            link(
                c.pick("再配達のお申し込み", "お届け日時の変更はこちら", "荷物の状況を確認する"),
                c.url(
                    svc,
                    f"redelivery?number={track.replace('-', '')}",
                    "mypage/",
                    f"tracking/{track.replace('-', '')}",
                ),
            ),
            para(
                f"{c.pick('担当', 'お届け担当', '担当セールスドライバー')}"
                f"：{c.pick('センター', '営業所')} {people.phone(c.rng, 'ja')}"
                if c.chance(0.5)
                else ""
            ),
            notes(
                [
                    c.pick(
                        f"※本メールは、{svc.word('member', svc.name)}にご登録いただいたお客様にお"
                        "送りしています。",
                        "※保管期限を過ぎたお荷物は、ご依頼主様へ返送させていただきます。",
                        "※このメールは送信専用です。ご返信いただいてもお答えできません。",
                    )
                ]
            ),
        ]
    else:
        subject = c.pick(
            "We missed you - delivery attempted",
            f"Delivery attempt for shipment {track}",
            "Your package could not be delivered today",
            f"{svc.name}: We tried to deliver your package",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"We attempted to deliver your package on {c.date(visited)} but no one was av"
                    "ailable to sign for it.",
                    "Our driver tried to deliver your shipment today, but it required a signature.",
                )
            ),
            fields(
                [
                    ("Tracking number", track),
                    ("From", shipper),
                    ("Next attempt", c.date(c.days(1, 2))),
                ]
            ),
            para(
                c.pick(
                    "We'll try again on the next business day. You can also arrange pickup at a n"
                    "earby location.",
                    "You can reschedule delivery or choose a pickup location online.",
                )
            ),
            button(
                c.pick("Manage delivery", "Reschedule delivery"),
                c.url(svc, f"track?tracknum={track}", f"delivery/{track}"),
            ),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc, noreply=False)
    return c.service_draft(svc, subject, blocks)


def delivery_scheduled(c: Ctx) -> Draft:
    svc = _carrier(c)
    track = c.ref(f"tracking:{svc.brand}")
    arrive = c.days(0, 2)
    window = (
        c.pick("午前中", "14時～16時", "16時～18時", "18時～20時", "19時～21時", "指定なし")
        if c.ja
        else c.pick("by end of day", "10:30 AM - 2:30 PM", "before 12:00 PM", "2:00 PM - 6:00 PM")
    )
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】お届け予定のお知らせ",
            "お荷物のお届け予定日時のお知らせ",
            f"{svc.word('member', svc.name)}：お届け予定eメール",
            "お荷物のお届けについて",
            f"【{svc.name}】本日お荷物をお届けします",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "お客様宛にお荷物のお届け予定がございます。",
                    "下記のお荷物を、以下の日時にお届けする予定です。",
                    "ご依頼主様からお預かりしたお荷物を、下記の日時にお届けいたします。",
                )
            ),
            fields(
                [
                    ("お届け予定日", c.date(arrive, weekday=True)),
                    ("時間帯", window),
                    ("伝票番号", track),
                    (
                        "ご依頼主",
                        c.pick(
                            "Amazon.co.jp",
                            "楽天市場",
                            people.company(c.rng, "ja").name,
                            "ヨドバシカメラ",
                        ),
                    ),
                ]
            ),
            para(
                c.pick(
                    "お届け日時や受け取り場所の変更をご希望の場合は、以下よりお手続きください。",
                    "ご都合が悪い場合は、お受け取り日時を変更いただけます。",
                )
            ),
            link(
                c.pick("受け取り日時・場所の変更", "お届け予定の確認"),
                c.url(svc, f"change?no={track.replace('-', '')}", "mypage/"),
            ),
        ]
    else:
        subject = c.pick(
            "Your package is out for delivery",
            f"Scheduled delivery: {c.date(arrive)}",
            f"{svc.name}: Your shipment is on the way",
            "Delivery update for your shipment",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    "Your package is scheduled to arrive soon.",
                    "Your shipment is out for delivery today.",
                    "Here's the latest on your delivery.",
                )
            ),
            fields(
                [
                    ("Scheduled delivery", f"{c.date(arrive)}, {window}"),
                    ("Tracking number", track),
                    ("Service", c.pick("Express", "Ground", "Priority Overnight", "Standard")),
                ]
            ),
            button("Track shipment", c.url(svc, f"track?tracknum={track}", f"tracking/{track}")),
        ]
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def marketplace_sold(c: Ctx) -> Draft:
    svc = c.service("shop", 0.9)
    name, lo, hi = c.rng.choice(_PRODUCTS_JA if c.ja else _PRODUCTS_EN)
    price = c.rng.randrange(lo, hi + 1) // 10 * 10 if c.ja else c.rng.randrange(lo, hi + 1)
    fee = int(price * 0.1)
    if c.ja:
        subject = c.pick(
            "商品が購入されました",
            f"【{svc.name}】商品が購入されました",
            f"「{name[:20]}」が購入されました",
            "発送をお願いします",
            f"{svc.name}：取引が開始されました",
        )
        blocks = [
            para(c.salute() if c.chance(0.4) else ""),
            para(
                c.pick(
                    f"出品中の商品「{name}」が購入されました。",
                    "あなたの出品した商品が購入されました。",
                    "おめでとうございます！商品が売れました。",
                )
            ),
            fields(
                [
                    ("商品名", name),
                    ("販売価格", c.money(price)),
                    ("販売手数料", c.money(fee)),
                    ("販売利益", c.money(price - fee)),
                ]
            ),
            para(
                c.pick(
                    "購入者の支払いが完了しています。商品の発送をお願いします。",
                    "取引画面から発送方法を確認し、商品を発送してください。",
                    "発送後は、取引画面で「発送通知」を行ってください。",
                )
            ),
            link(
                "取引画面を開く",
                c.url(svc, f"transaction/{c.token(10)}", "mypage/listings/in_progress"),
            ),
        ]
    else:
        subject = c.pick(
            f"You made the sale for {name}", "Your item sold!", f"Ship your item: {name}"
        )
        blocks = [
            para(c.salute()),
            para(
                f"Congratulations - your {name} sold for {c.money(price)}. Please ship it within "
                "3 business days."
            ),
            button(
                "Print shipping label",
                c.url(svc, f"sh/ord/details?itemid={c.rng.randrange(10**11, 10**12)}", "mys/sold"),
            ),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def refund_processed(c: Ctx) -> Draft:
    svc = c.service("shop", 0.55)
    ref = c.ref("amazon" if svc.brand == "amazon" else "order")
    amt = c.yen(500, 60000, 10) if c.ja else round(c.rng.uniform(8, 400), 2)
    method = (
        c.pick(
            "ご注文時のクレジットカード",
            "お支払いに使用されたカード",
            "ギフトカード残高",
            "ご登録の銀行口座",
        )
        if c.ja
        else c.pick(
            "your original payment method",
            "your Visa ending in " + str(c.rng.randrange(1000, 9999)),
            "your account balance",
        )
    )
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】返金手続き完了のお知らせ",
            "ご返金のお知らせ",
            f"返金処理が完了しました（注文番号：{ref}）",
            "返品・返金についてのご案内",
            f"{svc.name}からの返金",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"ご注文番号 {ref} の返品商品を受領いたしました。\n下記のとおり返金手続きを行"
                    "いましたので、お知らせいたします。",
                    "お客様からご依頼いただいた返金の手続きが完了しました。",
                    f"キャンセルされたご注文（{ref}）について、返金処理を行いました。",
                )
            ),
            fields([("返金額", c.money(amt)), ("返金先", method), ("処理日", c.date(c.when))]),
            para(
                c.pick(
                    "カード会社の締め日により、ご利用明細への反映は翌月以降となる場合がございます"
                    "。",
                    "返金がお客様の口座に反映されるまで、3～5営業日ほどかかる場合があります。",
                    "",
                )
            ),
        ]
    else:
        subject = c.pick(
            f"Your refund of {c.money(amt)} has been processed",
            "Refund confirmation",
            f"Refund issued for order {ref}",
            "We've processed your return",
        )
        blocks = [
            para(c.salute()),
            para(f"We've issued a refund of {c.money(amt)} to {method} for order {ref}."),
            para(
                c.pick(
                    "Depending on your bank, it may take 3-5 business days to appear.",
                    "You'll see the credit on your next statement.",
                )
            ),
        ]
    blocks = present(blocks)
    blocks.append(para(phrases_inquiry(c)))
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


def receipt(c: Ctx) -> Draft:
    svc = c.service("saas", 0.6)
    ref = c.ref("order")
    amt = c.yen(120, 15000, 10) if c.ja else round(c.rng.uniform(0.99, 120), 2)
    item = (
        svc.word("plan", "")
        or c.pick(
            "プレミアムプラン（月額）",
            "スタンダードプラン",
            "アプリ内課金",
            "ストレージ 100GB",
            "年間プラン",
        )
        if c.ja
        else c.pick(
            "Pro plan (monthly)",
            "Premium membership",
            "100 GB storage",
            "Annual subscription",
            "In-app purchase",
        )
    )
    if c.ja:
        subject = c.pick(
            f"{svc.name} からの領収書です",
            f"【{svc.name}】お支払い完了のお知らせ",
            "領収書発行のお知らせ",
            f"{svc.name} ご利用明細",
            f"ご購入ありがとうございます（{ref}）",
        )
        blocks = [
            para(c.salute() if c.chance(0.6) else ""),
            para(
                c.pick(
                    "お支払いいただき、ありがとうございます。",
                    "以下の内容でお支払いを受け付けました。",
                    "ご購入内容は以下のとおりです。",
                )
            ),
            fields(
                [
                    ("注文番号", ref),
                    ("ご請求日", c.date(c.when)),
                    ("内容", item),
                    ("合計", c.money(amt) + c.pick("（税込）", "")),
                ],
                title=c.pick("領収書", "ご購入明細", ""),
            ),
            link(
                c.pick("購入履歴を確認する", "サブスクリプションの管理", "領収書をダウンロード"),
                c.url(svc, "account/billing", "purchasehistory", f"receipt/{ref}"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your receipt from {svc.name}",
            f"Receipt for your payment #{ref}",
            f"Your {svc.name} receipt",
            "Payment received - thank you",
        )
        blocks = [
            para(c.salute() if c.chance(0.5) else ""),
            para(
                c.pick(
                    "Thanks for your purchase.", "We received your payment.", "Here's your receipt."
                )
            ),
            fields(
                [
                    ("Receipt #", ref),
                    ("Date", c.date(c.when)),
                    ("Item", item),
                    ("Total", c.money(amt)),
                ]
            ),
            link(
                c.pick("View billing history", "Manage subscription", "Download PDF"),
                c.url(svc, "account/billing", f"receipts/{ref}"),
            ),
        ]
    blocks = present(blocks)
    blocks += c.footer_blocks(svc)
    return c.service_draft(svc, subject, blocks)


# --- marketing mail --------------------------------------------------------------------------


def _unsubscribe(c: Ctx, svc: Service, d: Draft) -> None:
    url = c.url(
        svc, f"mail/unsubscribe?u={c.token(18)}", f"optout?id={c.token(16)}", "mypage/mailmagazine"
    )
    d.headers.append(
        (
            "List-Unsubscribe",
            f"<{url}>"
            if c.chance(0.6)
            else f"<mailto:unsubscribe@{svc.domain}?subject=unsubscribe>, <{url}>",
        )
    )
    if c.chance(0.6):
        d.headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if c.chance(0.3):
        d.headers.append(("Precedence", "bulk"))


def _optout_blocks(c: Ctx, svc: Service) -> list[Block]:
    url = c.url(
        svc, f"mail/unsubscribe?u={c.token(18)}", "mypage/mailmagazine", f"optout?id={c.token(16)}"
    )
    if c.ja:
        return [
            notes(
                [
                    c.pick(
                        f"※本メールは、{svc.name}のメールマガジン配信を希望された方にお送りしてい"
                        "ます。",
                        f"このメールは{svc.name}会員の皆さまにお送りしています。",
                        "※本メールは、配信登録いただいたお客様へお送りしています。",
                    ),
                    c.pick(
                        "配信停止・配信先の変更は、下記URLより手続きをお願いいたします。",
                        "メールマガジンの配信停止はこちらから：",
                        "配信停止をご希望の方は、以下よりお手続きください。",
                    ),
                ]
            ),
            link("", url),
        ]
    return [
        notes(
            [
                c.pick(
                    f"You're receiving this because you subscribed to {svc.name} emails.",
                    "You received this email because you signed up for updates.",
                ),
                f"Unsubscribe: {url}"
                if c.chance(0.5)
                else "To stop receiving these emails, unsubscribe here:",
            ]
        ),
        link("", url),
    ]


def sale_promotion(c: Ctx) -> Draft:
    svc = c.service("shop", 0.55)
    end = c.days(2, 10)
    pct = c.pick("10", "15", "20", "30", "40", "50")
    if c.ja:
        event = c.pick(
            "週末限定セール",
            "決算セール",
            "サマーセール",
            "ウィンターセール",
            "感謝祭",
            "新生活応援セール",
            "ポイント10倍キャンペーン",
            "送料無料キャンペーン",
            "ブラックフライデー",
            "お買い物マラソン" if svc.brand == "rakuten" else "会員限定セール",
        )
        emoji = c.pick("", "", "🎉", "✨", "★")
        subject = c.pick(
            f"【{svc.name}】{event}開催中！最大{pct}%OFF",
            f"{emoji}{event}スタート！{c.date(end)}まで",
            f"【{svc.name}】{c.me.family}様へ {event}のお知らせ",
            f"＼最大{pct}%OFF／{event}",
            f"本日最終日！{event}",
            f"【会員様限定】{event}のご案内",
        )
        products = c.rng.sample(_PRODUCTS_JA, 3)
        blocks = [
            para(
                c.pick(f"{c.me.family}様", f"{c.me.full}様", "いつもご利用ありがとうございます。")
            ),
            para(
                c.pick(
                    f"{svc.name}では、ただいま「{event}」を開催中です。\n人気商品が最大{pct}%OFF"
                    "になるこの機会をお見逃しなく！",
                    f"大好評の{event}を今年も開催いたします。\n期間中は対象商品がお得にお買い求め"
                    "いただけます。",
                    f"{c.date(end)}まで、{event}を実施しています。",
                )
            ),
            fields(
                [
                    ("期間", f"{c.date(c.when)}～{c.date(end)} 23:59"),
                    (
                        "対象",
                        c.pick("全商品", "対象ショップの商品", "会員様限定", "一部商品を除く"),
                    ),
                ],
                title=c.pick("開催概要", ""),
            ),
            heading(c.pick("おすすめ商品", "ピックアップ", "今週の注目アイテム")),
            bullets(
                [
                    f"{n}　{c.money(c.rng.randrange(lo, hi) // 10 * 10)}"
                    f"→{c.money(c.rng.randrange(lo, hi) // 20 * 10)}"
                    for n, lo, hi in products
                ]
            ),
            button(
                c.pick("セール会場はこちら", "今すぐチェック", "詳しくはこちら"),
                c.url(svc, f"event/sale/?scid={c.token(12)}", "campaign/", f"sale/{end:%Y%m}"),
            ),
            *_optout_blocks(c, svc),
        ]
    else:
        event = c.pick(
            "Spring Sale",
            "Summer Sale",
            "Black Friday",
            "Cyber Monday",
            "Members' Week",
            "Flash Sale",
            "Clearance Event",
        )
        subject = c.pick(
            f"{event}: up to {pct}% off",
            f"Last chance: {event} ends tonight",
            f"{c.me.given if c.me.language == 'en' else c.me.given_roma}, your {event} picks are "
            "here",
            f"{pct}% off sitewide - {event}",
            "Free shipping this weekend only",
        )
        blocks = [
            para(
                c.pick(
                    f"Our {event} is here. Save up to {pct}% on hundreds of items through"
                    f" {c.date(end)}.",
                    f"It's back: {event}. Shop early for the best selection.",
                )
            ),
            bullets(
                [
                    f"{n} - now {c.money(c.rng.randrange(lo, hi))}"
                    for n, lo, hi in c.rng.sample(_PRODUCTS_EN, 3)
                ]
            ),
            button(
                c.pick("Shop now", "Shop the sale", "See all deals"),
                c.url(
                    svc,
                    f"sale?utm_source=email&utm_campaign={event.lower().replace(' ', '-')}",
                    "deals",
                ),
            ),
            *_optout_blocks(c, svc),
        ]
    d = c.service_draft(
        svc,
        subject,
        blocks + c.footer_blocks(svc, noreply=False),
        mailer="bulk",
        structure=c.pick("html", "alt", "alt", "plain"),
        preheader=c.t("期間限定のお得な情報をお届けします", "Don't miss these deals"),
    )
    d.pixel = c.url(svc, f"open.gif?m={c.token(20)}") if c.chance(0.4) else ""
    _unsubscribe(c, svc, d)
    return d


_NEWS_TOPICS_JA = (
    (
        "新機能リリースのお知らせ",
        "ご要望の多かったCSV一括出力機能をリリースしました。管理画面の「データ」メニューからご利"
        "用いただけます。",
    ),
    (
        "料金プラン改定のご案内",
        "来月より、一部の料金プランを改定いたします。現在ご契約中のプランは、次回更新日まで現行料"
        "金でご利用いただけます。",
    ),
    (
        "オンライン相談会のご案内",
        "導入をご検討中の方を対象に、個別のオンライン相談会を毎週開催しております。",
    ),
    (
        "ご利用事例インタビュー",
        "小売業のお客様に、導入後の変化や社内での活用方法についてお話を伺いました。",
    ),
    ("季節のおすすめ", "今月は、寒い季節にぴったりの商品を特集しています。"),
    (
        "お客様の声",
        "先月実施したアンケートに多くのご回答をいただき、ありがとうございました。いただいたご意見"
        "の一部をご紹介します。",
    ),
    (
        "ホワイトペーパー公開",
        "業務効率化のポイントをまとめた資料を公開しました。無料でダウンロードいただけます。",
    ),
    (
        "夏季休業のお知らせ",
        "誠に勝手ながら、夏季休業期間中はお問い合わせへの回答が遅れる場合がございます。",
    ),
    (
        "社長コラム",
        "創業から十周年を迎えました。これまで支えてくださった皆さまに、心より感謝申し上げます。",
    ),
    (
        "使い方のヒント",
        "ショートカットキーを使うと、日々の入力作業がぐっと楽になります。今回はよく使う5つをご紹"
        "介します。",
    ),
    (
        "新サービス提供開始のお知らせ",
        "このたび、お客様のご要望にお応えして新サービスの提供を開始いたしました。導入事例や料金プ"
        "ランは特設ページでご紹介しています。",
    ),
    (
        "セミナー開催のご案内",
        "来月、オンラインセミナーを開催いたします。最新の業界動向と実践的なノウハウを90分でお伝え"
        "します。参加費は無料です。",
    ),
    (
        "年末年始の営業について",
        "年末年始は休業とさせていただきます。期間中のお問い合わせは、休業明けより順次対応いたしま"
        "す。",
    ),
    (
        "導入事例を公開しました",
        "製造業のお客様における業務効率化の事例を公開しました。導入の背景から効果まで、担当者様へ"
        "のインタビューを交えてご紹介しています。",
    ),
    (
        "スタッフコラム",
        "朝晩の冷え込みが厳しくなってまいりました。今回は、在宅勤務でも集中力を保つための工夫につ"
        "いてご紹介します。",
    ),
    ("価格改定のお知らせ", "一部商品の価格を改定いたします。詳細は下記ページをご確認ください。"),
    (
        "今月の新商品",
        "季節限定の新商品が入荷しました。数量限定のため、お早めにお買い求めください。",
    ),
    ("よくあるご質問", "お客様から多く寄せられるご質問と回答をまとめました。ぜひご活用ください。"),
    (
        "展示会出展のお知らせ",
        "東京ビッグサイトで開催される展示会に出展いたします。ブースでは新製品のデモをご覧いただけ"
        "ます。",
    ),
    (
        "メンテナンスのお知らせ",
        "サービス向上のため、システムメンテナンスを実施いたします。作業中は一部機能がご利用いただ"
        "けません。",
    ),
)
_NEWS_TOPICS_EN = (
    (
        "Pricing update",
        "We're simplifying our plans next month. Your current plan stays the same until your next"
        " renewal.",
    ),
    (
        "Tips and tricks",
        "Keyboard shortcuts can save you hours each month. Here are five our team uses every day.",
    ),
    ("Office hours", "Join our product team every other Thursday for live Q&A."),
    ("What we're reading", "A few articles our team enjoyed this month, from logistics to design."),
    ("Security update", "We've added support for passkeys and improved session management."),
    (
        "New feature: shared workspaces",
        "You can now invite teammates into shared workspaces and collaborate in real time.",
    ),
    (
        "Upcoming webinar",
        "Join us next month for a live session on getting more out of your reports. Registration "
        "is free.",
    ),
    (
        "Customer story",
        "See how a regional retailer cut fulfilment times by a third with a few simple changes.",
    ),
    ("From the blog", "Five small habits that make remote meetings shorter and more useful."),
    ("Holiday hours", "Our support team will have reduced hours over the holidays."),
    (
        "Product update",
        "We've shipped faster search, a refreshed mobile app and dozens of bug fixes.",
    ),
    (
        "Community corner",
        "Thanks to everyone who joined our meetup last month. Photos and slides are now online.",
    ),
)


def newsletter(c: Ctx) -> Draft:
    svc = c.service(c.pick("shop", "saas", "seminar"), 0.3)
    vol = c.rng.randrange(12, 480)
    if c.ja:
        name = c.pick(
            f"{svc.name}通信",
            f"{svc.name} メールマガジン",
            f"{svc.name}ニュース",
            f"{svc.name} NEWS LETTER",
            "お役立ち情報",
        )
        subject = c.pick(
            f"【{name}】Vol.{vol}",
            f"{name} {c.year}年{c.when.month}月号",
            f"【{svc.name}】{c.when.month}月のお知らせ",
            f"{name}｜{c.rng.choice(_NEWS_TOPICS_JA)[0]}ほか",
            f"[{name}] 第{vol}号",
        )
        topics = c.rng.sample(_NEWS_TOPICS_JA, c.rng.randrange(2, 6))
        blocks: list[Block] = [
            para(c.pick("", "", f"{c.me.full} 様", "いつもご愛読いただき、ありがとうございます。")),
            para(
                c.pick(
                    f"{svc.name}の{c.me.family if c.chance(0.5) else '広報担当'}です。\n{name}を"
                    "お届けします。",
                    f"平素より{svc.name}をご愛顧いただき、誠にありがとうございます。\n今月のトピ"
                    "ックをお届けします。",
                    f"{name} {c.when.month}月号をお送りします。",
                )
            ),
            rule(),
            heading(c.pick("目次", "今月の内容", "INDEX", "今号のトピック", "CONTENTS")),
            pre(
                "\n".join(
                    f"{c.pick('■', '□', '◆', '●', '・')} {t}"
                    if c.chance(0.3)
                    else f"{chr(0x2460 + i)} {t}"
                    if c.chance(0.5)
                    else f"{i + 1}. {t}"
                    for i, (t, _) in enumerate(topics)
                )
            ),
        ]
        for title, text in topics:
            blocks += [
                rule(),
                heading(title),
                para(text),
                link(
                    c.pick("詳しくはこちら", "▼詳細", "続きを読む"),
                    c.url(
                        svc,
                        f"news/{c.rng.randrange(100, 9999)}",
                        f"column/{c.token(6)}",
                        "seminar/",
                    ),
                ),
            ]
        blocks += [rule(), *_optout_blocks(c, svc)]
    else:
        name = c.pick(
            f"The {svc.name} Newsletter",
            f"{svc.name} Monthly",
            f"{svc.name} Digest",
            f"{svc.name} Insider",
        )
        subject = c.pick(
            f"{name} - {c.when.strftime('%B %Y')}",
            f"{name}: {c.rng.choice(_NEWS_TOPICS_EN)[0]}",
            f"What's new at {svc.name} this month",
            f"{name} #{vol}",
        )
        topics = c.rng.sample(_NEWS_TOPICS_EN, c.rng.randrange(2, 5))
        blocks = [
            para(
                c.pick(
                    f"Hi {c.me.given if c.me.language == 'en' else c.me.given_roma},", "Hello,", ""
                )
            ),
            para(
                c.pick(
                    "Here's what's new this month.",
                    f"Welcome to the latest edition of {name}.",
                    "A quick roundup of recent news.",
                )
            ),
        ]
        for title, text in topics:
            blocks += [
                heading(title),
                para(text),
                link(
                    "Read more",
                    c.url(svc, f"blog/{c.token(8).lower()}", f"news/{c.rng.randrange(100, 999)}"),
                ),
            ]
        blocks += [*_optout_blocks(c, svc)]
    blocks = present(blocks)
    d = c.service_draft(
        svc,
        subject,
        blocks + c.footer_blocks(svc, noreply=False),
        mailer="bulk",
        structure=c.pick("plain", "html", "alt", "alt"),
    )
    _unsubscribe(c, svc, d)
    return d


def points_expiring(c: Ctx) -> Draft:
    svc = c.service("shop", 0.75)
    pts_name = svc.word("points", c.t(f"{svc.name}ポイント", f"{svc.name} points"))
    pts = c.rng.randrange(30, 8000)
    exp = c.days(5, 35)
    if c.ja:
        subject = c.pick(
            f"【{svc.name}】ポイント有効期限のお知らせ",
            f"{pts_name}の有効期限が近づいています",
            f"まもなく{pts:,}ポイントが失効します",
            f"{c.me.family}様 {pts_name}有効期限のご案内",
            "【重要】期間限定ポイントの有効期限について",
        )
        blocks = [
            para(c.salute()),
            para(
                c.pick(
                    f"お客様がお持ちの{pts_name}のうち、{pts:,}ポイントが{c.date(exp)}に有効期限"
                    "を迎えます。",
                    f"ご利用いただける{pts_name}の一部が、まもなく有効期限となります。",
                    f"{c.date(exp)}に失効予定のポイントがございますので、お知らせいたします。",
                )
            ),
            fields(
                [
                    ("失効予定ポイント", f"{pts:,}ポイント"),
                    ("有効期限", c.date(exp)),
                    ("現在の保有ポイント", f"{pts + c.rng.randrange(0, 20000):,}ポイント"),
                ]
            ),
            para(
                c.pick(
                    "ポイントは1ポイント＝1円として、お買い物にご利用いただけます。",
                    "期限までにぜひご利用ください。",
                    "ポイントの有効期限は、最後にポイントを獲得した日から1年間です。",
                )
            ),
            link(
                c.pick("ポイント履歴を確認する", "ポイントの使い方はこちら", "会員ページへ"),
                c.url(svc, "point/history", "mypage/point", "member/point/"),
            ),
        ]
    else:
        subject = c.pick(
            f"Your {pts_name} expire soon",
            f"{pts:,} points expire on {c.date(exp)}",
            "Don't lose your rewards",
            "Reminder: use your points before they expire",
        )
        blocks = [
            para(c.salute()),
            para(
                f"{pts:,} of your {pts_name} will expire on {c.date(exp)}. Use them on your next "
                "purchase to keep their value."
            ),
            button("View my rewards", c.url(svc, "rewards", "account/points")),
        ]
    blocks += c.footer_blocks(svc, noreply=True)
    return c.service_draft(svc, subject, blocks, mailer=c.pick("system", "bulk"))
