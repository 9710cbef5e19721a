"""Generators of mail the public corpora lack (issues 11 and 12).

* :mod:`spamkit.synthetic.business`: legitimate business and transactional mail,
  Japanese and English, from real brands' own domains and from invented companies;
* :mod:`spamkit.synthetic.conversational`: the short "conversational" first-contact
  attack in many forms, and hard negatives (legitimate mail that resembles it).

Everything is reproducible from a seed (code and seed are committed, never the output)
and every message records the families it was made of, so that detectors and models
can be judged on families held out of their making.
"""

from ._mail import GeneratedMail
from ._output import INDEX_COLUMNS, write_mails

__all__ = ["INDEX_COLUMNS", "GeneratedMail", "write_mails"]
