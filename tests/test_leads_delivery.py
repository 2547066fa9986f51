"""Delivering stored leads to a real SMTP server and a real webhook, each exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import re
import ssl
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from ipaddress import ip_address
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from sqlalchemy.exc import OperationalError

from bot.leads import delivery
from bot.leads.delivery import channels_on, deliver
from bot.leads.settings import LeadSettings, SmtpSettings
from bot.leads.store import LeadStore
from bot.leads.webhook import INTERNAL_FIELDS
from tests.leads_support import (
    ESTIMATE,
    SALES_EMAIL,
    CollectingHandler,
    SmtpSink,
    WebhookSink,
    free_port,
    lead_settings,
    make_lead,
    smtp_settings,
    webhook_server,
)

EMAIL_ONLY = {"email": True, "webhook": False}
WEBHOOK_ONLY = {"email": False, "webhook": True}


def version(store: LeadStore, lead_id: str) -> str:
    """How a delivered lead names its version: its id and the start of its dedupe key."""
    stored = store.get(lead_id)
    assert stored is not None
    return f"{lead_id}.{stored['dedupe_key'][:12]}"


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) of a received lead email."""
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    return str(plain.get_content()), str(html.get_content())


# --- Email ------------------------------------------------------------------------------------


def test_a_lead_updated_after_its_email_is_emailed_again_as_a_new_version(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    lead_id, _ = sqlite_lead_store.save(make_lead(phone=None), channels_on(config))
    assert deliver(sqlite_lead_store, config).sent == {"email": 1}
    first = version(sqlite_lead_store, lead_id)

    sqlite_lead_store.update(lead_id, make_lead(phone="+32471234567"))
    again = deliver(sqlite_lead_store, config)

    assert again.sent == {"email": 1}
    assert deliver(sqlite_lead_store, config).sent == {}
    ids = [str(message["Message-ID"]).strip() for message in smtp_sink.handler.messages()]
    second = version(sqlite_lead_store, lead_id)
    assert second != first
    assert ids == [f"<lead-{first}@cost-assistant>", f"<lead-{second}@cost-assistant>"]
    assert "+32471234567" in parts(smtp_sink.handler.messages()[1])[0]


def test_a_pending_lead_is_emailed_once_with_everything_sales_needs(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    report = deliver(sqlite_lead_store, config)

    assert report.sent == {"email": 1}
    assert report.failed == {}
    assert len(smtp_sink.handler.envelopes) == 1
    envelope = smtp_sink.handler.envelopes[0]
    assert envelope.rcpt_tos == [SALES_EMAIL]
    assert envelope.mail_from == "cost-assistant@example.com"
    [message] = smtp_sink.handler.messages()
    assert message["To"] == SALES_EMAIL
    assert message["Subject"] == "New lead: Jan de Vries (Acme BV)"
    assert message["Reply-To"] == "jan@acme.nl"
    message_id = f"<lead-{version(sqlite_lead_store, lead_id)}@cost-assistant>"
    assert str(message["Message-ID"]).strip() == message_id  # a long header is folded
    plain, html = parts(message)
    for line in (
        "Name: Jan de Vries",
        "Email: jan@acme.nl",
        "Phone: +31612345678",
        "Company: Acme BV",
        "Preferred time: dinsdagmiddag",
        "Chat language: Dutch",
        "Promised call-back: within the hour",
        f"Lead id: {lead_id}",
        "  monthly_contacts: 3,000",
        "  coverage: 24/7 (assumed)",
        "  support_languages: French and Dutch",
        "  Dedicated agents",
        "    one-off €4,000 / €5,000 / €6,000",
        "    monthly €21,000 / €24,500 / €28,000",
        "    first year €256,000 / €299,000 / €342,000",
        "  Shared support, per handled minute (recommended)",
        "    monthly €9,800 / €12,250 / €14,700",
        "  In-house",
        "    monthly €30,000 / €35,000 / €40,000",
        "  Pricing version: 2026-test",
        "  [2026-07-15T10:00:00+00:00] What would 24/7 support cost?",
        "Consent (2026-11-28): Gaat u akkoord? (365 dagen)",
    ):
        assert line in plain.splitlines(), line
    assert "<td>Jan de Vries</td>" in html
    assert "<td>€12,250</td>" not in html  # ranges, not single figures
    assert "<td>€9,800 / €12,250 / €14,700</td>" in html

    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "sent"
    assert stored["webhook_state"] == "off"

    assert deliver(sqlite_lead_store, config).sent == {}
    assert len(smtp_sink.handler.envelopes) == 1


def test_smtp_down_keeps_the_lead_pending_until_the_server_is_back(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    down = deliver(sqlite_lead_store, config)  # nothing listens on the port yet

    assert down.failed == {"email": 1}
    assert down.sent == {}
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "pending"
    assert stored["email_claimed_until"] is None
    error = stored["email_error"]
    assert error and error.startswith("SMTP")
    assert "@" not in error
    assert not re.search(r"\d{6}", error)  # no phone number (nor any long digit run)
    assert "Jan" not in error

    smtp_sink.start()
    up = deliver(sqlite_lead_store, config)

    assert up.sent == {"email": 1}
    assert up.failed == {}
    assert len(smtp_sink.handler.envelopes) == 1
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "sent"
    assert stored["email_error"] is None
    assert stored["email_attempts"] == 2

    again = deliver(sqlite_lead_store, config)

    assert (again.sent, again.failed) == ({}, {})
    assert len(smtp_sink.handler.envelopes) == 1


def test_delivering_named_leads_sends_each_once(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    first, _ = sqlite_lead_store.save(make_lead(conversation_id="a"), channels_on(config))
    second, _ = sqlite_lead_store.save(make_lead(conversation_id="b"), channels_on(config))

    assert deliver(sqlite_lead_store, config, [first]).sent == {"email": 1}
    assert deliver(sqlite_lead_store, config, [first]).sent == {}
    assert deliver(sqlite_lead_store, config).sent == {"email": 1}

    ids = sorted(str(message["Message-ID"]).strip() for message in smtp_sink.handler.messages())
    assert ids == sorted(
        f"<lead-{version(sqlite_lead_store, lead)}@cost-assistant>" for lead in (first, second)
    )


def test_visitor_text_cannot_inject_headers_or_html(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    lead = make_lead(
        name="Eve\r\nBcc: victim@example.com",
        company="<script>alert(1)</script>",
        preferred_time="today\nX-Injected: yes",
        transcript=[{"at": "now", "text": "<img src=x onerror=alert(2)>"}],
    )
    sqlite_lead_store.save(lead, channels_on(config))

    assert deliver(sqlite_lead_store, config).sent == {"email": 1}

    [envelope] = smtp_sink.handler.envelopes
    assert envelope.rcpt_tos == [SALES_EMAIL]
    [message] = smtp_sink.handler.messages()
    assert message["Bcc"] is None
    assert message["X-Injected"] is None
    subject = str(message["Subject"])
    assert "\n" not in subject and "\r" not in subject
    assert subject == "New lead: Eve Bcc: victim@example.com (<script>alert(1)</script>)"
    raw = envelope.original_content or envelope.content
    assert isinstance(raw, bytes)
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert not re.search(rb"^Bcc:", headers, re.MULTILINE | re.IGNORECASE)
    plain, html = parts(message)
    assert "Name: Eve Bcc: victim@example.com" in plain.splitlines()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img" not in html


def test_without_sales_email_the_lead_stays_pending(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port, sales_email=""))
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    report = deliver(sqlite_lead_store, config)

    assert report.failed == {"email": 1}
    assert report.sent == {}
    assert smtp_sink.handler.envelopes == []
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert stored["email_state"] == "pending"
    assert "SALES_EMAIL" in stored["email_error"]


def test_without_any_channel_nothing_is_pending(sqlite_lead_store: LeadStore) -> None:
    config = lead_settings("unused")
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    report = deliver(sqlite_lead_store, config)

    assert (report.sent, report.failed) == ({}, {})
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert (stored["email_state"], stored["webhook_state"]) == ("off", "off")


# --- Webhook ----------------------------------------------------------------------------------


def test_the_webhook_receives_the_lead_once_with_an_idempotency_key(
    sqlite_lead_store: LeadStore,
) -> None:
    sink = WebhookSink()
    with webhook_server(sink) as url:
        config = lead_settings("unused", webhook_url=url)
        assert channels_on(config) == WEBHOOK_ONLY
        lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

        report = deliver(sqlite_lead_store, config)
        again = deliver(sqlite_lead_store, config)

    assert report.sent == {"webhook": 1}
    assert again.sent == {}
    assert len(sink.requests) == 1
    request = sink.requests[0]
    assert request.path == "/crm/leads"
    assert request.headers["Idempotency-Key"] == version(sqlite_lead_store, lead_id)
    assert request.headers["Content-Type"] == "application/json"
    body = request.body
    assert body["type"] == "lead"
    sent = body["lead"]
    assert sent["id"] == lead_id
    assert sent["name"] == "Jan de Vries"
    assert sent["email"] == "jan@acme.nl"
    assert sent["phone"] == "+31612345678"
    assert sent["company"] == "Acme BV"
    assert sent["estimate"] == ESTIMATE
    assert sent["consent_version"] == "2026-11-28"
    for internal in ("dedupe_key", "email_claimed_until", "webhook_claimed_until"):
        assert internal not in sent
    assert not set(INTERNAL_FIELDS) & set(sent)
    assert not any(name.startswith(("email_", "webhook_")) for name in sent)


def test_with_a_secret_the_webhook_body_is_signed(sqlite_lead_store: LeadStore) -> None:
    sink = WebhookSink()
    with webhook_server(sink) as url:
        config = dataclasses.replace(
            lead_settings("unused", webhook_url=url), webhook_secret="shared-secret"
        )
        sqlite_lead_store.save(make_lead(), channels_on(config))
        assert deliver(sqlite_lead_store, config).sent == {"webhook": 1}
    request = sink.requests[0]
    expected = hmac.new(b"shared-secret", request.raw, hashlib.sha256).hexdigest()
    headers = {name.lower(): value for name, value in request.headers.items()}  # any case
    assert headers["x-signature-sha256"] == expected


def test_a_webhook_error_keeps_the_lead_pending_and_it_is_retried(
    sqlite_lead_store: LeadStore,
) -> None:
    sink = WebhookSink(statuses=[500, 200])
    with webhook_server(sink) as url:
        config = lead_settings("unused", webhook_url=url)
        lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

        failed = deliver(sqlite_lead_store, config)
        stored = sqlite_lead_store.get(lead_id)
        retried = deliver(sqlite_lead_store, config)
        done = deliver(sqlite_lead_store, config)

    assert failed.failed == {"webhook": 1}
    assert stored is not None
    assert stored["webhook_state"] == "pending"
    assert stored["webhook_error"] == "webhook HTTP 500"
    assert retried.sent == {"webhook": 1}
    assert (done.sent, done.failed) == ({}, {})
    assert len(sink.requests) == 2
    keys = [request.headers["Idempotency-Key"] for request in sink.requests]
    assert keys == [version(sqlite_lead_store, lead_id)] * 2
    final = sqlite_lead_store.get(lead_id)
    assert final is not None
    assert final["webhook_state"] == "sent"


def test_email_and_webhook_are_independent(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink
) -> None:
    sink = WebhookSink(statuses=[503, 200])
    smtp_sink.start()
    with webhook_server(sink) as url:
        config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port), webhook_url=url)
        lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

        first = deliver(sqlite_lead_store, config)
        second = deliver(sqlite_lead_store, config)

    assert (first.sent, first.failed) == ({"email": 1}, {"webhook": 1})
    assert (second.sent, second.failed) == ({"webhook": 1}, {})
    assert len(smtp_sink.handler.envelopes) == 1
    assert len(sink.requests) == 2
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert (stored["email_state"], stored["webhook_state"]) == ("sent", "sent")
    assert (stored["email_attempts"], stored["webhook_attempts"]) == (1, 2)


def test_an_unreachable_webhook_keeps_the_lead_pending(sqlite_lead_store: LeadStore) -> None:
    config = lead_settings("unused", webhook_url=f"http://127.0.0.1:{free_port()}/hook")
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    assert deliver(sqlite_lead_store, config).failed == {"webhook": 1}

    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None
    assert stored["webhook_state"] == "pending"
    assert stored["webhook_error"].startswith("webhook ")
    assert "127.0.0.1" not in stored["webhook_error"]


# --- STARTTLS and login -------------------------------------------------------------------------


LOOPBACK = ip_address("127.0.0.1")


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made here (no openssl binary needed)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> Any:
    """The server's only account: sales-bot / s3cret."""
    return AuthResult(success=(auth.login, auth.password) == (b"sales-bot", b"s3cret"))


def tls_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, implicit: bool
) -> tuple[Controller, int, list[Any]]:
    """A started SMTP server with TLS (STARTTLS required, or SMTPS) and a required login.

    The client trusts its certificate through SSL_CERT_FILE, as an operator would trust a
    private CA; the certificate is still checked (host name and signature).
    """
    cert_file, key_file = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    handler = CollectingHandler()
    port = free_port()
    tls: dict[str, Any] = (
        {"ssl_context": context, "auth_require_tls": False}
        if implicit
        else {"tls_context": context, "require_starttls": True}
    )
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_required=True,
        **tls,
    )
    controller.start()
    return controller, port, handler.envelopes


