"""Tests for the packaging: what the checkout ignores, what a built wheel holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


# --------------------------------------------------------------------------- build

_COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def _build(tmp_path: Path, what: str) -> tuple[Path, str]:
    """Build ``what`` ("wheel" or "sdist") from a copy of the checkout; (file, build output).

    Calls the PEP 517 backend directly, in a fresh interpreter and without build
    isolation, so the test needs no network: the test extra installs setuptools.
    """
    src = tmp_path / "src-copy"
    shutil.copytree(ROOT, src, ignore=_COPY_IGNORE, symlinks=True)
    out = tmp_path / "out"
    out.mkdir()
    code = (
        "import sys, setuptools.build_meta as backend\n"
        f"name = backend.build_{what}({str(out)!r})\n"
        "print('BUILT', name)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        cwd=src,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    name = next(line.split()[1] for line in proc.stdout.splitlines() if line.startswith("BUILT "))
    return out / name, output


def _warnings_in(output: str) -> list[str]:
    """The lines of a build log that report a (setuptools or Python) warning."""
    return [
        line
        for line in output.splitlines()
        if "Warning" in line or line.strip().startswith("!!") or "is absent from" in line
    ]


def _package_dirs() -> set[str]:
    """Every folder of src/spamkit holding a module or a data file, as an archive path."""
    dirs = set()
    for path in (ROOT / "src" / "spamkit").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            dirs.add(path.parent.relative_to(ROOT / "src").as_posix())
    return dirs


@pytest.mark.slow
def test_wheel_holds_every_package_the_model_and_data_and_builds_without_warnings(
    tmp_path: Path,
) -> None:
    import zipfile

    wheel, output = _build(tmp_path, "wheel")
    assert _warnings_in(output) == []
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "spamkit/__init__.py",
        "spamkit/py.typed",
        "spamkit/data/rules/10-sender.toml",
        "spamkit/_models/__init__.py",
        "spamkit/_models/default/model.json",
        "spamkit/_models/default/arrays.npz",
        "spamkit/_models/default/CARD.md",
    ):
        assert name in names
    assert {n.rsplit("/", 1)[0] for n in names if n.startswith("spamkit/")} >= _package_dirs()
    data = ROOT / "src" / "spamkit" / "data"
    for path in data.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"spamkit/data/{path.relative_to(data).as_posix()}" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "models/"))]
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "License-Expression: Apache-2.0" in text
    assert any(n.endswith("licenses/LICENSE") for n in names)


@pytest.mark.slow
def test_sdist_holds_the_model_and_license_and_builds_without_warnings(tmp_path: Path) -> None:
    import tarfile

    sdist, output = _build(tmp_path, "sdist")
    assert _warnings_in(output) == []
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for name in ("LICENSE", "pyproject.toml", "models/default/model.json", "src/spamkit/py.typed"):
        assert name in names
