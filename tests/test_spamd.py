"""``spamkit serve``: the spamd protocol in-process, then end to end (spamc, procmail, aiospamc)."""

from __future__ import annotations

import asyncio
import dataclasses
import email.header
import functools
import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from servers.spamd import Spamd, read_all, spamc_available
from spamkit.classifier import Classifier, Reason, Verdict
from spamkit.errors import ConfigError, ModelError
from spamkit.integrations.filter import filter_message, filter_stream
from spamkit.integrations.spamd import (
    EX,
    ProtocolError,
    answer_scan,
    parse_listen,
    read_request,
    save_model_atomically,
    spam_value,
)
from spamkit.model import DEFAULT_MODEL_DIR, load_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SPAM = (SAMPLES / "en-spam-phish.eml").read_bytes()  # default model: 6.79, sure
HAM = (SAMPLES / "en-ham-personal.eml").read_bytes()  # default model: -4.85, sure
JA_SPAM = (SAMPLES / "ja-conversational-spam.eml").read_bytes()
JA_HAM = (SAMPLES / "ja-ham-followup.eml").read_bytes()
CAMPAIGNS = sorted((ROOT / "tests" / "fixtures" / "campaigns").glob("*.eml"))


class Fixed:
    """A stand-in classifier with a fixed verdict."""

    def __init__(self, score: float, threshold: float = 0.5, rules: tuple[str, ...] = ()) -> None:
        self.score, self.threshold, self.rules = score, threshold, rules

    def classify(self, message: bytes) -> Verdict:
        label = "spam" if self.score >= self.threshold else "ham"
        reasons = [Reason(name, 1.0, f"rule {name}") for name in self.rules]
        return Verdict(label, 0.5, self.score, self.threshold, reasons)


class Broken:
    def classify(self, message: bytes) -> Verdict:
        raise RuntimeError("model exploded")


def split_answer(data: bytes) -> tuple[str, dict[str, str], bytes]:
    """Status line, headers and body of an answer, as a strict client reads them."""
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("ascii").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    if "Content-length" in headers:
        assert int(headers["Content-length"]) == len(body)
    return status, headers, body


def exim_reads(answer: bytes) -> tuple[float, float]:
    """Exim's parse of a REPORT SPAMC/1.2 answer (src/spam.c, the pre-2.50 fallback)."""
    found = re.match(rb"SPAMD/\S{1,7} 0 EX_OK\r\nSpam: \S+ ; (\S+) / (\S+)\r\n\r\n", answer)
    assert found, answer[:200]
    return float(found.group(1)), float(found.group(2))


# -- the Spam: header ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "threshold", "expected"),
    [
        (6.7912, 0.745, "True ; 6.791 / 0.745"),
        (-4.85, 0.745, "False ; -4.850 / 0.745"),
        (0.74495, 0.745, "False ; 0.744 / 0.745"),  # would round up to the threshold
        (0.7451, 0.7454, "False ; 0.744 / 0.745"),
        (0.7454, 0.7454, "True ; 0.745 / 0.745"),
        (-0.0001, 0.5, "False ; 0.000 / 0.500"),
    ],
)
def test_spam_value_numbers_agree_with_the_label(score, threshold, expected):
    label = "spam" if score >= threshold else "ham"
    assert spam_value(Verdict(label, 0.5, score, threshold, [])) == expected


def test_exim_reads_the_same_decision_from_the_numbers():
    # Exim calls a message spam when score >= threshold as numbers, ignoring True/False.
    threshold = 0.7454093135369945  # the default model's
    for step in range(-300, 300):
        score = threshold + step * 0.00011
        verdict = Verdict("spam" if score >= threshold else "ham", 0.5, score, threshold, [])
        value = spam_value(verdict)
        _, numbers = value.split(" ; ")
        shown, shown_threshold = (float(x) for x in numbers.split(" / "))
        assert (shown >= shown_threshold) is verdict.is_spam, (score, value)
        assert value.startswith("True" if verdict.is_spam else "False")


# -- answers (in-process, stand-in classifier) --------------------------------------


def test_check_answer_bytes():
    answer = answer_scan("CHECK", (1, 5), HAM, Fixed(3.25, 0.5))
    assert answer.data == b"SPAMD/1.5 0 EX_OK\r\nSpam: True ; 3.250 / 0.500\r\n\r\n"
    assert (answer.label, answer.score, answer.threshold) == ("spam", 3.25, 0.5)


def test_process_answers_exactly_what_filter_mode_writes():
    classifier = Fixed(3.25, 0.5, ("RULE_B", "RULE_A"))
    forged = b"X-Spam-Flag: YES\r\nSubject: hi\r\n\r\nbody \xff\r\nno final newline"
    for message in (SPAM, JA_HAM, forged):
        answer = answer_scan("PROCESS", (1, 5), message, classifier)
        status, headers, body = split_answer(answer.data)
        assert status == "SPAMD/1.5 0 EX_OK"
        assert headers["Spam"] == "True ; 3.250 / 0.500"
        assert body == filter_message(message, classifier).output
    assert b"X-Spam-Prev-Flag: YES\r\n" in body and body.endswith(b"\xff\r\nno final newline")


