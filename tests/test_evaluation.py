"""Tests for spamkit.evaluation and ``spamkit evaluate``: metrics with known answers, end to end."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPORA, corpus_files, fixture_messages, spread
from spamkit import evaluation as ev
from spamkit import metrics as mt
from spamkit import report as rp
from spamkit.archives import write_mbox
from spamkit.cli import COMMANDS, main
from spamkit.cli.evaluate import _in_training_data
from spamkit.training import load_corpus, template_key

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
PLOTS = ("roc.png", "scores.png", "thresholds.png")
_skip_without_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"needs the shared corpora at {CORPORA}"
)


def needs_corpora(test):  # type: ignore[no-untyped-def]
    """Mark a test as reading the shared corpora, and skip it when they are absent."""
    return pytest.mark.corpora(_skip_without_corpora(test))


# --------------------------------------------------------------- metrics


def test_confusion_counts_each_outcome() -> None:
    got = mt.confusion([0, 0, 0, 1, 1, 1], [-1.0, 0.0, 2.0, 0.0, -3.0, 5.0], 0.0)
    # spam iff score >= threshold: a score exactly at the threshold is spam.
    assert got == {"tn": 1, "fp": 2, "fn": 1, "tp": 2}


def test_pr_auc_known_values() -> None:
    assert mt.pr_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    # ranked: spam (P=1 at R=.5), ham, spam (P=2/3 at R=1) -> 0.5 + 0.5 * 2/3
    assert mt.pr_auc([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]) == pytest.approx(5 / 6)
    assert np.isnan(mt.pr_auc([1, 1], [0.1, 0.2]))


def test_metrics_rates_and_auc() -> None:
    m = mt.metrics([0, 0, 0, 0, 1, 1], [-2.0, -1.0, 1.0, 3.0, 2.0, -0.5], 0.0)
    assert m["fpr"] == 0.5 and m["fnr"] == 0.5
    # pairs (spam, ham) ordered right: 2.0 beats 3 of 4 ham, -0.5 beats 2 of 4 -> 5/8
    assert m["auc"] == pytest.approx(5 / 8)
    assert m["confusion"] == {"tn": 2, "fp": 2, "fn": 1, "tp": 1}
    assert m["n_ham"] == 4 and m["n_spam"] == 2 and m["threshold"] == 0.0


def test_fnr_at_low_fpr_counts_allowed_ham() -> None:
    ham = np.arange(1000, dtype=float)  # 0 .. 999
    spam = np.array([999.5, 2000.0, 998.5, 10.0])
    y = np.r_[np.zeros(1000, dtype=int), np.ones(4, dtype=int)]
    m = mt.metrics(y, np.r_[ham, spam], 5000.0)
    # 0.1 % of 1000 ham = 1 ham may score above: threshold 998, spam above it: 3 of 4
    assert m["ham_allowed_0.1pct"] == 1
    assert m["fnr_at_fpr_0.1pct"] == pytest.approx(0.25)
    # 0.01 % of 1000 = no ham at all: threshold 999, two spam above it
    assert m["ham_allowed_0.01pct"] == 0
    assert m["fnr_at_fpr_0.01pct"] == pytest.approx(0.5)
    assert m["fpr"] == 0.0 and m["fnr"] == 1.0


def test_metrics_with_one_class_are_nan_not_errors() -> None:
    m = mt.metrics([1, 1, 1], [1.0, -1.0, 2.0], 0.0)
    assert np.isnan(m["auc"]) and np.isnan(m["pr_auc"]) and np.isnan(m["fpr"])
    assert m["fnr"] == pytest.approx(1 / 3)


def test_threshold_curve() -> None:
    t, fpr, fnr = mt.threshold_curve([0, 0, 1, 1], [0.0, 2.0, 1.0, 3.0])
    assert t.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert fpr.tolist() == [1.0, 0.5, 0.5, 0.0]
    assert fnr.tolist() == [0.0, 0.0, 0.5, 0.5]


def _evaluation(labels: list[int], scores: list[float], rules: list[tuple[str, ...]]):
    return ev.Evaluation(
        labels=np.array(labels),
        scores=np.array(scores, dtype=float),
        threshold=0.0,
        languages=["ja", "en", "en", "ja"][: len(labels)],
        rules=rules,
        rule_names=["A", "B", "NEVER"],
        sources=[""] * len(labels),
        verdicts=[],
    )


def test_rule_rates_and_summary() -> None:
    result = _evaluation([0, 0, 1, 1], [-2.0, 1.0, 3.0, -1.0], [("A",), ("A", "B"), ("B",), ()])
    rates = ev.rule_rates(result)
    assert rates["A"] == {"ham": 2, "spam": 0, "ham_rate": 1.0, "spam_rate": 0.0}
    assert rates["B"] == {"ham": 1, "spam": 1, "ham_rate": 0.5, "spam_rate": 0.5}
    assert rates["NEVER"]["ham"] == rates["NEVER"]["spam"] == 0
    assert result.misclassified() == {"ham": [1], "spam": [3]}
    report = ev.summarize(result)
    assert set(report["by_language"]) == {"ja", "en"}
    assert report["by_language"]["ja"]["confusion"] == {"tn": 1, "fp": 0, "fn": 1, "tp": 0}
    text = rp.format_report(report)
    assert "ROC AUC" in text and "PR AUC" in text and "NEVER" not in text
    json.loads(rp.to_json(report))  # nan becomes null


def test_report_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    result = _evaluation([0, 0, 1, 1], [-2.0, 1.0, 3.0, -1.0], [(), (), (), ()])
    written = rp.write_report(ev.summarize(result), result, tmp_path / "r")
    assert written["plots"] == rp.PLOT_HINT
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["metrics.json", "report.md"]
    assert "pip install spamkit[plot]" in (tmp_path / "r" / "report.md").read_text()


def test_training_overlap_note() -> None:
    meta = {"training": {"sources": {"ham": ["../shared/corpora/ja_ham"], "spam": []}}}
    assert _in_training_data(meta, [str(CORPORA / "ja_ham")]) == [str(CORPORA / "ja_ham")]
    assert _in_training_data(meta, [str(CORPORA)]) == [str(CORPORA)]
    assert _in_training_data(meta, [str(CORPORA / "ja_spam")]) == []
    assert _in_training_data({}, ["/tmp"]) == []


# ------------------------------------------- the model's own training data (issue 13 item 4)


def _copy_fixtures(target: Path, labels: set[int]) -> list[Path]:
    """The tiny model's training messages copied elsewhere: no path in common with the model's."""
    copied = []
    for path, label in fixture_messages():
        if label in labels:
            folder = target / ("spam" if label else "ham")
            folder.mkdir(parents=True, exist_ok=True)
            copied.append(Path(shutil.copy(path, folder / path.name)))
    return copied


FRESH_SPAM = [
    b"From: Prize Desk <win@lottery.example>\nSubject: You won %d dollars\n\n"
    b"Claim your prize now at http://claim.example/%d before midnight!\n" % (n * 1000, n)
    for n in range(1, 4)
]


@pytest.mark.slow
def test_evaluate_warns_on_the_models_own_training_data(tiny_model_dir, tmp_path, capsys):
    _copy_fixtures(tmp_path / "copy", {0, 1})
    argv = ["evaluate", "--model", str(tiny_model_dir), "--ham", str(tmp_path / "copy" / "ham")]
    assert main([*argv, "--spam", str(tmp_path / "copy" / "spam")]) == 0
    out, err = capsys.readouterr()
    n = len(fixture_messages())
    warning = f"WARNING: these {n} messages are exactly the model's training set"
    assert f"spamkit evaluate: {warning}" in err  # loud: on stderr ...
    assert out.startswith(warning)  # ... and at the top of the report


@pytest.mark.slow
def test_the_training_data_warning_is_in_the_written_report(tiny_model_dir, tmp_path, capsys):
    _copy_fixtures(tmp_path / "copy", {0, 1})
    argv = ["evaluate", "--model", str(tiny_model_dir), "--ham", str(tmp_path / "copy" / "ham")]
    argv += ["--spam", str(tmp_path / "copy" / "spam"), "--report", str(tmp_path / "r")]
    assert main(argv) == 0
    n = len(fixture_messages())
    warning = f"WARNING: these {n} messages are exactly the model's training set"
    assert (
        warning.replace("WARNING:", "> **WARNING:**") in (tmp_path / "r" / "report.md").read_text()
    )
    seen = json.loads((tmp_path / "r" / "metrics.json").read_text())["training_overlap"]
    assert seen["identical"] is True


@pytest.mark.slow
def test_evaluate_warns_when_part_of_the_data_was_trained_on(tiny_model_dir, tmp_path, capsys):
    ham = _copy_fixtures(tmp_path / "copy", {0})
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for i, raw in enumerate(FRESH_SPAM):
        (fresh / f"fresh{i}.eml").write_bytes(raw)
    argv = ["evaluate", "--model", str(tiny_model_dir), "--ham", str(tmp_path / "copy" / "ham")]
    assert main([*argv, "--spam", str(fresh), "--json"]) == 0
    out, err = capsys.readouterr()
    total = len(ham) + len(FRESH_SPAM)
    assert f"{len(ham)} of {total} messages have the label and file name of a message" in err
    assert json.loads(out)["training_overlap"]["matched"] == len(ham)


def test_evaluate_is_quiet_on_unseen_mail(tiny_model_dir, tmp_path, capsys):
    for label, folder in ((0, "ham"), (1, "spam")):
        (tmp_path / folder).mkdir()
        for i, raw in enumerate(FRESH_SPAM):
            text = raw if label else raw.replace(b"won", b"met").replace(b"prize", b"notes")
            (tmp_path / folder / f"{folder}{i}.eml").write_bytes(text)
    argv = ["evaluate", "--model", str(tiny_model_dir), "--ham", str(tmp_path / "ham")]
    assert main([*argv, "--spam", str(tmp_path / "spam"), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "WARNING" not in err and "training" not in err
    assert json.loads(out)["training_overlap"] == {
        "messages": 6,
        "identical": False,
        "matched": 0,
        "by_chance": pytest.approx(0.0, abs=1e-3),
    }


@pytest.mark.slow
@pytest.mark.corpora
def test_the_shipped_model_knows_its_training_files_wherever_they_are(corpora, tmp_path, capsys):
    # as on a fresh machine: part of the corpora copied to a folder of another name
    for folder, target, count in (("ja_ham", "inbox", 20), ("ja_spam", "junk", 10)):
        (tmp_path / target).mkdir()
        for path in spread(corpus_files(folder), count):
            shutil.copy(path, tmp_path / target / path.name)
    argv = ["evaluate", "--ham", str(tmp_path / "inbox"), "--spam", str(tmp_path / "junk")]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "WARNING: 30 of 30 messages have the label and file name of a message the model" in err


# ---------------------------------------------------------------- the CLI


def test_evaluate_is_a_registered_command() -> None:
    assert "evaluate" in COMMANDS


def test_model_and_cv_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "--ham", "x", "--spam", "y", "--model", "m", "--cv", "3"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def _place(files: list[Path], target: Path) -> None:
    target.mkdir(parents=True)
    for path in files:
        dest = target / f"{path.parent.name}__{path.name}"
        try:
            os.link(path, dest)
        except OSError:
            shutil.copyfile(path, dest)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 ham (30 English, 30 Japanese) and 60 spam (40 English, 20 Japanese) from the corpora."""
    if not CORPORA.is_dir():
        pytest.skip(f"needs the shared corpora at {CORPORA}")
    root = tmp_path_factory.mktemp("small")

    def pick(folder: str, n: int) -> list[Path]:
        files = sorted(p for p in (CORPORA / folder).iterdir() if p.is_file())
        return files[:: max(len(files) // n, 1)][:n]

    _place(pick("spamassassin/easy_ham", 20) + pick("spamassassin/hard_ham", 10), root / "en_ham")
    _place(pick("ja_ham", 30), root / "ja_ham")
    _place(pick("spamassassin/spam_2", 40), root / "en_spam")
    _place(pick("ja_spam", 20), root / "ja_spam")
    return root


@pytest.mark.slow
@needs_corpora
def test_evaluate_with_report(small: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report"
    argv = ["evaluate", "--ham", str(small / "en_ham"), str(small / "ja_ham")]
    argv += ["--spam", str(small / "en_spam"), str(small / "ja_spam"), "--report", str(report)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    for needle in ("ROC AUC", "PR AUC", "FNR at FPR <= 0.1 %", "FNR at FPR <= 0.01 %"):
        assert needle in out
    assert "predicted spam" in out and "by language" in out and "msg/s" in out
    metrics = json.loads((report / "metrics.json").read_text())
    assert metrics["all"]["n_ham"] == 60 and metrics["all"]["n_spam"] == 60
    assert {"ja", "en"} <= set(metrics["by_language"])
    assert metrics["by_language"]["ja"]["n_ham"] >= 25
    assert sum(r["spam"] for r in metrics["rules"].values()) > 0
    assert metrics["timing"]["classify_msgs_per_s"] > 0
    names = {p.name for p in report.iterdir()}
    if not HAS_MATPLOTLIB:  # the [plot] extra is optional: the report says how to get plots
        assert names == {"metrics.json", "report.md"} and "spamkit[plot]" in err
        return
    assert names == {"metrics.json", "report.md", *PLOTS}
    for png in PLOTS:
        assert (report / png).read_bytes().startswith(b"\x89PNG")
        assert f"]({png})" in (report / "report.md").read_text()


@pytest.mark.slow
@needs_corpora
def test_evaluate_json_from_an_mbox(small: Path, tmp_path: Path, capsys) -> None:
    spam = tmp_path / "spam.mbox.gz"  # any archive kind `spamkit score` reads
    with gzip.open(spam, "wb") as fh:
        write_mbox(fh, [p.read_bytes() for p in sorted((small / "ja_spam").iterdir())])
    argv = ["evaluate", "--ham", str(small / "ja_ham"), "--spam", str(spam), "--json"]
    assert main(argv) == 0
    got = json.loads(capsys.readouterr().out)
    c = got["all"]["confusion"]
    assert c["tn"] + c["fp"] == 30 and c["fn"] + c["tp"] == 20


@pytest.mark.slow
@needs_corpora
def test_evaluate_cv(small: Path, tmp_path: Path, capsys) -> None:
    argv = ["evaluate", "--ham", str(small / "en_ham"), str(small / "ja_ham")]
    argv += ["--spam", str(small / "en_spam"), str(small / "ja_spam"), "--cv", "3", "--json"]
    assert main([*argv, "--report", str(tmp_path / "r")]) == 0
    got = json.loads(capsys.readouterr().out)
    cv = got["cv"]
    assert cv["k"] == 3 and len(cv["folds"]) == 3
    assert sum(f["n_ham"] + f["n_spam"] for f in cv["folds"]) == 120
    for fold in cv["folds"]:
        assert fold["n_ham"] > 0 and fold["n_spam"] > 0  # stratified
    assert 0.5 < cv["mean"]["auc"] <= 1.0 and cv["sd"]["auc"] >= 0.0
    assert (tmp_path / "r" / "roc.png").exists() == HAS_MATPLOTLIB
    # the same seed gives the same folds and the same figures
    assert main(argv) == 0
    again = json.loads(capsys.readouterr().out)["cv"]
    assert [f["auc"] for f in again["folds"]] == [f["auc"] for f in cv["folds"]]


@pytest.mark.slow
@needs_corpora
def test_cv_keeps_campaign_copies_in_one_fold(small: Path) -> None:
    corpus = load_corpus([str(small / "ja_ham")], [str(small / "ja_spam")])
    # a campaign copy: the same spam with other digits must land in the same fold
    corpus.mails.append(corpus.mails[-1])
    corpus.labels.append(1)
    corpus.sources.append("copy")
    _, pooled = ev.cross_validate(corpus, 3, seed=7)
    assert pooled.folds is not None and set(pooled.folds.tolist()) == {0, 1, 2}
    fold_of: dict[str, set[int]] = {}
    for mail, fold in zip(corpus.mails, pooled.folds.tolist(), strict=True):
        fold_of.setdefault(template_key(mail), set()).add(fold)
    assert all(len(folds) == 1 for folds in fold_of.values())


@needs_corpora
def test_evaluate_needs_both_classes(small: Path, tmp_path: Path, capsys) -> None:
    assert main(["evaluate", "--ham", str(small / "ja_ham"), "--spam", str(tmp_path)]) == 2
    assert "need both ham and spam; found 30 ham, 0 spam" in capsys.readouterr().err
    assert main(["evaluate", "--ham", str(small / "ja_ham"), "--spam", str(small / "x")]) == 2
    assert "no such file" in capsys.readouterr().err
