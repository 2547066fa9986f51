"""Faults against the running assistant (`make run`), on PostgreSQL through cuttable proxies.

The action server killed or frozen mid-conversation, the Rasa server killed, the tracker
database and the lead database made unreachable: the visitor always gets an answer in the chat
language, and the conversation goes on with every slot once the service is back.

Slow: the assistant starts once for this module (about a minute), Rasa restarts once more.
"""

from __future__ import annotations

import json
import os
import signal
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.running import AssistantDidNotStart, running_assistant
from bot.messages import text as catalogue_text
from tests.assistant_support import wait_replies
from tests.leads_support import free_port, postgres_url
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

PORTS = {name: str(free_port()) for name in ("RASA_PORT", "ACTIONS_PORT", "WEB_PORT")}
TOKEN = "faults-token-not-secret"
RUN = uuid.uuid4().hex[:8]
BASE = f"http://127.0.0.1:{PORTS['RASA_PORT']}"
COMPANY_PHONE, COMPANY_EMAIL = "+31 (0)85 8884661", "info@spangenbergGroep.nl"

OPENING = ["Combien coûterait un support multilingue 24h/24 et 7j/7 ?", "environ 3000 par mois"]
LANGUAGES_TURN = "français et néerlandais"
APOLOGY = catalogue_text("service.unavailable", "fr")


@pytest.fixture(scope="module")
def databases() -> Iterator[dict[str, Any]]:
    """Tracker and lead schemas on the test PostgreSQL, each behind a proxy of its own."""
    url = make_url(postgres_url())
    admin = create_engine(url)
    schemas = {kind: f"{kind}_{RUN}" for kind in ("tracker", "leads")}
    with admin.begin() as connection:
        for schema in schemas.values():
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    proxies = {kind: TcpProxy(url.host or "127.0.0.1", url.port or 5432) for kind in schemas}
    urls = {
        kind: url.set(host="127.0.0.1", port=proxies[kind].port)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
        for kind, schema in schemas.items()
    }
    try:
        yield {"urls": urls, "proxies": proxies}
    finally:
        for proxy in proxies.values():
            proxy.close()
        with admin.begin() as connection:
            for schema in schemas.values():
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def assistant(databases: dict[str, Any]) -> Iterator[Path]:
    env = {
        **PORTS,
        "RASA_TOKEN": TOKEN,
        "TRACKER_DB_URL": databases["urls"]["tracker"],
        "LEADS_DB_URL": databases["urls"]["leads"],
    }
    log = ROOT / "var" / "test-faults.log"
    try:
        with running_assistant(env, log):
            yield log
    except AssistantDidNotStart as error:
        pytest.fail(str(error))


