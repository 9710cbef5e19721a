"""The milter: decisions in-process, then end to end through a real Postfix on 127.0.0.1."""

from __future__ import annotations

import email.header
import logging
import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from servers.postfix import Postfix, free_port, postfix_available, wait_for_port
from spamkit.classifier import Reason, Verdict
from spamkit.errors import ConfigError, ModelError
from spamkit.integrations.milter import Decision, MilterOptions, _App, decide, normalise_listen
from spamkit.rules import RuleHit

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "servers" / "milter_runner.py"


class Scored:
    def __init__(self, score: float, fail: bool = False, delay: float = 0.0) -> None:
        self.score, self.fail, self.delay = score, fail, delay

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise ValueError("no model")
        reasons = [Reason("TEST_RULE", self.score, "test")]
        return Verdict.from_score(self.score, 0.0, reasons).with_hits(extra_hits)


RAW = b"From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


# -- decisions (no libmilter) -----------------------------------------------------


def test_accept_with_headers():
    decision = decide(RAW, Scored(-2.0), MilterOptions(reject_above=5.0))
    assert decision.action == "accept"
    names = [name for name, _ in decision.headers]
    assert names == [
        "X-Spam-Checker-Version",
        "X-Spam-Level",
        "X-Spam-Score",
        "X-Spam-Status",
        "X-Spam-Report",
    ]
    status = dict(decision.headers)["X-Spam-Status"]
    assert status.startswith("No, score=-2.00 required=0.00 tests=TEST_RULE")


def test_reject_and_quarantine_thresholds():
    options = MilterOptions(reject_above=8.0, quarantine_above=3.0)
    reject = decide(RAW, Scored(9.0), options)
    assert reject.action == "reject"
    assert "rejected as spam" in reject.reply and "9.00" in reject.reply
    quarantine = decide(RAW, Scored(4.0), options)
    assert quarantine.action == "quarantine"
    assert dict(quarantine.headers)["X-Spam-Flag"] == "YES"
    assert decide(RAW, Scored(1.0), options).action == "accept"


def test_dnsbl_alone_never_rejects_unless_configured():
    hits = [RuleHit("RCVD_IN_ZEN_SBL", 4.0, "listed", "x", False)]
    options = MilterOptions(reject_above=3.0)
    decision = decide(RAW, Scored(-0.5), options, hits)
    assert decision.action == "accept"
    assert "tests=RCVD_IN_ZEN_SBL,TEST_RULE" in dict(decision.headers)["X-Spam-Status"]
    allowed = MilterOptions(reject_above=3.0, dnsbl_can_reject=True)
    assert decide(RAW, Scored(-0.5), allowed, hits).action == "reject"
    assert decide(RAW, Scored(3.5), options, hits).action == "reject"


def test_errors_fail_open():
    decision = decide(RAW, Scored(0, fail=True), MilterOptions(reject_above=0.0))
    assert decision.action == "accept"
    assert decision.headers == [("X-Spam-Status", "Error, reason=ValueError: no model")]


class Broken:
    """A classifier whose model is broken: every message fails the same way."""

    def __init__(self, problem: str) -> None:
        self.problem = problem

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        raise ModelError(self.problem)


def test_a_broken_model_is_logged_once_per_process_without_a_traceback(caplog):
    caplog.set_level(logging.INFO, logger="spamkit")
    problem = f"/srv/model-{os.getpid()}-{time.monotonic_ns()}/arrays.npz: checksum mismatch"
    decisions = [decide(RAW, Broken(problem), MilterOptions()) for _ in range(5)]
    assert [d.action for d in decisions] == ["accept"] * 5  # fail-open every time
    assert all(d.error == f"ModelError: {problem}" for d in decisions)
    (record,) = caplog.records  # one line for five messages
    assert record.levelno == logging.ERROR and record.exc_info is None
    assert record.getMessage() == f"ModelError: {problem}; accepting mail unchecked"


class Japanese:
    """A verdict whose rule speaks Japanese."""

    description = "返信だけを求める初めての連絡です"

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        reason = Reason("JA_RULE", 3.0, self.description, "rule", "ご担当者様")
        return Verdict.from_score(3.0, 0.0, [reason])


def test_japanese_in_the_milters_headers_is_rfc2047():
    description = Japanese.description
    decision = decide(RAW, Japanese(), MilterOptions())
    report = dict(decision.headers)["X-Spam-Report"]
    report.encode("ascii")
    assert all(len(line) <= 78 for line in f"X-Spam-Report: {report}".split("\n"))
    unfolded = report.replace("\n", "")
    text = str(email.header.make_header(email.header.decode_header(unfolded)))
    assert f"JA_RULE {description}" in " ".join(text.split())
    assert "[ご担当者様]" in text


