"""The message catalogue (bot/messages.yml): texts that actions compose, in fr, nl and en.

Fixed replies are domain responses; a text that carries figures is assembled here from the
catalogue, so that every wording still lives in one file per kind and in all three
languages. A missing key or language is a bug, caught by the tests, not at run time.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from bot.names import DEFAULT_LANGUAGE, LOCALES

CATALOGUE = Path(__file__).with_name("messages.yml")


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The whole catalogue, read once."""
    data: dict[str, Any] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return data


def text(key: str, language: str | None, **values: Any) -> str:
    """The text at dotted `key` in the chat language, with `values` filled in."""
    node: Any = catalogue()
    for part in key.split("."):
        node = node[part]
    template = node[language if language in LOCALES else DEFAULT_LANGUAGE]
    return str(template).format(**values)


def _locale(language: str | None) -> Locale:
    return Locale.parse(LOCALES.get(language or DEFAULT_LANGUAGE, LOCALES[DEFAULT_LANGUAGE]))


def language_name(code: str, language: str | None) -> str:
    """A language's name in the chat language ("nl" -> "néerlandais", "Nederlands", "Dutch")."""
    return str(_locale(language).languages.get(code, code))


def country_name(code: str, language: str | None) -> str:
    """A country's name in the chat language ("BE" -> "Belgique", "België", "Belgium")."""
    return str(_locale(language).territories.get(code, code))


def enumerate_items(items: list[str], language: str | None) -> str:
    """ "a", "a and b", "a, b and c" in the chat language."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('and', language)} {items[-1]}"
