"""People, companies, addresses, phone numbers and signatures for generated mail.

Every pool is plain data; the functions draw from them with the caller's
``random.Random``.  Company names are composed at random from a stem (kanji with its
reading, or katakana/English coinages) and an industry word, and their domains are
derived from that composition, so they name no particular real company (a
composition may by chance match a registered name; nothing is ever sent to it).
The real brands of ``brands.toml`` live in :mod:`spamkit.synthetic.brands`, not here.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, replace

__all__ = [
    "Company",
    "Person",
    "company",
    "en_person",
    "full_width_digits",
    "ja_person",
    "person_at",
    "personal_address",
    "phone",
    "postal_address",
    "signature",
]

# family kanji, kana, romaji
_JA_FAMILY = """
佐藤 サトウ sato|鈴木 スズキ suzuki|高橋 タカハシ takahashi|田中 タナカ tanaka
伊藤 イトウ ito|渡辺 ワタナベ watanabe|山本 ヤマモト yamamoto|中村 ナカムラ nakamura
小林 コバヤシ kobayashi|加藤 カトウ kato|吉田 ヨシダ yoshida|山田 ヤマダ yamada
佐々木 ササキ sasaki|山口 ヤマグチ yamaguchi|松本 マツモト matsumoto|井上 イノウエ inoue
木村 キムラ kimura|林 ハヤシ hayashi|斎藤 サイトウ saito|清水 シミズ shimizu
山崎 ヤマザキ yamazaki|森 モリ mori|池田 イケダ ikeda|橋本 ハシモト hashimoto
阿部 アベ abe|石川 イシカワ ishikawa|山下 ヤマシタ yamashita|中島 ナカジマ nakajima
石井 イシイ ishii|小川 オガワ ogawa|前田 マエダ maeda|岡田 オカダ okada
長谷川 ハセガワ hasegawa|藤田 フジタ fujita|後藤 ゴトウ goto|近藤 コンドウ kondo
村上 ムラカミ murakami|遠藤 エンドウ endo|青木 アオキ aoki|坂本 サカモト sakamoto
福田 フクダ fukuda|太田 オオタ ota|西村 ニシムラ nishimura|藤井 フジイ fujii
金子 カネコ kaneko|岡本 オカモト okamoto|藤原 フジワラ fujiwara|中野 ナカノ nakano
三浦 ミウラ miura|原田 ハラダ harada|中川 ナカガワ nakagawa|松田 マツダ matsuda
竹内 タケウチ takeuchi|小野 オノ ono|田村 タムラ tamura|中山 ナカヤマ nakayama
和田 ワダ wada|石田 イシダ ishida|森田 モリタ morita|上田 ウエダ ueda
原 ハラ hara|内田 ウチダ uchida|柴田 シバタ shibata|酒井 サカイ sakai
宮崎 ミヤザキ miyazaki|横山 ヨコヤマ yokoyama|高木 タカギ takagi|安藤 アンドウ ando
宮本 ミヤモト miyamoto|大野 オオノ ono|小島 コジマ kojima|工藤 クドウ kudo
谷口 タニグチ taniguchi|今井 イマイ imai|高田 タカダ takada|丸山 マルヤマ maruyama
増田 マスダ masuda|杉山 スギヤマ sugiyama|村田 ムラタ murata|大塚 オオツカ otsuka
小山 コヤマ koyama|平野 ヒラノ hirano|藤本 フジモト fujimoto|河野 コウノ kono
上野 ウエノ ueno|野口 ノグチ noguchi|武田 タケダ takeda|松井 マツイ matsui
千葉 チバ chiba|岩崎 イワサキ iwasaki|菅原 スガワラ sugawara|木下 キノシタ kinoshita
久保 クボ kubo|佐野 サノ sano|野村 ノムラ nomura|松尾 マツオ matsuo
市川 イチカワ ichikawa|菊地 キクチ kikuchi|杉本 スギモト sugimoto|古川 フルカワ furukawa
大西 オオニシ onishi|島田 シマダ shimada|水野 ミズノ mizuno|桜井 サクライ sakurai
髙橋 タカハシ takahashi|山﨑 ヤマザキ yamazaki|渡邉 ワタナベ watanabe|齋藤 サイトウ saito
吉川 ヨシカワ yoshikawa|荒木 アラキ araki|大久保 オオクボ okubo|永井 ナガイ nagai
熊谷 クマガイ kumagai|服部 ハットリ hattori
"""

# given kanji, kana, romaji, sex
_JA_GIVEN = """
太郎 タロウ taro m|一郎 イチロウ ichiro m|健太 ケンタ kenta m|翔太 ショウタ shota m
大輔 ダイスケ daisuke m|拓也 タクヤ takuya m|直樹 ナオキ naoki m|誠 マコト makoto m
浩 ヒロシ hiroshi m|隆 タカシ takashi m|聡 サトシ satoshi m|健一 ケンイチ kenichi m
和也 カズヤ kazuya m|達也 タツヤ tatsuya m|亮 リョウ ryo m|悠斗 ユウト yuto m
蓮 レン ren m|陽翔 ハルト haruto m|大和 ヤマト yamato m|修 オサム osamu m
博之 ヒロユキ hiroyuki m|裕太 ユウタ yuta m|雄一 ユウイチ yuichi m|俊介 シュンスケ shunsuke m
慎也 シンヤ shinya m|哲也 テツヤ tetsuya m|正人 マサト masato m|康弘 ヤスヒロ yasuhiro m
智之 トモユキ tomoyuki m|剛 ツヨシ tsuyoshi m|勇気 ユウキ yuki m|航 ワタル wataru m
駿 シュン shun m|湊 ミナト minato m|昌平 ショウヘイ shohei m|圭介 ケイスケ keisuke m
洋平 ヨウヘイ yohei m|賢治 ケンジ kenji m|秀樹 ヒデキ hideki m|義明 ヨシアキ yoshiaki m
花子 ハナコ hanako f|陽子 ヨウコ yoko f|恵子 ケイコ keiko f|美香 ミカ mika f
由美 ユミ yumi f|真由美 マユミ mayumi f|智子 トモコ tomoko f|久美子 クミコ kumiko f
直子 ナオコ naoko f|さくら サクラ sakura f|葵 アオイ aoi f|結衣 ユイ yui f
美咲 ミサキ misaki f|彩 アヤ aya f|愛 アイ ai f|麻衣 マイ mai f
優子 ユウコ yuko f|千尋 チヒロ chihiro f|明美 アケミ akemi f|香織 カオリ kaori f
沙織 サオリ saori f|理恵 リエ rie f|奈々 ナナ nana f|加奈子 カナコ kanako f
綾香 アヤカ ayaka f|遥 ハルカ haruka f|楓 カエデ kaede f|陽菜 ヒナ hina f
芽衣 メイ mei f|美穂 ミホ miho f|亜希子 アキコ akiko f|紀子 ノリコ noriko f
瞳 ヒトミ hitomi f|絵里 エリ eri f|友美 トモミ tomomi f|真理 マリ mari f
梨花 リカ rika f|ひとみ ヒトミ hitomi f|めぐみ メグミ megumi f|由紀 ユキ yuki f
"""

_EN_FIRST_M = [
    "James",
    "John",
    "Robert",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kevin",
    "Brian",
    "George",
    "Edward",
    "Ryan",
    "Jacob",
    "Gary",
    "Nicholas",
    "Eric",
    "Jonathan",
    "Stephen",
    "Justin",
    "Scott",
    "Benjamin",
    "Samuel",
    "Gregory",
    "Patrick",
    "Peter",
    "Oliver",
    "Harry",
    "Liam",
    "Noah",
    "Ethan",
]
_EN_FIRST_F = [
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Lisa",
    "Nancy",
    "Sandra",
    "Ashley",
    "Emily",
    "Michelle",
    "Amanda",
    "Melissa",
    "Stephanie",
    "Rebecca",
    "Laura",
    "Amy",
    "Anna",
    "Rachel",
    "Emma",
    "Olivia",
    "Sophie",
    "Hannah",
    "Grace",
    "Chloe",
    "Megan",
    "Lucy",
    "Claire",
    "Natalie",
    "Victoria",
    "Julia",
    "Kate",
    "Helen",
    "Diana",
    "Kathy",
]
_EN_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "Peterson",
    "Reed",
    "Bailey",
    "Bell",
    "Kelly",
    "Howard",
    "Ward",
    "Cox",
    "Richardson",
    "Wood",
    "Watson",
    "Brooks",
    "Bennett",
    "Gray",
    "Hughes",
    "Price",
    "Sanders",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Fisher",
    "Moss",
    "Hayes",
    "Ellison",
    "Chen",
    "Patel",
    "Nguyen",
    "Kim",
    "Garcia",
    "Martinez",
    "Lopez",
    "Novak",
    "Schmidt",
    "Fischer",
    "Larsen",
    "Dubois",
    "Rossi",
]


def _parse_ja(block: str) -> list[tuple[str, ...]]:
    return [tuple(item.split()) for line in block.strip().splitlines() for item in line.split("|")]


JA_FAMILY: list[tuple[str, ...]] = _parse_ja(_JA_FAMILY)
JA_GIVEN: list[tuple[str, ...]] = _parse_ja(_JA_GIVEN)


@dataclass(frozen=True)
class Person:
    """A person: names in the scripts mail shows them in, and a mailbox."""

    family: str  # kanji (Japanese) or surname (English)
    given: str
    family_kana: str
    given_kana: str
    family_roma: str  # "Yamada"
    given_roma: str  # "Taro"
    female: bool
    language: str  # "ja" or "en"
    email: str = ""
    title: str = ""
    dept: str = ""

    @property
    def full(self) -> str:
        """As a Japanese reader writes it (``山田 太郎``) or ``Taro Smith`` in English."""
        if self.language == "ja":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"

    @property
    def full_tight(self) -> str:
        """``山田太郎`` (no space), for Japanese; same as :attr:`full` in English."""
        return f"{self.family}{self.given}" if self.language == "ja" else self.full

    @property
    def kana(self) -> str:
        return f"{self.family_kana} {self.given_kana}"

    @property
    def roma(self) -> str:
        """``Taro Yamada``: given name first, as Japanese write their names in English."""
        return f"{self.given_roma} {self.family_roma}"

    @property
    def roma_upper(self) -> str:
        return f"{self.family_roma.upper()} {self.given_roma.upper()}"


def ja_person(rng: random.Random, female: bool | None = None) -> Person:
    """A Japanese person (no mailbox yet)."""
    fam = rng.choice(JA_FAMILY)
    pool = JA_GIVEN if female is None else [g for g in JA_GIVEN if (g[3] == "f") == female]
    giv = rng.choice(pool)
    return Person(
        fam[0],
        giv[0],
        fam[1],
        giv[1],
        fam[2].capitalize(),
        giv[2].capitalize(),
        giv[3] == "f",
        "ja",
    )


def en_person(rng: random.Random, female: bool | None = None) -> Person:
    """An English-speaking person (no mailbox yet)."""
    if female is None:
        female = rng.random() < 0.5
    first = rng.choice(_EN_FIRST_F if female else _EN_FIRST_M)
    last = rng.choice(_EN_LAST)
    return Person(last, first, "", "", last, first, female, "en")


# --- mailboxes -------------------------------------------------------------------------------

#: How a company spells its staff's mailboxes; each company keeps one style.
_LOCAL_STYLES = (
    "{f}.{l}",
    "{f0}-{l}",
    "{l}",
    "{l}.{f}",
    "{f0}.{l}",
    "{l}-{f0}",
    "{f}_{l}",
    "{l}_{f0}",
    "{f0}{l}",
    "{l}{f0}",
    "{f}-{l}",
)


def _local(style: str, p: Person) -> str:
    given, family = p.given_roma.lower(), p.family_roma.lower()
    return style.format(f=given, l=family, f0=given[0])


_WORDS = [
    "sora",
    "umi",
    "hana",
    "neko",
    "inu",
    "kuma",
    "usagi",
    "momo",
    "ringo",
    "ichigo",
    "lemon",
    "mint",
    "peach",
    "cherry",
    "star",
    "moon",
    "sun",
    "happy",
    "lucky",
    "smile",
    "dream",
    "peace",
    "music",
    "piano",
    "guitar",
    "soccer",
    "tennis",
    "baseball",
    "golf",
    "travel",
    "cafe",
    "blue",
    "pink",
    "green",
    "white",
    "black",
    "snow",
    "rain",
    "kaze",
    "yuki",
    "flower",
    "rose",
    "lily",
    "cat",
    "dog",
    "bear",
    "panda",
    "ocean",
]


def personal_address(rng: random.Random, person: Person, domain: str) -> str:
    """A mailbox a person might have made for themselves at ``domain``."""
    f, last = person.given_roma.lower(), person.family_roma.lower()
    year = rng.randrange(1962, 2008)
    mmdd = f"{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    word = rng.choice(_WORDS)
    sep = rng.choice((".", "_", "-", ""))
    options = (
        f"{f}{sep}{last}",
        f"{f}{sep}{last}{year}",
        f"{f}.{last[0]}-{mmdd}",
        f"{last}{sep}{f}{year % 100:02d}",
        f"{f[0]}{sep}{last}{mmdd}",
        f"{f}{sep}{word}",
        f"{word}{sep}{f}{mmdd}",
        f"{f}-{word}-{year % 100:02d}",
        f"{last}{f[0]}{rng.randrange(1, 999)}",
        f"{f}{last[:3]}{rng.randrange(10, 99)}",
        f"{word}.{word[::-1]}.{mmdd}" if len(word) > 3 else f"{word}-{f}",
        f"{f}{sep}{last}{sep}{rng.choice(('jp', 'work', 'home', 'mail', 'official'))}",
    )
    local = rng.choice(options).strip(".-_")
    carriers = ("docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "i.softbank.jp", "au.com")
    if domain in carriers and rng.random() < 0.4:
        local = f"{word}{rng.choice(('-', '.', '_'))}{f}{rng.choice(('', '.', '-'))}{mmdd}"
    return f"{local}@{domain}"


FREEMAIL_JA = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.co.jp",
    "yahoo.co.jp",
    "docomo.ne.jp",
    "ezweb.ne.jp",
    "au.com",
    "softbank.ne.jp",
    "i.softbank.jp",
    "icloud.com",
    "outlook.jp",
    "hotmail.co.jp",
    "outlook.com",
    "nifty.com",
    "ymail.ne.jp",
)
FREEMAIL_EN = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "live.com",
    "me.com",
)


# --- companies -------------------------------------------------------------------------------

# kanji stem, romaji
_JA_STEMS = """
青陵 seiryo|朝凪 asanagi|白鷺 shirasagi|若葉 wakaba|緑風 ryokufu|東雲 shinonome|北斗 hokuto
光洋 koyo|翠嶺 suirei|碧海 hekikai|栄進 eishin|宝栄 hoei|旭陽 kyokuyo|泉谷 izumiya|楓林 fuurin
千鳥 chidori|大樹 taiju|春陽 shunyo|秀和 shuwa|誠和 seiwa|豊和 howa|協進 kyoshin|日昇 nissho
清流 seiryu|松風 matsukaze|桜坂 sakurazaka|若松 wakamatsu|新緑 shinryoku|瑞光 zuiko|明和 meiwa
昭栄 shoei|泰山 taizan|隆盛 ryusei|弘進 koshin|恵和 keiwa|大翔 taisho|富岳 fugaku|星和 seiwa
丸高 marutaka|山長 yamacho|金城 kinjo|三協 sankyo|中央 chuo|大栄 daiei|平和 heiwa|正栄 seiei
晴海 harumi|葵 aoi|紅葉 momiji|岬 misaki|錦 nishiki|嵐山 ranzan|白樺 shirakaba|黎明 reimei
"""
_KANA_PARTS = (
    ("アル", "al"),
    ("ベル", "bel"),
    ("ノア", "noa"),
    ("ミラ", "mira"),
    ("テラ", "terra"),
    ("ソラ", "sora"),
    ("リノ", "rino"),
    ("ルナ", "luna"),
    ("エス", "es"),
    ("ヴィア", "via"),
    ("ネクト", "nect"),
    ("ライズ", "rise"),
    ("リンク", "link"),
    ("ウェイ", "way"),
    ("フォート", "fort"),
    ("クレア", "crea"),
    ("ノーブ", "nove"),
    ("アクア", "aqua"),
    ("オルタ", "alta"),
    ("ゼノ", "zeno"),
    ("ピクス", "pix"),
    ("グラン", "gran"),
    ("フィール", "feel"),
    ("ブリッジ", "bridge"),
    ("ワークス", "works"),
    ("ラボ", "lab"),
    ("プラス", "plus"),
    ("ネクスタ", "nexta"),
    ("カルム", "calm"),
    ("エール", "ale"),
)
_INDUSTRIES = (
    # kanji/kana suffix, romaji for domains, English word, sector
    ("商事", "shoji", "Trading", "trade"),
    ("産業", "sangyo", "Industries", "maker"),
    ("工業", "kogyo", "Industrial", "maker"),
    ("製作所", "mfg", "Manufacturing", "maker"),
    ("電機", "denki", "Electric", "maker"),
    ("建設", "kensetsu", "Construction", "build"),
    ("物流", "logi", "Logistics", "logistics"),
    ("運輸", "unyu", "Transport", "logistics"),
    ("印刷", "print", "Printing", "service"),
    ("システム", "system", "Systems", "it"),
    ("ソリューションズ", "solutions", "Solutions", "it"),
    ("テクノロジー", "tech", "Technology", "it"),
    ("不動産", "fudosan", "Real Estate", "service"),
    ("食品", "foods", "Foods", "maker"),
    ("化学", "chem", "Chemical", "maker"),
    ("精機", "seiki", "Precision", "maker"),
    ("設計", "sekkei", "Design", "build"),
    ("企画", "kikaku", "Planning", "service"),
    ("コンサルティング", "consulting", "Consulting", "service"),
    ("商会", "shokai", "& Co.", "trade"),
    ("電子", "denshi", "Electronics", "maker"),
    ("メディカル", "medical", "Medical", "service"),
    ("デザイン", "design", "Design", "service"),
    ("ホールディングス", "hd", "Holdings", "trade"),
)
_EN_A = [
    "Ash",
    "Birch",
    "Blue",
    "Bright",
    "Cedar",
    "Clear",
    "Copper",
    "Crest",
    "Elm",
    "Fern",
    "Gold",
    "Granite",
    "Harbor",
    "Iron",
    "Lake",
    "Maple",
    "North",
    "Oak",
    "Pine",
    "River",
    "Silver",
    "Stone",
    "Summit",
    "West",
    "Willow",
    "Wren",
    "Amber",
    "Falcon",
    "Heron",
    "Juniper",
    "Lark",
]
_EN_B = [
    "field",
    "line",
    "stone",
    "bridge",
    "gate",
    "ridge",
    "point",
    "brook",
    "wood",
    "view",
    "haven",
    "well",
    "mark",
    "path",
    "leaf",
    "wick",
]
_EN_IND = (
    ("Logistics", "logistics"),
    ("Analytics", "analytics"),
    ("Labs", "labs"),
    ("Partners", "partners"),
    ("Supply", "supply"),
    ("Systems", "systems"),
    ("Consulting", "consulting"),
    ("Software", "software"),
    ("Media", "media"),
    ("Design", "design"),
    ("Group", "group"),
    ("Industries", "industries"),
    ("Health", "health"),
    ("Components", "components"),
    ("Foods", "foods"),
    ("Studio", "studio"),
)


@dataclass(frozen=True)
class Company:
    """An ordinary (non-brand) organisation: names, domain, address, phone."""

    name: str  # as written in the signature: 株式会社青陵商事 / Harborline Logistics Inc.
    short: str  # 青陵商事 / Harborline
    name_en: str
    domain: str
    language: str
    sector: str
    address: str
    phone: str
    fax: str
    local_style: str


def _en_company(rng: random.Random) -> Company:
    a, b = rng.choice(_EN_A), rng.choice(_EN_B)
    stem = a + b
    ind, ind_slug = rng.choice(_EN_IND)
    form = rng.choice(("Inc.", "LLC", "Ltd.", "Corp.", "Co.", ""))
    name = f"{stem} {ind} {form}".strip()
    slug = stem.lower()
    domain = rng.choice(
        (
            f"{slug}-{ind_slug}.com",
            f"{slug}{ind_slug}.com",
            f"{slug}.io",
            f"{slug}-{ind_slug}.co",
            f"{slug}{ind_slug}.co.uk",
            f"{slug}-{ind_slug}.net",
            f"get{slug}.com",
            f"{slug}hq.com",
        )
    )
    return Company(
        name,
        stem,
        name,
        domain,
        "en",
        rng.choice(("it", "service", "trade", "maker", "logistics")),
        postal_address(rng, "en"),
        phone(rng, "en"),
        phone(rng, "en"),
        rng.choice(_LOCAL_STYLES),
    )


def _ja_stem(rng: random.Random) -> tuple[str, str, str]:
    """(kanji-or-kana stem, romaji, English rendering)."""
    if rng.random() < 0.65:
        kanji, roma = rng.choice(_JA_STEMS_LIST)
        return kanji, roma, roma.capitalize()
    a, b = rng.sample(_KANA_PARTS, 2)
    return a[0] + b[0], a[1] + b[1], (a[1] + b[1]).capitalize()


_JA_STEMS_LIST = [
    tuple(item.split()) for line in _JA_STEMS.strip().splitlines() for item in line.split("|")
]


def company(rng: random.Random, language: str = "ja", sector: str | None = None) -> Company:
    """A random ordinary company in ``language`` (optionally of one sector)."""
    if language == "en":
        return _en_company(rng)
    stem, roma, en = _ja_stem(rng)
    choices = [i for i in _INDUSTRIES if sector is None or i[3] == sector] or list(_INDUSTRIES)
    suffix, suf_roma, suf_en, sec = rng.choice(choices)
    short = stem + suffix
    form = rng.random()
    if form < 0.6:
        name = "株式会社" + short
    elif form < 0.85:
        name = short + "株式会社"
    elif form < 0.95:
        name = "有限会社" + short
    else:
        name = "合同会社" + short
    en_form = rng.choice(("Co., Ltd.", "Corporation", "Inc.", "Co., Ltd."))
    name_en = f"{en} {suf_en} {en_form}" if not suf_en.startswith("&") else f"{en} {suf_en}, Ltd."
    tld = rng.choice(
        (".co.jp", ".co.jp", ".co.jp", ".jp", ".com", ".ne.jp" if rng.random() < 0.1 else ".co.jp")
    )
    domain = rng.choice(
        (
            f"{roma}-{suf_roma}{tld}",
            f"{roma}{suf_roma}{tld}",
            f"{roma}{tld}",
            f"{roma}-{suf_roma}.com",
        )
    )
    city = rng.randrange(len(_JA_PLACES))
    return Company(
        name,
        short,
        name_en,
        domain,
        "ja",
        sec,
        postal_address(rng, "ja", city),
        phone(rng, "ja", city),
        phone(rng, "ja", city),
        rng.choice(_LOCAL_STYLES),
    )


_DEPTS_JA = (
    "営業部",
    "営業本部 第一営業部",
    "営業部 第二営業課",
    "総務部",
    "人事部",
    "経理部",
    "経理財務部",
    "管理部",
    "情報システム部",
    "開発部",
    "技術部",
    "品質保証部",
    "購買部",
    "資材部",
    "カスタマーサポート部",
    "マーケティング部",
    "広報部",
    "経営企画部",
    "物流部",
    "業務部",
    "法人営業部",
    "事業推進部",
    "総務課",
    "営業課",
    "システム開発部",
    "人事総務部",
)
_TITLES_JA = (
    "",
    "",
    "",
    "",
    "部長",
    "課長",
    "係長",
    "主任",
    "マネージャー",
    "リーダー",
    "チーフ",
    "課長代理",
    "担当",
)
_DEPTS_EN = (
    "Sales",
    "Accounts Receivable",
    "Finance",
    "Human Resources",
    "Customer Success",
    "Operations",
    "Procurement",
    "IT",
    "Marketing",
    "Business Development",
    "Account Management",
    "Office of the CEO",
)
_TITLES_EN = (
    "",
    "Account Manager",
    "Sales Director",
    "HR Coordinator",
    "Accounts Payable Specialist",
    "Project Manager",
    "Office Manager",
    "Customer Success Manager",
    "Recruiter",
    "Operations Lead",
    "Senior Consultant",
    "Finance Manager",
    "Director of Partnerships",
)


#: Departments by role, for mail whose writer's department should fit its topic.
_ROLES_JA = {
    "sales": (
        "営業部",
        "営業本部 第一営業部",
        "営業部 第二営業課",
        "法人営業部",
        "営業課",
        "事業推進部",
    ),
    "finance": ("経理部", "経理財務部", "管理部", "業務部", "総務部"),
    "hr": ("人事部", "人事総務部", "総務部", "管理部"),
    "it": ("情報システム部", "システム開発部", "開発部", "技術部"),
    "buyer": ("購買部", "資材部", "総務部", "業務部"),
}
_ROLES_EN = {
    "sales": ("Sales", "Business Development", "Account Management"),
    "finance": ("Accounts Receivable", "Finance"),
    "hr": ("Human Resources", "People Operations"),
    "it": ("IT", "Engineering"),
    "buyer": ("Procurement", "Operations"),
}


def person_at(
    rng: random.Random, org: Company, female: bool | None = None, role: str | None = None
) -> Person:
    """A member of staff of ``org`` with a mailbox in the company's style."""
    base = ja_person(rng, female) if org.language == "ja" else en_person(rng, female)
    roles = _ROLES_JA if org.language == "ja" else _ROLES_EN
    dept = rng.choice(roles.get(role or "", _DEPTS_JA if org.language == "ja" else _DEPTS_EN))
    title = rng.choice(_TITLES_JA if org.language == "ja" else _TITLES_EN)
    email = f"{_local(org.local_style, base)}@{org.domain}"
    return replace(base, email=email, dept=dept, title=title)


