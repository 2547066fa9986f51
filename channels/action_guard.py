"""The action guard: Rasa's action endpoint, in the Rasa process, in front of the action server.

Rasa calls custom actions over HTTP and, when the call fails, logs "the actions events are
lost" and sends the visitor nothing (PITFALLS.md); it waits up to 300 s for a slow server.
So every action call Rasa makes goes through the guard: `guard_actions` makes an
`ActionGuard` the running agent's action endpoint (and its processor's, whose endpoint Rasa
gives every action it runs), and Rasa's own `RemoteAction.run` calls its `request`, which posts
the call straight to the action server (the endpoint's URL and headers from endpoints.yml:
ACTIONS_URL and the ACTIONS_TOKEN bearer token, written by scripts/runtools.py) with
ACTION_TIMEOUT_SECONDS to answer: one hop. (The guard used to be a route of Rasa's own server
in front of the action server: two HTTP round trips per call, both in the Rasa process, whose
core is what limits the throughput; docs/performance.md.) No Rasa method is replaced: the
endpoint is an attribute of the agent, set by the channels on every turn as
`refuse_memory_fallback` sets the tracker store's callback (channels/turns.py); a model loaded
later gets the agent's endpoint, so the guard too. Only action calls through Rasa's HTTP API
before the first visitor message would bypass it.

When the action server is down, answers with an error or is too slow, the guard answers for it
with a valid action result: the apology in the chat language (once per visitor message) and a
follow-up `action_listen`, so the turn ends cleanly, the visitor's message stays in the
tracker, and every slot set so far is kept for when the action server is back. A 400 (an
action rejecting its execution, e.g. a form's validation) is raised as Rasa's own endpoint
raises it, so Rasa turns it into `ActionExecutionRejection` as before. When the action server
is too slow, the guard does not call it for OPEN_AFTER_FAILURE_S seconds (it answers for it at
once), so that one visitor message with several action calls still gets its answer within the
deadline. A refused connection (the server is down or restarting) is known at once and needs
no pause, so the first call after a restart goes through; an error answer or a connection lost
during one call affects that call only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import aiohttp
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.messages import text
from bot.settings import Settings, settings
from channels.apologies import APOLOGIES, UNAVAILABLE, chat_language
from stores.remote_action import encode_json

logger = logging.getLogger(__name__)

OPEN_AFTER_FAILURE_S = 5.0
# An idle pooled connection to the action server is dropped after this long, well before the
# action server closes it (actions/server.py, KEEP_ALIVE_S): a connection the server is closing
# just then would reset the call on it (seen under load with aiohttp's 15 s against Sanic's 5 s).
POOLED_CONNECTION_IDLE_S = 10.0
EXTRACT_SLOTS_VALIDATION = "action_validate_slot_mappings"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def stand_in_result(call: dict[str, Any], first: bool) -> dict[str, Any]:
    """The action result the guard gives when the action server could not.

    The apology (when `first`) and, except inside Rasa's slot extraction (which accepts only
    slot and bot events), a follow-up `action_listen` that ends the turn.
    """
    tracker = _mapping(call.get("tracker"))
    slots = _mapping(tracker.get("slots"))
    responses = [{"text": text(UNAVAILABLE, chat_language(slots.get("language")))}] if first else []
    events = []
    if call.get("next_action") != EXTRACT_SLOTS_VALIDATION:
        events.append({"event": "followup", "name": "action_listen"})
    return {"events": events, "responses": responses}


def message_key(call: dict[str, Any]) -> tuple[str, str | None]:
    """(sender, message id) of the visitor message an action call belongs to."""
    tracker = _mapping(call.get("tracker"))
    latest = _mapping(tracker.get("latest_message"))
    return str(call.get("sender_id") or tracker.get("sender_id") or ""), latest.get("message_id")


class ActionGuard(EndpointConfig):
    """Rasa's action endpoint (same URL, headers, options) whose calls the guard makes."""

    def __init__(self, endpoint: EndpointConfig, config: Settings | None = None) -> None:
        """The guard in front of the action server that `endpoint` points at."""
        super().__init__(
            endpoint.url,
            endpoint.params,
            endpoint.headers,
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            type=endpoint.type,
            **endpoint.kwargs,
        )
        self.settings = config or settings()
        self._session: aiohttp.ClientSession | None = None
        self._failed_until = 0.0  # monotonic time until which calls are not forwarded

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=self.settings.action_timeout_seconds),
                connector=aiohttp.TCPConnector(keepalive_timeout=POOLED_CONNECTION_IDLE_S),
                json_serialize=encode_json,  # as Rasa's sessions here (stores/remote_action.py)
            )
        return self._session

    async def request(self, *args: Any, **kwargs: Any) -> Any:
        """What Rasa's `RemoteAction.run` gets for its call (`json=` the action call).

        The action server's answer; a 400 raised as Rasa's `EndpointConfig.request` raises it;
        the stand-in result (the apology) when the action server failed or was too slow.
        """
        call = _mapping(kwargs.get("json"))
        forwarded = await self.forward(call, compress=bool(kwargs.get("compress")))
        if forwarded is not None:
            status, payload = forwarded
            if status == 400:
                raise ClientResponseError(status, "Bad Request", payload)
            try:
                return json.loads(payload)
            except ValueError:
                logger.error("action server answered something other than JSON")
        sender, message_id = message_key(call)
        logger.warning("action %s failed: the visitor gets the apology", call.get("next_action"))
        return stand_in_result(call, APOLOGIES.first(sender, message_id))

    async def forward(self, call: dict[str, Any], compress: bool = False) -> tuple[int, Any] | None:
        """The action server's (status, body), or None when it failed or was too slow."""
        if time.monotonic() < self._failed_until:
            return None
        try:
            async with self._client().post(
                self.url, json=call, params=self.combine_parameters(), compress=compress
            ) as reply:
                payload = await reply.read()
                if reply.status in (200, 400):
                    return reply.status, payload
                logger.error("action server answered %s", reply.status)
        except asyncio.TimeoutError:
            logger.error("action server slower than %.1f s", self.settings.action_timeout_seconds)
            self._pause()
        except aiohttp.ClientConnectorError as error:  # nothing listens: down or restarting
            # Refused at once, so no pause: the first call after a restart goes through.
            logger.error("action server unreachable: %s", type(error).__name__)
        except aiohttp.ClientError as error:  # this call's connection failed, not the server
            logger.error("action call failed: %s", type(error).__name__)
        return None

    def _pause(self) -> None:
        """Answer for the action server for a while: it is frozen, waiting again won't help."""
        self._failed_until = time.monotonic() + OPEN_AFTER_FAILURE_S


def guard_actions(agent: Any) -> None:
    """Make the running agent's action calls go through the guard (idempotent, cheap).

    The agent's processor gives its action endpoint to every action it runs; a processor made
    for a model loaded later takes the agent's. Both get the one guard, so its pause and its
    pooled connections are shared.
    """
    guard = getattr(agent, "action_endpoint", None)
    if guard is None:
        return  # no action server configured
    if not isinstance(guard, ActionGuard):
        guard = agent.action_endpoint = ActionGuard(guard)
    processor = getattr(agent, "processor", None)
    if processor is not None and processor.action_endpoint is not guard:
        processor.action_endpoint = guard
