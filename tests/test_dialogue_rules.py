"""The dialogue policies of config.yml, trained on domain.yml and data/, predict each next step.

Actions hand on to `action_estimate` with a `FollowupAction` or through a rule; these tests
train the policies of config.yml (Rasa's MemoizationPolicy and RulePolicy, with the states of
policies/incremental.py) as `rasa train` does (in seconds: no NLU, no TensorFlow model), then
replay conversations as Rasa stores them and check what the policies predict at every step:
never the core fallback, and the right action for the state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from rasa.core.policies.policy import Policy
from rasa.core.training import load_data
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

ROOT = Path(__file__).resolve().parent.parent
LISTEN = "action_listen"
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Domain, list[Policy]]:
    """The domain and the policies of config.yml, trained on data/ (stories and rules)."""
    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    domain = importer.get_domain()  # with the FAQ's retrieval responses, as Rasa trains it
    trackers = load_data(importer, domain, augmentation_factor=0)
    storage = LocalModelStorage(tmp_path_factory.mktemp("policies"))
    context = ExecutionContext(GraphSchema({}), "dialogue-rules-test")
    policies = []
    for entry in CONFIG["policies"]:
        cls = DefaultV1Recipe._from_registry(entry["name"]).clazz  # as `rasa train` finds it
        config = {**cls.get_default_config(), **{k: v for k, v in entry.items() if k != "name"}}
        policy = cls.create(config, storage, Resource(entry["name"]), context)
        policy.train(trackers, domain)
        policies.append(policy)
    return domain, policies


def predict(trained: tuple[Domain, list[Policy]], events: list[Event]) -> str:
    """The next action, as Rasa's ensemble picks it: highest confidence, then priority."""
    domain, policies = trained
    tracker = DialogueStateTracker.from_events("visitor", events, domain.slots)
    best = max(
        (policy.predict_action_probabilities(tracker, domain) for policy in policies),
        key=lambda prediction: (max(prediction.probabilities), prediction.policy_priority),
    )
    return domain.action_names_or_texts[int(np.argmax(best.probabilities))]


def said(intent: str, *slots: tuple[str, Any], entities: list[dict[str, Any]] = ()) -> list[Event]:
    """A visitor's message and the slots that action_extract_slots set for it."""
    message = UserUttered("…", intent={"name": intent, "confidence": 1.0}, entities=entities)
    return [message, *(SlotSet(name, value) for name, value in slots)]


def ran(action: str, *slots: tuple[str, Any]) -> list[Event]:
    return [ActionExecuted(action), *(SlotSet(name, value) for name, value in slots)]


def steps_after(
    trained: tuple[Domain, list[Policy]], history: list[Event], *actions: tuple[str, list[Event]]
) -> list[str]:
    """What the policies predict after `history`, then after each action and its events."""
    events = list(history)
    predicted = [predict(trained, events)]
    for action, produced in actions:
        events += [ActionExecuted(action), *produced]
        predicted.append(predict(trained, events))
    return predicted


VOLUME_ASKED = [
    ActionExecuted(LISTEN),
    *said("ask_estimate", ("coverage", "24_7")),
    *ran("action_estimate", ("requested_parameter", "monthly_contacts")),
    ActionExecuted(LISTEN),
]
A_QUESTION_OPEN = [  # the languages question, after the volume was given
    *VOLUME_ASKED,
    *said("inform", ("monthly_contacts", 3000.0)),
    *ran("action_estimate", ("requested_parameter", "support_languages")),
    ActionExecuted(LISTEN),
]
PRICED = [
    ActionExecuted(LISTEN),
    *said("ask_estimate", ("monthly_contacts", 3000.0), ("coverage", "24_7")),
    *ran(
        "action_estimate",
        ("requested_parameter", None),
        ("contact_offered", True),
        ("estimate_shown", True),
    ),
    ActionExecuted(LISTEN),
]


def test_i_dont_know_to_an_open_question_skips_it_and_goes_on(trained: Any) -> None:
    history = [*A_QUESTION_OPEN, *said("deny")]
    skipped = [SlotSet("skipped_parameters", ["support_languages"])]
    priced = [SlotSet("requested_parameter", None), SlotSet("contact_offered", True)]
    assert steps_after(
        trained, history, ("action_skip_question", skipped), ("action_estimate", priced)
    ) == ["action_skip_question", "action_estimate", LISTEN]


def test_a_skipped_question_that_must_be_answered_is_asked_again(trained: Any) -> None:
    history = [*VOLUME_ASKED, *said("deny")]
    skipped = [SlotSet("skipped_parameters", ["monthly_contacts"])]
    asked_again = [SlotSet("requested_parameter", "monthly_contacts")]
    assert steps_after(
        trained, history, ("action_skip_question", skipped), ("action_estimate", asked_again)
    ) == ["action_skip_question", "action_estimate", LISTEN]


def test_no_with_no_question_open_closes_politely(trained: Any) -> None:
    for history in ([ActionExecuted(LISTEN)], PRICED):
        assert steps_after(trained, [*history, *said("deny")], ("utter_anything_else", [])) == [
            "utter_anything_else",
            LISTEN,
        ]


def test_a_form_named_after_an_estimate_is_priced_then_the_visitor_speaks(trained: Any) -> None:
    history = [*PRICED, *said("ask_support_models", entities=[{"entity": "support_model"}])]
    predicted = steps_after(
        trained,
        history,
        ("action_explain_support_models", [SlotSet("support_model", "per_minute")]),
        ("action_estimate", []),  # run as the follow-up of the explanation action
    )
    assert predicted[0] == "action_explain_support_models"
    assert predicted[-1] == LISTEN


def test_languages_answering_the_question_are_priced_then_the_visitor_speaks(
    trained: Any,
) -> None:
    history = [*A_QUESTION_OPEN, *said("change_language", ("support_languages", ["fr", "nl"]))]
    predicted = steps_after(
        trained,
        history,
        ("action_change_language", []),
        ("action_estimate", [SlotSet("requested_parameter", None)]),  # the follow-up
    )
    assert predicted[0] == "action_change_language"
    assert predicted[-1] == LISTEN


def test_a_language_switch_after_an_estimate_waits_for_the_visitor(trained: Any) -> None:
    history = [*PRICED, *said("change_language", ("language", "nl"))]
    assert steps_after(trained, history, ("action_change_language", [])) == [
        "action_change_language",
        LISTEN,
    ]