# --- addresses and phone numbers --------------------------------------------------------------

# prefecture+city, wards/towns, postal prefix, phone area code
_JA_PLACES = (
    ("東京都千代田区", ("丸の内", "大手町", "神田錦町", "有楽町", "九段北", "内神田"), "100", "03"),
    ("東京都港区", ("芝公園", "虎ノ門", "新橋", "浜松町", "赤坂", "三田", "海岸"), "105", "03"),
    ("東京都中央区", ("日本橋", "銀座", "八丁堀", "京橋", "新川", "日本橋人形町"), "103", "03"),
    ("東京都新宿区", ("西新宿", "新宿", "四谷", "高田馬場", "市谷本村町"), "160", "03"),
    ("東京都渋谷区", ("渋谷", "恵比寿", "代々木", "道玄坂", "千駄ヶ谷"), "150", "03"),
    ("東京都品川区", ("大崎", "東五反田", "北品川", "西五反田"), "141", "03"),
    ("東京都台東区", ("上野", "浅草橋", "蔵前", "東上野"), "110", "03"),
    ("大阪府大阪市北区", ("梅田", "中之島", "天満", "堂島浜"), "530", "06"),
    ("大阪府大阪市中央区", ("本町", "北浜", "淡路町", "南船場", "備後町"), "541", "06"),
    ("愛知県名古屋市中区", ("栄", "錦", "丸の内", "大須"), "460", "052"),
    ("愛知県名古屋市中村区", ("名駅", "名駅南", "則武"), "450", "052"),
    ("福岡県福岡市博多区", ("博多駅前", "博多駅東", "祇園町"), "812", "092"),
    ("北海道札幌市中央区", ("北一条西", "大通西", "南二条西"), "060", "011"),
    ("宮城県仙台市青葉区", ("本町", "一番町", "中央"), "980", "022"),
    ("神奈川県横浜市西区", ("みなとみらい", "北幸", "高島"), "220", "045"),
    ("神奈川県横浜市中区", ("山下町", "本町", "尾上町"), "231", "045"),
    ("埼玉県さいたま市大宮区", ("桜木町", "大門町", "宮町"), "330", "048"),
    ("千葉県千葉市中央区", ("富士見", "新町", "中央"), "260", "043"),
    ("京都府京都市下京区", ("烏丸通四条下ル", "東洞院通", "四条通"), "600", "075"),
    ("兵庫県神戸市中央区", ("三宮町", "磯上通", "浪花町"), "650", "078"),
    ("広島県広島市中区", ("紙屋町", "基町", "大手町"), "730", "082"),
    ("静岡県静岡市葵区", ("御幸町", "紺屋町", "追手町"), "420", "054"),
    ("新潟県新潟市中央区", ("万代", "東大通", "笹口"), "950", "025"),
)
_BUILDINGS = ("ビル", "ビルディング", "タワー", "センタービル", "スクエア", "プラザ", "第二ビル")
_EN_STREETS = (
    "Market Street",
    "Main Street",
    "Broadway",
    "Oak Avenue",
    "Pine Street",
    "Harbor Drive",
    "Mission Street",
    "Congress Avenue",
    "King Street West",
    "High Street",
    "Hanover Square",
    "Collins Street",
    "Lexington Avenue",
    "Pike Street",
)
_EN_CITIES = (
    ("San Francisco, CA", "941"),
    ("Austin, TX", "787"),
    ("Seattle, WA", "981"),
    ("New York, NY", "100"),
    ("Boston, MA", "021"),
    ("Chicago, IL", "606"),
    ("Denver, CO", "802"),
    ("Toronto, ON", ""),
    ("London", ""),
    ("Manchester", ""),
    ("Melbourne VIC", ""),
    ("Singapore", ""),
)