def test_a_long_message_is_classified_by_its_prefix_like_filter_mode():
    message = SPAM + b"filler line\n" * 500
    classifier = Fixed(3.25, 0.5)
    answer = answer_scan("PROCESS", (1, 5), message, classifier, classify_bytes=1000)
    expected = io.BytesIO()
    filter_stream(io.BytesIO(message), expected, classifier, max_bytes=1000)
    assert split_answer(answer.data)[2] == expected.getvalue()
    assert expected.getvalue().endswith(b"filler line\n" * 400)


def test_headers_answer_stops_after_the_blank_line():
    classifier = Fixed(-1.0, 0.5)
    _, _, full = split_answer(answer_scan("PROCESS", (1, 5), JA_HAM, classifier).data)
    _, headers, head = split_answer(answer_scan("HEADERS", (1, 5), JA_HAM, classifier).data)
    assert full.startswith(head) and head.endswith(b"\n\n")
    assert full[len(head) :] == JA_HAM.split(b"\n\n", 1)[1]
    assert headers["Spam"] == "False ; -1.000 / 0.500"


def test_symbols_and_reports():
    spam, ham = Fixed(2.0, 0.5, ("RULE_B", "RULE_A")), Fixed(-2.0, 0.5, ("RULE_A",))
    _, _, symbols = split_answer(answer_scan("SYMBOLS", (1, 5), HAM, spam).data)
    assert symbols == b"RULE_A,RULE_B"
    _, headers, report = split_answer(answer_scan("REPORT", (1, 5), HAM, ham).data)
    assert headers["Spam"] == "False ; -2.000 / 0.500"
    assert b"Content analysis details:   (-2.000 points, 0.500 required)" in report
    assert b"*   1.00 RULE_A rule RULE_A\n" in report
    _, headers, empty = split_answer(answer_scan("REPORT_IFSPAM", (1, 5), HAM, ham).data)
    assert headers == {"Content-length": "0", "Spam": "False ; -2.000 / 0.500"} and empty == b""
    _, headers, report = split_answer(answer_scan("REPORT_IFSPAM", (1, 5), HAM, spam).data)
    assert headers["Spam"].startswith("True ;") and b"identified this incoming email" in report


def test_older_protocol_versions_get_spamds_older_answers():
    classifier = Fixed(2.0, 0.5, ("RULE_A",))
    # Exim sends REPORT SPAMC/1.2 and parses "Spam: ..." then the report, no Content-length
    report = answer_scan("REPORT", (1, 2), HAM, classifier).data
    assert exim_reads(report) == (2.0, 0.5)
    symbols = answer_scan("SYMBOLS", (1, 2), HAM, classifier).data
    assert symbols.endswith(b"\r\n\r\nRULE_A\r\n")
    process = answer_scan("PROCESS", (1, 2), HAM, classifier).data
    assert process.startswith(b"SPAMD/1.5 0 EX_OK\r\nContent-length: ")
    assert b"Spam:" not in process.split(b"\r\n\r\n")[0]
    bare = answer_scan("PROCESS", (1, 1), HAM, classifier).data
    assert bare == b"SPAMD/1.5 0 EX_OK\r\n" + filter_message(HAM, classifier).output


def test_a_failing_classifier_is_an_internal_error_answer():
    answer = answer_scan("PROCESS", (1, 5), HAM, Broken())
    assert answer.data.startswith(b"SPAMD/1.5 70 Internal error: RuntimeError: model exploded")
    assert answer.code == EX["EX_SOFTWARE"]


def test_a_broken_model_is_one_log_line_per_worker_not_a_traceback_per_message(caplog):
    caplog.set_level(logging.DEBUG, logger="spamkit")
    problem = f"model-{os.getpid()}-{time.monotonic_ns()}/arrays.npz: checksum mismatch"

    class BrokenModel:
        def classify(self, message: bytes) -> Verdict:
            raise ModelError(problem)

    for _ in range(3):
        answer = answer_scan("CHECK", (1, 5), HAM, BrokenModel())
        assert answer.code == EX["EX_SOFTWARE"]
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1 and errors[0].exc_info is None
    assert errors[0].getMessage().startswith(f"ModelError: {problem}; ")


class Japanese:
    """A verdict whose rule and token speak Japanese."""

    description = "返信だけを求める初めての連絡です"

    def classify(self, message: bytes) -> Verdict:
        reasons = [
            Reason("JA_RULE", 2.0, self.description, "rule", "ご担当者様"),
            Reason("subject:お得", 0.5, "model token", "token"),
        ]
        return Verdict.from_score(2.5, 0.5, reasons)


