"""Lead settings, read from the environment once per process (README: Configuration).

Defaults need no service: a SQLite file under var/, no email, no webhook. Whatever is
misconfigured is reported by name when the settings are read, not when a visitor is waiting.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_URL = f"sqlite:///{ROOT / 'var' / 'leads.sqlite3'}"
# Where leads go when SALES_EMAIL is not set: the company's published address (the source
# document; domain.yml company_email, kept equal by tests/test_leads_settings.py).
DEFAULT_SALES_EMAIL = "info@spangenbergGroep.nl"


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used."""


def one_line(error: Exception) -> str:
    """An error for a terminal: its kind and first line (a database error can be long)."""
    lines = str(error).splitlines() or [""]
    return f"{type(error).__name__}: {lines[0]}"


def env_text(name: str, default: str = "") -> str:
    """A variable's value without surrounding blanks, or `default` when unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number variable, at least `minimum`."""
    raw = env_text(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_flag(name: str) -> bool:
    """A yes/no variable: 1, true, yes or on mean yes."""
    return env_text(name).lower() in ("1", "true", "yes", "on")


def database_url() -> str:
    """LEADS_DB_URL, checked to be an SQLAlchemy URL (the message never repeats it: passwords)."""
    url = env_text("LEADS_DB_URL", DEFAULT_DB_URL)
    try:
        make_url(url)
    except ArgumentError:
        raise SettingsError(
            "LEADS_DB_URL is not an SQLAlchemy URL "
            "(e.g. sqlite:////path/leads.sqlite3 or postgresql://user:password@host/db)"
        ) from None
    return url


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
    """Everything the lead pipeline reads from the environment."""

    db_url: str
    smtp: SmtpSettings | None  # None: no SMTP_HOST, leads are stored but not emailed
    webhook_url: str  # "" when no CRM webhook is configured
    retry_seconds: int
    retention_days: int
    office_hours: str
    office_timezone: str
    webhook_secret: str = ""  # signs webhook bodies (HMAC-SHA256) when set


def read_settings() -> LeadSettings:
    """The settings as the environment gives them now (tests call this after monkeypatching)."""
    host = env_text("SMTP_HOST")
    smtp = None
    if host:
        smtp = SmtpSettings(
            host=host,
            port=env_int("SMTP_PORT", 25, minimum=1),
            sales_email=env_text("SALES_EMAIL", DEFAULT_SALES_EMAIL),
            sender=env_text("SMTP_FROM", "cost-assistant@localhost"),
            starttls=env_flag("SMTP_STARTTLS"),
            username=env_text("SMTP_USERNAME"),
            password=os.environ.get("SMTP_PASSWORD", ""),
            timeout_seconds=env_int("SMTP_TIMEOUT", 10, minimum=1),
            implicit_tls=env_flag("SMTP_SSL"),
        )
        if smtp.implicit_tls and smtp.starttls:
            raise SettingsError("SMTP_SSL and SMTP_STARTTLS exclude each other: set one")
    return LeadSettings(
        db_url=database_url(),
        smtp=smtp,
        webhook_url=env_text("LEADS_WEBHOOK_URL"),
        retry_seconds=env_int("LEADS_RETRY_SECONDS", 60, minimum=1),
        retention_days=env_int("LEADS_RETENTION_DAYS", 365, minimum=1),
        office_hours=env_text("OFFICE_HOURS", "mon-fri 09:00-17:30"),
        office_timezone=env_text("OFFICE_TIMEZONE", "Europe/Amsterdam"),
        webhook_secret=os.environ.get("LEADS_WEBHOOK_SECRET", ""),
    )


@functools.lru_cache(maxsize=1)
def settings() -> LeadSettings:
    """The process's settings, read once (the action server and the CLI)."""
    return read_settings()
