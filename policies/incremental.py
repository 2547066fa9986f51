"""Rasa's MemoizationPolicy and RulePolicy, with the dialogue states computed once per event.

To predict, both policies turn the conversation into one state per turn
(`Domain.states_for_tracker_history`): Rasa replays every event into a fresh tracker and
describes it before every action, on every prediction, two or three times per message and
once per policy. That replay grew with the conversation and was a fifth of the Rasa server's
time under load (docs/performance.md). The states of past turns never change while the
conversation only grows, so `past_states` keeps, on the tracker object itself, how far it got
(the replayed tracker, the states so far and the loop's two carried variables) and replays only
the events that came since. It starts again from the first event whenever the applied events are
not an extension of those it saw (an undone message, a rewind, a restart, another domain), so it
never serves anything else than what Rasa would compute. Nothing outlives the tracker object:
a conversation read again from the database, by this process or another instance, starts from
the beginning. (The applied events it starts from are kept on the trackers the tracker store
hands out, stores/trackers.py.)

Prediction reads only the latest states: the MemoizationPolicy its `max_history`, the RulePolicy
one more than its longest rule (an older state can neither make a rule apply nor stop one, see
`rule_horizon`). So each call copies only those (`horizon`, set by each policy on its
featurizer): copying every state on every call was the largest cost that still grew with the
conversation (17 % of the Rasa server's samples at 300 messages, docs/performance.md).

The loop body is Rasa 3.6's `states_for_tracker_history`, unchanged;
`tests/test_incremental_policies.py` compares both on generated conversations and fails when
Rasa's function changes. Training trackers (`TrackerWithCachedStates`) keep Rasa's own cache.

config.yml::

    policies:
      - name: policies.incremental.IncrementalMemoizationPolicy
      - name: policies.incremental.IncrementalRulePolicy
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, cast

from rasa.core.constants import POLICY_MAX_HISTORY
from rasa.core.featurizers.tracker_featurizers import (
    MaxHistoryTrackerFeaturizer,
    TrackerFeaturizer,
)
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
    RulePolicy,
)
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_UNLIKELY_INTENT_NAME, PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME

PROGRESS_ATTRIBUTE = "_incremental_past_states"


@dataclass
class Progress:
    """How far the states of one tracker, for one set of options, have been computed."""

    domain: Domain
    replay: DialogueStateTracker  # a tracker that has seen exactly `applied`
    applied: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)  # one per ActionExecuted in `applied`
    last_ml_action_sub_state: SubState | None = None
    turn_was_hidden: bool = False

    def extends(self, applied: list[Event]) -> bool:
        """Whether `applied` starts with exactly the events seen so far (the same objects).

        Checking the last one seen is enough: the applied events of a tracker are its events,
        which only grow, minus those that later events undo, and an event once undone never
        comes back. So if the event last seen is still at its place, none before it went.
        (Comparing every event made this check grow with the conversation.)
        """
        seen = self.applied
        return len(applied) >= len(seen) and (not seen or applied[len(seen) - 1] is seen[-1])


def _step(
    progress: Progress,
    hide_rule_turn: bool,
    states: list[State],
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> None:
    """One iteration of Rasa's `states_for_tracker_history` loop, on `progress.replay`."""
    domain, tr = progress.domain, progress.replay
    if ignore_rule_only_turns:
        if not progress.turn_was_hidden:
            progress.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
        if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
            progress.turn_was_hidden = hide_rule_turn
        if progress.turn_was_hidden:
            return
    state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if progress.last_ml_action_sub_state:
            state[PREVIOUS_ACTION] = cast(SubState, progress.last_ml_action_sub_state)
    states.append(domain._clean_state(state))


def _copy(state: State) -> State:
    """A state the caller may change (sub-states are dicts of immutable values)."""
    return cast(State, {key: dict(sub_state) for key, sub_state in state.items()})


def _tail_start(states: list[State], horizon: int) -> int:
    """Where the latest `horizon` states begin, not counting `action_unlikely_intent` turns.

    Rasa drops those turns before it slices a policy's history, so a tail with `horizon` other
    states holds everything the slice keeps.
    """
    kept = 0
    for index in range(len(states) - 1, -1, -1):
        if states[index].get(PREVIOUS_ACTION, {}).get(ACTION_NAME) != ACTION_UNLIKELY_INTENT_NAME:
            kept += 1
            if kept == horizon:
                return index
    return 0


