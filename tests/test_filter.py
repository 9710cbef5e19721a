"""Filter mode: the message passes through byte for byte apart from the header lines."""

from __future__ import annotations

import email.header
import io
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPORA
from spamkit.classifier import Reason, Verdict
from spamkit.errors import ModelError
from spamkit.integrations.filter import (
    EXIT_ERROR,
    EXIT_HAM,
    EXIT_SPAM,
    filter_message,
    filter_stream,
)
from spamkit.integrations.spamheaders import rename_spam_headers, spam_headers
from spamkit.rules import RuleHit

ROOT = Path(__file__).resolve().parents[1]


def has_default_model() -> bool:
    models = ROOT / "models"
    return (
        any(p.name in ("model.json", "arrays.npz") for p in models.rglob("*"))
        if models.is_dir()
        else False
    )


needs_model = pytest.mark.skipif(
    not has_default_model(), reason="no default model under models/ yet"
)


class Fixed:
    """A stand-in classifier: a fixed verdict, and a record of what it was shown."""

    def __init__(self, label: str = "spam", score: float = 4.5, reasons=None) -> None:
        self.label, self.score = label, score
        self.reasons = (
            reasons
            if reasons is not None
            else [
                Reason("FROM_FREEMAIL_REPLYTO", 2.0, "Reply-To differs", "rule", "x@example.com"),
                Reason("url:bit.ly", 1.2, "model token", "token"),
            ]
        )
        self.seen: list[bytes] = []

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        self.seen.append(bytes(message))
        return Verdict(self.label, 0.9, self.score, 0.0, list(self.reasons)).with_hits(extra_hits)


class Boom:
    def classify(self, message: bytes) -> Verdict:
        raise RuntimeError("model exploded\r\nX-Injected: yes")


def header_text(added: bytes, name: str) -> str:
    """The value of header ``name`` in ``added``, unfolded and RFC 2047-decoded (email.header)."""
    found = re.search(rb"(?m)^" + name.encode() + rb":(.*(?:\r?\n[ \t].*)*)", added)
    assert found, name
    value = re.sub(r"\r?\n(?=[ \t])", "", found.group(1).decode("ascii"))
    return str(email.header.make_header(email.header.decode_header(value)))


def split_added(output: bytes) -> tuple[bytes, bytes]:
    """(the block of header lines spamkit added at the top, everything after it)."""
    pos = 0
    start = 0
    if output.startswith(b"From "):
        start = pos = output.index(b"\n") + 1
    ours = re.compile(rb"X-Spam-(Checker-Version|Flag|Level|Score|Status|Report):")
    while True:
        if ours.match(output, pos) is None:
            break
        pos = output.index(b"\n", pos) + 1
        while output[pos : pos + 1] == b"\t":  # folded continuation of our header
            pos = output.index(b"\n", pos) + 1
    return output[start:pos], output[:start] + output[pos:]


LF = b"From: a@example.org\nTo: b@example.org\nSubject: hello\n\nlunch at noon?\n"
CRLF = LF.replace(b"\n", b"\r\n")
EIGHT_BIT = (
    b"From: =?ISO-2022-JP?B?GyRCJTUlJCVIGyhC?= <shop@example.jp>\r\n"
    b"Subject: \x1b$B%;!<%k\x1b(B\r\n"
    b"Content-Type: text/plain; charset=Shift_JIS\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    b"\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\r\n\x00\xff\xfe raw bytes \x80\r\nno final newline"
)
NO_FINAL_NEWLINE = b"Subject: x\n\nbody without newline"
HEADERS_ONLY = b"Subject: no body at all"
MBOX = b"From sender@example.org Fri Nov 27 10:00:00 2026\nSubject: mbox\n\nbody\n"
NO_HEADERS = b"just text, no headers\nX-Spam-Status: Yes\n"
EMPTY = b""


