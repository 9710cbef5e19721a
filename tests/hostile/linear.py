"""Inputs that make a backtracking regex or a markup scanner slow, and how time grows with them.

Shared by ``tests/test_hostile.py`` and ``benchmarks/linear_time.py``:

* :func:`patterns` - every compiled regex of every spamkit module, and
  :func:`nasty_inputs` - repeats of each pattern's own characters (the ReDoS shape);
* :data:`HTML_MARKUP` - markup that once made the HTML scanner quadratic;
* :func:`growth` - the time of one job at ``n`` and at ``8 n`` characters.

The tests check how time *grows* (8x the input may cost at most :data:`MAX_GROWTH`
times as much: linear work costs about 8x, quadratic 64x), which does not depend on
how fast the machine is; the benchmark prints the seconds themselves against the
targets (a quarter second for 20,000 characters of regex input, half a second for
200,000 of markup).  Measured 2026-11-29 on the shared 2-core machine under load:
at 4x the input, linear jobs showed ratios of 2 to 11 (noise), too close to a
quadratic job's 16; at 8x, 5 to 13 against 64.

Decided 2026-11-29: these tests asserted absolute seconds (0.25 s, 0.5 s, 2 s, 5 s),
which fail on a slow or shared machine and say nothing a growth ratio does not.
"""

from __future__ import annotations

import importlib
import itertools
import math
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

#: 8x the input may cost at most this many times as much (linear 8x, quadratic 64x) ...
MAX_GROWTH = 24.0
#: ... plus this many seconds, for jobs so fast that timer noise dominates.
SLACK_SECONDS = 0.005

#: Patterns only ever used anchored (``.match`` at one position), never scanned with
#: search/finditer: a leading ``\s*`` is quadratic under finditer but linear here.
ANCHORED = {
    "spamkit.rules._META_TOKEN": "parse_meta: .match at the cursor, expressions <= 2000 chars",
    "spamkit.html._ATTR": "html._scan_markup: .match at the cursor; blanks skipped at once",
    "spamkit.html._TAG_NAME": "html._scan_markup: .match after '<'",
    "spamkit.detectors._base._QUOTE_LINE": "MailView.own_text: .match at a line start",
    "spamkit.message._HEADER_START": "message._bound_raw: .match at offset 0 only",
    "spamkit.archives._HEADER_LINE": "archives: .match at a line start (head, after From_)",
}

#: Quadratic patterns waiting for a fix in a module its owner edits (none left).
NOT_OURS: dict[str, str] = {}


def patterns() -> Iterator[tuple[str, re.Pattern[Any]]]:
    """Every compiled regex of every spamkit module (module level, or in a tuple/list).

    Patterns compiled inline in a function were read by hand (2026-11-27): rules'
    scope split, dnsbl's zone name and URL-scheme checks, milter's control-character
    and listen-address patterns, charsets' C1 search and SO/SI split, archives'
    header-line match, detectors' detector-name check, text's recipient masker (an
    alternation of escaped literals).  None has a nested or overlapping repeat.
    """
    import pkgutil

    import spamkit

    seen: set[int] = set()
    for info in pkgutil.walk_packages(spamkit.__path__, "spamkit."):
        if info.name.endswith("__main__"):
            continue  # importing it runs the CLI
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra (dnspython, milter) is not installed
            continue
        for name, value in sorted(vars(module).items()):
            items = value if isinstance(value, (tuple, list)) else [value]
            for index, item in enumerate(items):
                if isinstance(item, tuple) and len(item) == 2:
                    item = item[1]  # (name, pattern) tables such as detectors.conversation._JOB_JA
                if isinstance(item, re.Pattern) and id(item) not in seen:
                    seen.add(id(item))
                    suffix = f"[{index}]" if items is value else ""
                    yield f"{info.name}.{name}{suffix}", item


