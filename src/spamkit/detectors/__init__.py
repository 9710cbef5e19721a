"""Detectors: small functions that look at a parsed mail and name what they saw.

Each detector is registered under one UPPER_SNAKE name with :func:`detector` and returns
the evidence it matched (a short string) or ``None``.  Detectors hold no weights: the
name's score, description and flags live in ``data/rules/*.toml`` (rspamd's split between
``once_received.lua`` and ``scores.d``), and the lists they consult (free mail providers,
brands, letter statistics) are data files beside it (:mod:`spamkit.datafiles`).

* :mod:`spamkit.detectors.sender` - From, Reply-To, Return-Path, Sender;
* :mod:`spamkit.detectors.content` - what the subject and text claim and ask for;
* :mod:`spamkit.detectors.links` - where the links lead;
* :mod:`spamkit.detectors.structure` - how the HTML is built, what is attached, GTUBE.

:func:`detect` runs them over one :class:`MailView`; :class:`spamkit.rules.RuleSet`
decides which to run and what each is worth.  A detector of your own code registers
the same way, with its description and score (see :func:`detector`).
"""

from __future__ import annotations

from . import content, links, sender, structure
from ._base import DECLARED, DETECTORS, MAX_SCANNED_CHARS, MailView, detect, detector

__all__ = [
    "DECLARED",
    "DETECTORS",
    "MAX_SCANNED_CHARS",
    "MailView",
    "content",
    "detect",
    "detector",
    "links",
    "sender",
    "structure",
]
