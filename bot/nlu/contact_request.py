"""Rasa NLU component: a message with an email address or a phone number asks for contact.

Visitors type their address or number here for one reason: to be contacted ("call me back
on 0470 12 34 56", "my email is jan@acme.nl"). The classifier, which never saw one in
training, reads the digits as a volume and answers `ask_estimate` or `inform`; this
component puts `request_human` first instead. It runs after `ContactDetailsExtractor` and
looks only at its `email` and `phone` entities (valid details, as the handoff takes them).
Inside the handoff the form reads the message whatever its intent.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from bot.names import EMAIL, PHONE, REQUEST_HUMAN
from bot.nlu.stateless import StatelessComponent


def has_contact_details(message: Message) -> bool:
    """Whether NLU found a usable email address or phone number in the message."""
    return any(entity.get("entity") in (EMAIL, PHONE) for entity in message.get(ENTITIES) or [])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ContactRequestClassifier(StatelessComponent):
    """Puts `request_human` first for messages that carry contact details."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of each message with an email address or a phone number."""
        for message in messages:
            if not has_contact_details(message):
                continue
            chosen = {INTENT_NAME_KEY: REQUEST_HUMAN, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [
                ranked
                for ranked in message.get(INTENT_RANKING_KEY) or []
                if ranked.get(INTENT_NAME_KEY) != REQUEST_HUMAN
            ]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
        return messages