def postal_address(rng: random.Random, language: str, place: int | None = None) -> str:
    """A one-line postal address (fictional street numbers)."""
    if language == "en":
        city, zip3 = rng.choice(_EN_CITIES)
        street = f"{rng.randrange(1, 2400)} {rng.choice(_EN_STREETS)}"
        if rng.random() < 0.4:
            street += f", Suite {rng.randrange(100, 1900)}"
        if zip3:
            return f"{street}, {city} {zip3}{rng.randrange(10, 99)}"
        if city == "London":
            district = rng.choice(("EC2A", "W1S", "SE1", "N1"))
            unit = f"{rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTUWXYZ')}"
            return f"{street}, London {district} {unit}"
        return f"{street}, {city}"
    pref, towns, zip3, _ = _JA_PLACES[rng.randrange(len(_JA_PLACES)) if place is None else place]
    zipcode = f"〒{zip3[:2]}{rng.randrange(10):d}-{rng.randrange(10000):04d}"
    chome = rng.randrange(1, 9)
    style = rng.random()
    if style < 0.5:
        num = f"{chome}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}"
    elif style < 0.8:
        num = f"{chome}丁目{rng.randrange(1, 30)}番{rng.randrange(1, 20)}号"
    else:
        num = full_width_digits(f"{chome}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}")
    building = ""
    if rng.random() < 0.7:
        fam = rng.choice(JA_FAMILY)[0]
        owner = rng.choice((fam, rng.choice(_JA_STEMS_LIST)[0]))
        floor = f"{rng.randrange(2, 15)}{rng.choice(('F', '階'))}"
        building = f" {owner}{rng.choice(_BUILDINGS)} {floor}"
    return f"{zipcode} {pref}{rng.choice(towns)}{num}{building}"


