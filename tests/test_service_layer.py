"""The Rasa process's service layer (channels/): limits, deadline, apologies, action guard."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.formatting import number
from bot.messages import text
from bot.settings import Settings, SettingsError, load
from bot.text import MAX_MESSAGE_LENGTH
from channels.action_guard import ActionGuard, guard_actions, message_key, stand_in_result
from channels.limits import TOO_FAST, TOO_LONG, MessageLimits, RateLimiter
from channels.rest import parse_body
from channels.turns import TurnRunner, refuse_memory_fallback
from stores.tracker_store import TrackerStoreUnavailable
from tests.leads_support import free_port

ROOT = Path(__file__).resolve().parent.parent


def service(**changes: Any) -> Settings:
    """This process's settings with `changes` (fields of bot.settings.Settings)."""
    return Settings(**changes)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# --- Settings -----------------------------------------------------------------------------


def test_defaults_cut_a_slow_action_server_within_five_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("ACTIONS_URL", "ACTIONS_TOKEN", "ACTION_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("REPLY_DEADLINE_SECONDS", raising=False)
    monkeypatch.setenv("ACTIONS_PORT", "6055")
    settings = load(Settings)
    assert settings.action_timeout_seconds < 5
    assert settings.action_timeout_seconds < settings.reply_deadline_seconds
    assert settings.action_server_url() == "http://127.0.0.1:6055/webhook"
    assert not settings.actions_token.get_secret_value()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("RATE_LIMIT_PER_MINUTE", "lots"),
        ("RATE_LIMIT_BURST", "0"),
        ("REPLY_DEADLINE_SECONDS", "-1"),
        ("RASA_INSTANCE_PORTS", "5006"),
    ],
)
def test_unusable_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load(Settings)


def test_an_action_timeout_past_the_reply_deadline_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "6")
    monkeypatch.setenv("REPLY_DEADLINE_SECONDS", "5")
    with pytest.raises(SettingsError, match="ACTION_TIMEOUT_SECONDS"):
        load(Settings)


# --- Limits -------------------------------------------------------------------------------


def test_a_sender_gets_the_burst_then_one_message_per_refill_interval() -> None:
    clock = Clock()
    limiter = RateLimiter(burst=3, per_minute=6, clock=clock)  # one token every 10 s
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b"), "senders have buckets of their own"
    clock.now = 9.9
    assert not limiter.allow("a")
    clock.now = 10.1
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now = 1000
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False], "burst, no more"


def test_the_limiter_forgets_the_least_recent_senders_beyond_its_size() -> None:
    limiter = RateLimiter(burst=1, per_minute=1, clock=Clock(), max_senders=2)
    for sender in ("a", "b", "c"):
        assert limiter.allow(sender)
    assert limiter.allow("a"), "a was forgotten, so it starts again with a full bucket"
    assert not limiter.allow("c")


def test_a_too_long_message_is_refused_without_using_the_rate() -> None:
    limits = MessageLimits(service(rate_limit_burst=1), clock=Clock())
    assert limits.refusal("a", "x" * (MAX_MESSAGE_LENGTH + 1)) == TOO_LONG
    assert limits.refusal("a", "x" * MAX_MESSAGE_LENGTH) is None
    assert limits.refusal("a", "again") == TOO_FAST


# --- REST bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "hi",
        {"message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": "a"},
        {"sender": "a", "message": 3},
        {"sender": "a", "message": "hi", "metadata": "fr"},
        {"sender": "a" * 300, "message": "hi"},
    ],
)
def test_unusable_rest_bodies_are_named_not_crashed_on(body: Any) -> None:
    assert isinstance(parse_body(body), str)


def test_a_rest_body_gives_sender_text_and_metadata() -> None:
    body = {"sender": "a", "message": "hi", "metadata": {"language": "nl"}}
    assert parse_body(body) == ("a", "hi", {"language": "nl"})
    assert parse_body({"sender": "a", "message": ""}) == ("a", "", {})


# --- The turn runner ------------------------------------------------------------------------


LANGUAGE_SLOT = """
slots:
  language:
    type: text
    mappings:
      - type: custom
"""


def message(
    sender: str = "visitor", text_: str = "hello", language: str | None = "nl"
) -> UserMessage:
    metadata = {"language": language} if language else {}
    return UserMessage(text_, CollectingOutputChannel(), sender, metadata=metadata)


