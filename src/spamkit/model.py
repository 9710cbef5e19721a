"""The trained model: the arrays it learned, scoring features with them, and safe persistence.

Training uses a plain scikit-learn pipeline (:mod:`spamkit.pipeline`)::

    MailFeaturizer  ->  HashingVectorizer  ->  TfidfTransformer  ->  LogisticRegression
    (mail → tokens)     (tokens → counts)      (sublinear tf·idf)     (or MultinomialNB)

Scoring repeats that arithmetic with NumPy alone, so a mail filter does not pay
scikit-learn's import (0.7 s, 90 MB) in every process.  Hashing (2**20 features,
no sign flip) keeps the model independent of a vocabulary, so the only learned
state is a few arrays.  A saved model is a
directory with ``model.json`` (metadata, parameters, checksums) and
``arrays.npz`` (read with ``allow_pickle=False``): loading never executes code,
unlike pickle/joblib files.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import stat
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import mmh3
import numpy as np

from ._version import __version__
from .errors import ModelError
from .features import SIGNAL_PREFIX, Features
from .text import MAX_TOKENISED_CHARS

__all__ = [
    "ALGORITHMS",
    "DEFAULT_MODEL_DIR",
    "SpamModel",
    "load_model",
    "save_model",
]

#: Bumped whenever the saved layout or the meaning of a feature changes.
FORMAT_VERSION = 1
N_FEATURES = 2**20
ALGORITHMS = ("logreg", "nb")
_ARRAY_LIMIT_BYTES = 64 * 2**20  # no legitimate array is bigger; refuse "huge declared sizes"


def _default_model_dir() -> Path:
    """``models/default`` of the checkout, installed as the package ``spamkit._models``.

    Running from a source tree without installing (``PYTHONPATH=src``) finds the same
    directory beside ``src/``.
    """
    try:
        import spamkit._models

        return Path(next(iter(spamkit._models.__path__))) / "default"
    except ImportError:
        return Path(__file__).resolve().parents[2] / "models" / "default"


DEFAULT_MODEL_DIR = _default_model_dir()


#: token -> column, shared by the threads of a process (dict operations are atomic).
_INDEX_CACHE: dict[str, int] = {}
_INDEX_CACHE_SIZE = 2**17


def _token_index(token: str) -> int:
    """The column scikit-learn's HashingVectorizer gives ``token`` (alternate_sign=False).

    MurmurHash3 x86/32, seed 0, over UTF-8, as ``sklearn.utils.murmurhash3_32``;
    ``mmh3`` computes it without importing scikit-learn (0.7 s and 90 MB per process).
    """
    return abs(mmh3.hash(token, 0, signed=True)) % N_FEATURES


class SpamModel:
    """A trained model as the arrays it learned, plus its threshold and provenance.

    Scoring needs only NumPy: the arithmetic of the scikit-learn pipeline (hashing,
    sublinear tf·idf, l2 norm, linear decision) is done directly for each message's
    :class:`~spamkit.features.Features`.  :mod:`spamkit.pipeline` trains models and
    turns one back into a scikit-learn pipeline when needed.

    Parameters
    ----------
    algorithm : {"logreg", "nb"}
    arrays : dict of str to ndarray
        What :func:`save_model` stores: ``coef``/``intercept``/``idf`` for logreg,
        ``feature_count``/``class_count`` for nb.
    threshold : float
        Score at or above which a message is spam.
    params : dict
        ``max_text_chars`` and the estimator's hyper-parameters.
    meta : dict
        Provenance: training data, held-out metrics, versions.

    Attributes
    ----------
    arrays_ : dict of str to ndarray
        The learned arrays, as saved.
    coef_ : ndarray of shape (n_features,)
        The log-odds weight of each hashed column (for nb, the difference of the two
        classes' smoothed log probabilities).
    intercept_ : float
        The log-odds bias.
    idf_ : ndarray of shape (n_features,) or None
        Inverse document frequencies (logreg; ``None`` for nb, which uses none).
    """

    def __init__(
        self,
        algorithm: str,
        arrays: dict[str, np.ndarray],
        *,
        threshold: float = 0.0,
        params: dict[str, Any] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        if algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, not {algorithm!r}")
        self.algorithm = algorithm
        self.threshold = threshold
        self.params = dict(params or {})
        self.meta = dict(meta or {})
        self.max_text_chars = int(self.params.get("max_text_chars") or MAX_TOKENISED_CHARS)
        self.set_arrays(arrays)

    def set_arrays(self, arrays: dict[str, np.ndarray]) -> None:
        """Install learned arrays and derive per-feature weights, bias and idf from them."""
        self.arrays_ = arrays
        if self.algorithm == "logreg":
            self.coef_ = arrays["coef"][0]
            self.intercept_ = float(arrays["intercept"][0])
            self.idf_: np.ndarray | None = arrays["idf"]
        else:
            # MultinomialNB: log P(token|class) with Laplace/Lidstone smoothing alpha.
            alpha = float(self.params.get("alpha") or 0.05)
            smoothed = arrays["feature_count"] + alpha
            log_prob = np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))
            self.coef_ = log_prob[1] - log_prob[0]
            counts = arrays["class_count"]
            self.intercept_ = float(np.log(counts[1]) - np.log(counts[0]))
            self.idf_ = None

    def decision_function(self, features: Iterable[Features]) -> np.ndarray:
        """Log-odds of spam for each message's features (see :func:`spamkit.features.featurize`)."""
        return np.array([self.explain(f)[0] for f in features])

    def explain(
        self, features: Features, *, top: int | None = None
    ) -> tuple[float, dict[str, float]]:
        """Log-odds of one message and its tokens' shares of it (positive = spammy).

        ``top`` keeps only the ``top`` strongest shares, plus every ``signal:`` token;
        ``None`` keeps them all (they then add up to the log-odds less the intercept).
        """
        return self.explain_tokens(features.model_tokens(), top=top)

    def explain_tokens(
        self, tokens: Sequence[str], *, top: int | None = None
    ) -> tuple[float, dict[str, float]]:
        """Hashing → sublinear tf·idf → l2 norm → linear score, for one token list.

        The same arithmetic as the scikit-learn pipeline (tests check equality), without
        its per-call validation, which cost more than the maths for one message
        (profile 2026-11-27: 2.7 of 5.2 ms per message).
        """
        counts = Counter(tokens)
        unique = list(counts)
        cache = _INDEX_CACHE
        if len(cache) > _INDEX_CACHE_SIZE:
            cache.clear()  # bounded; frequent tokens come straight back
        found = list(map(cache.get, unique))
        if None in found:
            for i, column in enumerate(found):
                if column is None:
                    found[i] = cache.setdefault(unique[i], _token_index(unique[i]))
        # Hash collisions between this message's tokens add up, as in HashingVectorizer.
        columns, inverse = np.unique(np.array(found, dtype=np.int64), return_inverse=True)
        raw = np.bincount(inverse, weights=np.fromiter(counts.values(), dtype=np.float64))
        values = np.log(raw) + 1.0
        if self.idf_ is not None:
            values = values * self.idf_[columns]
        norm = np.sqrt(np.dot(values, values))
        if norm > 0:
            values = values / norm
        contributions = self.coef_[columns] * values
        logit = float(contributions.sum() + self.intercept_)
        per_token = contributions[inverse]
        if top is None or top >= len(unique):
            chosen: range | list[int] = range(len(unique))
        else:
            strongest = np.argpartition(-np.abs(per_token), top)[:top].tolist()
            signals = [i for i, t in enumerate(unique) if t.startswith(SIGNAL_PREFIX)]
            chosen = sorted(set(strongest).union(signals))
        shares = {unique[i]: float(per_token[i]) for i in chosen if per_token[i]}
        return logit, shares


# ---------------------------------------------------------------- persistence


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"spamkit": __version__, "python": platform.python_version()}
    for dist in ("scikit-learn", "numpy", "fugashi", "unidic-lite"):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            versions[dist] = "not installed"
    return versions


