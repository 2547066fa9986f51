"""Two Rasa instances behind HAProxy, on PostgreSQL and Redis (`make run-cluster`), under load.

50 concurrent conversations (REST, and a few over Socket.IO), more than 1,000 messages, through
the load balancer; in the middle, one Rasa instance is killed for good (its supervisor too).
Then every conversation must have gone on on the other instance with every slot, and each
stored tracker must hold exactly the messages the test sent, once each and in order, with the
replies the test received; every handoff must have given exactly one lead.

A message whose request died with the instance (HTTP 502) is looked up in the stored tracker:
if it was stored, its replies are read from there; if not, it is sent again. That is what a
careful client does, and it is the only way the test can tell a lost message from a lost reply.

Slow: the cluster starts in one to a few minutes; the load takes one to two more.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bench.running import AssistantDidNotStart, running_script
from tests.assistant_support import wait_replies
from tests.conversations import MULTILINGUAL_24_7
from tests.leads_support import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "cluster-test-token"
RUN = uuid.uuid4().hex[:8]
CONVERSATIONS = 50
# Socket.IO visitors in the load (the widget's transport, long-polling through HAProxy). In two
# earlier runs they stalled at their estimate turn; not seen since the action guard stopped
# pausing for everyone after one lost connection (docs/service.md), the likely cause.
SOCKETIO_CONVERSATIONS = 5
KILL_AFTER_MESSAGES = 400
READY_TIMEOUT_S = 900
RETRY_FOR_S = 300  # a message that got no answer is looked up and sent again for so long
LANGUAGES = ("fr", "nl", "en")

# Each conversation: an estimate in three turns, questions that change no parameter, then a
# request for a person with the details in it and consent: one lead. 21 turns.
QUESTIONS = {
    "en": [
        "what does the start-up fee cover?",
        "which forms of outsourcing do you offer?",
        "are you a bot?",
        "what is included in the management fee?",
        "thanks",
    ],
    "fr": [
        "que couvrent les frais de démarrage ?",
        "quelles formules proposez-vous ?",
        "êtes-vous un robot ?",
        "que comprennent les frais de gestion ?",
        "merci",
    ],
    "nl": [
        "wat dekken de opstartkosten?",
        "welke vormen van uitbesteding zijn er?",
        "ben je een bot?",
        "wat valt er onder de beheerkosten?",
        "bedankt",
    ],
}
HANDOFF = {
    "en": ["Can someone call me back? I'm Tom Baker, +32 470 12 34 56", "skip", "yes"],
    "fr": ["Pouvez-vous me rappeler ? Je m'appelle Luc Martin, 06 12 34 56 78", "passer", "oui"],
    "nl": ["Kunt u mij terugbellen? Ik ben Anna de Groot, 043 123 45 67", "overslaan", "ja"],
}
EXPECTED_SLOTS = {
    "monthly_contacts": 3000,
    "coverage": "24_7",
    "support_languages": ["fr", "nl"],
}


def script(language: str) -> list[str]:
    turns = MULTILINGUAL_24_7[language] + QUESTIONS[language] * 3 + HANDOFF[language]
    assert len(turns) == 21
    return turns


# --- The cluster ----------------------------------------------------------------------------


@dataclass
class Cluster:
    url: str
    instance_ports: tuple[int, int]
    process: subprocess.Popen[bytes]
    log: Path

    def kill_instance(self, number: int) -> int:
        """SIGKILL Rasa instance `number`; its supervisor is stopped (SIGSTOP), so that the
        instance stays down (a supervisor that exits would stop the whole cluster, by design).
        Returns the supervisor's pid, to SIGCONT it once the test is done."""
        port = str(self.instance_ports[number - 1])
        supervisors = [
            pid
            for pid, argv in processes()
            if "supervise.py" in " ".join(argv) and f"Rasa instance {number}" in argv
        ]
        instances = [
            pid
            for pid, argv in processes()
            if any(a.endswith("/rasa") for a in argv[:2])
            and "--port" in argv
            and argv[argv.index("--port") + 1] == port
        ]
        assert len(supervisors) == 1 and len(instances) == 1, (supervisors, instances)
        os.kill(supervisors[0], signal.SIGSTOP)
        os.kill(instances[0], signal.SIGKILL)
        return supervisors[0]


