"""Lead settings from the environment: defaults, parsing, and errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.leads.settings import DEFAULT_SALES_EMAIL, ROOT, SettingsError, read_settings

VARIABLES = (
    "LEADS_DB_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "SMTP_USERNAME", "SMTP_PASSWORD",
    "SMTP_FROM", "SMTP_TIMEOUT", "SALES_EMAIL", "LEADS_WEBHOOK_URL", "LEADS_RETRY_SECONDS",
    "LEADS_RETENTION_DAYS", "OFFICE_HOURS", "OFFICE_TIMEZONE", "SMTP_SSL", "LEADS_WEBHOOK_SECRET",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_the_defaults_need_no_service() -> None:
    settings = read_settings()
    assert settings.db_url.startswith("sqlite:///")
    assert Path(settings.db_url.removeprefix("sqlite:///")).parent == ROOT / "var"
    assert settings.smtp is None and settings.webhook_url == ""
    assert settings.office_timezone == "Europe/Amsterdam"


def test_the_default_sales_address_is_the_company_address_of_the_domain() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert domain["slots"]["company_email"]["initial_value"] == DEFAULT_SALES_EMAIL


def test_smtp_is_on_with_a_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_HOST", " mail.example.com ")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("SMTP_STARTTLS", "true")
    monkeypatch.setenv("SALES_EMAIL", "sales@example.com")
    smtp = read_settings().smtp
    assert smtp is not None
    assert (smtp.host, smtp.port, smtp.starttls) == ("mail.example.com", 2525, True)
    assert smtp.sales_email == "sales@example.com" and smtp.username == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SMTP_PORT", "twenty-five"),
        ("SMTP_PORT", "0"),
        ("LEADS_RETENTION_DAYS", "-1"),
        ("LEADS_RETRY_SECONDS", "soon"),
        ("LEADS_DB_URL", "no url at all"),
    ],
)
def test_an_unusable_value_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv("SMTP_HOST", "mail.example.com")
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        read_settings()


def test_smtps_and_starttls_exclude_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_HOST", "mail.example.com")
    monkeypatch.setenv("SMTP_SSL", "1")
    smtp = read_settings().smtp
    assert smtp is not None and smtp.implicit_tls and not smtp.starttls
    monkeypatch.setenv("SMTP_STARTTLS", "1")
    with pytest.raises(SettingsError, match="SMTP_SSL"):
        read_settings()


def test_the_webhook_secret_is_read_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADS_WEBHOOK_SECRET", " s3cret with spaces ")
    assert read_settings().webhook_secret == " s3cret with spaces "
