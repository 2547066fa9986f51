"""The one replacement of Rasa internals: what every call to the action server need not redo.

No extension point reaches the action call (the action endpoint has no class to configure), so
`install()` replaces three methods, each kept as close to Rasa's as possible:

* `RemoteAction._validate_action_result` called `jsonschema.validate(result, schema)` for every
  answer of the action server. `jsonschema.validate` first checks the *schema* against its
  meta-schema; for Rasa's events schema that check is what costs: about 40 % of the Rasa
  server's time under load here (docs/performance.md), for a schema that never changes. Here
  answers are checked by a validator built, and its schema checked, once; an answer that fails
  goes to Rasa's own method, so the error, its message and its logging stay Rasa's. Each event
  is checked against the schema of its own kind, not against all twenty of the schema's `oneOf`
  (the same check, as every kind requires its own name; `event_validators`).
* `EndpointConfig.session` built aiohttp sessions that encode request bodies with `json.dumps`.
  The body is the whole tracker (PITFALLS: Rasa ships every event on every call, twice per
  message here), about 15 % of the server's time; ujson (already installed for Sanic) encodes
  the same JSON about three times faster. Everything else about the session is Rasa's.
* `RemoteAction._action_call_format` put every event of the tracker in the request, as dicts:
  the request, and its cost in both processes, grew with the conversation. Here the events are
  those the actions read (`stores/action_events.py`: this turn in full, earlier turns in brief);
  every other field of the request is Rasa's.

`tests/test_remote_action.py` fails when Rasa's methods stop behaving the way this assumes.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import aiohttp
import jsonschema
import rasa
import ujson
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig

from stores.action_events import events_for_actions

RASA_VALIDATE = RemoteAction._validate_action_result
RASA_SESSION = EndpointConfig.session
RASA_CALL_FORMAT = RemoteAction._action_call_format


@functools.cache
def response_validator() -> Any:
    """A validator for Rasa's action response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@functools.cache
def event_validators() -> tuple[Any, dict[str, Any]] | None:
    """(the response schema without the events' `oneOf`, a validator per event name).

    Rasa's schema checks each event against `oneOf` some twenty event schemas: jsonschema
    tries all of them and builds an error for every one that fails, for every event. Each of
    them requires its own `event` name (`const`), all different, so an event can only ever
    match the one of its name: checking that one is the same check. None (check as Rasa
    does) when the schema is not made that way.
    """
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    items = schema.get("properties", {}).get("events", {}).get("items", {})
    kinds = items.pop("oneOf", None)
    if "event" not in items.get("required", []) or not isinstance(kinds, list):
        return None
    names = [kind.get("properties", {}).get("event", {}).get("const") for kind in kinds]
    if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        return None
    validator_class = jsonschema.validators.validator_for(schema)
    for checked in (schema, *kinds):
        validator_class.check_schema(checked)
    return validator_class(schema), {
        name: validator_class(kind) for name, kind in zip(names, kinds, strict=True)
    }


def valid_answer(result: dict[str, Any]) -> bool:
    """Whether Rasa's schema accepts `result`, each event checked against its own kind."""
    validators = event_validators()
    if validators is None:
        return bool(response_validator().is_valid(result))
    whole, kinds = validators
    if not whole.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = kinds.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check, without re-checking the schema: valid answers pass, others go to Rasa."""
    if valid_answer(result):
        return True
    return bool(RASA_VALIDATE(self, result))


def encode_json(value: Any) -> str:
    """JSON text of a request body (ujson; non-ASCII escaped, as `json.dumps` does)."""
    return str(ujson.dumps(value, ensure_ascii=True))


def session(self: EndpointConfig) -> aiohttp.ClientSession:
    """`EndpointConfig.session` of Rasa 3.6, with the faster JSON encoder."""
    auth = None
    if self.basic_auth:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=encode_json,
    )


def action_call_format(
    self: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """Rasa's request to the action server, with the events the actions read."""
    tracker_state = tracker.current_state(EventVerbosity.NONE)
    tracker_state["events"] = events_for_actions(tracker.events, tracker.sender_id)
    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker_state,
        "version": rasa.__version__,
    }
    if (
        not self._is_selective_domain_enabled()
        or domain.does_custom_action_explicitly_need_domain(self.name())
    ):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    """Use the three replacements in this process (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result
    EndpointConfig.session = session
    RemoteAction._action_call_format = action_call_format
