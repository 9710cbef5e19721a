"""Which messages a model was trained on, so that measuring it on them can be caught.

A model's metadata names its training messages two ways, both over the
``(label, file name)`` pairs of the training set (a message's file name is the last
part of its ``source``: ``00042.1b3c...`` in a folder, ``all.mbox:17`` in an mbox):

* ``training.corpus_sha256``, a SHA-256 over the sorted pairs (:func:`corpus_sha256`):
  equal when a set of messages is *exactly* the training set;
* ``training.file_names``, a Bloom filter of the pairs (:func:`name_digest`): whether
  each message of another set was probably among them.  20 bits a message keep the
  false-positive rate near 7 in 100,000 (measured 2026-11-29: 8 of 100,000 other names
  matched a filter of 12,454; 41 KB of JSON for the 12,454 messages of the shipped
  model); the filter is capped at 2**20 bits (175 KB), so for training sets
  over ~50,000 messages the rate grows, and :func:`training_overlap` says how much
  chance alone would explain.

:func:`training_overlap` checks a labelled set against a model's metadata:
``spamkit evaluate`` warns when its figures would measure the model on mail it learned
(an AUC of 1.0 that means nothing), even when the files were copied elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

__all__ = [
    "TrainingOverlap",
    "corpus_sha256",
    "message_key",
    "name_digest",
    "names_in_digest",
    "training_overlap",
]

#: Bits of the Bloom filter per training message, and the filter's largest size.
BITS_PER_NAME, MAX_BITS = 20, 2**20


def message_key(label: int, source: str) -> str:
    """``"1\\t00042.1b3c"``: a message's label and file name, as the fingerprints see it.

    Examples
    --------
    >>> message_key(1, "../corpora/spam/00042.1b3c")
    '1\\t00042.1b3c'
    """
    return f"{label}\t{source.rsplit('/', 1)[-1]}"


def corpus_sha256(labels: Sequence[int], sources: Sequence[str]) -> str:
    """SHA-256 over the sorted (label, file name) pairs: which messages a set holds."""
    names = sorted(
        message_key(label, source) for label, source in zip(labels, sources, strict=True)
    )
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _positions(key: str, bits: int, hashes: int) -> list[int]:
    """The filter's bit positions for ``key`` (double hashing over one BLAKE2b digest)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    first, second = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")
    second |= 1  # odd: every position is reachable for any size
    return [(first + i * second) % bits for i in range(hashes)]


