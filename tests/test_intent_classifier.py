"""The intent classifier: its opening-word features, its fitted temperature, and the order of
the margins kept in its confidences.

Rasa's FallbackClassifier (ambiguity threshold 0.0) sends a message to `nlu_fallback` when the
second intent of the ranking is more confident than the first; per-intent sigmoid calibration
did that to about one unseen utterance in twenty (docs/nlu.md).
"""

from __future__ import annotations

import numpy

from bot.nlu.intent_classifier import (
    OPENING_PATTERNS,
    TfidfSvmIntentClassifier,
    build_pipeline,
    confidences,
    fit_temperature,
)


def test_the_opening_features_are_the_first_word_and_the_first_two_words_only() -> None:
    features = build_pipeline(TfidfSvmIntentClassifier.get_default_config())[0]
    features.fit(["Combien ça coûte par mois ?", "we have 3 agents in house"])
    vocabularies = {
        name: set(transformer.vocabulary_)
        for name, transformer in features.transformer_list
        if name in OPENING_PATTERNS
    }
    assert vocabularies == {
        "first_word": {"combien", "we"},
        "first_two_words": {"combien ca", "we have"},
    }


def test_a_one_word_message_has_a_first_word_and_no_first_two_words() -> None:
    features = build_pipeline(TfidfSvmIntentClassifier.get_default_config())[0]
    features.fit(["hallo daar", "hallo"])
    transformers = dict(features.transformer_list)
    assert transformers["first_word"].transform(["hallo"]).nnz == 1
    assert transformers["first_two_words"].transform(["hallo"]).nnz == 0


def test_the_fitted_temperature_is_the_one_the_labels_were_drawn_with() -> None:
    generator = numpy.random.default_rng(7)
    classes = numpy.array(["a", "b", "c", "d"])
    margins = generator.normal(size=(4000, len(classes)))
    drawn = [generator.choice(len(classes), p=row) for row in confidences(margins, 0.5)]
    assert abs(fit_temperature(margins, classes[drawn], classes) - 0.5) < 0.05


def test_confidences_keep_the_order_of_the_margins_and_sum_to_one() -> None:
    margins = numpy.array([[0.3, 0.1, -0.9], [-0.2, -0.1, -0.3]])
    found = confidences(margins, 0.2)
    assert (numpy.argsort(-found, axis=1) == numpy.argsort(-margins, axis=1)).all()
    assert numpy.allclose(found.sum(axis=1), 1.0)


def test_an_opening_weight_of_zero_leaves_the_opening_words_out() -> None:
    config = {**TfidfSvmIntentClassifier.get_default_config(), "opening_weight": 0.0}
    names = [name for name, _ in build_pipeline(config)[0].transformer_list]
    assert names == ["characters", "words"]
