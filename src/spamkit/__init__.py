"""spamkit: tell spam from legitimate mail, Japanese first and English too.

>>> import spamkit
>>> verdict = spamkit.classify(raw_bytes)              # doctest: +SKIP
>>> verdict.label, verdict.probability, verdict.reasons  # doctest: +SKIP
"""

from ._version import __version__
from .classifier import Classifier, Reason, Verdict, classify
from .errors import ArchiveError, ConfigError, ModelError, SpamkitError
from .message import Attachment, Defect, Link, ParsedMail, parse

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
