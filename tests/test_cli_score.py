"""Tests for ``spamkit score`` (spamkit.cli.score): arguments, exit status, end to end."""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPORA
from spamkit import batch
from spamkit.archives import write_mbox
from spamkit.cli import COMMANDS
from spamkit.cli import score as score_cli

sys.path.insert(0, str(Path(__file__).parent))
from test_batch import FakeClassifier, message


def mbox_bytes(*messages: bytes) -> bytes:
    buf = io.BytesIO()
    write_mbox(buf, messages)
    return buf.getvalue()


def run_score(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="spamkit")
    score_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score", *argv])
    return args.run(args)


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Score in-process with the fake classifier whatever --model says."""
    monkeypatch.setattr(batch, "_load", lambda spec, blob: FakeClassifier())


@pytest.fixture
def mbox(tmp_path: Path) -> Path:
    path = tmp_path / "box.mbox"
    with open(path, "wb") as fh:
        write_mbox(fh, [message(n) for n in range(10)])
    return path


def test_score_is_a_registered_command() -> None:
    assert "score" in COMMANDS


def test_jsonl_to_file_with_summary(fake_model, mbox, tmp_path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert run_score([str(mbox), "-o", str(out), "--jobs", "1"]) == 0
    assert len(out.read_text().splitlines()) == 10
    err = capsys.readouterr().err
    assert "10 messages: 4 spam, 6 ham, 0 errors in" in err and "msg/s" in err
    assert "scoring" not in err  # no progress bar when stderr is not a terminal


def test_quiet_csv_only_spam_to_stdout(fake_model, mbox, capsys) -> None:
    assert run_score([str(mbox), "--format", "csv", "--only", "spam", "-j", "1", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert lines[0].startswith("source,message_id,from,subject,label")
    assert len(lines) == 1 + 4 and all(",spam," in line for line in lines[1:])


def test_missing_and_unknown_inputs_exit_1_but_the_rest_is_scored(
    fake_model, mbox, tmp_path, capsys
) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02 binary")
    out = tmp_path / "out.jsonl"
    code = run_score([str(tmp_path / "nope.mbox"), str(mbox), str(junk), "-o", str(out), "-j", "1"])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"spamkit score: {tmp_path / 'nope.mbox'}: no such file or directory"
    assert err[1].startswith(f"spamkit score: {junk}: not a mail archive")
    assert len(out.read_text().splitlines()) == 10


def test_stdin_gzip_mbox(fake_model, mbox, monkeypatch, capsys) -> None:
    raw = gzip.compress(mbox.read_bytes())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(raw))))
    assert run_score(["-", "-j", "1", "-q"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"] for r in rows] == [f"<stdin>:{n}" for n in range(10)]


def test_resume_needs_an_output_file(fake_model, mbox, capsys) -> None:
    from spamkit.errors import SpamkitError

    with pytest.raises(SpamkitError, match="--resume needs an output file"):
        run_score([str(mbox), "--resume", "-j", "1"])


def test_dask_needs_a_scheduler(mbox, capsys) -> None:
    assert run_score([str(mbox), "--backend", "dask"]) == 2
    assert "needs --scheduler" in capsys.readouterr().err


# --------------------------------------------------------------------------- real model


def real_model_or_skip() -> None:
    try:
        from spamkit import Classifier

        Classifier()
    except Exception as exc:  # no trained default model in this checkout yet
        pytest.skip(f"default model unavailable: {exc}")


@pytest.mark.slow
@pytest.mark.corpora
def test_end_to_end_with_the_default_model(tmp_path: Path) -> None:
    """``python -m spamkit score`` on corpus mail, serial and parallel: same rows."""
    real_model_or_skip()
    if not CORPORA.is_dir():
        pytest.skip("shared corpora not found beside the checkout")
    files = sorted((CORPORA / "spamassassin" / "spam").iterdir())[:40]
    files += sorted((CORPORA / "ja_ham").iterdir())[:40]
    box = tmp_path / "mixed.mbox.gz"
    with gzip.open(box, "wb") as fh:
        write_mbox(fh, [f.read_bytes() for f in files] + [b"\xff\xfe\x00 not mail\n"])
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = subprocess.run(
            [sys.executable, "-m", "spamkit", "score", str(box), "-o", str(out), "--jobs", jobs],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
        assert proc.returncode == 0, proc.stderr
        assert "81 messages:" in proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[0].decode().splitlines()]
    assert len(rows) == 81
    assert sum(r["label"] == "spam" for r in rows[:40]) >= 30
    assert sum(r["label"] == "ham" for r in rows[40:80]) >= 30
    assert all(r["reasons"] for r in rows[:80])


def test_ctrl_c_exits_130_with_a_resume_hint(monkeypatch, mbox, tmp_path, capsys) -> None:
    from test_batch import InterruptingClassifier

    monkeypatch.setattr(batch, "_load", lambda spec, blob: InterruptingClassifier(4))
    out = tmp_path / "out.jsonl"
    assert run_score([str(mbox), "-o", str(out), "-j", "1", "--chunk-size", "2"]) == 130
    assert "run again with --resume" in capsys.readouterr().err
    assert len(out.read_text().splitlines()) == 4
    monkeypatch.setattr(batch, "_load", lambda spec, blob: FakeClassifier())
    assert run_score([str(mbox), "-o", str(out), "-j", "1", "--resume"]) == 0
    assert len(out.read_text().splitlines()) == 10


# --------------------------------------------------------------------------- exit status


def test_damaged_archive_exits_23_after_scoring_every_whole_message(
    fake_model, tmp_path, capsys
) -> None:
    whole = gzip.compress(
        b"".join(
            mbox_bytes(message(n) + os.urandom(3000).hex().encode() + b"\n") for n in range(60)
        )
    )
    path = tmp_path / "cut.mbox.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    out = tmp_path / "out.jsonl"
    assert run_score([str(path), "-o", str(out), "-j", "1"]) == score_cli.EXIT_PARTIAL == 23
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["label"] for r in rows[:-1]].count("error") == 0 and len(rows) > 30
    assert rows[-1]["label"] == "error" and rows[-1]["error"].startswith("damaged archive")
    err = capsys.readouterr().err
    assert "1 errors" in err
    assert "1 message could not be read or scored (label error in the output)" in err


def test_vanished_and_unreadable_maildir_files_get_rows_and_exit_23(
    fake_model, tmp_path, monkeypatch, capsys
) -> None:
    import spamkit.archives as archives

    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    for n in range(5):
        (box / "cur" / f"{n}.host:2,S").write_bytes(message(n))
    real_listdir, real_open = os.listdir, archives._open_file_nonblocking

    def listdir(path):  # as if "gone" was delivered, listed, then expunged before reading
        names = real_listdir(path)
        return [*names, "9.gone:2,S"] if str(path).endswith("cur") else names

    def open_file(path):  # root reads everything: fake a file it may not read
        if path.endswith("3.host:2,S"):
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(archives, "_open_file_nonblocking", open_file)
    assert run_score([str(box), "-j", "1", "-q"]) == 23
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 6
    errors = {r["source"].rsplit("/", 1)[1]: r["error"] for r in rows if r["label"] == "error"}
    assert errors == {
        "3.host:2,S": "cannot read: Permission denied",
        "9.gone:2,S": "vanished before it could be read",
    }


def test_a_missing_input_takes_precedence_over_error_rows(fake_model, tmp_path) -> None:
    box = tmp_path / "box.mbox"
    box.write_bytes(mbox_bytes(message(1))[:-3])  # cut mid-line: one error row
    assert run_score([str(box), str(tmp_path / "nope"), "-j", "1", "-q"]) == 1


def test_help_documents_every_exit_status(capsys) -> None:
    with pytest.raises(SystemExit):
        run_score(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for code, meaning in score_cli.EXIT_STATUSES:
        assert f"{code} {' '.join(meaning.split())}" in help_text


def test_readme_exit_status_table_matches_the_help() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Exit status of `score`") :]
    table = section[section.index("\n|") :].split("\n\n", 1)[0]  # the first table after it
    rows = {
        int(cells[1]): " ".join(cells[2].split())
        for line in table.splitlines()
        if line.startswith("| ") and (cells := line.split("|"))[1].strip().isdigit()
    }
    assert rows == {code: " ".join(meaning.split()) for code, meaning in score_cli.EXIT_STATUSES}


# --------------------------------------------------------------------------- empty inputs


def test_empty_folder_file_and_maildir_are_named_and_exit_1(fake_model, tmp_path, capsys) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / ".hidden").write_bytes(message(1))  # dot files are not messages
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "tmp" / "1.delivering").write_bytes(message(2))
    for path, why in (
        (folder, "an empty folder: it holds no message file"),
        (empty, "an empty file"),
        (maildir, "an empty Maildir: its cur/ and new/ hold no message (tmp/ is never read)"),
    ):
        assert run_score([str(path), "-j", "1"]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert f"spamkit score: {path}: nothing to score: {why}\n" in captured.err
        assert "0 messages" in captured.err and "1 input held no message" in captured.err


def test_an_empty_input_beside_good_ones_still_exits_1(fake_model, mbox, tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert run_score([str(tmp_path / "empty"), str(mbox), "-j", "1", "-q"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 10
    assert "nothing to score" in captured.err  # -q keeps warnings


def test_empty_stdin_is_named(fake_model, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(b""))))
    assert run_score(["-", "-j", "1", "-q"]) == 1
    assert "spamkit score: -: nothing to score: nothing came on standard input" in (
        capsys.readouterr().err
    )


# --------------------------------------------------------------------------- Maildir++


def test_maildirpp_folders_are_scored_unless_no_subfolders(fake_model, tmp_path, capsys) -> None:
    from test_archives import make_maildirpp

    box = make_maildirpp(tmp_path / "Maildir")
    assert run_score([str(box), "-j", "1", "-q"]) == 0
    sources = [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()]
    folders = [os.path.relpath(s, box).split(os.sep)[0] for s in sources]
    assert folders == ["new", "cur", ".A", ".A.B", ".Archive.2024", ".Junk", ".Junk", ".Sent"]
    assert run_score([str(box), "-j", "1", "-q", "--no-subfolders"]) == 0
    sources = [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()]
    assert [os.path.relpath(s, box).split(os.sep)[0] for s in sources] == ["new", "cur"]


@pytest.mark.parametrize("jobs", ["0", "-1", "-3"])
def test_nonsense_jobs_is_a_usage_error(mbox, tmp_path, capsys, jobs: str) -> None:
    from spamkit.cli import main

    assert main(["score", str(mbox), "-o", str(tmp_path / "o.jsonl"), "--jobs", jobs]) == 2
    err = capsys.readouterr().err
    assert "spamkit score: error: jobs must be a positive number of worker processes" in err
    assert f"not {jobs}" in err
    assert not (tmp_path / "o.jsonl").exists()
