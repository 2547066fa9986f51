"""Rasa NLU component: a message with an email address or a phone number asks for contact.

Visitors type their address or number here for one reason: to be contacted ("call me back
on 0470 12 34 56", "my email is jan@acme.nl"). The classifier, which never saw one in
training, reads the digits as a volume and answers `ask_estimate` or `inform`; this
component puts `request_human` first instead. It runs after `ContactDetailsExtractor` and
looks only at its `email` and `phone` entities (valid details, as the handoff takes them).
Inside the handoff the form reads the message whatever its intent.

A name alone ("Ruud Vermeulen van HEMA", "Sanne de Boer": the extractor's `name_like` cue, two
words or more) or a company named in a phrase of its own ("je bosse chez Fontaine", "ik zit
bij De Lijn") is no request to start over or to leave, whatever the classifier made of
words it never saw: such a message becomes `inform`, so that the handoff form can take it.
So is a good time to call ("afternoons are best", "any time next week is fine", "morgen na
twaalf") that the classifier read as a goodbye, unless it takes leave in words ("bye, see you
tomorrow", "à demain", "nog een fijne avond"); a request to start over stays one, whatever
time words it has.

A visitor who introduces themselves ("I'm Sarah Collins, head of customer care at
Brightline", "Mijn naam is Ingrid Smit") gives a detail; it is no request for something the
assistant does not do, whatever the classifier made of the job title: `out_of_scope` becomes
`inform` when the extractor read an introduced name, and the dialogue thanks them by name and
goes on (actions/estimate.py; the handoff form takes the name).
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.extraction.contact import ANSWER, INTRODUCED, NAME_LIKE
from bot.names import (
    COMPANY,
    CONTACT_CUE,
    EMAIL,
    GOODBYE,
    INFORM,
    OUT_OF_SCOPE,
    PERSON_NAME,
    PHONE,
    PREFERRED_TIME,
    REQUEST_HUMAN,
    RESTART,
)
from bot.nlu.stateless import StatelessComponent, put_first
from bot.text import fold, words_pattern


def has_contact_details(message: Message) -> bool:
    """Whether NLU found a usable email address or phone number in the message."""
    return any(entity.get("entity") in (EMAIL, PHONE) for entity in message.get(ENTITIES) or [])


# Intents a name or company is no example of, and that end what the visitor is doing.
NOT_FOR_A_NAME = frozenset({RESTART, GOODBYE})


def is_a_name_alone(message: Message) -> bool:
    """Whether the extractor read the message as a name or company of two words or more."""
    cues = {e.get("value") for e in message.get(ENTITIES) or [] if e.get("entity") == CONTACT_CUE}
    return NAME_LIKE in cues and len((message.get(TEXT) or "").split()) >= 2


def introduces(message: Message, kind: str) -> bool:
    """Whether the extractor read a `kind` (PERSON_NAME, COMPANY) introduced in a phrase of its
    own ("je suis Marc Dubois", "I work at Hooli")."""
    return any(
        entity.get("entity") == kind and entity.get("role") == INTRODUCED
        for entity in message.get(ENTITIES) or []
    )


# Words that take leave, folded: with them a time is part of a goodbye ("see you tomorrow").
FAREWELLS = [
    "bye", "see you", "take care", "have a nice", "have a good", "farewell", "cheers",
    "that's all", "that's it", "come back", "thanks", "thank you",
    "au revoir", "a bientot", "a demain", "a plus", "bonne journee", "bonne soiree", "salut",
    "bonne fin", "c'est tout", "je reviendrai", "je repasserai", "merci",
    "bonne apres-midi", "bon week-end", "bon weekend", "bonne nuit",
    "ciao", "tot ziens", "doei", "dag", "tot morgen", "tot later", "fijne dag", "houdoe",
    "prettige", "dat was het", "dat is alles", "kom terug", "kom later", "bedankt", "dank",
    "fijne avond", "fijn weekend", "fijne middag", "een fijne", "goede avond", "goedenavond",
    "welterusten", "good night", "nice evening", "nice weekend",
]  # fmt: skip
_FAREWELL = re.compile(rf"{words_pattern(FAREWELLS)}|bye\b")  # "goodbye" too


def gives_a_time_only(message: Message) -> bool:
    """Whether the extractor read a good time to call, and the words take no leave."""
    timed = any(
        entity.get("entity") == PREFERRED_TIME and entity.get("role") == ANSWER
        for entity in message.get(ENTITIES) or []
    )
    return timed and not _FAREWELL.search(fold(message.get(TEXT) or ""))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ContactRequestClassifier(StatelessComponent):
    """Puts `request_human` first for messages with contact details, `inform` for a name."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Override the intent of messages with contact details, and of a name alone."""
        for message in messages:
            if has_contact_details(message):
                put_first(message, REQUEST_HUMAN)
            elif (
                _intent(message) in NOT_FOR_A_NAME
                and (is_a_name_alone(message) or introduces(message, COMPANY))
            ) or (
                (_intent(message) == GOODBYE and gives_a_time_only(message))
                or (_intent(message) == OUT_OF_SCOPE and introduces(message, PERSON_NAME))
            ):
                put_first(message, INFORM)
        return messages


def _intent(message: Message) -> str | None:
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
