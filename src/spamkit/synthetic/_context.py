"""What every business-mail template works with: the scene, the senders, the assembly.

A :class:`Ctx` is one message's scene: its random source, language, date, the
recipient (a person at a company, or a consumer), and helpers that format dates,
amounts and reference numbers and make the links of the sending organisation.  A
template returns a :class:`Draft` (subject, body blocks, sender, recipients); :func:`finish`
chooses the mail program, charset and layout and writes the bytes.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from . import people, phrases
from ._mail import GeneratedMail
from .brands import BrandSender, senders_for
from .compose import Attachment, Mailer, compose, pick_mailer, safe_for
from .people import Company, Person
from .render import Block, html_style, person_html, render_html, render_text, text_style

T = TypeVar("T")
#: The datetime type: inside ``Ctx`` the name ``datetime`` is its formatting method.
DateTime = datetime

JST = timezone(timedelta(hours=9))
#: Generated dates fall in this window (2023-01-01 .. 2026-10-31, JST).
FIRST_DAY = datetime(2023, 1, 1, tzinfo=JST)
DAYS = (datetime(2026, 11, 1, tzinfo=JST) - FIRST_DAY).days


def random_when(rng: random.Random, *, office: bool) -> datetime:
    """A sending time: office hours on weekdays for people, any hour for systems."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    if office:
        while day.weekday() >= 5 and rng.random() < 0.85:
            day += timedelta(days=1)
        hour = int(rng.triangular(7.5, 21.5, 11))
    else:
        hour = rng.choice(
            (
                0,
                1,
                2,
                3,
                5,
                6,
                7,
                8,
                9,
                9,
                10,
                10,
                11,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                19,
                20,
                21,
                22,
                23,
            )
        )
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


# --- transliteration for legacy charsets --------------------------------------------------

_LEGACY = {
    "©": "(C)",
    "®": "(R)",
    "™": "(TM)",
    "–": "-",
    "—": "―",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "・",
    "€": "EUR",
    "…": "…",
    "\u00a0": " ",
    "é": "e",
    "è": "e",
    "ü": "u",
    "ö": "o",
    "ä": "a",
    "→": "→",
    "✓": "・",
    "¥": "￥",
    "✔": "・",
    "★": "★",
    "☆": "☆",
    "♪": "♪",
}
_ASCII = {
    "×": "x",
    "…": "...",
    "・": "-",
    "→": "->",
    "―": "-",
    "★": "*",
    "☆": "*",
    "♪": "",
    "¥": "JPY ",
    "£": "GBP ",
    "°": " deg",
}


_SAFE: dict[tuple[str, str], bool] = {}


def _char_ok(ch: str, charset: str) -> bool:
    key = (ch, charset)
    ok = _SAFE.get(key)
    if ok is None:
        ok = _SAFE[key] = safe_for(ch, charset)
    return ok


def fit(text: str, charset: str) -> str:
    """``text`` as a mail program writing ``charset`` would have stored it.

    Legacy Japanese charsets cannot hold ©, en dashes or emoji: Japanese systems write
    (C) and "-" and drop pictographs; ASCII mail drops accents.  UTF-8 keeps all.
    """
    if charset == "utf-8" or text.isascii():
        return text
    if all(_char_ok(ch, charset) for ch in set(text) if not ch.isascii()):
        return text
    out = []
    for ch in text:
        if ch.isascii() or _char_ok(ch, charset):
            out.append(ch)
            continue
        sub = _LEGACY.get(ch, ch)
        if charset == "us-ascii":
            sub = _ASCII.get(sub, sub)
        if all(_char_ok(c, charset) or c.isascii() for c in sub):
            out.append(sub)
            continue
        folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(folded)
    return "".join(out)


