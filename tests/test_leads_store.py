"""The lead store on SQLite and on PostgreSQL: idempotent saves, exclusive claims, privacy."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from bot.leads.store import DataSubject, LeadStore, leads
from tests.leads_support import ESTIMATE, SCENARIO, TRANSCRIPT, make_lead

BOTH_ON = {"email": True, "webhook": True}
EMAIL_ONLY = {"email": True, "webhook": False}


def set_column(store: LeadStore, lead_id: str, **values: object) -> None:
    """Change a stored lead behind the store's back (to age it, or expire a claim)."""
    with store.engine.begin() as connection:
        connection.execute(update(leads).where(leads.c.id == lead_id).values(**values))


def test_saving_the_same_lead_twice_stores_it_once(lead_store: LeadStore) -> None:
    first_id, first_new = lead_store.save(make_lead(), BOTH_ON)
    again_id, again_new = lead_store.save(make_lead(), BOTH_ON)

    assert first_new is True
    assert again_new is False
    assert again_id == first_id
    assert lead_store.count() == 1


def test_a_different_estimate_is_a_new_lead(lead_store: LeadStore) -> None:
    first_id, _ = lead_store.save(make_lead(), BOTH_ON)
    cheaper = {**ESTIMATE, "recommended": "dedicated"}
    second_id, second_new = lead_store.save(make_lead(estimate=cheaper), BOTH_ON)

    assert second_new is True
    assert second_id != first_id
    assert lead_store.count() == 2


def test_a_detail_added_later_updates_the_lead_and_delivers_it_again(
    lead_store: LeadStore,
) -> None:
    lead_id, _ = lead_store.save(make_lead(phone=None), EMAIL_ONLY)
    lead_store.mark_sent(lead_id, "email")
    before = lead_store.get(lead_id)

    changed = lead_store.update(lead_id, make_lead(phone="+32471234567"))
    after = lead_store.get(lead_id)

    assert changed is True
    assert before is not None and after is not None
    assert after["phone"] == "+32471234567"
    assert (after["name"], after["email"]) == ("Jan de Vries", "jan@acme.nl")
    assert after["consented_at"] == before["consented_at"]
    assert after["dedupe_key"] != before["dedupe_key"]
    # sent again where it was on, still off where it was off
    assert (after["email_state"], after["webhook_state"]) == ("pending", "off")
    assert lead_store.count() == 1


def test_the_latest_lead_of_a_conversation(lead_store: LeadStore) -> None:
    first, _ = lead_store.save(make_lead(), EMAIL_ONLY)
    set_column(lead_store, first, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    second, _ = lead_store.save(make_lead(phone=None), EMAIL_ONLY)
    lead_store.save(make_lead(conversation_id="someone-else"), EMAIL_ONLY)

    assert lead_store.latest_of("conversation-1") == second != first
    assert lead_store.latest_of("no-such-conversation") is None


def test_an_update_with_nothing_new_or_of_no_lead_changes_nothing(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), EMAIL_ONLY)
    lead_store.mark_sent(lead_id, "email")

    assert lead_store.update(lead_id, make_lead()) is False
    assert lead_store.update("no-such-lead", make_lead(phone=None)) is False
    stored = lead_store.get(lead_id)
    assert stored is not None and stored["email_state"] == "sent"


def test_get_returns_what_was_stored(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), EMAIL_ONLY)

    stored = lead_store.get(lead_id)

    assert stored is not None
    assert stored["id"] == lead_id
    assert stored["conversation_id"] == "conversation-1"
    assert stored["language"] == "nl"
    assert stored["name"] == "Jan de Vries"
    assert stored["email"] == "jan@acme.nl"
    assert stored["phone"] == "+31612345678"
    assert stored["company"] == "Acme BV"
    assert stored["preferred_time"] == "dinsdagmiddag"
    assert stored["promise"] == "within_hour"
    assert stored["consent_text"] == "Gaat u akkoord? (365 dagen)"
    assert stored["consent_version"] == "2026-11-28"
    assert stored["scenario"] == SCENARIO
    assert stored["estimate"] == ESTIMATE
    assert stored["transcript"] == TRANSCRIPT
    assert stored["email_state"] == "pending"
    assert stored["webhook_state"] == "off"
    assert stored["email_attempts"] == 0
    created = datetime.fromisoformat(stored["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=5)


def test_get_of_an_unknown_id_is_none(lead_store: LeadStore) -> None:
    assert lead_store.get("00000000-0000-0000-0000-000000000000") is None


def test_a_lead_without_estimate_or_contact_extras_is_stored(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(
        make_lead(estimate=None, phone=None, company=None, preferred_time=None), BOTH_ON
    )

    stored = lead_store.get(lead_id)

    assert stored is not None
    assert stored["estimate"] is None
    assert (stored["phone"], stored["company"], stored["preferred_time"]) == (None, None, None)


def test_a_claim_is_exclusive_until_released(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), BOTH_ON)

    assert lead_store.claim(lead_id, "email") is True
    assert lead_store.claim(lead_id, "email") is False
    assert lead_store.claim(lead_id, "webhook") is True  # channels are independent

    lead_store.release(lead_id, "email", "SMTP ConnectionRefusedError")

    stored = lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "pending"
    assert stored["email_error"] == "SMTP ConnectionRefusedError"
    assert lead_store.pending("email") == [lead_id]
    assert lead_store.claim(lead_id, "email") is True
    claimed = lead_store.get(lead_id)
    assert claimed is not None
    assert claimed["email_attempts"] == 2
    assert claimed["email_claimed_until"] is not None


def test_a_sent_lead_is_never_claimed_again(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), BOTH_ON)
    assert lead_store.claim(lead_id, "email") is True

    lead_store.mark_sent(lead_id, "email")

    assert lead_store.claim(lead_id, "email") is False
    set_column(lead_store, lead_id, email_claimed_until=None)
    assert lead_store.claim(lead_id, "email") is False
    assert lead_store.pending("email") == []
    assert lead_store.pending("webhook") == [lead_id]
    stored = lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "sent"
    assert stored["email_sent_at"] is not None
    assert stored["email_error"] is None


def test_a_channel_that_is_off_is_never_claimed(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), EMAIL_ONLY)

    assert lead_store.claim(lead_id, "webhook") is False
    assert lead_store.pending("webhook") == []


