"""stores/remote_action.py: the replaced Rasa methods still do what Rasa's own would.

These tests fail when Rasa's methods behind the replacements change (say, after an upgrade),
so the replacements are looked at again instead of silently drifting.
"""

from __future__ import annotations

import inspect
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from stores import remote_action
from stores.action_events import events_for_actions

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "language", "value": "fr", "timestamp": None}],
        "responses": [{"text": "Bonjour", "custom": {"type": "estimate"}}],
    },
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"no": "event key"}]},
    {"responses": ["not an object"]},
]


def test_rasa_is_the_version_the_replacements_were_written_for() -> None:
    assert rasa.__version__.startswith("3.6.")


def test_rasas_check_is_still_jsonschema_validate_with_the_fixed_schema() -> None:
    source = inspect.getsource(remote_action.RASA_VALIDATE)
    assert "validate(result, self.action_response_format_spec())" in source
    assert RemoteAction.action_response_format_spec() == RemoteAction.action_response_format_spec()


@pytest.mark.parametrize("answer", VALID)
def test_valid_answers_pass_both(answer: dict[str, Any]) -> None:
    action = RemoteAction("action_estimate", None)
    assert remote_action.RASA_VALIDATE(action, answer)
    assert remote_action.validate_action_result(action, answer)


@pytest.mark.parametrize("answer", INVALID)
def test_invalid_answers_fail_both_with_rasas_message(answer: dict[str, Any]) -> None:
    action = RemoteAction("action_estimate", None)
    with pytest.raises(jsonschema.ValidationError) as rasas:
        remote_action.RASA_VALIDATE(action, answer)
    with pytest.raises(jsonschema.ValidationError) as ours:
        remote_action.validate_action_result(action, answer)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def answers(rng: random.Random) -> list[dict[str, Any]]:
    """Answers with events of every kind, some of them broken in one field."""
    events = [
        SlotSet("monthly_contacts", 3000.0), SlotSet("language", None),
        BotUttered("Bonjour", {"custom": {"type": "estimate", "total": 1.5}}),
        ActionExecuted("action_listen"), FollowupAction("action_estimate"),
        ActiveLoop("handoff_form"), ActiveLoop(None), Restarted(), UserUtteranceReverted(),
        ActionReverted(), AllSlotsReset(), SessionStarted(), LoopInterrupted(True),
        ActionExecutionRejected("handoff_form"), UserUttered(
            "3000 contacts", intent={"name": "inform", "confidence": 0.9},
            entities=[{"entity": "volume", "value": 3000, "start": 0, "end": 4}],
        ),
    ]
    broken: list[tuple[str, Any]] = [
        ("event", "no_such_event"), ("event", 3), ("name", 7), ("timestamp", "today"),
        ("value", object), ("metadata", []), ("text", 1), ("entities", "none"),
    ]
    made = []
    for _ in range(300):
        chosen = [event.as_dict() for event in rng.sample(events, rng.randint(0, 4))]
        if chosen and rng.random() < 0.5:
            key, value = rng.choice(broken)
            target = rng.choice(chosen)
            if value is object:
                target.pop(key, None)
            else:
                target[key] = value
        made.append({"events": chosen, "responses": [{"text": "x"}]})
    return made


def test_each_event_checked_against_its_kind_is_rasas_check() -> None:
    """Same verdict as jsonschema on Rasa's whole schema, valid or not; both kinds occur."""
    full = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())(
        RemoteAction.action_response_format_spec()
    )
    assert remote_action.event_validators() is not None  # Rasa's schema is still made that way
    verdicts = []
    for answer in [*VALID, *INVALID, *answers(random.Random(7))]:
        verdict = full.is_valid(answer)
        assert remote_action.valid_answer(answer) == verdict, answer
        verdicts.append(verdict)
    assert any(verdicts) and not all(verdicts)


def test_install_replaces_the_methods() -> None:
    remote_action.install()
    assert RemoteAction._validate_action_result is remote_action.validate_action_result
    assert EndpointConfig.session is remote_action.session
    assert RemoteAction._action_call_format is remote_action.action_call_format


async def test_sessions_are_rasas_but_for_the_json_encoder() -> None:
    config = EndpointConfig(
        "http://127.0.0.1:1/webhook",
        headers={"X-Test": "1"},
        basic_auth={"username": "u", "password": "p"},
    )
    rasas, ours = remote_action.RASA_SESSION(config), remote_action.session(config)
    try:
        assert dict(ours.headers) == dict(rasas.headers)
        assert ours.auth == rasas.auth
        assert ours.timeout == rasas.timeout
        assert rasas.json_serialize is json.dumps
        assert ours.json_serialize is remote_action.encode_json
    finally:
        await rasas.close()
        await ours.close()
    source = inspect.getsource(remote_action.RASA_SESSION)
    assert source.count("aiohttp.ClientSession(") == 1 and "json_serialize" not in source


def test_the_encoder_writes_the_same_json() -> None:
    body = {
        "tracker": {
            "events": [
                {
                    "event": "user",
                    "text": "24/7 en français, 1 234,50 € ?",
                    "confidence": 0.1 + 0.2,
                    "big": 10**15,
                    "none": None,
                }
            ]
        },
        "version": "3.6",
    }
    encoded = remote_action.encode_json(body)
    assert json.loads(encoded) == body
    assert encoded.isascii()


@pytest.mark.parametrize("selective", [False, True])
def test_the_request_is_rasas_but_for_the_events(selective: bool) -> None:
    domain = Domain.load(str(Path(__file__).resolve().parent.parent / "domain.yml"))
    events = [
        ActionExecuted("action_listen"),
        UserUttered("hello", intent={"name": "greet", "confidence": 1.0}),
        SlotSet("language", "en"),
        ActionExecuted("utter_greet"),
        ActionExecuted("action_listen"),
        UserUttered("3000 contacts", intent={"name": "inform", "confidence": 1.0}),
    ]
    tracker = DialogueStateTracker.from_events("someone", events, domain.slots)
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=selective)
    for name in ("action_estimate", "validate_handoff_form"):
        action = RemoteAction(name, endpoint)
        rasas = remote_action.RASA_CALL_FORMAT(action, tracker, domain)
        ours = remote_action.action_call_format(action, tracker, domain)
        sent = events_for_actions(tracker.events, tracker.sender_id)
        assert ours["tracker"].pop("events") == sent
        assert rasas["tracker"].pop("events") == [event.as_dict() for event in events]
        assert ours == rasas


def test_rasas_request_still_sends_every_event() -> None:
    source = inspect.getsource(remote_action.RASA_CALL_FORMAT)
    assert "tracker.current_state(EventVerbosity.ALL)" in source
