"""The yardstick that predicts unseen mail: leave one source out, a time split, held-out kinds.

spamkit is judged on mail from other sources and years than its corpora, so modelling
decisions are made on these figures, never on random splits (issue 15):

* **leave-one-source-out**: for each source family F (SpamAssassin easy ham, hard ham,
  Japanese ham, SpamAssassin spam, Japanese spam, phishing), train on every other family
  except a fixed grouped 30 % test split of the other class, and test on F plus that
  split.  AUC, FNR at FPR <= 0.1 % (the FPR measured on the test ham) and FPR/FNR at the
  model's own threshold (its operating point, chosen out of fold on its training ham);
* **time split**: phishing 2024 held out, trained with phishing 2022-23;
* **generated mail held out**: trained with the generated sets but without their
  held-out kinds and families (``spamkit.synthetic``): false positives on the held-out
  business kinds (Japanese and English) and hard negatives, recall on held-out
  conversational families;
* **the judge**: the hand-written ``tests/fixtures/judge/`` (never trained on), accuracy
  per folder;
* ``--top-features``: the 30 strongest features of each family (a feature that tells one
  corpus from another is not a spam feature: era, language, header style).

Usage::

    nice python benchmarks/by_source.py [--jobs 2] [--generated business=2400,...]
        [--generated-weight 1] [--C 256] [--reliability-words 20] [--top-features]
        [--rows sa_spam,phishing] [--json OUT] [--card models/default/CARD.md]
    python benchmarks/by_source.py --load OUT.json --card models/default/CARD.md

``--card`` writes the figures into a model card as its "Leave one source out" section
(between ``<!-- by_source -->`` markers, replaced on the next run); ``--load`` takes them
from an earlier ``--json`` run instead of measuring again.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from spamkit.features import Features, featurize
from spamkit.message import parse
from spamkit.pipeline import SpamEstimator, signal_meanings
from spamkit.rules import RuleSet
from spamkit.training import (
    grouped_split,
    language_balanced_weights,
    template_key,
    threshold_for_fpr,
)

REPO = Path(__file__).resolve().parents[1]

#: Leave-one-source-out rows: name -> the families held out.
ROWS: dict[str, tuple[str, ...]] = {
    "sa_easy_ham": ("sa_easy_ham",),
    "sa_hard_ham": ("sa_hard_ham",),
    "ja_ham": ("ja_ham",),
    "sa_spam": ("sa_spam",),
    "ja_spam": ("ja_spam",),
    "phishing": ("phish", "phish24"),
    "phish24 (time)": ("phish24",),
}
DEFAULT_GENERATED = "business=2400,hard-negatives=400,conversational=600"


def family_of(path: str, date: str) -> str:
    folder = path.split("/", 2)
    if folder[0] == "spamassassin":
        if folder[1].startswith("easy_ham"):
            return "sa_easy_ham"
        return "sa_hard_ham" if folder[1] == "hard_ham" else "sa_spam"
    if folder[0] == "phishing":
        return "phish24" if date.startswith("2024") else "phish"
    return folder[0]


class Data:
    """Every message once: features, label, family, language, template key, split."""

    def __init__(self) -> None:
        self.features: list[Features] = []
        self.labels: list[int] = []
        self.family: list[str] = []
        self.language: list[str] = []
        self.keys: list[str] = []
        self.split: list[str] = []  # generated: "dev" / "heldout..."; read: ""
        self.kind: list[str] = []
        self.names: list[str] = []

    def arrays(self) -> None:
        self.y = np.array(self.labels)
        self.fam = np.array(self.family)
        self.lang = np.array(self.language)
        self.generated = np.char.startswith(self.fam.astype(str), "gen_")
        self.heldout = np.char.startswith(np.array(self.split, dtype=str), "heldout")


def load(corpora: Path, generated: dict[str, int], seed: int, jobs: int) -> Data:
    """Parse and featurize the corpora and the generated sets (in parallel)."""
    from joblib import Parallel, delayed

    items: list[tuple[str, bytes, int, str, dict[str, str]]] = []
    with open(corpora / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            raw = (corpora / row["path"]).read_bytes()
            label = int(row["label"] == "spam")
            items.append((row["path"], raw, label, family_of(row["path"], row["date"]), {}))
    for path in sorted((corpora / "ja_ham").iterdir()):
        items.append((f"ja_ham/{path.name}", path.read_bytes(), 0, "ja_ham", {}))
    if generated:
        from spamkit.synthetic import business, conversational

        sets = {
            "business": ("gen_biz", lambda n: business.generate(n, seed=seed)),
            "hard-negatives": (
                "gen_hardneg",
                lambda n: conversational.hard_negatives(n, seed=seed),
            ),
            "conversational": ("gen_conv", lambda n: conversational.generate(n, seed=seed)),
        }
        for name, count in generated.items():
            family, make = sets[name]
            for i, mail in enumerate(make(count)):
                extra = {"split": mail.family.get("split", "dev"), "kind": mail.kind}
                label = int(mail.label == "spam")
                items.append((f"{family}/{mail.kind}/{i}", mail.raw, label, family, extra))

    def work(batch: list[tuple[str, bytes, int, str, dict[str, str]]]) -> list[Any]:
        from spamkit.text import detect_language

        rules = RuleSet.load()
        out = []
        for name, raw, label, family, extra in batch:
            mail = parse(raw)
            feats = featurize([mail], rules)[0]
            lang = detect_language(f"{mail.subject}\n{mail.text}")
            out.append((name, feats, label, family, lang, template_key(mail), extra))
        return out

    batches = [items[i : i + 400] for i in range(0, len(items), 400)]
    data = Data()
    for done in Parallel(n_jobs=jobs)(delayed(work)(b) for b in batches):
        for name, feats, label, family, lang, key, extra in done:
            data.features.append(feats)
            data.labels.append(label)
            data.family.append(family)
            data.language.append(lang)
            data.keys.append(key)
            data.split.append(extra.get("split", ""))
            data.kind.append(extra.get("kind", family))
            data.names.append(name)
    data.arrays()
    return data


def fit(data: Data, train: np.ndarray, params: dict[str, Any], gen_weight: float):
    """The production recipe on ``train``: weights, out-of-fold stage two, operating point.

    ``params["oof_groups"]`` (not an estimator parameter) picks the out-of-fold groups:
    ``"template"`` (campaign copies together, as ``spamkit train``) or ``"family"``.
    """
    params = dict(params)
    by = params.pop("oof_groups", "template")
    spam_sources = params.pop("spam_source_oof", False)
    y = data.y[train]
    weights = language_balanced_weights(y, data.lang[train], data.generated[train], gen_weight)
    groups = data.keys if by == "template" else data.family
    estimator = SpamEstimator(**params).fit(
        [data.features[i] for i in train],
        y,
        weights,
        [groups[i] for i in train],
        signal_meanings(),
        [data.family[i] for i in train] if spam_sources else None,
    )
    read = ~data.generated[train]
    threshold = threshold_for_fpr(y[read], estimator.oof_scores_[read])
    return estimator.to_model(threshold)


def auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s)) if len(set(y.tolist())) == 2 else float("nan")


def fnr_at_fpr(y: np.ndarray, s: np.ndarray, max_fpr: float = 0.001) -> float:
    ham = np.sort(s[y == 0])[::-1]
    spam = s[y == 1]
    if not len(ham) or not len(spam):
        return float("nan")
    allowed = int(np.floor(max_fpr * len(ham)))
    cut = ham[allowed] if allowed < len(ham) else -np.inf
    return float(np.mean(spam <= cut))


def loso_row(data: Data, name: str, params: dict[str, Any], gen_weight: float) -> dict[str, Any]:
    """One leave-one-source-out row (generated held-out kinds/families never train)."""
    held_families = ROWS[name]
    usable = ~(data.generated & data.heldout)
    read = np.flatnonzero(~data.generated)
    held = np.flatnonzero(np.isin(data.fam, held_families))
    cls = int(data.y[held[0]])
    other = read[(data.y[read] != cls) & ~np.isin(data.fam[read], held_families)]
    _, test_other = grouped_split([data.keys[i] for i in other], data.y[other], 0.3, 1)
    other_test = other[test_other]
    exclude = np.zeros(len(data.y), dtype=bool)
    exclude[held] = True
    exclude[other_test] = True
    train = np.flatnonzero(usable & ~exclude)
    started = time.perf_counter()
    model = fit(data, train, params, gen_weight)
    test = np.concatenate([held, other_test])
    scores = model.decision_function([data.features[i] for i in test])
    y = data.y[test]
    spam_side = scores[y == 1]
    ham_side = scores[y == 0]
    return {
        "row": name,
        "held": len(held),
        "auc": auc(y, scores),
        "fnr_at_fpr_0.1pct": fnr_at_fpr(y, scores),
        "fpr": float(np.mean(ham_side >= 0)) if len(ham_side) else float("nan"),
        "fnr": float(np.mean(spam_side < 0)) if len(spam_side) else float("nan"),
        "seconds": round(time.perf_counter() - started, 1),
    }


def generated_rows(data: Data, params: dict[str, Any], gen_weight: float) -> dict[str, Any]:
    """Trained on everything read and on the generated dev kinds/families; tested on the rest."""
    train = np.flatnonzero(~(data.generated & data.heldout))
    model = fit(data, train, params, gen_weight)
    out: dict[str, Any] = {"model": model}
    scores = model.decision_function(data.features)
    for family in ("gen_biz", "gen_hardneg", "gen_conv"):
        for split in ("heldout", "dev"):
            mask = (data.fam == family) & (data.heldout if split == "heldout" else ~data.heldout)
            for lang in ("ja", "en"):
                m = mask & (data.lang == lang)
                if m.any():
                    out[f"{family} {split} {lang}"] = (float(np.mean(scores[m] >= 0)), int(m.sum()))
    per_kind = Counter()
    per_kind_n = Counter()
    mask = (data.fam == "gen_biz") & data.heldout
    for i in np.flatnonzero(mask):
        per_kind_n[(data.kind[i], data.lang[i])] += 1
        per_kind[(data.kind[i], data.lang[i])] += int(scores[i] >= 0)
    out["biz_heldout_kinds"] = {
        f"{k} {lang}": (per_kind[(k, lang)], n) for (k, lang), n in sorted(per_kind_n.items())
    }
    return out


def judge(model: Any) -> dict[str, tuple[int, int]]:
    """Accuracy per folder of the hand-written judge set (``tests/fixtures/judge``)."""
    from spamkit.classifier import Classifier

    root = REPO / "tests" / "fixtures" / "judge"
    readme = (root / "README.md").read_text(encoding="utf-8") if root.is_dir() else ""
    expected: dict[str, str] = {}
    for line in readme.splitlines():
        cells = [c.strip().strip("`") for c in line.split("|")]
        for cell in cells:
            if cell.endswith(".eml") and "/" in cell:
                label = next((c for c in cells if c in ("spam", "ham")), None)
                if label:
                    expected[cell] = label
    classifier = Classifier(model)
    result: dict[str, list[int]] = {}
    for rel, label in sorted(expected.items()):
        path = root / rel
        if not path.is_file():
            continue
        verdict = classifier.classify(path.read_bytes())
        folder = rel.split("/", 1)[0] + (f" ({label})" if rel.startswith("invite") else "")
        cell = result.setdefault(folder, [0, 0])
        cell[0] += int(verdict.label == label)
        cell[1] += 1
    return {k: (v[0], v[1]) for k, v in result.items()}


def top_features(data: Data, model: Any, n: int = 30) -> dict[str, list[tuple[str, float]]]:
    """Per family: the features with the largest total contribution to its scores."""
    out: dict[str, list[tuple[str, float]]] = {}
    for family in sorted(set(data.family)):
        totals: Counter[str] = Counter()
        idx = np.flatnonzero(data.fam == family)
        for i in idx[:: max(1, len(idx) // 800)]:
            explained = model.explain(data.features[i], top=None)
            for token, share in explained.tokens.items():
                totals[token] += share
            for signal, weight in explained.signals.items():
                totals[f"signal:{signal}"] += weight
        sign = (
            1
            if data.family[idx[0]] in ("sa_spam", "ja_spam", "phish", "phish24", "gen_conv")
            else -1
        )
        ranked = sorted(totals.items(), key=lambda kv: -sign * kv[1])[:n]
        out[family] = [
            (t, round(v / max(1, len(idx[:: max(1, len(idx) // 800)])), 3)) for t, v in ranked
        ]
    return out


def parse_generated(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in filter(None, text.split(",")):
        name, _, count = part.partition("=")
        out[name] = int(count)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--generated", default=DEFAULT_GENERATED, help="'' for none")
    parser.add_argument("--generated-seed", type=int, default=1)
    parser.add_argument("--generated-weight", type=float, default=1.0)
    parser.add_argument("--C", type=float, default=256.0)
    parser.add_argument("--reliability-words", type=int, default=5)
    parser.add_argument("--signal-l2", type=float, default=0.001)
    parser.add_argument("--algorithm", default="logreg")
    parser.add_argument("--rows", default=",".join(ROWS), help="LOSO rows to run ('' none)")
    parser.add_argument("--no-generated-rows", action="store_true")
    parser.add_argument("--top-features", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON")
    parser.add_argument("--oof-groups", choices=("template", "family"), default="template")
    parser.add_argument("--spam-source-oof", action="store_true")
    parser.add_argument("--card", type=Path, help="write the figures into this model card")
    parser.add_argument("--load", type=Path, help="figures from an earlier --json run")
    args = parser.parse_args(argv)
    if args.load:
        report = json.loads(args.load.read_text("utf-8"))
        if args.card:
            write_card_section(args.card, report)
            print(f"wrote the by-source section of {args.card}")
        return 0
    params = {
        "algorithm": args.algorithm,
        "C": args.C,
        "reliability_words": args.reliability_words,
        "signal_l2": args.signal_l2,
        "oof_groups": args.oof_groups,
        "spam_source_oof": args.spam_source_oof,
    }
    started = time.perf_counter()
    data = load(args.corpora, parse_generated(args.generated), args.generated_seed, args.jobs)
    print(
        f"# by_source: {len(data.y)} messages loaded in {time.perf_counter() - started:.0f} s;"
        f" params {params}, generated {args.generated or 'none'} (weight {args.generated_weight})"
    )
    report: dict[str, Any] = {
        "params": params,
        "generated_sets": args.generated,
        "generated_weight": args.generated_weight,
        "date": time.strftime("%Y-%m-%d"),
    }
    rows = [r for r in args.rows.split(",") if r]
    if rows:
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=args.jobs)(
            delayed(loso_row)(data, r, params, args.generated_weight) for r in rows
        )
        print("\n| held out | n | AUC | FNR @ FPR ≤ 0.1 % | FPR @ thr | FNR @ thr | s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['row']} | {r['held']} | {r['auc']:.5f}"
                f" | {100 * r['fnr_at_fpr_0.1pct']:.2f} %"
                f" | {100 * r['fpr']:.2f} % | {100 * r['fnr']:.2f} % | {r['seconds']} |"
            )
        report["loso"] = results
    if not args.no_generated_rows:
        gen = generated_rows(data, params, args.generated_weight)
        model = gen.pop("model")
        print(
            "\nGenerated, trained without held-out kinds/families (rate at the model's threshold):"
        )
        for key, value in gen.items():
            if key == "biz_heldout_kinds":
                continue
            rate, n = value
            what = "recall" if key.startswith("gen_conv") else "FPR"
            print(f"- {key}: {what} {100 * rate:.1f} % (n={n})")
        flagged = {k: v for k, v in gen["biz_heldout_kinds"].items() if v[0]}
        print(f"- held-out business kinds with false positives: {flagged or 'none'}")
        results_judge = judge(model)
        print(
            "\nJudge (hand-written, never trained on): "
            + ", ".join(f"{k} {c}/{n}" for k, (c, n) in results_judge.items())
        )
        report["generated"] = {k: v for k, v in gen.items()}
        report["judge"] = results_judge
        if args.top_features:
            tops = top_features(data, model)
            report["top_features"] = tops
            for family, ranked in tops.items():
                print(f"\n{family}: " + ", ".join(f"{t} {v:+.2f}" for t, v in ranked))
    report["seconds"] = round(time.perf_counter() - started)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    if args.card:
        write_card_section(args.card, report)
    print(f"\n({report['seconds']} s)")
    return 0


CARD_MARK = "<!-- by_source -->"


def card_section(report: dict[str, Any]) -> str:
    """The card's "Leave one source out" section, in markdown, from a run's figures."""
    lines = [
        CARD_MARK,
        "## Leave one source out",
        "",
        f"Measured {report.get('date', '')} by `python benchmarks/by_source.py` with the"
        f" training recipe of this model (generated {report.get('generated_sets') or 'none'},"
        f" weight {report.get('generated_weight', 1.0)}): each row trains on every other source"
        " family and tests on the held-out one (with a grouped 30 % of the other class);"
        " `phish24` trains on phishing 2022-23 and tests on 2024. FPR/FNR are at the model's"
        " own operating point, chosen out of fold on its training ham.",
        "",
        "| held out | n | AUC | FNR @ FPR ≤ 0.1 % | FPR @ thr | FNR @ thr |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in report.get("loso", []):
        lines.append(
            f"| {r['row']} | {r['held']} | {r['auc']:.5f} | {100 * r['fnr_at_fpr_0.1pct']:.2f} %"
            f" | {100 * r['fpr']:.2f} % | {100 * r['fnr']:.2f} % |"
        )
    generated = report.get("generated") or {}
    if generated:
        lines += ["", "Generated mail, trained without its held-out kinds and families:", ""]
        for key, value in generated.items():
            if key == "biz_heldout_kinds":
                continue
            rate, n = value
            what = "recall" if key.startswith("gen_conv") else "false positives"
            lines.append(f"- {key}: {what} {100 * rate:.1f} % (n={n})")
    judged = report.get("judge") or {}
    if judged:
        lines += [
            "",
            "Judge set (hand-written, never trained on), same model: "
            + ", ".join(f"{k} {c}/{n}" for k, (c, n) in judged.items()),
        ]
    lines.append(CARD_MARK)
    return "\n".join(lines) + "\n"


def write_card_section(path: Path, report: dict[str, Any]) -> None:
    """Put :func:`card_section` into the card at ``path``, replacing an earlier one."""
    text = path.read_text("utf-8") if path.exists() else ""
    section = card_section(report)
    if CARD_MARK in text:
        head, _, rest = text.partition(CARD_MARK)
        _, _, tail = rest.partition(CARD_MARK)
        text = head + section + tail.lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, "utf-8")


if __name__ == "__main__":
    sys.exit(main())
