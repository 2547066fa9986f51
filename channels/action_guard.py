"""The action guard: Rasa's action endpoint, inside the Rasa process, in front of the action server.

Rasa calls custom actions over HTTP and, when the call fails, logs "the actions events are
lost" and sends the visitor nothing (PITFALLS.md); it waits up to 300 s for a slow server.
endpoints.yml therefore points Rasa's `action_endpoint` at this route of Rasa's own server
(scripts/runtools.py writes it), which forwards each call to the real action server
(ACTIONS_URL) with ACTION_TIMEOUT_SECONDS to answer. When the action server is down, answers
with an error or is too slow, the guard answers for it with a valid action result: the apology
in the chat language (once per visitor message) and a follow-up `action_listen`, so the turn
ends cleanly, the visitor's message stays in the tracker, and every slot set so far is kept for
when the action server is back. A 400 (an action rejecting its execution, e.g. a form's
validation) passes through unchanged. When the action server is too slow, the guard does not
call it for OPEN_AFTER_FAILURE_S seconds (it answers for it at once), so that one visitor
message with several action calls still gets its answer within the deadline. A refused
connection (the server is down or restarting) is known at once and needs no pause, so the first
call after a restart goes through; an error answer or a connection lost during one call
affects that call only.

Calls must carry ACTIONS_TOKEN as a bearer token when it is set (Rasa sends it from
endpoints.yml; the guard sends it on to the action server). Without ACTIONS_TOKEN only
loopback callers are served. Loaded from credentials.yml as
`channels.action_guard.ActionGuard`; route `POST /webhooks/action_guard/webhook`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.messages import text
from bot.settings import Settings, settings
from channels.apologies import APOLOGIES
from channels.turns import UNAVAILABLE, chat_language

logger = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "::1")
OPEN_AFTER_FAILURE_S = 5.0
# An idle pooled connection to the action server is dropped after this long, well before the
# action server closes it (actions/server.py, KEEP_ALIVE_S): a connection the server is closing
# just then would reset the call on it (seen under load with aiohttp's 15 s against Sanic's 5 s).
POOLED_CONNECTION_IDLE_S = 10.0
EXTRACT_SLOTS_VALIDATION = "action_validate_slot_mappings"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def authorised(header: str | None, token: str | None, peer: str | None) -> bool:
    """A call with the shared token, or from loopback when no token is configured."""
    if token:
        return hmac.compare_digest(header or "", f"Bearer {token}")
    return peer in LOOPBACK


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


class ActionGuard(InputChannel):
    """Forwards action calls to the action server; answers for it when it fails."""

    @classmethod
    def name(cls) -> str:
        """URL prefix /webhooks/action_guard."""
        return "action_guard"

    def __init__(self, config: Settings | None = None) -> None:
        """Create the guard for this process's settings."""
        self.settings = config or settings()
        self.token = self.settings.actions_token.get_secret_value() or None
        self._session: aiohttp.ClientSession | None = None
        self._failed_until = 0.0  # monotonic time until which calls are not forwarded

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.action_timeout_seconds),
                connector=aiohttp.TCPConnector(keepalive_timeout=POOLED_CONNECTION_IDLE_S),
            )
        return self._session

    async def forward(self, body: bytes) -> tuple[int, bytes] | None:
        """The action server's (status, body), or None when it failed or was too slow."""
        if time.monotonic() < self._failed_until:
            return None
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            async with self._client().post(
                self.settings.action_server_url(), data=body, headers=headers
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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """`POST /webhook`: one action call."""
        guard = Blueprint("action_guard", __name__)

        @guard.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not authorised(request.headers.get("Authorization"), self.token, request.ip):
                return response.json({"error": "unauthorised"}, status=401)
            forwarded = await self.forward(request.body)
            if forwarded is not None:
                status, payload = forwarded
                return response.raw(payload, status=status, content_type="application/json")
            try:
                call = json.loads(request.body)
            except ValueError:
                return response.json({"error": "not an action call"}, status=400)
            if not isinstance(call, dict):
                return response.json({"error": "not an action call"}, status=400)
            sender, message_id = message_key(call)
            logger.warning(
                "action %s failed: the visitor gets the apology", call.get("next_action")
            )
            return response.json(stand_in_result(call, APOLOGIES.first(sender, message_id)))

        @guard.listener("before_server_stop")
        async def close(*_: Any) -> None:
            if self._session is not None:
                await self._session.close()

        return guard
