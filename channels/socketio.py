"""Socket.IO input channel for the website chat widget (server side of the widget protocol).

Rasa 3.6's built-in ``socketio`` channel does not work as is with the python-socketio 5.x and
Python 3.11 installed here, and is loose about who may connect:

* ``AsyncServer.enter_room`` became a coroutine in python-socketio 5.10; Rasa 3.6 calls it without
  ``await``, so with ``session_persistence: true`` the socket never joins its session room and
  every bot reply (sent to that room) is lost.
* ``send_custom_json`` passes the custom payload as keyword arguments to ``AsyncServer.emit``, so
  ``{"type": "estimate", ...}`` raises ``TypeError`` instead of reaching the widget.
* Sanic 21.12 (pinned by Rasa 3.6) cannot serve WebSockets on Python 3.11: its ``recv`` passes
  coroutines to ``asyncio.wait`` (``TypeError``), and the connection closes right after the
  handshake. This channel therefore offers the HTTP long-polling transport only, so clients
  never try the broken upgrade.
* it lets browsers on any web site connect. Here a connection whose ``Origin`` header is not
  allowed is refused. (CORS headers of the polling requests come from ``rasa run --cors``;
  engine.io's own CORS handling stays off, or browsers would see every header twice.)

The event protocol is the built-in one (``session_request`` / ``session_confirm``,
``user_uttered`` / ``bot_uttered``, metadata under ``metadata_key``). Custom payloads reach the
widget as ``{"custom": {...}}``, the same shape as in the REST channel. Rasa loads this channel
from ``credentials.yml`` as ``channels.socketio.SocketIOChannel`` (Rasa puts its working
directory on ``sys.path``: run Rasa from the project root).

Options in ``credentials.yml`` besides the built-in ones: ``allowed_origins`` (list of origins,
or ``"*"``), default ``http://localhost:$WEB_PORT``, ``http://127.0.0.1:$WEB_PORT`` and the
origins of ``$WEB_ORIGINS`` (comma-separated); clients that send no ``Origin`` (not browsers)
are accepted, as on the REST channel. Messages go through channels/turns.py like the REST
channel's (length and rate limits, reply deadline, apologies).

Several instances: engine.io sets the cookie ``io`` to the session id on the handshake, which
the load balancer stores to send the following polling requests (``?sid=...``) of that socket
to the same instance (deploy/haproxy.cfg); browsers need not send the cookie back.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.core.channels.channel
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.settings import settings
from channels.turns import TurnRunner

logger = logging.getLogger(__name__)

SESSION_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
STICKY_COOKIE = "io"


def default_allowed_origins() -> list[str]:
    """Return the origins allowed to open a socket when ``credentials.yml`` names none.

    The demo website on ``WEB_PORT``, reached as ``localhost`` or ``127.0.0.1``, and the extra
    origins of ``WEB_ORIGINS`` (bot/settings.py); a bad setting raises SettingsError naming it.
    """
    return settings().browser_origins()


async def _maybe_await(result: Any) -> None:
    """Await ``result`` if it is awaitable (python-socketio >= 5.10 made room calls coroutines)."""
    if inspect.isawaitable(result):
        await result


class SocketIOChannelOutput(SocketIOOutput):
    """Output channel that delivers custom payloads as ``{"custom": payload}``."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name recorded on the tracker."""
        return "socketio"

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """Send a custom payload to the recipient's room, wrapped like the REST channel does."""
        await self._send_message(recipient_id, {"custom": json_message})


