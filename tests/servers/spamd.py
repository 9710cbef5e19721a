"""Run ``spamkit serve`` as a real process for the end-to-end tests, and talk to it raw."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

_LISTENING = re.compile(r"listening on (\S+):\s")


def spamc_available() -> str | None:
    """Why the spamc tests cannot run here, or None."""
    if shutil.which("spamc") is None:
        return "spamc not installed (sh tests/servers/install-spamc.sh)"
    return None


class Spamd:
    """``python -m spamkit serve`` in the background, its log in a file.

    ``listen`` defaults to ``127.0.0.1:0`` (any free port); the port the server bound
    is read back from its "listening on" log line.
    """

    def __init__(self, root: Path, *args: str, listen: str = "127.0.0.1:0") -> None:
        self.root = root
        self.args = args
        self.listen = listen
        self.log_path = root / f"serve-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.address = ""

    def start(self, timeout: float = 120.0) -> Spamd:
        command = [sys.executable, "-m", "spamkit", "serve", "--listen", self.listen]
        command += ["--workers", "2", *self.args]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = _LISTENING.search(self.log)
            if found:
                self.address = found.group(1)
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"spamkit serve exited {self.process.returncode}:\n{self.log}")
            time.sleep(0.1)
        self.stop(signal.SIGKILL)
        raise RuntimeError(f"spamkit serve did not start:\n{self.log}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.address.rsplit(":", 1)[1])

    @property
    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, text: str, timeout: float = 60.0, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log
            if log.count(text) >= count:
                return log
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged {count}x within {timeout} s:\n{self.log}")

    def send(self, number: int) -> None:
        os.kill(self.pid, number)

    def stop(self, number: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(number)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise

    def connect(self, timeout: float = 10.0) -> socket.socket:
        if self.listen.startswith("unix:"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(self.listen[5:])
            return sock
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def spamc_target(self) -> list[str]:
        """spamc's options that reach this server."""
        if self.listen.startswith("unix:"):
            return ["-U", self.listen[5:]]
        return ["-d", "127.0.0.1", "-p", str(self.port)]

    def spamc(self, *args: str, message: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """Run the real spamc against this server, the message on its stdin."""
        return subprocess.run(
            ["spamc", *self.spamc_target(), *args],
            input=message,
            capture_output=True,
            timeout=60,
        )

    def exchange(self, request: bytes, *, close_write: bool = True) -> bytes:
        """Send ``request`` raw, shut down our side, read the answer until the server closes."""
        with self.connect() as sock:
            sock.sendall(request)
            if close_write:
                sock.shutdown(socket.SHUT_WR)
            return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
