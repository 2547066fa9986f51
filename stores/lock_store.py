"""Rasa's Redis lock store, with every change of a conversation's lock atomic.

Rasa's `RedisLockStore` issues and removes tickets by reading the lock, changing it in Python
and writing it back: two instances taking the same conversation at once can both read the
same lock and both believe they hold it (PITFALLS; RasaHQ/rasa PR #11256, fixed in Rasa Pro
only). `AtomicRedisLockStore` makes each change a Redis transaction on the lock's key (WATCH,
then MULTI/EXEC, retried when another instance changed the key in between), so ticket numbers
are unique and one conversation is served by one instance at a time.

It also keeps its own tickets alive. Rasa gives every ticket a fixed lifetime
(`TICKET_LOCK_LIFETIME`) from the moment it is issued, so that a lock held by a dead instance
frees itself; but a ticket still waiting, or held through a slow turn, expires as well. After
an instance died in the middle of a turn, the other instance's next message for that
conversation waited for the dead ticket and, issued a moment after it with the same lifetime,
expired with it: within one poll both were gone, the lock with them, and Rasa raised
`LockError` (the visitor got an apology and the message was not kept; tests/test_cluster.py,
one conversation in fifty). Here a process renews each of its tickets, waiting or held, every
quarter of the lifetime, so the lifetime is only what its name in the README says: how long a
lock held by a dead process blocks the others. Everything else (keys, serialisation, the
order of tickets, waiting) is Rasa's, so both kinds can share a Redis during an upgrade.

Configured in endpoints.yml (scripts/runtools.py writes it from ``REDIS_URL``)::

    lock_store:
      type: stores.lock_store.AtomicRedisLockStore
      url: 127.0.0.1
      port: 6379
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")

logger = logging.getLogger(__name__)
RENEWALS_PER_LIFETIME = 4  # a ticket is renewed this often within its lifetime


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket changes are Redis transactions."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        """From endpoints.yml (Rasa passes custom lock stores their `endpoint_config`), or
        from `RedisLockStore`'s own arguments."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _change(
        self, conversation_id: str, change: Callable[[TicketLock], Result], create: bool
    ) -> Result | None:
        """Apply `change` to the stored lock atomically; delete the lock when no ticket is left."""
        key = self.key_prefix + conversation_id
        outcome: list[Result] = []

        def transaction(pipe: Any) -> None:
            outcome.clear()
            raw = pipe.get(key)
            if raw is None and not create:
                return
            lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
            outcome.append(change(lock))
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)

        self.red.transaction(transaction, key)
        return outcome[0] if outcome else None

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            ticket = self._change(
                conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True
            )
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        assert ticket is not None  # created when missing
        return ticket

    def renew(self, conversation_id: str, ticket_number: int, lifetime: float) -> bool:
        """Let ticket `ticket_number` live `lifetime` seconds from now; False if it is gone."""

        def extend(lock: TicketLock) -> bool:
            for ticket in lock.tickets:
                if ticket.number == ticket_number:
                    ticket.expires = time.time() + lifetime
                    return True
            return False

        return bool(self._change(conversation_id, extend, create=False))

    async def _keep_alive(self, conversation_id: str, ticket_number: int, lifetime: float) -> None:
        """Renew the ticket until cancelled (when the lock is released)."""
        interval = lifetime / RENEWALS_PER_LIFETIME
        while True:
            await asyncio.sleep(interval)
            try:
                if not self.renew(conversation_id, ticket_number, lifetime):
                    return  # expired all the same (the loop stalled): Rasa's wait decides
            except redis.RedisError as error:  # the wait or the turn will meet it too
                logger.warning("ticket of %s not renewed: %s", conversation_id, error)

    @contextlib.asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's `lock`, with the ticket renewed while it waits and while it is held."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        keeper = asyncio.create_task(self._keep_alive(conversation_id, ticket, lock_lifetime))
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            keeper.cancel()
            self.cleanup(conversation_id, ticket)

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets(), create=False)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(
            conversation_id, lambda lock: lock.remove_ticket_for(ticket_number), create=False
        )

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket; the lock goes with its last ticket (in the same transaction)."""
        self.finish_serving(conversation_id, ticket_number)
