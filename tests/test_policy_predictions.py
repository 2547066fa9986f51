"""policies/incremental.py predicts what Rasa's policies predict, on the trained model's rules.

The incremental policies read only the latest states of a conversation (their horizon). This
test loads both trained policies of the model and builds Rasa's own `RulePolicy` and
`MemoizationPolicy` around the same lookup with Rasa's featurizer, then lets conversations
longer than any rule run: random visitor intents, the bot's actions as Rasa's rules predict
them (a form's loop and slots as its run would set them), and at every step both policies of
each pair must give the same prediction (probabilities, events, hidden rule turns).
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RULES_NOT_IN_STORIES,
    RulePolicy,
)
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from policies import incremental

pytestmark = pytest.mark.slow

Pair = tuple[Policy, Policy]  # (ours as trained, Rasa's with the same lookup)


@pytest.fixture(scope="module")
def model(trained_model: Path) -> Iterator[tuple[Domain, dict[str, Pair]]]:
    with tempfile.TemporaryDirectory() as directory:
        storage, metadata = LocalModelStorage.from_model_archive(Path(directory), trained_model)
        context = ExecutionContext(GraphSchema({}), "test")
        pairs: dict[str, Pair] = {}
        for node in metadata.predict_schema.nodes.values():
            ours_class = node.uses
            if ours_class not in (incremental.IncrementalRulePolicy,
                                  incremental.IncrementalMemoizationPolicy):
                continue
            config = {**ours_class.get_default_config(), **node.config}
            ours = ours_class.load(config, storage, node.resource, context)
            rasas_class = RulePolicy if ours_class is incremental.IncrementalRulePolicy \
                else MemoizationPolicy
            featurizer = MaxHistoryTrackerFeaturizer(
                state_featurizer=None, max_history=ours.featurizer.max_history
            )
            rasas = rasas_class(config, storage, node.resource, context, featurizer=featurizer,
                                lookup=ours.lookup)
            pairs[rasas_class.__name__] = (ours, rasas)
        yield metadata.domain, pairs


def same(ours: PolicyPrediction, rasas: PolicyPrediction) -> bool:
    """Equal predictions, the policy's class name aside."""
    ours.policy_name = rasas.policy_name
    return ours == rasas


def next_action(rng: random.Random, domain: Domain, prediction: PolicyPrediction) -> str:
    """The rules' action mostly, listening when none applies, and now and then any action: a
    history that only followed the rules would hide a rule checked on too few states (each
    rule's earliest turn is then implied by the later ones)."""
    if rng.random() < 0.2:
        return rng.choice(domain.action_names_or_texts)
    if max(prediction.probabilities) < 0.5:  # no rule: the bot would fall back and listen
        return ACTION_LISTEN_NAME
    return domain.action_names_or_texts[prediction.max_confidence_index]


def conversation(rng: random.Random, domain: Domain, pairs: dict[str, Pair],
                 turns: int) -> int:
    """Play one conversation, checking every prediction; how many rules predicted an action."""
    rules_ours, rules_rasas = pairs["RulePolicy"]
    memo_ours, memo_rasas = pairs["MemoizationPolicy"]
    rule_only = rules_rasas._get_rule_only_data()
    tracker = DialogueStateTracker("test", domain.slots)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    ruled = 0
    for _ in range(turns):
        tracker.update(UserUttered("text", intent={"name": rng.choice(domain.intents),
                                                    "confidence": 1.0}))
        for _step in range(6):
            ours: Any = rules_ours.predict_action_probabilities(tracker, domain)
            rasas: Any = rules_rasas.predict_action_probabilities(tracker, domain)
            assert same(ours, rasas), len(tracker.events)
            memo = [policy.predict_action_probabilities(tracker, domain, rule_only_data=rule_only)
                    for policy in (memo_ours, memo_rasas)]
            assert same(*memo), len(tracker.events)
            if max(rasas.probabilities) >= 0.5:
                ruled += 1
            action = next_action(rng, domain, rasas)
            for event in rasas.events:
                tracker.update(event)
            tracker.update(ActionExecuted(action, hide_rule_turn=rasas.hide_rule_turn))
            if action in domain.form_names or rng.random() < 0.1:
                tracker.update(ActiveLoop(rng.choice([*domain.form_names, None])))
            if rng.random() < 0.3:
                slot = rng.choice(domain.slots)
                tracker.update(SlotSet(slot.name, rng.choice([slot.initial_value, True, 1.0,
                                                              "x"])))
            if action == ACTION_LISTEN_NAME:
                break
    return ruled


@pytest.mark.parametrize("seed", range(6))
def test_long_conversations_get_rasas_predictions(
    model: tuple[Domain, dict[str, Pair]], seed: int
) -> None:
    domain, pairs = model
    horizon = pairs["RulePolicy"][0].featurizer.horizon
    assert horizon is not None and horizon < 40  # the test's conversations are longer
    ruled = conversation(random.Random(seed), domain, pairs, turns=60)
    assert ruled > 60  # rules did predict: the comparison was not only of fallbacks


def histories(rng: random.Random, keys: list[str], count: int) -> Iterator[list[State]]:
    """State histories that nearly match the rules: a rule's states with some replaced by states
    of other rules, after a few states of other rules (the states rules are checked against)."""
    pool = [state for key in keys for state in json.loads(key)]
    for _ in range(count):
        states = json.loads(rng.choice(keys))
        for index in range(len(states)):
            if rng.random() < 0.3:
                states[index] = rng.choice(pool)
        yield [rng.choice(pool) for _ in range(rng.randrange(0, 6))] + states


def test_older_states_than_the_horizon_change_no_rule_verdict(
    model: tuple[Domain, dict[str, Pair]]
) -> None:
    """The argument of `rule_horizon`, on the model's own rules and adversarial histories."""
    ours, rasas = model[1]["RulePolicy"]
    horizon = ours.featurizer.horizon
    lookup = ours.lookup
    hidden = set(lookup[RULES_NOT_IN_STORIES])
    keys = [*lookup[RULES], *lookup[RULES_FOR_LOOP_UNHAPPY_PATH]]
    differing = 0
    for states in histories(random.Random(0), keys, 3000):
        latest = states[-horizon:]
        for table in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
            assert (rasas._get_possible_keys(lookup[table], states)
                    == rasas._get_possible_keys(lookup[table], latest)), states
        assert ((rasas._create_feature_key(states) in hidden)
                == (rasas._create_feature_key(latest) in hidden)), states
        shorter = states[-(horizon - 2):]  # one state fewer than the longest rule
        differing += (rasas._get_possible_keys(lookup[RULES], states)
                      != rasas._get_possible_keys(lookup[RULES], shorter))
    assert differing > 30  # a horizon too short is caught: the histories test something
