"""`python -m bot.leads`: export, delete, purge and deliver; errors are one line and exit 2."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.extraction.phone import read_phone
from bot.leads.__main__ import main
from bot.leads.store import LeadStore, leads
from tests.leads_support import SALES_EMAIL, SmtpSink, make_lead

ROOT = Path(__file__).resolve().parents[1]
LEAD_VARIABLES = (
    "SMTP_HOST", "SMTP_PORT", "SALES_EMAIL", "SMTP_FROM", "SMTP_STARTTLS", "SMTP_USERNAME",
    "SMTP_PASSWORD", "SMTP_TIMEOUT", "LEADS_WEBHOOK_URL", "LEADS_RETRY_SECONDS",
    "LEADS_RETENTION_DAYS", "OFFICE_HOURS", "OFFICE_TIMEZONE",
)  # fmt: skip


@pytest.fixture()
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """LEADS_DB_URL pointing at a new SQLite file; no other lead setting from the machine."""
    for name in LEAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path / 'cli-leads.sqlite3'}"
    monkeypatch.setenv("LEADS_DB_URL", url)
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    return url


@pytest.fixture()
def store(db_url: str) -> Iterator[LeadStore]:
    """The same database as the CLI's, to fill and inspect."""
    lead_store = LeadStore(db_url)
    yield lead_store
    lead_store.dispose()


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, Any, str]:
    """(exit status, parsed stdout or None, stderr)."""
    status = main(argv)
    out, err = capsys.readouterr()
    return status, json.loads(out) if out else None, err


JAN = {"subject": {"email": "jan@acme.nl"}}  # what a request about Jan's address searched for


def save_three(store: LeadStore) -> dict[str, str]:
    ids = {
        "jan": store.save(make_lead(conversation_id="a", email="Jan@acme.nl"), {})[0],
        "jan-again": store.save(make_lead(conversation_id="b", email="jan@acme.nl"), {})[0],
        "marie": store.save(
            make_lead(conversation_id="c", name="Marie Dubois", email="marie@exemple.fr"), {}
        )[0],
    }
    return ids


