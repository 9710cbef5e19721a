"""Shared test fixtures: where the shared corpora are, and a few real messages from them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