def phone(rng: random.Random, language: str, place: int | None = None, kind: str = "office") -> str:
    """A phone number in the local format (``03-1234-5678``, ``0120-123-456``)."""
    if language == "en":
        if rng.random() < 0.7:
            area, mid = rng.randrange(201, 989), rng.randrange(200, 999)
            return f"+1 ({area}) {mid}-{rng.randrange(10000):04d}"
        return f"+44 20 {rng.randrange(7000, 8999)} {rng.randrange(10000):04d}"
    if kind == "free":
        return rng.choice(
            (
                f"0120-{rng.randrange(100, 999)}-{rng.randrange(100, 999)}",
                f"0120-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
                f"0570-{rng.randrange(100, 999)}-{rng.randrange(100, 999)}",
            )
        )
    if kind == "mobile":
        return f"0{rng.choice('789')}0-{rng.randrange(1000, 9999)}-{rng.randrange(10000):04d}"
    code = _JA_PLACES[rng.randrange(len(_JA_PLACES)) if place is None else place][3]
    if len(code) == 2:
        return f"{code}-{rng.randrange(3000, 6999)}-{rng.randrange(10000):04d}"
    return f"{code}-{rng.randrange(200, 999)}-{rng.randrange(10000):04d}"


_FW = str.maketrans("0123456789-", "０１２３４５６７８９－")