# --- senders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    """An organisation that sends automatic mail: a real brand or an invented company."""

    name: str  # what the text calls it (楽天カード, みなと電力)
    display: str  # From display name
    address: str  # From address
    hosts: tuple[str, ...]  # link hosts, under its own domain
    legal: str
    brand: str = ""  # brands.toml key, "" for an invented company
    words: dict[str, str] = field(default_factory=dict)
    color: str = ""
    postal: str = ""
    phone: str = ""

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]

    def word(self, key: str, default: str) -> str:
        return self.words.get(key, default)


def _brand_service(rng: random.Random, sender: BrandSender, language: str) -> Service:
    names = sender.names_en if language == "en" and sender.names_en else sender.names
    display = rng.choice(names)
    words = dict(sender.words)
    name = (
        words.get("service")
        or words.get("card")
        or words.get("bank")
        or words.get("carrier")
        or words.get("telco")
        or sender.names[0]
    )
    if language == "en" and sender.names_en:
        name = sender.names_en[0]
    return Service(
        name=name,
        display=display,
        address=rng.choice(sender.addresses),
        hosts=sender.hosts,
        legal=sender.legal,
        brand=sender.brand,
        words=words,
        color=sender.color,
    )


#: Invented organisations per sector: (Japanese name patterns, English name patterns,
#: domain patterns, mailbox local parts).  {s}=kanji stem, {k}=katakana coinage,
#: {r}/{kr}=their romaji, {S}/{K}=capitalised romaji, {c}=city stem.
_SECTORS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "shop": (
        (
            "{k}公式オンラインストア",
            "{s}ストア",
            "{k}マート",
            "{k}オンラインショップ",
            "{s}百貨店 オンラインストア",
            "{k}",
        ),
        ("{K} Store", "{S} Home & Living", "{K} Outfitters", "{K} Books", "{K} Supply Co."),
        ("{d}-store.jp", "{d}.shop", "shop-{d}.jp", "{d}.co.jp", "{d}store.com"),
        ("order", "info", "shop", "noreply", "support", "no-reply"),
    ),
    "saas": (
        ("{k}", "{k}", "{k}クラウド"),
        ("{K}", "{K}", "{K} Cloud"),
        ("{d}.io", "{d}.jp", "{d}.app", "{d}cloud.com", "{d}.com"),
        ("noreply", "support", "billing", "no-reply", "hello", "notifications", "account"),
    ),
    "power": (
        ("{s}電力", "{k}でんき", "{s}エナジー", "{k}電力"),
        ("{S} Energy", "{K} Power", "{S} Electric"),
        ("{d}-denryoku.co.jp", "{d}-denki.jp", "{d}-energy.co.jp", "{d}power.com"),
        ("info", "mypage", "noreply", "billing"),
    ),
    "gas": (
        ("{s}ガス", "{k}ガス", "{s}瓦斯"),
        ("{S} Gas", "{S} Gas & Electric", "{K} Gas Service"),
        ("{d}-gas.co.jp", "{d}gas.jp", "{d}gas.com"),
        ("info", "noreply", "mypage", "billing"),
    ),
    "water": (
        ("{c}市上下水道局", "{c}市水道局", "{c}町上下水道課"),
        ("{C} City Waterworks Bureau", "{C} Water Utilities"),
        ("city.{cr}.lg.jp", "water.city.{cr}.lg.jp"),
        ("suido", "info", "noreply", "water"),
    ),
    "city": (
        ("{c}市役所", "{c}市 市民課", "{c}市 税務課", "{c}区役所", "{c}市 子育て支援課"),
        ("{C} City Office", "{C} City Hall", "{C} City International Center"),
        ("city.{cr}.lg.jp", "city.{cr}.lg.jp"),
        ("info", "shimin", "zeimu", "noreply", "kosodate", "international"),
    ),
    "hotel": (
        ("ホテル{s}", "{s}リゾート＆スパ", "{k}イン{c}", "ホテル{k}{c}", "{s}温泉 旅館{s}"),
        ("The {S} Hotel", "{K} Inn & Suites", "Hotel {K} {C}", "{S} Resort"),
        ("hotel-{d}.co.jp", "{d}-resort.jp", "{d}-inn.com", "hotel{d}.jp"),
        ("reservation", "info", "booking", "front", "noreply"),
    ),
    "travel": (
        ("{k}トラベル", "{s}旅行", "{k}トラベル予約センター"),
        ("{K} Travel", "{K} Trips"),
        ("{d}-travel.jp", "{d}travel.com", "{d}-ryoko.co.jp"),
        ("booking", "info", "noreply", "support"),
    ),
    "airline": (
        ("{s}航空", "{k}エア", "{s}エアライン"),
        ("{S} Airways", "{K} Air", "{S} Airlines"),
        ("{d}-air.co.jp", "{d}air.com", "{d}airlines.jp"),
        ("eticket", "reservation", "noreply", "info"),
    ),
    "insurance": (
        ("{s}生命保険", "{s}損害保険", "{k}少額短期保険", "{s}火災海上保険"),
        ("{S} Mutual", "{S} Insurance", "{K} Life"),
        ("{d}-life.co.jp", "{d}-sonpo.co.jp", "{d}-hoken.jp", "{d}insurance.com"),
        ("info", "keiyaku", "noreply", "service"),
    ),
    "jobsite": (
        ("{k}キャリア", "{k}転職", "{k}ナビ", "{k}エージェント", "{k}ダイレクト"),
        ("{K} Careers", "{K}Jobs", "{K} Talent"),
        ("{d}-career.jp", "{d}.jobs", "{d}tenshoku.jp", "{d}-agent.com"),
        ("scout", "info", "noreply", "support", "recruit"),
    ),
    "school": (
        ("{c}市立{s}小学校", "{c}市立{s}中学校", "{s}小学校PTA", "{s}幼稚園", "{s}保育園"),
        ("{S} International School", "{K} Academy"),
        ("{d}-es.ed.jp", "{d}-jh.ed.jp", "{d}-kg.ed.jp", "{d}-is.ac.jp"),
        ("info", "office", "pta", "jimu", "noreply"),
    ),
    "bank": (
        ("{s}信用金庫", "{s}銀行", "{k}ネット銀行", "{s}信用組合"),
        ("{S} Bank", "{S} Credit Union", "{K} Bank"),
        ("{d}-shinkin.co.jp", "{d}bank.co.jp", "{d}-bank.jp", "{d}cu.org"),
        ("info", "direct", "noreply", "ib"),
    ),
    "card": (
        ("{k}カード", "{s}クレジット", "{k}カード会員サービス"),
        ("{K} Card", "{S} Credit"),
        ("{d}-card.co.jp", "{d}-credit.jp", "{d}card.com"),
        ("info", "card", "noreply", "statement"),
    ),
    "carrier": (
        ("{s}運輸", "{k}エクスプレス", "{s}急便", "{s}ロジスティクス"),
        ("{S} Express", "{K} Logistics", "{K} Courier"),
        ("{d}-unyu.co.jp", "{d}-express.jp", "{d}-logi.co.jp", "{d}courier.com"),
        ("info", "delivery", "noreply", "tracking"),
    ),
    "telco": (
        ("{k}モバイル", "{k}光", "{s}通信", "{k}SIM"),
        ("{K} Mobile", "{K} Fiber", "{K} Telecom"),
        ("{d}-mobile.jp", "{d}hikari.jp", "{d}-tsushin.co.jp", "{d}mobile.com"),
        ("info", "mypage", "billing", "noreply"),
    ),
    "seminar": (
        ("{s}セミナー事務局", "{k}ウェビナー運営事務局", "{s}協会 事務局"),
        ("{K} Events", "{K} Webinars", "{S} Conference"),
        ("{d}-seminar.jp", "{d}.events", "{d}-kyokai.or.jp", "{d}events.com"),
        ("seminar", "event", "info", "webinar"),
    ),
    "research": (
        ("{k}リサーチ", "{s}調査センター", "{k}アンケート事務局"),
        ("{K} Research", "{K} Insights"),
        ("{d}-research.jp", "{d}research.com", "{d}-survey.jp"),
        ("survey", "info", "noreply", "research"),
    ),
}
_CITY_STEMS = (
    ("若葉", "wakaba"),
    ("青葉台", "aobadai"),
    ("緑ヶ丘", "midorigaoka"),
    ("桜ヶ丘", "sakuragaoka"),
    ("東雲", "shinonome"),
    ("北斗", "hokuto"),
    ("朝日", "asahi"),
    ("松風", "matsukaze"),
    ("白浜", "shirahama"),
    ("千鳥", "chidori"),
    ("旭", "asahi"),
    ("美浜", "mihama"),
    ("清水", "shimizu"),
    ("泉", "izumi"),
)


