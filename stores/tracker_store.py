"""Rasa's SQL tracker store, with the trackers of active conversations kept in memory.

Rasa's `SQLTrackerStore` reads and deserialises every event of the conversation and replays
them into a new tracker on every message, and counts the stored rows to find the new events
on every save: the cost of a message grows with the conversation (docs/performance.md).
`CachingSQLTrackerStore` stores the same rows in the same `events` table (so stock Rasa, the
retention purge and the erasure requests of `bot.leads` read and delete them as before), but:

* **Reading** asks the database for the conversation's version, ``(max(id), count(*))`` of its
  rows, one indexed query. If a tracker of that conversation is in memory, was read or saved at
  that same version, and holds exactly the events stored, it is returned as it is; otherwise
  the conversation is loaded from the database as Rasa does. So a conversation that another
  process or instance wrote to, or that a purge deleted, is never served stale: the cache is
  versioned, not trusted. The service issue's second instance needs nothing more.
* **Saving** a tracker it handed out appends exactly the events added since (Rasa counts the
  stored rows instead, which drops or repeats events when someone else wrote meanwhile). If
  someone else did write meanwhile, which routing each conversation to one instance prevents,
  both writes are kept, a warning is logged, and the next read loads the conversation from the
  database. Any other tracker (a new conversation) is saved as Rasa does.
* **Trackers** are `stores.trackers.AppliedEventsTracker`s (read from the database as one,
  adopted when first saved: `adopt`): Rasa's, with the applied events kept instead of filtered
  from the first event several times per message.
* **Failures raise.** Rasa wraps every tracker store in `FailSafeTrackerStore`, which catches
  every `Exception` of a failed save and keeps the conversation in memory instead, and answers
  a failed read with an empty conversation: the visitor would silently lose the context. This
  store raises `TrackerStoreUnavailable`, which derives from `BaseException` for exactly that
  reason, so it passes the wrapper and reaches the channel (which answers with an apology).
  `probe()` is the cheap health check for a readiness endpoint.

At most `cache_size` conversations (LRU) are kept, each for at most `cache_seconds` unused.
Configured in endpoints.yml like Rasa's SQL store::

    tracker_store:
      type: stores.tracker_store.CachingSQLTrackerStore
      dialect: sqlite
      db: var/tracker.db          # or url: postgresql://user:password@host/db
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from stores import remote_action
from stores.trackers import AppliedEventsTracker

logger = logging.getLogger(__name__)

Version = tuple[int, int]  # (highest event id, number of events) of one conversation


class TrackerStoreUnavailable(BaseException):
    """The tracker database failed: the message cannot be handled without losing context.

    A `BaseException`, not an `Exception`, so that Rasa's `FailSafeTrackerStore` (which catches
    `Exception` and falls back to memory) lets it through to the channel.
    """


@dataclass
class _Cached:
    tracker: DialogueStateTracker
    stored: int  # how many of tracker.events are in the database
    version: Version
    used: float  # time.monotonic() of the last read or save


class CachingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that keeps active trackers in memory, versioned by the database."""

    engine: sa.engine.Engine  # set by SQLTrackerStore.__init__ (untyped there)

    def __init__(
        self, *args: Any, cache_size: int = 200, cache_seconds: float = 900, **kwargs: Any
    ) -> None:
        try:
            super().__init__(*args, **kwargs)
        except SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"tracker store: {error}") from error
        # SQLite lets one writer in at a time; concurrent writers wait in its busy handler,
        # which sleeps 1, 2, 5, 10 ... 100 ms between tries: one writer thread, in turn, instead.
        writers = None
        if self.engine.dialect.name == "sqlite":
            self._keep_sqlite_connections()
            writers = 1
        self._writers = ThreadPoolExecutor(max_workers=writers, thread_name_prefix="tracker-store")
        self.cache_size = int(cache_size)
        self.cache_seconds = float(cache_seconds)
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        event = self.SQLEvent
        self._version_query = sa.select(sa.func.max(event.id), sa.func.count(event.id)).where(
            event.sender_id == sa.bindparam("sender_id")
        )
        remote_action.install()  # this class is what Rasa always loads in the server process

    def _keep_sqlite_connections(self) -> None:
        """SQLite: pooled connections and a write-ahead log.

        SQLAlchemy 1.4 opens and closes the SQLite file for every session (NullPool), and the
        default rollback journal syncs the disk three times per commit: about a quarter of the
        server's time under load here. The write-ahead log (kept in the file) syncs once and
        lets readers (the purge) work while Rasa writes; durability is unchanged.
        """
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=QueuePool, connect_args={"check_same_thread": False}
        )
        self.sessionmaker = sessionmaker(bind=self.engine)
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    @contextlib.contextmanager
    def _database(self) -> Iterator[Session]:
        """A session; any database error becomes `TrackerStoreUnavailable`."""
        try:
            with self.session_scope() as session:
                yield session
        except SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"tracker store: {error}") from error

    def _version(self, session: Session, sender_id: str) -> Version:
        """(highest id, count) of the conversation's rows: one indexed query (SQL, not ORM)."""
        highest, count = session.execute(self._version_query, {"sender_id": sender_id}).one()
        return int(highest or 0), int(count)

    def _remember(self, sender_id: str, entry: _Cached) -> None:
        adopt(entry.tracker)
        self._cache[sender_id] = entry
        self._cache.move_to_end(sender_id)
        cutoff = entry.used - self.cache_seconds
        while self._cache and (
            len(self._cache) > self.cache_size or next(iter(self._cache.values())).used < cutoff
        ):
            self._cache.popitem(last=False)

    def _fresh(self, sender_id: str, version: Version) -> DialogueStateTracker | None:
        """The cached tracker if it is exactly what the database holds at `version`."""
        entry = self._cache.get(sender_id)
        if entry is None or entry.version != version or len(entry.tracker.events) != entry.stored:
            return None
        entry.used = time.monotonic()
        self._cache.move_to_end(sender_id)
        return entry.tracker

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the latest session: from memory if unchanged, else from the database."""
        with self._database() as session:
            version = self._version(session, sender_id)
            cached = self._fresh(sender_id, version)
            if cached is not None:
                return cached
            self._cache.pop(sender_id, None)
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            events = [json.loads(row.data) for row in rows.all()]
        if not events or not self.domain:
            return None
        tracker = AppliedEventsTracker.from_dict(sender_id, events, self.domain.slots)
        self._remember(sender_id, _Cached(tracker, len(tracker.events), version, time.monotonic()))
        return tracker

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """Every session of the conversation, from the database (the HTTP API's view)."""
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"tracker store: {error}") from error

    async def keys(self) -> Iterable[str]:
        try:
            return await super().keys()
        except SQLAlchemyError as error:
            raise TrackerStoreUnavailable(f"tracker store: {error}") from error

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's new events; remember it at the version written.

        The database work runs in a worker thread: a commit waits for the disk (SQLite syncs
        its log), several milliseconds during which the server answered no one else. On
        SQLite the writes take turns in one thread: concurrent writers waited for SQLite's
        write lock in its busy handler, which sleeps 1 to 100 ms between tries (at 10
        concurrent conversations a p95 of 415-660 ms instead of 256-278, docs/performance.md). The
        processor holds the conversation's lock until this returns, so no other message of
        the conversation reads or changes the tracker meanwhile, and the reply still goes out
        only once the events are stored.
        """
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        entry = self._cache.get(sender_id)
        ours = entry if entry is not None and entry.tracker is tracker else None
        version, overtaken = await asyncio.get_running_loop().run_in_executor(
            self._writers, self._write, tracker, ours
        )
        if overtaken:  # this tracker lacks the other writer's events: read them next time
            self._cache.pop(sender_id, None)
        else:
            self._remember(
                sender_id, _Cached(tracker, len(tracker.events), version, time.monotonic())
            )

    def _write(self, tracker: DialogueStateTracker, entry: _Cached | None) -> tuple[Version, bool]:
        """Store the new events of `tracker` (read through this store as `entry`, else new).

        The version written, and whether someone else wrote meanwhile.
        """
        sender_id = tracker.sender_id
        with self._database() as session:
            version = self._version(session, sender_id)
            if entry is not None:
                new_events = list(itertools.islice(tracker.events, entry.stored, None))
                overtaken = entry.version != version
                if overtaken:
                    logger.warning(
                        "conversation %s was written elsewhere while this process handled it "
                        "(route each conversation to one instance); both writes are kept",
                        sender_id,
                    )
            else:  # not read through this store: find the new events as Rasa does
                new_events = list(self._additional_events(session, tracker))
                overtaken = False
            if new_events:
                session.execute(
                    self.SQLEvent.__table__.insert(),
                    [self._row(sender_id, event) for event in new_events],
                )
                # The count is what was read plus these rows: if someone else wrote between
                # that read and this insert, it differs from the database's and the next read
                # loads the conversation again (the highest id is these rows' last one).
                version = (self._version(session, sender_id)[0], version[1] + len(new_events))
                session.commit()
        return version, overtaken

    @staticmethod
    def _row(sender_id: str, event: Any) -> dict[str, Any]:
        """The `events` row of one event, exactly as `SQLTrackerStore.save` writes it."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def probe(self) -> None:
        """Raise `TrackerStoreUnavailable` unless the database answers a trivial query now.

        Blocking, like every database call of this store: a readiness check runs it in a
        thread, with a timeout of its own (channels/health.py).
        """
        with self._database() as session:
            session.execute(sa.text("SELECT 1"))

    def forget(self) -> None:
        """Drop every tracker kept in memory (tests; the next reads go to the database)."""
        self._cache.clear()


def adopt(tracker: DialogueStateTracker) -> None:
    """Make a tracker Rasa created an `AppliedEventsTracker`: the same object, kept as it is.

    Rasa's `FailSafeTrackerStore`, around this store, creates new conversations itself
    (`TrackerStore.init_tracker` on the wrapper, which no configuration reaches), so their
    trackers are Rasa's class. The subclass adds only the kept applied events (same attributes,
    same results), so the tracker's class is changed when it is first saved.
    """
    if type(tracker) is DialogueStateTracker:
        tracker.__class__ = AppliedEventsTracker


def find(store: TrackerStore) -> CachingSQLTrackerStore | None:
    """This project's store inside Rasa's wrappers (`FailSafeTrackerStore` and the like)."""
    seen = 0
    current: Any = store
    while current is not None and seen < 5:
        if isinstance(current, CachingSQLTrackerStore):
            return current
        current = getattr(current, "_tracker_store", None)
        seen += 1
    return None
