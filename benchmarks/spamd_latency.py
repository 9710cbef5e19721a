"""Latency, throughput and memory of ``spamkit serve`` under 1, 8 and 32 concurrent clients.

    nice python benchmarks/spamd_latency.py [--messages 2000] [--clients 1,8,32]
        [--command CHECK] [--workers N] [--filter-runs 10]

Starts ``spamkit serve`` on loopback (logging one line per request to a file, as
in production), then for each level sends the same messages from that many
concurrent clients, each one request per connection over the raw protocol, as
spamc does.  Prints p50/p99 latency (connect to last byte of the answer), msg/s,
answers that were not ``EX_OK``, and the peak RSS and PSS of the server's whole
process tree (main process, fork server, workers), sampled every 0.2 s.  The
clients run in this process on the same cores as the server.

Last, one line compares with ``spamkit filter``, which starts Python and loads
the model for every message (the procmail way without a daemon).

Messages come from ``../shared/corpora``, spread evenly over its folders, up to
500 KB each (spamc's default ``-s``: larger ones are never sent to spamd).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
FOLDERS = (
    "spamassassin/easy_ham",
    "spamassassin/easy_ham_2",
    "spamassassin/hard_ham",
    "spamassassin/spam",
    "spamassassin/spam_2",
    "ja_ham",
    "ja_spam",
    "phishing",
)
SPAMC_MAX = 500 * 1024


def corpus_messages(count: int) -> list[bytes]:
    """``count`` messages spread evenly over every folder (deterministic)."""
    files = []
    for folder in FOLDERS:
        root = CORPORA / folder
        if root.is_dir():
            files += sorted(p for p in root.iterdir() if p.is_file() and p.stat().st_size)
    if not files:
        sys.exit(f"no corpora at {CORPORA}")
    step = len(files) / count
    chosen = [files[int(i * step)] for i in range(min(count, len(files)))]
    return [data for data in (p.read_bytes() for p in chosen) if len(data) <= SPAMC_MAX]


class TreeMemory(threading.Thread):
    """Samples RSS and PSS summed over a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = self.peak_pss = 0
        self.running = threading.Event()
        self.running.set()

    def sample(self) -> tuple[int, int]:
        rss = pss = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                info = process.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        return rss, pss

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of the main process, and of the rest of the tree."""
        main = sum(self.root.cpu_times()[:2])
        rest = 0.0
        for process in self.root.children(recursive=True):
            try:
                rest += sum(process.cpu_times()[:2])
            except psutil.NoSuchProcess:
                continue
        return main, rest

    def reset(self) -> None:
        self.peak_rss = self.peak_pss = 0

    def run(self) -> None:
        while self.running.is_set():
            rss, pss = self.sample()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            time.sleep(self.interval)


async def request(port: int, command: str, message: bytes) -> tuple[float, bool]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"%s SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % (command.encode(), len(message)))
    writer.write(message)
    writer.write_eof()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    return time.perf_counter() - started, answer.startswith(b"SPAMD/1.5 0 ")


async def run_level(
    port: int, command: str, messages: list[bytes], clients: int
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    queue = iter(messages)

    async def client() -> None:
        nonlocal errors
        for message in queue:
            seconds, ok = await request(port, command, message)
            latencies.append(seconds)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def filter_seconds(messages: list[bytes], runs: int) -> float:
    """Mean wall time of ``spamkit filter`` per message (a new process each time)."""
    times = []
    for message in messages[:runs]:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "spamkit", "filter"],
            input=message,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.mean(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--clients", default="1,8,32", help="comma-separated levels")
    parser.add_argument("--command", default="CHECK", help="CHECK, PROCESS, SYMBOLS, ...")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--filter-runs", type=int, default=10)
    args = parser.parse_args()

    messages = corpus_messages(args.messages)
    levels = [int(x) for x in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "serve.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "spamkit", "serve", "--listen", "127.0.0.1:0"),
                    *("--workers", str(args.workers), "--max-connections", str(max(levels) * 2)),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 180
            while not (
                found := re.search(r"listening on 127\.0\.0\.1:(\d+)", log_path.read_text())
            ):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"server did not start:\n{log_path.read_text()}")
                time.sleep(0.1)
            port = int(found.group(1))
            memory = TreeMemory(server.pid)
            idle_rss, idle_pss = memory.sample()
            memory.start()
            asyncio.run(run_level(port, args.command, messages[:100], 4))  # warm up
            size_kb = sum(map(len, messages)) / len(messages) / 1024
            print(
                f"spamkit serve: {len(messages)} messages from {CORPORA.name}/ (mean"
                f" {size_kb:.1f} KB, <= 500 KB), {args.command}, {args.workers} workers,"
                f" {os.cpu_count()} cores shared with the clients"
            )
            print(f"idle server tree: RSS {idle_rss / 2**20:.0f} MB, PSS {idle_pss / 2**20:.0f} MB")
            print(
                "| clients | msg/s | p50 ms | p99 ms | not EX_OK | peak RSS MB | peak PSS MB"
                " | CPU ms/msg main + workers |"
            )
            print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            p50_one = None
            for clients in levels:
                memory.reset()
                cpu_before = memory.cpu()
                latencies, errors, elapsed = asyncio.run(
                    run_level(port, args.command, messages, clients)
                )
                cpu_main, cpu_rest = (
                    (after - before) * 1000 / len(latencies)
                    for after, before in zip(memory.cpu(), cpu_before, strict=True)
                )
                p50 = percentile(latencies, 0.50) * 1000
                p50_one = p50 if clients == 1 else p50_one
                print(
                    f"| {clients} | {len(latencies) / elapsed:.0f} | {p50:.1f}"
                    f" | {percentile(latencies, 0.99) * 1000:.1f} | {errors}"
                    f" | {memory.peak_rss / 2**20:.0f} | {memory.peak_pss / 2**20:.0f}"
                    f" | {cpu_main:.1f} + {cpu_rest:.1f} |"
                )
            memory.running.clear()
        finally:
            server.terminate()
            server.wait(120)
    per_call = filter_seconds(messages, args.filter_runs)
    versus = f"; serve at 1 client: p50 {p50_one:.1f} ms" if p50_one is not None else ""
    print(
        f"spamkit filter, one process per message: {per_call:.2f} s per message"
        f" ({args.filter_runs} runs), {1 / per_call:.1f} msg/s{versus}"
    )


if __name__ == "__main__":
    main()
