"""The lock store (stores/lock_store.py) against a real Redis server on a free local port.

Needs `redis-server` (Debian package `redis-server`): fails in CI without it, skips elsewhere.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from stores.lock_store import AtomicRedisLockStore
from tests.leads_support import free_port, in_ci


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    binary = shutil.which("redis-server")
    if binary is None:
        if in_ci():
            pytest.fail("redis-server is missing (apt-get install redis-server)", pytrace=False)
        pytest.skip("the lock-store tests need redis-server")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def store(port: int) -> AtomicRedisLockStore:
    config = EndpointConfig(
        url="127.0.0.1", port=port, db=0, type="stores.lock_store.AtomicRedisLockStore"
    )
    made = LockStore.create(config)
    assert isinstance(made, AtomicRedisLockStore)  # endpoints.yml loads it by module path
    return made


def test_tickets_are_unique_when_instances_race(redis_port: int) -> None:
    """Many threads on two stores take tickets for one conversation at the same moment."""
    instances = [store(redis_port), store(redis_port)]
    tickets: list[int] = []
    start = threading.Barrier(16)

    def take(number: int) -> None:
        start.wait()
        tickets.append(instances[number % 2].issue_ticket("race", lock_lifetime=30))

    threads = [threading.Thread(target=take, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(16))
    lock = instances[0].get_lock("race")
    assert lock is not None and len(lock.tickets) == 16
    assert [lock.is_locked(t) for t in range(3)] == [False, True, True]  # one holder


async def test_one_conversation_is_served_by_one_instance_at_a_time(redis_port: int) -> None:
    first, second = store(redis_port), store(redis_port)
    async with first.lock("visitor", wait_time_in_seconds=0.05):
        ticket = second.issue_ticket("visitor", lock_lifetime=30)
        lock = second.get_lock("visitor")
        assert lock is not None and lock.is_locked(ticket)
        second.cleanup("visitor", ticket)
    assert first.get_lock("visitor") is None  # the last ticket takes the lock with it
    async with second.lock("visitor", wait_time_in_seconds=0.05) as lock:
        assert lock is not None


def test_rasas_store_reads_the_same_locks(redis_port: int) -> None:
    ours = store(redis_port)
    rasas = RedisLockStore(host="127.0.0.1", port=redis_port, db=0)
    ticket = ours.issue_ticket("shared", lock_lifetime=30)
    lock = rasas.get_lock("shared")
    assert lock is not None and lock.last_issued == ticket
    ours.cleanup("shared", ticket)
    assert rasas.get_lock("shared") is None


async def test_a_lock_held_by_a_dead_process_frees_itself_for_the_next_message(
    redis_port: int,
) -> None:
    """The next message arrives a moment after the one its dead instance was serving.

    Rasa's tickets both expired within one poll (the waiting one issued a moment later with
    the same lifetime), the lock went with them and the wait raised `LockError`.
    """
    dead, alive = store(redis_port), store(redis_port)
    dead.issue_ticket("orphan", lock_lifetime=1)  # never renewed, never cleaned up
    start = time.monotonic()
    async with alive.lock("orphan", lock_lifetime=1, wait_time_in_seconds=1) as lock:
        waited = time.monotonic() - start
        assert lock is not None and len(lock.tickets) == 1
    assert 0.9 <= waited < 4, waited  # the dead ticket's lifetime, then it was served
    assert alive.get_lock("orphan") is None


async def test_a_turn_longer_than_the_lifetime_keeps_the_conversation_to_itself(
    redis_port: int,
) -> None:
    """A live holder's ticket does not expire under it: the next message waits its turn."""
    first, second = store(redis_port), store(redis_port)
    events: list[str] = []

    async def slow_turn() -> None:
        async with first.lock("slow", lock_lifetime=1, wait_time_in_seconds=0.1):
            events.append("first in")
            await asyncio.sleep(2.5)
            events.append("first out")

    async def next_turn() -> None:
        await asyncio.sleep(0.2)
        async with second.lock("slow", lock_lifetime=1, wait_time_in_seconds=0.1):
            events.append("second in")

    await asyncio.gather(slow_turn(), next_turn())
    assert events == ["first in", "first out", "second in"]
    assert first.get_lock("slow") is None
