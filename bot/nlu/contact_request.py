"""Rasa NLU component: a message with an email address or a phone number asks for contact.

Visitors type their address or number here for one reason: to be contacted ("call me back
on 0470 12 34 56", "my email is jan@acme.nl"). The classifier, which never saw one in
training, reads the digits as a volume and answers `ask_estimate` or `inform`; this
component puts `request_human` first instead. Validity is decided as in the handoff
(bot/leads/contact.py): email-validator syntax, phonenumbers in the NL/BE/FR plans or
international. Inside the handoff the form reads the message whatever its intent.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.leads.contact import read_email, read_phone
from bot.nlu.stateless import StatelessComponent

REQUEST_HUMAN = "request_human"


def has_contact_details(text: str) -> bool:
    """Whether the message holds a usable email address or phone number."""
    return read_email(text)[0] is not None or read_phone(text, "en")[0] is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ContactRequestClassifier(StatelessComponent):
    """Puts `request_human` first for messages that carry contact details."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of each message with an email address or a phone number."""
        for message in messages:
            if not has_contact_details(message.get(TEXT) or ""):
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