def texts(message_: UserMessage) -> list[str]:
    output = message_.output_channel
    assert isinstance(output, CollectingOutputChannel)
    return [m["text"] for m in output.messages]


async def test_a_slow_turn_gets_the_apology_in_time_and_still_finishes() -> None:
    runner = TurnRunner(service(reply_deadline_seconds=1, action_timeout_seconds=0.5))
    finished = asyncio.Event()

    async def slow(message_: UserMessage) -> None:
        await asyncio.sleep(1.6)
        finished.set()

    visitor = message()
    started = time.monotonic()
    await runner.run(None, slow, visitor)
    assert time.monotonic() - started < 1.5
    assert texts(visitor) == [text("service.unavailable", "nl")]
    await asyncio.wait_for(finished.wait(), 3)


async def test_a_fast_turn_is_left_alone() -> None:
    runner = TurnRunner(service())

    async def answer(message_: UserMessage) -> None:
        await message_.output_channel.send_text_message(message_.sender_id, "hi!")

    visitor = message()
    await runner.run(None, answer, visitor)
    assert texts(visitor) == ["hi!"]


async def test_a_failing_tracker_store_gets_the_store_apology() -> None:
    runner = TurnRunner(service())

    async def store_down(message_: UserMessage) -> None:
        raise TrackerStoreUnavailable("OperationalError")

    visitor = message(language="fr")
    await runner.run(None, store_down, visitor)
    assert texts(visitor) == [text("service.store_down", "fr")]


@pytest.mark.parametrize(("tag", "language"), [("fr-BE", "fr"), ("nl_BE", "nl"), ("de-DE", "en")])
async def test_a_first_message_is_refused_in_the_pages_regional_language(
    tag: str, language: str
) -> None:
    runner = TurnRunner(service())

    async def never(message_: UserMessage) -> None:
        raise AssertionError("a refused message must not reach Rasa")

    too_long = message(text_="x" * (MAX_MESSAGE_LENGTH + 1), language=tag)
    await runner.run(None, never, too_long)
    limit = number(MAX_MESSAGE_LENGTH, language)
    assert texts(too_long) == [text("service.too_long", language, limit=limit)]


async def test_refusals_answer_in_the_conversations_language() -> None:
    runner = TurnRunner(service(rate_limit_burst=1))

    class Agent:
        tracker_store = InMemoryTrackerStore(Domain.from_yaml(LANGUAGE_SLOT))

    tracker = DialogueStateTracker("visitor", Agent.tracker_store.domain.slots)
    tracker.update(SlotSet("language", "fr"))
    await Agent.tracker_store.save(tracker)

    async def never(message_: UserMessage) -> None:
        raise AssertionError("a refused message must not reach Rasa")

    too_long = message(text_="x" * (MAX_MESSAGE_LENGTH + 1), language="en")
    await runner.run(Agent(), never, too_long)
    limit = number(MAX_MESSAGE_LENGTH, "fr")
    assert texts(too_long) == [text("service.too_long", "fr", limit=limit)]
    first, second = message(text_="a"), message(text_="b")
    await runner.run(Agent(), lambda m: asyncio.sleep(0), first)
    await runner.run(Agent(), never, second)
    assert texts(second) == [text("service.too_fast", "fr")]


async def test_the_fail_safe_tracker_store_raises_instead_of_keeping_memory() -> None:
    class Broken(InMemoryTrackerStore):
        async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
            raise ConnectionError("database gone")

        async def save(self, tracker: DialogueStateTracker) -> None:
            raise ConnectionError("database gone")

    class Agent:
        tracker_store = FailSafeTrackerStore(Broken(Domain.empty()))

    refuse_memory_fallback(Agent())
    with pytest.raises(TrackerStoreUnavailable):
        await Agent.tracker_store.retrieve("visitor")
    with pytest.raises(TrackerStoreUnavailable):
        await Agent.tracker_store.save(DialogueStateTracker("visitor", []))
    assert Agent.tracker_store._fallback_tracker_store is None, "nothing kept in memory"


# --- The action guard -----------------------------------------------------------------------


def call(
    language: str = "fr", action: str = "action_estimate", message_id: str = "m1"
) -> dict[str, Any]:
    return {
        "next_action": action,
        "sender_id": "visitor",
        "tracker": {
            "sender_id": "visitor",
            "slots": {"language": language},
            "latest_message": {"message_id": message_id},
        },
    }


