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

Choosing those events read every event of the conversation, twice per message: what still grew
with the conversation (18 % of the Rasa server's samples at 300 messages, docs/performance.md).
The events before the latest message never change, so `events_for_actions` keeps, per
conversation, what it found in them and reads only the events that came since. A conversation's
events are recognised as the same objects (the first and the last one read): a tracker read
again from the database, a restart's new tracker or another process starts from the beginning.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
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


@dataclass
class _Earlier:
    """What the events before some index of one conversation hold for the actions."""

    first: Event  # events[0]: the same conversation, not one read again
    last: Event  # events[read - 1]
    read: int = 0
    users: dict[int, dict[str, Any]] = field(default_factory=dict)  # index -> brief
    latest_slot: dict[str, int] = field(default_factory=dict)  # slot -> index
    latest_restart: int | None = None

    def continues(self, events: list[Event]) -> bool:
        return (len(events) >= self.read and events[0] is self.first
                and events[self.read - 1] is self.last)

    def read_up_to(self, events: list[Event], cut: int) -> None:
        for index in range(self.read, cut):
            event = events[index]
            if isinstance(event, UserUttered):
                self.users[index] = brief(event)
            elif isinstance(event, SlotSet):
                self.latest_slot[event.key] = index
            elif isinstance(event, Restarted):
                self.latest_restart = index
        self.read, self.last = cut, events[cut - 1]

    def briefs(self, events: list[Event]) -> list[dict[str, Any]]:
        """The kept events, in their order."""
        kept = {**self.users, **{i: events[i].as_dict() for i in self.latest_slot.values()}}
        if self.latest_restart is not None:
            kept[self.latest_restart] = events[self.latest_restart].as_dict()
        return [kept[index] for index in sorted(kept)]


# What was read of the conversations whose actions ran lately (per process), by sender and
# first event: Rasa also sends a conversation's events from its latest restart on
# (`ActionExtractSlots`), a second view of the same conversation.
_EARLIER: OrderedDict[tuple[str, int], _Earlier] = OrderedDict()
KEPT_CONVERSATIONS = 1000


def events_for_actions(events: Iterable[Event], sender_id: str) -> list[dict[str, Any]]:
    """The events of a tracker as the action server gets them (see the module docstring)."""
    events = list(events)
    cut = next(
        (i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), 0
    )
    if cut == 0:
        return [event.as_dict() for event in events]
    key = (sender_id, id(events[0]))  # the id is not reused while `first` keeps it alive
    earlier = _EARLIER.get(key)
    if earlier is None or not earlier.continues(events) or cut < earlier.read:
        earlier = _Earlier(first=events[0], last=events[0])
    earlier.read_up_to(events, cut)
    _EARLIER[key] = earlier
    _EARLIER.move_to_end(key)
    while len(_EARLIER) > KEPT_CONVERSATIONS:
        _EARLIER.popitem(last=False)
    return earlier.briefs(events) + [event.as_dict() for event in events[cut:]]
