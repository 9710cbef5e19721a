"""Train a model from labelled archives, with an honest held-out evaluation.

``train()`` reads ham and spam through :mod:`spamkit.archives`, parses every
message once, and (with ``holdout``) first trains on a split and measures the
held-out error rates, then retrains on everything.  The measured figures go into
the model's metadata and its card.

The split is *grouped by template*: messages whose text is the same once digits,
URLs and addresses are masked land on the same side.  The Japanese spam holds
campaign copies that differ only in such details (187 messages, 145 templates);
a random split would put copies on both sides and flatter the model.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .archives import iter_messages
from .classifier import is_spam_score
from .features import Features
from .message import ParsedMail, parse
from .metrics import TARGET_FPR, evaluate_scores, threshold_for_fpr
from .model import SpamModel
from .normalise import fold
from .provenance import corpus_sha256, name_digest
from .text import detect_language

__all__ = ["LabelledCorpus", "evaluate_scores", "load_corpus", "template_key", "train"]

_MASKS = (
    re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE),
    re.compile(r"[^\s@]{1,64}@\S*"),  # bounded local part: \S+@ rescans from every position
    re.compile(r"\d+"),
    re.compile(r"\s+"),
)


def template_key(mail: ParsedMail) -> str:
    """A key shared by copies of one campaign: NFKC, case-folded, digits/URLs/addresses gone."""
    text = fold(f"{mail.subject}\n{mail.text[:20000]}")
    for mask in _MASKS:
        text = mask.sub("", text)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


#: ``LabelledCorpus.origins`` of a message read from an archive (generated ones say
#: ``generated:<set>:<kind>``).
READ = "read"


@dataclass
class LabelledCorpus:
    """Parsed messages with labels (1 = spam), their sources and what could not be read.

    ``origins`` says where each message came from: :data:`READ` for a message read from
    an archive, ``generated:<set>:<kind>`` for one made by :mod:`spamkit.synthetic`
    (see :func:`add_generated`).
    """

    mails: list[ParsedMail] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    generated: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.origins.extend([READ] * (len(self.mails) - len(self.origins)))

    def fingerprint(self) -> str:
        """SHA-256 over the sorted (label, file name) pairs of the messages read from files.

        Generated messages are described by :attr:`generated` (sets, counts and seed).
        """
        labels, sources = self.read_names()
        return corpus_sha256(labels, sources)

    def read_names(self) -> tuple[list[int], list[str]]:
        """The labels and sources of the messages read from files (not generated)."""
        read = [
            (label, source)
            for label, source, origin in zip(self.labels, self.sources, self.origins, strict=True)
            if origin == READ
        ]
        return [label for label, _ in read], [source for _, source in read]

    def is_generated(self) -> np.ndarray:
        """A boolean array: which messages were generated."""
        return np.array([origin != READ for origin in self.origins], dtype=bool)

    def subset(self, index: Sequence[int]) -> LabelledCorpus:
        """The messages at ``index`` (errors and the description of generated sets kept)."""
        return LabelledCorpus(
            [self.mails[i] for i in index],
            [self.labels[i] for i in index],
            [self.sources[i] for i in index],
            list(self.errors),
            [self.origins[i] for i in index],
            dict(self.generated),
        )

    def languages(self) -> list[str]:
        return [detect_language(f"{m.subject}\n{m.text}") for m in self.mails]


def load_corpus(
    ham: Iterable[str],
    spam: Iterable[str],
    *,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> LabelledCorpus:
    """Read and parse every message under the ``ham`` and ``spam`` paths."""
    corpus = LabelledCorpus()
    items = [(0, path) for path in ham] + [(1, path) for path in spam]

    def stream():
        for label, path in items:
            # A Maildir's .Junk or .Sent is another mailbox, not more of this label.
            for item in iter_messages(path, subfolders=False):
                yield label, item

    iterator: Iterable[Any] = stream()
    if progress is not None:
        iterator = progress(iterator)
    for label, item in iterator:
        if item.data is None:
            corpus.errors.append((item.source, item.error or "unreadable"))
            continue
        corpus.mails.append(parse(item.data))
        corpus.labels.append(label)
        corpus.sources.append(item.source)
        corpus.origins.append(READ)
    return corpus


#: The generated sets :func:`add_generated` knows: name -> (label, generator).
GENERATED_SETS = ("business", "hard-negatives", "conversational")


def add_generated(
    corpus: LabelledCorpus,
    counts: dict[str, int],
    *,
    seed: int = 1,
    exclude: Iterable[str] = (),
) -> LabelledCorpus:
    """Add generated mail (:mod:`spamkit.synthetic`) to ``corpus``, in place.

    Parameters
    ----------
    corpus : LabelledCorpus
    counts : dict of str to int
        How many messages of each set: ``business`` (legitimate business and
        transactional mail, ham), ``hard-negatives`` (legitimate mail that resembles the
        conversational attack, ham), ``conversational`` (the attack, spam).
    seed : int
        The generators' seed: the same seed gives the same messages.
    exclude : iterable of str
        Kinds (business) to leave out, or ``"heldout"`` for every held-out kind and
        family: what an honest measurement trains without.

    Returns
    -------
    LabelledCorpus
        ``corpus``.
    """
    from .synthetic import business, conversational

    exclude = set(exclude)
    unknown = set(counts) - set(GENERATED_SETS)
    if unknown:
        raise ValueError(f"unknown generated set(s) {sorted(unknown)}; known: {GENERATED_SETS}")
    for name, n in counts.items():
        if n <= 0:
            continue
        if name == "business":
            held = set(business.HELDOUT_KINDS) if "heldout" in exclude else set()
            mails = business.generate(n, seed=seed, exclude_kinds=held | (exclude - {"heldout"}))
        elif name == "hard-negatives":
            mails = conversational.hard_negatives(n, seed=seed)
        else:
            mails = conversational.generate(n, seed=seed)
        if "heldout" in exclude:
            mails = [m for m in mails if not m.family.get("split", "dev").startswith("heldout")]
        for i, mail in enumerate(mails):
            corpus.mails.append(parse(mail.raw))
            corpus.labels.append(1 if mail.label == "spam" else 0)
            corpus.sources.append(f"generated/{name}/{mail.kind}/{i:05d}")
            corpus.origins.append(f"generated:{name}:{mail.kind}")
    corpus.generated = {
        "sets": {**corpus.generated.get("sets", {}), **counts},
        "seed": seed,
        "exclude": sorted(exclude),
    }
    return corpus


def language_balanced_weights(
    labels: Sequence[int] | np.ndarray,
    languages: Sequence[str],
    generated: Sequence[bool] | np.ndarray | None = None,
    generated_weight: float = 1.0,
) -> np.ndarray:
    """Sample weights: within each language, ham and spam carry the same total weight.

    The Japanese corpora hold 6221 ham and 187 spam, the English 4149 and 1897:
    unweighted, the model would learn "Japanese = ham" from the proportions alone.
    A language seen in one class only (the phishing honeypot's Portuguese, German, ...:
    no ham exists in them) keeps weight 1: balancing would shrink 1,500 phishing
    messages to the weight of a few dozen short ham.  Generated messages
    (:func:`add_generated`) count ``generated_weight`` times a read one of their cell.
    The weights are scaled to a mean of 1.
    """
    labels_arr = np.asarray(labels)
    langs = np.asarray(languages)
    extra = (
        np.ones(len(labels_arr))
        if generated is None
        else np.where(np.asarray(generated, dtype=bool), float(generated_weight), 1.0)
    )
    weights = extra.copy()
    for lang in np.unique(langs):
        in_lang = langs == lang
        ham, spam = in_lang & (labels_arr == 0), in_lang & (labels_arr == 1)
        if not ham.any() or not spam.any():
            continue
        half = extra[in_lang].sum() / 2
        weights[ham] = extra[ham] * half / extra[ham].sum()
        weights[spam] = extra[spam] * half / extra[spam].sum()
    return weights * (len(weights) / weights.sum())


def grouped_split(
    keys: Sequence[str], labels: Sequence[int], test_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Train/test indices, stratified by label, never splitting a template group."""
    rng = np.random.default_rng(seed)
    train_idx: list[int] = []
    test_idx: list[int] = []
    for label in (0, 1):
        groups: dict[str, list[int]] = {}
        for i, (key, lab) in enumerate(zip(keys, labels, strict=True)):
            if lab == label:
                groups.setdefault(key, []).append(i)
        order = sorted(groups)
        rng.shuffle(order)
        total = sum(len(g) for g in groups.values())
        taken = 0
        for key in order:
            members = groups[key]
            if taken < test_fraction * total:
                test_idx.extend(members)
                taken += len(members)
            else:
                train_idx.extend(members)
    return np.array(sorted(train_idx)), np.array(sorted(test_idx))


