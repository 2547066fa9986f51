"""The tracker store (stores/tracker_store.py) on SQLite and PostgreSQL.

Two store objects on one database stand for two Rasa processes or instances: whatever one
keeps in memory must never hide what the other wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.orm import sessionmaker

from stores.tracker_store import CachingSQLTrackerStore, TrackerStoreUnavailable, find
from stores.trackers import AppliedEventsTracker
from tests import leads_support

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [ask_estimate]
slots:
  monthly_contacts:
    type: float
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: hello}]
"""
)
StoreFactory = Callable[..., SQLTrackerStore]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty tracker database: a SQLite file, and a PostgreSQL schema (LEADS_TEST_PG_URL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        with leads_support.postgres_schema(leads_support.postgres_url(), "tracker_test") as url:
            yield url


@pytest.fixture()
def make_store(database: str) -> Iterator[StoreFactory]:
    """Stores on the test database (each one is another process); disposed afterwards."""
    made: list[SQLTrackerStore] = []

    def make(
        kind: type[SQLTrackerStore] = CachingSQLTrackerStore, **kwargs: object
    ) -> SQLTrackerStore:
        store = kind(domain=DOMAIN, host=database, **kwargs)
        made.append(store)
        return store

    yield make
    for store in made:
        store.engine.dispose()


def message(text: str, contacts: float) -> list:
    """The events of one visitor turn that sets a slot and gets an answer."""
    return [
        UserUttered(text, {"name": "ask_estimate", "confidence": 1.0}),
        SlotSet("monthly_contacts", contacts),
        ActionExecuted("utter_greet"),
        BotUttered(f"priced {contacts}", {"custom": {"type": "estimate", "n": contacts}}),
        ActionExecuted("action_listen"),
    ]


async def converse(store: SQLTrackerStore, sender: str, turns: int, start: int = 0) -> None:
    """`turns` turns of conversation `sender`, each read from and saved to `store`."""
    for number in range(start, start + turns):
        tracker = await store.get_or_create_tracker(sender)
        for event in message(f"turn {number}", 1000.0 + number):
            tracker.update(event)
        await store.save(tracker)


def stored_rows(store: SQLTrackerStore) -> list[tuple]:
    with store.session_scope() as session:
        return [
            (e.sender_id, e.type_name, e.intent_name, e.action_name, e.data)
            for e in session.query(store.SQLEvent).order_by(store.SQLEvent.id)
        ]


def rows_without_timestamps(rows: list[tuple]) -> list[tuple]:
    """Rows with the event data minus its timestamp (which differs from run to run)."""
    import json

    def strip(data: str) -> dict:
        event = json.loads(data)
        event.pop("timestamp", None)
        return event

    return [(*row[:4], strip(row[4])) for row in rows]


async def test_stores_the_same_rows_as_rasas_sql_store(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    ours = make_store()
    stock = SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'stock.db'}")
    await converse(ours, "visitor", 4)
    await converse(stock, "visitor", 4)
    assert len(stored_rows(ours)) == 1 + 4 * 5  # the first action_listen, four turns
    assert rows_without_timestamps(stored_rows(ours)) == rows_without_timestamps(stored_rows(stock))
    # ... and stock Rasa reads them back to the same tracker.
    stock_view = SQLTrackerStore(domain=DOMAIN, host=str(ours.engine.url.render_as_string(False)))
    tracker = await stock_view.retrieve("visitor")
    assert tracker is not None and tracker.get_slot("monthly_contacts") == 1003.0
    assert tracker.events == (await make_store().retrieve("visitor")).events
    stock.engine.dispose()
    stock_view.engine.dispose()


async def test_an_unchanged_conversation_is_served_from_memory(make_store: StoreFactory) -> None:
    store = make_store()
    await converse(store, "visitor", 2)
    first = await store.retrieve("visitor")
    assert first is not None
    assert await store.retrieve("visitor") is first


async def test_conversations_are_applied_events_trackers(tmp_path: Path) -> None:
    """Created by Rasa's wrapper, kept, read back: trackers keep their applied events."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]
    config["db"] = str(tmp_path / "tracker.db")
    stores = [create_tracker_store(EndpointConfig.from_dict(config), DOMAIN) for _ in range(2)]
    created = await stores[0].get_or_create_tracker("visitor")
    await converse(stores[0], "visitor", 2)
    kept = await stores[0].retrieve("visitor")
    read = await stores[1].retrieve("visitor")  # another process: from the database
    assert kept is created and type(kept) is AppliedEventsTracker
    assert type(read) is AppliedEventsTracker
    assert kept.applied_events() == DialogueStateTracker.applied_events(kept)
    assert read.applied_events() == DialogueStateTracker.applied_events(read)
    for store in stores:
        found = find(store)
        assert found is not None
        found.engine.dispose()


async def test_what_another_instance_wrote_is_never_hidden(make_store: StoreFactory) -> None:
    """A conversation moves to instance B for a turn, then back to A: A sees B's turn."""
    instance_a, instance_b = make_store(), make_store()
    await converse(instance_a, "visitor", 2)
    await converse(instance_b, "visitor", 1, start=2)
    await converse(instance_a, "visitor", 1, start=3)
    expected = [1000.0, 1001.0, 1002.0, 1003.0]
    for store in (instance_a, instance_b, make_store()):
        tracker = await store.retrieve("visitor")
        assert tracker is not None
        said = [e.data["custom"]["n"] for e in tracker.events if isinstance(e, BotUttered)]
        assert said == expected
    assert len(stored_rows(instance_a)) == 1 + 4 * 5  # nothing lost, nothing twice


async def test_a_write_elsewhere_during_a_save_is_read_next_time(
    make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Instance B writes a turn just after A's save read the version, before A's insert."""
    instance_a, instance_b = make_store(), make_store()
    await converse(instance_a, "visitor", 1)
    tracker = await instance_a.get_or_create_tracker("visitor")
    for event in message("turn 1", 1001.0):
        tracker.update(event)
    versions = []
    rasas_version = instance_a._version

    def version_then_b_writes(session: Any, sender_id: str) -> tuple[int, int]:
        versions.append(rasas_version(session, sender_id))
        if len(versions) == 1:  # B's turn lands between A's version read and A's insert
            with instance_b.session_scope() as other:
                other.execute(instance_b.SQLEvent.__table__.insert(), [instance_b._row(
                    "visitor", BotUttered("from b", {"custom": {"type": "estimate", "n": 0.5}})
                )])
                other.commit()
        return versions[-1]

    monkeypatch.setattr(instance_a, "_version", version_then_b_writes)
    await instance_a.save(tracker)
    monkeypatch.undo()
    read = await instance_a.retrieve("visitor")
    assert read is not None and read is not tracker  # read again, with B's event
    said = [e.data["custom"]["n"] for e in read.events if isinstance(e, BotUttered)]
    assert said == [1000.0, 0.5, 1001.0]


async def test_a_deleted_conversation_is_gone_from_memory_too(make_store: StoreFactory) -> None:
    store = make_store()
    await converse(store, "visitor", 2)
    assert await store.retrieve("visitor") is not None
    with store.session_scope() as session:  # what the retention purge and erasure do
        session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "visitor").delete()
        session.commit()
    assert await store.retrieve("visitor") is None


async def test_events_that_were_never_saved_are_not_served(make_store: StoreFactory) -> None:
    """A message that failed half-way leaves events on the tracker object, not in the store."""
    store = make_store()
    await converse(store, "visitor", 1)
    tracker = await store.retrieve("visitor")
    assert tracker is not None
    saved = list(tracker.events)
    tracker.update(UserUttered("never saved"))
    again = await store.retrieve("visitor")
    assert again is not None and list(again.events) == saved


async def test_a_tracker_saved_after_someone_else_wrote_loses_nothing(
    make_store: StoreFactory,
) -> None:
    store, other = make_store(), make_store()
    await converse(store, "visitor", 1)
    tracker = await store.retrieve("visitor")
    assert tracker is not None
    await converse(other, "visitor", 1, start=1)  # writes while `tracker` is in use
    for event in message("late", 2000.0):
        tracker.update(event)
    await store.save(tracker)
    # Rasa's store counts rows and would drop the late turn (PITFALLS); here both are kept.
    assert len(stored_rows(store)) == 1 + 3 * 5
    for reader in (store, make_store()):
        again = await reader.retrieve("visitor")
        assert again is not None
        said = [e.data["custom"]["n"] for e in again.events if isinstance(e, BotUttered)]
        assert said == [1000.0, 1001.0, 2000.0]


async def test_memory_is_bounded(make_store: StoreFactory) -> None:
    store = make_store(cache_size=3)
    assert isinstance(store, CachingSQLTrackerStore)
    for number in range(5):
        await converse(store, f"visitor-{number}", 1)
    assert len(store._cache) == 3
    for number in range(5):  # the ones that were dropped come back from the database
        tracker = await store.retrieve(f"visitor-{number}")
        assert tracker is not None and tracker.get_slot("monthly_contacts") == 1000.0


def break_database(store: SQLTrackerStore) -> None:
    """Point the store at a database that is not there (a port nothing listens on)."""
    store.engine.dispose()
    store.engine = sa.create_engine("postgresql://nobody:nothing@127.0.0.1:9/none")
    store.sessionmaker = sessionmaker(bind=store.engine)


async def test_a_failing_database_raises_through_rasas_fail_safe_wrapper(
    make_store: StoreFactory,
) -> None:
    """Rasa would fall back to memory (PITFALLS); the failure must reach the channel instead."""
    store = make_store()
    await converse(store, "visitor", 1)
    tracker = await store.retrieve("visitor")
    assert tracker is not None
    store.probe()  # healthy
    wrapped = FailSafeTrackerStore(store)
    assert find(wrapped) is store
    break_database(store)
    with pytest.raises(TrackerStoreUnavailable):
        store.probe()
    with pytest.raises(TrackerStoreUnavailable):
        await wrapped.retrieve("visitor")
    with pytest.raises(TrackerStoreUnavailable):
        await wrapped.save(tracker)
    with pytest.raises(TrackerStoreUnavailable):
        await wrapped.retrieve_full_tracker("visitor")
    assert not await wrapped.fallback_tracker_store.keys()  # nothing went to memory


async def test_rasas_fail_safe_wrapper_still_swallows_exceptions(tmp_path: Path) -> None:
    """Why TrackerStoreUnavailable is a BaseException: if this fails, it need not be any more."""
    stock = SQLTrackerStore(domain=DOMAIN, host=f"sqlite:///{tmp_path / 'stock.db'}")
    break_database(stock)
    wrapped = FailSafeTrackerStore(stock)
    assert await wrapped.retrieve("visitor") is None
    await wrapped.save(DialogueStateTracker("visitor", DOMAIN.slots))
    assert list(await wrapped.fallback_tracker_store.keys()) == ["visitor"]


def test_endpoints_yml_loads_this_store_not_rasas_in_memory_fallback(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())["tracker_store"]
    config["db"] = str(tmp_path / "tracker.db")
    store = create_tracker_store(EndpointConfig.from_dict(config), DOMAIN)
    assert isinstance(store, CachingSQLTrackerStore)
    store.engine.dispose()


async def test_conversations_saved_at_once_all_land_written_in_turn_on_sqlite(
    make_store: StoreFactory, database: str
) -> None:
    """Twenty conversations saving at the same time: every event stored, none twice.

    On SQLite, which lets one writer in at a time, the writes take turns in one thread
    (concurrent writers waited in SQLite's busy handler, which sleeps up to 100 ms a try).
    """
    import asyncio
    import threading

    store = make_store()
    writers: set[str] = set()
    write = store._write

    def recording_write(*args: Any) -> Any:
        writers.add(threading.current_thread().name)
        return write(*args)

    store._write = recording_write  # type: ignore[method-assign]
    await asyncio.gather(*(converse(store, f"visitor-{n}", 5) for n in range(20)))
    rows = stored_rows(store)
    assert len(rows) == 20 * (1 + 5 * 5)
    assert len(set(rows)) == len(rows)
    for n in range(20):
        tracker = await make_store().retrieve(f"visitor-{n}")
        assert tracker is not None and tracker.get_slot("monthly_contacts") == 1004.0
    if database.startswith("sqlite"):
        assert len(writers) == 1