def name_digest(
    labels: Sequence[int], sources: Sequence[str], *, bits_per_name: int = BITS_PER_NAME
) -> dict[str, Any]:
    """A Bloom filter of the (label, file name) pairs, as JSON-ready data for a model's meta.

    Returns
    -------
    dict
        ``kind`` (``"bloom-blake2b"``), ``names`` (how many were added), ``bits``,
        ``hashes`` and ``data`` (the bits, base64).

    Examples
    --------
    >>> digest = name_digest([0, 1], ["a/1.eml", "b/2.eml"])
    >>> names_in_digest(digest, [0, 1, 1], ["x/1.eml", "y/2.eml", "y/3.eml"])
    2
    """
    keys = {message_key(label, source) for label, source in zip(labels, sources, strict=True)}
    count = max(len(keys), 1)
    bits = min(MAX_BITS, max(64, math.ceil(count * bits_per_name / 8) * 8))
    hashes = max(1, min(16, round(bits / count * math.log(2))))
    array = bytearray(bits // 8)
    for key in keys:
        for position in _positions(key, bits, hashes):
            array[position >> 3] |= 1 << (position & 7)
    return {
        "kind": "bloom-blake2b",
        "names": len(keys),
        "bits": bits,
        "hashes": hashes,
        "data": base64.b64encode(bytes(array)).decode("ascii"),
    }


def _valid(digest: Any) -> TypeGuard[Mapping[str, Any]]:
    return (
        isinstance(digest, Mapping)
        and digest.get("kind") == "bloom-blake2b"
        and all(isinstance(digest.get(k), int) and digest[k] > 0 for k in ("bits", "hashes"))
        and isinstance(digest.get("data"), str)
    )


def names_in_digest(
    digest: Mapping[str, Any], labels: Iterable[int], sources: Iterable[str]
) -> int:
    """How many of the (label, file name) pairs the filter holds (false positives included)."""
    array = base64.b64decode(digest["data"])
    bits, hashes = int(digest["bits"]), int(digest["hashes"])
    if len(array) * 8 < bits:
        raise ValueError("the digest holds fewer bits than it declares")
    found = 0
    for label, source in zip(labels, sources, strict=True):
        positions = _positions(message_key(label, source), bits, hashes)
        found += all(array[p >> 3] & (1 << (p & 7)) for p in positions)
    return found


def _false_positive_rate(digest: Mapping[str, Any]) -> float:
    names, bits, hashes = int(digest.get("names", 0)), int(digest["bits"]), int(digest["hashes"])
    return float((1.0 - math.exp(-hashes * names / bits)) ** hashes)


@dataclass(frozen=True)
class TrainingOverlap:
    """How a labelled set of messages overlaps a model's training set.

    ``identical`` is true when the set is exactly the training set (same fingerprint);
    ``matched`` counts the messages the training set's filter holds (``None`` when the
    model's metadata has no filter) and ``by_chance`` how many of those false positives
    would explain.
    """

    messages: int
    identical: bool = False
    matched: int | None = None
    by_chance: float = 0.0

    @property
    def overlaps(self) -> bool:
        """Whether the set is, or partly is, the training set beyond what chance explains."""
        if self.identical:
            return True
        if self.matched is None:
            return False
        return self.matched > self.by_chance + 3 * math.sqrt(self.by_chance) + 1

    def note(self) -> str | None:
        """The warning to print, or ``None``."""
        if self.identical:
            return (
                f"these {self.messages} messages are exactly the model's training set (same "
                "corpus fingerprint): the figures measure memory, not filtering"
            )
        if not self.overlaps:
            return None
        share = f"{self.matched} of {self.messages}"
        chance = f" (about {self.by_chance:.1f} by chance)" if self.by_chance >= 0.05 else ""
        return (
            f"{share} messages have the label and file name of a message the model was "
            f"trained on{chance}: these figures are not held out"
        )


def training_overlap(
    meta: Mapping[str, Any], labels: Sequence[int], sources: Sequence[str]
) -> TrainingOverlap:
    """Check ``(labels, sources)`` against the training set named in a model's ``meta``.

    Parameters
    ----------
    meta : mapping
        The model's metadata (``SpamModel.meta``); its ``training`` entry holds
        ``corpus_sha256`` and, for models trained since 2026-11-29, ``file_names``.
    labels, sources : sequence
        The set to be measured: 1 = spam, and where each message came from.

    Returns
    -------
    TrainingOverlap

    Examples
    --------
    >>> meta = {"training": {"file_names": name_digest([0, 1], ["h/1", "s/2"])}}
    >>> overlap = training_overlap(meta, [0, 1, 0], ["copy/1", "copy/2", "new/3"])
    >>> overlap.matched, overlap.overlaps
    (2, True)
    """
    training = meta.get("training")
    if not isinstance(training, Mapping):
        training = {}
    if training.get("corpus_sha256") == corpus_sha256(labels, sources):
        return TrainingOverlap(len(labels), identical=True)
    digest = training.get("file_names")
    if not _valid(digest):
        return TrainingOverlap(len(labels))
    try:
        matched = names_in_digest(digest, labels, sources)
    except (ValueError, TypeError):  # a damaged filter says nothing
        return TrainingOverlap(len(labels))
    return TrainingOverlap(len(labels), False, matched, _false_positive_rate(digest) * len(labels))
