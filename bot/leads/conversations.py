"""Conversations in Rasa's SQL tracker store: erased with their leads, aged out with them.

A lead's transcript holds only the visitor's messages, but the tracker store keeps the whole
conversation, contact details included, and the consent text promises to delete "this
conversation" after the retention period. So an erasure request (`python -m bot.leads delete`)
also deletes the tracker events of those conversations, and `purge` deletes conversations
whose last event is older than the retention period. The tracker store is the one `make run`
uses: `TRACKER_DB_URL`, else the SQLite file var/tracker.db.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import MetaData, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import Connection

from bot.settings import settings

EVENTS_TABLE = "events"  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent


def tracker_url() -> str:
    """The tracker store's SQLAlchemy URL, as scripts/run.sh configures Rasa."""
    return settings().tracker_url()


def _on_events(url: str, work: Callable[[Connection, Table], int]) -> int:
    """Run `work` on the events table in one transaction; 0 when there is no such table."""
    engine = create_engine(url, future=True)
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return 0
        events = Table(EVENTS_TABLE, MetaData(), autoload_with=engine)
        with engine.begin() as connection:
            return work(connection, events)
    finally:
        engine.dispose()


def delete_conversations(url: str, conversation_ids: list[str]) -> int:
    """Delete every tracker event of these conversations; how many events went.

    A store without an events table (no conversation yet, or another kind of store) has
    nothing to delete.
    """
    if not conversation_ids:
        return 0

    def work(connection: Connection, events: Table) -> int:
        result = connection.execute(delete(events).where(events.c.sender_id.in_(conversation_ids)))
        return int(result.rowcount)

    return _on_events(url, work)


def purge_conversations(url: str, older_than_days: int) -> int:
    """Delete the conversations whose last event is older than `older_than_days`; how many.

    Only whole conversations that have been quiet since the cutoff go, so a conversation in
    progress is never cut in half.
    """
    cutoff = time.time() - older_than_days * 86_400

    def work(connection: Connection, events: Table) -> int:
        quiet = (
            select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(func.max(events.c.timestamp) < cutoff)
        )
        senders = list(connection.execute(quiet).scalars())
        if senders:
            connection.execute(delete(events).where(events.c.sender_id.in_(senders)))
        return len(senders)

    return _on_events(url, work)
