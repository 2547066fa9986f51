"""What every action reads from the conversation: the chat language, the intent's cues, and
the number of support languages said without names."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.names import CHANGE_LANGUAGE, DEFAULT_LANGUAGE, INFORM, LANGUAGE, LANGUAGE_COUNT


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
