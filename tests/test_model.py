"""The pipeline, training, and persistence that never executes code from a model file."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

from spamkit.errors import ModelError
from spamkit.features import featurize
from spamkit.message import parse
from spamkit.model import N_FEATURES, load_model, save_model
from spamkit.pipeline import (
    MailFeaturizer,
    build_pipeline,
    fit_model,
    pipeline_from_model,
    update_model,
)
from spamkit.training import language_balanced_weights


@pytest.fixture(scope="module")
def small_corpus(fixture_corpus):
    """The hand-written fixture messages (both classes, both languages): no corpora needed."""
    mails, labels = fixture_corpus.mails, fixture_corpus.labels
    return mails, labels, featurize(mails)


@pytest.fixture(scope="module", params=["logreg", "nb"])
def trained(request, small_corpus, tmp_path_factory):
    mails, labels, _ = small_corpus
    model = fit_model(mails, labels, algorithm=request.param)
    path = save_model(model, tmp_path_factory.mktemp(request.param) / "model")
    return model, path


def test_featurizer_is_a_stateless_sklearn_transformer():
    featurizer = MailFeaturizer(max_text_chars=100)
    assert featurizer.get_params() == {"max_text_chars": 100, "rules": None}
    tokens = featurizer.fit([]).transform([b"Subject: hello\n\nworld wide web\n"])
    assert tokens == [["subject:hello", "world", "wide", "web", "signal:FIRST_CONTACT_NO_LINK"]]


def test_unfitted_featurizer_refuses_to_transform():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MailFeaturizer().transform([b"Subject: x\n\ny\n"])


def test_pipeline_is_plain_sklearn():
    from sklearn.base import clone

    pipeline = build_pipeline("logreg", C=2.0)
    assert clone(pipeline).get_params()["clf__C"] == 2.0
    with pytest.raises(ValueError, match="algorithm"):
        build_pipeline("svm")


def test_model_separates_the_training_classes(trained, small_corpus):
    model, _ = trained
    _, labels, features = small_corpus
    scores = model.decision_function(features)
    y = np.array(labels)
    assert scores[y == 1].mean() > 0 > scores[y == 0].mean()


def test_saved_model_gives_identical_scores(trained, small_corpus):
    model, path = trained
    features = small_corpus[2]
    loaded = load_model(path)
    np.testing.assert_allclose(
        loaded.decision_function(features), model.decision_function(features)
    )
    meta = json.loads((path / "model.json").read_text())
    assert meta["versions"]["scikit-learn"] and meta["arrays"]["sha256"]


def test_model_files_are_not_pickles(trained):
    _, path = trained
    assert sorted(p.name for p in path.iterdir()) == ["arrays.npz", "model.json"]
    with np.load(path / "arrays.npz", allow_pickle=False) as npz:  # would raise on objects
        assert all(npz[name].dtype == np.float64 for name in npz.files)


def test_explanations_name_the_tokens_that_weighed(trained, small_corpus):
    model, _ = trained
    _, labels, features = small_corpus
    logit, shares = model.explain(features[labels.index(1)])
    assert shares and np.isfinite(logit)
    assert all(np.isfinite(v) for v in shares.values())


def test_update_model_moves_a_message_towards_its_label(trained, small_corpus, tmp_path):
    _model, path = trained
    copy = load_model(shutil.copytree(path, tmp_path / "m"))
    mail = parse(b"Subject: quarterly figures\n\nthe quarterly figures meeting is moved\n")
    before = copy.decision_function(featurize([mail]))[0]
    update_model(copy, [mail], [1])
    after = copy.decision_function(featurize([mail]))[0]
    assert after > before
    save_model(copy, tmp_path / "m")
    assert load_model(tmp_path / "m").meta["incremental_updates"] == 1


def test_language_balanced_weights_give_each_cell_equal_weight():
    weights = language_balanced_weights([0, 0, 0, 1, 0, 1], ["en", "en", "en", "en", "ja", "ja"])
    cells = {}
    for w, key in zip(weights, ["en0", "en0", "en0", "en1", "ja0", "ja1"], strict=True):
        cells[key] = cells.get(key, 0) + w
    assert np.allclose(list(cells.values()), 1.5)


# ----------------------------------------------------------------- refusals


@pytest.fixture
def model_copy(trained, tmp_path) -> Path:
    _, path = trained
    return Path(shutil.copytree(path, tmp_path / "copy"))


def _rewrite_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write new arrays *and* a matching checksum, as a careful attacker would."""
    import hashlib

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    (path / "arrays.npz").write_bytes(buffer.getvalue())
    meta = json.loads((path / "model.json").read_text())
    meta["arrays"]["sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (path / "model.json").write_text(json.dumps(meta))


def test_missing_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="no model here"):
        load_model(tmp_path / "nothing")


