"""What every action reads from the conversation: the chat language, the intent's cues, the
number of support languages said without names, and what the latest message gave."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.extraction.contact import ContactReading
from bot.names import (
    CHANGE_LANGUAGE,
    CONTACT_NAME,
    DEFAULT_LANGUAGE,
    INFORM,
    LANGUAGE,
    LANGUAGE_COUNT,
)
from bot.pricing.scenario import SCENARIO_FIELDS


def chat_language(tracker: Tracker) -> str:
    """The language the assistant speaks in this conversation."""
    language = tracker.get_slot(LANGUAGE)
    return language if isinstance(language, str) else DEFAULT_LANGUAGE


def language_cues(intent: str | None) -> dict[str, bool]:
    """What the intent tells the chat-language policy (bot.language.Policy.decide).

    `change_language` lowers the bar for a switch; `inform` makes a bare language name an
    answer about the scenario ("Nederlands" to "which languages?"), not a switch.
    """
    return {"switch_asked": intent == CHANGE_LANGUAGE, "scenario_answer": intent == INFORM}


def language_count(tracker: Tracker) -> int | None:
    """The number of support languages said without naming them ("bilingual"), if any."""
    count = tracker.get_slot(LANGUAGE_COUNT)
    return None if count is None else int(count)


def name_introduced_now(tracker: Tracker) -> str | None:
    """The name the visitor's latest message introduced ("Mijn naam is Ingrid Smit"), when the
    dialogue kept it (actions/slots.py): said back, so they know it was understood."""
    kept = tracker.get_slot(CONTACT_NAME)
    entities = (tracker.latest_message or {}).get("entities") or []
    introduced = ContactReading.from_entities(entities).introduced_name
    return kept if introduced is not None and kept == introduced else None


def gives_scenario(tracker: Tracker) -> bool:
    """Whether the latest message states a scenario parameter (any entity of one)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return any(entity.get("entity") in SCENARIO_FIELDS for entity in entities)