def corpus_features(corpus: LabelledCorpus, rules: Any = None) -> list[Features]:
    """The features of every message of ``corpus`` (rules run once per message)."""
    from .features import featurize

    return featurize(corpus.mails, rules)


def _fit(
    corpus: LabelledCorpus,
    index: np.ndarray,
    features: Sequence[Features],
    languages: Sequence[str],
    keys: Sequence[str],
    *,
    generated_weight: float = 1.0,
    **params: Any,
) -> SpamModel:
    """Fit on ``index``; the operating point comes from the read ham's out-of-fold scores."""
    from .pipeline import SpamEstimator, signal_meanings

    labels = np.array([corpus.labels[i] for i in index])
    generated = corpus.is_generated()[index]
    weights = language_balanced_weights(
        labels, [languages[i] for i in index], generated, generated_weight
    )
    estimator = SpamEstimator(**params).fit(
        [features[i] for i in index],
        labels,
        weights,
        [keys[i] for i in index],
        signal_meanings(),
    )
    read = ~generated
    threshold = threshold_for_fpr(labels[read], estimator.oof_scores_[read])
    model = estimator.to_model(threshold)
    model.meta["operating_point"] = {
        "threshold": threshold,
        "rule": f"lowest with out-of-fold ham FPR <= {TARGET_FPR:.2%} (read ham only), at"
        " least 0; folded into the intercept, so the model's threshold is 0",
    }
    return model


