"""Detectors: small functions that look at a parsed mail and name what they saw.

Each detector is registered under one UPPER_SNAKE name with :func:`detector` and returns
the evidence it matched (a short string) or ``None``.  Detectors hold no weights: the
name's score, description and flags live in ``data/rules/*.toml`` (rspamd's split between
``once_received.lua`` and ``scores.d``), and the lists they consult (free mail providers,
brands, letter statistics) are data files beside it (:mod:`spamkit.datafiles`).

* :mod:`spamkit.detectors.sender` - From, Reply-To, Return-Path, Sender;
* :mod:`spamkit.detectors.content` - what the subject and text claim (brands);
* :mod:`spamkit.detectors.conversation` - the conversational first contact: sequence
  claims, reply pleas, the recipient in the subject, group addresses, fake threads,
  job offers;
* :mod:`spamkit.detectors.links` - where the links lead.

:func:`detect` runs them over one :class:`MailView`; :class:`spamkit.rules.RuleSet`
decides which to run and what each is worth.  A detector of your own code registers
the same way, with its description and score (see :func:`detector`).
"""

from __future__ import annotations

from . import content, conversation, links, sender
from ._base import DECLARED, DETECTORS, MAX_SCANNED_CHARS, MailView, detect, detector

__all__ = [
    "DECLARED",
    "DETECTORS",
    "MAX_SCANNED_CHARS",
    "MailView",
    "content",
    "conversation",
    "detect",
    "detector",
    "links",
    "sender",
]
