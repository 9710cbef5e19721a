"""The ``spamkit serve`` server: where it listens, its connections, its signals.

:func:`parse_listen` reads ``unix:PATH`` or ``HOST:PORT`` (loopback unless told
otherwise); :class:`SpamdServer` binds it, accepts at most ``max_connections``
connections (the rest wait in the kernel's listen queue), reads each request with
:func:`~.protocol.read_request`, has a worker answer it, and logs one line per request.
SIGHUP reloads the model, SIGTERM and SIGINT stop accepting and drain.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import re
import signal
import socket
import stat
import time
from dataclasses import dataclass
from typing import Any

from ...errors import ConfigError, ModelError
from .protocol import (
    EX_OK,
    EX_SOFTWARE,
    EX_TIMEOUT,
    MAX_LINE,
    ClientGone,
    ProtocolError,
    Reply,
    RequestHead,
    answer_tell,
    printable,
    read_request,
    status_line,
)
from .workers import ServeOptions, WorkerError, WorkerPool, describe

__all__ = [
    "DEFAULT_LISTEN",
    "LOG_FORMAT",
    "ListenAddress",
    "SpamdServer",
    "parse_listen",
    "serve",
]

log = logging.getLogger(__name__)

#: spamd's port, and where spamc connects by default.
DEFAULT_LISTEN = "127.0.0.1:783"
LOG_FORMAT = "%(asctime)s spamkit-serve %(levelname)s %(message)s"


# ---------------------------------------------------------------------------
# where to listen


@dataclass(frozen=True)
class ListenAddress:
    """``unix:PATH`` or ``HOST:PORT``, parsed by :func:`parse_listen`."""

    path: str | None = None
    host: str | None = None
    port: int | None = None

    def __str__(self) -> str:
        if self.path is not None:
            return f"unix:{self.path}"
        host = f"[{self.host}]" if ":" in (self.host or "") else self.host
        return f"{host}:{self.port}"


def parse_listen(text: str) -> ListenAddress:
    """Parse ``unix:PATH``, ``HOST:PORT`` or ``[IPV6]:PORT`` (port 0: any free port).

    The host must be given: an empty one would mean every interface, and a server
    reachable from other hosts is never made by default.

    Examples
    --------
    >>> parse_listen("127.0.0.1:783")
    ListenAddress(path=None, host='127.0.0.1', port=783)
    >>> parse_listen("[::1]:7830").host
    '::1'
    >>> parse_listen("unix:/run/spamkit.sock").path
    '/run/spamkit.sock'
    """
    if text.startswith("unix:"):
        if not text[5:]:
            raise ConfigError("--listen unix:PATH needs a path")
        return ListenAddress(path=text[5:])
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d{1,5})|([^:\[\]\s]+):(\d{1,5})", text)
    if not match:
        raise ConfigError(
            f"--listen {text!r}: expected unix:PATH or HOST:PORT (e.g. 127.0.0.1:783)"
        )
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    if port > 65535:
        raise ConfigError(f"--listen {text!r}: no such port")
    return ListenAddress(host=host, port=port)


def _bind_unix(path: str, mode: int) -> socket.socket:
    if os.path.lexists(path):
        if not stat.S_ISSOCK(os.lstat(path).st_mode):
            raise ConfigError(f"{path}: exists and is not a socket")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(path)
            except (ConnectionRefusedError, FileNotFoundError):
                os.unlink(path)  # left behind by a server that is gone
            else:
                raise ConfigError(f"{path}: another server is listening there")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # never reachable with wider rights than asked, even briefly
    try:
        sock.bind(path)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on unix:{path}: {exc.strerror or exc}") from exc
    finally:
        os.umask(old_umask)
    os.chmod(path, mode)
    return sock


def _bind_tcp(host: str, port: int) -> tuple[socket.socket, bool]:
    """Bind ``host:port``; also say whether every address it names is loopback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    family, _, _, _, address = infos[0]
    loopback = all(
        ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos
    )
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" if port < 1024 else ""
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from exc
    return sock, loopback


# ---------------------------------------------------------------------------
# the server

#: Seconds spent discarding what a client still sends after its answer: closing a TCP
#: socket with unread input sends RST, which can destroy the answer on its way.
_LINGER = 2.0


@dataclass
class _Outcome:
    """What the one log line of a request says."""

    peer: str
    head: RequestHead | None = None
    size: int = 0
    reply: Reply | None = None
    code: int = EX_OK
    note: str = ""
    level: int = logging.INFO


def _peer(address: Any) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        return f"[{address[0]}]:{address[1]}" if ":" in address[0] else f"{address[0]}:{address[1]}"
    return "unix"


