"""The action server's start-up: unusable lead settings stop it with one line, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.server import main
from bot import settings
from bot.leads import handoff


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings are read once per process: forget them before and after each test."""
    monkeypatch.setenv("LEADS_DB_URL", f"sqlite:///{tmp_path / 'leads.sqlite3'}")
    for cached in (settings.settings, handoff.office_hours, handoff.lead_store):
        cached.cache_clear()
    yield
    for cached in (settings.settings, handoff.office_hours, handoff.lead_store):
        cached.cache_clear()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("OFFICE_HOURS", "whenever"),
        ("OFFICE_TIMEZONE", "Europe/Atlantis"),
        ("LEADS_RETRY_SECONDS", "0"),
        ("LEADS_DB_URL", "not a url"),
    ],
)
def test_unusable_settings_stop_the_server_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["--port", "1"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("action server: ") and variable in error
    assert error.count("\n") == 1


def test_an_unreachable_lead_database_stops_the_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEADS_DB_URL", "postgresql://leads:s3cret@127.0.0.1:1/leads")
    assert main(["--port", "1"]) == 2
    error = capsys.readouterr().err
    assert "OperationalError" in error and "s3cret" not in error
