"""stores/trackers.py: the applied events kept on the tracker are exactly Rasa's.

Random conversations of the project's domain (tests/test_incremental_policies.py's events:
messages, actions, slots, the form, undone messages and actions, restarts, new sessions) grow
one event at a time, on an `AppliedEventsTracker` and on Rasa's tracker side by side; after
every event both filters must give the same event objects, and the policies' states read from
them must be the same. The source check fails when Rasa's method changes.
"""

from __future__ import annotations

import hashlib
import inspect
import random

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from policies import incremental
from stores.trackers import AppliedEventsTracker
from tests.test_incremental_policies import DOMAIN, OPTIONS, random_event

RASA_APPLIED_EVENTS_SHA256 = "764d5065ea9997d613c1984d9357370f9ae32d31ca21346086f16c54f0487aae"


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
