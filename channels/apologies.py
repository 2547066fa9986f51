"""Which messages already got the apology, so that a visitor gets it once per message.

Shared, in this process, by the action guard (an action call failed) and the turn runner (the
turn missed its deadline or failed). Keyed by sender and Rasa's message id; bounded in size.
The apology's text key and the chat language it is given in are defined here for both.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from bot.names import page_prior

UNAVAILABLE = "service.unavailable"


def chat_language(value: Any) -> str | None:
    """The chat language a slot value or a page's language tag names ("fr-BE" -> "fr"), if any."""
    return page_prior(value) if isinstance(value, str) else None


class ApologyLog:
    """A bounded set of (sender, message id) pairs, oldest forgotten first."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, sender: str, message_id: str | None) -> bool:
        """Record the apology for this message; False if it was given already."""
        key = (sender, message_id or "")
        with self._lock:
            if key in self._seen:
                return False
            self._seen[key] = None
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
            return True


APOLOGIES = ApologyLog()
