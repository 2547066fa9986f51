"""What a handoff costs the action server: reading details, storing a lead, emailing it.

Run with `make bench-leads`. Each figure is the median of several timed batches (milliseconds
per operation). The store is timed on a temporary SQLite file, and also on PostgreSQL when
LEADS_TEST_PG_URL is set (scripts/postgres.sh prints one). Email delivery goes to a real
SMTP server on 127.0.0.1 (aiosmtpd), so it includes the SMTP conversation but no network.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from actions.contact_answers import contact_update
from bench.running import free_port
from bot.extraction.contact import ContactReading, read_contact
from bot.leads.delivery import deliver
from bot.leads.mail import build_message
from bot.leads.settings import LeadSettings, SmtpSettings
from bot.leads.store import LeadStore, NewLead
from bot.names import CONTACT_NAME as NAME
from bot.pricing import Scenario, estimate
from bot.settings import development_settings

BATCHES = 5
MESSAGES = [
    ("Jan de Vries, jan@acme.nl, 06 12345678", "nl"),
    ("je m'appelle Marie Dubois, appelez-moi au 0470 12 34 56", "fr"),
    ("My name is Sarah O'Neil, sarah.oneil@example.com", "en"),
    ("Acme BV, dinsdagmiddag", "nl"),
]
PAYLOAD = estimate(
    Scenario.parse_obj(
        {"monthly_contacts": 3000, "coverage": "24_7", "support_languages": ["fr", "nl"]}
    )
).payload("en")


def new_lead() -> NewLead:
    """A typical lead: a full scenario, its estimate and a five-message transcript."""
    return NewLead(
        conversation_id=uuid.uuid4().hex,
        language="en",
        name="Sarah O'Neil",
        email="sarah.oneil@example.com",
        phone="+31612345678",
        company="Oneil Logistics",
        preferred_time="weekday mornings",
        consent_text="Before I pass this on: ...",
        consent_version="bench",
        promise="within_hour",
        scenario=PAYLOAD["scenario"],
        estimate=PAYLOAD,
        transcript=[{"at": "2026-11-28T09:00:00+00:00", "text": text} for text, _ in MESSAGES],
    )


def median_ms(work: Callable[[], Any], per_batch: int) -> tuple[float, list[float]]:
    """Median milliseconds per call over BATCHES batches, and every batch's figure."""
    batches = []
    for _ in range(BATCHES):
        start = time.perf_counter()
        for _ in range(per_batch):
            work()
        batches.append((time.perf_counter() - start) * 1000 / per_batch)
    return statistics.median(batches), batches


def report(label: str, result: tuple[float, list[float]]) -> None:
    median, batches = result
    spread = ", ".join(f"{value:.3f}" for value in batches)
    print(f"{label:<44} median {median:8.3f} ms  ({1000 / median:9.0f} /s)  batches: {spread}")


class Sink:
    """Accepts every message and forgets it."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"



def bench_store(label: str, url: str) -> None:
    store = LeadStore(url)
    try:
        report(f"store a new lead ({label})", median_ms(lambda: store.save(new_lead(), {}), 200))
        lead = new_lead()
        store.save(lead, {})
        report(f"store the same lead again ({label})", median_ms(lambda: store.save(lead, {}), 200))
    finally:
        store.dispose()


def main() -> None:
    counter = iter(range(10**9))

    def read_one() -> None:
        text, language = MESSAGES[next(counter) % len(MESSAGES)]
        reading = ContactReading.from_entities(read_contact(text).as_entities())
        contact_update(reading, NAME, language, "inform")

    report("read contact details from a message", median_ms(read_one, 2_000))
    with tempfile.TemporaryDirectory() as directory:
        bench_store("SQLite", f"sqlite:///{Path(directory) / 'leads.sqlite3'}")
        postgres = development_settings().leads_test_pg_url
        if postgres:
            bench_store("PostgreSQL", postgres)

        port = free_port()
        smtp = SmtpSettings(
            host="127.0.0.1",
            port=port,
            sales_email="sales@example.com",
            sender="bench@localhost",
            starttls=False,
            username="",
            password="",
            timeout_seconds=5,
        )
        stored = LeadStore(f"sqlite:///{Path(directory) / 'leads.sqlite3'}")
        lead_row = stored.get(stored.save(new_lead(), {})[0])
        assert lead_row is not None
        report("build the lead email", median_ms(lambda: build_message(lead_row, smtp), 200))

        settings = LeadSettings(
            db_url=stored.engine.url.render_as_string(),
            smtp=smtp,
            webhook_url="",
            retry_seconds=60,
            retention_days=365,
            office_hours="mon-fri 09:00-17:30",
            office_timezone="Europe/Amsterdam",
        )
        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        try:

            def store_and_deliver() -> None:
                lead_id, _ = stored.save(new_lead(), {"email": True})
                deliver(stored, settings, [lead_id])

            report("store + email one lead (local SMTP)", median_ms(store_and_deliver, 50))
        finally:
            controller.stop()
            stored.dispose()


if __name__ == "__main__":
    main()
