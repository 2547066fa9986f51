"""The conversations behind leads, in Rasa's SQL tracker store: erased with the leads.

A lead's transcript holds only the visitor's messages, but the tracker store keeps the whole
conversation, contact details included. An erasure request (`python -m bot.leads delete`)
therefore also deletes the tracker events of those conversations. The tracker store is the
one `make run` uses: `TRACKER_DB_URL`, else the SQLite file var/tracker.db.
"""

from __future__ import annotations

from sqlalchemy import MetaData, Table, create_engine, delete, inspect

from bot.leads.settings import ROOT, env_text

DEFAULT_TRACKER_URL = f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
EVENTS_TABLE = "events"  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent


def tracker_url() -> str:
    """The tracker store's SQLAlchemy URL, as scripts/run.sh configures Rasa."""
    return env_text("TRACKER_DB_URL", DEFAULT_TRACKER_URL)


def delete_conversations(url: str, conversation_ids: list[str]) -> int:
    """Delete every tracker event of these conversations; how many events went.

    A store without an events table (no conversation yet, or another kind of store) has
    nothing to delete.
    """
    if not conversation_ids:
        return 0
    engine = create_engine(url, future=True)
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return 0
        events = Table(EVENTS_TABLE, MetaData(), autoload_with=engine)
        with engine.begin() as connection:
            result = connection.execute(
                delete(events).where(events.c.sender_id.in_(conversation_ids))
            )
            return int(result.rowcount)
    finally:
        engine.dispose()
