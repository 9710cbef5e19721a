"""Features: the one recipe from a parsed mail (and its rule hits) to what the model reads.

Training (:class:`spamkit.pipeline.MailFeaturizer`) and scoring
(:class:`spamkit.classifier.Classifier`) both call :func:`mail_features`, so a model
always scores the features it was trained on.  A :class:`Features` keeps three things
apart, because the model treats them apart (:mod:`spamkit.model`):

* the **tokens** of the text and headers (:func:`spamkit.text.mail_tokens`), which the
  text model hashes, weighs by tf-idf and normalises;
* the **signals**: the rule-table signals (flag ``model``) that fired, each a feature of
  its own with a sign-constrained weight, never normalised with the text;
* the number of **words** of subject and body, which says how much the text can tell:
  a mail of three words is no evidence of anything, and its text part is scaled down.

Decision, 2026-11-29 (issue 11): signals used to be tokens ``signal:NAME`` in the same
l2-normalised tf-idf vector as the words, so a lone signal in a short mail got a huge
share and a learned weight could contradict what the signal means
(``FIRST_CONTACT_NO_LINK`` learned -0.5, and -8.19 on an empty mail).  They are now
separate columns of a small second-stage model (see :mod:`spamkit.pipeline`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from typing import Any

from .message import ParsedMail, parse
from .rules import RuleHit, RuleSet
from .text import MAX_TOKENISED_CHARS, mail_tokens

__all__ = ["Features", "count_words", "featurize", "mail_features"]

#: Token prefixes that do not come from the words of subject or body.
_NOT_WORDS = ("from:", "reply_to:", "url:", "attach:")


def count_words(tokens: Iterable[str]) -> int:
    """How many of ``tokens`` are words of the subject or body (not sender, links, files).

    Examples
    --------
    >>> count_words(["subject:hello", "world", "url:host:example.com", "num:3"])
    3
    """
    return sum(1 for token in tokens if not token.startswith(_NOT_WORDS))


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
    words : int
        Words of the subject and body among the tokens (:func:`count_words`).
    points : float
        The hand-set points of every rule and signal that fired (their ``score`` in the
        rule table).  The model never reads them; training fits around them as a fixed
        offset, so that what it learns adds to the hand-set knowledge, never cancels it.
    """

    tokens: tuple[str, ...]
    signals: tuple[str, ...] = ()
    words: int = -1
    points: float = 0.0

    def __post_init__(self) -> None:
        if self.words < 0:
            object.__setattr__(self, "words", count_words(self.tokens))


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
        with ``feature`` set) become :attr:`Features.signals`, and their scores add up
        to :attr:`Features.points`.
    max_text_chars : int
        Only this many characters of body text are tokenised (a model parameter).

    Returns
    -------
    Features

    Examples
    --------
    >>> from spamkit import parse
    >>> f = mail_features(parse(b"Subject: hello\\n\\nworld wide web\\n"))
    >>> f.tokens, f.signals, f.words
    (('subject:hello', 'world', 'wide', 'web'), (), 4)
    """
    hits = list(hits)
    tokens = tuple(mail_tokens(mail, max_text_chars=max_text_chars))
    signals = tuple(hit.name for hit in hits if hit.feature)
    return Features(tokens, signals, count_words(tokens), sum(hit.score for hit in hits))


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
