"""Seconds on the inputs that make regexes, the HTML scanner and the detectors slow.

The tests (``tests/test_hostile.py``, ``tests/test_detectors.py``) check that 8x the
input costs at most 24x the time, which holds on any machine; this script prints the
seconds themselves, and the growth, against the targets the tests once asserted
(until 2026-11-29):

* every regex of every spamkit module, on its slowest nasty input of 20,000
  characters (``tests/hostile/linear.py``): at most 0.25 s (the growth is measured
  from 5,000 to 40,000 characters);
* the HTML scanner on 200,000 characters of each hostile markup: at most 0.5 s;
* the detectors and the rule table on one mail whose every field is long
  (``tests/test_detectors.py``'s hostile mail, twice the size once timed): at most 5 s.

Usage::

    python benchmarks/linear_time.py              # all three tables
    python benchmarks/linear_time.py --slowest 15 # only the 15 slowest regexes
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _row(name: str, size: int, small: float, large: float, target: float) -> str:
    ratio = large / small if small > 0 else float("inf")
    flag = "" if large <= target else "  OVER TARGET"
    return f"| {name} | {size:,} | {large:.4f} | {ratio:.1f} |{flag}"


def _regex_row(linear: ModuleType, name: str, pattern: re.Pattern[str]) -> tuple[float, str]:
    worst = linear.slowest_input(name, pattern)
    seconds = linear.best_seconds(lambda: linear.scan(name, pattern, worst[:20_000]))
    small, large = linear.regex_growth(name, pattern, worst)
    return seconds, _row(name, 20_000, small, large, 0.25) + f" (at 20,000: {seconds:.4f} s)"


def regexes(linear: ModuleType, slowest: int) -> list[str]:
    rows = sorted((_regex_row(linear, name, p) for name, p in linear.patterns()), reverse=True)
    return [row for _, row in rows[:slowest]]


def markup(linear: ModuleType) -> list[str]:
    from spamkit.html import html_to_text

    rows = []
    for name, build in sorted(linear.HTML_MARKUP.items()):
        small, large = linear.growth(lambda n, b=build: html_to_text(b(n)), 25_000)
        rows.append(_row(name, len(build(200_000)), small, large, 0.5))
    return rows


def detectors(linear: ModuleType) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from spamkit.detectors import detect
    from spamkit.rules import RuleSet
    from test_detectors import _hostile_mail

    rules = RuleSet.load()

    def run(k: int) -> None:
        mail = _hostile_mail(k)
        list(detect(mail))
        rules.check(mail)

    small, large = linear.growth(run, 1)
    return [_row("detectors + rule table, hostile mail (k=8)", 8, small, large, 5.0)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slowest", type=int, default=10_000, help="regex rows to print")
    args = parser.parse_args(argv)
    linear = _load("hostile_linear", ROOT / "tests" / "hostile" / "linear.py")
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}; best of 3 runs; growth = time(8n) / time(n)")  # fmt: skip
    for title, rows in (
        ("Regexes, slowest nasty input (target 0.25 s)", regexes(linear, args.slowest)),
        ("HTML scanner (target 0.5 s)", markup(linear)),
        ("Detectors (target 5 s)", detectors(linear)),
    ):
        print(f"\n{title}\n")
        print("| what | size | seconds | growth (8x size) |\n| --- | ---: | ---: | ---: |")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
