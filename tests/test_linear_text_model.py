"""The arrays of a fitted TF-IDF + SVM pipeline give the pipeline's own margins, before and
after storing them, and a file that is not what `save` wrote is refused."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

from bot.nlu.intent_classifier import TfidfSvmIntentClassifier, build_pipeline, margins_of
from bot.nlu.linear_text_model import LinearTextModel

TRAINING = [
    ("combien coûte un service client 24/7 ?", "ask_estimate"),
    ("wat kost dat per maand voor 800 mails", "ask_estimate"),
    ("how much for 2000 calls a month?", "ask_estimate"),
    ("prix pour deux agents dédiés", "ask_estimate"),
    ("bonjour", "greet"),
    ("hallo daar", "greet"),
    ("hi there!", "greet"),
    ("goedemiddag", "greet"),
    ("we hebben nu 3 mensen in dienst", "inform"),
    ("about 1500 emails per month, in French and Dutch", "inform"),
    ("en 's avonds tot 22u", "inform"),
    ("only office hours", "inform"),
    ("can I talk to a person", "request_human"),
    ("je voudrais parler à un conseiller", "request_human"),
    ("mag ik iemand aan de lijn", "request_human"),
    ("a human please", "request_human"),
]
UNSEEN = [
    "Combien pour 3 000 APPELS ?",  # upper case, a narrow space in the number
    "wat kost 24/7 in het Nederlands en Frans",
    "hééé salut",  # accents stripped as in training
    "",  # nothing at all: the intercepts
    "zzzz qqqq",  # no known term in any vectorizer
    "?",
    "a person, a human, a person!",  # repeated terms (sublinear counts)
]


def fitted(config: dict[str, object] | None = None, pairs: list[tuple[str, str]] = TRAINING):
    pipeline = build_pipeline({**TfidfSvmIntentClassifier.get_default_config(), **(config or {})})
    texts, labels = zip(*pairs, strict=True)
    return pipeline.fit(list(texts), list(labels))


@pytest.mark.parametrize("opening_weight", [0.3, 0.0])
def test_the_margins_are_the_pipelines(opening_weight: float) -> None:
    pipeline = fitted({"opening_weight": opening_weight})
    model = LinearTextModel.from_pipeline(pipeline)
    assert model.classes == tuple(pipeline.classes_)
    expected = pipeline.decision_function(UNSEEN)
    assert numpy.allclose(model.margins(UNSEEN), expected, rtol=0, atol=1e-12)
    assert (model.margins(UNSEEN).argmax(axis=1) == expected.argmax(axis=1)).all()


def test_two_classes_get_one_margin_each_as_the_classifier_reads_them() -> None:
    pairs = [pair for pair in TRAINING if pair[1] in {"greet", "request_human"}]
    pipeline = fitted(pairs=pairs)
    model = LinearTextModel.from_pipeline(pipeline)
    expected = margins_of(pipeline.decision_function(UNSEEN))
    assert expected.shape == (len(UNSEEN), 2)
    assert numpy.allclose(model.margins(UNSEEN), expected, rtol=0, atol=1e-12)


def test_a_stored_model_gives_the_same_margins(tmp_path: Path) -> None:
    model = LinearTextModel.from_pipeline(fitted())
    model.save(tmp_path / "model")
    loaded = LinearTextModel.load(tmp_path / "model")
    assert loaded.classes == model.classes
    assert numpy.array_equal(loaded.margins(UNSEEN), model.margins(UNSEEN))


def test_a_file_holding_pickled_objects_is_refused(tmp_path: Path) -> None:
    model = LinearTextModel.from_pipeline(fitted())
    model.save(tmp_path / "model")
    numpy.savez(
        tmp_path / "model.npz",
        weights=numpy.array([object()], dtype=object),
        intercept=model.intercept,
    )
    with pytest.raises(ValueError):
        LinearTextModel.load(tmp_path / "model")


def test_arrays_that_do_not_fit_the_vocabularies_are_refused(tmp_path: Path) -> None:
    model = LinearTextModel.from_pipeline(fitted())
    model.save(tmp_path / "model")
    arrays = dict(numpy.load(tmp_path / "model.npz"))
    arrays["weights"] = arrays["weights"][:-1]
    numpy.savez(tmp_path / "model.npz", **arrays)
    with pytest.raises(ValueError, match="do not fit"):
        LinearTextModel.load(tmp_path / "model")


def test_a_vectorizer_it_would_compute_differently_is_refused() -> None:
    union = FeatureUnion([("words", TfidfVectorizer(binary=True))])
    pipeline = make_pipeline(union, LinearSVC()).fit(
        [text for text, _ in TRAINING], [label for _, label in TRAINING]
    )
    with pytest.raises(ValueError, match="not supported"):
        LinearTextModel.from_pipeline(pipeline)
