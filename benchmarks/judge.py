"""How a model does on the hand-written judge set: per-folder accuracy and every mistake.

The judge set (``tests/fixtures/judge/``, see its README) is mail the shared corpora lack:
Japanese and English business and transactional mail, the short form of the seed's
conversational attack, modern brand phishing and invitation spam, written by hand without
reading the synthetic-mail generator.  The README's table gives each file's language and
expected label; this script reads it from there.

Usage::

    python benchmarks/judge.py [--model DIR] [--reasons N] [--json]

Prints a markdown table (one row per folder and expected label: messages, correct,
accuracy, mean spam probability), the false-positive rate and recall per language, then
every misclassified file with its probability and its strongest reasons.  It is a report,
not a test: it asserts no threshold and exits 0 whatever the accuracy.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import spamkit

JUDGE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "judge"

#: One row of the README's file table: file, lang, expected, description.
_ROW = re.compile(
    r"^\| `(?P<file>[^`]+\.eml)` \| (?P<lang>ja|en) \| (?P<expected>ham|spam) \| (?P<what>.*) \|$",
    re.M,
)


@dataclass(frozen=True)
class Case:
    """One judge file and what it should come out as."""

    path: Path
    lang: str
    expected: str
    description: str

    @property
    def folder(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


@dataclass(frozen=True)
class Result:
    """A case and the verdict the model gave it."""

    case: Case
    verdict: spamkit.Verdict

    @property
    def correct(self) -> bool:
        return self.verdict.label == self.case.expected


def load_cases(root: Path = JUDGE) -> list[Case]:
    """The judge files listed in ``root/README.md``, in table order."""
    text = (root / "README.md").read_text("utf-8")
    return [
        Case(root / m["file"], m["lang"], m["expected"], m["what"].strip())
        for m in _ROW.finditer(text)
    ]


def judge(classifier: spamkit.Classifier, cases: Iterable[Case]) -> list[Result]:
    """Classify every case (the raw bytes, as a mail server would hand them over)."""
    return [Result(case, classifier.classify(case.path.read_bytes())) for case in cases]


def _groups(results: list[Result]) -> dict[tuple[str, str], list[Result]]:
    groups: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        groups.setdefault((result.case.folder, result.case.expected), []).append(result)
    return groups


def _rate(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f} % ({hits}/{total})" if total else "-"


def summary(results: list[Result]) -> dict[str, object]:
    """Per-folder accuracy and per-language FPR and recall, as plain data."""
    folders = []
    for (folder, expected), group in _groups(results).items():
        correct = sum(r.correct for r in group)
        folders.append(
            {
                "folder": folder,
                "expected": expected,
                "messages": len(group),
                "correct": correct,
                "accuracy": correct / len(group),
                "mean_probability": sum(r.verdict.probability for r in group) / len(group),
            }
        )
    languages = {}
    for lang in sorted({r.case.lang for r in results}):
        ham = [r for r in results if r.case.lang == lang and r.case.expected == "ham"]
        spam = [r for r in results if r.case.lang == lang and r.case.expected == "spam"]
        languages[lang] = {
            "ham": len(ham),
            "false_positives": sum(not r.correct for r in ham),
            "spam": len(spam),
            "caught": sum(r.correct for r in spam),
        }
    return {"messages": len(results), "folders": folders, "languages": languages}


def _reason_line(reason: spamkit.Reason) -> str:
    evidence = f"  [{reason.evidence[:70]}]" if reason.evidence else ""
    return f"    {reason.score:+7.2f}  {reason.kind:<6} {reason.name}{evidence}"


def report(results: list[Result], reasons: int = 5) -> str:
    """The markdown table, the per-language rates and the list of mistakes."""
    data = summary(results)
    lines = [
        "| folder | expected | messages | correct | accuracy | mean p(spam) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in data["folders"]:  # type: ignore[union-attr]
        lines.append(
            f"| {row['folder']} | {row['expected']} | {row['messages']} | {row['correct']} "
            f"| {100 * row['accuracy']:.1f} % | {row['mean_probability']:.3f} |"
        )
    total = len(results)
    correct = sum(r.correct for r in results)
    lines.append(f"| **all** | | {total} | {correct} | {100 * correct / total:.1f} % | |")
    lines.append("")
    for lang, row in data["languages"].items():  # type: ignore[union-attr]
        lines.append(
            f"{lang}: false positives {_rate(row['false_positives'], row['ham'])} of ham, "
            f"recall {_rate(row['caught'], row['spam'])} of spam"
        )
    mistakes = [r for r in results if not r.correct]
    lines.append("")
    lines.append(f"misclassified: {len(mistakes)}")
    for result in mistakes:
        v = result.verdict
        lines.append(
            f"\n{result.case.name}: expected {result.case.expected}, got {v.label} "
            f"(p={v.probability:.3f}, score {v.score:+.2f}, threshold {v.threshold:+.2f})"
        )
        lines.append(f"    {result.case.description}")
        lines.extend(_reason_line(reason) for reason in v.reasons[:reasons])
    return "\n".join(lines)


def as_json(results: list[Result], reasons: int = 5) -> str:
    """Every verdict and the summary, for comparing two models."""
    files = [
        {
            "file": r.case.name,
            "lang": r.case.lang,
            "expected": r.case.expected,
            "label": r.verdict.label,
            "probability": r.verdict.probability,
            "score": r.verdict.score,
            "reasons": [reason.to_dict() for reason in r.verdict.reasons[:reasons]],
        }
        for r in results
    ]
    return json.dumps({"summary": summary(results), "files": files}, ensure_ascii=False, indent=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="model directory (default: the shipped)")
    parser.add_argument("--fixtures", type=Path, default=JUDGE, help="judge set root")
    parser.add_argument("--reasons", type=int, default=5, help="reasons shown per mistake")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)
    cases = load_cases(args.fixtures)
    if not cases:
        print(f"no judge files listed in {args.fixtures / 'README.md'}", file=sys.stderr)
        return 2
    classifier = spamkit.Classifier(args.model)
    start = time.perf_counter()
    results = judge(classifier, cases)
    elapsed = time.perf_counter() - start
    if args.json:
        print(as_json(results, args.reasons))
        return 0
    print(
        f"judge set {args.fixtures} ({len(cases)} messages), "
        f"model {args.model or 'shipped default'}, threshold {classifier.threshold:+.3f}\n"
    )
    print(report(results, args.reasons))
    print(f"\n({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
