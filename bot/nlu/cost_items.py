"""Rasa NLU component: the cost items a message names, as `cost_item` entities.

"c'est quoi les frais de démarrage ?" names `startup_fee`; the explanation action then
explains that item instead of the overview. The words are in bot/extraction/vocabulary.py.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.extraction.topics import cost_items
from bot.names import COST_ITEM
from bot.nlu.stateless import StatelessComponent, add_entities, whole_message_entity


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class CostItemExtractor(StatelessComponent, EntityExtractorMixin):
    """Adds one `cost_item` entity per cost item named, in the rate card's order."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Append this extractor's entities to those of earlier extractors."""
        for message in messages:
            text = message.get(TEXT) or ""
            items = cost_items(text)
            add_entities(
                message, [whole_message_entity(text, COST_ITEM, item, self.name) for item in items]
            )
        return messages
