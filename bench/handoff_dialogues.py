"""Handoff conversations played through the REST channel of a running assistant, and checked.

A conversation set is a YAML file written without looking at the code::

    language: nl
    conversations:
      - id: nl-company-after-van
        opening: "Kan iemand mij bellen?"      # asks for a person, may hold details
        turns: ["Ik ben Jan Peeters van Acme", "+32 470 12 34 56"]  # in this order
        consent: "ja"                           # the answer to the consent question
        expect: {stored: true, name: Jan Peeters, email: null, phone: "+32470123456",
                 company: Acme}                 # or {stored: false}: no lead at all

The driver sends the opening, then the turns in order. When the assistant asks for consent it
answers `consent`; when it asks the optional question (company, preferred time) and no turn is
left, it presses that question's button (Skip). It stops when the handoff form has ended, or
when the assistant asks for something no turn is left to answer.

The check reads the stored lead (by the `handoff` payload's lead id, and every lead of the
conversation) and the assistant's messages: the right name, email, phone (E.164) and company,
no lead when none is expected, a text answer to every visitor message, and never one message
(or one whole reply) `max_repeats` or more times in a row.
Only the REST channel, the HTTP API (the tracker's `requested_slot`) and the lead database
are used, so the driver measures any version of the assistant.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from bot.leads.store import LeadStore, leads

# The handoff form's questions, as domain.yml names them (tests/test_handoff_dialogues.py
# checks that they still are the form's required slots).
CONSENT_QUESTION = "contact_consent"
OPTIONAL_QUESTION = "contact_extras"
FORM = "handoff_form"
DETAILS = ("name", "email", "phone", "company")
# A conversation that is not over after this many visitor messages is stuck.
MAX_VISITOR_MESSAGES = 20


@dataclass(frozen=True)
class Conversation:
    """One conversation of a set, as written."""

    id: str
    opening: str
    turns: tuple[str, ...]
    consent: str
    expect: dict[str, Any]


@dataclass(frozen=True)
class ConversationSet:
    """A YAML file of conversations in one chat language."""

    path: Path
    language: str
    conversations: tuple[Conversation, ...]


def load_set(path: Path) -> ConversationSet:
    """Read a conversation set; a missing key is an error naming the conversation."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    conversations = []
    for number, item in enumerate(data["conversations"]):
        try:
            conversations.append(
                Conversation(
                    id=str(item["id"]),
                    opening=str(item["opening"]),
                    turns=tuple(str(turn) for turn in item.get("turns") or ()),
                    consent=str(item["consent"]),
                    expect=dict(item["expect"]),
                )
            )
        except KeyError as missing:
            raise ValueError(f"{path}: conversation {number} has no {missing}") from None
    return ConversationSet(path, str(data["language"]), tuple(conversations))


class RestClient:
    """The assistant's REST channel and the tracker, read through its HTTP API."""

    def __init__(self, base: str, token: str, run: str | None = None) -> None:
        self.base = base
        self.token = token
        self.run = run or uuid.uuid4().hex[:8]  # tracker stores persist: new ids per run

    def sender(self, name: str) -> str:
        """The sender id of conversation `name` in this run."""
        return f"{self.run}-{name}"

    def send(self, name: str, text: str, language: str | None = None) -> list[dict[str, Any]]:
        """The assistant's replies to `text` in conversation `name`."""
        body: dict[str, Any] = {"sender": self.sender(name), "message": text}
        if language:
            body["metadata"] = {"language": language}
        replies: list[dict[str, Any]] = self._json("/webhooks/rest/webhook", body)
        return replies

    def tracker(self, name: str) -> dict[str, Any]:
        """The conversation's tracker (slots, active loop)."""
        tracker: dict[str, Any] = self._json(
            f"/conversations/{self.sender(name)}/tracker?token={self.token}"
        )
        return tracker

    def _json(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read().decode())
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{path}: HTTP {error.code} {error.read()[:300]!r}") from None


@dataclass
class Played:
    """What happened in one conversation."""

    conversation: Conversation
    sender: str
    exchanges: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    stuck_on: str | None = None  # the question still open when no turn was left

    def bot_texts(self) -> list[str]:
        """The assistant's text messages, in order."""
        return [r["text"] for _, replies in self.exchanges for r in replies if r.get("text")]

    def bot_replies(self) -> list[str]:
        """The assistant's text replies, one per visitor message (its messages joined)."""
        return [
            " / ".join(r["text"] for r in replies if r.get("text")) for _, replies in self.exchanges
        ]

    def handoff_ids(self) -> list[str]:
        """Lead ids of the `handoff` payloads the assistant sent."""
        return [
            r["custom"]["lead_id"]
            for _, replies in self.exchanges
            for r in replies
            if (r.get("custom") or {}).get("type") == "handoff"
        ]


