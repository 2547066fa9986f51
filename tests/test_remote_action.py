"""stores/remote_action.py: the replaced Rasa methods still do what Rasa's own would.

These tests fail when Rasa's methods behind the replacements change (say, after an upgrade),
so the replacements are looked at again instead of silently drifting.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
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
        assert ours["tracker"].pop("events") == events_for_actions(tracker.events)
        assert rasas["tracker"].pop("events") == [event.as_dict() for event in events]
        assert ours == rasas


def test_rasas_request_still_sends_every_event() -> None:
    source = inspect.getsource(remote_action.RASA_CALL_FORMAT)
    assert "tracker.current_state(EventVerbosity.ALL)" in source