@pytest.fixture
def tls_smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, list[Any]]]:
    """An SMTP server that requires STARTTLS and a login."""
    controller, port, received = tls_server(tmp_path, monkeypatch, implicit=False)
    try:
        yield port, received
    finally:
        controller.stop()


# With SMTPS the whole connection is TLS; aiosmtpd's warning is about plain connections.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtps_and_login_deliver(
    sqlite_lead_store: LeadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, port, received = tls_server(tmp_path, monkeypatch, implicit=True)
    try:
        smtp = dataclasses.replace(
            secured(port, starttls=False, password="s3cret"), implicit_tls=True
        )
        config = lead_settings("unused", smtp=smtp)
        sqlite_lead_store.save(make_lead(), channels_on(config))
        assert deliver(sqlite_lead_store, config).sent == {"email": 1}
    finally:
        controller.stop()
    assert len(received) == 1


def secured(port: int, *, starttls: bool, password: str) -> SmtpSettings:
    # aiosmtpd 1.4 does not answer a refused login before the client gives up: keep that short.
    return dataclasses.replace(
        smtp_settings(port),
        starttls=starttls,
        username="sales-bot",
        password=password,
        timeout_seconds=1,
    )


def test_starttls_and_login_deliver(
    sqlite_lead_store: LeadStore, tls_smtp: tuple[int, list[Any]]
) -> None:
    port, received = tls_smtp
    config = lead_settings("unused", smtp=secured(port, starttls=True, password="s3cret"))
    sqlite_lead_store.save(make_lead(), channels_on(config))

    assert deliver(sqlite_lead_store, config).sent == {"email": 1}
    assert len(received) == 1