def play(client: RestClient, conversation: Conversation, language: str) -> Played:
    """Play `conversation` as the module docstring describes."""
    name = conversation.id
    played = Played(conversation, client.sender(name))
    pending = list(conversation.turns)

    def say(text: str) -> list[dict[str, Any]]:
        replies = client.send(name, text, language)
        played.exchanges.append((text, replies))
        return replies

    replies = say(conversation.opening)
    consent_given = False
    while len(played.exchanges) < MAX_VISITOR_MESSAGES:
        tracker = client.tracker(name)
        asked = tracker["slots"].get("requested_slot")
        in_form = (tracker.get("active_loop") or {}).get("name") == FORM
        if in_form and asked == CONSENT_QUESTION and not consent_given:
            replies = say(conversation.consent)
            consent_given = True
        elif pending:
            replies = say(pending.pop(0))
        elif in_form and asked == OPTIONAL_QUESTION and (skip := _button(replies)):
            replies = say(skip)
        else:
            played.stuck_on = asked if in_form else None
            break
    return played


def _button(replies: list[dict[str, Any]]) -> str | None:
    """The payload of the last button offered (the optional question's Skip)."""
    buttons = [button for reply in replies for button in reply.get("buttons") or []]
    return buttons[-1]["payload"] if buttons else None


def leads_of(leads_db: str, sender: str) -> list[dict[str, Any]]:
    """Every lead stored for the conversation `sender`."""
    store = LeadStore(leads_db)
    try:
        with store.engine.connect() as connection:
            ids = connection.execute(
                select(leads.c.id).where(leads.c.conversation_id == sender)
            ).scalars()
            found = [store.get(lead_id) for lead_id in ids]
    finally:
        store.dispose()
    return [lead for lead in found if lead is not None]


def longest_repeat(texts: list[str]) -> tuple[int, str | None]:
    """(length, text) of the longest run of one text in a row."""
    best, best_text, run = 0, None, 0
    for index, message in enumerate(texts):
        run = run + 1 if index and texts[index - 1] == message else 1
        if run > best:
            best, best_text = run, message
    return best, best_text


def repeats(played: Played) -> tuple[int, str | None]:
    """The longest run of one message in a row, or of one whole reply to consecutive messages.

    Both count: "What is your name?" three times in a row, and the same explanation and
    question ("That is no name. / What is your name?") as the reply to three messages.
    """
    return max(
        longest_repeat(played.bot_texts()),
        longest_repeat(played.bot_replies()),
        key=lambda run: run[0],
    )


def _same(detail: str, got: Any, wanted: Any) -> bool:
    if wanted is None or got is None:
        return not got and not wanted
    got, wanted = " ".join(str(got).split()), " ".join(str(wanted).split())
    if detail == "email":
        return got.casefold() == wanted.casefold()
    if detail == "phone":
        wanted = "".join(char for char in wanted if char.isdigit() or char == "+")
    return got == wanted


def check(played: Played, stored: list[dict[str, Any]], max_repeats: int = 3) -> list[str]:
    """What is wrong with a played conversation: one line per mismatch, empty when right."""
    expect = played.conversation.expect
    wrong = []
    if expect.get("stored"):
        if len(stored) != 1:
            wrong.append(f"{len(stored)} leads stored, expected 1")
        if len(played.handoff_ids()) != 1:
            wrong.append(f"{len(played.handoff_ids())} handoff payloads, expected 1")
        if stored:
            lead = stored[-1]
            wrong += [
                f"{detail}: stored {lead.get(detail)!r}, expected {expect.get(detail)!r}"
                for detail in DETAILS
                if not _same(detail, lead.get(detail), expect.get(detail))
            ]
    elif stored or played.handoff_ids():
        wrong.append(f"{len(stored)} leads stored, expected none")
    wrong += [
        f"no answer to {said[:60]!r}"
        for said, replies in played.exchanges
        if not any(reply.get("text") for reply in replies)
    ]
    if played.stuck_on:
        wrong.append(f"still asking {played.stuck_on} when no turn was left")
    length, message = repeats(played)
    if length >= max_repeats:
        wrong.append(f"one message {length} times in a row: {message!r}")
    return wrong


@dataclass
class Outcome:
    """A checked conversation."""

    played: Played
    wrong: list[str]
    repeats: int  # longest run of one message in a row

    @property
    def right(self) -> bool:
        """Whether nothing was wrong."""
        return not self.wrong


def run_set(
    client: RestClient, conversations: ConversationSet, leads_db: str, max_repeats: int = 3
) -> list[Outcome]:
    """Play and check every conversation of a set."""
    outcomes = []
    for conversation in conversations.conversations:
        played = play(client, conversation, conversations.language)
        stored = leads_of(leads_db, played.sender)
        outcomes.append(
            Outcome(
                played,
                check(played, stored, max_repeats),
                repeats(played)[0],
            )
        )
    return outcomes


def transcript(played: Played) -> str:
    """The conversation as text, for a failure message."""
    lines = []
    for said, replies in played.exchanges:
        lines.append(f"  visitor: {said}")
        lines += [f"  bot:     {r['text']}" for r in replies if r.get("text")]
    return "\n".join(lines)