def test_the_stand_in_result_apologises_once_and_ends_the_turn() -> None:
    first = stand_in_result(call("nl"), first=True)
    assert first == {
        "events": [{"event": "followup", "name": "action_listen"}],
        "responses": [{"text": text("service.unavailable", "nl")}],
    }
    assert stand_in_result(call("nl"), first=False)["responses"] == []
    inside_extraction = stand_in_result(call(action="action_validate_slot_mappings"), first=True)
    assert inside_extraction["events"] == [], "slot extraction accepts no follow-up events"
    assert message_key(call(message_id="m7")) == ("visitor", "m7")


async def fake_action_server(handler: Any) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}/webhook"


def guard_for(url: str, token: str = "", **changes: Any) -> ActionGuard:
    """The guard in front of `url`, the endpoint as scripts/runtools.py writes it."""
    headers = {"Authorization": f"Bearer {token}"} if token else None
    return ActionGuard(EndpointConfig(url, headers=headers), service(**changes))


async def test_the_guard_forwards_answers_and_rejections_with_the_token() -> None:
    seen: list[str | None] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization"))
        body = await request.json()
        status = 400 if body["next_action"] == "validate_handoff_form" else 200
        return web.json_response(
            {"events": [], "responses": [], "echo": body["next_action"]}, status=status
        )

    server, url = await fake_action_server(handler)
    guard = guard_for(url, token="s3cret")
    try:
        status, body = await guard.forward(call()) or (0, b"")
        assert status == 200 and json.loads(body)["echo"] == "action_estimate"
        status, _ = await guard.forward(call(action="validate_handoff_form")) or (0, b"")
        assert status == 400
        assert seen == ["Bearer s3cret", "Bearer s3cret"]
    finally:
        await server.cleanup()
        if guard._session:
            await guard._session.close()


async def test_rasa_gets_the_answer_the_rejection_or_the_apology_from_the_guard() -> None:
    async def handler(request: web.Request) -> web.Response:
        action = (await request.json())["next_action"]
        if action == "validate_handoff_form":
            return web.json_response({"action_name": action, "error": "no"}, status=400)
        return web.json_response({"events": [], "responses": [], "echo": action})

    server, url = await fake_action_server(handler)
    up, down = guard_for(url), guard_for(f"http://127.0.0.1:{free_port()}/webhook")
    try:
        assert (await up.request(json=call(), method="post"))["echo"] == "action_estimate"
        with pytest.raises(ClientResponseError) as rejected:
            await up.request(json=call(action="validate_handoff_form"), method="post")
        assert rejected.value.status == 400
        assert json.loads(rejected.value.text)["action_name"] == "validate_handoff_form"
        first = await down.request(json=call("en", message_id="down-1"), method="post")
        assert first == stand_in_result(call("en"), first=True)
        again = await down.request(json=call("en", message_id="down-1"), method="post")
        assert again == stand_in_result(call("en"), first=False), "one apology per message"
    finally:
        await server.cleanup()
        for guard in (up, down):
            if guard._session:
                await guard._session.close()


async def test_the_guard_gives_up_on_a_slow_failing_or_absent_action_server() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"events": []})

    async def failing(request: web.Request) -> web.Response:
        return web.json_response({"error": "internal error"}, status=500)

    for handler in (slow, failing):
        server, url = await fake_action_server(handler)
        guard = guard_for(url, action_timeout_seconds=0.5)
        try:
            started = time.monotonic()
            assert await guard.forward({}) is None
            assert time.monotonic() - started < 1.5
        finally:
            await server.cleanup()
            if guard._session:
                await guard._session.close()
    guard = guard_for(f"http://127.0.0.1:{free_port()}/webhook")
    try:
        assert await guard.forward({}) is None
        assert guard._failed_until == 0, "a refused connection needs no pause"
    finally:
        if guard._session:
            await guard._session.close()


async def test_after_a_timeout_the_guard_answers_at_once_for_a_while() -> None:
    calls: list[int] = []

    async def frozen(request: web.Request) -> web.Response:
        calls.append(1)
        await asyncio.sleep(2)
        return web.json_response({"events": []})

    server, url = await fake_action_server(frozen)
    guard = guard_for(url, action_timeout_seconds=0.5)
    try:
        assert await guard.forward({}) is None
        started = time.monotonic()
        assert await guard.forward({}) is None
        assert time.monotonic() - started < 0.1 and len(calls) == 1, "not called again"
        guard._failed_until = 0  # the pause is over
        assert await guard.forward({}) is None and len(calls) == 2
    finally:
        await server.cleanup()
        if guard._session:
            await guard._session.close()


