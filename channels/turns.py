"""One visitor message through Rasa, with the service's promises (REST and Socket.IO channels).

* Limits first: a message longer than bot.text.MAX_MESSAGE_LENGTH, or from a sender over the rate
  limit, gets a reply saying so in the chat language and never reaches Rasa (never a 5xx).
* A reply within the deadline, as a backstop: a turn still running after
  REPLY_DEADLINE_SECONDS (say, the tracker database hangs) gets the apology now; Rasa finishes
  the turn in the background, so nothing is lost and the next message sees every slot. (A slow
  action server is cut short sooner, after ACTION_TIMEOUT_SECONDS, by the action guard.) The
  deadline is long enough not to cut turns that are merely slow on a busy machine, whose
  replies a REST visitor would then never see.
* No silent memory: Rasa wraps every tracker store in `FailSafeTrackerStore`, which, when the
  database fails, returns an empty conversation and saves to memory instead (PITFALLS.md).
  The project's store (stores/tracker_store.py) raises `TrackerStoreUnavailable`, which the
  wrapper cannot catch; for any other store configured, the wrapper's error callback is set to
  raise it here. Either way a failing tracker database fails the turn and the visitor is told
  the message could not be kept.

The apology for a failing action server comes from channels/action_guard.py when the action
call fails (each turn makes sure the agent's action calls go through it: `guard_actions`);
`APOLOGIES` makes sure a visitor gets it once per message, whichever part notices.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.tracker_store import FailSafeTrackerStore

from bot.formatting import number
from bot.messages import text
from bot.names import DEFAULT_LANGUAGE
from bot.settings import Settings
from channels.action_guard import guard_actions
from channels.apologies import APOLOGIES, UNAVAILABLE, chat_language
from channels.limits import TOO_LONG, MessageLimits
from stores.tracker_store import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

STORE_DOWN = "service.store_down"


def _raise_store_error(error: Exception) -> None:
    first_line = (str(error).splitlines() or [""])[0][:200]
    raise TrackerStoreUnavailable(f"{type(error).__name__}: {first_line}") from error


def refuse_memory_fallback(agent: Any) -> None:
    """Make the agent's `FailSafeTrackerStore` raise instead of falling back to memory.

    Its constructor takes this callback (`on_tracker_store_error`); Rasa's agent builds it
    without one, so it is set here, once, on the running agent.
    """
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _raise_store_error


class TurnRunner:
    """Runs visitor messages through Rasa, for one input channel."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limits = MessageLimits(settings)
        self._background: set[asyncio.Task[Any]] = set()

    async def language(self, agent: Any, message: UserMessage, read_tracker: bool) -> str:
        """The chat language for a reply of ours: the conversation's, else the page's."""
        if read_tracker and agent is not None:
            try:
                tracker = await asyncio.wait_for(
                    agent.tracker_store.retrieve(message.sender_id), timeout=1
                )
            except (Exception, TrackerStoreUnavailable):  # the reply is what matters here
                tracker = None
            spoken = chat_language(tracker.get_slot("language")) if tracker else None
            if spoken:
                return spoken
        metadata = message.metadata if isinstance(message.metadata, dict) else {}
        return chat_language(metadata.get("language")) or DEFAULT_LANGUAGE

    async def _say(self, agent: Any, message: UserMessage, key: str, read_tracker: bool) -> None:
        language = await self.language(agent, message, read_tracker)
        values = {"limit": number(self.limits.max_chars, language)} if key == TOO_LONG else {}
        await message.output_channel.send_text_message(
            message.sender_id, text(key, language, **values)
        )

    async def run(
        self,
        agent: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        message: UserMessage,
    ) -> None:
        """Handle `message`; whatever happens, the visitor gets a reply (see module docstring)."""
        refusal = self.limits.refusal(message.sender_id, message.text or "")
        if refusal:
            logger.info("message of %s refused: %s", message.sender_id, refusal)
            await self._say(agent, message, refusal, read_tracker=True)
            return
        refuse_memory_fallback(agent)
        guard_actions(agent)
        task = asyncio.ensure_future(on_new_message(message))
        try:
            await asyncio.wait_for(asyncio.shield(task), self.settings.reply_deadline_seconds)
        except asyncio.TimeoutError:
            logger.warning(
                "turn of %s still running after %.1f s: apology sent, Rasa goes on",
                message.sender_id,
                self.settings.reply_deadline_seconds,
            )
            self._background.add(task)
            task.add_done_callback(self._finished_late)
            if APOLOGIES.first(message.sender_id, message.message_id):
                await self._say(agent, message, UNAVAILABLE, read_tracker=False)
        except TrackerStoreUnavailable as error:
            logger.error(
                "tracker store unavailable (%s): turn of %s not run", error, message.sender_id
            )
            await self._say(agent, message, STORE_DOWN, read_tracker=False)
        except Exception:
            logger.exception("turn of %s failed", message.sender_id)
            if APOLOGIES.first(message.sender_id, message.message_id):
                await self._say(agent, message, UNAVAILABLE, read_tracker=False)

    def _finished_late(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("a late turn failed: %s", type(task.exception()).__name__)