@pytest.mark.parametrize(
    "raw",
    [LF, CRLF, EIGHT_BIT, NO_FINAL_NEWLINE, HEADERS_ONLY, MBOX, NO_HEADERS, EMPTY],
    ids=["lf", "crlf", "8bit", "no-final-newline", "headers-only", "mbox", "no-headers", "empty"],
)
@pytest.mark.parametrize("label", ["spam", "ham"])
def test_byte_for_byte(raw, label):
    result = filter_message(raw, Fixed(label))
    added, rest = split_added(result.output)
    assert rest == raw
    assert added.startswith(b"X-Spam-Checker-Version: spamkit ")
    assert (b"X-Spam-Status: Yes, " in added) is (label == "spam")
    assert (b"X-Spam-Flag: YES" in added) is (label == "spam")
    eol = b"\r\n" if raw.find(b"\n") > 0 and raw[raw.find(b"\n") - 1] == 13 else b"\n"
    lines = added.split(eol)
    assert lines[-1] == b""
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    added.decode("ascii")


def test_status_is_spamassassin_shaped():
    result = filter_message(LF, Fixed("spam", 4.5))
    text = result.output.decode()
    assert re.search(
        r"^X-Spam-Status: Yes, score=4\.50 required=0\.00 tests=FROM_FREEMAIL_REPLYTO"
        r"\n\tversion=\S+$",
        text,
        re.M,
    )
    assert "X-Spam-Score: 4.500\n" in text
    assert "X-Spam-Level: ****\n" in text
    assert "\t*   2.00 FROM_FREEMAIL_REPLYTO Reply-To differs\n" in text
    assert "\t*        [x@example.com]\n" in text
    assert "url:bit.ly model token" in text
    ham = filter_message(LF, Fixed("ham", -3.0, [])).output.decode()
    assert "X-Spam-Status: No, score=-3.00 required=0.00 tests=none version=" in ham
    assert "X-Spam-Level:\n" in ham


def test_long_test_list_folds_with_message_line_endings():
    reasons = [Reason(f"RULE_NUMBER_{i:02d}", 0.5, "r") for i in range(20)]
    added, rest = split_added(filter_message(CRLF, Fixed("spam", 10, reasons)).output)
    assert rest == CRLF
    status = re.search(rb"X-Spam-Status:.*?\r\n(?=X-Spam-Report)", added, re.S).group(0)
    assert b"\r\n\t" in status
    assert all(len(line) <= 78 for line in status.split(b"\r\n"))
    names = re.sub(rb"\s+", b"", status.split(b"tests=")[1]).split(b"version=")[0]
    assert names.split(b",") == [f"RULE_NUMBER_{i:02d}".encode() for i in range(20)]


def test_reason_text_cannot_inject_headers():
    reasons = [Reason("EVIL\r\nBcc: x", 1.0, "line\nX-Spam-Status: No", "rule", "日本語\r\n\t")]
    added, rest = split_added(filter_message(LF, Fixed("spam", 1.0, reasons)).output)
    assert rest == LF
    assert not re.search(rb"^(Bcc|X-Spam-Status: No)", added, re.M)
    assert "[日本語]" in header_text(added, "X-Spam-Report")


#: A Japanese rule description of 118 characters: the report keeps up to 120 whole.
JA_DESCRIPTION = (
    "初めての連絡なのに返信だけを求め、リンクも署名もない短い文面です。"
    "担当者名と部署名を名乗りながら会社の所在地や電話番号を書かず、"
    "フリーメールから送られています。よくある詐欺の第一通の特徴にすべて当てはまります。"
)