def save_model(model: SpamModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to the directory ``path`` (created; files replaced atomically)."""
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    arrays = model.arrays_
    with tempfile.NamedTemporaryFile(dir=target, suffix=".npz.tmp", delete=False) as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]  # numpy's stub: allow_pickle
        tmp_arrays = Path(fh.name)
    digest = hashlib.sha256(tmp_arrays.read_bytes()).hexdigest()
    meta = {
        **model.meta,
        "format": FORMAT_VERSION,
        "algorithm": model.algorithm,
        "threshold": model.threshold,
        "n_features": N_FEATURES,
        "params": {**model.params, "max_text_chars": model.max_text_chars},
        "arrays": {
            "file": "arrays.npz",
            "sha256": digest,
            "shapes": {k: list(v.shape) for k, v in arrays.items()},
        },
        "versions": _versions(),
        "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    tmp_arrays.chmod(0o644)
    os.replace(tmp_arrays, target / "arrays.npz")
    tmp_meta = target / "model.json.tmp"
    tmp_meta.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp_meta, target / "model.json")
    model.meta = meta
    return target


def _member_header(zf: zipfile.ZipFile, name: str) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype an ``.npy`` member declares, read before any data is allocated."""
    from numpy.lib import format as npy_format

    with zf.open(name) as fh:
        version = npy_format.read_magic(fh)
        if version == (1, 0):
            shape, _, dtype = npy_format.read_array_header_1_0(fh)
        elif version == (2, 0):
            shape, _, dtype = npy_format.read_array_header_2_0(fh)
        else:
            raise ModelError(f"{name}: unsupported .npy version {version}")
    return shape, dtype


def _read_arrays(path: Path, shapes: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """Read and check the model arrays: expected members, shapes and dtype before loading."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = {info.filename: info for info in zf.infolist()}
            expected = {f"{name}.npy" for name in shapes}
            if set(members) != expected:
                raise ModelError(f"{path}: unexpected members {sorted(members)}")
            for info in members.values():
                if info.file_size > _ARRAY_LIMIT_BYTES:
                    raise ModelError(f"{path}: member {info.filename} declares {info.file_size} B")
            for name, shape in shapes.items():
                declared_shape, dtype = _member_header(zf, f"{name}.npy")
                if list(declared_shape) != shape or dtype != np.float64:
                    raise ModelError(
                        f"{path}: array {name} declares {dtype}{list(declared_shape)},"
                        f" expected float64{shape}"
                    )
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in shapes}
    except ModelError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, MemoryError) as exc:
        raise ModelError(f"{path}: unreadable model arrays ({exc})") from exc
    for name, shape in shapes.items():
        array = arrays[name]
        if list(array.shape) != shape or array.dtype != np.float64:
            raise ModelError(f"{path}: array {name} is {array.dtype}{list(array.shape)}")
        if not np.all(np.isfinite(array)):
            raise ModelError(f"{path}: array {name} holds non-finite values")
    return arrays


_EXPECTED_SHAPES = {
    "logreg": {"coef": [1, N_FEATURES], "intercept": [1], "idf": [N_FEATURES]},
    "nb": {"feature_count": [2, N_FEATURES], "class_count": [2]},
}


def load_model(path: str | os.PathLike[str] | None = None) -> SpamModel:
    """Load a model directory written by :func:`save_model` (``None``: the shipped default).

    Raises
    ------
    ModelError
        The directory is missing, the metadata is not this format version, the arrays
        do not match their checksum or shapes: the model is refused, never guessed at.
    """
    directory = DEFAULT_MODEL_DIR if path is None else Path(path)
    meta_path = directory / "model.json"
    if directory.is_file() and directory.name == "model.json":
        directory, meta_path = directory.parent, directory
    try:
        raw = meta_path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{directory}: no model here ({exc.strerror or exc})") from exc
    if len(raw) > 2**20:
        raise ModelError(f"{meta_path}: metadata is implausibly large")
    try:
        meta = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{meta_path}: not valid JSON ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise ModelError(
            f"{meta_path}: model format {found!r}, this spamkit reads format {FORMAT_VERSION};"
            " retrain with `python -m spamkit train`"
        )
    algorithm = meta.get("algorithm")
    if algorithm not in _EXPECTED_SHAPES or meta.get("n_features") != N_FEATURES:
        raise ModelError(f"{meta_path}: unknown algorithm or feature count")
    arrays_info = meta.get("arrays")
    if not isinstance(arrays_info, dict) or arrays_info.get("file") != "arrays.npz":
        raise ModelError(f"{meta_path}: arrays must be stored in arrays.npz")
    arrays_path = directory / "arrays.npz"
    try:
        info = arrays_path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _ARRAY_LIMIT_BYTES:
            raise ModelError(
                f"{arrays_path}: not a regular file of at most {_ARRAY_LIMIT_BYTES} bytes"
            )
        blob = arrays_path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{arrays_path}: cannot read ({exc.strerror or exc})") from exc
    if hashlib.sha256(blob).hexdigest() != arrays_info.get("sha256"):
        raise ModelError(f"{arrays_path}: checksum mismatch (corrupt or tampered model)")
    arrays = _read_arrays(arrays_path, _EXPECTED_SHAPES[algorithm])
    try:
        threshold = float(meta.get("threshold", 0.0))
        params = meta.get("params") or {}
        if not isinstance(params, dict):
            raise TypeError("params must be an object")
        max_text_chars = int(params.get("max_text_chars") or MAX_TOKENISED_CHARS)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ModelError(f"{meta_path}: bad parameter ({exc})") from exc
    if not math.isfinite(threshold) or max_text_chars <= 0:
        raise ModelError(f"{meta_path}: bad threshold or max_text_chars")
    alpha = params.get("alpha")
    if algorithm == "nb" and not (isinstance(alpha, (int, float)) and alpha > 0):
        raise ModelError(f"{meta_path}: naive Bayes needs a positive alpha")
    return SpamModel(algorithm, arrays, threshold=threshold, params=params, meta=meta)
