"""Adding, removing and replacing channels and languages (actions/list_slots.py)."""

from typing import Any

import pytest

from actions.list_slots import has_refinement, revised_list


def named(slot: str, value: str, role: str | None = None) -> dict[str, Any]:
    entity = {"entity": slot, "value": value}
    if role:
        entity["role"] = role
    return entity


@pytest.mark.parametrize(
    ("current", "entities", "expected"),
    [
        (["email"], [named("channels", "chat", "added")], ["email", "chat"]),
        (["email", "chat"], [named("channels", "chat", "removed")], ["email"]),
        (["email"], [named("channels", "email", "added")], ["email"]),  # no repeat
        (["phone"], [named("channels", "social", "removed")], ["phone"]),  # not there
        (["phone", "chat"], [named("channels", "email")], ["email"]),  # a plain statement
        (
            ["phone"],
            [named("channels", "chat"), named("channels", "email", "added")],
            ["chat", "email"],
        ),
        (
            ["phone", "email"],
            [named("channels", "email", "removed"), named("channels", "chat")],
            ["chat"],
        ),
        ([], [named("channels", "chat", "added")], ["chat"]),
        (["phone"], [named("channels", "phone", "removed")], []),  # refused by the validation
    ],
)
def test_the_roles_change_the_current_list(
    current: list[str], entities: list[dict[str, Any]], expected: list[str]
) -> None:
    assert revised_list(current, entities, "channels") == expected


def test_entities_of_another_list_are_left_alone() -> None:
    entities = [named("support_languages", "de", "added"), named("channels", "chat")]
    assert revised_list(["nl"], entities, "support_languages") == ["nl", "de"]
    assert has_refinement(entities, "support_languages")
    assert not has_refinement(entities, "channels")