class SpamdServer:
    """The spamd-protocol server: listening socket, connections, signals and the worker pool.

    Parameters
    ----------
    listen : ListenAddress
    options : ServeOptions

    Examples
    --------
    >>> server = SpamdServer(parse_listen("127.0.0.1:0"), ServeOptions())  # doctest: +SKIP
    >>> server.bind()                                                      # doctest: +SKIP
    >>> asyncio.run(server.run())                                          # doctest: +SKIP
    """

    def __init__(self, listen: ListenAddress, options: ServeOptions) -> None:
        self.listen = listen
        self.options = options
        self.address = str(listen)
        self._sock: socket.socket | None = None
        self._unix_inode: int | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._stopping = False

    def bind(self) -> None:
        """Open the listening socket (before the workers load, so a busy port fails at once)."""
        if self.listen.path is not None:
            self._sock = _bind_unix(self.listen.path, self.options.socket_mode)
            self._unix_inode = os.stat(self.listen.path).st_ino
        else:
            assert self.listen.host is not None and self.listen.port is not None
            self._sock, loopback = _bind_tcp(self.listen.host, self.listen.port)
            port = self._sock.getsockname()[1]
            self.address = str(ListenAddress(host=self.listen.host, port=port))
            if not loopback:
                log.warning(
                    "listening on %s, which other hosts can reach: the spamd protocol has no"
                    " authentication, so let only your mail servers through a firewall",
                    self.address,
                )
        self._sock.listen(socket.SOMAXCONN)
        self._sock.setblocking(False)

    async def run(self) -> int:
        """Serve until SIGTERM or SIGINT, then drain and stop; returns the exit status 0.

        Raises
        ------
        ModelError
            The model does not load.
        """
        if self._sock is None:
            self.bind()
        assert self._sock is not None
        loop = asyncio.get_running_loop()
        self._slots = asyncio.Semaphore(self.options.max_connections)
        self._stop = asyncio.Event()
        self.pool = WorkerPool(self.options)
        # Handlers first: SIGHUP's default action would kill a server still loading;
        # a reload or stop asked for meanwhile waits until the workers are up.
        loop.add_signal_handler(signal.SIGHUP, self._on_reload)
        loop.add_signal_handler(signal.SIGTERM, self._on_stop, "SIGTERM")
        loop.add_signal_handler(signal.SIGINT, self._on_stop, "SIGINT")
        try:
            try:
                info = await self.pool.start()
            except WorkerError as exc:
                await self.pool.close()
                self._close_listener()
                raise ModelError(f"cannot start: {exc}") from None
            log.info(
                "listening on %s: %d workers, %s, TELL %s, max %d connections, max size %d bytes",
                self.address,
                self.options.workers,
                describe(info, self.options),
                "enabled" if self.options.allow_tell else "disabled",
                self.options.max_connections,
                self.options.max_size,
            )
            accepting = asyncio.create_task(self._accept())
            try:
                await self._stop.wait()
            finally:
                accepting.cancel()
                await asyncio.gather(accepting, return_exceptions=True)
                self._close_listener()
                await self._drain()
                await self.pool.close()
        finally:
            for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(number)
        log.info("stopped")
        return 0

    def _on_reload(self) -> None:
        if not self._stopping:
            log.info("SIGHUP: reloading the model")
            self.pool._later(self.pool.reload())

    def _on_stop(self, name: str) -> None:
        if self._stopping:
            log.warning("%s again: closing %d connections now", name, len(self._connections))
            for task in self._connections:
                task.cancel()
            return
        self._stopping = True
        log.info("%s: no new connections; finishing %d in flight", name, len(self._connections))
        self._stop.set()

    def _close_listener(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        path = self.listen.path
        if path is not None and self._unix_inode is not None:
            with contextlib.suppress(OSError):
                if os.stat(path).st_ino == self._unix_inode:
                    os.unlink(path)

    async def _drain(self) -> None:
        if not self._connections:
            return
        limit = self.options.read_timeout * 2 + self.options.scan_timeout + _LINGER
        _, pending = await asyncio.wait(set(self._connections), timeout=limit)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("gave up on %d connections after %g s", len(pending), limit)
            await asyncio.gather(*pending, return_exceptions=True)

    async def _accept(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        while True:
            await self._slots.acquire()  # at max_connections, the rest wait in the listen queue
            try:
                conn, peer = await loop.sock_accept(self._sock)
            except asyncio.CancelledError:
                self._slots.release()
                raise
            except OSError as exc:  # out of file descriptors, ...: wait, do not spin
                self._slots.release()
                log.error("cannot accept a connection: %s", exc)
                await asyncio.sleep(0.5)
                continue
            task = asyncio.create_task(self._serve(conn, peer))
            self._connections.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._connections.discard(task)
        self._slots.release()

    async def _serve(self, conn: socket.socket, peer: Any) -> None:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        outcome = _Outcome(_peer(peer))
        reader = asyncio.StreamReader(limit=MAX_LINE)
        protocol = asyncio.StreamReaderProtocol(reader)
        try:
            transport, _ = await loop.connect_accepted_socket(lambda: protocol, conn)
        except OSError:
            conn.close()
            return
        writer = asyncio.StreamWriter(transport, protocol, reader, loop)
        try:
            data = await self._answer(reader, outcome)
            if data:
                writer.write(data)
                await asyncio.wait_for(writer.drain(), self.options.read_timeout)
        except ClientGone:
            outcome.level, outcome.note = logging.DEBUG, "closed without a request"
        except (OSError, asyncio.TimeoutError):
            outcome.note = "the client went away before taking the answer"
        finally:
            await self._close(reader, writer)
            self._log(outcome, time.perf_counter() - started)

    async def _answer(self, reader: asyncio.StreamReader, outcome: _Outcome) -> bytes:
        def seen(head: RequestHead) -> None:
            outcome.head = head

        try:
            head, body = await asyncio.wait_for(
                read_request(
                    reader,
                    max_size=self.options.max_size,
                    allow_tell=self.options.allow_tell,
                    on_head=seen,
                ),
                self.options.read_timeout,
            )
        except ProtocolError as exc:
            return self._refuse(exc, outcome)
        except asyncio.TimeoutError:
            timeout = self.options.read_timeout
            text = f"Timeout: ({timeout:g} second socket timeout reading input from client)"
            return self._refuse(ProtocolError(EX_TIMEOUT, text), outcome)
        except (ConnectionError, OSError) as exc:
            outcome.note = f"connection lost while reading the request ({exc})"
            return b""
        outcome.size = len(body)
        if head.command == "PING":
            return status_line(EX_OK, "PONG")
        if head.command == "SKIP":
            return b""
        if head.command == "TELL":
            return await self._tell(head, body, outcome)
        reply = await self.pool.scan(head.command, head.version, body)
        outcome.reply, outcome.code = reply, reply.code
        if reply.code:
            outcome.level = logging.ERROR
        return reply.data

    def _refuse(self, error: ProtocolError, outcome: _Outcome) -> bytes:
        outcome.code, outcome.level, outcome.note = error.code, logging.WARNING, error.text
        return error.response()

    async def _tell(self, head: RequestHead, body: bytes, outcome: _Outcome) -> bytes:
        did_set: list[str] = []
        notes = []
        if head.set_local:
            label = 1 if head.message_class == "spam" else 0
            result = await self.pool.tell(body, label)
            if result.learned:
                did_set.append("local")
                notes.append(f"learned as {head.message_class}")
                if result.saved:
                    notes.append(f"saved to {result.saved}")
            elif not result.error:
                notes.append(f"already learned as {head.message_class}")
            if result.error:
                notes.append(result.error)
                if not result.learned:
                    outcome.code, outcome.level = EX_SOFTWARE, logging.ERROR
                    outcome.note = "; ".join(notes)
                    return status_line(EX_SOFTWARE, printable(f"Internal error: {result.error}"))
        if head.remove_local:
            notes.append("not forgotten: spamkit cannot unlearn a message")
        if head.set_remote or head.remove_remote:
            notes.append("remote reporting is not supported")
        outcome.note = "; ".join(notes) or "nothing to do"
        return answer_tell(did_set, [])

    async def _close(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()

            async def discard() -> None:
                while await reader.read(1 << 16):
                    pass

            await asyncio.wait_for(discard(), _LINGER)
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()

    def _log(self, outcome: _Outcome, seconds: float) -> None:
        head = outcome.head
        command = head.command if head is not None else "-"
        parts = [command]
        reply = outcome.reply
        if reply is not None and reply.label:
            parts.append(f"{reply.label} score={reply.score:.3f} required={reply.threshold:.3f}")
        elif command == "PING" and not outcome.code:
            parts.append("PONG")
        if outcome.code:
            error = reply.error if reply is not None and reply.error else ""
            parts.append(f"error {outcome.code}" + (f" {error}" if error else ""))
        parts.append(f"{outcome.size}B {seconds * 1000:.1f}ms")
        if head is not None and head.user:
            parts.append(f"user={printable(head.user, 40)}")
        parts.append(f"peer={outcome.peer}")
        if outcome.note:
            parts.append(f"({outcome.note})")
        log.log(outcome.level, " ".join(parts))


def serve(listen: str | ListenAddress, options: ServeOptions | None = None) -> int:
    """Run ``spamkit serve`` until SIGTERM/SIGINT; returns the exit status.

    Parameters
    ----------
    listen : str or ListenAddress
        ``unix:PATH`` or ``HOST:PORT``.
    options : ServeOptions or None

    Raises
    ------
    ConfigError
        The address is malformed or cannot be bound.
    ModelError
        The model does not load.
    """
    address = parse_listen(listen) if isinstance(listen, str) else listen
    server = SpamdServer(address, options or ServeOptions())
    server.bind()
    return asyncio.run(server.run())