def nasty_inputs(pattern: re.Pattern[Any], size: int) -> list[Any]:
    """Repeats of the pattern's own characters and pairs of them (the classic ReDoS shape)."""
    literal = sorted(
        {ch for ch in re.sub(r"\\[a-zA-Z]", "", str(pattern.pattern)) if ch.isprintable()}
    )
    alphabet = [*literal[:40], "a", "1", " ", "\n", ".", "-", "@", "<", ">", "=", '"', "あ", "\t"]
    strings = [ch * size for ch in alphabet]
    strings += [(a + b) * (size // 2) for a, b in itertools.pairwise(alphabet)]
    strings += [
        "<a href=" + "x" * (size - 10),
        ("<a href=x " + "a" * 90) * (size // 100),
        "http://" + "a." * (size // 2),
        "a@" + "a." * (size // 2),
        "=?" * (size // 2),
        "re: " * (size // 4) + "[",
    ]
    if isinstance(pattern.pattern, bytes):
        return [s.encode("utf-8", "surrogateescape") for s in strings] + [
            b"\x1b$B" * (size // 3),
            bytes(range(256)) * (size // 256),
            b"\xa1" * size,
            b"\x8f\xa1" * (size // 2),
        ]
    return strings


def scan(name: str, pattern: re.Pattern[Any], value: Any) -> None:
    """Use ``pattern`` on ``value`` as spamkit does: anchored at 50 points, or scanned."""
    if name in ANCHORED:
        for pos in range(0, len(value), max(1, len(value) // 50)):
            pattern.match(value, pos)
    else:
        for _ in pattern.finditer(value):
            pass


#: (id, markup builder for about n characters): markup that once made the HTML scanner
#: slow, and the cases ``tests/test_html.py`` timed until 2026-11-29.
HTML_MARKUP: dict[str, Callable[[int], str]] = {
    "blanks": lambda n: "<a" + " " * n,
    "slashes": lambda n: "<a" + "/" * n,
    "equals": lambda n: "<a x" + " =" * (n // 2),
    "unclosed-quote": lambda n: "<a x='" + "a" * n,
    "quotes": lambda n: "<a " + 'x="' * (n // 3),
    "comments": lambda n: "<!--" * (n // 4),
    "end-tags": lambda n: "</" * (n // 2),
    "lt": lambda n: "<" * n,
    "entities": lambda n: "&#" * (n // 2),
    "script": lambda n: "<script>" + "<" * n,
    "anchors": lambda n: "<a href=x>" * (n // 10),
    "a-blank": lambda n: "<a " * (n // 3),  # 37 s in CPython 3.11.7's HTMLParser
    "amp": lambda n: "&" * n,
    "attr-flood": lambda n: "<p" + " x=" * (n // 3),
    "href-open": lambda n: "<a href='" * (n // 9),
    "a-quote": lambda n: '<a "' * (n // 4),
    "bold": lambda n: "<b>" * (n // 3),
    "script-flood": lambda n: "<script>" * (n // 8),
}


def best_seconds(job: Callable[[], object], repeat: int = 3) -> float:
    """The best wall time of ``repeat`` runs of ``job`` (the least disturbed by other work)."""
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        best = min(best, time.perf_counter() - started)
    return best


def growth(job: Callable[[int], object], size: int) -> tuple[float, float]:
    """Best seconds of ``job(size)`` and of ``job(8 * size)``."""
    return best_seconds(lambda: job(size)), best_seconds(lambda: job(8 * size))


def slowest_input(name: str, pattern: re.Pattern[Any]) -> Any:
    """The nasty input (of 40,000 characters) that ``pattern`` is slowest on at 20,000."""
    inputs = nasty_inputs(pattern, 20_000)
    times = [best_seconds(lambda v=v: scan(name, pattern, v), 1) for v in inputs]
    return nasty_inputs(pattern, 40_000)[times.index(max(times))]


def regex_growth(name: str, pattern: re.Pattern[Any], value: Any) -> tuple[float, float]:
    """Best seconds of ``pattern`` on the first 5,000 and the first 40,000 of ``value``.

    Below a few thousand characters fixed costs blur the shape (measured 2026-11-29:
    detectors.content._NOTICE grew 24x from 2,500 to 20,000, 11x from 5,000 to 40,000).
    """
    return growth(lambda n: scan(name, pattern, value[:n]), 5_000)


def grows_linearly(small: float, large: float) -> bool:
    """Whether 8x the input cost at most :data:`MAX_GROWTH` times as much (plus slack)."""
    return large <= MAX_GROWTH * small + SLACK_SECONDS
