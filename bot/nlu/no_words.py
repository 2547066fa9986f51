"""Rasa NLU component: a message without a letter or a digit has no intent.

An empty message, "...", or a row of emoji gets whatever intent the classifier leans to
(an empty message came out as `affirm`, 0.59, which started the handoff). Such a message is
marked `nlu_fallback` with full confidence, so the dialogue asks the visitor to rephrase.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent


def has_words(text: str) -> bool:
    """Whether a message holds at least one letter or digit."""
    return any(char.isalnum() for char in text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NoWordsClassifier(StatelessComponent):
    """Overrides the intent of messages without words with `nlu_fallback`."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the intent of each message without words."""
        for message in messages:
            if has_words(message.get(TEXT) or ""):
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: 1.0,
            }
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
        return messages