class Stuck:
    """A classification that does not finish until the test lets it."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def classify(self, message: bytes, *, extra_hits=()) -> Verdict:
        self.release.wait(30)
        return Verdict.from_score(9.0, 0.0, [Reason("TEST_RULE", 9.0, "test")])


def test_timeout_fails_open():
    stuck = Stuck()
    app = _App(stuck, MilterOptions(reject_above=1.0, timeout=0.1))
    try:
        decision = app.evaluate(RAW, None)  # returns while the classifier is still stuck
        finished = stuck.release.is_set()
    finally:
        stuck.release.set()
        app.pool.shutdown(wait=True)
    assert not finished
    assert isinstance(decision, Decision)
    assert decision.action == "accept"  # not the reject its score of 9 would give
    assert decision.headers == [("X-Spam-Status", "Error, reason=timeout after 0.1s")]


def test_dnsbl_hits_reach_the_headers():
    pytest.importorskip("dnslib")
    from servers.dnsserver import DnsServer
    from spamkit.integrations.dnsbl import DnsblChecker

    answers = {"pills.example.dbl.spamhaus.org": ["127.0.1.2"]}
    with DnsServer(answers) as server:
        checker = DnsblChecker(resolver=server.address, timeout=0.5)
        app = _App(Scored(-0.5), MilterOptions(reject_above=3.0), checker)
        try:
            decision = app.evaluate(b"From: shop@pills.example\r\n\r\nhi\r\n", "127.0.0.1")
        finally:
            app.pool.shutdown(wait=True)
    assert decision.action == "accept"  # a DNSBL listing alone does not reject
    status = dict(decision.headers)["X-Spam-Status"]
    assert status.startswith("Yes, score=3.50 required=0.00 tests=TEST_RULE,URIBL_DBL_SPAM")


def test_listen_syntax():
    assert normalise_listen("inet:10025@127.0.0.1") == "inet:10025@127.0.0.1"
    assert normalise_listen("inet:127.0.0.1:10025") == "inet:10025@127.0.0.1"
    assert normalise_listen("unix:/run/spamkit.sock") == "unix:/run/spamkit.sock"
    for bad in ("10025", "tcp:1@x", "unix:relative"):
        with pytest.raises(ConfigError):
            normalise_listen(bad)


# -- end to end with Postfix ------------------------------------------------------

pymilter_missing = None
try:
    import Milter  # noqa: F401
except ImportError:
    pymilter_missing = "pymilter (the milter extra) is not installed"

skip_e2e = pytest.mark.skipif(
    bool(postfix_available() or pymilter_missing),
    reason=str(postfix_available() or pymilter_missing),
)


def has_default_model() -> bool:
    models = ROOT / "models"
    return models.is_dir() and any(p.name == "model.json" for p in models.rglob("*"))


class MilterProcess:
    def __init__(self, port: int, log: Path, *args: str) -> None:
        self.port = port
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")]),
        }
        if args[:1] == ("--cli",):  # the real command line instead of the test runner
            command = [sys.executable, "-m", "spamkit", "milter", *args[1:]]
        else:
            command = [sys.executable, str(RUNNER), *args]
        self.proc = subprocess.Popen(
            [*command, "--listen", f"inet:{port}@127.0.0.1"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            wait_for_port(port, timeout=60)
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}; milter output:\n{self.stop()[-3000:]}") from exc

    def stop(self, graceful: bool = False) -> str:
        """Stop the milter: SIGTERM (libmilter needs ~5 s to wind down) or SIGKILL."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM if graceful else signal.SIGKILL)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def postfix():
    reason = postfix_available() or pymilter_missing
    if reason:
        pytest.skip(reason)
    milter_port = free_port()
    # not under pytest's tmp dirs: those are 0700 and Postfix's daemons run as postfix
    root = Path(tempfile.mkdtemp(prefix="spamkit-postfix-"))
    try:
        instance = Postfix(root, f"inet:127.0.0.1:{milter_port}")
        instance.milter_port = milter_port
        instance.start()
        try:
            yield instance
        finally:
            instance.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def start_milter(postfix, tmp_path):
    started: list[MilterProcess] = []

    def start(*args: str) -> MilterProcess:
        for old in postfix.delivered():
            old.unlink()
        process = MilterProcess(postfix.milter_port, tmp_path / f"milter{len(started)}.log", *args)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def send(postfix: Postfix, raw: bytes, sender: str = "sender@example.org") -> None:
    with smtplib.SMTP("127.0.0.1", postfix.smtp_port, timeout=60) as smtp:
        smtp.sendmail(sender, ["user@spamkit.test"], raw)


