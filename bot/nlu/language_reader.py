"""Rasa NLU component: what a message says about the chat language.

Two readings, both of the text alone (bot/language.py does the work):

* an explicit request to chat in a language ("English please", "auf Deutsch?") becomes a
  `requested_language` entity with the ISO 639-1 code, role `bare` when the message is
  nothing but the language name (which may also answer a scenario question), unless the
  scenario extractor (earlier in the pipeline) read that language as added or removed;
* the language evidence (language-bearing words, detector scores, marker words) goes into
  the message's `language_evidence` property.

A message that adds a language to the service or takes one off, and asks for no other chat
language, is `inform` whatever the classifier made of it: "add English please" in a Dutch
chat reads like "English please" to the classifier, but it changes the scenario.

Which language the assistant then speaks depends on the conversation (the current language
is sticky, the page language is a prior): the dialogue decides, in actions/slots.py.
Quick-reply payloads ("/inform{...}") carry no language and get no reading.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import DEFAULT_POLICY, read_request, request_entity, warm_up
from bot.names import ADDED, CHANGE_LANGUAGE, INFORM, LANGUAGE_EVIDENCE, REMOVED
from bot.nlu.stateless import (
    StatelessComponent,
    add_entities,
    put_first,
    whole_message_entity,
)
from bot.pricing.scenario import LIST_SLOTS


def listed_languages(message: Message) -> set[str]:
    """Languages the scenario extractor read as added to or taken off the service's list
    ("en als we Engels toevoegen?", "and without English?"): a change of the scenario, never a
    request to chat in them, whatever words put them in a request's place ("en … Engels")."""
    return {
        entity.get("value")
        for entity in message.get(ENTITIES) or []
        if entity.get("entity") in LIST_SLOTS and entity.get("role") in (ADDED, REMOVED)
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageReader(StatelessComponent, EntityExtractorMixin):
    """Adds the explicit language request (an entity) and the language evidence."""

    def __init__(self) -> None:
        """Load the detector now, with the model, rather than on a visitor's first message."""
        warm_up()

    def process(self, messages: list[Message]) -> list[Message]:
        """Read each message that is typed text (not a button payload)."""
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            request = read_request(text)
            listed = listed_languages(message)
            if request is not None and request[0] not in listed:
                entity = request_entity(*request)
                add_entities(message, [whole_message_entity(text, **entity, extractor=self.name)])
            elif listed and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == CHANGE_LANGUAGE:
                put_first(message, INFORM)
            evidence = DEFAULT_POLICY.evidence(text).as_dict()
            message.set(LANGUAGE_EVIDENCE, evidence, add_to_output=True)
        return messages