def _coin(rng: random.Random) -> dict[str, str]:
    stem, roma = rng.choice(people._JA_STEMS_LIST)
    a, b = rng.sample(people._KANA_PARTS, 2)
    city, city_r = rng.choice(_CITY_STEMS)
    return {
        "s": stem,
        "r": roma,
        "S": roma.capitalize(),
        "k": a[0] + b[0],
        "kr": a[1] + b[1],
        "K": (a[1] + b[1]).capitalize(),
        "c": city,
        "cr": city_r,
        "C": city_r.capitalize(),
    }


def invented_service(rng: random.Random, sector: str, language: str) -> Service:
    """An invented organisation of ``sector`` with its own domain."""
    ja_names, en_names, domains, locals_ = _SECTORS[sector]
    parts = _coin(rng)
    pattern = rng.choice(ja_names if language == "ja" else en_names)
    # The domain is made from the same stem as the name (ミラリンク -> miralink.jp).
    parts["d"] = parts["kr"] if ("{k}" in pattern or "{K}" in pattern) else parts["r"]
    name = pattern.format(**parts)
    domain = rng.choice(domains).format(**parts)
    mail_host = domain if rng.random() < 0.7 or domain.startswith("city.") else f"mail.{domain}"
    hosts = (f"www.{domain}", domain, f"mypage.{domain}", f"support.{domain}")
    legal = name
    if language == "ja" and sector in (
        "shop",
        "saas",
        "power",
        "gas",
        "hotel",
        "travel",
        "airline",
        "insurance",
        "jobsite",
        "card",
        "carrier",
        "telco",
        "research",
        "seminar",
    ):
        base = (
            name.replace("公式オンラインストア", "")
            .replace(" オンラインストア", "")
            .replace("オンラインショップ", "")
        )
        legal = rng.choice((f"株式会社{base}", f"株式会社{base}", f"{base}株式会社"))
        if "協会" in base or "事務局" in base:
            legal = base  # an association's secretariat is not a company
    elif language == "en" and sector not in ("city", "water", "school"):
        legal = (
            f"{name} {rng.choice(('Inc.', 'LLC', 'Ltd.'))}"
            if not name.endswith(("Inc.", "LLC"))
            else name
        )
    desks = (
        ("カスタマーサポート", "お客様センター", "サポート")
        if language == "ja"
        else ("Customer Service",)
    )
    desks = (
        ("カスタマーサポート", "お客様センター", "サポート")
        if language == "ja"
        else ("Customer Service",)
    )
    return Service(
        name=name,
        display=name if rng.random() < 0.8 else f"{name} {rng.choice(desks)}",
        address=f"{rng.choice(locals_)}@{mail_host}",
        hosts=hosts if sector != "city" else (domain, f"www.{domain}"),
        legal=legal,
        postal=people.postal_address(
            rng, "ja" if language == "ja" or sector in ("city", "water") else "en"
        ),
        phone=people.phone(rng, language, kind="free" if rng.random() < 0.4 else "office"),
    )


