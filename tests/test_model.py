"""The pipeline, training, and persistence that never executes code from a model file."""

from __future__ import annotations

import io
import itertools
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
from spamkit.model import N_FEATURES, NEUTRAL_SCORE, Combiner, load_model, save_model
from spamkit.pipeline import (
    MailFeaturizer,
    SpamEstimator,
    adapt_model,
    build_text_pipeline,
    fit_model,
    learn_messages,
    signal_meanings,
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


@pytest.fixture(scope="module")
def estimator(small_corpus):
    _, labels, features = small_corpus
    return SpamEstimator(folds=3).fit(features, labels)


def test_featurizer_is_a_stateless_sklearn_transformer():
    featurizer = MailFeaturizer(max_text_chars=100)
    assert featurizer.get_params() == {"max_text_chars": 100, "rules": None}
    (features,) = featurizer.fit([]).transform([b"Subject: hello\n\nworld wide web\n"])
    assert features.tokens == ("subject:hello", "world", "wide", "web")
    assert features.signals == ("FIRST_CONTACT_NO_LINK",) and features.words == 4


def test_unfitted_featurizer_refuses_to_transform():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MailFeaturizer().transform([b"Subject: x\n\ny\n"])


def test_text_pipeline_is_plain_sklearn():
    from sklearn.base import clone

    pipeline = build_text_pipeline("logreg", C=2.0)
    assert clone(pipeline).get_params()["clf__C"] == 2.0
    with pytest.raises(ValueError, match="algorithm"):
        build_text_pipeline("svm")


@pytest.mark.slow
def test_estimator_follows_the_sklearn_contract(estimator):
    from sklearn.base import clone

    params = SpamEstimator(C=3.0, folds=4).get_params()
    assert params["C"] == 3.0 and params["folds"] == 4
    assert clone(SpamEstimator(C=3.0)).get_params() == SpamEstimator(C=3.0).get_params()
    assert estimator.classes_.tolist() == [0, 1] and estimator.combiner_.text_scale > 0
    with pytest.raises(ValueError, match="both ham and spam"):
        SpamEstimator().fit([estimator_features(b"x")], [0])


def estimator_features(body: bytes):
    return featurize([b"Subject: s\n\n" + body + b"\n"])[0]


def test_signal_weights_never_contradict_their_meaning(estimator):
    """Issue 11: a spam signal's learned weight is >= 0 and a ham signal's <= 0."""
    combiner = estimator.combiner_
    assert combiner.signal_weights, "the corpora fire some signals"
    for name, weight in combiner.signal_weights.items():
        meaning = combiner.signal_meaning[name]
        assert (weight >= 0) if meaning == "spam" else (weight <= 0), (name, weight)
    assert "FIRST_CONTACT_NO_LINK" not in combiner.signal_weights or (
        combiner.signal_weights["FIRST_CONTACT_NO_LINK"] >= 0
    )


@pytest.mark.slow
def test_a_ham_signal_is_bounded_the_other_way(small_corpus):
    """With FREEMAIL_FROM declared a sign of ham, its weight is <= 0 whatever the data say."""
    _, labels, features = small_corpus
    meaning = {**signal_meanings(), "FREEMAIL_FROM": "ham"}
    combiner = SpamEstimator(folds=3).fit(features, labels, signal_meaning=meaning).combiner_
    assert combiner.signal_weights.get("FREEMAIL_FROM", 0.0) <= 0


@pytest.mark.slow
def test_a_signal_does_not_grow_as_the_text_shrinks(trained):
    """A lone signal adds its weight, whatever the length of the text around it."""
    model, _ = trained
    weights = model.combiner_.signal_weights
    name = max(weights, key=lambda n: weights[n])
    short = estimator_features(b"hello")
    long = estimator_features(b"hello " * 200)
    for f in (short, long):
        without = type(f)(f.tokens, (), f.words, f.points)
        with_signal = type(f)(f.tokens, (name,), f.words, f.points)
        gain = model.explain(with_signal).score - model.explain(without).score
        assert gain == pytest.approx(weights[name])


def test_an_empty_text_carries_no_text_evidence(trained):
    """No words: no text evidence, and the prior is neutral rather than confident ham."""
    model, _ = trained
    empty = featurize([b"From: a@example.org\n\n"])[0]
    explained = model.explain(empty)
    assert empty.words == 0 and explained.reliability == 0 and explained.text == 0
    assert explained.intercept == NEUTRAL_SCORE < 0
    assert explained.score == pytest.approx(
        NEUTRAL_SCORE + sum(explained.signals.values()) + empty.points
    )
    assert model.combiner_.intercept < NEUTRAL_SCORE  # the full prior asks for evidence


def test_the_prior_moves_with_the_texts_reliability(trained):
    """From neutral (no words) to the full intercept (reliability_words words or more)."""
    model, _ = trained
    combiner = model.combiner_
    priors = [combiner.prior(w) for w in range(combiner.reliability_words + 3)]
    assert priors[0] == NEUTRAL_SCORE
    assert all(a >= b for a, b in itertools.pairwise(priors))  # never rises with more words
    assert priors[combiner.reliability_words] == combiner.intercept == priors[-1]


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
    explained = model.explain(features[labels.index(1)])
    assert explained.tokens and np.isfinite(explained.score)
    assert all(np.isfinite(v) for v in explained.tokens.values())
    parts = explained.intercept + explained.text + sum(explained.signals.values())
    assert explained.score == pytest.approx(parts + explained.points)


@pytest.mark.slow
def test_learning_a_message_turns_it_and_leaves_others_alone(trained, small_corpus, tmp_path):
    """Train on error: the message ends up as labelled; other verdicts barely move."""
    _model, path = trained
    copy = load_model(shutil.copytree(path, tmp_path / "m"))
    features = small_corpus[2]
    mail = featurize([b"Subject: quarterly figures\n\nthe quarterly figures meeting is moved\n"])
    target = 0 if copy.decision_function(mail)[0] >= 0 else 1
    before = copy.decision_function(features)
    assert learn_messages(copy, mail, [target]) == 0
    assert (copy.decision_function(mail)[0] >= 0) == bool(target)
    after = copy.decision_function(features)
    assert np.mean((before >= 0) != (after >= 0)) <= 0.02
    save_model(copy, tmp_path / "m")
    assert load_model(tmp_path / "m").meta["incremental_updates"] == 1


@pytest.mark.slow
def test_adapting_to_site_ham_lowers_its_scores(trained, small_corpus):
    model, _ = trained
    site = featurize(
        [
            b"Subject: invoice %d\n\nplease find the invoice for march attached\n" % i
            for i in range(5)
        ]
    )
    before = model.decision_function(site)
    copy = load_model(save_model(model, Path(__import__("tempfile").mkdtemp()) / "m"))
    adapt_model(copy, site, [0] * len(site))
    assert (copy.decision_function(site) < before).all()


def test_language_balanced_weights_give_each_cell_equal_weight():
    weights = language_balanced_weights([0, 0, 0, 1, 0, 1], ["en", "en", "en", "en", "ja", "ja"])
    cells: dict[str, float] = {}
    for w, key in zip(weights, ["en0", "en0", "en0", "en1", "ja0", "ja1"], strict=True):
        cells[key] = cells.get(key, 0) + w
    assert cells["en0"] == pytest.approx(cells["en1"]) and cells["ja0"] == pytest.approx(
        cells["ja1"]
    )
    assert weights.mean() == pytest.approx(1.0)


def test_a_language_with_one_class_is_not_shrunk():
    """Phishing in a language no ham is written in keeps weight, not a few ham's worth."""
    labels = [0, 1, 0, 1, 1, 1, 1, 1]
    langs = ["en", "en", "ja", "ja", "pt", "pt", "pt", "pt"]
    weights = language_balanced_weights(labels, langs)
    assert weights[4] == weights[5] and np.isclose(weights.mean(), 1.0)
    generated = [False, False, True, False, False, False, False, False]
    heavier = language_balanced_weights(labels, langs, generated, generated_weight=3.0)
    assert heavier[2] == pytest.approx(heavier[3])  # still balanced within Japanese


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


@pytest.mark.parametrize("algorithm", ["logreg", "nb"])
def test_direct_scoring_equals_the_sklearn_pipeline(algorithm, small_corpus):
    """The NumPy scoring path computes the fitted scikit-learn text pipeline's log-odds."""
    _, labels, features = small_corpus
    fitted = SpamEstimator(algorithm=algorithm, folds=2).fit(features, labels)
    model = fitted.to_model()
    tokens = [f.tokens for f in features[::7]]
    pipeline = fitted.text_pipeline_
    if algorithm == "logreg":
        expected = pipeline.decision_function(tokens)
    else:
        log_proba = pipeline.predict_log_proba(tokens)
        expected = log_proba[:, 1] - log_proba[:, 0]
    np.testing.assert_allclose(model.text_logits(tokens), expected, rtol=1e-9, atol=1e-9)


def test_a_tampered_combiner_is_refused(model_copy):
    """A spam signal given a negative weight in model.json is refused, not obeyed."""
    meta = json.loads((model_copy / "model.json").read_text())
    name = next(iter(meta["combiner"]["signals"]))
    meta["combiner"]["signals"][name] = {"weight": -5.0, "meaning": "spam"}
    (model_copy / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="against its meaning"):
        load_model(model_copy)


def test_combiner_round_trips_through_json():
    combiner = Combiner(
        1.5,
        -0.25,
        20,
        {"A_SIGNAL": 0.5, "B_SIGNAL": -0.25},
        {"A_SIGNAL": "spam", "B_SIGNAL": "ham"},
    )
    assert Combiner.from_json(combiner.to_json(), "test") == combiner


@pytest.mark.slow
def test_scoring_does_not_import_scikit_learn():
    code = (
        "import sys, spamkit; spamkit.classify(b'Subject: hi\\n\\nhello there\\n');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_token_shares_add_up_to_the_text_log_odds(trained, small_corpus):
    model, _ = trained
    logit, shares = model.explain_tokens(small_corpus[2][5].tokens)
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
        check_estimator(SpamEstimator())