def test_japanese_report_is_rfc2047_utf8_folded_and_decodes_back():
    assert 100 < len(JA_DESCRIPTION) <= 120
    reasons = [
        Reason(
            "CONVERSATIONAL_FIRST_CONTACT", 2.5, JA_DESCRIPTION, "rule", "お世話になっております"
        ),
        Reason("subject:お得な情報", 0.8, "model token", "token"),
        Reason("url:bit.ly", 0.4, "model token", "token"),
    ]
    added, rest = split_added(filter_message(CRLF, Fixed("spam", 3.7, reasons)).output)
    assert rest == CRLF
    lines = added.split(b"\r\n")
    assert all(len(line) <= 78 for line in lines), max(lines, key=len)
    assert b"\\u" not in added  # no escapes
    words = re.findall(rb"=\?UTF-8\?[BQ]\?[^?]*\?=", added)
    assert words and all(len(word) <= 75 for word in words)
    for word in words:  # each word whole UTF-8: never cut inside a character
        ((raw, charset),) = email.header.decode_header(word.decode())
        raw.decode(charset)
    report = " ".join(header_text(added, "X-Spam-Report").split())
    assert f"CONVERSATIONAL_FIRST_CONTACT {JA_DESCRIPTION}" in report
    assert "[お世話になっております]" in report
    assert "subject:お得な情報 model token" in report
    assert "url:bit.ly model token" in report  # ASCII stays readable
    assert b"url:bit.ly model token" in added


def test_incoming_spam_headers_are_renamed():
    raw = (
        b"X-Spam-Status: No, score=-100\r\n"
        b"x-spam-flag: NO\r\n"
        b"X-Spam-Report: forged\r\n\tcontinued line\r\n"
        b"X-Spam-Prev-Status: Yes\r\n"
        b"X-Spamkit-Other: kept\r\n"
        b"Subject: X-Spam-Status: in a value\r\n\r\n"
        b"X-Spam-Status: in the body stays\r\n"
    )
    result = filter_message(raw, Fixed("spam"))
    _, rest = split_added(result.output)
    assert rest == (
        b"X-Spam-Prev-Status: No, score=-100\r\n"
        b"X-Spam-Prev-flag: NO\r\n"
        b"X-Spam-Prev-Report: forged\r\n\tcontinued line\r\n"
        b"X-Spam-Prev-Status: Yes\r\n"
        b"X-Spamkit-Other: kept\r\n"
        b"Subject: X-Spam-Status: in a value\r\n\r\n"
        b"X-Spam-Status: in the body stays\r\n"
    )
    assert re.findall(rb"(?m)^X-Spam-Status: (\w+)", result.output) == [b"Yes", b"in"]


def test_filtering_twice_keeps_one_current_verdict():
    once = filter_message(LF, Fixed("spam")).output
    twice = filter_message(once, Fixed("ham", -1.0)).output
    assert re.findall(rb"(?m)^X-Spam-Status: (\w+)", twice) == [b"No"]
    assert b"X-Spam-Prev-Status: Yes" in twice
    assert twice.endswith(LF)


def test_header_rename_stops_at_the_body():
    assert rename_spam_headers(NO_HEADERS) == NO_HEADERS
    assert rename_spam_headers(EIGHT_BIT) == EIGHT_BIT


def test_internal_error_passes_the_original_through():
    raw = b"X-Spam-Flag: YES\nSubject: x\n\n\xff\xfe body"
    result = filter_message(raw, Boom())
    assert result.verdict is None
    assert result.exit_code == EXIT_ERROR
    assert result.output == (
        b"X-Spam-Status: Error, reason=RuntimeError: model exploded X-Injected: yes\n"
        + raw.replace(b"X-Spam-Flag", b"X-Spam-Prev-Flag")
    )


def test_stream_exit_codes():
    for model, exit_codes, status in [
        (Fixed("spam"), False, 0),
        (Fixed("ham"), False, 0),
        (Boom(), False, 0),
        (Fixed("spam"), True, EXIT_SPAM),
        (Fixed("ham"), True, EXIT_HAM),
        (Boom(), True, EXIT_ERROR),
    ]:
        out = io.BytesIO()
        assert filter_stream(io.BytesIO(CRLF), out, model, exit_codes=exit_codes) == status
        assert split_added(out.getvalue())[1] == CRLF


def test_classifier_factory_failure_is_in_band():
    def no_model():
        raise FileNotFoundError("models/default/model.json")

    out = io.BytesIO()
    assert filter_stream(io.BytesIO(LF), out, no_model) == 0
    assert out.getvalue() == (
        b"X-Spam-Status: Error, reason=FileNotFoundError: models/default/model.json\n" + LF
    )