def full_width_digits(text: str) -> str:
    """``03-1234`` -> ``０３－１２３４`` (as some Japanese writers type numbers)."""
    return text.translate(_FW)


def half_width_kana(text: str) -> str:
    """``ヤマダ タロウ`` -> ``ﾔﾏﾀﾞ ﾀﾛｳ`` (bank transfer names are shown this way)."""
    out = []
    for ch in text:
        out.append(_TO_HALF.get(ch, ch))
    return "".join(out)


def _half_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code in range(0xFF61, 0xFFA0):
        half = chr(code)
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1 and full not in table:
            table[full] = half
    for code in range(0x30A1, 0x30FB):
        full = chr(code)
        decomposed = unicodedata.normalize("NFD", full)
        if len(decomposed) == 2 and decomposed[0] in table:
            mark = "\uff9e" if decomposed[1] == "\u3099" else "\uff9f"
            table[full] = table[decomposed[0]] + mark
    table[" "] = " "
    table["\u3000"] = " "
    return table


_TO_HALF = _half_table()


# --- signatures ------------------------------------------------------------------------------

_RULES_JA = ("━", "─", "-", "=", "＝", "*", "＊", "~", "・", "_", "□■", "◆◇", "+-", "*+")


def rule_line(rng: random.Random) -> str:
    """A separator line of a random character (or pair) and length."""
    ch = rng.choice(_RULES_JA)
    full = unicodedata.east_asian_width(ch[0]) in ("W", "F", "A")
    n = rng.randrange(14, 34) if full else rng.randrange(24, 64)
    return (ch * n)[:n]


