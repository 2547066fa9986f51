"""stores/remote_action.py: the replaced Rasa methods still do what Rasa's own would.

These tests fail when Rasa's methods behind the replacements change (say, after an upgrade),
so the replacements are looked at again instead of silently drifting.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

import jsonschema
import pytest
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from stores import remote_action

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
