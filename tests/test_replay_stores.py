"""Nothing changes for the visitor: whole conversations replayed with Rasa's stores and ours.

Two stacks of this checkout (action server and Rasa) run side by side: one with Rasa's own
SQL tracker store (so neither stores/tracker_store.py nor the replacements of
stores/remote_action.py are loaded), one with endpoints.yml as `make run` writes it. The same
conversations, in three languages (re-pricing, questions, a language switch, a handoff with
consent), must get the same replies, payloads included, and leave the same events and the
same lead. The stock stack's action server gets every event of the conversation, ours the brief
events of stores/action_events.py: the lead's transcript shows the earlier turns arrive.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from bench.conversations import messages
from bench.load_stack import Stack, post_json
from tests.leads_support import free_port
from tests.test_running_assistant import HANDOFF, ROOT

pytestmark = pytest.mark.slow

EXTRA = {
    "en": [
        "hello",
        "what is the start-up fee?",
        "and compared with doing it in-house?",
        "Nederlands graag",
        "dank je",
    ],
    "fr": [
        "bonjour",
        "c'est quoi les frais de gestion ?",
        "et par rapport à l'interne ?",
        "in English please",
        "thanks",
    ],
    "nl": [
        "hallo",
        "wat is de opstartkost?",
        "en vergeleken met zelf doen?",
        "en français s'il vous plaît",
        "merci",
    ],
}


def conversation(language: str) -> list[str]:
    return [
        *itertools.islice(messages(language), 8),
        *EXTRA[language],
        *HANDOFF[language][0],
    ]


@pytest.fixture(scope="module")
def stacks() -> Iterator[tuple[Stack, Stack]]:
    env = {"OFFICE_HOURS": "mon-sun 00:00-23:59"}  # the same promise whenever this runs
    stock = Stack(ROOT, free_port(), free_port(), "stock", stock_stores=True, env=env)
    ours = Stack(ROOT, free_port(), free_port(), "ours", env=env)
    try:
        stock.start()
        ours.start()
        yield stock, ours
    finally:
        stock.stop()
        ours.stop()


def normalised(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replies with the one thing that differs by design: the new lead's id."""
    out = json.loads(json.dumps(replies))
    for reply in out:
        if (reply.get("custom") or {}).get("type") == "handoff":
            reply["custom"]["lead_id"] = "<lead id>"
    return out


def stored_events(stack: Stack, sender: str) -> list[tuple[Any, ...]]:
    """What the tracker database holds of a conversation: each event's kind, name and text."""
    assert stack.data_dir is not None
    db = sqlite3.connect(stack.data_dir / "tracker.db")
    try:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    finally:
        db.close()
    events = [json.loads(data) for (data,) in rows]
    return [(e["event"], e.get("name"), e.get("text"), e.get("value")) for e in events]


def stored_lead(stack: Stack, sender: str) -> dict[str, Any]:
    """The conversation's one lead as stored, but its ids and times; the transcript's words."""
    assert stack.data_dir is not None
    db = sqlite3.connect(stack.data_dir / "leads.sqlite3")
    db.row_factory = sqlite3.Row
    try:
        rows = db.execute("SELECT * FROM leads WHERE conversation_id = ?", (sender,)).fetchall()
    finally:
        db.close()
    assert len(rows) == 1, f"{len(rows)} leads for {sender}"
    lead = dict(rows[0])
    said = [turn["text"] for turn in json.loads(lead["transcript"])]
    assert said == conversation(sender.rsplit("-", 1)[-1])
    skipped = {"id", "dedupe_key", "created_at", "consented_at", "transcript"}
    return {key: value for key, value in lead.items() if key not in skipped} | {"said": said}


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_same_conversation_gets_the_same_replies(
    stacks: tuple[Stack, Stack], language: str
) -> None:
    stock, ours = stacks
    sender = f"replay-{language}"
    for text in conversation(language):
        body = {"sender": sender, "message": text, "metadata": {"language": language}}
        expected = post_json(f"{stock.url}/webhooks/rest/webhook", body)
        got = post_json(f"{ours.url}/webhooks/rest/webhook", body)
        assert expected, f"no reply to {text!r}"
        assert normalised(got) == normalised(expected), text
    assert stored_events(ours, sender) == stored_events(stock, sender)
    assert stored_lead(ours, sender) == stored_lead(stock, sender)
