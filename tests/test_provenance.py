"""spamkit.provenance: the training set's fingerprint and name filter, and the overlap check."""

from __future__ import annotations

import json

import pytest

from spamkit.provenance import (
    corpus_sha256,
    message_key,
    name_digest,
    names_in_digest,
    training_overlap,
)

TRAIN = [(i % 2, f"corpus/{'spam' if i % 2 else 'ham'}/{i:05d}.eml") for i in range(2000)]
LABELS = [label for label, _ in TRAIN]
SOURCES = [source for _, source in TRAIN]


def test_key_is_label_and_file_name_only():
    assert message_key(0, "/a/b/0001.eml") == message_key(0, "elsewhere/0001.eml")
    assert message_key(0, "x/0001.eml") != message_key(1, "x/0001.eml")
    assert message_key(1, "all.mbox:17") == "1\tall.mbox:17"


def test_fingerprint_ignores_order_and_folders():
    moved = [s.replace("corpus/", "/mnt/copy/") for s in SOURCES]
    assert corpus_sha256(LABELS[::-1], moved[::-1]) == corpus_sha256(LABELS, SOURCES)
    assert corpus_sha256(LABELS[1:], SOURCES[1:]) != corpus_sha256(LABELS, SOURCES)


@pytest.mark.slow
def test_filter_holds_every_training_name_and_few_others():
    digest = name_digest(LABELS, SOURCES)
    assert json.loads(json.dumps(digest)) == digest  # JSON-ready for model.json
    assert digest["bits"] >= 20 * len(TRAIN) and len(digest["data"]) < 7 * len(TRAIN)
    assert names_in_digest(digest, LABELS, SOURCES) == len(TRAIN)  # no false negative
    others = [f"other/{i:06d}.eml" for i in range(20_000)]
    false = names_in_digest(digest, [1] * len(others), others)
    assert false <= 0.0005 * len(others)  # measured: ~7 per 100,000 at 20 bits a name
    assert names_in_digest(digest, [1 - x for x in LABELS[:500]], SOURCES[:500]) <= 1


def test_overlap_exact_partial_none():
    meta = {"training": {"corpus_sha256": corpus_sha256(LABELS, SOURCES)}}
    meta["training"]["file_names"] = name_digest(LABELS, SOURCES)
    exact = training_overlap(meta, LABELS, [s.replace("corpus", "copy") for s in SOURCES])
    assert exact.identical and exact.overlaps and "exactly the model's training set" in exact.note()
    part = training_overlap(meta, [*LABELS[:50], 1, 1], [*SOURCES[:50], "n/1", "n/2"])
    assert not part.identical and part.matched == 50 and part.overlaps
    assert part.note().startswith("50 of 52 messages have the label and file name")
    fresh = [f"new/{i}.eml" for i in range(1000)]
    none = training_overlap(meta, [0] * 1000, fresh)
    assert not none.overlaps and none.note() is None and none.by_chance < 0.5


@pytest.mark.parametrize(
    "meta",
    [
        {},
        {"training": None},
        {"training": {"file_names": {"kind": "other"}}},
        {"training": {"file_names": {"kind": "bloom-blake2b", "bits": 64, "hashes": 3}}},
        {
            "training": {
                "file_names": {"kind": "bloom-blake2b", "bits": 9999, "hashes": 3, "data": "AAAA"}
            }
        },
    ],
)
def test_models_without_a_usable_filter_are_not_accused(meta):
    overlap = training_overlap(meta, LABELS[:10], SOURCES[:10])
    assert overlap.matched is None and not overlap.overlaps and overlap.note() is None
