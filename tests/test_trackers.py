"""stores/trackers.py: the applied events kept on the tracker, and its copies, are exactly Rasa's.

Random conversations of the project's domain (tests/test_incremental_policies.py's events:
messages, actions, slots, the form, undone messages and actions, restarts, new sessions) grow
one event at a time, on an `AppliedEventsTracker` and on Rasa's tracker side by side; after
every event both filters must give the same event objects, and the policies' states read from
them must be the same, and so must every field of the tracker's copy (made without replaying
the events) and of Rasa's copy (which replays them), also when the processor clears the
follow-up action between events. The source checks fail when Rasa's methods change.
"""

from __future__ import annotations

import hashlib
import inspect
import random
from typing import Any
from unittest import mock

import pytest
from rasa.shared.core.events import ActionExecuted, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from policies import incremental
from stores.trackers import AppliedEventsTracker
from tests.test_incremental_policies import DOMAIN, OPTIONS, random_event

RASA_APPLIED_EVENTS_SHA256 = "764d5065ea9997d613c1984d9357370f9ae32d31ca21346086f16c54f0487aae"
# What the copy without replay follows: Rasa's copy, the fields its tracker has and resets,
# and the two events after which the follow-up action is cleared.
RASA_COPY_SOURCES = {
    "DialogueStateTracker.copy": DialogueStateTracker.copy,
    "DialogueStateTracker.travel_back_in_time": DialogueStateTracker.travel_back_in_time,
    "DialogueStateTracker.init_copy": DialogueStateTracker.init_copy,
    "DialogueStateTracker.__init__": DialogueStateTracker.__init__,
    "DialogueStateTracker._reset": DialogueStateTracker._reset,
    "DialogueStateTracker.update": DialogueStateTracker.update,
    "UserUttered.apply_to": UserUttered.apply_to,
    "ActionExecuted.apply_to": ActionExecuted.apply_to,
}
RASA_COPY_SHA256 = "546be3d208204a5ef06882a4808b7ad7a0eb4506901837bec199db956ef13dbe"


def pair() -> tuple[AppliedEventsTracker, DialogueStateTracker]:
    return AppliedEventsTracker("test", DOMAIN.slots), DialogueStateTracker("test", DOMAIN.slots)


@pytest.mark.parametrize("seed", range(40))
def test_applied_events_after_every_event_are_rasas(seed: int) -> None:
    rng = random.Random(seed)
    ours, rasas = pair()
    for _ in range(60):
        event = random_event(rng)
        if rng.random() < 0.1:  # the form's own action, which Rasa folds into its earlier run
            event = ActionExecuted("handoff_form")
        ours.update(event)
        rasas.update(event)
        got, expected = ours.applied_events(), rasas.applied_events()
        assert len(got) == len(expected), seed
        assert all(a is b for a, b in zip(got, expected, strict=True)), seed
        for options in OPTIONS:
            assert incremental.past_states(ours, DOMAIN, **options) == (
                rasas.past_states(DOMAIN, **options)
            ), (seed, options)


def test_callers_may_change_the_list_they_get() -> None:
    ours, _ = pair()
    ours.update(ActionExecuted("action_listen"))
    ours.applied_events().clear()
    ours.update(UserUttered("hi", intent={"name": "greet", "confidence": 1.0}))
    assert len(ours.applied_events()) == 2


def test_a_tracker_whose_events_were_replaced_is_filtered_again() -> None:
    ours, _ = pair()
    ours.update(ActionExecuted("action_listen"))
    ours.applied_events()
    ours.events.clear()
    ours.update(UserUttered("hi", intent={"name": "greet", "confidence": 1.0}))
    assert ours.applied_events() == list(ours.events)


def test_a_copy_keeps_nothing() -> None:
    """What is kept lives on the tracker object: a copy (or a read elsewhere) starts afresh."""
    ours, _ = pair()
    ours.update(ActionExecuted("action_listen"))
    ours.applied_events()
    assert ours._applied is not None
    assert "_applied" not in ours.copy().__dict__


def test_rasas_method_is_the_one_this_follows() -> None:
    source = inspect.getsource(DialogueStateTracker.applied_events)
    assert hashlib.sha256(source.encode()).hexdigest() == RASA_APPLIED_EVENTS_SHA256


def fields(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Every attribute of a tracker, its events by identity and its slots by their attributes."""
    found = dict(vars(tracker))
    found["events"] = [id(event) for event in tracker.events]
    found["slots"] = {name: dict(vars(slot)) for name, slot in tracker.slots.items()}
    found["class"] = type(tracker)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_a_copy_after_every_event_is_rasas(seed: int) -> None:
    rng = random.Random(seed)
    ours, rasas = pair()
    replayed = 0
    for _ in range(60):
        event = random_event(rng)
        if rng.random() < 0.15:
            event = FollowupAction(rng.choice(["action_estimate", "handoff_form"]))
        ours.update(event)
        rasas.update(event)
        if rng.random() < 0.1:  # as the processor does when it predicts the follow-up action
            ours.clear_followup_action()
            rasas.clear_followup_action()
        with mock.patch.object(
            DialogueStateTracker,
            "travel_back_in_time",
            autospec=True,
            side_effect=DialogueStateTracker.travel_back_in_time,
        ) as replay:
            copied = ours.copy()
        replayed += replay.called
        expected = DialogueStateTracker.copy(ours)
        assert fields(copied) == fields(expected), seed
        assert fields(copied) == {**fields(rasas.copy()), "events": fields(copied)["events"]}
        assert copied.slots is not ours.slots and copied.events is not ours.events
        # A change to the copy (the processor's temporary tracker) leaves the tracker alone.
        before = fields(ours)
        copied.update(SlotSet(DOMAIN.slots[0].name, None))
        copied.clear_followup_action()
        assert fields(ours) == before
    assert replayed < 30, "most copies are made without replaying the events"


def test_a_tracker_read_from_the_database_is_copied_as_rasa_copies_it() -> None:
    rng = random.Random(1)
    events = [random_event(rng).as_dict() for _ in range(40)]
    read = AppliedEventsTracker.from_dict("test", events, DOMAIN.slots)
    assert fields(read.copy()) == fields(DialogueStateTracker.copy(read))


def test_rasas_copy_is_the_one_this_follows() -> None:
    sources = "".join(inspect.getsource(method) for method in RASA_COPY_SOURCES.values())
    assert hashlib.sha256(sources.encode()).hexdigest() == RASA_COPY_SHA256
