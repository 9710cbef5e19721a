"""``python -m spamkit``: train, classify, learn; errors are one line, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, corpus_files, spread
from spamkit.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spamkit", *args], input=stdin, capture_output=True, timeout=300
    )


@pytest.mark.slow
def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("train", "classify", "learn"):
        assert command.encode() in result.stdout


@pytest.mark.slow
def test_classify_json_from_stdin():
    result = run("classify", "--json", "-", stdin=b"Subject: hi\n\nlunch tomorrow?\n")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["label"] in ("spam", "ham") and "reasons" in verdict


def test_classify_explain_prints_a_report(capsys):
    fixture = next((FIXTURES / "campaigns").glob("*.eml"))
    assert main(["classify", "--explain", str(fixture)]) == 0
    out = capsys.readouterr().out
    assert "Content analysis:" in out
    # every rule that fired is listed by name, and the points add up to the score
    assert "INVITE_SPAM_SENDER" in out and "(rest of the model)" in out
    total = float(out.split("total")[0].split()[-1])
    score = float(out.split("score ")[1].split()[0])
    assert total == pytest.approx(score, abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["classify", "/no/such/file"], "no such file"),
        (["classify", "."], "is a directory"),
        (["classify", "--model", "/no/such/model", "-"], "no model here"),
        (["learn", "--spam", "--model", "/no/such/model", "x"], "no model here"),
    ],
)
def test_errors_are_one_line_and_non_zero(args, message):
    result = run(*args, stdin=b"")
    assert result.returncode != 0
    err = result.stderr.decode()
    assert message in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.slow
def test_train_refuses_empty_folders(tmp_path):
    (tmp_path / "ham").mkdir()
    (tmp_path / "spam").mkdir()
    result = run(
        "train",
        "--ham",
        str(tmp_path / "ham"),
        "--spam",
        str(tmp_path / "spam"),
        "-o",
        str(tmp_path / "m"),
        "--quiet",
    )
    assert result.returncode != 0
    assert b"need both ham and spam" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.slow
def test_train_refuses_missing_paths(tmp_path):
    result = run("train", "--ham", "/no/such", "--spam", "/no/such", "-o", str(tmp_path / "m"))
    assert result.returncode != 0 and b"no such file" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.corpora
def test_train_classify_learn_round_trip(tmp_path):
    ham, spam = tmp_path / "ham", tmp_path / "spam"
    ham.mkdir(), spam.mkdir()
    for p in spread(corpus_files("spamassassin/easy_ham"), 40) + spread(corpus_files("ja_ham"), 40):
        shutil.copy(p, ham / p.name)
    for p in spread(corpus_files("spamassassin/spam"), 40) + spread(corpus_files("ja_spam"), 40):
        shutil.copy(p, spam / p.name)
    model = tmp_path / "model"
    result = run(
        "train", "--ham", str(ham), "--spam", str(spam), "-o", str(model), "--card", "--quiet"
    )
    assert result.returncode == 0, result.stderr
    assert (model / "model.json").is_file() and (model / "CARD.md").is_file()
    sample = next(spam.iterdir())
    first = json.loads(run("classify", "--json", "--model", str(model), str(sample)).stdout)
    result = run("learn", "--ham", "--model", str(model), str(sample))
    assert result.returncode == 0, result.stderr
    second = json.loads(run("classify", "--json", "--model", str(model), str(sample)).stdout)
    assert second["score"] < first["score"]


# --------------------------------------------------------------------------- shared options

LOCAL_RULES = (
    '[LOCAL_LUNCH]\nwhere = "body"\npattern = "(?i)lunch"\nscore = 1.25\n'
    'description = "Talks about lunch"\n'
)
LUNCH = b"From: a@example.org\nSubject: lunch\n\nlunch at noon?\n"


@pytest.fixture
def local_rules(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text(LOCAL_RULES)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["classify", "x.eml"],
        ["score", "x.mbox"],
        ["filter"],
        ["milter", "--listen", "inet:8891@127.0.0.1"],
        ["evaluate", "--ham", "h", "--spam", "s"],
    ],
    ids=lambda argv: argv[0],
)
def test_every_scoring_command_takes_model_threshold_and_rules(argv):
    from spamkit.cli import build_parser

    args = build_parser().parse_args([*argv, "--model", "m", "--threshold", "2.5", "--rules", "r"])
    assert (args.model, args.threshold, args.rules) == ("m", 2.5, "r")


def test_the_shared_options_come_from_one_table():
    from spamkit.cli import build_parser
    from spamkit.cli._common import OPTIONS

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = {}
    for name in ("classify", "score", "filter", "milter", "evaluate"):
        for action in sub.choices[name]._actions:
            if action.dest in ("threshold", "rules"):
                helps.setdefault(action.dest, set()).add(action.help)
    assert helps == {key: {OPTIONS[key][1]["help"]} for key in ("threshold", "rules")}


def test_classify_rules_and_threshold(local_rules, tmp_path, capsys):
    eml = tmp_path / "lunch.eml"
    eml.write_bytes(LUNCH)
    argv = ["classify", "--json", "--rules", str(local_rules), "--threshold", "-50", str(eml)]
    assert main(argv) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["label"] == "spam" and verdict["threshold"] == -50.0
    assert any(r["name"] == "LOCAL_LUNCH" and r["score"] == 1.25 for r in verdict["reasons"])


def test_score_rules_and_threshold(local_rules, tmp_path):
    eml = tmp_path / "lunch.eml"
    eml.write_bytes(LUNCH)
    out = tmp_path / "out.jsonl"
    argv = ["score", str(eml), "-o", str(out), "-j", "1", "-q"]
    assert main([*argv, "--rules", str(local_rules), "--threshold", "-50"]) == 0
    row = json.loads(out.read_text())
    assert row["label"] == "spam" and "LOCAL_LUNCH" in {r["name"] for r in row["reasons"]}
    assert main([*argv, "--threshold", "50"]) == 0
    assert json.loads(out.read_text())["label"] == "ham"


def test_filter_rules_and_threshold(local_rules, monkeypatch):
    import io

    from spamkit.cli import build_parser

    args = build_parser().parse_args(
        ["filter", "--rules", str(local_rules), "--threshold", "-50", "--exit-code"]
    )
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LUNCH), encoding="ascii"))
    monkeypatch.setattr(sys, "stdout", stdout)
    assert args.run(args) == 0  # bogofilter's "spam"
    out = stdout.buffer.getvalue()
    assert b"X-Spam-Status: Yes, score=" in out and b"required=-50.00" in out
    assert b"LOCAL_LUNCH" in out and out.endswith(LUNCH)


def test_milter_rules_and_threshold(local_rules, monkeypatch):
    import types

    from spamkit.cli import build_parser
    from spamkit.integrations import milter

    served = {}
    monkeypatch.setitem(sys.modules, "Milter", types.ModuleType("Milter"))
    monkeypatch.setattr(
        milter,
        "serve",
        lambda listen, classifier, options, dnsbl: served.update(classifier=classifier),
    )
    args = build_parser().parse_args(
        [
            "milter",
            "--listen",
            "inet:8891@127.0.0.1",
            "--rules",
            str(local_rules),
            "--threshold",
            "-50",
        ]
    )
    assert args.run(args) == 0
    classifier = served["classifier"]
    assert classifier.threshold == -50.0 and "LOCAL_LUNCH" in classifier.rules.rules


def test_evaluate_rules_and_threshold(local_rules, tmp_path, capsys):
    ham, spam = tmp_path / "ham", tmp_path / "spam"
    for folder, prefix in ((ham, "ham_"), (spam, "spam_")):
        folder.mkdir()
        for path in (FIXTURES / "campaigns").glob(f"{prefix}*.eml"):
            shutil.copy(path, folder)
    (ham / "lunch.eml").write_bytes(LUNCH)
    argv = ["evaluate", "--ham", str(ham), "--spam", str(spam), "--json", "-q"]
    assert main([*argv, "--rules", str(local_rules), "--threshold", "3.5"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["all"]["threshold"] == 3.5
    assert report["rules"]["LOCAL_LUNCH"]["ham"] == 1


def test_reading_bar_has_a_total_for_folders_and_maildirs(tmp_path, monkeypatch):
    """train/evaluate's "reading" bar: a total when every input can be counted up front."""
    from spamkit.cli._common import progress

    folder = tmp_path / "ham"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.eml").write_bytes(b"Subject: x\n\nbody\n")
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp", ".Junk/cur", ".Junk/new", ".Junk/tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1.h:2,S").write_bytes(b"Subject: y\n\nbody\n")
    (maildir / ".Junk" / "cur" / "2.h:2,S").write_bytes(b"Subject: z\n\nbody\n")
    mbox = tmp_path / "box.mbox"
    mbox.write_bytes(b"From a@b Thu Aug 22 12:36:23 2002\nSubject: s\n\nx\n")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = progress(iter(()), desc="reading", inputs=[str(folder), str(maildir)])
    assert bar.total == 4  # training reads a Maildir's INBOX only
    bar.close()
    bar = progress(iter(()), desc="reading", inputs=[str(folder), str(mbox)])
    assert bar.total is None
    bar.close()
    assert progress([1, 2], desc="reading", quiet=True) == [1, 2]