def holdout_report(
    corpus: LabelledCorpus,
    *,
    test_fraction: float = 0.3,
    seed: int = 1,
    features: Sequence[Features] | None = None,
    generated_weight: float = 1.0,
    **params: Any,
) -> dict[str, Any]:
    """Train on a grouped split and measure on the rest, overall and per language.

    Only messages read from archives are tested; generated ones always train.  The
    threshold is the trained model's own (its operating point, chosen out of fold on
    the training side); the metrics "at threshold" use it.
    """
    features = list(features) if features is not None else corpus_features(corpus)
    languages = corpus.languages()
    keys = [template_key(m) for m in corpus.mails]
    generated = corpus.is_generated()
    read = np.flatnonzero(~generated)
    train_read, test_read = grouped_split(
        [keys[i] for i in read], [corpus.labels[i] for i in read], test_fraction, seed
    )
    train_idx = np.sort(np.concatenate([read[train_read], np.flatnonzero(generated)]))
    test_idx = read[test_read]
    model = _fit(
        corpus, train_idx, features, languages, keys, generated_weight=generated_weight, **params
    )
    started = time.perf_counter()
    scores = model.decision_function([features[i] for i in test_idx])
    elapsed = time.perf_counter() - started
    y = np.array([corpus.labels[i] for i in test_idx])
    langs = np.array([languages[i] for i in test_idx])
    threshold = model.threshold
    report: dict[str, Any] = {
        "split": {"test_fraction": test_fraction, "seed": seed, "grouped_by": "template_key"},
        "n_train": len(train_idx),
        "n_test": len(test_idx),
        "threshold": threshold,
        "threshold_rule": model.meta["operating_point"]["rule"],
        "all": evaluate_scores(y, scores, threshold),
        "score_seconds": round(elapsed, 2),
    }
    for lang in ("en", "ja"):
        mask = langs == lang
        if mask.any():
            report[lang] = evaluate_scores(y[mask], scores[mask], threshold)
    report["by_folder"] = _by_folder([corpus.sources[i] for i in test_idx], y, scores, threshold)
    report["_scores"] = (test_idx, scores)
    return report


