"""A private Postfix instance on 127.0.0.1 for end-to-end milter tests.

Everything lives under one temporary directory (config, queue, data, Maildir,
log); the system's own Postfix configuration is not touched.  Delivery is
virtual(8) to ``user@spamkit.test`` as Maildir files we read back.  Needs root
and Debian's ``postfix`` package (``tests/servers/install-postfix.sh``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

MASTER_CF = """\
{listen} inet n - n - - smtpd
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
virtual unix - n n - - virtual
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {var}/spool
data_directory = {var}/data
maillog_file = {var}/maillog
maillog_file_prefixes = {var}
syslog_name = postfix-spamkit-test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.spamkit.test
mydomain = spamkit.test
myorigin = spamkit.test
mydestination =
mynetworks = 127.0.0.0/8
relayhost =
default_transport = error
relay_transport = error
alias_maps =
alias_database =
smtpd_banner = $myhostname ESMTP
virtual_mailbox_domains = spamkit.test
virtual_mailbox_base = {var}/mail
virtual_mailbox_maps = inline:{{ user@spamkit.test=user/ }}
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 1
smtpd_milters = {milter}
non_smtpd_milters =
milter_default_action = accept
milter_connect_timeout = 5s
milter_content_timeout = 30s
"""


def postfix_available() -> str | None:
    """Why the Postfix tests cannot run here, or ``None`` if they can."""
    if shutil.which("postfix") is None and not Path("/usr/sbin/postfix").exists():
        return "postfix is not installed (run tests/servers/install-postfix.sh)"
    if os.geteuid() != 0:
        return "a private Postfix instance needs root"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


class Postfix:
    """``Postfix(root, milter="inet:127.0.0.1:PORT")``: start, send, read, stop."""

    def __init__(self, root: Path, milter: str) -> None:
        self.root = Path(root)
        self.etc = self.root / "etc"
        self.var = self.root / "var"
        self.smtp_port = free_port()
        self.etc.mkdir(parents=True)
        for sub in ("spool", "data", "mail"):
            (self.var / sub).mkdir(parents=True)
        shutil.chown(self.var / "data", user="postfix")
        shutil.chown(self.var / "mail", user="nobody", group="nogroup")
        os.chmod(self.root, 0o755)
        (self.etc / "main.cf").write_text(MAIN_CF.format(var=self.var, milter=milter))
        (self.etc / "master.cf").write_text(MASTER_CF.format(listen=f"127.0.0.1:{self.smtp_port}"))

    def _postfix(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["postfix", "-c", str(self.etc), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def start(self) -> None:
        proc = self._postfix("start")
        if proc.returncode != 0:
            raise RuntimeError(f"postfix start failed: {proc.stderr}\n{self.log()}")
        wait_for_port(self.smtp_port)

    def stop(self) -> None:
        pid_file = self.var / "spool" / "pid" / "master.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pid = None
        self._postfix("stop")
        deadline = time.monotonic() + 10
        while pid and time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def log(self) -> str:
        path = self.var / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""

    def delivered(self) -> list[Path]:
        new = self.var / "mail" / "user" / "new"
        return sorted(new.iterdir(), key=lambda p: p.stat().st_mtime) if new.is_dir() else []

    def wait_delivered(self, count: int, timeout: float = 20.0) -> list[Path]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = self.delivered()
            if len(files) >= count:
                return files
            time.sleep(0.05)
        raise TimeoutError(f"{len(self.delivered())} of {count} messages delivered\n{self.log()}")

    def wait_log(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if text in log:
                return log
            time.sleep(0.05)
        raise TimeoutError(f"{text!r} not logged\n{self.log()}")
