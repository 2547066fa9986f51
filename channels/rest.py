"""The REST channel (`POST /webhooks/rest/webhook`), with the service's promises.

Same request and reply as Rasa's built-in `rest` channel (SPEC section 4), run through
channels/turns.py: message limits with a reply in the chat language, a reply within the
deadline, and an apology instead of an empty reply when a service fails. A body that is not
`{"sender": str, "message": str, "metadata": {...}?}` gets 400 with the reason, not a 500.
Loaded from credentials.yml as `channels.rest.RestChannel` (name `rest`, so the URL is the
built-in one's).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import settings
from channels.turns import TurnRunner


def parse_body(body: Any) -> tuple[str, str, dict[str, Any]] | str:
    """(sender, text, metadata) of a REST request body, or the reason it is unusable."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 256:
        return "'sender' must be a non-empty string of at most 256 characters"
    if not isinstance(message, str):
        return "'message' must be a string"
    if metadata is not None and not isinstance(metadata, dict):
        return "'metadata' must be an object"
    return sender, message, metadata or {}


class RestChannel(InputChannel):
    """Rasa's REST protocol; every message goes through a `TurnRunner`."""

    @classmethod
    def name(cls) -> str:
        """The channel name: the URL prefix /webhooks/rest and the tracker's input channel."""
        return "rest"

    def __init__(self) -> None:
        """Create the channel with the limits of this process's settings."""
        self.runner = TurnRunner(settings())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health route and the webhook."""
        webhook = Blueprint("rest_channel", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:
                body = None
            parsed = parse_body(body)
            if isinstance(parsed, str):
                return response.json({"error": parsed}, status=400)
            sender, text, metadata = parsed
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender, input_channel=self.name(), metadata=metadata
            )
            await self.runner.run(request.app.ctx.agent, on_new_message, message)
            return response.json(collector.messages)

        return webhook
