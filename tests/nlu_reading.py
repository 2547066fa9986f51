"""A visitor's message as the assistant's NLU pipeline reads it, for the dialogue's tests.

Runs the rule-based components of config.yml (the ones that read the text; no trained
model) on the message, so that action tests get the entities and the language evidence
that the dialogue decides from, exactly as Rasa would hand them over.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.names import LANGUAGE_EVIDENCE
from bot.nlu.contact_details import ContactDetailsExtractor
from bot.nlu.cost_items import CostItemExtractor
from bot.nlu.language_reader import LanguageReader
from bot.nlu.scenario_entities import ScenarioEntityExtractor

READERS = (
    ScenarioEntityExtractor(),
    CostItemExtractor(),
    LanguageReader(),
    ContactDetailsExtractor(),
)


def parsed(text: str, intent: str | None = "inform") -> dict[str, Any]:
    """The `latest_message` of a tracker after NLU has read `text` (intent given)."""
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    for reader in READERS:
        reader.process([message])
    result = {"text": text, "intent": message.get(INTENT), "entities": message.get(ENTITIES, [])}
    if message.get(LANGUAGE_EVIDENCE) is not None:
        result[LANGUAGE_EVIDENCE] = message.get(LANGUAGE_EVIDENCE)
    return result
