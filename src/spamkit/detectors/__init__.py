"""Detectors: small functions that look at a parsed mail and name what they saw.

Each detector is registered under one UPPER_SNAKE name with :func:`detector` and returns
the evidence it matched (a short string) or ``None``.  Detectors hold no weights: the
name's score, description and flags live in ``data/rules/*.toml`` (rspamd's split between
``once_received.lua`` and ``scores.d``), and the lists they consult (free mail providers,
brands, letter statistics) are data files beside it (:mod:`spamkit.datafiles`).

* :mod:`spamkit.detectors.sender` - From, Reply-To, Return-Path, Sender;
* :mod:`spamkit.detectors.auth` - SPF, DKIM and DMARC results of your own MTA;
* :mod:`spamkit.detectors.conversation` - the conversational first contact: sequence
  claims, reply pleas, the recipient in the subject, group addresses, fake threads,
  job offers;
* :mod:`spamkit.detectors.brand` - the brand a mail speaks for, against its domains;
* :mod:`spamkit.detectors.links` - where the links lead;
* :mod:`spamkit.detectors.structure` - how the HTML is built, what is attached, GTUBE;
* :mod:`spamkit.detectors.urgency` - a threat and a deadline, in six languages.

:func:`detect` runs them over one :class:`MailView`; :class:`spamkit.rules.RuleSet`
decides which to run and what each is worth.  A detector of your own code registers
the same way, with its description and score (see :func:`detector`).
"""

from __future__ import annotations

from . import auth, brand, conversation, links, sender, structure, urgency
from ._base import DECLARED, DETECTORS, MAX_SCANNED_CHARS, MailView, detect, detector

__all__ = [
    "DECLARED",
    "DETECTORS",
    "MAX_SCANNED_CHARS",
    "MailView",
    "auth",
    "brand",
    "conversation",
    "detect",
    "detector",
    "links",
    "sender",
    "structure",
    "urgency",
]