def send(
    sender: str, message: str, language: str | None = "fr"
) -> tuple[int, list[dict[str, Any]], float]:
    body: dict[str, Any] = {"sender": f"{RUN}-{sender}", "message": message}
    if language:
        body["metadata"] = {"language": language}
    request = urllib.request.Request(
        f"{BASE}/webhooks/rest/webhook",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as reply:
        return reply.status, json.loads(reply.read()), time.monotonic() - started


def get(path: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(f"{BASE}{path}", timeout=30) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def slots(sender: str) -> dict[str, Any]:
    status, tracker = get(f"/conversations/{RUN}-{sender}/tracker?token={TOKEN}")
    assert status == 200
    values: dict[str, Any] = tracker["slots"]
    return values


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [r.get("text", "") for r in replies]


def estimate(replies: list[dict[str, Any]]) -> dict[str, Any] | None:
    found = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "estimate"]
    return found[0] if found else None


def child_pid(port: str, program: str) -> int:
    """The pid of the service listening on `port` (not its supervisor)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = [a.decode() for a in (entry / "cmdline").read_bytes().split(b"\0") if a]
        except OSError:
            continue
        if "supervise.py" in " ".join(argv) or "--port" not in argv:
            continue
        if argv[argv.index("--port") + 1] == port and any(program in a for a in argv[:3]):
            return int(entry.name)
    raise AssertionError(f"no {program} on port {port}")


def answered_normally(sender: str, message: str, tries: int = 5) -> list[dict[str, Any]]:
    """Send `message` until it is not the apology (the guard pauses a little after a failure)."""
    for _ in range(tries):
        replies = send(sender, message, language=None)[1]
        if APOLOGY not in texts(replies):
            return replies
        time.sleep(3)
    raise AssertionError(f"{message!r} still gets the apology")


def ready() -> bool:
    try:
        return get("/webhooks/health/ready")[0] == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not within {timeout} s"
        time.sleep(0.5)


def action_server_up() -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORTS['ACTIONS_PORT']}/health", timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def test_a_killed_action_server_gets_an_apology_then_a_normal_estimate(assistant: Path) -> None:
    status, replies, _ = send("killed-actions", OPENING[0])
    assert status == 200 and replies
    os.kill(child_pid(PORTS["ACTIONS_PORT"], "actions.server"), signal.SIGKILL)
    status, replies, took = send("killed-actions", OPENING[1], language=None)
    assert status == 200 and took < 5
    assert texts(replies).count(APOLOGY) == 1, replies

    wait_until(action_server_up, 120, "the action server's restart")
    assert (
        "[run] the action server exited (signal SIGKILL); restarting it in" in assistant.read_text()
    )
    answered_normally("killed-actions", OPENING[1])  # the visitor sends it again
    payload = estimate(send("killed-actions", LANGUAGES_TURN, language=None)[1])
    assert payload is not None and payload["language"] == "fr"
    assert payload["scenario"]["coverage"] == "24_7"
    assert payload["scenario"]["monthly_contacts"] == 3000


def test_a_frozen_action_server_gets_an_apology_within_five_seconds(assistant: Path) -> None:
    wait_until(action_server_up, 120, "the action server")
    send("frozen-actions", OPENING[0])
    pid = child_pid(PORTS["ACTIONS_PORT"], "actions.server")
    os.kill(pid, signal.SIGSTOP)
    try:
        status, replies, took = send("frozen-actions", OPENING[1], language=None)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert status == 200 and took < 5
    assert texts(replies).count(APOLOGY) == 1, replies
    assert slots("frozen-actions")["coverage"] == "24_7"
    answered_normally("frozen-actions", OPENING[1])
    payload = estimate(send("frozen-actions", LANGUAGES_TURN, language=None)[1])
    assert payload is not None and payload["scenario"]["monthly_contacts"] == 3000


def test_a_restarted_rasa_server_resumes_rest_and_socketio_conversations(assistant: Path) -> None:
    import socketio  # python-socketio: the widget's protocol

    for text_ in OPENING:
        send("restart-rest", text_)
    widget = f"{RUN}-restart-widget"
    replies: list[dict[str, Any]] = []

    def widget_client() -> Any:
        client = socketio.Client()
        client.on("bot_uttered", replies.append)
        client.connect(
            BASE,
            headers={"Origin": f"http://localhost:{PORTS['WEB_PORT']}"},
            transports=["polling"],
        )
        client.emit("session_request", {"session_id": widget})
        return client

    def say(client: Any, message: str) -> list[dict[str, Any]]:
        replies.clear()
        client.emit(
            "user_uttered",
            {"message": message, "session_id": widget, "customData": {"language": "nl"}},
        )
        assert wait_replies(replies, timeout=60), "the widget got no reply"
        return list(replies)

    client = widget_client()
    say(client, "Wat kost meertalige klantenservice 24/7?")
    say(client, "ongeveer 3000 per maand")
    client.disconnect()

    os.kill(child_pid(PORTS["RASA_PORT"], "rasa"), signal.SIGKILL)
    time.sleep(2)  # the supervisor's delay: not the old server answering
    wait_until(ready, 600, "Rasa's restart")
    assert (
        "[run] the Rasa server exited (signal SIGKILL); restarting it in" in assistant.read_text()
    )

    kept = slots("restart-rest")
    assert (
        kept["coverage"] == "24_7" and kept["monthly_contacts"] == 3000 and kept["language"] == "fr"
    )
    payload = estimate(send("restart-rest", LANGUAGES_TURN, language=None)[1])
    assert payload is not None and payload["scenario"]["support_languages"] == ["fr", "nl"]

    client = widget_client()  # the widget reconnects with its session id
    try:
        answer = say(client, "Frans en Nederlands")
    finally:
        client.disconnect()
    payloads = [r["custom"] for r in answer if "custom" in r]
    assert payloads and payloads[0]["language"] == "nl"
    assert (
        payloads[0]["scenario"]["monthly_contacts"] == 3000
        and payloads[0]["scenario"]["coverage"] == "24_7"
    )


def test_an_unreachable_tracker_database_fails_readiness_and_keeps_nothing_in_memory(
    assistant: Path, databases: dict[str, Any]
) -> None:
    send("tracker-down", OPENING[0])
    assert get("/webhooks/health/ready")[0] == 200
    proxy: TcpProxy = databases["proxies"]["tracker"]
    proxy.cut()
    try:
        status, body = get("/webhooks/health/ready")
        assert status == 503 and body["tracker_store"] is False
        status, replies, took = send("tracker-down", OPENING[1], language="fr")
        assert status == 200 and took < 5
        assert texts(replies) == [catalogue_text("service.store_down", "fr")]
    finally:
        proxy.restore()
    wait_until(ready, 60, "readiness after the database came back")
    kept = slots("tracker-down")
    assert kept["coverage"] == "24_7" and kept["language"] == "fr"
    status, tracker = get(f"/conversations/{RUN}-tracker-down/tracker?token={TOKEN}")
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert said == [OPENING[0]], "the refused message was not kept, in memory or elsewhere"
    send("tracker-down", OPENING[1])
    payload = estimate(send("tracker-down", LANGUAGES_TURN)[1])
    assert payload is not None and payload["scenario"]["monthly_contacts"] == 3000


HANDOFF = [
    "Combien coûte un support 24h/24 ?",
    "Pouvez-vous me rappeler ? Je m'appelle Luc Martin, 06 12 34 56 78",
    "passer",
]


def test_an_unreachable_lead_database_is_said_honestly(
    assistant: Path, databases: dict[str, Any]
) -> None:
    for text_ in HANDOFF:
        send("lead-down", text_)
    proxy: TcpProxy = databases["proxies"]["leads"]
    proxy.cut()
    try:
        _, replies, _ = send("lead-down", "oui")
    finally:
        proxy.restore()
    said = " ".join(texts(replies))
    assert COMPANY_PHONE in said and COMPANY_EMAIL in said
    assert not any((r.get("custom") or {}).get("type") == "handoff" for r in replies)
    engine = create_engine(databases["urls"]["leads"])
    try:

        def stored() -> int:
            with engine.connect() as connection:
                return int(
                    connection.execute(
                        text("SELECT count(*) FROM leads WHERE conversation_id = :c"),
                        {"c": f"{RUN}-lead-down"},
                    ).scalar_one()
                )

        assert stored() == 0, "nothing is claimed or kept as stored"
        handoffs: list[dict[str, Any]] = []
        for _ in range(
            3
        ):  # the offer stands: "oui" tries again (a broken pooled link may fail once)
            replies = send("lead-down", "oui")[1]
            handoffs = [
                r["custom"] for r in replies if (r.get("custom") or {}).get("type") == "handoff"
            ]
            if handoffs:
                break
        assert handoffs and stored() == 1
    finally:
        engine.dispose()