def test_export_prints_the_leads_of_that_address_only(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = save_three(store)

    status, printed, err = run_main(["export", "JAN@ACME.NL"], capsys)

    assert status == 0
    assert err == ""
    assert sorted(lead["id"] for lead in printed["leads"]) == sorted([ids["jan"], ids["jan-again"]])
    for lead in printed["leads"]:
        assert lead["name"] == "Jan de Vries"
        assert lead["email"].lower() == "jan@acme.nl"
        assert lead["estimate"]["recommended"] == "per_minute"
        datetime.fromisoformat(lead["created_at"])
    assert store.count() == 3  # exporting changes nothing


def test_export_of_an_unknown_address_prints_no_leads(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    save_three(store)

    assert run_main(["export", "nobody@example.com"], capsys)[:2] == (
        0,
        {"subject": {"email": "nobody@example.com"}, "leads": []},
    )


def test_delete_removes_the_leads_of_that_address_only(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = save_three(store)

    status, printed, _ = run_main(["delete", "jan@ACME.nl"], capsys)

    assert (status, printed) == (0, {**JAN, "deleted": 2, "conversation_events_deleted": 0})
    assert store.count() == 1
    assert store.get(ids["marie"]) is not None
    assert run_main(["export", "jan@acme.nl"], capsys)[1] == {**JAN, "leads": []}


# --- Requests by phone number ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+31612345678",
        "+31 6 1234 5678",
        "0031 6 12345678",
        "+31 (0)6 12345678",
        "06 12345678",
        "06-12 34 56 78",
        "(06) 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
    ],
)
def test_a_phone_number_is_found_in_any_format_the_form_accepts(
    store: LeadStore, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    assert read_phone(typed, "nl").number == "+31612345678"  # the form reads it so
    mine, _ = store.save(make_lead(conversation_id="a", email=None, phone="+31612345678"), {})
    store.save(make_lead(conversation_id="b", email="other@acme.nl", phone="+32470123456"), {})

    status, printed, err = run_main(["export", typed], capsys)

    assert (status, err) == (0, "")
    assert printed["subject"] == {"phone": ["+31612345678"]}
    assert [lead["id"] for lead in printed["leads"]] == [mine]


def test_a_national_number_finds_the_lead_of_the_plan_it_was_stored_in(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # "0475 12 34 56" is Belgian, Dutch and French; a French-speaking visitor's form stored +32.
    belgian, _ = store.save(make_lead(conversation_id="a", language="fr", phone="+32475123456"), {})

    status, printed, _ = run_main(["delete", "0475 12 34 56", "--keep-conversations"], capsys)

    assert status == 0
    assert printed == {
        "subject": {"phone": ["+32475123456"]},
        "deleted": 1,
        "conversation_events_deleted": 0,
    }
    assert store.get(belgian) is None


def test_a_number_that_can_be_two_stored_numbers_is_refused(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.save(make_lead(conversation_id="a", phone="+32475123456"), {})
    store.save(make_lead(conversation_id="b", phone="+31475123456"), {})

    status, printed, err = run_main(["delete", "0475 12 34 56"], capsys)

    assert (status, printed) == (2, None)
    assert err.count("\n") == 1
    assert "+31475123456" in err and "+32475123456" in err and "country code" in err
    assert store.count() == 2
    assert run_main(["export", "+32 475 12 34 56"], capsys)[1]["subject"] == {
        "phone": ["+32475123456"]
    }


def test_an_unknown_number_searches_every_reading_and_finds_nothing(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    save_three(store)

    assert run_main(["export", "06 87654321"], capsys)[:2] == (
        0,
        {"subject": {"phone": ["+31687654321", "+33687654321"]}, "leads": []},
    )


def test_a_number_of_another_country_is_found(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    london, _ = store.save(make_lead(conversation_id="a", phone="+442079460958"), {})

    printed = run_main(["export", "+44 20 7946 0958"], capsys)[1]

    assert [lead["id"] for lead in printed["leads"]] == [london]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("jan@", "email address"),
        ("jan@acme", "email address"),
        ("Jan de Vries", "email address or a phone number"),
        ("12345", "email address or a phone number"),
        ("", "email address or a phone number"),
        ("jan@acme.nl, marie@exemple.fr", "one email address or phone number at a time"),
        ("<b>jan</b>", "email address or a phone number"),
        ("🙂📞", "email address or a phone number"),
        ("x" * 300, "email address or a phone number"),
    ],
)
def test_a_request_that_names_no_one_is_one_line_and_exit_2(
    store: LeadStore, capsys: pytest.CaptureFixture[str], typed: str, said: str
) -> None:
    save_three(store)
    for command in ("export", "delete"):
        status, printed, err = run_main([command, typed], capsys)
        assert (status, printed) == (2, None)
        assert err.startswith("error: ") and err.count("\n") == 1
        assert said in err
    assert store.count() == 3


def test_purge_removes_old_leads_only_and_reports_how_many(
    store: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = save_three(store)
    with store.engine.begin() as connection:
        connection.execute(
            update(leads)
            .where(leads.c.id.in_([ids["jan"], ids["marie"]]))
            .values(created_at=datetime.now(timezone.utc) - timedelta(days=31))
        )

    status, printed, _ = run_main(["purge", "--days", "30"], capsys)

    assert (status, printed) == (
        0,
        {"deleted": 2, "conversations_deleted": 0, "older_than_days": 30},
    )
    assert store.count() == 1
    assert store.get(ids["jan-again"]) is not None


def test_purge_uses_the_retention_setting_by_default(
    store: LeadStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = save_three(store)
    with store.engine.begin() as connection:
        connection.execute(
            update(leads)
            .where(leads.c.id == ids["marie"])
            .values(created_at=datetime.now(timezone.utc) - timedelta(days=8))
        )
    monkeypatch.setenv("LEADS_RETENTION_DAYS", "7")

    assert run_main(["purge"], capsys)[:2] == (
        0,
        {"deleted": 1, "conversations_deleted": 0, "older_than_days": 7},
    )
    assert store.get(ids["marie"]) is None


def test_deliver_sends_pending_leads(
    store: LeadStore,
    smtp_sink: SmtpSink,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp_sink.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("SALES_EMAIL", SALES_EMAIL)
    store.save(make_lead(), {"email": True, "webhook": False})

    assert run_main(["deliver"], capsys)[:2] == (0, {"sent": {"email": 1}, "failed": {}})
    assert run_main(["deliver"], capsys)[:2] == (0, {"sent": {}, "failed": {}})
    assert len(smtp_sink.handler.envelopes) == 1


@pytest.mark.parametrize(
    ("argv", "variables", "named"),
    [
        # The variable is named; its value (it may hold a password) is not repeated.
        (["export", "a@b.nl"], {"LEADS_DB_URL": "not a database url"}, "LEADS_DB_URL"),
        (["export", "a@b.nl"], {"LEADS_DB_URL": "nosuchdb://x/y"}, "nosuchdb"),
        (
            ["delete", "a@b.nl"],
            {"LEADS_DB_URL": "postgresql://leads:s3cret@127.0.0.1:1/x"},
            "OperationalError",
        ),
        (["purge", "--days", "0"], {}, "--days"),
        (["purge", "--days", "-5"], {}, "--days"),
        (["purge"], {"LEADS_RETENTION_DAYS": "a year"}, "LEADS_RETENTION_DAYS"),
    ],
)
def test_an_error_is_one_line_and_exit_2(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    variables: dict[str, str],
    named: str,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)

    status = main(argv)
    out, err = capsys.readouterr()

    assert status == 2
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert named in err
    assert "s3cret" not in err


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        (["export", "jan@acme.nl"], "garbage"),
        (["purge", "--days", "0"], None),
    ],
)
def test_the_command_exits_2_with_one_line_and_no_traceback(
    db_url: str, argv: list[str], url: str | None
) -> None:
    env = {"PATH": "/usr/bin:/bin", "LEADS_DB_URL": url or db_url}
    done = subprocess.run(
        [sys.executable, "-m", "bot.leads", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr


def conversation(sender: str, *texts: str, days_ago: float = 0) -> Any:
    """A Rasa tracker with these visitor messages, sent `days_ago`."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    sent = datetime.now(timezone.utc).timestamp() - days_ago * 86_400
    return DialogueStateTracker.from_events(
        sender,
        [UserUttered(text, timestamp=sent + index) for index, text in enumerate(texts)],
        slots=Domain.empty().slots,
    )


def test_delete_also_erases_the_conversations_from_the_tracker_store(
    store: LeadStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    save_three(store)  # Jan's leads come from conversations "a" and "b", Marie's from "c"
    trackers = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    for sender, said in (("a", "jan@acme.nl"), ("b", "06 12345678"), ("c", "marie@exemple.fr")):
        asyncio.run(trackers.save(conversation(sender, "hello", said)))

    status, printed, _ = run_main(["delete", "jan@acme.nl"], capsys)

    assert (status, printed) == (0, {**JAN, "deleted": 2, "conversation_events_deleted": 4})
    assert asyncio.run(trackers.keys()) == ["c"]


def test_delete_can_keep_the_conversations(
    store: LeadStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_three(store)
    status, printed, _ = run_main(["delete", "jan@acme.nl", "--keep-conversations"], capsys)
    assert (status, printed) == (0, {**JAN, "deleted": 2, "conversation_events_deleted": 0})


def test_purge_also_ages_out_quiet_conversations(
    store: LeadStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    trackers = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"))
    asyncio.run(trackers.save(conversation("old", "hello", "jan@acme.nl", days_ago=40)))
    asyncio.run(trackers.save(conversation("recent", "bonjour", days_ago=2)))

    status, printed, _ = run_main(["purge", "--days", "30"], capsys)

    assert status == 0
    assert printed == {"deleted": 0, "conversations_deleted": 1, "older_than_days": 30}
    assert asyncio.run(trackers.keys()) == ["recent"]