def test_japanese_reports_are_utf8_and_process_headers_rfc2047():
    _, _, report = split_answer(answer_scan("REPORT", (1, 5), HAM, Japanese()).data)
    text = report.decode("utf-8")  # the report is a body: UTF-8 text, not escapes
    assert f"*   2.00 JA_RULE {Japanese.description}\n" in text
    assert "*        [ご担当者様]\n" in text and "subject:お得 model token" in text
    _, _, processed = split_answer(answer_scan("PROCESS", (1, 5), HAM, Japanese()).data)
    processed.split(b"\n\n", 1)[0].decode("ascii")  # HAM's header block, ours added
    found = re.search(rb"X-Spam-Report:(.*?)\r?\n(?=\S)", processed, re.S)
    value = re.sub(r"\r?\n(?=[ \t])", "", found.group(1).decode("ascii"))
    decoded = str(email.header.make_header(email.header.decode_header(value)))
    assert f"JA_RULE {Japanese.description}" in " ".join(decoded.split())


def test_symbols_are_the_x_spam_status_tests_on_real_verdicts(default_classifier):
    classifier = default_classifier
    for path in CAMPAIGNS:
        raw = path.read_bytes()
        _, _, symbols = split_answer(answer_scan("SYMBOLS", (1, 5), raw, classifier).data)
        _, _, processed = split_answer(answer_scan("PROCESS", (1, 5), raw, classifier).data)
        status = re.search(rb"X-Spam-Status: .*?(?=\r?\n\S)", processed, re.S).group(0)
        unfolded = re.sub(rb",\r?\n\t", b",", status)
        tests = re.search(rb"tests=(\S+)", unfolded).group(1)
        assert symbols == (b"" if tests == b"none" else tests), path.name
        names = {r.name for r in classifier.classify(raw).rules}
        assert set(symbols.decode().split(",")) - {""} == names, path.name


# -- reading requests ---------------------------------------------------------------


def read(data: bytes, **kwargs):
    async def go():
        reader = asyncio.StreamReader(limit=8192)
        reader.feed_data(data)
        reader.feed_eof()
        return await read_request(reader, **kwargs)

    return asyncio.run(go())


def refused(data: bytes, **kwargs) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        read(data, **kwargs)
    return caught.value


def test_reads_what_spamc_sends():
    head, body = read(b"CHECK SPAMC/1.5\r\nUser: root\r\nContent-length: 5\r\n\r\nhello")
    assert (head.command, head.version, head.user, body) == ("CHECK", (1, 5), "root", b"hello")
    # Mail::SpamAssassin::Client sends a CRLF after the message: not part of it
    _, body = read(b"PROCESS SPAMC/1.5\r\nContent-length: 5\r\n\r\nhello\r\n")
    assert body == b"hello"
    # no Content-length: the message runs to the end of the stream
    _, body = read(b"REPORT SPAMC/1.5\r\n\r\nSubject: x\n\nbody\n")
    assert body == b"Subject: x\n\nbody\n"
    # SPAMC/1.0 has no headers at all
    head, body = read(b"CHECK SPAMC/1.0\r\nSubject: x\n\nbody\n")
    assert body == b"Subject: x\n\nbody\n"
    head, body = read(b"PING SPAMC/1.2\r\n")
    assert head.command == "PING" and body == b""


def test_reads_tell_headers_and_compressed_messages():
    packed = zlib.compress(HAM)
    head, body = read(
        b"TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local, remote\r\nCompress: zlib\r\n"
        b"Content-length: %d\r\n\r\n%s" % (len(packed), packed),
        allow_tell=True,
    )
    assert (head.message_class, head.set_local, head.set_remote, head.compress) == (
        "spam",
        True,
        True,
        True,
    )
    assert body == HAM


@pytest.mark.parametrize(
    ("request_bytes", "code", "text"),
    [
        (b"GET / HTTP/1.1\r\n\r\n", 76, "Bad header line: GET / HTTP/1.1"),
        (b"FROB SPAMC/1.5\r\n\r\n", 76, "Bad header line: FROB SPAMC/1.5"),
        (b"CHECK SPAMC/1.5\r\nContent-length 5\r\n\r\nhello", 76, "not in 'Name: value'"),
        (b"CHECK SPAMC/1.5\r\nContent-length: 5x\r\n\r\nhello", 76, "non-numeric"),
        (b"CHECK SPAMC/1.5\r\nContent-length: 50\r\n\r\nhello", 76, "Expected 50 bytes, got 5"),
        (b"CHECK SPAMC/1.5\r\nContent-length: 5\r\n", 76, "EOF during headers"),
        (b"CHECK SPAMC/1.5\r\n" + b"X-A: b\r\n" * 256 + b"\r\n", 76, "too many headers"),
        (b"CHECK SPAMC/1.5\r\nX-A: " + b"b" * 9000 + b"\r\n\r\n", 76, "line too long"),
        (b"CHECK SPAMC/1.5\r\nUser: a\x01b\r\n\r\n", 76, "control chars"),
        (b"CHECK SPAMC/1.5\r\nCompress: gzip\r\n\r\n", 76, "compression type not supported"),
        (b"CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\nxx", 76, "requires Content-length"),
        (b"CHECK SPAMC/1.5\r\nContent-length: 2000\r\n\r\n", 65, "Message too big: 2000"),
        (b"CHECK SPAMC/1.5\r\n\r\n" + b"x" * 1001, 65, "Message too big"),
        (b"TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\n\r\n", 69, "--allow-tell"),
    ],
)
def test_malformed_requests_get_protocol_errors(request_bytes, code, text):
    error = refused(request_bytes, max_size=1000)
    assert error.code == code and text in error.text
    line = error.response()
    assert line.startswith(b"SPAMD/1.5 %d " % code) and line.endswith(b"\r\n")
    assert line.count(b"\r\n") == 1