@pytest.mark.parametrize(("starttls", "password"), [(True, "wrong"), (False, "s3cret")])
def test_a_refused_login_or_missing_tls_keeps_the_lead_pending(
    sqlite_lead_store: LeadStore, tls_smtp: tuple[int, list[Any]], starttls: bool, password: str
) -> None:
    port, received = tls_smtp
    config = lead_settings("unused", smtp=secured(port, starttls=starttls, password=password))
    lead_id, _ = sqlite_lead_store.save(make_lead(), channels_on(config))

    assert deliver(sqlite_lead_store, config).failed == {"email": 1}
    stored = sqlite_lead_store.get(lead_id)
    assert stored is not None and stored["email_state"] == "pending"
    error = stored["email_error"]
    assert error.startswith("SMTP") and "s3cret" not in error and "sales-bot" not in error
    if not starttls:  # without TLS the server offers no login at all
        assert error == "SMTP SMTPNotSupportedError"
    assert received == []


# --- The retry loop of the action server ---------------------------------------------------------


async def test_the_retry_loop_survives_a_failed_pass_then_delivers(
    sqlite_lead_store: LeadStore, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    smtp_sink.start()
    config = lead_settings("unused", smtp=smtp_settings(smtp_sink.port))
    sqlite_lead_store.save(make_lead(), channels_on(config))
    passes: list[int] = []

    def first_pass_fails(store: LeadStore, settings: LeadSettings) -> Any:
        passes.append(1)
        if len(passes) == 1:  # the database is briefly unreachable
            raise OperationalError("SELECT", {}, Exception("database is locked"))
        return deliver(store, settings)

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise asyncio.CancelledError  # the server stops

    monkeypatch.setattr(delivery, "deliver", first_pass_fails)
    monkeypatch.setattr(
        delivery, "asyncio", SimpleNamespace(to_thread=asyncio.to_thread, sleep=sleep)
    )
    with pytest.raises(asyncio.CancelledError):
        await delivery.retry_forever(sqlite_lead_store, config)

    assert len(passes) == 2
    assert waits == [config.retry_seconds, config.retry_seconds]
    assert len(smtp_sink.handler.envelopes) == 1
