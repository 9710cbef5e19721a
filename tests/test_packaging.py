"""Tests for the packaging: what the checkout ignores, what a built wheel holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _git_ignores(path: str) -> bool:
    """Whether git would ignore ``path`` (relative to the checkout), judged by .gitignore alone."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--quiet", "--no-index", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode == 0


@pytest.mark.parametrize(
    "path", [".venv/bin/python", ".venv-ci/bin/python", ".venv-ci/pyvenv.cfg", "build/lib/x.py"]
)
def test_virtualenvs_and_build_output_are_ignored(path: str) -> None:
    assert _git_ignores(path)


@pytest.mark.parametrize("path", ["src/spamkit/batch.py", "models/default/model.json", "LICENSE"])
def test_sources_are_not_ignored(path: str) -> None:
    assert not _git_ignores(path)
