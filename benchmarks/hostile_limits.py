"""Time and peak memory of one classification per hostile input (issue 7).

Each case runs in its own subprocess: build the input (lazily, from
``tests/hostile/cases.py`` at the size the issue names, 1 GB line included), load
the classifier and warm it up, reset the kernel's peak-RSS mark, then classify.
Printed per case: input size, best wall time of ``--repeat`` runs, the peak RSS
above the baseline (``/proc/self/clear_refs`` + ``VmHWM``, Linux), the same as a
multiple of the input size, and the tracemalloc peak of a separate, traced run.

Targets (issue 7): at most 100 ms per message up to 10 MB, peak memory at most
about 3x the message size.

Usage::

    python benchmarks/hostile_limits.py                 # every case, real sizes
    python benchmarks/hostile_limits.py long_line html_tags --repeat 5
    python benchmarks/hostile_limits.py --small         # the test-run sizes
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT / "tests" / "hostile" / "cases.py"


def _cases():
    spec = importlib.util.spec_from_file_location("hostile_cases", CASES_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _realistic(size: int) -> bytes:
    """A plausible big mail: text and HTML alternatives plus one base64 attachment."""
    import base64
    import random

    text = ("こんにちは、資料をお送りします。Please find the report attached. " * 40).encode()
    html = (
        b"<html><body>" + b"<p>Quarterly report <a href='https://example.com/r'>link</a></p>" * 200
    )
    data = base64.encodebytes(random.Random(5).randbytes(max(0, size - 40_000) * 3 // 4))
    return (
        b"From: Taro <taro@example.co.jp>\r\nTo: hanako@example.jp\r\nSubject: report\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="M"\r\n\r\n'
        b'--M\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n'
        b"--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + b"\r\n"
        b"--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + b"\r\n--A--\r\n"
        b'--M\r\nContent-Type: application/pdf; name="r.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + data + b"--M--\r\n"
    )


def _plain_text(size: int) -> bytes:
    line = "Lorem ipsum dolor sit amet, 日本語のテキストも少し。 consectetur adipiscing.\n"
    body = (line * (size // len(line.encode()) + 1)).encode()[:size]
    return (
        b"From: a@example.com\r\nSubject: long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + body
    )


EXTRA = {"realistic_10MB": (_realistic, 10_000_000), "plain_text_10MB": (_plain_text, 10_000_000)}

CHILD = r"""
import gc, json, sys, time, tracemalloc
sys.path.insert(0, {bench_dir!r})
import hostile_limits as hl
name, size, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if name in hl.EXTRA:
    raw = hl.EXTRA[name][0](size)
else:
    cases = {{c.name: c for c in hl._cases().CASES}}
    raw = cases[name].build(size)
from spamkit.classifier import Classifier
clf = Classifier()
clf.classify(b"Subject: warm up\n\nhello http://example.com/ \xe3\x81\x82\n")
gc.collect()

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return 0

with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # reset the peak-RSS mark (VmHWM) to the current RSS
base = status("VmRSS")
times = []
for _ in range(repeat):
    start = time.perf_counter()
    verdict = clf.classify(raw)
    times.append(time.perf_counter() - start)
peak_rss = status("VmHWM") - base
tracemalloc.start()
clf.classify(raw)
traced = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({{
    "size": len(raw), "best_s": min(times), "worst_s": max(times), "peak_rss": peak_rss,
    "traced": traced, "label": verdict.label, "p": verdict.probability,
    "defects": sorted({{r.name for r in verdict.reasons if r.kind == "defect"}}),
}}))
"""


def run_case(name: str, size: int, repeat: int) -> dict:
    code = CHILD.format(bench_dir=str(Path(__file__).resolve().parent))
    proc = subprocess.run(
        [sys.executable, "-c", code, name, str(size), str(repeat)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="cases to run (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case")
    parser.add_argument("--small", action="store_true", help="use the test-run sizes")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)
    module = _cases()
    plan = [
        (c.name, (c.test_size if args.small else c.real_size) or c.test_size) for c in module.CASES
    ]
    plan += [(name, size) for name, (_, size) in EXTRA.items()]
    if args.names:
        plan = [(n, s) for n, s in plan if n in args.names]
    if not args.json:
        print(f"{'case':24} {'size':>12} {'best ms':>9} {'worst ms':>9} "
              f"{'peak RSS MB':>11} {'x size':>7} {'traced MB':>9}  defects")  # fmt: skip
    worst_ms, worst_ratio = 0.0, 0.0
    for name, size in plan:
        repeat = 1 if size >= 100_000_000 else args.repeat
        result = run_case(name, size, repeat)
        if args.json:
            print(json.dumps({"case": name, **result}))
            continue
        if "error" in result:
            print(f"{name:24} {'':>12} ERROR {result['error']}")
            continue
        ratio = result["peak_rss"] / max(result["size"], 1)
        worst_ms = max(worst_ms, result["worst_s"] * 1000)
        if result["size"] >= 1_000_000:
            worst_ratio = max(worst_ratio, ratio)
        print(
            f"{name:24} {result['size']:>12,} {result['best_s'] * 1000:>9.1f} "
            f"{result['worst_s'] * 1000:>9.1f} {result['peak_rss'] / 2**20:>11.1f} "
            f"{ratio:>7.2f} {result['traced'] / 2**20:>9.1f}  {','.join(result['defects'])[:60]}"
        )
    if not args.json:
        print(
            f"\nworst time {worst_ms:.1f} ms; "
            f"worst peak RSS / size (inputs >= 1 MB) {worst_ratio:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
