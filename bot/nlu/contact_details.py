"""Rasa NLU component: the contact details a message holds, as entities.

A thin adapter around `bot.extraction.contact.read_contact`, which reads the text alone:
`email`, `phone` (one per chat language, as role), `person_name` (role `introduced` for "my
name is …", `answer` for the message read as a bare name), `company` and `preferred_time`
(roles `answer` and `after_name`), `contact_cue` (yes, no, skip, question, …) and
`contact_problem` (a detail typed but unusable). The handoff dialogue decides what they
answer, knowing which question is open (actions/contact_answers.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.extraction.contact import read_contact
from bot.nlu.stateless import StatelessComponent, add_entities, whole_message_entity


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ContactDetailsExtractor(StatelessComponent, EntityExtractorMixin):
    """Adds what `read_contact` found in each message."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Append this extractor's entities to those of earlier extractors."""
        for message in messages:
            text = message.get(TEXT) or ""
            entities = read_contact(text).as_entities()
            add_entities(
                message,
                [whole_message_entity(text, **entity, extractor=self.name) for entity in entities],
            )
        return messages
