"""A tiny authoritative DNS server on 127.0.0.1 for tests (UDP, dnslib for the wire format).

Answers come from a table ``{name: behaviour}``; a behaviour is a list of IPv4
addresses (A records), ``"NXDOMAIN"``, ``"SERVFAIL"`` or ``"TIMEOUT"`` (the server
reads the query and never answers).  Names not in the table get NXDOMAIN.  Every
query is recorded in ``queries`` so tests can see what the client asked.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Mapping

from dnslib import QTYPE, RCODE, RR, A, DNSRecord

Behaviour = list[str] | str


class DnsServer:
    """Serve ``answers`` on ``127.0.0.1:<random port>`` until :meth:`close`."""

    def __init__(self, answers: Mapping[str, Behaviour]) -> None:
        self.answers = {k.rstrip(".").lower(): v for k, v in answers.items()}
        self.queries: list[str] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.host, self.port = self._sock.getsockname()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="test-dns", daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        """``IP:PORT`` as spamkit's ``--resolver`` takes it."""
        return f"{self.host}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self._sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            reply = self._reply(data)
            if reply is not None:
                self._sock.sendto(reply, peer)

    def _reply(self, data: bytes) -> bytes | None:
        try:
            request = DNSRecord.parse(data)
        except Exception:  # a test server ignores garbage
            return None
        qname = str(request.q.qname).rstrip(".").lower()
        self.queries.append(qname)
        behaviour = self.answers.get(qname, "NXDOMAIN")
        reply = request.reply()
        if behaviour == "TIMEOUT":
            return None
        if behaviour == "SERVFAIL":
            reply.header.rcode = RCODE.SERVFAIL
        elif behaviour == "NXDOMAIN":
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.A:
            for ip in behaviour:
                reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(ip), ttl=60))
        return reply.pack()

    def close(self) -> None:
        """Stop the thread and close the socket."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def __enter__(self) -> DnsServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
