"""What the action server receives of a conversation's events: this turn in full, the rest in brief.

Rasa sends every event of the conversation on every call to the action server, twice per
message here (`action_validate_slot_mappings`, then the action that answers): the request grows
with the conversation (709 KB at 50 messages), and encoding it in Rasa and decoding it in the
action server was most of what made a late message cost more than an early one
(docs/performance.md). The actions need far less. Of the events before the visitor's latest
message they read only:

* the visitor's messages, their text and time (the lead's transcript, `actions/handoff.py`);
* the latest value set for a slot before this message, unless a restart came after it (a refused
  value is restored, `actions/slots.py`, `actions/handoff_questions.py`).

So the action server gets every event from the visitor's latest message on, as Rasa sends it,
and before it, in the original order: each visitor message with its text and time (`BRIEF_USER`
keys, not the NLU result), the latest `slot` event of each slot, and the latest `restart`.
Searching the events backwards for a slot's previous value, or forwards for the visitor's words,
finds the same as in the whole list (`tests/test_action_events.py`); the slots' current values,
the latest message and the active loop travel in the tracker's other fields, complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa.shared.core.events import Event, Restarted, SlotSet, UserUttered

# What an earlier visitor message keeps: what was said, when, and through which channel.
BRIEF_USER = ("event", "timestamp", "text", "message_id", "input_channel")


def brief(event: Event) -> dict[str, Any]:
    """An event before the latest message, as the action server gets it.

    A visitor message's keys are read from the event itself: its `as_dict()` would first
    build the whole NLU result (`parse_data`), for every earlier message, twice per message.
    """
    if isinstance(event, UserUttered):
        return {
            "event": event.type_name,
            "timestamp": event.timestamp,
            "text": event.text,
            "message_id": getattr(event, "message_id", None),
            "input_channel": getattr(event, "input_channel", None),
        }
    return event.as_dict()


def events_for_actions(events: Iterable[Event]) -> list[dict[str, Any]]:
    """The events of a tracker as the action server gets them (see the module docstring)."""
    events = list(events)
    cut = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0
    )
    kept: list[int] = []
    latest_slot: dict[str, int] = {}
    latest_restart: list[int] = []
    for index in range(cut):
        event = events[index]
        if isinstance(event, UserUttered):
            kept.append(index)
        elif isinstance(event, SlotSet):
            latest_slot[event.key] = index
        elif isinstance(event, Restarted):
            latest_restart[:] = [index]
    earlier = sorted([*kept, *latest_slot.values(), *latest_restart])
    return [brief(events[i]) for i in earlier] + [event.as_dict() for event in events[cut:]]
