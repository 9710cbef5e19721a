"""Shared test fixtures: the shared corpora (when present), the shipped model, a tiny model.

* ``corpora`` - the path of ``../shared/corpora``; a test that asks for it is skipped,
  with the reason, when the corpora are not beside the checkout.
* :func:`corpus_files` / :func:`spread` - message files of one corpus folder (same skip).
* ``default_classifier`` - one :class:`spamkit.Classifier` on the shipped model, loaded
  once per test session.
* ``fixture_corpus``, ``tiny_model_dir`` - the hand-written messages of
  ``tests/fixtures/campaigns`` and ``data/samples`` (9 ham, 9 spam, both languages) and a
  model trained on them by :func:`spamkit.training.train` and saved: model, persistence
  and ``evaluate`` tests run on it without the corpora, in well under a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = REPO / "data" / "samples"


def corpus_files(folder: str, limit: int | None = None) -> list[Path]:
    """Sorted message files of one corpus folder (``spamassassin/easy_ham``, ``ja_spam``, ...)."""
    root = CORPORA / folder
    if not root.is_dir():
        pytest.skip(f"shared corpora not found at {root}")
    files = sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    return files[:limit] if limit else files


def spread(files: list[Path], count: int) -> list[Path]:
    """``count`` files spread evenly over ``files`` (deterministic, not just the first ones)."""
    if len(files) <= count:
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def fixture_messages() -> list[tuple[Path, int]]:
    """The hand-written messages a tiny model learns from, with their labels (1 = spam)."""
    files = sorted((FIXTURES / "campaigns").glob("*.eml")) + sorted(SAMPLES.glob("*.eml"))
    labelled = [(path, 1 if "spam" in path.stem.split("_")[0].split("-") else 0) for path in files]
    assert {label for _, label in labelled} == {0, 1}, labelled
    return labelled


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for the ``corpora`` fixture is marked ``corpora`` (``-m "not corpora"``)."""
    for item in items:
        if "corpora" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpora)


@pytest.fixture(scope="session")
def corpora() -> Path:
    """``../shared/corpora``, or a skip that says where it was looked for."""
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    return CORPORA


@pytest.fixture(scope="session")
def default_classifier():  # type: ignore[no-untyped-def]
    """A :class:`spamkit.Classifier` on the shipped model, shared by the whole session."""
    from spamkit import Classifier

    return Classifier()


@pytest.fixture(scope="session")
def fixture_corpus():  # type: ignore[no-untyped-def]
    """The fixture messages parsed, as a :class:`spamkit.training.LabelledCorpus`."""
    from spamkit.message import parse
    from spamkit.training import LabelledCorpus

    labelled = fixture_messages()
    return LabelledCorpus(
        mails=[parse(path.read_bytes()) for path, _ in labelled],
        labels=[label for _, label in labelled],
        sources=[str(path) for path, _ in labelled],
    )


@pytest.fixture(scope="session")
def tiny_model_dir(fixture_corpus, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A logreg model trained on the fixture messages and saved (read-only: copy to change)."""
    from spamkit.model import save_model
    from spamkit.training import train

    model = train(fixture_corpus, algorithm="logreg")
    return save_model(model, tmp_path_factory.mktemp("tiny") / "model")