@pytest.mark.parametrize(
    ("headers", "text"),
    [
        (b"Message-class: spam\r\nSet: local\r\nRemove: local\r\n", "set local and remove local"),
        (b"Set: local\r\n", "needs Message-class"),
        (b"Message-class: eggs\r\nSet: local\r\n", "invalid class"),
    ],
)
def test_malformed_tell_requests(headers, text):
    error = refused(b"TELL SPAMC/1.5\r\n" + headers + b"\r\n", allow_tell=True)
    assert error.code == 76 and text in error.text


def test_compressed_data_is_checked_and_bounded():
    bomb = zlib.compress(b"\0" * 10**6)  # 1 MB of zeros in 1 KB
    error = refused(
        b"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: %d\r\n\r\n%s" % (len(bomb), bomb),
        max_size=10_000,
    )
    assert error.code == 65 and "after decompression" in error.text
    for broken in (b"not zlib at all", zlib.compress(HAM)[:-20]):
        error = refused(
            b"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: %d\r\n\r\n%s"
            % (len(broken), broken)
        )
        assert error.code == 65 and error.text.startswith("zlib: ")


# -- listen addresses and saving ------------------------------------------------------


def test_parse_listen():
    assert parse_listen("localhost:783").host == "localhost"
    assert parse_listen("[::1]:0").port == 0
    assert str(parse_listen("[::1]:7830")) == "[::1]:7830"
    for bad in ("783", ":783", "0.0.0.0", "host:99999", "unix:", "inet:8891@127.0.0.1"):
        with pytest.raises(ConfigError):
            parse_listen(bad)


@pytest.mark.slow
def test_save_model_atomically_swaps_a_whole_directory(tmp_path):
    target = tmp_path / "learned"
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    (target / "CARD.md").write_text("the card\n")
    os.chmod(target, 0o750)
    before = target.stat().st_ino
    model = load_model(target)
    model.threshold = 1.25
    save_model_atomically(model, target)
    assert load_model(target).threshold == 1.25
    assert (target / "CARD.md").read_text() == "the card\n"
    assert target.stat().st_ino != before  # a new directory took the old one's place
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert [p.name for p in tmp_path.iterdir()] == ["learned"]  # nothing left behind
    fresh = tmp_path / "new" / "model"
    save_model_atomically(model, fresh)
    assert load_model(fresh).threshold == 1.25
    link = tmp_path / "current"
    link.symlink_to("learned")
    model.threshold = 2.5
    assert save_model_atomically(model, link) == target
    assert link.is_symlink() and load_model(link).threshold == 2.5


# -- what the default model says, for the end-to-end tests ----------------------------
# Computed here, not written down, so a retrained default model does not break them.


@functools.cache
def verdict_of(message: bytes, threshold: float | None = None) -> Verdict:
    verdict = _default_classifier().classify(message)
    if threshold is None:
        return verdict
    label = "spam" if verdict.score >= threshold else "ham"
    return dataclasses.replace(verdict, label=label, threshold=threshold)


@functools.lru_cache(maxsize=1)
def _default_classifier() -> Classifier:
    return Classifier()


def spam_header(message: bytes, threshold: float | None = None) -> bytes:
    """The ``Spam:`` line the server sends for ``message``."""
    return f"Spam: {spam_value(verdict_of(message, threshold))}\r\n".encode()


def shown_numbers(message: bytes) -> tuple[float, float]:
    """Score and threshold as the ``Spam:`` header shows them."""
    _, numbers = spam_value(verdict_of(message)).split(" ; ")
    score, threshold = numbers.split(" / ")
    return float(score), float(threshold)


def spamc_prints(message: bytes) -> str:
    """What ``spamc -c`` prints: libspamc parses into C floats, then ``%.1f/%.1f``."""
    import numpy as np

    score, threshold = (float(np.float32(x)) for x in shown_numbers(message))
    return f"{score:.1f}/{threshold:.1f}"


def check_request(message: bytes) -> bytes:
    return b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n%s" % (len(message), message)


def test_the_samples_are_sure_verdicts():
    # the end-to-end tests need one spam and one ham the default model is sure of
    assert verdict_of(SPAM).is_spam and verdict_of(JA_SPAM).is_spam
    assert not verdict_of(HAM).is_spam and not verdict_of(JA_HAM).is_spam
    for message in (SPAM, HAM, JA_SPAM, JA_HAM):
        verdict = verdict_of(message)
        assert abs(verdict.score - verdict.threshold) > 2.0