async def test_an_error_answer_or_a_lost_connection_fails_only_that_call() -> None:
    """One failing call must not make every other visitor's next call an apology."""
    calls: list[str] = []

    async def flaky(request: web.Request) -> web.Response:
        action = (await request.json())["next_action"]
        calls.append(action)
        if action == "action_error":
            return web.json_response({"error": "internal error"}, status=500)
        if action == "action_reset":
            assert request.transport is not None
            request.transport.close()  # the connection goes away mid-call
        return web.json_response({"events": [], "echo": action})

    server, url = await fake_action_server(flaky)
    guard = guard_for(url)
    try:
        for failing in ("action_error", "action_reset"):
            assert await guard.forward(call(action=failing)) is None
            status, body = await guard.forward(call()) or (0, b"")
            assert status == 200 and json.loads(body)["echo"] == "action_estimate"
        assert calls == ["action_error", "action_estimate", "action_reset", "action_estimate"]
    finally:
        await server.cleanup()
        if guard._session:
            await guard._session.close()


# --- The guard on Rasa's action calls: what Rasa's own code does with it ----------------------


def test_the_running_agents_action_calls_go_through_one_guard() -> None:
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"Authorization": "Bearer t"})
    processor = SimpleNamespace(action_endpoint=endpoint)
    agent = SimpleNamespace(action_endpoint=endpoint, processor=processor)
    guard_actions(agent)
    guard = agent.action_endpoint
    assert isinstance(guard, ActionGuard) and processor.action_endpoint is guard
    assert (guard.url, guard.headers) == (endpoint.url, endpoint.headers)
    guard_actions(agent)
    assert agent.action_endpoint is guard, "idempotent"
    agent.processor = SimpleNamespace(action_endpoint=guard)  # a model loaded later
    guard_actions(agent)
    assert agent.processor.action_endpoint is guard
    nothing = SimpleNamespace(action_endpoint=None, processor=None)
    guard_actions(nothing)
    assert nothing.action_endpoint is None


def test_rasa_gives_its_actions_the_endpoint_the_guard_replaces() -> None:
    """Fails when Rasa stops taking action endpoints from the places guard_actions sets."""
    processor = inspect.getsource(MessageProcessor)
    assert processor.count("self.action_endpoint") >= 3
    assert "action_endpoint=self.action_endpoint" in inspect.getsource(Agent.load_model)
    run = inspect.getsource(RemoteAction.run)
    assert "await self.action_endpoint.request(" in run
    assert "if e.status == 400:" in run and "json.loads(e.text)" in run


async def run_through_rasa(url: str, name: str, message_id: str) -> list[Any]:
    """Rasa's own `RemoteAction.run`, with the guard as its action endpoint."""
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events(
        "someone",
        [UserUttered("hallo", intent={"name": "greet", "confidence": 1.0}, message_id=message_id)],
        domain.slots,
    )
    tracker.update(SlotSet("language", "nl"))
    action = RemoteAction(name, ActionGuard(EndpointConfig(url, headers={"X-Token": "t"})))
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    return list(await action.run(CollectingOutputChannel(), nlg, tracker, domain))


async def test_rasas_run_gets_the_answer_the_rejection_or_the_apology() -> None:
    seen: list[str | None] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Token"))
        name = (await request.json())["next_action"]
        if name == "validate_handoff_form":
            return web.json_response({"action_name": name, "error": "no"}, status=400)
        return web.json_response({"events": [{"event": "slot", "name": "language", "value": "fr"}]})

    server, url = await fake_action_server(handler)
    try:
        assert await run_through_rasa(url, "action_estimate", "ok-1") == [SlotSet("language", "fr")]
        with pytest.raises(ActionExecutionRejection):
            await run_through_rasa(url, "validate_handoff_form", "ok-2")
        assert seen == ["t", "t"], "the endpoint's headers go to the action server"
    finally:
        await server.cleanup()
    down = f"http://127.0.0.1:{free_port()}/webhook"
    events = await run_through_rasa(down, "action_estimate", "down-1")
    assert [type(event) for event in events] == [BotUttered, FollowupAction]
    assert events[0].text == text("service.unavailable", "nl")
    assert events[1].action_name == "action_listen"
