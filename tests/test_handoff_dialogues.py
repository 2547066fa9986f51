"""The handoff conversation driver (bench/handoff_dialogues.py) and its conversation sets.

The driver itself runs against the assistant in tests/test_running_assistant.py (slow); here
its checks are tried on conversations made up by hand, and the sets on their shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.handoff_dialogues import (
    CONSENT_QUESTION,
    FORM,
    OPTIONAL_QUESTION,
    Conversation,
    Played,
    check,
    load_set,
    longest_repeat,
    repeats,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "handoff_data"
DEV_SETS = sorted(DATA.glob("handoff_dev_*.yml"))
ALL_SETS = sorted(DATA.glob("handoff_*.yml"))  # the independent sets too


def conversation(**expect: Any) -> Conversation:
    return Conversation("c1", "call me", ("Jan",), "yes", expect)


def played(texts: list[str], lead_ids: tuple[str, ...] = ()) -> Played:
    replies: list[dict[str, Any]] = [{"text": text} for text in texts]
    replies += [{"custom": {"type": "handoff", "lead_id": lead_id}} for lead_id in lead_ids]
    result = Played(conversation(), "run-c1")
    result.exchanges.append(("call me", replies))
    return result


LEAD = {"name": "Jan Peeters", "email": "Jan@Acme.be", "phone": "+32470123456", "company": None}
EXPECT = {
    "stored": True,
    "name": "Jan Peeters",
    "email": "jan@acme.be",
    "phone": "+32 470 12 34 56",
    "company": None,
}


def test_the_longest_run_of_one_message_is_counted() -> None:
    assert longest_repeat([]) == (0, None)
    assert longest_repeat(["a", "b", "b", "a", "b", "b", "b"]) == (3, "b")
    assert longest_repeat(["a", "b", "a"]) == (1, "a")


def test_a_right_lead_passes_and_each_wrong_detail_is_named() -> None:
    right = played(["Thanks!"], ("lead-1",))
    right.conversation = conversation(**EXPECT)
    assert check(right, [LEAD]) == []
    wrong = check(right, [{**LEAD, "name": "my email is", "company": "Acme"}])
    assert len(wrong) == 2
    assert wrong[0].startswith("name:") and wrong[1].startswith("company:")


def test_no_lead_expected_but_one_stored_or_announced_is_wrong() -> None:
    refused = played(["Understood."])
    refused.conversation = conversation(stored=False)
    assert check(refused, []) == []
    assert check(refused, [LEAD]) == ["1 leads stored, expected none"]
    announced = played(["ok"], ("lead-1",))
    announced.conversation = conversation(stored=False)
    assert check(announced, []) != []


def test_two_leads_or_a_missing_payload_or_a_stuck_form_are_wrong() -> None:
    twice = played(["ok"], ("lead-1",))
    twice.conversation = conversation(**EXPECT)
    assert "2 leads stored, expected 1" in check(twice, [LEAD, LEAD])
    silent = played(["ok"])
    silent.conversation = conversation(**EXPECT)
    assert "0 handoff payloads, expected 1" in check(silent, [LEAD])
    silent.stuck_on = "contact_name"
    assert "still asking contact_name when no turn was left" in check(silent, [LEAD])


def test_one_message_three_times_in_a_row_is_wrong() -> None:
    again = played(["What is your name?"] * 3 + ["Thanks!"], ("lead-1",))
    again.conversation = conversation(**EXPECT)
    assert check(again, [LEAD]) == ["one message 3 times in a row: 'What is your name?'"]
    assert check(again, [LEAD], max_repeats=4) == []


def test_the_same_reply_to_three_messages_in_a_row_is_wrong() -> None:
    again = Played(conversation(**EXPECT), "run-c1")
    reply = [{"text": "That is no name."}, {"text": "What is your name?"}]
    again.exchanges += [("x", reply), ("y", reply), ("z", reply)]
    assert repeats(again) == (3, "That is no name. / What is your name?")
    assert any("3 times in a row" in line for line in check(again, [LEAD]))


def test_a_message_without_a_text_answer_is_wrong() -> None:
    silent = played(["Thanks!"], ("lead-1",))
    silent.conversation = conversation(**EXPECT)
    silent.exchanges.append(("<b>Jan</b>", []))
    assert check(silent, [LEAD]) == ["no answer to '<b>Jan</b>'"]


def test_the_driver_names_the_questions_of_the_handoff_form() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    required = domain["forms"][FORM]["required_slots"]
    assert CONSENT_QUESTION in required and OPTIONAL_QUESTION in required


@pytest.mark.parametrize("path", DEV_SETS, ids=lambda path: path.stem)
def test_each_development_set_covers_the_cases_of_the_issue(path: Path) -> None:
    conversations = load_set(path)
    assert conversations.language in path.stem
    assert len(conversations.conversations) >= 8
    assert len({c.id for c in conversations.conversations}) == len(conversations.conversations)
    assert any(not c.expect["stored"] for c in conversations.conversations)  # refused consent
    for item in conversations.conversations:
        if item.expect["stored"]:
            assert set(item.expect) == {"stored", "name", "email", "phone", "company"}, item.id
            assert item.expect["email"] or item.expect["phone"], item.id


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda path: path.stem)
def test_every_set_can_be_played(path: Path) -> None:
    conversations = load_set(path)
    assert conversations.language in ("fr", "nl", "en")
    assert all("stored" in item.expect for item in conversations.conversations)


def test_a_set_without_a_key_is_refused_with_the_conversation_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("language: en\nconversations:\n  - id: x\n    opening: hi\n")
    with pytest.raises(ValueError, match="conversation 0 has no 'consent'"):
        load_set(broken)
