"""Rasa NLU component: intents from TF-IDF word and character n-grams with a linear SVM.

config.yml's intent classifier, chosen over Rasa's LogisticRegressionClassifier on unseen
utterances (docs/nlu.md). Character n-grams carry typos, missing accents and Dutch compounds;
word bigrams carry "how much", "combien ça". The first word and the first two words of the
message, as features of their own, carry what kind of sentence it is ("how much ...", "we
have ...", "kan ik ..."): a question full of scenario words is still a price question, a
statement about the team is still an answer (docs/nlu.md). The confidences are a softmax of
the SVM's margins with one temperature fitted on cross-validated margins, so that they keep
the margins' order (Rasa's FallbackClassifier treats a second intent more confident than the
first as an ambiguous message) and the fallback threshold means something.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy
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
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.svm import LinearSVC

from bot.nlu.linear_text_model import LinearTextModel

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_text_model"  # .npz and .json (bot/nlu/linear_text_model.py)
TEMPERATURE_FILE = "temperature.json"


# The message's first word, and its first two words, each as one token (findall with "^"
# matches once, at the start).
OPENING_PATTERNS = {"first_word": r"(?u)^\W*\w+", "first_two_words": r"(?u)^\W*\w+\W+\w+"}


def build_pipeline(config: dict[str, Any]) -> Pipeline:
    """TF-IDF (characters within words, words, the opening words) into a linear SVM.

    The opening words weigh less than the rest (`opening_weight`; 0: none): they tell the
    kind of sentence, the rest tells what it is about.
    """
    shared = {"sublinear_tf": True, "lowercase": True, "strip_accents": "unicode"}
    parts = [
        (
            "characters",
            TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), **shared),
        ),
        (
            "words",
            TfidfVectorizer(
                analyzer="word",
                ngram_range=tuple(config["word_ngrams"]),
                token_pattern=config["word_pattern"],
                **shared,
            ),
        ),
    ]
    weights = {}
    if config["opening_weight"]:
        parts += [
            (name, TfidfVectorizer(token_pattern=pattern, **shared))
            for name, pattern in OPENING_PATTERNS.items()
        ]
        weights = {name: config["opening_weight"] for name in OPENING_PATTERNS}
    features = FeatureUnion(parts, transformer_weights=weights)
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


def margins_of(classifier_output: numpy.ndarray) -> numpy.ndarray:
    """One column per class, also for two classes (where scikit-learn gives one column)."""
    if classifier_output.ndim == 1:
        return numpy.column_stack([-classifier_output, classifier_output])
    return classifier_output


def fit_model(
    config: dict[str, Any], texts: list[str], labels: numpy.ndarray
) -> tuple[LinearTextModel, float]:
    """The pipeline of `config` fitted on every example, as arrays, and its temperature.

    The temperature is fitted on the margins of SVMs trained on the other folds (not on the
    final SVM's own margins, which are over-confident on the examples it was fitted on).
    """
    pipeline = build_pipeline(config)
    features = pipeline[:-1].fit_transform(texts)
    held_out = cross_val_predict(
        pipeline[-1],
        features,
        labels,
        cv=StratifiedKFold(config["calibration_folds"]),
        method="decision_function",
    )
    pipeline[-1].fit(features, labels)
    temperature = fit_temperature(margins_of(held_out), labels, pipeline[-1].classes_)
    return LinearTextModel.from_pipeline(pipeline), temperature


def store(directory: Path, model: LinearTextModel, temperature: float) -> None:
    """Write the model's arrays (no pickle) and its temperature into a model directory."""
    model.save(directory / MODEL_FILE)
    (directory / TEMPERATURE_FILE).write_text(
        json.dumps({"temperature": temperature}), encoding="utf-8"
    )


def restore(directory: Path) -> tuple[LinearTextModel, float]:
    """Read what `store` wrote (ValueError, KeyError or FileNotFoundError if it cannot)."""
    stored = json.loads((directory / TEMPERATURE_FILE).read_text(encoding="utf-8"))
    return LinearTextModel.load(directory / MODEL_FILE), float(stored["temperature"])


def rankings(
    model: LinearTextModel, temperature: float, texts: list[str]
) -> list[list[dict[str, Any]]]:
    """Per text, every label with its confidence, in the order of the SVM's margins.

    The confidences (softmax with the fitted temperature) keep that order, so the first
    label is also the most confident one.
    """
    margins = model.margins(texts)
    probabilities = confidences(margins, temperature)
    labels = model.classes
    found = []
    for margin, row in zip(margins, probabilities, strict=True):
        order = sorted(range(len(labels)), key=lambda index: -margin[index])
        found.append([{"name": str(labels[i]), "confidence": float(row[i])} for i in order])
    return found


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
            # 0.25-0.4 were within 0.1 point of each other on the development sets, 0.5 and
            # more (or none) 0.3-0.5 points below (docs/nlu.md).
            "opening_weight": 0.3,
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
        self._model: LinearTextModel | None = None
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
        """Fit on every intent example and store the model as arrays (no pickle)."""
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        if len({example.get(INTENT) for example in examples}) < 2:
            logger.warning("fewer than two intents: the intent classifier is not trained")
            return self._resource
        self._model, self._temperature = fit_model(
            self._config,
            [example.get(TEXT) for example in examples],
            numpy.array([example.get(INTENT) for example in examples]),
        )
        with self._storage.write_to(self._resource) as directory:
            store(directory, self._model, self._temperature)
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
        """Load the stored model; without one (or a broken one), no intent is set."""
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component._model, component._temperature = restore(directory)
        except (ValueError, KeyError, FileNotFoundError) as error:
            logger.warning("intent classifier not loaded (%s): every intent will be None", error)
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent and the ranking of the most likely intents, by the SVM's margins.

        The confidences (softmax with the fitted temperature) keep that order, so the
        FallbackClassifier sees the top intent as the most confident one.
        """
        if self._model is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, ranking in zip(
            messages, rankings(self._model, self._temperature, texts), strict=True
        ):
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, ranking[: self._config["ranking_length"]], add_to_output=True
            )
        return messages
