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
the beginning.

The applied events the loop reads (`DialogueStateTracker.applied_events`, the events minus those
undone) are kept the same way (`applied_events` below): Rasa filters every event of the
conversation again on every prediction. New events are appended as they are unless one of them
can change what came before (a restart, a new session, an undone action or message, a loop that
starts under a new name, or an action of a running loop, which Rasa may fold into the loop's
earlier run): then Rasa's own method filters the whole conversation again.

The loop body is Rasa 3.6's `states_for_tracker_history`, unchanged;
`tests/test_incremental_policies.py` compares both, and the applied events, on generated
conversations and fails when Rasa's functions change. Training trackers
(`TrackerWithCachedStates`) keep Rasa's own cache.

config.yml::

    policies:
      - name: policies.incremental.IncrementalMemoizationPolicy
      - name: policies.incremental.IncrementalRulePolicy
"""

from __future__ import annotations

import itertools
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
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

PROGRESS_ATTRIBUTE = "_incremental_past_states"
APPLIED_ATTRIBUTE = "_incremental_applied_events"
# Events after which Rasa's `applied_events` may drop earlier events.
UNDOING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)


@dataclass
class Applied:
    """The applied events of one tracker, as far as its events have been read."""

    events: list[Event]  # only ever appended to; a new list when filtered again
    seen: int  # how many of tracker.events `events` was made from
    last: Event | None  # tracker.events[seen - 1], to notice a tracker whose events changed
    loop_names: set[str]  # names of the loops activated so far (Rasa's `loop_names`)

    def can_append(self, event: Event) -> bool:
        """Whether Rasa's filter keeps `event` as it is and leaves the earlier events alone."""
        if isinstance(event, UNDOING):
            return False
        if isinstance(event, ActiveLoop):
            return event.name is None or event.name in self.loop_names
        return not (isinstance(event, ActionExecuted) and event.action_name in self.loop_names)


def applied_events(tracker: DialogueStateTracker) -> list[Event]:
    """`tracker.applied_events()`, filtering only the events added since the last call.

    The list is shared between calls: callers must not change it.
    """
    events = tracker.events
    cache: Applied | None = tracker.__dict__.get(APPLIED_ATTRIBUTE)
    if (
        cache is not None
        and cache.seen <= len(events)
        and (cache.seen == 0 or events[cache.seen - 1] is cache.last)
    ):
        new = list(itertools.islice(events, cache.seen, None))
        if all(cache.can_append(event) for event in new):
            cache.events.extend(new)
            cache.seen = len(events)
            cache.last = events[-1] if events else None
            return cache.events
    loop_names = {e.name for e in events if isinstance(e, ActiveLoop) and e.name}
    cache = Applied(tracker.applied_events(), len(events), events[-1] if events else None,
                    loop_names)
    tracker.__dict__[APPLIED_ATTRIBUTE] = cache
    return cache.events


@dataclass
class Progress:
    """How far the states of one tracker, for one set of options, have been computed."""

    domain: Domain
    replay: DialogueStateTracker  # a tracker that has seen exactly `applied`
    applied: list[Event] = field(default_factory=list)
    source: list[Event] | None = None  # the `applied_events` list `applied` was last read from
    states: list[State] = field(default_factory=list)  # one per ActionExecuted in `applied`
    last_ml_action_sub_state: SubState | None = None
    turn_was_hidden: bool = False

    def extends(self, applied: list[Event]) -> bool:
        """Whether `applied` starts with exactly the events seen so far (the same objects).

        The list of `applied_events` is only appended to, so the one read last time extends.
        """
        if applied is self.source:
            return True
        seen = self.applied
        if len(applied) < len(seen):
            return False
        return all(a is b for a, b in zip(seen, applied[: len(seen)], strict=True))


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


def past_states(
    tracker: DialogueStateTracker,
    domain: Domain,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """`tracker.past_states(...)`, replaying only the events added since the last call."""
    if type(tracker) is not DialogueStateTracker:  # training trackers cache their own states
        return tracker.past_states(domain, omit_unset_slots, ignore_rule_only_turns,
                                   rule_only_data)
    options = (omit_unset_slots, ignore_rule_only_turns, json.dumps(rule_only_data,
                                                                   sort_keys=True))
    everything: dict[Any, Progress] = tracker.__dict__.setdefault(PROGRESS_ATTRIBUTE, {})
    applied = applied_events(tracker)
    progress = everything.get(options)
    if progress is None or progress.domain is not domain or not progress.extends(applied):
        progress = everything[options] = Progress(domain, tracker.init_copy())
    flags = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    for event in applied[len(progress.applied):]:
        if isinstance(event, ActionExecuted):
            _step(progress, event.hide_rule_turn, progress.states, *flags)
        progress.replay.update(event)
        progress.applied.append(event)
    progress.source = applied
    # The state after the latest event, as Rasa's last `yield tracker, False`: not kept, the
    # next event changes it.
    states = [_copy(state) for state in progress.states]
    carried = (progress.last_ml_action_sub_state, progress.turn_was_hidden)
    _step(progress, False, states, *flags)
    progress.last_ml_action_sub_state, progress.turn_was_hidden = carried
    return states


@TrackerFeaturizer.register("IncrementalMaxHistoryTrackerFeaturizer")
class IncrementalMaxHistoryTrackerFeaturizer(MaxHistoryTrackerFeaturizer):
    """Rasa's featurizer of the two policies, with `past_states` above (same signature)."""

    _create_states = staticmethod(past_states)


class IncrementalStates:
    """Gives a policy the featurizer above (max_history as the policy's config says)."""

    config: dict[str, Any]

    def _standard_featurizer(self) -> MaxHistoryTrackerFeaturizer:
        return IncrementalMaxHistoryTrackerFeaturizer(
            state_featurizer=None, max_history=self.config[POLICY_MAX_HISTORY]
        )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IncrementalMemoizationPolicy(IncrementalStates, MemoizationPolicy):
    """MemoizationPolicy with the incremental states."""


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class IncrementalRulePolicy(IncrementalStates, RulePolicy):
    """RulePolicy with the incremental states."""

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