def header_block(delivered: bytes) -> bytes:
    return delivered.split(b"\n\n", 1)[0]


HAM = (
    b"From: Alice <alice@example.org>\r\n"
    b"To: user@spamkit.test\r\n"
    b"X-Spam-Status: Yes, score=99 (forged by the sender)\r\n"
    b"X-Spam-Flag: YES\r\n"
    b"Subject: lunch\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    b"\xe6\x98\xbc\xe3\x81\x94\xe3\x81\xaf\xe3\x82\x93 at noon?\r\n"
    b"X-Spam-Status: this body line stays\r\n"
)
SPAM = (
    b"From: Pharmacy <shop@pills.example>\r\nTo: user@spamkit.test\r\n"
    b"Subject: cheap VIAGRA\r\n\r\nbuy VIAGRA now\r\n"
)


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_delivers_with_headers(postfix, start_milter):
    start_milter("--reject-above", "50")
    send(postfix, HAM)
    send(postfix, SPAM)
    ham_file, spam_file = postfix.wait_delivered(2)
    ham = ham_file.read_bytes()
    head = header_block(ham)
    assert re.search(rb"^X-Spam-Status: No, score=-5\.00 required=0\.00 tests=none", head, re.M)
    assert b"\nX-Spam-Prev-Status: Yes, score=99 (forged by the sender)" in head
    assert b"\nX-Spam-Prev-Flag: YES" in head
    assert not re.search(rb"^X-Spam-Flag:", head, re.M)
    assert ham.split(b"\n\n", 1)[1] == HAM.split(b"\r\n\r\n", 1)[1].replace(b"\r\n", b"\n")
    spam = header_block(spam_file.read_bytes())
    assert re.search(rb"^X-Spam-Status: Yes, score=10\.00 required=0\.00", spam, re.M)
    assert re.search(rb"^X-Spam-Flag: YES$", spam, re.M)
    assert b"\n\t*  10.00 TEST_KEYWORD_VIAGRA keyword VIAGRA" in spam
    # our headers come first, above Postfix's own Received: line
    assert spam.index(b"X-Spam-Checker-Version") < spam.index(b"Received:")


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_rejects_spam_with_5_7_1(postfix, start_milter):
    start_milter("--reject-above", "5")
    with pytest.raises(smtplib.SMTPDataError) as caught:
        send(postfix, SPAM)
    assert caught.value.smtp_code == 550
    text = caught.value.smtp_error.decode()
    assert text.startswith(
        "5.7.1 Message rejected as spam by spamkit (score 10.00, reject threshold 5.00)"
    )
    send(postfix, HAM)
    assert len(postfix.wait_delivered(1)) == 1
    assert "milter-reject: END-OF-MESSAGE" in postfix.wait_log("5.7.1 Message rejected as spam")


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_quarantines(postfix, start_milter):
    milter = start_milter("--quarantine-above", "5")
    send(postfix, SPAM.replace(b"Subject: cheap", b"Subject: held"))
    postfix.wait_log("milter triggers HOLD action")
    assert postfix.delivered() == []
    assert "quarantined: spamkit score 10.00" in milter.stop()


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_fail_open(postfix, start_milter):
    milter = start_milter("--reject-above", "5", "--timeout", "1")
    send(postfix, SPAM.replace(b"buy", b"EXPLODE buy"))
    send(postfix, SPAM.replace(b"buy", b"EXPLODE again buy"))
    send(postfix, SPAM.replace(b"buy", b"SLOWPOKE buy"))
    heads = sorted(header_block(p.read_bytes()) for p in postfix.wait_delivered(3))
    exploded = [h for h in heads if b"reason=RuntimeError: stand-in classifier exploded" in h]
    assert len(exploded) == 2
    assert any(b"X-Spam-Status: Error, reason=timeout after 1s" in h for h in heads)
    log = milter.stop(graceful=True)
    assert "spamkit milter stopped: {'error': 3}" in log
    # one line for the problem, not one traceback per message
    assert log.count("RuntimeError: stand-in classifier exploded; accepting mail unchecked") == 1
    assert "Traceback" not in log
    assert "took longer than 1s; accepting the message unchecked" in log


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_accepts_when_the_milter_is_down(postfix, start_milter):
    start_milter().stop()
    send(postfix, HAM)
    (path,) = postfix.wait_delivered(1)
    delivered = path.read_bytes()
    assert b"X-Spam-Checker-Version" not in delivered
    assert b"X-Spam-Status: Yes, score=99 (forged" in delivered  # untouched without a milter


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_concurrent_connections(postfix, start_milter):
    start_milter()
    count, clients = 24, 4
    messages = [
        (SPAM if i % 2 else HAM).replace(b"Subject: ", b"Subject: n%02d " % i) for i in range(count)
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda raw: send(postfix, raw), messages))
    files = postfix.wait_delivered(count)
    elapsed = time.monotonic() - started
    subjects = set()
    for path in files:
        head = header_block(path.read_bytes())
        subject = re.search(rb"^Subject: n(\d\d)", head, re.M).group(1)
        spam = int(subject) % 2 == 1
        assert re.search(rb"^X-Spam-Status: %s," % (b"Yes" if spam else b"No"), head, re.M)
        subjects.add(subject)
    assert len(subjects) == count
    print(f"\nmilter through Postfix: {count} messages, {clients} clients, {elapsed:.2f}s")
    assert threading.active_count() >= 1


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
def test_postfix_dnsbl_errors_never_reject(postfix, start_milter):
    pytest.importorskip("dnslib")
    from servers.dnsserver import DnsServer

    answers = {
        "pills.example.dbl.spamhaus.org": ["127.255.255.254"],  # open resolver
        "listed.example.dbl.spamhaus.org": ["127.0.1.2"],
    }
    with DnsServer(answers) as server:
        start_milter("--reject-above", "5", "--resolver", server.address)
        ham_from_blocked_resolver = HAM.replace(b"alice@example.org", b"alice@pills.example")
        send(postfix, ham_from_blocked_resolver)
        (path,) = postfix.wait_delivered(1)
    head = header_block(path.read_bytes())
    assert re.search(
        rb"^X-Spam-Status: No, score=-5\.00 .*tests=URIBL_DBL_OPEN_RESOLVER", head, re.M
    )
    assert b"not a listing; this resolver is a public/shared resolver" in head