def test_huge_message_streams_through_and_only_a_prefix_is_classified():
    body = b"".join(b"line %06d \xe3\x81\x82\r\n" % i for i in range(20000))
    raw = b"Subject: big\r\nX-Spam-Flag: YES\r\n\r\n" + body + b"tail without newline"
    model = Fixed("ham")
    out = io.BytesIO()
    filter_stream(io.BytesIO(raw), out, model, max_bytes=4096, chunk_size=1000)
    _, rest = split_added(out.getvalue())
    assert rest == raw.replace(b"X-Spam-Flag", b"X-Spam-Prev-Flag")
    assert len(model.seen[0]) <= 4096
    assert model.seen[0].endswith(b"\r\n")


class Unreadable(io.RawIOBase):
    def read(self, size=-1):
        raise OSError("stdin went away")


def test_unreadable_input_asks_the_mta_to_retry():
    assert filter_stream(Unreadable(), io.BytesIO(), Fixed()) == 75
    assert filter_stream(Unreadable(), io.BytesIO(), Fixed(), exit_codes=True) == EXIT_ERROR


def test_verdict_with_hits_and_extra_hits():
    verdict = Verdict("ham", 0.4, -0.5, 0.0, [])
    assert verdict.with_hits([RuleHit("RCVD_IN_ZEN_OPEN_RESOLVER", 0.0, "error")]).label == "ham"
    flipped = verdict.with_hits([RuleHit("RCVD_IN_ZEN_SBL", 4.0, "listed", "1.2.3.4")])
    assert flipped.label == "spam"
    assert flipped.score == pytest.approx(3.5)
    assert flipped.rules[0].name == "RCVD_IN_ZEN_SBL"
    result = filter_message(
        LF,
        Fixed("ham", -0.5, []),
        extra_hits=lambda raw: [RuleHit("URIBL_DBL_SPAM", 4.0, "listed")],
    )
    assert b"X-Spam-Status: Yes, score=3.50 required=0.00 tests=URIBL_DBL_SPAM" in result.output


def test_dnsbl_through_filter_stream():
    pytest.importorskip("dnslib")
    pytest.importorskip("dns.resolver")
    from servers.dnsserver import DnsServer
    from spamkit.integrations.dnsbl import DnsblChecker

    raw = b"From: a@spamdomain.com\nSubject: x\n\nhttp://clean.example.net/\n"
    answers = {"spamdomain.com.dbl.spamhaus.org": ["127.0.1.2"]}
    with DnsServer(answers) as server:
        checker = DnsblChecker(resolver=server.address, timeout=0.5)
        out = io.BytesIO()
        status = filter_stream(
            io.BytesIO(raw),
            out,
            Fixed("ham", -1.0, []),
            exit_codes=True,
            extra_hits=lambda data: checker.check_message(data),
        )
    assert status == EXIT_SPAM
    assert b"tests=URIBL_DBL_SPAM" in out.getvalue()
    assert split_added(out.getvalue())[1] == raw


def test_spam_headers_are_ascii_lines():
    verdict = Verdict("spam", 0.99, 7.0, 0.0, [Reason("R", 7.0, "説明", "rule", "証拠")])
    for line in spam_headers(verdict):
        line.encode("ascii")
        assert re.match(r"^X-Spam-[A-Za-z-]+:", line)


# -- the command line and the real model --------------------------------------


