"""Rasa NLU component: the FAQ's answer (retrieval intent `faq`) without TensorFlow.

It replaces Rasa's `ResponseSelector`, whose DIET model was the only TensorFlow model of the
assistant: 514 MB resident and most of the model's load time for four answers
(docs/performance.md). The same TF-IDF n-grams and linear SVM as the intent classifier
(bot/nlu/intent_classifier.py, shared, not copied) choose among the `faq/<question>` labels of
the training examples, on the raw text (no tokenizer or featurizer), and the component writes
the `response_selector` output exactly as Rasa 3.6's `ResponseSelector.process` does: Rasa's
processor reads it for the full retrieval intent, and the `utter_faq` retrieval action for the
`utter_faq/<question>` response it sends (test: tests/test_faq_selector.py).

Like the `ResponseSelector`, it answers for every message; only the policies decide, from the
`faq` intent, whether the answer is sent.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key

from bot.nlu.intent_classifier import (
    TfidfSvmIntentClassifier,
    fit_model,
    rankings,
    restore,
    store,
)
from bot.nlu.linear_text_model import LinearTextModel

logger = logging.getLogger(__name__)
# What Rasa's ResponseSelector also stores next to its model: the responses of the selected
# questions (from the domain, given to NLU training by Rasa's importer) and every retrieval
# intent of the data.
ANSWERS_FILE = "answers.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfSvmResponseSelector(GraphComponent):
    """Picks the `<retrieval_intent>/<question>` answer with the intent classifier's SVM."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The intent classifier's settings, and the retrieval intent answered (None: all)."""
        return {
            **TfidfSvmIntentClassifier.get_default_config(),
            # The opening words tell an intent's kind of sentence; FAQ questions are all
            # questions, and the selector was measured without them (docs/nlu.md).
            "opening_weight": 0.0,
            "retrieval_intent": None,
        }

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model: LinearTextModel | None = None
        self._temperature = 1.0
        self._responses: dict[str, list[dict[str, Any]]] = {}
        self._retrieval_intents: list[str] = []

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfSvmResponseSelector:
        """An untrained selector."""
        return cls(config, model_storage, resource)

    @property
    def _selector_key(self) -> str:
        """Where in `response_selector` the answer goes (Rasa's key for "all retrieval intents")."""
        return self._config["retrieval_intent"] or RESPONSE_SELECTOR_DEFAULT_INTENT

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the examples of the retrieval intent, labelled by their question."""
        self._retrieval_intents = sorted(training_data.retrieval_intents)
        wanted = self._config["retrieval_intent"]
        examples = [
            example
            for example in training_data.intent_examples
            if example.get(TEXT)
            and example.get(INTENT_RESPONSE_KEY)
            and (wanted is None or example.get(INTENT) == wanted)
        ]
        labels = numpy.array([example.get(INTENT_RESPONSE_KEY) for example in examples])
        if len(set(labels)) < 2:
            logger.warning("fewer than two answers: the FAQ selector is not trained")
            return self._resource
        self._model, self._temperature = fit_model(
            self._config, [example.get(TEXT) for example in examples], labels
        )
        self._responses = {
            key: training_data.responses.get(key, [])
            for key in map(intent_response_key_to_template_key, sorted(set(labels)))
        }
        with self._storage.write_to(self._resource) as directory:
            store(directory, self._model, self._temperature)
            (directory / ANSWERS_FILE).write_text(
                json.dumps(
                    {"responses": self._responses, "retrieval_intents": self._retrieval_intents}
                ),
                encoding="utf-8",
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfSvmResponseSelector:
        """Load the stored model; without one, the selector adds nothing to messages."""
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component._model, component._temperature = restore(directory)
                answers = json.loads((directory / ANSWERS_FILE).read_text(encoding="utf-8"))
                component._responses = answers["responses"]
                component._retrieval_intents = answers["retrieval_intents"]
        except (ValueError, KeyError, FileNotFoundError) as error:
            logger.warning("FAQ selector not loaded (%s): no FAQ answer will be chosen", error)
            component._model = None
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the most likely answer and the ranking, in the ResponseSelector's format."""
        if self._model is None:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, ranking in zip(
            messages, rankings(self._model, self._temperature, texts), strict=True
        ):
            message.set(
                RESPONSE_SELECTOR_PROPERTY_NAME,
                {
                    **message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {}),
                    RESPONSE_SELECTOR_RETRIEVAL_INTENTS: self._retrieval_intents,
                    self._selector_key: self._prediction(ranking),
                },
                add_to_output=True,
            )
        return messages

    def _prediction(self, ranking: list[dict[str, Any]]) -> dict[str, Any]:
        """The ResponseSelector's prediction: the top answer with its responses, the ranking."""
        best = ranking[0]["name"]
        utter_action = intent_response_key_to_template_key(best)
        return {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: self._responses.get(utter_action)
                or [{TEXT: best}],
                PREDICTED_CONFIDENCE_KEY: ranking[0]["confidence"],
                INTENT_RESPONSE_KEY: best,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: [
                {PREDICTED_CONFIDENCE_KEY: label["confidence"], INTENT_RESPONSE_KEY: label["name"]}
                for label in ranking[: self._config["ranking_length"]]
            ],
        }
