"""stores/action_events.py: the actions read the same from the brief events as from all of them.

Every function of the actions that reads `tracker.events` is run on a rasa-sdk tracker with all
the events (what Rasa sends) and on one with the events `events_for_actions` keeps, for many
conversations made of random turns (visitor messages, slots set, restarts, bot messages).
A new reader of the events belongs in READERS; `test_every_reader_of_the_events_is_checked`
fails until it is added (or the brief is widened for it). The domain goes only to the actions
that read it (`send_domain` in domain.yml).
"""

from __future__ import annotations

import inspect
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SlotSet,
    UserUttered,
)
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.forms import ValidationAction

from actions.handoff import transcript
from actions.handoff_questions import set_this_turn, value_before_this_turn
from actions.slots import latest_user_event, value_before_latest_message
from stores.action_events import BRIEF_USER, events_for_actions

ROOT = Path(__file__).resolve().parent.parent
SLOTS = ["contact_volume", "language", "contact_email", "support_languages"]

READERS: dict[str, Callable[[Tracker], Any]] = {
    "latest_user_event": latest_user_event,
    "set_this_turn": set_this_turn,
    "transcript": transcript,
    **{f"value_before_latest_message:{s}": (lambda t, s=s: value_before_latest_message(t, s))
       for s in SLOTS},
    **{f"value_before_this_turn:{s}": (lambda t, s=s: value_before_this_turn(t, s))
       for s in SLOTS},
}


def user(rng: random.Random, serial: int) -> UserUttered:
    return UserUttered(
        f"message {serial}",
        intent={"name": "inform", "confidence": 0.9},
        entities=[{"entity": "contact_volume", "value": str(serial)}],
        parse_data={"intent_ranking": [{"name": "inform", "confidence": 0.9}],
                    "text": f"message {serial}"},
        metadata={"language": rng.choice(["fr", "nl", "en"])},
        input_channel="rest",
        message_id=f"id-{serial}",
        timestamp=1_700_000_000 + serial,
    )


def conversation(seed: int) -> list[Event]:
    """Random turns: a visitor message, then slots, restarts and bot messages in any order."""
    rng = random.Random(seed)
    events: list[Event] = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    for serial in range(rng.randint(0, 12)):
        events.append(user(rng, serial))
        for _ in range(rng.randint(0, 5)):
            kind = rng.random()
            if kind < 0.6:
                events.append(SlotSet(rng.choice(SLOTS), rng.choice([None, serial, "fr", 3000])))
            elif kind < 0.7:
                events.append(Restarted())
            else:
                events.append(ActionExecuted("action_estimate"))
                events.append(BotUttered(f"reply {serial}", {"custom": {"type": "estimate"}}))
        if rng.random() < 0.8:
            events.append(ActionExecuted("action_listen"))
    return events


def sdk_tracker(events: list[dict[str, Any]]) -> Tracker:
    return Tracker.from_dict({"sender_id": "test", "slots": {}, "events": events,
                              "latest_message": {}, "active_loop": {}})


@pytest.mark.parametrize("seed", range(200))
def test_the_actions_read_the_same_from_the_brief_events(seed: int) -> None:
    """After every event of a growing conversation: what was read before is reused."""
    events = conversation(seed)
    for end in range(1, len(events) + 1):
        full = sdk_tracker([event.as_dict() for event in events[:end]])
        brief = sdk_tracker(events_for_actions(events[:end], f"growing-{seed}"))
        for name, reader in READERS.items():
            assert reader(brief) == reader(full), (name, end)


def test_a_conversation_read_again_or_seen_from_its_restart_is_read_anew() -> None:
    """New event objects (read again from the database), or the events after the latest
    restart (Rasa's slot extraction sends those), under the same sender."""
    events = conversation(3) + conversation(5)
    first = events_for_actions(events, "again")
    again = [Event.from_parameters(event.as_dict()) for event in events]
    assert events_for_actions(again, "again") == first
    changed = [*again[:3], user(random.Random(9), 99), *again[3:]]
    assert events_for_actions(changed, "again") == events_for_actions(changed, "elsewhere")
    restart = max(i for i, event in enumerate(events) if isinstance(event, Restarted))
    after = events[restart + 1:]
    for view in (after, events, after, events):
        assert events_for_actions(view, "views") == events_for_actions(view, f"once-{id(view)}")


def test_the_latest_message_and_what_follows_are_sent_as_they_are() -> None:
    events = conversation(7)
    latest = max(i for i, event in enumerate(events) if isinstance(event, UserUttered))
    tail = [event.as_dict() for event in events[latest:]]
    assert events_for_actions(events, "tail")[-len(tail):] == tail


def test_earlier_messages_keep_only_their_words_and_time() -> None:
    rng = random.Random(1)
    events = [user(rng, 1), SlotSet("language", "fr"), SlotSet("language", "nl"), user(rng, 2)]
    sent = events_for_actions(events, "earlier")
    assert sent[0] == {key: events[0].as_dict()[key] for key in BRIEF_USER}
    assert sent[1:] == [events[2].as_dict(), events[3].as_dict()]


def test_no_visitor_message_yet_sends_everything() -> None:
    events: list[Event] = [ActionExecuted("action_session_start"), SlotSet("language", "fr"),
                           ActionExecuted("action_listen")]
    assert events_for_actions(events, "none") == [event.as_dict() for event in events]


def test_every_reader_of_the_events_is_checked() -> None:
    """Each function of the actions that reads `tracker.events` is one of READERS."""
    readers = set()
    for path in (ROOT / "actions").glob("*.py"):
        current = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := re.match(r"(?:async )?def (\w+)", line):
                current = match.group(1)
            if "tracker.events" in line or "applied_events" in line:
                readers.add(current)
    assert readers == {name.split(":")[0] for name in READERS}


def test_the_actions_that_read_the_domain_get_it() -> None:
    """With enable_selective_domain, an action that reads its `domain` must say send_domain."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True
    domain = Domain.load(str(ROOT / "domain.yml"))
    executor = ActionExecutor()  # every action of the domain (tests/test_texts.py)
    executor.register_package("actions")
    for name, run in executor.actions.items():
        action = run.__self__  # type: ignore[attr-defined]
        reads = isinstance(action, ValidationAction) or any(
            re.search(r"\bdomain(\.get\(|\[)", inspect.getsource(cls))
            for cls in type(action).__mro__ if cls.__module__.startswith("actions")
        )
        assert domain.does_custom_action_explicitly_need_domain(name) == reads, name