def run_cli(args: list[str], data: bytes) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run(
        [sys.executable, "-m", "spamkit", "filter", *args],
        input=data,
        capture_output=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.slow
def test_cli_missing_model_passes_mail_through(tmp_path):
    proc = run_cli(["--model", str(tmp_path / "nope")], EIGHT_BIT)
    assert proc.returncode == 0
    added, rest = split_added(proc.stdout)
    assert added.startswith(b"X-Spam-Status: Error, reason=ModelError:")
    assert rest == EIGHT_BIT
    proc = run_cli(["--model", str(tmp_path / "nope"), "--exit-code"], EIGHT_BIT)
    assert proc.returncode == 3


@pytest.mark.slow
@needs_model
def test_cli_broken_model_says_so_in_one_line(tmp_path):
    from spamkit.model import DEFAULT_MODEL_DIR

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.json").write_bytes((DEFAULT_MODEL_DIR / "model.json").read_bytes())
    (broken / "arrays.npz").write_bytes((DEFAULT_MODEL_DIR / "arrays.npz").read_bytes()[:4096])
    proc = run_cli(["--model", str(broken)], CRLF)
    assert proc.returncode == 0  # fail-open
    added, rest = split_added(proc.stdout)
    assert rest == CRLF and added.startswith(b"X-Spam-Status: Error, reason=ModelError:")
    (line,) = proc.stderr.decode().splitlines()  # one line, not two tracebacks
    assert line.startswith(f"spamkit filter: ModelError: {broken / 'arrays.npz'}: ")
    assert line.endswith("no model: mail passes through marked X-Spam-Status: Error")


def test_a_failing_model_is_logged_once_per_process(caplog):
    caplog.set_level(logging.DEBUG, logger="spamkit")
    problem = f"model-{os.getpid()}-{time.monotonic_ns()}: truncated"

    def broken():
        raise ModelError(problem)

    for _ in range(3):  # as spamd's workers and the milter do: one process, many messages
        out = io.BytesIO()
        assert filter_stream(io.BytesIO(LF), out, broken) == 0
        assert split_added(out.getvalue())[1] == LF
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in errors] == [
        f"ModelError: {problem}; no model: mail passes through marked X-Spam-Status: Error"
    ]
    assert all(r.exc_info is None for r in errors)  # the traceback only at DEBUG


@needs_model
@pytest.mark.slow
def test_cli_with_the_default_model():
    spam = (
        b"From: Winner <prize@lottery.example>\r\nSubject: You WON $1,000,000!!! Claim now\r\n\r\n"
        b"Congratulations! Click http://claim.example/win to claim your prize money now!!!\r\n"
    )
    proc = run_cli(["--exit-code"], spam)
    assert proc.returncode in (EXIT_SPAM, EXIT_HAM), proc.stderr
    added, rest = split_added(proc.stdout)
    assert rest == spam
    assert re.search(rb"X-Spam-Status: (Yes|No), score=-?\d+\.\d\d required=", added)
    assert b"\r\n\t" in added or added.count(b"\r\n") >= 5


@needs_model
def test_real_classifier_keeps_bytes(default_classifier):
    classifier = default_classifier
    for raw in (LF, CRLF, EIGHT_BIT, NO_FINAL_NEWLINE, MBOX):
        result = filter_message(raw, classifier)
        assert result.error is None
        assert split_added(result.output)[1] == raw
        assert result.verdict.label in ("spam", "ham")


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is not beside the checkout")
def test_real_mail_passes_through_byte_for_byte():
    files = sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.suffix not in (".tsv", ".md"))
    sample = files[::25]
    assert sample
    classifier = Fixed("ham")
    if has_default_model():
        from spamkit import Classifier

        classifier = Classifier()
    for path in sample:
        raw = path.read_bytes()
        result = filter_message(raw, classifier)
        assert result.error is None, path
        assert split_added(result.output)[1] == rename_spam_headers(raw), path


def test_extra_hits_are_weighed_by_the_classifiers_rules(tmp_path):
    from spamkit import Classifier

    local = tmp_path / "local.toml"
    local.write_text("[URIBL_DBL_SPAM]\nscore = 7.5\n")
    result = filter_message(
        LF,
        Classifier(rules=local, threshold=0.0),
        extra_hits=lambda raw: [RuleHit("URIBL_DBL_SPAM", 4.0, "as the checker scored it")],
    )
    assert result.verdict is not None
    (reason,) = [r for r in result.verdict.reasons if r.name == "URIBL_DBL_SPAM"]
    assert reason.score == 7.5
    assert b"URIBL_DBL_SPAM" in result.output and b"7.50" in result.output
