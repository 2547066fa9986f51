"""The lead pipeline's configuration, taken from the project's settings (bot/settings.py).

The lead core (store, email, webhook, delivery) works on these plain, frozen values, so tests
and benches build them directly; the action server and the CLI build them from the
environment through `settings()`. Defaults need no service: a SQLite file under var/, no
email, no webhook.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings, load
from bot.settings import settings as project_settings


@dataclass(frozen=True)
class SmtpSettings:
    """Where lead emails go, and how to log in (STARTTLS and login are optional)."""

    host: str
    port: int
    sales_email: str
    sender: str
    starttls: bool
    username: str
    password: str
    timeout_seconds: int
    implicit_tls: bool = False  # SMTPS (port 465): TLS from the first byte


@dataclass(frozen=True)
class LeadSettings:
    """Everything the lead pipeline is configured with."""

    db_url: str
    smtp: SmtpSettings | None  # None: no SMTP_HOST, leads are stored but not emailed
    webhook_url: str  # "" when no CRM webhook is configured
    retry_seconds: int
    retention_days: int
    office_hours: str
    office_timezone: str
    webhook_secret: str = ""  # signs webhook bodies (HMAC-SHA256) when set


def lead_settings(config: Settings) -> LeadSettings:
    """The lead pipeline's part of the project's settings."""
    smtp = None
    if config.smtp_host:
        smtp = SmtpSettings(
            host=config.smtp_host,
            port=config.smtp_port,
            sales_email=config.sales_email,
            sender=config.smtp_from,
            starttls=config.smtp_starttls,
            username=config.smtp_username,
            password=config.smtp_password.get_secret_value(),
            timeout_seconds=config.smtp_timeout,
            implicit_tls=config.smtp_ssl,
        )
    return LeadSettings(
        db_url=config.leads_db_url,
        smtp=smtp,
        webhook_url=config.leads_webhook_url,
        retry_seconds=config.leads_retry_seconds,
        retention_days=config.leads_retention_days,
        office_hours=config.office_hours,
        office_timezone=config.office_timezone,
        webhook_secret=config.leads_webhook_secret.get_secret_value(),
    )


def read_settings() -> LeadSettings:
    """The lead settings as the environment gives them now (the CLI, and tests)."""
    return lead_settings(load(Settings))


def settings() -> LeadSettings:
    """The process's lead settings (the environment is read once, by bot.settings)."""
    return lead_settings(project_settings())
