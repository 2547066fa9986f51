"""Scripted visitors for `make bench-load` and the replay test: conversations that re-price.

Every conversation asks a fully specified price first (priced at once), then keeps refining
one parameter per message (volume, opening hours, languages), so that every message after the
first ends in a new estimate: the most expensive turn the assistant has.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp

OPENERS = {
    "en": "What would 24/7 support in French and Dutch cost for 3000 contacts a month?",
    "fr": "Combien coûte un support 24/7 en français et en néerlandais pour 3000 contacts "
    "par mois ?",
    "nl": "Wat kost 24/7 support in het Frans en Nederlands voor 3000 contacten per maand?",
}
REFINEMENTS = {
    "en": ["and with {n} contacts a month?", "and only in office hours?", "make it {n} contacts",
           "what about 24/7?", "and in English and German?"],
    "fr": ["et avec {n} contacts par mois ?", "et seulement en heures de bureau ?",
           "disons {n} contacts", "et en 24/7 ?", "et en anglais et en allemand ?"],
    "nl": ["en met {n} contacten per maand?", "en alleen tijdens kantooruren?",
           "maak er {n} contacten van", "en 24/7?", "en in het Engels en Duits?"],
}


def messages(language: str = "en") -> Iterator[str]:
    """An endless re-pricing conversation in `language`: the opener, then refinements."""
    yield OPENERS[language]
    volumes = itertools.cycle(range(2000, 9000, 250))
    for template in itertools.cycle(REFINEMENTS[language]):
        yield template.format(n=next(volumes))


def is_estimate(replies: list[dict[str, Any]]) -> bool:
    """Whether a REST reply carries the estimate payload of SPEC section 4."""
    return any((reply.get("custom") or {}).get("type") == "estimate" for reply in replies)


@dataclass
class Turn:
    """One message of a visitor as the load generator saw it."""

    conversation: str
    position: int  # 1 for the first message of the conversation
    seconds: float
    ok: bool
    repriced: bool


async def send(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, language: str
) -> tuple[bool, list[dict[str, Any]]]:
    """Post one message to the REST channel; (ok, replies). Empty replies are an error."""
    body = {"sender": sender, "message": text, "metadata": {"language": language}}
    try:
        async with session.post(f"{url}/webhooks/rest/webhook", json=body) as response:
            if response.status != 200:
                return False, []
            replies: list[dict[str, Any]] = await response.json()
    except (aiohttp.ClientError, TimeoutError):
        return False, []
    return bool(replies), replies


async def timed_turn(
    session: aiohttp.ClientSession, url: str, sender: str, position: int, text: str,
    language: str,
) -> Turn:
    started = time.perf_counter()
    ok, replies = await send(session, url, sender, text, language)
    return Turn(sender, position, time.perf_counter() - started, ok, is_estimate(replies))
