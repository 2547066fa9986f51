"""Refinements of the list parameters (channels, support languages): add, remove or replace.

NLU marks each channel or language it reads with a role (bot/extraction/scenario.py): ADDED
("et si on ajoute le chat ?"), REMOVED ("zonder Engels") or none (a plain statement, "only
email after all"). This module applies the roles to the list the visitor had; which list that
is (the slot, or the defaults the last estimate assumed) is the caller's to say.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.names import ADDED, REMOVED


def has_refinement(entities: Iterable[dict[str, Any]], slot: str) -> bool:
    """Whether the message adds a value to the list `slot` or takes one off it."""
    return any(
        entity.get("entity") == slot and entity.get("role") in (ADDED, REMOVED)
        for entity in entities
    )


def revised_list(current: list[str], entities: Iterable[dict[str, Any]], slot: str) -> list[str]:
    """The list `slot` after this message: the values named without a role replace `current`
    ("French and also Dutch" is both), then the added ones join, then the removed ones go."""
    named = [entity for entity in entities if entity.get("entity") == slot]
    stated = [entity["value"] for entity in named if entity.get("role") is None]
    added = [entity["value"] for entity in named if entity.get("role") == ADDED]
    removed = {entity["value"] for entity in named if entity.get("role") == REMOVED}
    values = [*(stated or current), *added]
    return [value for value in dict.fromkeys(values) if value not in removed]
