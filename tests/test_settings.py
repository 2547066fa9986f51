"""Settings from the environment: defaults, parsing, errors that name the variable, the README.

Every variable is a field of bot.settings; the README's table must say what the module says.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.leads.settings import read_settings
from bot.settings import (
    ROOT,
    DevelopmentSettings,
    Settings,
    SettingsError,
    load,
    markdown_table,
    settings,
)

VARIABLES = [name.upper() for kind in (Settings, DevelopmentSettings) for name in kind.__fields__]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def readme_table() -> str:
    """The configuration table of the README, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))


def test_the_readme_documents_every_variable_with_its_default() -> None:
    assert readme_table() == markdown_table(), "run: python -m bot.settings --markdown"


def test_the_project_reads_no_variable_outside_the_settings_module() -> None:
    """No os.environ read outside bot/settings.py (setting a child's environment is fine)."""
    reading = re.compile(r"os\.environ\.get|os\.getenv|os\.environ\[")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "actions", "channels", "web", "scripts", "bench", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if reading.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_shell_scripts_take_no_default_of_their_own() -> None:
    """run.sh gets every value from `python -m bot.settings --shell`: no ${NAME:-default}."""
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert re.findall(r"\$\{[A-Z_]+:-", script) == []


def test_the_defaults_are_the_documented_ports_and_hosts() -> None:
    config = load(Settings)
    assert (config.rasa_port, config.actions_port, config.web_port) == (5005, 5055, 8000)
    assert config.rasa_host == config.web_host == config.sanic_host == "127.0.0.1"
    assert config.browser_origins() == ["http://localhost:8000", "http://127.0.0.1:8000"]


def test_the_rasa_endpoints_file_points_at_the_action_server_on_its_default_port() -> None:
    """endpoints.yml works as is (tests, `rasa shell`); run.sh rewrites it from the settings."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    port = Settings.__fields__["actions_port"].default
    assert endpoints["action_endpoint"]["url"] == f"http://127.0.0.1:{port}/webhook"


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PORT", "")
    monkeypatch.setenv("SMTP_HOST", "  ")
    config = load(Settings)
    assert config.rasa_port == 5005 and config.smtp_host == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RASA_PORT", "http"),
        ("WEB_PORT", "70000"),
        ("STARTUP_TIMEOUT", "0"),
        ("REDIS_URL", "localhost:6379"),
        ("REDIS_URL", "redis://host/zero"),
        ("TRACKER_DB_URL", "postgres-on-the-other-box"),
        ("WEB_ORIGINS", "https://ok.example.com,not an origin"),
        ("RASA_PUBLIC_URL", "chat.example.com"),
        ("LEADS_WEBHOOK_URL", "ftp://crm.example.com/hook"),
        ("OFFICE_TIMEZONE", "Europe/Atlantis"),
        ("SMTP_STARTTLS", "perhaps"),
    ],
)
def test_every_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"^{name}: ") as error:
        load(Settings)
    assert "\n" not in str(error.value)


def test_the_ports_must_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_PORT", "5005")
    with pytest.raises(SettingsError, match="RASA_PORT, ACTIONS_PORT and WEB_PORT must differ"):
        load(Settings)


def test_a_heroku_postgres_url_is_read_as_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", "postgres://u:p@db/rasa")
    assert load(Settings).tracker_url() == "postgresql://u:p@db/rasa"


def test_extra_origins_come_after_the_websites_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_PORT", "8080")
    monkeypatch.setenv("WEB_ORIGINS", " https://www.example.com/ ,http://localhost:8080")
    assert settings().browser_origins() == [
        "http://localhost:8080",
        "http://127.0.0.1:8080",
        "https://www.example.com",
    ]


def run_settings(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.settings", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_shell_gets_the_checked_values() -> None:
    done = run_settings("--shell", env={"RASA_PORT": "22005", "RASA_TOKEN": "it's secret"})
    assert done.returncode == 0, done.stderr
    lines = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines())
    assert lines["RASA_PORT"] == "22005" and lines["ACTIONS_PORT"] == "5055"
    assert shlex.split(lines["RASA_TOKEN"]) == ["it's secret"]
    assert lines["WEB_ORIGINS"] == "http://localhost:8000,http://127.0.0.1:8000"
    assert lines["LEADS_DB_IS_DEFAULT"] == "true"


def test_the_shell_gets_one_line_and_exit_2_on_a_bad_value() -> None:
    done = run_settings("--shell", env={"ACTIONS_PORT": "fifty"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: ACTIONS_PORT: ") and done.stderr.count("\n") == 1


def test_the_lead_defaults_need_no_service() -> None:
    settings = read_settings()
    assert settings.db_url.startswith("sqlite:///")
    assert Path(settings.db_url.removeprefix("sqlite:///")).parent == ROOT / "var"
    assert settings.smtp is None and settings.webhook_url == ""
    assert settings.office_timezone == "Europe/Amsterdam"


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
