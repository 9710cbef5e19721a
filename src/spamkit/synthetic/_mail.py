"""The record every generator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["GeneratedMail"]


@dataclass(frozen=True)
class GeneratedMail:
    """One generated message and what it was made of.

    Attributes
    ----------
    raw : bytes
        The RFC 5322 message.
    label : {"ham", "spam"}
        What a filter should say.
    kind : str
        The kind of mail (``"invoice"``, ``"card_usage"``, ``"conversational"``,
        ``"hn_applicant"``, ...).
    language : {"ja", "en"}
    charset : str
        Canonical charset of its text parts (``"iso-2022-jp"``, ``"shift_jis"``,
        ``"utf-8"``, ``"us-ascii"``, ...).
    family : dict of str to str
        The value of every varied dimension (``subject_style``, ``claim``, ``plea``,
        ``sender``, ``mailer``, ...) and ``split``: ``"heldout"`` when any of them is a
        held-out family (or the kind is a held-out kind), else ``"dev"``.
    subject : str
        The subject as intended (what a correct decoder must give back).
    text : str
        The plain-text body as intended (for HTML-only mail, the text it was made from).
    """

    raw: bytes
    label: Literal["ham", "spam"]
    kind: str
    language: str
    charset: str
    family: dict[str, str] = field(default_factory=dict)
    subject: str = ""
    text: str = ""

    @property
    def heldout(self) -> bool:
        """Whether this message belongs to a held-out family or kind."""
        return self.family.get("split") == "heldout"
