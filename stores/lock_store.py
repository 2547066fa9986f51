"""Rasa's Redis lock store, with every change of a conversation's lock atomic.

Rasa's `RedisLockStore` issues and removes tickets by reading the lock, changing it in Python
and writing it back: two instances taking the same conversation at once can both read the
same lock and both believe they hold it (PITFALLS; RasaHQ/rasa PR #11256, fixed in Rasa Pro
only). `AtomicRedisLockStore` makes each change a Redis transaction on the lock's key (WATCH,
then MULTI/EXEC, retried when another instance changed the key in between), so ticket numbers
are unique and one conversation is served by one instance at a time. Everything else (keys,
serialisation, waiting) is Rasa's, so both kinds can share a Redis during an upgrade.

Configured in endpoints.yml (scripts/runtools.py writes it from ``REDIS_URL``)::

    lock_store:
      type: stores.lock_store.AtomicRedisLockStore
      url: 127.0.0.1
      port: 6379
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")


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

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets(), create=False)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(
            conversation_id, lambda lock: lock.remove_ticket_for(ticket_number), create=False
        )

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket; the lock goes with its last ticket (in the same transaction)."""
        self.finish_serving(conversation_id, ticket_number)
