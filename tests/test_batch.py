"""Tests for spamkit.batch: one row per message, in order, resumable, parallel."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from spamkit.archives import write_mbox
from spamkit.batch import FIELDS, score_archives, score_items
from spamkit.classifier import Reason, Verdict
from spamkit.errors import ArchiveError


class FakeClassifier:
    """Spam when the subject says so (score +3, else -3); blows up on 'explode'; optionally slow.

    Its ``threshold`` decides the label, as :class:`spamkit.Classifier`'s does.
    """

    def __init__(self, delay: float = 0.0, threshold: float = 0.0) -> None:
        self.delay = delay
        self.threshold = threshold

    def classify(self, mail) -> Verdict:
        if self.delay:
            time.sleep(self.delay)
        subject = mail.subject.lower()
        if "explode" in subject:
            raise RuntimeError("the classifier choked")
        score = 3.0 if "spam" in subject else -3.0
        reasons = [
            Reason("FAKE_SUBJECT", score, "subject word", "rule", subject[:10]),
            Reason("tok", 0.5, "model token", "token"),
        ]
        return Verdict.from_score(score, self.threshold, reasons)


def message(n: int, subject: str | None = None) -> bytes:
    subject = subject or ("spam offer" if n % 3 == 0 else "lunch")
    return (
        f"From: Sender {n} <s{n}@example.com>\nSubject: {subject} {n}\n"
        f"Message-ID: <{n}@example.com>\n\nbody {n}\nFrom the desk of nobody\n"
    ).encode()


@pytest.fixture
def archives(tmp_path: Path) -> tuple[list[str], int]:
    """An mbox with broken messages, a Maildir with unreadable entries, a folder."""
    box = tmp_path / "a.mbox"
    with open(box, "wb") as fh:
        write_mbox(fh, [message(n) for n in range(40)])
        fh.write(b"From x@y Thu Aug 22 12:36:23 2002\n\n")  # empty message
        write_mbox(fh, [b"Subject: \xff\xfe bad bytes\n\n\x80\x81\x82\n", message(99, "explode")])
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n in range(40, 60):
        (maildir / "cur" / f"{n:04d}.host:2,S").write_bytes(message(n))
    (maildir / "cur" / "0070.dir:2,").mkdir()
    os.mkfifo(maildir / "cur" / "0071.fifo:2,")
    (maildir / "new" / "0072.link").symlink_to(tmp_path / "gone")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    for n in range(60, 75):
        (folder / "sub" / f"{n}.eml").write_bytes(message(n))
    (folder / "empty.eml").write_bytes(b"")
    return [str(box), str(maildir), str(folder)], 43 + 23 + 16


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_row_per_message_including_broken_ones(archives, tmp_path: Path) -> None:
    paths, count = archives
    out = tmp_path / "out.jsonl"
    summary = score_archives(paths, out, classifier=FakeClassifier(), jobs=1, chunk_size=7)
    rows = rows_of(out)
    assert len(rows) == count == summary.messages
    assert summary.spam + summary.ham + summary.errors == count
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["source"] == f"{paths[0]}:0"
    assert rows[0]["message_id"] == "<0@example.com>"
    assert rows[0]["from"] == "Sender 0 <s0@example.com>"
    assert rows[0]["subject"] == "spam offer 0"
    assert rows[0]["label"] == "spam" and rows[0]["probability"] == 0.952574
    assert rows[0]["reasons"][0] == {
        "name": "FAKE_SUBJECT",
        "score": 3.0,
        "kind": "rule",
        "evidence": "spam offer",
    }
    errors = {r["source"]: r["error"] for r in rows if r["label"] == "error"}
    assert errors[f"{paths[0]}:40"] == "empty message"
    assert errors[f"{paths[0]}:42"].startswith("cannot score: RuntimeError: the classifier choked")
    assert rows[41]["label"] == "ham"  # undecodable bytes still get a verdict
    assert errors[f"{paths[1]}/new/0072.link"] == "vanished before it could be read"
    assert errors[f"{paths[1]}/cur/0070.dir:2,"] == "cannot read: not a regular file"
    assert errors[f"{paths[1]}/cur/0071.fifo:2,"] == "cannot read: not a regular file"
    assert errors[f"{paths[2]}/empty.eml"] == "empty message"
    assert summary.errors == len(errors) == 6


@pytest.mark.slow
def test_parallel_output_is_identical_and_in_input_order(archives, tmp_path: Path) -> None:
    paths, count = archives
    serial, parallel = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    score_archives(paths, serial, classifier=FakeClassifier(), jobs=1)
    summary = score_archives(paths, parallel, classifier=FakeClassifier(), jobs=2, chunk_size=5)
    assert summary.messages == count
    assert parallel.read_bytes() == serial.read_bytes()


def test_csv_rows_are_one_line_each(tmp_path: Path) -> None:
    box = tmp_path / "a.mbox"
    with open(box, "wb") as fh:
        write_mbox(fh, [message(1, '=?utf-8?q?spam_with=0Anewline,_"quoted"?='), message(2)])
    out = tmp_path / "out.csv"
    score_archives([box], out, classifier=FakeClassifier(), jobs=1, fmt="csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["subject"] == 'spam with newline, "quoted" 1'
    assert rows[0]["reasons"] == "FAKE_SUBJECT:+3.000; tok:+0.500"
    assert rows[1]["label"] == "ham" and rows[1]["error"] == ""


def test_only_and_threshold(archives, tmp_path: Path) -> None:
    paths, count = archives
    out = tmp_path / "spam.jsonl"
    summary = score_archives(paths, out, classifier=FakeClassifier(), jobs=1, only="spam")
    labels = {r["label"] for r in rows_of(out)}
    assert labels == {"spam", "error"}
    assert len(rows_of(out)) == summary.spam + summary.errors
    everything = tmp_path / "all.jsonl"
    summary = score_archives(paths, everything, classifier=FakeClassifier(threshold=-5), jobs=1)
    assert summary.ham == 0 and summary.spam == count - summary.errors


def test_a_classifier_and_a_recipe_for_one_are_refused_together(archives, tmp_path) -> None:
    from spamkit.errors import SpamkitError

    paths, _ = archives
    with pytest.raises(SpamkitError, match="not both"):
        score_archives(paths, tmp_path / "o.jsonl", classifier=FakeClassifier(), threshold=1.0)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_model_rules_and_threshold_reach_the_workers_classifier(tmp_path, monkeypatch, jobs):
    """score --threshold/--rules build the Classifier; nothing relabels its verdicts afterwards.

    With two jobs the classifier is built in the worker processes, from the recipe.
    """
    from spamkit import batch

    rules = tmp_path / "local.toml"
    rules.write_text("[FREEMAIL_FROM]\nscore = 2.0\n")
    seen: list = []
    real_load = batch._load

    def spy(spec, blob):
        seen.append(spec)
        return real_load(spec, blob)

    monkeypatch.setattr(batch, "_load", spy)
    eml = tmp_path / "one.eml"
    eml.write_bytes(b"From: Taro <taro@gmail.com>\nSubject: lunch\n\nlunch at noon?\n")
    plain = tmp_path / "plain.jsonl"
    score_archives([eml], plain, jobs=1)
    base = rows_of(plain)[0]["score"]
    for threshold, label in ((-100.0, "spam"), (100.0, "ham")):
        out = tmp_path / f"out{threshold}.jsonl"
        score_archives([eml, eml], out, rules=rules, threshold=threshold, jobs=jobs, chunk_size=1)
        rows = rows_of(out)
        assert [row["label"] for row in rows] == [label, label]
        assert rows[0]["score"] == pytest.approx(base + 2.0, abs=1e-3)  # FREEMAIL_FROM re-weighted
    if jobs == 1:
        assert seen[-1] == batch._Recipe(None, str(rules), 100.0)


def test_unopenable_input_is_reported_and_others_scored(tmp_path: Path) -> None:
    good = tmp_path / "one.eml"
    good.write_bytes(message(1))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)))
    reported: list[str] = []
    summary = score_archives(
        [tmp_path / "missing", good, junk],
        tmp_path / "out.jsonl",
        classifier=FakeClassifier(),
        jobs=1,
        report=reported.append,
    )
    assert summary.messages == 1
    assert len(summary.failed_inputs) == 2 == len(reported)
    assert "no such file" in reported[0] and "not a mail archive" in reported[1]


def test_score_items_returns_labels_and_lines() -> None:
    rows = score_items([("m:0", message(3), None), ("m:1", None, "gone")], FakeClassifier())
    assert [label for label, _ in rows] == ["spam", "error"]
    assert json.loads(rows[1][1])["error"] == "gone"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_resume_after_a_cut_mid_line_completes_without_duplicates(
    archives, tmp_path: Path, fmt: str
) -> None:
    paths, count = archives
    reference = tmp_path / f"ref.{fmt}"
    score_archives(paths, reference, classifier=FakeClassifier(), jobs=1, fmt=fmt)
    whole = reference.read_bytes()
    for cut in (0, 1, len(whole) // 3, len(whole) // 2 + 17, len(whole) - 1):
        out = tmp_path / f"cut.{fmt}"
        out.write_bytes(whole[:cut])
        summary = score_archives(
            paths, out, classifier=FakeClassifier(), jobs=2, chunk_size=4, fmt=fmt, resume=True
        )
        assert out.read_bytes() == whole, cut
        assert summary.skipped + summary.messages == count


def test_resume_with_only_skips_past_the_last_row(archives, tmp_path: Path) -> None:
    paths, _ = archives
    reference = tmp_path / "ref.jsonl"
    score_archives(paths, reference, classifier=FakeClassifier(), jobs=1, only="spam")
    lines = reference.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:5]) + lines[5][:10])
    score_archives(paths, out, classifier=FakeClassifier(), jobs=1, only="spam", resume=True)
    assert out.read_bytes() == reference.read_bytes()


def test_resume_refuses_an_output_of_other_inputs(archives, tmp_path: Path) -> None:
    paths, _ = archives
    out = tmp_path / "out.jsonl"
    score_archives(paths[:1], out, classifier=FakeClassifier(), jobs=1)
    with pytest.raises(ArchiveError, match="cannot resume"):
        score_archives(paths[1:], out, classifier=FakeClassifier(), jobs=1, resume=True)
    out.write_text("not json at all\n")
    with pytest.raises(ArchiveError, match="not a jsonl row"):
        score_archives(paths, out, classifier=FakeClassifier(), jobs=1, resume=True)


class InterruptingClassifier(FakeClassifier):
    def __init__(self, after: int) -> None:
        super().__init__()
        self.left = after

    def classify(self, mail) -> Verdict:
        self.left -= 1
        if self.left < 0:
            raise KeyboardInterrupt
        return super().classify(mail)


def test_ctrl_c_leaves_whole_rows_and_resume_finishes(archives, tmp_path: Path) -> None:
    paths, count = archives
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_archives(paths, out, classifier=InterruptingClassifier(30), jobs=1, chunk_size=8)
    partial = rows_of(out)  # every line parses
    assert len(partial) == 24  # three whole chunks
    score_archives(paths, out, classifier=FakeClassifier(), jobs=1, resume=True)
    rows = rows_of(out)
    assert len(rows) == count == len({r["source"] for r in rows})


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_batch import FakeClassifier
    from spamkit.batch import score_archives
    score_archives({paths!r}, {out!r}, classifier=FakeClassifier(delay={delay}),
                   jobs=2, chunk_size=3, resume=True, progress=False)
    """
)


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_gives_each_message_exactly_one_row(
    archives, tmp_path: Path
) -> None:
    paths, count = archives
    out = tmp_path / "out.jsonl"
    script = KILL_SCRIPT.format(
        tests=str(Path(__file__).parent), paths=paths, out=str(out), delay=0.02
    )
    psutil = pytest.importorskip("psutil")
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if out.exists() and out.read_bytes().count(b"\n") >= 12:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the scorer wrote nothing")
        workers = psutil.Process(proc.pid).children(recursive=True)
        proc.kill()  # SIGKILL to the scorer only, mid-chunk
        proc.wait()
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, "workers outlived the scorer"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert 12 <= out.read_bytes().count(b"\n") < count
    fast = KILL_SCRIPT.format(tests=str(Path(__file__).parent), paths=paths, out=str(out), delay=0)
    subprocess.run([sys.executable, "-c", fast], check=True, timeout=120)
    rows = rows_of(out)
    assert len(rows) == count
    assert len({r["source"] for r in rows}) == count


