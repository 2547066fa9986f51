"""policies/incremental.py: the states of a growing conversation are exactly Rasa's.

Conversations of random events of the project's domain (messages, actions hidden or not,
slots, the form, undone messages and actions, restarts, follow-ups) grow one event at a time;
after every event the incremental states must equal Rasa's `past_states` for every option the
policies use. The source checks fail when Rasa's function changes, so that the copy of its loop
is looked at again.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import random
from pathlib import Path
from typing import Any

import pytest
from rasa.core.featurizers.tracker_featurizers import TrackerFeaturizer
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_UNLIKELY_INTENT_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from policies import incremental

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
# sha256 of the Rasa 3.6 sources the loop in policies/incremental.py follows.
RASA_SOURCES = {
    "states_for_tracker_history": (
        Domain.states_for_tracker_history,
        "035111ce73ac90ba50e143abf556f924af07d9f452893f5a96a62895d44df8b7",
    ),
    "generate_all_prior_trackers": (
        DialogueStateTracker.generate_all_prior_trackers,
        "a1f6954347b52649a7b1054741338997d2369197d91acb2eab7f6b11d3855ed1",
    ),
}
OPTIONS = [
    {},
    {"ignore_rule_only_turns": True},
    {"ignore_rule_only_turns": True,
     "rule_only_data": {"slots": ["contact_consent"], "loops": ["handoff_form"]}},
    {"omit_unset_slots": True},
]


def slot_value(rng: random.Random, slot: Any) -> Any:
    kind = slot.type_name
    if kind == "float":
        return rng.choice([None, 0.0, 3000.0, 12.5])
    if kind == "bool":
        return rng.choice([None, True, False])
    if kind == "categorical":
        return rng.choice([None, *slot.values])
    if kind == "list":
        return rng.choice([None, [], ["fr", "nl"]])
    return rng.choice([None, "fr", "someone@example.com"])


def random_event(rng: random.Random) -> Event:
    roll = rng.random()
    if roll < 0.25:
        return UserUttered("text", intent={"name": rng.choice(DOMAIN.intents), "confidence": 1.0})
    if roll < 0.55:
        return ActionExecuted(rng.choice(DOMAIN.action_names_or_texts),
                              hide_rule_turn=rng.random() < 0.3)
    if roll < 0.8:
        slot = rng.choice(DOMAIN.slots)
        return SlotSet(slot.name, slot_value(rng, slot))
    rare: list[Event] = [
        ActiveLoop("handoff_form"), ActiveLoop(None), UserUtteranceReverted(), ActionReverted(),
        Restarted(), FollowupAction("action_estimate"), SessionStarted(),
        ActionExecuted("action_listen"),
    ]
    return rng.choice(rare)


@pytest.mark.parametrize("seed", range(40))
def test_states_after_every_event_are_rasas(seed: int) -> None:
    rng = random.Random(seed)
    tracker = DialogueStateTracker("test", DOMAIN.slots)
    for _ in range(60):
        tracker.update(random_event(rng))
        for options in OPTIONS:
            expected = tracker.past_states(DOMAIN, **options)
            assert incremental.past_states(tracker, DOMAIN, **options) == expected, options


def test_rule_states_are_formatted_only_for_the_debug_log() -> None:
    states: list[Any] = [{"prev_action": {"action_name": "action_listen"}}]
    rasa_logger = logging.getLogger("rasa")
    level = rasa_logger.level
    try:
        rasa_logger.setLevel(logging.DEBUG)
        assert incremental.IncrementalRulePolicy.format_tracker_states(states) == (
            RulePolicy.format_tracker_states(states)
        )
        assert "action_listen" in RulePolicy.format_tracker_states(states)
        rasa_logger.setLevel(logging.INFO)
        formatted = incremental.IncrementalRulePolicy.format_tracker_states(states)
        assert "action_listen" not in formatted
    finally:
        rasa_logger.setLevel(level)


def test_callers_may_change_the_states_they_get() -> None:
    tracker = DialogueStateTracker("test", DOMAIN.slots)
    for event in [ActionExecuted("action_listen"),
                  UserUttered("hi", intent={"name": "greet", "confidence": 1.0}),
                  ActionExecuted("utter_greet"), ActionExecuted("action_listen")]:
        tracker.update(event)
    for state in incremental.past_states(tracker, DOMAIN):
        state.clear()
    assert incremental.past_states(tracker, DOMAIN) == tracker.past_states(DOMAIN)


def test_a_tracker_read_again_starts_from_the_beginning() -> None:
    """Progress lives on the tracker object: a copy (another process's read) has none."""
    tracker = DialogueStateTracker("test", DOMAIN.slots)
    tracker.update(ActionExecuted("action_listen"))
    incremental.past_states(tracker, DOMAIN)
    assert incremental.PROGRESS_ATTRIBUTE in tracker.__dict__
    assert incremental.PROGRESS_ATTRIBUTE not in tracker.copy().__dict__


def policy(policy_class: type[Policy], storage: Path) -> Policy:
    return policy_class.create(
        {**policy_class.get_default_config(), "max_history": 4},
        LocalModelStorage(storage), Resource("policy"), ExecutionContext(GraphSchema({}), "t"),
    )


@pytest.mark.parametrize("ours, rasas", [
    (incremental.IncrementalMemoizationPolicy, MemoizationPolicy),
    (incremental.IncrementalRulePolicy, RulePolicy),
])
def test_the_policies_use_the_incremental_featurizer_and_keep_it(
    ours: type[Policy], rasas: type[Policy], tmp_path: Path
) -> None:
    featurizer = policy(ours, tmp_path).featurizer
    assert type(featurizer) is incremental.IncrementalMaxHistoryTrackerFeaturizer
    expected = policy(rasas, tmp_path).featurizer.to_dict()
    assert {**featurizer.to_dict(), "type": expected["type"]} == expected
    loaded = TrackerFeaturizer.from_dict(featurizer.to_dict())
    assert type(loaded) is incremental.IncrementalMaxHistoryTrackerFeaturizer
    assert "horizon" not in featurizer.to_dict()  # set by the policy, not saved


def test_a_loaded_memoization_policy_reads_its_max_history(tmp_path: Path) -> None:
    """A loaded policy gets its featurizer from the model, not `_standard_featurizer`."""
    featurizer = incremental.IncrementalMaxHistoryTrackerFeaturizer(max_history=4)
    loaded = incremental.IncrementalMemoizationPolicy(
        {**MemoizationPolicy.get_default_config(), "max_history": 4},
        LocalModelStorage(tmp_path), Resource("policy"), ExecutionContext(GraphSchema({}), "t"),
        featurizer=featurizer,
    )
    assert loaded.featurizer is featurizer
    assert featurizer.horizon == 4


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("horizon", [1, 3, 8])
def test_a_horizon_gives_the_latest_states_of_rasas(seed: int, horizon: int) -> None:
    """The tail of Rasa's states holding `horizon` states besides action_unlikely_intent turns."""
    rng = random.Random(seed)
    tracker = DialogueStateTracker("test", DOMAIN.slots)
    for _ in range(60):
        event = random_event(rng)
        if rng.random() < 0.1:
            event = ActionExecuted(ACTION_UNLIKELY_INTENT_NAME)
        tracker.update(event)
        for options in OPTIONS:
            everything = tracker.past_states(DOMAIN, **options)
            tail = incremental.past_states(tracker, DOMAIN, **options, horizon=horizon)
            assert tail == everything[len(everything) - len(tail):], options
            others = [state for state in tail if not unlikely(state)]
            assert len(others) == min(horizon, sum(not unlikely(s) for s in everything))
            assert not tail or len(tail) == len(everything) or not unlikely(tail[0])


def unlikely(state: dict[str, Any]) -> bool:
    return state.get("prev_action", {}).get("action_name") == ACTION_UNLIKELY_INTENT_NAME


def test_the_rule_horizon_is_one_state_more_than_the_longest_key() -> None:
    rule = json.dumps([{}, {"prev_action": {"action_name": "action_listen"}}] * 3)
    lookup = {
        "rules": {json.dumps([{}]): "utter_greet", rule: "action_estimate"},
        "rules_for_loop_unhappy_path": {json.dumps([{}] * 2): "do_not_predict_loop_action"},
        "rules_not_in_stories": [json.dumps([{}] * 9), "handling active loops and forms - x"],
    }
    assert incremental.rule_horizon(lookup) == 10
    lookup["rules_not_in_stories"] = []
    assert incremental.rule_horizon(lookup) == 7
    assert incremental.rule_horizon({}) is None


@pytest.mark.parametrize("name", RASA_SOURCES)
def test_rasas_functions_are_the_ones_the_copy_follows(name: str) -> None:
    function, digest = RASA_SOURCES[name]
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest() == digest, name