def test_an_expired_claim_can_be_taken_again(lead_store: LeadStore) -> None:
    lead_id, _ = lead_store.save(make_lead(), BOTH_ON)
    assert lead_store.claim(lead_id, "email") is True
    assert lead_store.claim(lead_id, "email") is False

    # The sender crashed: its lease ran out a minute ago.
    expired = datetime.now(timezone.utc) - timedelta(minutes=1)
    set_column(lead_store, lead_id, email_claimed_until=expired)

    assert lead_store.claim(lead_id, "email") is True
    assert lead_store.claim(lead_id, "email") is False


def test_purge_deletes_only_older_leads(lead_store: LeadStore) -> None:
    old_id, _ = lead_store.save(make_lead(conversation_id="old"), BOTH_ON)
    recent_id, _ = lead_store.save(make_lead(conversation_id="recent"), BOTH_ON)
    set_column(lead_store, old_id, created_at=datetime.now(timezone.utc) - timedelta(days=400))

    assert lead_store.purge(365) == 1

    assert lead_store.get(old_id) is None
    assert lead_store.get(recent_id) is not None
    assert lead_store.count() == 1
    assert lead_store.purge(365) == 0


def test_leads_of_an_email_address_ignore_case_and_touch_only_that_address(
    lead_store: LeadStore,
) -> None:
    first, _ = lead_store.save(make_lead(conversation_id="a", email="Jan.Peeters@acme.be"), {})
    second, _ = lead_store.save(make_lead(conversation_id="b", email="jan.peeters@acme.be"), {})
    other, _ = lead_store.save(make_lead(conversation_id="c", email="marie@acme.be"), {})
    lead_store.save(make_lead(conversation_id="d", email=None), {})

    found = lead_store.by_subject(DataSubject(email="JAN.PEETERS@ACME.BE"))

    assert sorted(lead["id"] for lead in found) == sorted([first, second])
    assert {lead["email"] for lead in found} == {"Jan.Peeters@acme.be", "jan.peeters@acme.be"}

    assert lead_store.delete_subject(DataSubject(email="  jan.peeters@ACME.be ")) == 2

    assert lead_store.by_subject(DataSubject(email="jan.peeters@acme.be")) == []
    assert lead_store.get(first) is None
    assert lead_store.get(second) is None
    assert lead_store.get(other) is not None
    assert lead_store.count() == 2


def test_leads_of_a_phone_number_touch_only_that_number(lead_store: LeadStore) -> None:
    mobile, _ = lead_store.save(make_lead(conversation_id="a", email=None), {})  # +31612345678
    other, _ = lead_store.save(make_lead(conversation_id="b", phone="+32470123456"), {})
    lead_store.save(make_lead(conversation_id="c", phone=None), {})

    assert lead_store.stored_phones(["+31612345678", "+33612345678"]) == ["+31612345678"]
    subject = DataSubject(phones=("+31612345678", "+33612345678"))
    assert [lead["id"] for lead in lead_store.by_subject(subject)] == [mobile]
    assert lead_store.delete_subject(subject) == 1
    assert lead_store.get(other) is not None
    assert lead_store.count() == 2


@pytest.mark.parametrize(
    "name",
    [
        'Sarah O\'Neil "Jr"',
        "'; DROP TABLE leads; --",
        "Zoë Ångström 山田太郎 🙂",
        "<b>Bold</b> & <script>alert(1)</script>",
        "Robert'); DELETE FROM leads WHERE ('1'='1",
    ],
)
def test_visitor_text_is_stored_verbatim(lead_store: LeadStore, name: str) -> None:
    lead_id, _ = lead_store.save(make_lead(name=name, company=name), {})

    stored = lead_store.get(lead_id)

    assert stored is not None
    assert stored["name"] == name
    assert stored["company"] == name
    assert lead_store.count() == 1
    assert lead_store.save(make_lead(conversation_id="other"), {})[1] is True
    assert lead_store.count() == 2


def test_two_threads_saving_the_same_lead_store_one_row(lead_store: LeadStore) -> None:
    lead = make_lead()
    start = threading.Barrier(2)
    results: list[tuple[str, bool]] = []
    errors: list[BaseException] = []

    def save() -> None:
        start.wait(timeout=10)
        try:
            results.append(lead_store.save(lead, BOTH_ON))
        except BaseException as error:  # reported below, with the thread's result
            errors.append(error)

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == 2
    assert results[0][0] == results[1][0]
    assert sorted(new for _, new in results) == [False, True]
    assert lead_store.count() == 1


def test_each_case_runs_on_the_database_it_names(
    lead_store: LeadStore, request: pytest.FixtureRequest
) -> None:
    assert lead_store.engine.dialect.name == request.node.callspec.params["lead_store"]
