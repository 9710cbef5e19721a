"""How fast a site fixes its own false positives: the learning curve of ``train --base``.

A site's business mail that the model has never seen is adapted in with
``spamkit.pipeline.adapt_model`` (what ``spamkit train --base MODEL --ham SITE_HAM`` does),
0, 10, 30, 100 and 300 messages at a time, and measured on *other* messages of the same
kinds (issue 12 §3):

* the base model is trained on the read corpora and the generated hard negatives and
  conversational attack, but **without any generated business mail**, so that business
  mail is as new to it as a real site's is to the shipped model;
* the site's mail is generated business mail of the held-out kinds (``spamkit.synthetic.
  business.HELDOUT_KINDS``) from another seed than any training set: the first 300 are
  the site's ham to learn from, the rest its test mail;
* spam recall and ham FPR on a sample of the read corpora show what adapting costs.

Usage::

    nice python benchmarks/learning_curve.py [--sizes 0,10,30,100,300] [--base MODEL]
        [--prior 1.0] [--plot OUT.png]
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from by_source import REPO, fit, load

from spamkit.features import featurize
from spamkit.pipeline import DEFAULT_PRIOR, adapt_model
from spamkit.synthetic import business


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--sizes", default="0,10,30,100,300")
    parser.add_argument("--base", type=Path, help="a model directory instead of training one")
    parser.add_argument("--prior", type=float, default=DEFAULT_PRIOR)
    parser.add_argument("--site-seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--plot", type=Path, help="write the curve as a PNG (matplotlib)")
    parser.add_argument("--save-base", type=Path, help="save the trained base model here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = load(args.corpora, {"hard-negatives": 400, "conversational": 600}, 1, args.jobs)
    rng = np.random.default_rng(0)
    read = np.flatnonzero(~data.generated)
    sample = rng.choice(read, size=min(3000, len(read)), replace=False)
    if args.base:
        from spamkit.model import load_model

        base = load_model(args.base)
        train_rows = np.array([], dtype=int)
    else:
        train_rows = np.setdiff1d(np.arange(len(data.y)), sample)
        params = {"algorithm": "logreg", "C": 256.0, "reliability_words": 5, "signal_l2": 0.001}
        base = fit(data, train_rows, params, 1.0)
        if args.save_base:
            from spamkit.model import save_model

            save_model(base, args.save_base)
    site = business.generate(900, seed=args.site_seed, kinds=sorted(business.HELDOUT_KINDS))
    site_features = featurize([m.raw for m in site])
    languages = np.array([m.language for m in site])
    learn_pool, test_pool = np.arange(300), np.arange(300, len(site))
    sample_features = [data.features[i] for i in sample]
    y_sample = data.y[sample]
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"# learning curve: base {'from ' + str(args.base) if args.base else 'trained'}"
        f" ({len(train_rows)} messages, no generated business mail); site: {len(site)}"
        f" held-out-kind business messages, seed {args.site_seed}; prior {args.prior}"
    )
    print("\n| site ham learned | site FPR ja | site FPR en | corpus ham FPR | spam recall |")
    print("|---:|---:|---:|---:|---:|")
    curve = []
    for size in sizes:
        model = copy.deepcopy(base)
        if size:
            chosen = learn_pool[:size]
            adapt_model(model, [site_features[i] for i in chosen], [0] * size, prior=args.prior)
        scores = model.decision_function([site_features[i] for i in test_pool])
        flagged = scores >= model.threshold
        langs = languages[test_pool]
        corpus_scores = model.decision_function(sample_features)
        ham_fpr = float(np.mean(corpus_scores[y_sample == 0] >= model.threshold))
        recall = float(np.mean(corpus_scores[y_sample == 1] >= model.threshold))
        row = (
            size,
            float(np.mean(flagged[langs == "ja"])),
            float(np.mean(flagged[langs == "en"])),
            ham_fpr,
            recall,
        )
        curve.append(row)
        print(
            f"| {size} | {100 * row[1]:.1f} % | {100 * row[2]:.1f} % | {100 * row[3]:.2f} %"
            f" | {100 * row[4]:.1f} % |"
        )
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        xs = [max(r[0], 1) for r in curve]
        ax.plot(xs, [100 * r[1] for r in curve], "o-", label="site FPR, Japanese")
        ax.plot(xs, [100 * r[2] for r in curve], "s-", label="site FPR, English")
        ax.plot(xs, [100 * (1 - r[4]) for r in curve], "^--", label="corpus spam missed")
        ax.set_xscale("log")
        ax.set_xlabel("site ham learned (0 shown at 1)")
        ax.set_ylabel("%")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=100)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