def signature(
    rng: random.Random,
    person: Person,
    org: Company | None,
    *,
    url: bool = True,
    lang: str | None = None,
) -> str:
    """A person's signature block (署名) in one of many layouts."""
    lang = lang or person.language
    lines: list[str] = []
    if lang == "ja" and person.language == "ja":
        name_line = rng.choice(
            (
                person.full,
                f"{person.full}（{person.roma}）",
                f"{person.full} / {person.roma}",
                f"{person.full}　{person.kana}" if rng.random() < 0.3 else person.full,
                f"{person.full_tight}",
                f"{person.full} {person.roma_upper}",
            )
        )
        if org is not None:
            company_line = rng.choice(
                (
                    org.name,
                    org.name,
                    f"{org.name}（{org.name_en}）" if rng.random() < 0.3 else org.name,
                    # ㈱/㈲: NEC row 13, what Windows users type for 株式会社/有限会社.
                    org.name.replace("株式会社", "㈱").replace("有限会社", "㈲"),
                )
            )
            dept = person.dept + (f" {person.title}" if person.title else "")
            order = rng.random()
            if order < 0.5:
                lines += [company_line, dept, name_line]
            elif order < 0.8:
                lines += [company_line, f"{dept}　{name_line}"]
            else:
                lines += [name_line, company_line, dept]
            if rng.random() < 0.75:
                lines.append(org.address)
            tel = org.phone if rng.random() < 0.85 else full_width_digits(org.phone)
            tel_label = rng.choice(("TEL", "Tel", "TEL", "電話", "T"))
            sepc = rng.choice(("：", ":", " ", "："))
            if rng.random() < 0.5:
                lines.append(f"{tel_label}{sepc}{tel}　FAX{sepc}{org.fax}")
            else:
                lines.append(f"{tel_label}{sepc}{tel}")
            if rng.random() < 0.3:
                lines.append(f"携帯{sepc}{phone(rng, 'ja', kind='mobile')}")
            if rng.random() < 0.7:
                lines.append(
                    f"{rng.choice(('Mail', 'E-mail', 'Email', 'MAIL', 'メール'))}{sepc}"
                    f"{person.email}"
                )
            if url and rng.random() < 0.6:
                lines.append(
                    f"{rng.choice(('URL', 'Web', 'HP', 'ＵＲＬ'))}{sepc}https:/"
                    f"/{rng.choice(('www.', '', 'www.'))}{org.domain}/"
                )
        else:
            lines.append(name_line)
            if rng.random() < 0.4 and person.email:
                lines.append(person.email)
    else:
        name = person.full if person.language == "en" else person.roma
        lines.append(name)
        if person.title and org is not None:
            lines.append(person.title if person.language == "en" else rng.choice(_TITLES_EN[1:]))
        if org is not None:
            lines.append(org.name_en if org.language == "ja" else org.name)
            if rng.random() < 0.5:
                lines.append(org.address if org.language == "en" else postal_address(rng, "en"))
            if rng.random() < 0.7:
                lines.append(
                    f"{rng.choice(('T', 'Tel', 'Phone', 'Direct', 'M'))}:"
                    f" {org.phone if org.language == 'en' else '+81 ' + org.phone[1:]}"
                )
            if url and rng.random() < 0.5:
                lines.append(f"{rng.choice(('www.', 'https://www.', 'https://'))}{org.domain}")
    style = rng.random()
    if style < 0.45:
        rule = rule_line(rng)
        return "\n".join([rule, *lines, rule])
    if style < 0.6:
        return "\n".join(["-- ", *lines])
    if style < 0.75:
        rule = rule_line(rng)
        return "\n".join([rule, *lines])
    if style < 0.85 and lang == "ja":
        top = rng.choice(("┏", "＿", "■"))
        if top == "┏":
            return "\n".join(
                [
                    "┏" + "━" * rng.randrange(16, 28),
                    *[f"┃{line}" for line in lines],
                    "┗" + "━" * rng.randrange(16, 28),
                ]
            )
        return "\n".join([*lines])
    return "\n".join(lines)
