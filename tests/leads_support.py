"""Helpers for the lead tests: sample leads, settings, a real SMTP server and a real webhook.

The fixtures built on these live at the end of tests/conftest.py.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.running import free_port as free_port  # shared by the lead tests
from bot.leads.settings import LeadSettings, SmtpSettings
from bot.leads.store import LeadStore, NewLead
from bot.settings import development_settings

PG_URL_VARIABLE = "LEADS_TEST_PG_URL"
SALES_EMAIL = "sales@example.com"

# An estimate as stored with a lead (the SPEC section 4 shape, the parts the email shows),
# with round figures so that the expected email lines can be written down by hand.
ESTIMATE: dict[str, Any] = {
    "type": "estimate",
    "currency": "EUR",
    "pricing_version": "2026-test",
    "scenario": {
        "monthly_contacts": 3000,
        "coverage": "24_7",
        "support_languages": ["fr", "nl"],
    },
    "assumed": ["coverage"],
    "options": [
        {
            "model": "dedicated",
            "one_off": {"low": 4000, "expected": 5000, "high": 6000},
            "monthly": {"low": 21000, "expected": 24500, "high": 28000},
            "first_year": {"low": 256000, "expected": 299000, "high": 342000},
        },
        {
            "model": "per_minute",
            "one_off": {"low": 1000, "expected": 1500, "high": 2000},
            "monthly": {"low": 9800, "expected": 12250, "high": 14700},
            "first_year": {"low": 118600, "expected": 148500, "high": 178400},
        },
    ],
    "recommended": "per_minute",
    "in_house": {
        "monthly": {"low": 30000, "expected": 35000, "high": 40000},
        "first_year": {"low": 360000, "expected": 420000, "high": 480000},
    },
}
SCENARIO: dict[str, Any] = dict(ESTIMATE["scenario"])
TRANSCRIPT: list[dict[str, Any]] = [
    {"at": "2026-07-15T10:00:00+00:00", "text": "What would 24/7 support cost?"},
    {"at": "2026-07-15T10:01:00+00:00", "text": "3000 contacts a month, French and Dutch"},
]


def make_lead(**changes: Any) -> NewLead:
    """A complete lead; `changes` replace any of its fields."""
    lead = NewLead(
        conversation_id="conversation-1",
        language="nl",
        name="Jan de Vries",
        email="jan@acme.nl",
        phone="+31612345678",
        company="Acme BV",
        preferred_time="dinsdagmiddag",
        consent_text="Gaat u akkoord? (365 dagen)",
        consent_version="2026-11-28",
        promise="within_hour",
        scenario=SCENARIO,
        estimate=ESTIMATE,
        transcript=TRANSCRIPT,
    )
    return replace(lead, **changes)


def smtp_settings(port: int, sales_email: str = SALES_EMAIL) -> SmtpSettings:
    """Plain SMTP to 127.0.0.1:`port`, no TLS, no login, a short timeout."""
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        sales_email=sales_email,
        sender="cost-assistant@example.com",
        starttls=False,
        username="",
        password="",
        timeout_seconds=5,
    )


def lead_settings(
    db_url: str, smtp: SmtpSettings | None = None, webhook_url: str = ""
) -> LeadSettings:
    """Settings as the environment would give them, built directly."""
    return LeadSettings(
        db_url=db_url,
        smtp=smtp,
        webhook_url=webhook_url,
        retry_seconds=60,
        retention_days=365,
        office_hours="mon-fri 09:00-17:30",
        office_timezone="Europe/Amsterdam",
    )


# --- SMTP -----------------------------------------------------------------------------------


class CollectingHandler:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        """The received messages, parsed."""
        parsed = []
        for envelope in self.envelopes:
            content = envelope.original_content or envelope.content
            assert isinstance(content, bytes)
            message = email.message_from_bytes(content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


@dataclass
class SmtpSink:
    """A real SMTP server on 127.0.0.1:`port`, started and stopped on demand."""

    port: int
    handler: CollectingHandler = field(default_factory=CollectingHandler)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# --- Webhook --------------------------------------------------------------------------------


@dataclass
class WebhookRequest:
    """One POST the webhook server received."""

    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes


@dataclass
class WebhookSink:
    """A real HTTP server; answers with `statuses` in turn (the last one repeats)."""

    statuses: list[int] = field(default_factory=lambda: [200])
    requests: list[WebhookRequest] = field(default_factory=list)

    def answer(self) -> int:
        index = min(len(self.requests), len(self.statuses)) - 1
        return self.statuses[index]


@contextmanager
def webhook_server(sink: WebhookSink) -> Iterator[str]:
    """Serve `sink` on a free port in a thread; yields the URL to POST to."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            sink.requests.append(
                WebhookRequest(self.path, dict(self.headers.items()), json.loads(raw), raw)
            )
            status = sink.answer()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/crm/leads"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Databases ------------------------------------------------------------------------------


def in_ci() -> bool:
    """Whether the CI variable says we run in CI (where PostgreSQL must be there)."""
    return development_settings().ci


def postgres_url() -> str:
    """LEADS_TEST_PG_URL; fails in CI and skips elsewhere when it is not set."""
    url = development_settings().leads_test_pg_url
    if url:
        return url
    if in_ci():
        pytest.fail(
            f"{PG_URL_VARIABLE} is not set although CI is: .ci/run should have started "
            "PostgreSQL with scripts/postgres.sh",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL tests need {PG_URL_VARIABLE} (start one with scripts/postgres.sh)")


@contextmanager
def postgres_schema(url: str, prefix: str = "leads_test") -> Iterator[str]:
    """The URL of a schema of its own on `url`, dropped afterwards: tests never see each other."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def postgres_store(url: str) -> Iterator[LeadStore]:
    """A LeadStore in a schema of its own, dropped afterwards."""
    with postgres_schema(url) as scoped:
        store = LeadStore(scoped)
        try:
            yield store
        finally:
            store.dispose()


@contextmanager
def sqlite_store(directory: os.PathLike[str] | str) -> Iterator[LeadStore]:
    """A LeadStore in a new SQLite file under `directory`."""
    store = LeadStore(f"sqlite:///{os.fspath(directory)}/leads.sqlite3")
    try:
        yield store
    finally:
        store.dispose()
