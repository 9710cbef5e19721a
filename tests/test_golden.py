"""Every verdict on the shared corpora stays what the snapshot says (issue 10's lock).

The snapshot (``tests/golden/verdicts.tsv.gz``) holds label, score and the names of
the rules and defects of all 16,585 messages of ``../shared/corpora``, scored by the
shipped default model.  A refactor must not move one of them; a change that means to
(a retrained model, a new rule) regenerates it with ``tests/golden/make_snapshot.py``.
"""

from __future__ import annotations

import pytest

from golden.make_snapshot import (
    CORPORA,
    FOLDERS,
    SNAPSHOT,
    differences,
    read_snapshot,
    score_corpora,
)


def test_snapshot_covers_every_corpus_folder():
    rows = read_snapshot(SNAPSHOT)
    folders = {row[0].rsplit("/", 1)[0] for row in rows}
    assert folders == set(FOLDERS)
    assert len(rows) == len({row[0] for row in rows})
    assert {row[1] for row in rows} == {"spam", "ham"}


def test_differences_reports_label_score_and_names():
    base = [("a/1", "ham", -1.0, ("X",)), ("a/2", "spam", 2.0, ())]
    moved = [("a/1", "spam", -1.0 + 1e-6, ("Y",)), ("a/3", "spam", 2.0, ())]
    lines = list(differences(base, moved))
    assert lines[0] == "a/2: missing from this run"
    assert lines[1] == "a/3: not in the snapshot"
    assert "label ham -> spam" in lines[2] and "score" in lines[2] and "-['X'] +['Y']" in lines[2]
    assert list(differences(base, [("a/1", "ham", -1.0 + 1e-12, ("X",)), base[1]])) == []


@pytest.mark.slow
@pytest.mark.corpora
def test_every_verdict_on_the_corpora_is_unchanged():
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    diffs = list(differences(read_snapshot(SNAPSHOT), score_corpora(jobs=2)))
    assert not diffs, f"{len(diffs)} verdicts changed, first ones:\n" + "\n".join(diffs[:20])
