"""Liveness and readiness of a Rasa instance, for process managers and the load balancer.

* `GET /webhooks/health/` (live): the server answers.
* `GET /webhooks/health/ready`: 200 when the model is loaded and the tracker database and the
  lock store answer now, else 503; the body names each check. The load balancer
  (deploy/haproxy.cfg), systemd (deploy/systemd) and compose use it, so an instance whose
  database is gone gets no visitors rather than a conversation it would forget. The action
  server is reported but does not make the instance unready: the guard apologises for it.

Loaded from credentials.yml as `channels.health.Health`. No secrets in the answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.lock_store import RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import text

from bot.settings import settings
from stores.tracker_store import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 2.0


def primary_tracker_store(agent: Any) -> Any:
    """The tracker store behind Rasa's `FailSafeTrackerStore` wrapper."""
    store = agent.tracker_store
    while isinstance(store, FailSafeTrackerStore):
        store = store._tracker_store
    return getattr(store, "_tracker_store", store)  # AwaitableTrackerStore wraps sync stores


def _select_one(engine: Any) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _database_check(store: Any) -> Callable[[], None] | None:
    """The store's own blocking health check (`probe`), else `SELECT 1` on its engine, if any."""
    probe = getattr(store, "probe", None)
    if callable(probe):
        return probe
    engine = getattr(store, "engine", None)
    return None if engine is None else partial(_select_one, engine)


async def tracker_store_ok(agent: Any) -> bool:
    """Whether the tracker database answers a trivial query now (in-memory stores always do).

    The check blocks, so it runs in a thread, cut after PROBE_TIMEOUT_S.
    """
    check = _database_check(primary_tracker_store(agent))
    if check is None:
        return True
    try:
        await asyncio.wait_for(asyncio.to_thread(check), PROBE_TIMEOUT_S)
        return True
    except (Exception, TrackerStoreUnavailable) as error:
        logger.warning("readiness: tracker store failed: %s", type(error).__name__)
        return False


async def lock_store_ok(agent: Any) -> bool:
    """Whether the Redis lock store answers PING (the in-memory one always does)."""
    store = getattr(agent, "lock_store", None)
    if not isinstance(store, RedisLockStore):
        return True
    try:
        return bool(await asyncio.wait_for(asyncio.to_thread(store.red.ping), PROBE_TIMEOUT_S))
    except Exception as error:
        logger.warning("readiness: lock store failed: %s", type(error).__name__)
        return False


async def action_server_ok() -> bool:
    """Whether the action server's /health answers (reported only)."""
    url = settings().action_server_url().rsplit("/", 1)[0] + "/health"
    try:
        timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as reply:
            return reply.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


class Health(InputChannel):
    """The health routes (no messages)."""

    @classmethod
    def name(cls) -> str:
        """URL prefix /webhooks/health."""
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """`GET /` and `GET /ready`."""
        health = Blueprint("health", __name__)

        @health.route("/", methods=["GET"])
        async def live(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"ready": False, "model": False}, status=503)
            tracker, lock, actions = await asyncio.gather(
                tracker_store_ok(agent), lock_store_ok(agent), action_server_ok()
            )
            checks = {"model": True, "tracker_store": tracker, "lock_store": lock}
            body = {"ready": all(checks.values()), **checks, "action_server": actions}
            return response.json(body, status=200 if body["ready"] else 503)

        return health
