"""What the Rasa server loaded at start-up is kept out of Python's full garbage collections.

Under load, CPython's full (generation 2) collection ran every few seconds in the Rasa server
and took 230-430 ms each time (measured with `gc.callbacks`, docs/performance.md): it walks
every tracked object, and the model, the domain and the libraries are about 360,000 of them,
none of which ever becomes garbage. Every conversation waits while it runs, so one pause lands
as a spike on whichever messages are in flight, and the pauses grow with the trackers kept in
memory. Once the model is loaded (Rasa loads it before the server starts), the objects alive
are collected once and then frozen (`gc.freeze()`): later collections walk only what came
after, the conversations' objects.

A route-less input channel, because credentials.yml is where Rasa lets a project add to its
server: `channels.memory.StartupMemory`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint

logger = logging.getLogger(__name__)


def freeze_startup_objects() -> int:
    """Collect what start-up left as garbage, then freeze the rest; how many were frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info("startup objects kept out of garbage collection: %d", frozen)
    return frozen


class StartupMemory(InputChannel):
    """Freezes the start-up objects once the server has started (no routes, no messages)."""

    @classmethod
    def name(cls) -> str:
        return "startup_memory"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        memory = Blueprint("startup_memory", __name__)

        @memory.listener("after_server_start")
        async def freeze(*_: Any) -> None:  # Rasa has loaded the model before the start
            freeze_startup_objects()

        return memory
