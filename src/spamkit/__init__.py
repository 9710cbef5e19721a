"""spamkit: tell spam from legitimate mail, Japanese first and English too.

>>> import spamkit
>>> verdict = spamkit.classify(raw_bytes)              # doctest: +SKIP
>>> verdict.label, verdict.probability, verdict.reasons  # doctest: +SKIP
"""

import importlib as _importlib
import typing as _typing

from ._version import __version__
from .errors import ArchiveError, ConfigError, ModelError, SpamkitError

if _typing.TYPE_CHECKING:
    from .classifier import Classifier, Reason, Verdict, classify
    from .message import Attachment, Defect, Link, ParsedMail, parse

#: Public names imported on first use (PEP 562), by module: ``import spamkit`` alone
#: compiled the detectors' patterns and read the rule table, 0.33 of the 0.37 s it took
#: (``python -X importtime``, 2026-11-30), which a command that never classifies (``spamkit
#: --version``, ``score --help``) or that loads them later anyway need not pay up front.
_LAZY = {
    **dict.fromkeys(("Classifier", "Reason", "Verdict", "classify"), "classifier"),
    **dict.fromkeys(("Attachment", "Defect", "Link", "ParsedMail", "parse"), "message"),
}

__all__ = [
    "ArchiveError",
    "Attachment",
    "Classifier",
    "ConfigError",
    "Defect",
    "Link",
    "ModelError",
    "ParsedMail",
    "Reason",
    "SpamkitError",
    "Verdict",
    "__version__",
    "classify",
    "parse",
]


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