# -- end to end: a real server process ----------------------------------------------

needs_spamc = pytest.mark.skipif(spamc_available() is not None, reason=str(spamc_available()))


def filtered(message: bytes, *args: str) -> bytes:
    """What ``spamkit filter`` prints for ``message`` (a separate process, the CLI)."""
    result = subprocess.run(
        [sys.executable, "-m", "spamkit", "filter", *args],
        input=message,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    spamd = Spamd(tmp_path_factory.mktemp("spamd")).start()
    yield spamd
    assert spamd.stop() == 0
    assert "Traceback" not in spamd.log, spamd.log


@pytest.fixture(scope="module")
def unix_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("spamd-unix")
    spamd = Spamd(
        root,
        "--socket-mode",
        "0660",
        "--max-size",
        "4096",
        "--read-timeout",
        "1.5",
        "--max-connections",
        "1",
        listen=f"unix:{root / 'spamd.sock'}",
    ).start()
    yield spamd
    assert spamd.stop() == 0
    assert not (root / "spamd.sock").exists()  # removed on the way out
    assert "Traceback" not in spamd.log, spamd.log


@pytest.fixture(scope="module")
def tell_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("spamd-tell")
    shutil.copytree(DEFAULT_MODEL_DIR, root / "model")
    spamd = Spamd(
        root, "--model", str(root / "model"), "--allow-tell", "--tell-save", str(root / "model")
    ).start()
    yield spamd
    assert spamd.stop() == 0
    assert "Traceback" not in spamd.log, spamd.log


# spamc --------------------------------------------------------------------------------


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_check_and_exit_codes(server):
    spam = server.spamc("-c", message=SPAM)
    assert spam.returncode == 1 and spam.stdout.decode() == spamc_prints(SPAM) + "\n", spam
    ham = server.spamc("-c", message=HAM)
    assert ham.returncode == 0 and ham.stdout.decode() == spamc_prints(HAM) + "\n", ham
    assert server.spamc("-E", message=SPAM).returncode == 1
    assert server.spamc("-E", message=HAM).returncode == 0
    assert server.spamc("-x", "-E", message=JA_SPAM).returncode == 1
    score, threshold = verdict_of(SPAM).score, verdict_of(SPAM).threshold
    server.wait_log(f"CHECK spam score={score:.3f} required={threshold:.3f}")


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_process_is_filter_mode_byte_for_byte(server):
    for message in (SPAM, HAM, JA_SPAM, JA_HAM, CAMPAIGNS[0].read_bytes()):
        expected = filtered(message)
        result = server.spamc("-x", message=message)
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected
        headers = server.spamc("-x", "--headers", message=message)  # HEADERS + spamc's body
        assert headers.stdout == expected
    forged = b"X-Spam-Status: No, hi\nX-Spam-Flag: NO\nSubject: x\n\nbody\n"
    assert server.spamc("-x", message=forged).stdout == filtered(forged)


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_reports_symbols_and_ping(server):
    report = server.spamc("-R", message=SPAM)
    lines = report.stdout.decode().splitlines()
    assert lines[0] == spamc_prints(SPAM)
    score, threshold = shown_numbers(SPAM)
    assert f"Content analysis details:   ({score:.3f} points, {threshold:.3f} required)" in lines
    brand = next(r for r in verdict_of(SPAM).reasons if r.name == "BRAND_SPOOF")
    assert f"* {brand.score:6.2f} BRAND_SPOOF {brand.description}" in lines
    assert server.spamc("-r", message=HAM).stdout == b""  # REPORT_IFSPAM of a ham
    first = f"{spamc_prints(SPAM)}\nspamkit has identified".encode()
    assert server.spamc("-r", message=SPAM).stdout.startswith(first)
    symbols = server.spamc("-y", message=JA_SPAM).stdout.decode()
    assert symbols == ",".join(sorted(r.name for r in Classifier().classify(JA_SPAM).rules))
    assert "CONVERSATIONAL_FIRST_CONTACT" in symbols
    ping = server.spamc("-K")
    assert ping.returncode == 0 and ping.stdout == b"SPAMD/1.5 0\n"


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_tell_is_refused_unless_enabled(server):
    result = server.spamc("-L", "spam", message=HAM)
    assert result.returncode == EX["EX_IOERR"]  # spamc reads no code: the line, then EOF
    server.wait_log("TELL commands are not enabled, set the --allow-tell switch.")


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_over_a_unix_socket(unix_server):
    socket_path = Path(unix_server.listen[5:])
    assert stat.S_ISSOCK(socket_path.stat().st_mode)
    assert stat.S_IMODE(socket_path.stat().st_mode) == 0o660
    assert unix_server.spamc("-c", message=SPAM).returncode == 1
    assert unix_server.spamc("-x", message=HAM).stdout == filtered(HAM)
    # over --max-size: refused with EX_DATAERR, which spamc turns into a pass-through
    big = HAM + b"x" * 5000 + b"\n"
    passed = unix_server.spamc(message=big)
    assert passed.returncode == 0 and passed.stdout == big
    assert unix_server.spamc("-x", message=big).returncode == EX["EX_IOERR"]
    unix_server.wait_log(f"Message too big: {len(big)} bytes, the limit is 4096")


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_procmail_recipe_from_the_readme(server, tmp_path):
    if shutil.which("procmail") is None:
        pytest.skip("procmail not installed (sh tests/servers/install-spamc.sh)")
    rcfile = tmp_path / "procmailrc"
    rcfile.write_text(
        f"SHELL=/bin/sh\nMAILDIR={tmp_path}\nDEFAULT={tmp_path}/inbox\n"
        f"LOGFILE={tmp_path}/procmail.log\n\n"
        f":0fw\n| spamc -d 127.0.0.1 -p {server.port}\n\n"
        ":0:\n* ^X-Spam-Status: Yes\nspam\n"
    )
    for message in (SPAM, HAM, JA_SPAM, JA_HAM):
        result = subprocess.run(
            ["procmail", "-m", str(rcfile)], input=message, capture_output=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
    spam = (tmp_path / "spam").read_bytes()
    inbox = (tmp_path / "inbox").read_bytes()
    assert spam.count(b"\nX-Spam-Flag: YES\n") == 2 and b"X-Spam-Status: No" not in spam
    assert inbox.count(b"\nX-Spam-Status: No, ") == 2 and b"X-Spam-Flag" not in inbox
    assert HAM.split(b"\n\n", 1)[1] in inbox  # the body untouched


# aiospamc -----------------------------------------------------------------------------


def aio(coroutine):
    return asyncio.run(coroutine)


@pytest.mark.network
@pytest.mark.slow
def test_aiospamc_every_scan_command(server):
    import aiospamc

    where = {"host": "127.0.0.1", "port": server.port}
    check = aio(aiospamc.check(SPAM, user="alice", **where))
    assert check.status_code == 0 and check.headers.spam.value is True
    assert (check.headers.spam.score, check.headers.spam.threshold) == shown_numbers(SPAM)
    ham = aio(aiospamc.check(JA_HAM, compress=True, **where))
    assert ham.headers.spam.value is False and ham.headers.spam.score < 0
    symbols = aio(aiospamc.symbols(JA_SPAM, **where))
    assert "CONVERSATIONAL_FIRST_CONTACT" in symbols.body.decode().split(",")
    report = aio(aiospamc.report(HAM, **where))
    assert b"has NOT identified" in report.body
    assert aio(aiospamc.report_if_spam(HAM, **where)).body == b""
    assert b"BRAND_SPOOF" in aio(aiospamc.report_if_spam(SPAM, **where)).body
    process = aio(aiospamc.process(JA_SPAM, compress=True, **where))
    assert process.body == filter_message(JA_SPAM, Classifier()).output
    headers = aio(aiospamc.headers(JA_SPAM, **where))
    assert process.body.startswith(headers.body) and headers.body.endswith(b"\n\n")
    assert aio(aiospamc.ping(**where)).message == "PONG"
    score, threshold = verdict_of(SPAM).score, verdict_of(SPAM).threshold
    server.wait_log(f"CHECK spam score={score:.3f} required={threshold:.3f} {len(SPAM)}B")
    assert "user=alice" in server.log


@pytest.mark.network
@pytest.mark.slow
def test_aiospamc_sees_the_protocol_errors(server):
    import aiospamc
    from aiospamc.responses import UnavailableException

    with pytest.raises(UnavailableException):
        aio(aiospamc.tell(SPAM, "spam", set_action="local", host="127.0.0.1", port=server.port))


@pytest.mark.network
@pytest.mark.slow
def test_tell_learns_saves_and_workers_use_it(tell_server):
    import aiospamc

    where = {"host": "127.0.0.1", "port": tell_server.port}
    before = aio(aiospamc.check(SPAM, **where)).headers.spam.score
    told = aio(aiospamc.tell(SPAM, "ham", set_action="local", **where))
    assert told.headers.did_set.local is True
    tell_server.wait_log("(learned as ham; saved to")
    saved = load_model(tell_server.root / "model")
    assert saved.meta["incremental_updates"] == 1
    # every worker scores with the learned model (two workers, so ask more than twice)
    for _ in range(4):
        after = aio(aiospamc.check(SPAM, **where)).headers.spam.score
        assert after < before
    again = aio(aiospamc.tell(SPAM, "ham", set_action="local", **where))
    assert again.headers.did_set is None  # the same message, the same class: learned once
    forget = aio(aiospamc.tell(SPAM, "ham", remove_action="local", **where))
    assert forget.headers.get("DidRemove") is None
    tell_server.wait_log("not forgotten: spamkit cannot unlearn a message")


@pytest.mark.network
@pytest.mark.slow
@needs_spamc
def test_spamc_learn(tell_server):
    learned = tell_server.spamc("-L", "spam", message=JA_HAM)
    assert learned.returncode == 0 and learned.stdout == b"Message successfully un/learned\n"
    again = tell_server.spamc("-L", "spam", message=JA_HAM)
    assert again.stdout == b"Message was already un/learned\n"
    tell_server.wait_log("(learned as spam; saved to")


# raw protocol -------------------------------------------------------------------------


@pytest.mark.network
@pytest.mark.slow
def test_raw_malformed_requests_then_still_serving(server):
    assert server.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n") == (
        b"SPAMD/1.5 76 Bad header line: GET / HTTP/1.1\r\n"
    )
    answer = server.exchange(b"CHECK SPAMC/1.5\r\nContent-length: 1000\r\n\r\n" + HAM)
    assert (
        answer == b"SPAMD/1.5 76 Bad header line: (Content-Length mismatch: Expected 1000"
        b" bytes, got 437 bytes)\r\n"
    )
    answer = server.exchange(b"CHECK SPAMC/1.5\r\nContent-length: 99999999\r\n\r\n")
    assert answer.startswith(b"SPAMD/1.5 65 Message too big: 99999999 bytes")
    answer = server.exchange(b"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: 4\r\n\r\nabcd")
    assert answer.startswith(b"SPAMD/1.5 65 zlib: ")
    assert server.exchange(b"PING SPAMC/1.5\r\n\r\n") == b"SPAMD/1.5 0 PONG\r\n"
    assert server.exchange(b"SKIP SPAMC/1.5\r\n\r\n") == b""


@pytest.mark.network
@pytest.mark.slow
def test_raw_answers_a_client_that_does_not_shut_down_its_side(server):
    # Mail::SpamAssassin::Client writes the message, a CRLF, and waits for the answer
    with server.connect() as sock:
        sock.sendall(b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n%s\r\n" % (len(HAM), HAM))
        answer = read_all(sock)
    assert answer == b"SPAMD/1.5 0 EX_OK\r\n" + spam_header(HAM) + b"\r\n"


@pytest.mark.network
@pytest.mark.slow
def test_raw_exim_request(server):
    # exactly what Exim's spam.c sends and parses
    answer = server.exchange(
        b"REPORT SPAMC/1.2\r\nUser: nobody\r\nContent-length: %d\r\n\r\n%s" % (len(SPAM), SPAM)
    )
    score, threshold = exim_reads(answer)
    assert (score, threshold) == shown_numbers(SPAM) and score >= threshold
    score, threshold = exim_reads(
        server.exchange(b"REPORT SPAMC/1.2\r\nContent-length: %d\r\n\r\n%s" % (len(HAM), HAM))
    )
    assert score < threshold


@pytest.mark.network
@pytest.mark.slow
def test_raw_disconnect_mid_message_costs_nothing(server):
    for _ in range(20):
        with server.connect() as sock:
            sock.sendall(b"PROCESS SPAMC/1.5\r\nContent-length: 100000\r\n\r\n" + SPAM)
    with server.connect() as sock:
        sock.sendall(b"CHECK SPAMC/1.5\r\nContent-length: 100000\r\n\r\nSubj")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")  # RST
    log = server.wait_log("Expected 100000 bytes, got 604 bytes", count=20)
    server.wait_log("connection lost while reading the request")  # the reset one
    assert server.exchange(b"PING SPAMC/1.5\r\n\r\n") == b"SPAMD/1.5 0 PONG\r\n"
    answer = server.exchange(b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n%s" % (len(SPAM), SPAM))
    assert answer == b"SPAMD/1.5 0 EX_OK\r\n" + spam_header(SPAM) + b"\r\n"
    lines = [line for line in log.splitlines() if "Expected 100000 bytes" in line]
    assert len(lines) == 20
    assert all("PROCESS error 76" in line and "score=" not in line for line in lines)
    assert "Traceback" not in server.log


@pytest.mark.network
@pytest.mark.slow
def test_raw_slow_client_times_out_and_connections_are_bounded(unix_server):
    # --read-timeout 1.5: a client that stops sending gets 79 EX_TIMEOUT
    with unix_server.connect() as sock:
        sock.sendall(b"CHECK SPAMC/1.5\r\nContent-length: 100\r\n\r\nSub")
        assert read_all(sock) == (
            b"SPAMD/1.5 79 Timeout: (1.5 second socket timeout reading input from client)\r\n"
        )
    # --max-connections 1: a second client waits in the listen queue until the first is done
    first = unix_server.connect()
    first.sendall(b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % len(HAM))
    with unix_server.connect() as second:
        second.sendall(b"PING SPAMC/1.5\r\n\r\n")
        second.settimeout(0.5)
        with pytest.raises(socket.timeout):
            second.recv(100)  # not accepted yet
        first.sendall(HAM)
        first.shutdown(socket.SHUT_WR)
        assert read_all(first).startswith(b"SPAMD/1.5 0 EX_OK\r\nSpam: False ;")
        first.close()
        second.settimeout(10)
        assert read_all(second) == b"SPAMD/1.5 0 PONG\r\n"


# signals, crashes, start-up ---------------------------------------------------------


@pytest.mark.network
@pytest.mark.slow
def test_sighup_reloads_and_a_broken_model_keeps_the_old_one(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    spamd = Spamd(tmp_path, "--model", str(model)).start()
    try:
        assert spamd.exchange(check_request(SPAM)).endswith(spam_header(SPAM) + b"\r\n")
        meta = json.loads((model / "model.json").read_text())
        meta["threshold"] = 1.5
        (model / "model.json").write_text(json.dumps(meta))
        spamd.send(signal.SIGHUP)
        spamd.wait_log("reloaded the model: model")
        for _ in range(4):  # both workers are new
            assert spamd.exchange(check_request(SPAM)).endswith(spam_header(SPAM, 1.5) + b"\r\n")
        (model / "arrays.npz").write_bytes(b"PK\x03\x04 not a model")
        spamd.send(signal.SIGHUP)
        log = spamd.wait_log("reload failed, still serving the previous model")
        for _ in range(4):
            assert spamd.exchange(check_request(SPAM)).endswith(spam_header(SPAM, 1.5) + b"\r\n")
        log = spamd.log
        assert log.count("reload failed") == 1 and "checksum mismatch" in log
        assert "Traceback" not in log
    finally:
        assert spamd.stop() == 0


@pytest.mark.network
@pytest.mark.slow
def test_sigterm_finishes_requests_in_flight_then_exits_0(tmp_path):
    spamd = Spamd(tmp_path, listen="0.0.0.0:0").start()
    assert "which other hosts can reach" in spamd.log  # a non-loopback bind warns
    messages = [SPAM, HAM, JA_SPAM]
    clients = []
    try:
        for message in messages:
            client = socket.create_connection(("127.0.0.1", spamd.port), timeout=30)
            client.sendall(check_request(message)[:-100])  # the end is still to come
            clients.append(client)
        # accepted in order: once a later connection is answered, these are in flight
        assert spamd.exchange(b"PING SPAMC/1.5\r\n\r\n") == b"SPAMD/1.5 0 PONG\r\n"
        spamd.send(signal.SIGTERM)
        log = spamd.wait_log("SIGTERM: no new connections; finishing ")
        assert int(re.search(r"finishing (\d+) in flight", log).group(1)) >= 3
        deadline = time.monotonic() + 10
        while True:  # the listening socket closes right after
            try:
                socket.create_connection(("127.0.0.1", spamd.port), timeout=1).close()
            except ConnectionRefusedError:
                break
            assert time.monotonic() < deadline, "still accepting after SIGTERM"
            time.sleep(0.05)
        for client, message in zip(clients, messages, strict=True):
            client.sendall(check_request(message)[-100:])
            client.shutdown(socket.SHUT_WR)
        answers = [read_all(client) for client in clients]
    finally:
        for client in clients:
            client.close()
    for answer, message in zip(answers, messages, strict=True):
        assert answer == b"SPAMD/1.5 0 EX_OK\r\n" + spam_header(message) + b"\r\n"
    assert spamd.process.wait(60) == 0
    assert spamd.log.rstrip().endswith("INFO stopped") and "Traceback" not in spamd.log


@pytest.mark.network
@pytest.mark.slow
def test_a_killed_worker_is_replaced_without_losing_a_request(server):
    import psutil

    main = psutil.Process(server.pid)
    workers = [p for p in main.children(recursive=True) if p.ppid() != main.pid]
    assert len(workers) == 2
    workers[0].kill()
    workers[0].wait(10)
    for _ in range(6):
        assert server.exchange(check_request(SPAM)).startswith(b"SPAMD/1.5 0 EX_OK\r\nSpam: True")
    server.wait_log("exited (-9); replacing it")
    deadline = time.monotonic() + 60
    while len([p for p in main.children(recursive=True) if p.ppid() != main.pid]) < 2:
        assert time.monotonic() < deadline, "no replacement worker"
        time.sleep(0.1)


def run_serve(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "spamkit", "serve", *args], capture_output=True, timeout=120
    )


@pytest.mark.network
@pytest.mark.slow
def test_startup_errors_are_one_line_and_exit_2(tmp_path):
    missing = run_serve("--listen", "127.0.0.1:0", "--model", str(tmp_path / "none"))
    assert missing.returncode == 2
    assert b"spamkit serve: error: cannot start: ModelError:" in missing.stderr
    assert b"Traceback" not in missing.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = run_serve("--listen", f"127.0.0.1:{busy.getsockname()[1]}")
    assert taken.returncode == 2 and b"Address already in use" in taken.stderr
    assert run_serve("--tell-save", str(tmp_path)).returncode == 2
    assert run_serve("--listen", ":783").returncode == 2
