"""The intent classifier's confidences: fitted temperature, and the order of the margins kept.

Rasa's FallbackClassifier (ambiguity threshold 0.0) sends a message to `nlu_fallback` when the
second intent of the ranking is more confident than the first; per-intent sigmoid calibration
did that to about one unseen utterance in twenty (docs/nlu.md).
"""

from __future__ import annotations

import numpy

from bot.nlu.intent_classifier import confidences, fit_temperature


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