def _folder(source: str) -> str:
    """The folder a message was read from (``easy_ham``, ``phishing``, an archive's name)."""
    path = source.split("::", 1)[0].rstrip("/")
    parts = path.split("/")
    return parts[-2] if len(parts) > 1 else parts[-1]


def _by_folder(
    sources: Sequence[str], y: np.ndarray, scores: np.ndarray, threshold: float
) -> dict[str, dict[str, Any]]:
    """Each source folder of the test set: a spam folder against all the test ham, a ham
    folder by its false positives (the grouped split keeps one campaign on one side)."""
    folders = np.array([_folder(s) for s in sources])
    ham = y == 0
    out: dict[str, dict[str, Any]] = {}
    for folder in sorted(set(folders.tolist())):
        mask = folders == folder
        if ham[mask].all():
            out[folder] = {
                "n_ham": int(mask.sum()),
                "fpr": float(np.mean(is_spam_score(scores[mask], threshold))),
            }
        else:
            both = mask | ham
            figures = evaluate_scores(y[both], scores[both], threshold)
            out[folder] = {
                "n_spam": int((mask & ~ham).sum()),
                "auc": figures["auc"],
                "fnr": figures["fnr"],
                "fnr_at_fpr_0.1pct": figures["fnr_at_fpr_0.1pct"],
            }
    return out


def train(
    corpus: LabelledCorpus,
    *,
    algorithm: str = "logreg",
    holdout: float = 0.0,
    seed: int = 1,
    generated_weight: float = 1.0,
    **params: Any,
) -> SpamModel:
    """Train on all of ``corpus``; with ``holdout`` > 0, measure a grouped split first.

    Parameters
    ----------
    corpus : LabelledCorpus
        Read (and optionally generated, :func:`add_generated`) messages.
    algorithm : {"logreg", "nb"}
        The text model.
    holdout : float
        Share of the read messages held out for the measured figures of the card.
    seed : int
        Seed of the held-out split.
    generated_weight : float
        How much a generated message weighs against a read one of its language and class.
    **params
        :class:`spamkit.pipeline.SpamEstimator` parameters.

    Returns
    -------
    SpamModel
        Its threshold is 0: the operating point is folded into the model.
    """
    if not corpus.mails:
        raise ValueError("no messages to train on")
    params["algorithm"] = algorithm
    features = corpus_features(corpus)
    languages = corpus.languages()
    keys = [template_key(m) for m in corpus.mails]
    report = None
    if holdout > 0:
        report = holdout_report(
            corpus,
            test_fraction=holdout,
            seed=seed,
            features=features,
            generated_weight=generated_weight,
            **params,
        )
        report.pop("_scores")
    model = _fit(
        corpus,
        np.arange(len(corpus.mails)),
        features,
        languages,
        keys,
        generated_weight=generated_weight,
        **params,
    )
    generated = corpus.is_generated()
    counts: dict[str, dict[str, int]] = {}
    for lang, label, made in zip(languages, corpus.labels, generated, strict=True):
        cell = counts.setdefault(lang, {"ham": 0, "spam": 0, "generated ham": 0})
        if made and not label:
            cell["generated ham"] += 1
        cell["spam" if label else "ham"] += 1
    weights = language_balanced_weights(corpus.labels, languages, generated, generated_weight)
    labels = np.asarray(corpus.labels)
    ham_weight = float(weights[labels == 0].sum())
    model.meta.update(
        {
            "training": {
                "messages": len(corpus.mails),
                "ham": corpus.labels.count(0),
                "spam": corpus.labels.count(1),
                "generated": int(generated.sum()),
                "generated_sets": corpus.generated,
                "generated_weight": generated_weight,
                "generated_share_of_ham_weight": round(
                    float(weights[(labels == 0) & generated].sum()) / ham_weight, 4
                )
                if ham_weight
                else 0.0,
                "by_language": counts,
                "unreadable": len(corpus.errors),
                "weighting": "language_balanced",
                "corpus_sha256": corpus.fingerprint(),
                "file_names": name_digest(*corpus.read_names()),
            },
            "holdout": report,
        }
    )
    return model