def past_states(
    tracker: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
    horizon: int | None = None,
) -> list[State]:
    """`tracker.past_states(...)`, replaying only the events added since the last call.

    With a `horizon`, only the latest `horizon` states (the one after the latest event
    included) are returned: the ones a policy's prediction reads.
    """
    if isinstance(tracker, TrackerWithCachedStates):  # training trackers cache their own states
        return tracker.past_states(domain, omit_unset_slots, ignore_rule_only_turns,
                                   rule_only_data)
    options = (omit_unset_slots, ignore_rule_only_turns, json.dumps(rule_only_data,
                                                                   sort_keys=True))
    everything: dict[Any, Progress] = tracker.__dict__.setdefault(PROGRESS_ATTRIBUTE, {})
    applied = tracker.applied_events()
    progress = everything.get(options)
    if progress is None or progress.domain is not domain or not progress.extends(applied):
        progress = everything[options] = Progress(domain, tracker.init_copy())
    flags = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    for event in applied[len(progress.applied):]:
        if isinstance(event, ActionExecuted):
            _step(progress, event.hide_rule_turn, progress.states, *flags)
        progress.replay.update(event)
        progress.applied.append(event)
    # The state after the latest event, as Rasa's last `yield tracker, False`: not kept, the
    # next event changes it.
    kept = progress.states
    start = 0 if horizon is None else _tail_start(kept, horizon)
    states = [_copy(state) for state in kept[start:]]
    carried = (progress.last_ml_action_sub_state, progress.turn_was_hidden)
    _step(progress, False, states, *flags)
    progress.last_ml_action_sub_state, progress.turn_was_hidden = carried
    return states if horizon is None else states[_tail_start(states, horizon):]


@TrackerFeaturizer.register("IncrementalMaxHistoryTrackerFeaturizer")
class IncrementalMaxHistoryTrackerFeaturizer(MaxHistoryTrackerFeaturizer):
    """Rasa's featurizer of the two policies, with `past_states` above.

    `horizon` is how many of the latest states a prediction reads (None: all); it is not saved
    with the model, each policy sets it (`IncrementalStates`).
    """

    horizon: int | None = None

    def _create_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        return past_states(tracker, domain, omit_unset_slots, ignore_rule_only_turns,
                           rule_only_data, self.horizon)


class IncrementalStates:
    """Gives a policy the featurizer above, with the policy's horizon set on it.

    The horizon is the policy's `max_history` (None: every state); `IncrementalRulePolicy`
    derives its own from its rules. It is set when the policy is created or loaded, since a
    loaded featurizer comes from the model, not from `_standard_featurizer`.
    """

    config: dict[str, Any]
    featurizer: TrackerFeaturizer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_horizon()

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return IncrementalMaxHistoryTrackerFeaturizer(
            state_featurizer=None, max_history=self.config[POLICY_MAX_HISTORY]
        )

    def _horizon(self) -> int | None:
        return cast(MaxHistoryTrackerFeaturizer, self.featurizer).max_history

    def _set_horizon(self) -> None:
        if isinstance(self.featurizer, IncrementalMaxHistoryTrackerFeaturizer):
            self.featurizer.horizon = self._horizon()


def rule_horizon(lookup: dict[str, Any]) -> int | None:
    """How many of the latest states decide what a RulePolicy with this `lookup` predicts.

    A rule of n states is checked against the latest n states, and past its length it stays
    applicable (`RulePolicy._is_rule_applicable`): older states change no rule's verdict.
    When no rule applies, the answer depends on the history only through one test: is the key
    of all its states one of the `rules_not_in_stories` (`hide_rule_turn`)? Those keys hold at
    most as many states as the longest key, so any history longer than that fails the test,
    whether it is the whole conversation or its latest states. Hence the longest key plus one.
    None (every state) before training has filled the lookup.
    """
    keys = [*lookup.get(RULES, {}), *lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {}),
            *lookup.get(RULES_NOT_IN_STORIES, [])]
    lengths = [len(json.loads(key)) for key in keys if key.startswith("[")]
    return max(lengths) + 1 if lengths else None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IncrementalMemoizationPolicy(IncrementalStates, MemoizationPolicy):
    """MemoizationPolicy with the incremental states."""


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IncrementalRulePolicy(IncrementalStates, RulePolicy):
    """RulePolicy with the incremental states, reading only the latest `rule_horizon` of them."""

    def _horizon(self) -> int | None:
        return rule_horizon(self.lookup)

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Rasa's training; the horizon follows the rules it learnt (training trackers, which
        keep their own states, never use it). Rasa's graph passes arguments by the names in
        this signature, hence RulePolicy's own."""
        resource = super().train(training_trackers, domain, **kwargs)
        self._set_horizon()
        return resource

    @staticmethod
    def format_tracker_states(states: list[State]) -> str:
        """Rasa's text of the states, for its debug log, when that log is on.

        RulePolicy formats every state of the conversation (it keeps the whole history) for one
        debug message per prediction: work that grew with the conversation (1.4 % of the
        server's time at 50 messages, docs/performance.md) for a message thrown away unless
        Rasa logs at debug level (`--debug`, LOG_LEVEL=DEBUG).
        """
        if logging.getLogger("rasa").isEnabledFor(logging.DEBUG):
            return RulePolicy.format_tracker_states(states)
        return "(debug logging is off)"