def processes() -> Iterator[tuple[int, list[str]]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            yield int(entry.name), [a.decode(errors="replace") for a in argv if a]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    lb, rasa1, rasa2, actions, web = (free_port() for _ in range(5))
    env = {
        "LB_PORT": str(lb),
        "RASA_INSTANCE_PORTS": f"{rasa1} {rasa2}",
        "ACTIONS_PORT": str(actions),
        "WEB_PORT": str(web),
        "RASA_TOKEN": TOKEN,
        "STARTUP_TIMEOUT": str(READY_TIMEOUT_S),
        # The load test checks ordering and loss, not the limits (tests/test_service_layer.py):
        # no rate limit, and no deadline apology on a machine this loaded.
        "RATE_LIMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_BURST": "1000",
        "REPLY_DEADLINE_SECONDS": "60",
        "ACTION_TIMEOUT_SECONDS": "50",
    }
    # The cluster starts its own PostgreSQL and Redis (empty means unset).
    env.update({own: "" for own in ("TRACKER_DB_URL", "REDIS_URL", "LEADS_DB_URL", "SMTP_HOST")})
    ports = (rasa1, rasa2)
    log = ROOT / "var" / "test-cluster.log"
    try:
        with running_script(
            "scripts/cluster.sh", env, log, "The cluster is ready", READY_TIMEOUT_S + 120
        ) as process:
            yield Cluster(f"http://127.0.0.1:{lb}", ports, process, log)
    except AssistantDidNotStart as error:
        pytest.fail(str(error))


def cluster_env() -> dict[str, str]:
    values = {}
    for line in (ROOT / "var" / "cluster.env").read_text().splitlines():
        name, _, value = line.partition("=")
        values[name] = value.strip("'\"")
    return values


# --- One conversation -----------------------------------------------------------------------


@dataclass
class Turn:
    seq: int
    text: str
    replies: list[dict[str, Any]] | None = None  # None: recovered from the tracker
    served_by: str | None = None
    attempts: int = 1
    after_kill: bool = False  # sent after the instance was killed
    before_kill: bool = False  # answered before the instance was killed


@dataclass
class Conversation:
    sender: str
    language: str
    channel: str
    turns: list[Turn] = field(default_factory=list)


class Load:
    """Sends the conversations; counts messages, so the test knows when to kill."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.sent = 0
        self.lock = threading.Lock()
        self.killed = threading.Event()

    def count(self) -> None:
        with self.lock:
            self.sent += 1

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any, str | None]:
        request = urllib.request.Request(
            self.cluster.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=180) as reply:
                return reply.status, json.loads(reply.read()), reply.headers.get("X-Served-By")
        except urllib.error.HTTPError as error:
            return error.code, None, None
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, None, None

    def tracker(self, sender: str) -> dict[str, Any]:
        url = f"{self.cluster.url}/conversations/{sender}/tracker?token={TOKEN}"
        for _ in range(60):
            try:
                with urllib.request.urlopen(url, timeout=60) as reply:
                    data: dict[str, Any] = json.loads(reply.read())
                    return data
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(1)
        raise AssertionError(f"no tracker for {sender}")

    def stored_seqs(self, sender: str) -> list[int]:
        return [
            event["metadata"]["test_seq"]
            for event in self.tracker(sender)["events"]
            if event["event"] == "user" and "test_seq" in (event.get("metadata") or {})
        ]

    def rest(self, conversation: Conversation) -> None:
        for seq, text_ in enumerate(script(conversation.language)):
            turn = Turn(seq, text_, after_kill=self.killed.is_set())
            body = {
                "sender": conversation.sender,
                "message": text_,
                "metadata": {"language": conversation.language, "test_seq": seq},
            }
            give_up = time.monotonic() + RETRY_FOR_S
            while True:
                status, replies, served_by = self.post("/webhooks/rest/webhook", body)
                if status == 200:
                    turn.replies, turn.served_by = replies, served_by
                    turn.before_kill = not self.killed.is_set()
                    break
                # The request died with an instance: was the message kept?
                if seq in self.stored_seqs(conversation.sender):
                    break  # yes: its replies are in the tracker
                turn.attempts += 1
                assert time.monotonic() < give_up, f"{conversation.sender} turn {seq}: {status}"
                time.sleep(1)
            conversation.turns.append(turn)
            self.count()

    def stored_replies(self, sender: str, seq: int) -> list[dict[str, Any]] | None:
        """The bot messages stored after message `seq`, or None while it is not stored."""
        for user, bots in turns_in(self.tracker(sender)["events"]):
            if (user.get("metadata") or {}).get("test_seq") == seq:
                return bots
        return None

    def socketio(self, conversation: Conversation) -> None:
        """The widget's transport, as a careful client uses it.

        Socket.IO replies name no message they answer, and a turn's replies can come seconds
        apart on a loaded machine: a client that moved on after a quiet moment took the rest
        for the next turn's, and a message still queued when its instance died was then never
        sent again (the conversation lost it). So each message is confirmed in the stored
        tracker before the next one is sent, and its replies are those the tracker holds for it;
        a message not stored when its socket died is sent again on a new socket.
        """
        import socketio  # python-socketio, installed with Rasa

        replies: list[dict[str, Any]] = []
        client = socketio.Client(reconnection=False)
        client.on("bot_uttered", replies.append)

        def connect() -> None:
            """A new socket (as the widget does after losing one), then its session again."""
            if client.connected:
                client.disconnect()
            try:
                client.connect(self.cluster.url, transports=["polling"], wait_timeout=30)
                client.emit("session_request", {"session_id": conversation.sender})
            except socketio.exceptions.ConnectionError:
                time.sleep(1)

        connect()
        try:
            for seq, text_ in enumerate(script(conversation.language)):
                turn = Turn(seq, text_, after_kill=self.killed.is_set())
                give_up = time.monotonic() + RETRY_FOR_S
                while True:
                    replies.clear()
                    stored = None
                    if client.connected:
                        client.emit(
                            "user_uttered",
                            {
                                "message": text_,
                                "session_id": conversation.sender,
                                "customData": {"language": conversation.language, "test_seq": seq},
                            },
                        )
                        stored = self.confirmed(conversation.sender, seq, client)
                    if stored is None:
                        stored = self.stored_replies(conversation.sender, seq)
                    if stored is not None:
                        turn.replies = self.delivered(replies, stored)
                        break
                    turn.attempts += 1
                    assert time.monotonic() < give_up, f"{conversation.sender} turn {seq}: no reply"
                    connect()
                conversation.turns.append(turn)
                self.count()
        finally:
            client.disconnect()

    def confirmed(self, sender: str, seq: int, client: Any) -> list[dict[str, Any]] | None:
        """The stored replies of message `seq` once stored; None if its socket died first."""
        deadline = time.monotonic() + RETRY_FOR_S
        while time.monotonic() < deadline:
            stored = self.stored_replies(sender, seq)
            if stored is not None:
                return stored
            if not client.connected:
                return None
            time.sleep(0.5)
        return None

    @staticmethod
    def delivered(
        replies: list[dict[str, Any]], stored: list[dict[str, Any]]
    ) -> list[dict[str, Any]] | None:
        """What the socket got for a stored turn: all its replies, or None (a lost socket's)."""
        wait_replies(replies, timeout=10, quiet=1)  # the last ones may still be on their way
        return list(replies) if len(replies) >= len(stored) else None

    def run(self, conversation: Conversation) -> Conversation:
        (self.socketio if conversation.channel == "socketio" else self.rest)(conversation)
        return conversation


# --- Comparing the stored trackers with what was sent and received --------------------------


def turns_in(events: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(user event, bot events after it) for each user message of a tracker."""
    turns: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event, []))
        elif event["event"] == "bot" and turns:
            turns[-1][1].append(event)
    return turns


def reply_shape(reply: dict[str, Any]) -> tuple[str | None, str | None]:
    """What a reply says: its text and custom payload (REST and Socket.IO shapes)."""
    custom = reply.get("custom")
    return reply.get("text"), json.dumps(custom, sort_keys=True) if custom else None


def bot_shape(event: dict[str, Any]) -> tuple[str | None, str | None]:
    custom = (event.get("data") or {}).get("custom")
    return event.get("text"), json.dumps(custom, sort_keys=True) if custom else None


def test_a_socketio_conversation_stays_on_one_instance(cluster: Cluster) -> None:
    """Through the load balancer: every polling request of a socket goes to one instance."""
    import socketio  # python-socketio, installed with Rasa

    replies: list[dict[str, Any]] = []
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.append)
    client.connect(cluster.url, transports=["polling"], wait_timeout=30)
    engine_sid = client.eio.sid  # the ?sid= of the socket's polling requests
    sender = f"{RUN}-sticky"
    try:
        client.emit("session_request", {"session_id": sender})
        for text_ in MULTILINGUAL_24_7["nl"][:2]:
            replies.clear()
            client.emit(
                "user_uttered",
                {"message": text_, "session_id": sender, "customData": {"language": "nl"}},
            )
            assert wait_replies(replies, timeout=120), text_
    finally:
        client.disconnect()
    log = (ROOT / "var" / "log" / "cluster-haproxy.log").read_text()
    sid_lines = [line for line in log.splitlines() if "socket.io" in line and "sid=" in line]
    served = {line.split()[3] for line in sid_lines if f"sid={engine_sid}" in line}
    assert len(served) == 1 and len(sid_lines) >= 4, served
    with urllib.request.urlopen(f"{cluster.url}/conversations/{sender}/tracker?token={TOKEN}") as r:
        status, tracker = r.status, json.loads(r.read())
    assert status == 200 and tracker["slots"]["monthly_contacts"] == 3000


def test_fifty_conversations_survive_losing_an_instance(cluster: Cluster) -> None:
    load = Load(cluster)
    conversations = [
        Conversation(
            f"{RUN}-c{number:02d}",
            LANGUAGES[number % 3],
            "socketio" if number < SOCKETIO_CONVERSATIONS else "rest",
        )
        for number in range(CONVERSATIONS)
    ]
    with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
        futures = [pool.submit(load.run, conversation) for conversation in conversations]
        while load.sent < KILL_AFTER_MESSAGES and not all(f.done() for f in futures):
            time.sleep(0.2)
        killed_at = load.sent
        supervisor = cluster.kill_instance(1)
        load.killed.set()
        try:
            results = [future.result(timeout=1200) for future in futures]
        finally:
            os.kill(supervisor, signal.SIGCONT)  # it restarts the instance; the cluster stops next

    total = sum(len(c.turns) for c in results)
    assert len(results) == CONVERSATIONS
    assert total >= 1000 and KILL_AFTER_MESSAGES <= killed_at < total
    rest = [c for c in results if c.channel == "rest"]
    # Before the kill each REST conversation stayed on one instance, and both instances served;
    # after it, everything went to the other one.
    before = {
        c.sender: {t.served_by for t in c.turns if t.served_by and t.before_kill} for c in rest
    }
    assert all(len(servers) == 1 for servers in before.values()), before
    assert {s for servers in before.values() for s in servers} == {"rasa1", "rasa2"}
    after = {t.served_by for c in rest for t in c.turns if t.served_by and t.after_kill}
    assert after == {"rasa2"}, after

    engine = create_engine(cluster_env()["LEADS_DB_URL"])
    try:
        for conversation in results:
            tracker = load.tracker(conversation.sender)
            slots = tracker["slots"]
            assert slots["language"] == conversation.language
            for name, value in EXPECTED_SLOTS.items():
                assert slots[name] == value, (conversation.sender, name, slots[name])

            stored = turns_in(tracker["events"])
            sent = [t.text for t in conversation.turns]
            assert [user["text"] for user, _ in stored] == sent, conversation.sender
            assert [user["metadata"]["test_seq"] for user, _ in stored] == list(range(len(sent)))
            for turn, (_, bots) in zip(conversation.turns, stored, strict=True):
                if turn.replies is not None:  # replies the visitor got are the stored ones
                    assert [reply_shape(r) for r in turn.replies] == [bot_shape(b) for b in bots], (
                        conversation.sender,
                        turn.seq,
                    )

            handoffs = [
                json.loads(custom)["lead_id"]
                for _, bots in stored
                for _, custom in map(bot_shape, bots)
                if custom and json.loads(custom).get("type") == "handoff"
            ]
            assert len(handoffs) == 1, (conversation.sender, handoffs)
            with engine.connect() as connection:
                leads = (
                    connection.execute(
                        text("SELECT id FROM leads WHERE conversation_id = :c"),
                        {"c": conversation.sender},
                    )
                    .scalars()
                    .all()
                )
            assert leads == handoffs, conversation.sender
    finally:
        engine.dispose()
