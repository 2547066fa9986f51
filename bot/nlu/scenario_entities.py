"""Rasa NLU component: scenario parameters as entities with SPEC section 2 values.

A thin adapter around `bot.extraction.scenario`, which does the work and is tested on its
own. Entity names are the slot names, so `from_entity` slot mappings fill the slots; values
are already normalised (contacts per month, minutes, ISO codes). Leftover numbers come out as
`number`, for the dialogue to place when it has just asked for one.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.extraction.scenario import extract
from bot.nlu.stateless import StatelessComponent, add_entities


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ScenarioEntityExtractor(StatelessComponent, EntityExtractorMixin):
    """Adds the scenario parameters found by the rule-based extractor to each message."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Append this extractor's entities to those of earlier extractors."""
        for message in messages:
            text = message.get(TEXT) or ""
            add_entities(message, [item.as_rasa_entity(text, self.name) for item in extract(text)])
        return messages
