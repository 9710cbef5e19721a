"""HELD-OUT families of the conversational attack generator.

DETECTOR AUTHORS MUST NOT READ THIS FILE.

Rules, patterns and signals for the conversational campaign are written from the dev
families in :mod:`spamkit.synthetic.conversational` only; recall is then reported on the
families below, which their authors never saw (issue 11, section 3).  Reading this
file, or tuning a detector on messages whose ``family["split"]`` starts with
``heldout``, spoils that measurement.

Each entry has the same shape as its dev counterpart in ``conversational.py``.
"""

from __future__ import annotations

import random

# --- subject styles: {x} is the recipient group, {c} the rest of the subject ---------------
SUBJECT_STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # family: (Japanese patterns, English patterns)
    "onchu": (("{x}御中 {c}", "{x} 御中　{c}", "{x}御中　{c}", "{c}（{x}御中）"), ()),
    "paren": (("({x}) {c}", "（{x}）{c}", "({x}){c}", "（{x}） {c}"), ("({x}) {c}",)),
    "attn": ((), ("Attn: {x} - {c}", "ATTN {x}: {c}", "Attention {x}: {c}", "Attn {x}, {c}")),
}

# --- sequence claims: (body sentences, subject phrases) -----------------------------------
CLAIMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "repeated": (
        (
            "何度かご連絡しておりますが、",
            "度々のご連絡失礼いたします。",
            "何度もメールして申し訳ありません。",
            "これまで何度かメールを差し上げております。",
            "再三のご連絡となり恐縮ですが、",
            "何回かご連絡しているのですが、",
        ),
        ("度々失礼いたします", "何度もすみません", "再三のご連絡", "度々のご連絡失礼します"),
    ),
    "unanswered": (
        (
            "まだお返事をいただけていないようです。",
            "お返事がまだのようでしたので、ご連絡しました。",
            "ご返信が確認できておりません。",
            "ご連絡をお待ちしておりましたが、まだいただけておりません。",
            "ご返事がないので心配しております。",
        ),
        (
            "お返事をお待ちしています",
            "ご返信がまだのようです",
            "未返信のご確認",
            "ご返事がありません",
        ),
    ),
    "en_final": (
        (
            "This is my final attempt to contact you.",
            "This will be my last email to you.",
            "Final notice.",
            "I will not write again after this message.",
        ),
        ("Final notice", "Last attempt", "Final reminder", "Last chance to respond"),
    ),
}

# --- reply pleas, by politeness -------------------------------------------------------------
PLEAS: dict[str, tuple[str, ...]] = {
    "conditional": (
        "ご興味がございましたら、ご返信ください。",
        "ご都合のよいときにお返事いただければと思います。",
        "ご確認いただけましたら、ご返信ください。",
        "お手すきの際に、一言お返事をいただけると助かります。",
        "もしよろしければ、このメールにご返信ください。",
    ),
    "casual": (
        "返事ちょうだいね。",
        "返信してね！",
        "連絡まってます。",
        "お返事まってますね。",
        "見たら返信よろしく。",
    ),
    "en_casual": (
        "Let me know!",
        "Drop me a line when you can.",
        "Write back soon.",
        "Ping me back when you see this.",
        "Hit reply and let me know.",
    ),
}

# --- offers: (body sentences in order, subject phrases) -------------------------------------
OFFERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reshipping": (
        (
            "日本国内で荷物を受け取り、指定の住所へ転送していただくお仕事です。",
            "ご自宅の住所で荷物を受け取っていただくだけです。",
            "届いた商品の検品と梱包、発送をお願いします。",
            "送料はすべて当社が負担いたします。",
            "1件あたり3,000円の報酬をお支払いします。",
            "作業は1日30分ほどで終わります。",
        ),
        ("荷物受取・発送のお仕事", "自宅でできる検品・発送業務", "荷物転送のお手伝い"),
    ),
    "en_payment": (
        (
            "Your task would be to receive payments from our clients and forward them to our acco"
            "unts.",
            "You only need a bank account and a few hours per week.",
            "You will keep 10% of every payment as your commission.",
            "All transfers are fully legal and documented.",
        ),
        (
            "Payment processing agent needed",
            "Financial assistant role",
            "Payment coordinator position",
        ),
    ),
}

# --- providers ------------------------------------------------------------------------------
PROVIDERS: dict[str, tuple[str, ...]] = {
    "icloud": ("icloud.com", "me.com", "mac.com"),
    "other_jp": ("goo.jp", "excite.co.jp", "livedoor.com", "infoseek.jp", "mail.goo.ne.jp"),
}

# --- greetings and sign-offs ----------------------------------------------------------------
OPENINGS: dict[str, tuple[str, ...]] = {
    "sewa": ("お世話になっております。", "いつもお世話になっております。", "お世話になります。"),
    "en_greeting": ("Good day,", "Greetings,", "Good morning,", "Good afternoon,"),
}

SIGNOFFS = ("kanji",)
DISPLAY_NAMES = ("katakana", "single")
THREADS: dict[str, tuple[str, ...]] = {"ja_thread": ("返信: ", "転送: ", "Re：", "RE：", "Fw：")}
CHARSETS: dict[str, tuple[str, str]] = {
    "sjis_b64": ("shift_jis", "base64"),
    "utf8_qp": ("utf-8", "quoted-printable"),
}
LANGUAGES = ("mixed",)
LENGTHS: dict[str, tuple[int, int]] = {"lines5_10": (5, 10)}
RECIPIENT_FORMS = ("company",)

_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def mailbox(family: str, rng: random.Random) -> str:
    """Mailbox names of the held-out methods."""
    if family == "keyboard":
        n = rng.randrange(8, 14)
        return (
            "".join(rng.choice(_KEYS + "0123456789") for _ in range(n)).lstrip("0123456789") or "qz"
        )
    if family == "word_digits":
        words = (
            "blue",
            "sunny",
            "happy",
            "silver",
            "lucky",
            "ocean",
            "tiger",
            "maple",
            "rose",
            "star",
            "moon",
            "river",
        )
        a, b = rng.sample(words, 2)
        return f"{a}{rng.choice(('', '_', '.'))}{b}{rng.randrange(1, 9999)}"
    raise KeyError(family)


MAILBOXES = ("keyboard", "word_digits")
