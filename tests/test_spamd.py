"""``spamkit serve``: the spamd protocol in-process, then end to end (spamc, procmail, aiospamc)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import stat
import zlib
from pathlib import Path

import pytest

from spamkit.classifier import Classifier, Reason, Verdict
from spamkit.errors import ConfigError
from spamkit.integrations.filter import filter_message
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


def test_symbols_are_the_x_spam_status_tests_on_real_verdicts():
    classifier = Classifier()
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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learned"]  # nothing left behind
    fresh = tmp_path / "new" / "model"
    save_model_atomically(model, fresh)
    assert load_model(fresh).threshold == 1.25