@pytest.mark.slow
def test_dask_backend_on_a_local_cluster(archives, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    paths, count = archives
    serial = tmp_path / "serial.jsonl"
    score_archives(paths, serial, classifier=FakeClassifier(), jobs=1)
    out = tmp_path / "dask.jsonl"
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        summary = score_archives(
            paths,
            out,
            classifier=FakeClassifier(),
            backend="dask",
            scheduler=cluster.scheduler_address,
            chunk_size=9,
        )
    assert summary.messages == count
    assert out.read_bytes() == serial.read_bytes()


@pytest.mark.slow
def test_memory_stays_flat_on_a_large_mbox(tmp_path: Path) -> None:
    import tracemalloc

    box = tmp_path / "big.mbox"
    filler = b"z" * 70 + b"\n"
    with open(box, "wb") as fh:
        write_mbox(fh, (message(n) + filler * 100 for n in range(4000)))  # ~30 MB
    tracemalloc.start()
    try:
        summary = score_archives([box], os.devnull, classifier=FakeClassifier(), jobs=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert summary.messages == 4000
    assert peak < 12 * 2**20


def test_progress_bar_shows_the_rate_on_stderr(archives, tmp_path, capsys) -> None:
    paths, _ = archives
    score_archives(paths, tmp_path / "o.jsonl", classifier=FakeClassifier(), jobs=1, progress=True)
    assert "msg/s" in capsys.readouterr().err


def _last_bar(err: str) -> str:
    return err.replace("\r", "\n").strip().splitlines()[-1]


def test_progress_bar_counts_folders_and_maildirs_up_front(archives, tmp_path, capsys) -> None:
    paths, _ = archives
    folders = paths[1:]  # the Maildir (23 entries) and the folder (16 files)
    score_archives(
        folders, tmp_path / "o.jsonl", classifier=FakeClassifier(), jobs=1, progress=True
    )
    bar = _last_bar(capsys.readouterr().err)
    assert "100%" in bar and "39/39" in bar and "msg/s" in bar


@pytest.mark.slow
def test_progress_bar_of_plain_mboxes_counts_their_bytes(tmp_path, capsys) -> None:
    boxes = []
    for n in range(2):
        box = tmp_path / f"{n}.mbox"
        with open(box, "wb") as fh:
            write_mbox(fh, [message(i) + b"x" * 5000 + b"\n" for i in range(300)])
        boxes.append(box)
    size = sum(box.stat().st_size for box in boxes)
    score_archives(
        boxes,
        tmp_path / "o.jsonl",
        classifier=FakeClassifier(),
        jobs=2,
        chunk_size=50,
        progress=True,
    )
    bar = _last_bar(capsys.readouterr().err)
    assert "100%" in bar and f"{size / 2**20:.2f}M/{size / 2**20:.2f}M" in bar
    assert "600 msg" in bar


def test_progress_bar_of_a_compressed_mbox_has_no_total(tmp_path, capsys) -> None:
    import gzip

    box = tmp_path / "a.mbox.gz"
    with gzip.open(box, "wb") as fh:
        write_mbox(fh, [message(i) for i in range(30)])
    score_archives([box], tmp_path / "o.jsonl", classifier=FakeClassifier(), jobs=1, progress=True)
    bar = _last_bar(capsys.readouterr().err)
    assert "%" not in bar and "30msg" in bar.replace(" ", "")


@pytest.mark.parametrize("jobs", [0, -1, -3])
def test_jobs_must_be_a_positive_count(tmp_path: Path, jobs: int) -> None:
    from spamkit.errors import SpamkitError

    with pytest.raises(SpamkitError, match=f"jobs must be a positive number .*not {jobs}"):
        score_archives([tmp_path], tmp_path / "o.jsonl", classifier=FakeClassifier(), jobs=jobs)
    assert not (tmp_path / "o.jsonl").exists()  # refused before anything is opened


class TinyClassifier(FakeClassifier):
    """Probabilities far from 0.5, the kind Python and JSON print as 7e-06."""

    def classify(self, mail) -> Verdict:
        verdict = super().classify(mail)
        p = 0.999993 if verdict.label == "spam" else 7e-06
        return Verdict(verdict.label, p, verdict.score * 1e-5, 0.0, verdict.reasons)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_probabilities_and_scores_are_written_in_fixed_notation(tmp_path: Path, fmt) -> None:
    box = tmp_path / "a.mbox"
    with open(box, "wb") as fh:
        write_mbox(fh, [message(n) for n in range(3)])
    out = tmp_path / f"o.{fmt}"
    score_archives([box], out, classifier=TinyClassifier(), jobs=1, fmt=fmt)
    text = out.read_text(encoding="utf-8")
    assert "e-" not in text and "E-" not in text
    if fmt == "jsonl":
        rows = rows_of(out)
        assert [r["probability"] for r in rows] == [0.999993, 7e-06, 7e-06]
        assert [r["score"] for r in rows] == [0.0, -0.0, -0.0]
        assert '"probability": 0.000007, "score": -0.0,' in text.splitlines()[1]
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["probability"] for r in rows] == ["0.999993", "0.000007", "0.000007"]


def test_exported_names_exist() -> None:
    import spamkit.archives
    import spamkit.batch

    for module in (spamkit.archives, spamkit.batch):
        assert all(hasattr(module, name) for name in module.__all__)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_undecodable_file_names_are_written_escaped_and_resumable(tmp_path: Path, fmt) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for name in (b"a.eml", b"b\xff.eml", b"c.eml"):
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(message(len(name)))
    out = tmp_path / f"out.{fmt}"
    score_archives([folder], out, classifier=FakeClassifier(), jobs=1, fmt=fmt)
    if fmt == "jsonl":
        assert rows_of(out)[1]["source"] == f"{folder}/b\udcff.eml"  # JSON escapes losslessly
    else:
        assert f"{folder}/b\\udcff.eml," in out.read_text(encoding="utf-8")
    whole = out.read_bytes()
    out.write_bytes(whole[: whole.index(b"c.eml")])  # cut inside the third row
    summary = score_archives(
        [folder], out, classifier=FakeClassifier(), jobs=1, resume=True, fmt=fmt
    )
    assert summary.skipped == 2 and out.read_bytes() == whole


@pytest.mark.slow
def test_unreachable_dask_scheduler_is_a_clear_error(monkeypatch, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from spamkit import batch
    from spamkit.errors import SpamkitError

    monkeypatch.setattr(batch, "DASK_CONNECT_TIMEOUT", "1s")
    one = tmp_path / "one.eml"
    one.write_bytes(message(1))
    with pytest.raises(SpamkitError, match="cannot reach the Dask scheduler"):
        score_archives([one], tmp_path / "o.jsonl", backend="dask", scheduler="tcp://127.0.0.1:9")


@pytest.mark.slow
def test_sigterm_stops_workers_and_leaves_whole_rows(archives, tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    paths, count = archives
    out = tmp_path / "out.jsonl"
    script = KILL_SCRIPT.format(
        tests=str(Path(__file__).parent), paths=paths, out=str(out), delay=0.02
    )
    body = textwrap.indent(script, "    ")
    script = f"import sys\ntry:\n{body}\nexcept KeyboardInterrupt:\n    sys.exit(130)"
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and out.read_bytes().count(b"\n") >= 12):
            assert time.monotonic() < deadline, "the scorer wrote nothing"
            time.sleep(0.02)
        workers = psutil.Process(proc.pid).children(recursive=True)
        proc.terminate()
        assert proc.wait(timeout=30) == 130
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    rows = rows_of(out)  # whole rows only
    assert 12 <= len(rows) < count
