"""Names of the dialogue's own slots, and the chat language, shared by every action."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.formatting import DEFAULT_LANGUAGE

LANGUAGE_SLOT = "language"
# The scenario parameter asked for last, so that a short answer or a bare number counts.
REQUESTED_SLOT = "requested_parameter"
# Whether contact is on offer: only then does "yes" start the handoff (data/rules.yml).
OFFERED_SLOT = "contact_offered"
# Parameters the visitor could not give ("I don't know"): their defaults are used.
SKIPPED_SLOT = "skipped_parameters"


def chat_language(tracker: Tracker) -> str:
    """The language the assistant speaks in this conversation."""
    language = tracker.get_slot(LANGUAGE_SLOT)
    return language if isinstance(language, str) else DEFAULT_LANGUAGE