def test_flipped_byte_is_refused(model_copy):
    blob = bytearray((model_copy / "arrays.npz").read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    (model_copy / "arrays.npz").write_bytes(bytes(blob))
    with pytest.raises(ModelError, match="checksum"):
        load_model(model_copy)


def test_truncated_model_is_refused(model_copy):
    blob = (model_copy / "arrays.npz").read_bytes()
    (model_copy / "arrays.npz").write_bytes(blob[: len(blob) // 3])
    with pytest.raises(ModelError):
        load_model(model_copy)


def test_other_format_version_is_refused(model_copy):
    meta = json.loads((model_copy / "model.json").read_text())
    meta["format"] = 99
    (model_copy / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="format 99"):
        load_model(model_copy)


def test_garbage_metadata_is_refused(model_copy):
    (model_copy / "model.json").write_bytes(b"\x80\x04\x95 not json")
    with pytest.raises(ModelError, match="JSON"):
        load_model(model_copy)


def test_wrong_shapes_are_refused_even_with_a_matching_checksum(model_copy):
    meta = json.loads((model_copy / "model.json").read_text())
    names = meta["arrays"]["shapes"]
    _rewrite_arrays(model_copy, {name: np.zeros(3) for name in names})
    with pytest.raises(ModelError, match="array"):
        load_model(model_copy)


def test_object_arrays_are_refused(model_copy):
    meta = json.loads((model_copy / "model.json").read_text())
    arrays = {name: np.zeros(shape) for name, shape in meta["arrays"]["shapes"].items()}
    first = next(iter(arrays))
    arrays[first] = np.array([{"__reduce__": "os.system"}], dtype=object)
    _rewrite_arrays(model_copy, arrays)
    with pytest.raises(ModelError):
        load_model(model_copy)


def test_extra_and_path_trick_members_are_refused(model_copy):
    import hashlib

    buffer = io.BytesIO()
    with zipfile.ZipFile(model_copy / "arrays.npz") as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("../../evil.npy", b"x")
    (model_copy / "arrays.npz").write_bytes(buffer.getvalue())
    meta = json.loads((model_copy / "model.json").read_text())
    meta["arrays"]["sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (model_copy / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="unexpected members"):
        load_model(model_copy)


def test_huge_declared_sizes_are_refused(model_copy):
    import hashlib

    meta = json.loads((model_copy / "model.json").read_text())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        for name in meta["arrays"]["shapes"]:
            header = (
                b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (%d,), }"
                % (N_FEATURES * 10**6)
            )
            dst.writestr(f"{name}.npy", header.ljust(128, b" ")[:127] + b"\n")
    (model_copy / "arrays.npz").write_bytes(buffer.getvalue())
    meta["arrays"]["sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    (model_copy / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError):
        load_model(model_copy)


def test_direct_scoring_equals_the_sklearn_pipeline(trained, small_corpus):
    model, _ = trained
    mails, _, features = small_corpus
    pipeline = pipeline_from_model(model)
    X = pipeline[:-1].transform(mails[::7])
    clf = pipeline.named_steps["clf"]
    if hasattr(clf, "decision_function"):
        expected = clf.decision_function(X)
    else:
        jll = clf.predict_joint_log_proba(X)
        expected = jll[:, 1] - jll[:, 0]
    np.testing.assert_allclose(
        model.decision_function(features[::7]), expected, rtol=1e-9, atol=1e-9
    )


@pytest.mark.slow
def test_scoring_does_not_import_scikit_learn():
    code = (
        "import sys, spamkit; spamkit.classify(b'Subject: hi\\n\\nhello there\\n');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_token_shares_add_up_to_the_score(trained, small_corpus):
    model, _ = trained
    logit, shares = model.explain(small_corpus[2][5])
    assert abs(sum(shares.values()) + model.intercept_ - logit) < 1e-6


@pytest.mark.slow
def test_featurizer_passes_sklearn_estimator_checks():
    """scikit-learn's conformance suite, as far as it applies to a document transformer."""
    from sklearn.exceptions import SkipTestWarning
    from sklearn.utils.estimator_checks import check_estimator  # 2 s to import: only here

    with warnings.catch_warnings():
        # Checks that need 2-D numeric input announce that they skip themselves.
        warnings.simplefilter("ignore", SkipTestWarning)
        check_estimator(MailFeaturizer())