@skip_e2e
@pytest.mark.network
@pytest.mark.slow
@pytest.mark.skipif(not has_default_model(), reason="no default model under models/ yet")
def test_postfix_with_the_default_model(postfix, start_milter):
    milter = start_milter("--cli", "--reject-above", "50", "--quarantine-above", "40")
    send(postfix, HAM)
    send(postfix, SPAM)
    for path in postfix.wait_delivered(2):
        head = header_block(path.read_bytes())
        assert re.search(rb"^X-Spam-Status: (Yes|No), score=-?\d+\.\d\d required=", head, re.M)
        assert b"X-Spam-Report:" in head
    # The real model loads NumPy, whose threads must not swallow SIGTERM: a clean stop.
    assert "spamkit milter stopped" in milter.stop(graceful=True)


@pytest.mark.skipif(bool(pymilter_missing), reason=str(pymilter_missing))
@pytest.mark.network
def test_milter_listens_on_a_unix_socket():
    import socket

    folder = Path(tempfile.mkdtemp(prefix="spamkit-milter-"))
    path = folder / "milter.sock"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}
    proc = subprocess.Popen(
        [sys.executable, str(RUNNER), "--listen", f"unix:{path}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(path))
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


def test_dnsbl_share_of_the_score_is_the_rule_tables_weight(tmp_path):
    """A rules file re-weights DNSBL symbols; the reject decision uses that weight."""
    from spamkit import Classifier

    local = tmp_path / "local.toml"
    local.write_text("[URIBL_DBL_SPAM]\nscore = 6.0\n")
    classifier = Classifier(rules=local, threshold=100.0)
    base = classifier.classify(RAW).score
    hits = [RuleHit("URIBL_DBL_SPAM", 4.0, "as the checker scored it", "x.example", False)]
    decision = decide(RAW, classifier, MilterOptions(reject_above=base + 1.0), hits)
    assert decision.verdict is not None
    assert decision.verdict.score == pytest.approx(base + 6.0)
    # Without the DNSBL's 6.0 (not the checker's 4.0) the score stays below: accepted.
    assert decision.action == "accept"
    allowed = MilterOptions(reject_above=base + 1.0, dnsbl_can_reject=True)
    assert decide(RAW, classifier, allowed, hits).action == "reject"