# --- the scene ------------------------------------------------------------------------------


@dataclass
class Draft:
    """What a template decided: everything but the bytes."""

    subject: str
    blocks: list[Block]
    sender: tuple[str, str]
    to: list[tuple[str, str]]
    mailer: str = "system"  # "person", "system" or "bulk"
    sender_kind: str = "company"  # family value: brand:<key>, company, person, internal
    cc: list[tuple[str, str]] = field(default_factory=list)
    reply_to: tuple[str, str] | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    structure: str | None = None  # force "plain", "html" or "alt"
    headers: list[tuple[str, str]] = field(default_factory=list)
    preheader: str = ""
    color: str = ""
    house: str = ""  # a key that fixes the sender's layout and mail program most of the time
    pixel: str = ""
    when: datetime | None = None


class Ctx:
    """One message's scene (see the module docstring)."""

    def __init__(
        self, rng: random.Random, language: str, kind: str, *, office: bool = True
    ) -> None:
        self.rng = rng
        self.lang = language
        self.kind = kind
        self.when = random_when(rng, office=office)
        self.year = self.when.year
        self.date_style = rng.random()
        self.money_style = rng.random()
        # The recipient: someone at a company; Japanese companies also write in English.
        org_lang = language if rng.random() < 0.8 else "ja"
        if language == "en" and rng.random() < 0.65:
            org_lang = "en"
        self.my_org: Company = people.company(rng, org_lang)
        self.me: Person = people.person_at(rng, self.my_org)
        if rng.random() < 0.7:
            domain = rng.choice(
                people.FREEMAIL_JA if self.me.language == "ja" else people.FREEMAIL_EN
            )
            self.home = people.personal_address(rng, self.me, domain)
        else:
            self.home = self.me.email

    # -- small helpers
    @property
    def ja(self) -> bool:
        return self.lang == "ja"

    def pick(self, *options: T) -> T:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def t(self, ja: str, en: str) -> str:
        return ja if self.ja else en

    def _style(self, house: float) -> float:
        """The message's own format most of the time, another one now and then."""
        return house if self.rng.random() < 0.85 else self.rng.random()

    def date(self, d: datetime, weekday: bool | None = None) -> str:
        return phrases.fmt_date(
            self.rng, d, self.lang, weekday=weekday, style=self._style(self.date_style)
        )

    def datetime(self, d: datetime) -> str:
        return phrases.fmt_datetime(self.rng, d, self.lang, style=self._style(self.date_style))

    def money(self, value: float, currency: str = "") -> str:
        if not currency and not self.ja:
            currency = "USD"
        return phrases.amount(
            self.rng, value, self.lang, currency, style=self._style(self.money_style)
        )

    def yen(self, lo: int, hi: int, step: int = 1) -> int:
        return self.rng.randrange(lo // step, hi // step + 1) * step

    def ref(self, style: str) -> str:
        return phrases.reference(self.rng, style, self.when)

    def days(self, lo: int, hi: int) -> DateTime:
        """A date ``lo``..``hi`` days from the sending day (negative: before)."""
        return self.when + timedelta(days=self.rng.randrange(lo, hi + 1))

    def url(self, svc: Service, *paths: str) -> str:
        host = (
            self.rng.choice(svc.hosts[:2])
            if len(svc.hosts) > 1 and self.rng.random() < 0.3
            else svc.hosts[0]
        )
        path = self.rng.choice(paths) if paths else ""
        return f"https://{host}/{path}"

    def token(self, n: int = 24) -> str:
        alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    # -- senders
    def service(self, sector: str, brand_share: float = 0.6, kind: str | None = None) -> Service:
        """The organisation sending this kind of automatic mail: a brand or an invented one."""
        candidates = senders_for(kind or self.kind, self.lang)
        if candidates and self.rng.random() < brand_share:
            return _brand_service(self.rng, self.rng.choice(candidates), self.lang)
        return invented_service(self.rng, sector, self.lang)

    def partner(
        self, language: str | None = None, sector: str | None = None, role: str | None = None
    ) -> tuple[Person, Company]:
        """Someone at another company (in department ``role``), writing to :attr:`me`."""
        lang = language or (self.lang if self.rng.random() < 0.85 else self.my_org.language)
        if self.lang == "en" and self.rng.random() < 0.7:
            lang = "en"
        if self.lang == "ja":
            lang = "ja"
        org = people.company(self.rng, lang, sector)
        return people.person_at(self.rng, org, role=role), org

    def colleague(self) -> Person:
        """Someone at :attr:`my_org`."""
        while True:
            p = people.person_at(self.rng, self.my_org)
            if p.email != self.me.email:
                return p

    def private(self) -> str:
        """:attr:`me`'s own mailbox (freemail or provider), never the work address."""
        if self.home != self.me.email:
            return self.home
        rng = random.Random(f"private/{self.me.email}")
        domains = people.FREEMAIL_JA if self.me.language == "ja" else people.FREEMAIL_EN
        return people.personal_address(rng, self.me, rng.choice(domains))

    def consumer(self) -> tuple[str, str]:
        """The recipient of automatic mail: (display name, address)."""
        if self.rng.random() < 0.6:
            return ("", self.home)
        return (
            self.me.full
            if self.me.language == self.lang or self.rng.random() < 0.5
            else self.me.roma,
            self.home,
        )

    def work(self) -> tuple[str, str]:
        name = self.me.full if self.rng.random() < 0.7 else ""
        if name and self.me.language == "ja" and self.rng.random() < 0.3:
            name += " 様"
        return (name, self.me.email)

    def salute(self) -> str:
        return phrases.customer_salutation(self.rng, self.me, self.lang)

    def service_draft(
        self,
        svc: Service,
        subject: str,
        blocks: list[Block],
        *,
        mailer: str = "system",
        **kw: object,
    ) -> Draft:
        """A draft of automatic mail from ``svc`` to the consumer."""
        sender_kind = f"brand:{svc.brand}" if svc.brand else "company"
        return Draft(
            subject=subject,
            blocks=blocks,
            sender=(svc.display, svc.address),
            to=[self.consumer()],
            mailer=mailer,
            sender_kind=sender_kind,
            color=svc.color,
            house=f"{svc.address}/{self.kind}",
            **kw,  # type: ignore[arg-type]
        )

    def footer_blocks(
        self, svc: Service, *, noreply: bool = True, security: bool = False, mistake: bool = False
    ) -> list[Block]:
        """The small print and footer of a company's automatic mail."""
        from .render import notes, pre, rule

        rng = self.rng
        small: list[str] = []
        if noreply and rng.random() < 0.75:
            small.append(phrases.noreply_note(rng, self.lang))
        if mistake and rng.random() < 0.6:
            small.append(phrases.mistake_note(rng, self.lang))
        if security and rng.random() < 0.6:
            note = phrases.security_note(rng, svc.name, self.lang)
            if note:
                small.append(note)
        blocks: list[Block] = []
        if small:
            blocks.append(notes(small))
        foot = phrases.footer(rng, svc.legal, svc.hosts[0], self.lang, self.year, svc.postal)
        if foot:
            if rng.random() < 0.6:
                blocks.append(rule())
            blocks.append(pre(foot))
        return blocks


# --- assembly ---------------------------------------------------------------------------------

#: Share of Japanese mail per charset (before a mailer's own habits), chosen so that each
#: of the three is well represented.
JA_CHARSETS = (("iso-2022-jp", 0.36), ("shift_jis", 0.2), ("utf-8", 0.44))


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    x = rng.random() * sum(w for _, w in table)
    for value, w in table:
        x -= w
        if x <= 0:
            return value
    return table[-1][0]


def _choose_mailer(
    rng: random.Random, draft: Draft, language: str
) -> tuple[Mailer, tuple[str, str]]:
    want = _weighted(rng, JA_CHARSETS) if language == "ja" else None
    names: tuple[str, ...] = ()
    if draft.sender_kind.startswith("brand:"):
        # Big senders mail from their own systems or an ESP, not from a PHP script.
        names = (
            ("ses", "esp")
            if draft.mailer == "bulk"
            else ("legacy-system", "jp-system", "ses", "esp")
        )
    if draft.house and rng.random() < 0.7:
        house = random.Random(f"mailer/{draft.house}")
        mailer, enc = pick_mailer(house, draft.mailer, language, names=names)
        if language != "ja" or rng.random() < 0.6:
            return mailer, enc
    return pick_mailer(rng, draft.mailer, language, want, names=names)


def finish(c: Ctx, draft: Draft, *, family: dict[str, str], label: str = "ham") -> GeneratedMail:
    """Render, encode and write ``draft``; the :class:`GeneratedMail` with its families."""
    rng = c.rng
    mailer, (charset, transfer) = _choose_mailer(rng, draft, c.lang)
    structure = draft.structure or rng.choice(mailer.structures)
    if draft.house and rng.random() < 0.75:
        house = random.Random(f"style/{draft.house}")
        tstyle = text_style(house, c.lang)
        hstyle = html_style(house, c.lang, draft.color or None)
    else:
        tstyle = text_style(rng, c.lang)
        hstyle = html_style(rng, c.lang, draft.color or None)
    if (
        draft.mailer == "person"
        and tstyle.wrap == 0
        and mailer.name in ("becky", "thunderbird")
        and rng.random() < 0.6
    ):
        tstyle = text_style(rng, c.lang)
    text = render_text(draft.blocks, tstyle, c.lang)
    subject = draft.subject
    canon = charset
    subject = fit(subject, canon)
    text = fit(text, canon)
    html = None
    if structure in ("html", "alt") and draft.mailer == "person":
        # What a person's mail program makes of the typed text, not a designed page.
        html = fit(person_html(text, mailer.name, rng, c.lang), canon)
    elif structure in ("html", "alt"):
        html = fit(
            render_html(
                draft.blocks,
                hstyle,
                c.lang,
                title=subject if rng.random() < 0.4 else "",
                preheader=draft.preheader,
                pixel=draft.pixel,
            ),
            canon,
        )
    sender = (fit(draft.sender[0], canon), draft.sender[1])
    to = [(fit(n, canon), a) for n, a in draft.to]
    cc = [(fit(n, canon), a) for n, a in draft.cc]
    reply_to = (fit(draft.reply_to[0], canon), draft.reply_to[1]) if draft.reply_to else None
    when = draft.when or c.when
    offset = (
        540
        if c.lang == "ja" or rng.random() < 0.3
        else rng.choice((-300, -240, -480, -420, 0, 60, 540))
    )
    raw = compose(
        rng=rng,
        mailer=mailer,
        charset=charset,
        transfer=transfer,
        sender=sender,
        to=to,
        subject=subject,
        date=when,
        text=text if structure != "html" else None,
        html=html,
        cc=cc,
        reply_to=reply_to,
        in_reply_to=draft.in_reply_to,
        references=draft.references,
        attachments=draft.attachments,
        headers=draft.headers,
        offset_minutes=offset,
    )
    fam = {**family, "sender": draft.sender_kind, "mailer": mailer.name, "structure": structure}
    return GeneratedMail(raw, label, c.kind, c.lang, charset, fam, subject, text)  # type: ignore[arg-type]


Template = Callable[[Ctx], Draft]

_SPACES = re.compile(r"[ \t\u3000]+")


def letter(
    c: Ctx,
    writer: Person,
    org: Company | None,
    body: list[Block],
    *,
    reader: Person | None = None,
    reader_org: Company | None = None,
    warm: bool = True,
    intro: bool = True,
    closing: str | None = None,
    signature: bool = True,
    internal: bool = False,
) -> list[Block]:
    """A letter between people: 宛名, greeting, self-introduction, body, closing, 署名.

    ``internal``: between colleagues (さん, お疲れさまです) rather than companies.
    """
    from .render import para, sig

    rng = c.rng
    reader = reader or c.me
    reader_org = reader_org if reader_org is not None else c.my_org
    if internal and c.ja:
        blocks: list[Block] = [
            para(
                rng.choice(
                    (
                        f"{reader.family}さん",
                        f"{reader.family}さん",
                        "各位",
                        f"{reader.family}様",
                        "関係者各位",
                    )
                )
            )
        ]
        opening = rng.choice(("お疲れさまです。", "お疲れ様です。", "お疲れさまです。"))
        dept = writer.dept.split()[-1] if writer.dept else ""
        opening += rng.choice((f"{dept}の{writer.family}です。", f"{writer.family}です。", ""))
        blocks.append(para(opening))
        blocks.extend(body)
        blocks.append(
            para(
                closing
                if closing is not None
                else rng.choice(
                    ("よろしくお願いします。", "よろしくお願いいたします。", "以上です。")
                )
            )
        )
        blocks.append(
            sig(people.signature(rng, writer, org, url=False, lang="ja"))
            if signature and rng.random() < 0.6
            else para(writer.full)
        )
        return blocks
    if internal:
        reader_org = None
    blocks = [para(phrases.b2b_salutation(rng, reader, reader_org, c.lang))]
    opening = phrases.b2b_greeting(rng, c.lang, warm=warm)
    if intro and not internal:
        me = phrases.self_intro(rng, writer, org, c.lang)
        if c.ja:
            opening = f"{opening}\n{me}" if opening else me
        elif me and opening and not opening.endswith(("is", "that")):
            opening = f"{opening} {me}" if rng.random() < 0.5 else f"{me} {opening}"
        elif me:
            opening = me
    if opening and opening not in ("I'm reaching out because", "My name is"):
        blocks.append(para(opening))
    blocks.extend(body)
    end = closing if closing is not None else phrases.b2b_closing(rng, c.lang)
    if c.ja:
        if end:
            blocks.append(para(end))
        if signature:
            blocks.append(sig(people.signature(rng, writer, org, lang="ja")))
        else:
            blocks.append(para(writer.family))
    else:
        name = writer.given if writer.language == "en" else writer.given_roma
        if signature and rng.random() < 0.7:
            blocks.append(para(end))
            blocks.append(sig(people.signature(rng, writer, org, lang="en")))
        else:
            blocks.append(para(f"{end}\n{name}" if end else name))
    return blocks


def person_draft(
    c: Ctx,
    writer: Person,
    subject: str,
    blocks: list[Block],
    *,
    sender_kind: str = "person",
    **kw: object,
) -> Draft:
    """A draft of mail a person writes to :attr:`Ctx.me`."""
    name = writer.full if writer.language == c.lang or c.lang == "ja" else writer.roma
    if c.lang == "en" and writer.language == "ja":
        name = writer.roma
    if c.rng.random() < 0.1:
        name = ""
    if c.ja and not subject.startswith(("【", "Re:", "RE:")):
        # Japanese office habits: a bracketed tag in front, or the writer's name behind.
        x = c.rng.random()
        if x < 0.08:
            subject = c.pick("【ご連絡】", "【ご確認】", "【共有】", "【ご案内】") + subject
        elif x < 0.14 and "（" not in subject:
            subject = f"{subject}（{writer.family}）"
    return Draft(
        subject=subject,
        blocks=blocks,
        sender=(name, writer.email),
        to=[c.work()],
        mailer="person",
        sender_kind=sender_kind,
        **kw,  # type: ignore[arg-type]
    )