class SocketIOChannel(SocketIOInput):
    """Socket.IO input channel with working session rooms, custom payloads and an Origin check."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name (also the webhook path ``/webhooks/socketio``)."""
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Create the channel from its section of ``credentials.yml``."""
        credentials = credentials or {}
        origins = credentials.get("allowed_origins")
        return cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            namespace=credentials.get("namespace"),
            session_persistence=bool(credentials.get("session_persistence", False)),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            jwt_key=credentials.get("jwt_key"),
            jwt_method=credentials.get("jwt_method", "HS256"),
            metadata_key=credentials.get("metadata_key", "metadata"),
            allowed_origins=origins,
        )

    def __init__(
        self,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        namespace: str | None = None,
        session_persistence: bool = False,
        socketio_path: str | None = "/socket.io",
        jwt_key: str | None = None,
        jwt_method: str | None = "HS256",
        metadata_key: str | None = "metadata",
        allowed_origins: str | list[str] | None = None,
    ) -> None:
        """Create the channel; see the module docstring for the options."""
        super().__init__(
            user_message_evt,
            bot_message_evt,
            namespace,
            session_persistence,
            socketio_path,
            jwt_key,
            jwt_method,
            metadata_key,
        )
        if allowed_origins is None:
            allowed_origins = default_allowed_origins()
        elif isinstance(allowed_origins, str) and allowed_origins != "*":
            allowed_origins = [allowed_origins]
        self.allowed_origins: str | list[str] = (
            allowed_origins
            if allowed_origins == "*"
            else [str(origin).rstrip("/") for origin in allowed_origins]
        )
        self.runner = TurnRunner(settings())
        self.app: Any = None  # the running Sanic app (its agent), known once the server starts

    def get_output_channel(self) -> OutputChannel | None:
        """Return an output channel for messages Rasa sends on its own (e.g. reminders)."""
        if self.sio is None:
            return super().get_output_channel()
        return SocketIOChannelOutput(self.sio, self.bot_message_evt)

    def _authorised(self, auth: dict[str, Any] | None) -> bool:
        """Check the JWT in the connection's ``auth`` data when a ``jwt_key`` is configured."""
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        if not token:
            return False
        payload = rasa.core.channels.channel.decode_bearer_token(
            token, self.jwt_key, self.jwt_algorithm
        )
        return bool(payload)

    def _origin_allowed(self, environ: dict[str, Any]) -> bool:
        """Accept requests without ``Origin`` (not from a browser) or from an allowed origin."""
        origin = environ.get("HTTP_ORIGIN")
        if not origin or self.allowed_origins == "*":
            return True
        return origin.rstrip("/") in self.allowed_origins

    def _metadata(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return the message metadata (a dict, possibly sent as a JSON string), else ``{}``."""
        metadata = data.get(self.metadata_key or "metadata")
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                return {}
        return metadata if isinstance(metadata, dict) else {}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Define the Sanic blueprint holding the Socket.IO server and its event handlers."""
        # cors_allowed_origins=[]: no engine.io CORS headers (Sanic-CORS sends them) and no
        # engine.io Origin check (done in `connect`); long-polling only (see module docstring).
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            transports=["polling"],
            allow_upgrades=False,
            cookie=STICKY_COOKIE,
        )
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace

        @socketio_webhook.listener("after_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            self.app = app

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if not self._origin_allowed(environ):
                logger.info(f"Socket {sid} refused: origin {environ.get('HTTP_ORIGIN')!r}.")
                return False
            if not self._authorised(auth if isinstance(auth, dict) else None):
                logger.debug(f"Socket {sid} refused: missing or invalid token.")
                return False
            logger.debug(f"Socket {sid} connected.")
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *args: Any) -> None:
            logger.debug(f"Socket {sid} disconnected.")

        async def join_session(sid: str, data: Any) -> str:
            """Put the socket in the room of the session it names (or a new one)."""
            requested = data.get("session_id") if isinstance(data, dict) else None
            if isinstance(requested, str) and SESSION_ID_PATTERN.match(requested):
                session_id = requested
            else:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                previous = (await sio.get_session(sid, namespace=namespace)).get("session_id")
                if previous and previous != session_id:
                    await _maybe_await(sio.leave_room(sid, previous, namespace=namespace))
                await _maybe_await(sio.enter_room(sid, session_id, namespace=namespace))
            await sio.save_session(sid, {"session_id": session_id}, namespace=namespace)
            return session_id

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            session_id = await join_session(sid, data)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)
            logger.debug(f"Socket {sid} joined session {session_id}.")

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                return
            if self.session_persistence:
                session = await sio.get_session(sid, namespace=namespace)
                sender_id = session.get("session_id") if session else None
                if not sender_id:
                    # The first message can overtake its session_request (both are handled
                    # concurrently): join the session the message names rather than lose it.
                    sender_id = await join_session(sid, data)
            else:
                sender_id = sid

            text = data.get("message", "")
            if not isinstance(text, str):
                text = str(text)
            message = UserMessage(
                text,
                SocketIOChannelOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=self._metadata(data),
            )
            agent = getattr(self.app.ctx, "agent", None) if self.app else None
            await self.runner.run(agent, on_new_message, message)

        return socketio_webhook
