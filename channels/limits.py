"""Per-sender message limits: length and rate (a token bucket), kept in this process's memory.

In-memory state is right here because each conversation is served by one Rasa instance: the
load balancer routes every sender to the same instance (deploy/haproxy.cfg). After a fail-over
a sender starts with a full bucket on the other instance, which is harmless.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.settings import Settings
from bot.text import MAX_MESSAGE_LENGTH

TOO_LONG = "service.too_long"
TOO_FAST = "service.too_fast"


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """`burst` messages at once, then `per_minute` a minute, per sender.

    At most `max_senders` buckets are kept (least recently used dropped first), so a flood of
    new sender ids cannot grow memory without bound; a dropped sender starts with a full bucket.
    """

    def __init__(
        self,
        burst: int,
        per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        max_senders: int = 100_000,
    ) -> None:
        self.burst = burst
        self.rate = per_minute / 60
        self.clock = clock
        self.max_senders = max_senders
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, sender: str) -> bool:
        """Take one token from the sender's bucket; False when it is empty."""
        now = self.clock()
        bucket = self._buckets.pop(sender, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        allowed = bucket.tokens >= 1
        if allowed:
            bucket.tokens -= 1
        self._buckets[sender] = bucket
        while len(self._buckets) > self.max_senders:
            self._buckets.popitem(last=False)
        return allowed


class MessageLimits:
    """The checks a message passes before Rasa sees it."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic):
        self.max_chars = MAX_MESSAGE_LENGTH
        self.rate = RateLimiter(settings.rate_limit_burst, settings.rate_limit_per_minute, clock)

    def refusal(self, sender: str, text: str) -> str | None:
        """The catalogue key of the reply refusing this message, or None to let it through.

        A too-long message is refused before its sender's bucket is touched, so the shortened
        one can follow at once.
        """
        if len(text) > self.max_chars:
            return TOO_LONG
        if not self.rate.allow(sender):
            return TOO_FAST
        return None
