"""Features: the one recipe from a parsed mail (and its rule hits) to what the model reads.

Training (:class:`spamkit.pipeline.MailFeaturizer`) and scoring
(:class:`spamkit.classifier.Classifier`) both call :func:`mail_features`, so a model
always scores the features it was trained on.  A :class:`Features` keeps the two kinds
apart: the **tokens** of the text and headers (:func:`spamkit.text.mail_tokens`) and
the **signals**, the names of the rule-table signals (flag ``model``) that fired.
Today's model reads them as one bag, ``tokens + ["signal:" + name ...]``
(:meth:`Features.model_tokens`); a model that treats signals apart from text can read
them separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from typing import Any

from .message import ParsedMail, parse
from .rules import RuleHit, RuleSet
from .text import MAX_TOKENISED_CHARS, mail_tokens

__all__ = ["SIGNAL_PREFIX", "Features", "featurize", "mail_features", "signal_token"]

#: How a signal is named among the model's tokens (``signal:FREEMAIL_FROM``).
SIGNAL_PREFIX = "signal:"


def signal_token(name: str) -> str:
    """The model token of signal ``name``."""
    return SIGNAL_PREFIX + name


@dataclass(frozen=True)
class Features:
    """What the model reads of one message.

    Attributes
    ----------
    tokens : tuple of str
        Tokens of the subject, sender, body, links and attachments, with their origin
        prefixes (``subject:``, ``from:domain:``, ``url:host:``, ...).
    signals : tuple of str
        Names of the signals that fired, in rule-table order.
    """

    tokens: tuple[str, ...]
    signals: tuple[str, ...] = ()

    def model_tokens(self) -> list[str]:
        """The tokens today's model hashes: text tokens, then ``signal:NAME`` for each signal."""
        return [*self.tokens, *map(signal_token, self.signals)]


def mail_features(
    mail: ParsedMail,
    hits: Iterable[RuleHit] = (),
    *,
    max_text_chars: int = MAX_TOKENISED_CHARS,
) -> Features:
    """The features of ``mail``, given the rule hits already found on it.

    Parameters
    ----------
    mail : ParsedMail
        The parsed message.
    hits : iterable of RuleHit
        What :meth:`spamkit.rules.RuleSet.check` found; the signals among them (those
        with ``feature`` set) become :attr:`Features.signals`.
    max_text_chars : int
        Only this many characters of body text are tokenised (a model parameter).

    Returns
    -------
    Features

    Examples
    --------
    >>> from spamkit import parse
    >>> f = mail_features(parse(b"Subject: hello\\n\\nworld wide web\\n"))
    >>> f.tokens, f.signals
    (('subject:hello', 'world', 'wide', 'web'), ())
    """
    return Features(
        tuple(mail_tokens(mail, max_text_chars=max_text_chars)),
        tuple(hit.name for hit in hits if hit.feature),
    )


def featurize(
    messages: Iterable[Any],
    rules: RuleSet | str | PathLike[str] | None = None,
    *,
    max_text_chars: int = MAX_TOKENISED_CHARS,
) -> list[Features]:
    """Features of many messages, running the rules on each to find its signals.

    Parameters
    ----------
    messages : iterable
        Parsed messages, or raw ones (bytes, ``str``, :class:`email.message.Message`).
    rules : RuleSet, path or None
        The rule table whose signals count: a loaded one, a user's rules file laid over
        the shipped table, or ``None`` for the shipped table alone.
    max_text_chars : int
        Only this many characters of body text are tokenised.

    Returns
    -------
    list of Features
    """
    ruleset = rules if isinstance(rules, RuleSet) else RuleSet.load(rules)
    out = []
    for message in messages:
        mail = message if isinstance(message, ParsedMail) else parse(message)
        out.append(mail_features(mail, ruleset.check(mail), max_text_chars=max_text_chars))
    return out
