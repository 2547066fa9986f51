"""Rasa NLU component: intents from TF-IDF word and character n-grams with a linear SVM.

config.yml's intent classifier, chosen over Rasa's LogisticRegressionClassifier on unseen
utterances (docs/nlu.md). Character n-grams carry typos, missing accents and Dutch compounds;
word bigrams carry "how much", "combien ça". The confidences are a softmax of the SVM's
margins with one temperature fitted on cross-validated margins, so that they keep the margins'
order (Rasa's FallbackClassifier treats a second intent more confident than the first as an
ambiguous message) and the fallback threshold means something.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from sklearn.svm import LinearSVC

logger = logging.getLogger(__name__)
MODEL_FILE = "intent_classifier.skops"
TEMPERATURE_FILE = "temperature.json"
# The one type skops does not trust by default but this pipeline needs: scipy's sparse matrix
# (TF-IDF weights). Anything else in a model file is refused.
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


def build_pipeline(config: dict[str, Any]) -> Pipeline:
    """TF-IDF (characters within words, and words) into a linear SVM."""
    shared = {"sublinear_tf": True, "lowercase": True, "strip_accents": "unicode"}
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), **shared),
        TfidfVectorizer(
            analyzer="word",
            ngram_range=tuple(config["word_ngrams"]),
            token_pattern=config["word_pattern"],
            **shared,
        ),
    )
    svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=config["random_state"])
    return make_pipeline(features, svm)


def fit_temperature(margins: numpy.ndarray, labels: numpy.ndarray, classes: numpy.ndarray) -> float:
    """The temperature T that makes softmax(margins / T) the most likely on held-out margins.

    One number for every intent (not a sigmoid per intent, which reorders intents whose
    margins are close: the top intent could get a lower confidence than the second).
    """
    rows = numpy.arange(len(labels))
    columns = numpy.searchsorted(classes, labels)

    def negative_log_likelihood(temperature: float) -> float:
        return float(-numpy.mean(log_softmax(margins / temperature, axis=1)[rows, columns]))

    found = minimize_scalar(negative_log_likelihood, bounds=(0.01, 10.0), method="bounded")
    return float(found.x)


def confidences(margins: numpy.ndarray, temperature: float) -> numpy.ndarray:
    """Probabilities over intents in the order of the margins (rows: messages)."""
    return numpy.asarray(softmax(margins / temperature, axis=1))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfSvmIntentClassifier(GraphComponent, IntentClassifier):
    """Linear SVM over TF-IDF n-grams of the raw text; needs no tokenizer or featurizer."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """C and n-gram ranges as chosen in docs/nlu.md."""
        return {
            "C": 1.0,
            "char_ngrams": [2, 5],
            "word_ngrams": [1, 2],
            # One SVM on every example; its temperature is fitted on the margins of SVMs
            # trained on the other folds (not an average of three SVMs trained on two thirds
            # each: 2-3 points less accurate, docs/nlu.md).
            "calibration_folds": 3,
            # Words, and punctuation as tokens of their own ("?" tells a question).
            "word_pattern": r"(?u)\w+|[^\w\s]",
            "random_state": 42,
            "ranking_length": 10,
        }

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._pipeline: Pipeline | None = None
        self._temperature = 1.0

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfSvmIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every intent example and store the model with skops (no pickle)."""
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        if len({example.get(INTENT) for example in examples}) < 2:
            logger.warning("fewer than two intents: the intent classifier is not trained")
            return self._resource
        pipeline = build_pipeline(self._config)
        texts = [example.get(TEXT) for example in examples]
        labels = numpy.array([example.get(INTENT) for example in examples])
        features = pipeline[:-1].fit_transform(texts)
        held_out = cross_val_predict(
            pipeline[-1],
            features,
            labels,
            cv=StratifiedKFold(self._config["calibration_folds"]),
            method="decision_function",
        )
        pipeline[-1].fit(features, labels)
        self._temperature = fit_temperature(held_out, labels, pipeline[-1].classes_)
        with self._storage.write_to(self._resource) as directory:
            sio.dump(pipeline, directory / MODEL_FILE)
            (directory / TEMPERATURE_FILE).write_text(
                json.dumps({"temperature": self._temperature}), encoding="utf-8"
            )
        self._pipeline = pipeline
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfSvmIntentClassifier:
        """Load the stored model; refuse one that would need types skops does not trust."""
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                unexpected = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
                if unexpected:
                    raise ValueError(f"untrusted types in the intent model: {sorted(unexpected)}")
                component._pipeline = sio.load(path, trusted=TRUSTED_TYPES)
                stored = json.loads((directory / TEMPERATURE_FILE).read_text(encoding="utf-8"))
                component._temperature = float(stored["temperature"])
        except (ValueError, KeyError, FileNotFoundError) as error:
            logger.warning("intent classifier not loaded (%s): every intent will be None", error)
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent and the ranking of the most likely intents, by the SVM's margins.

        The confidences (softmax with the fitted temperature) keep that order, so the
        FallbackClassifier sees the top intent as the most confident one.
        """
        if self._pipeline is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        margins = self._pipeline.decision_function(texts)
        probabilities = confidences(margins, self._temperature)
        labels = self._pipeline[-1].classes_
        for message, margin, row in zip(messages, margins, probabilities, strict=True):
            order = sorted(range(len(labels)), key=lambda index: -margin[index])
            ranking = [{"name": str(labels[i]), "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, ranking[: self._config["ranking_length"]], add_to_output=True
            )
        return messages
