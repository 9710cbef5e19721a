"""Named rules and signals: detection lives in code, names/scores/descriptions in data.

(Skeleton: the rule table and detectors arrive with issue 3.)
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from .message import ParsedMail

__all__ = ["RuleHit", "RuleSet"]


@dataclass(frozen=True)
class RuleHit:
    """A rule or signal that fired on a message.

    ``score`` is the hand-set score added to the verdict (0 for pure model signals);
    ``feature`` is true when the hit is also fed to the model as ``signal:NAME``.
    """

    name: str
    score: float
    description: str
    evidence: str = ""
    feature: bool = True


class RuleSet:
    """The loaded rule table."""

    @classmethod
    def load(cls, path: str | PathLike[str] | None = None) -> RuleSet:
        return cls()

    def check(self, mail: ParsedMail) -> list[RuleHit]:
        return []
