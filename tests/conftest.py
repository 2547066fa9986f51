"""Shared fixtures: the packaged rate card, and a writable copy to break on purpose."""

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from bot.leads.store import LeadStore
from bot.pricing.rate_card import RateCard, load_rate_card
from bot.settings import DEFAULT_RATE_CARD, development_settings
from bot.settings import settings as project_settings
from tests import leads_support

# Property tests: 200 examples each by default; HYPOTHESIS_PROFILE=thorough for a long hunt.
settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(development_settings().hypothesis_profile)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    """Each test reads the environment as it sets it: the settings are read once per process."""
    project_settings.cache_clear()
    yield
    project_settings.cache_clear()


@pytest.fixture(scope="session")
def card() -> RateCard:
    return load_rate_card(DEFAULT_RATE_CARD)


@pytest.fixture()
def raw_card() -> dict[str, Any]:
    """The packaged rate card as plain YAML data, for tests that modify it."""
    data: dict[str, Any] = yaml.safe_load(DEFAULT_RATE_CARD.read_text(encoding="utf-8"))
    return data


def write_card(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "card.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- The trained model (slow tests) -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """models/assistant.tar.gz, trained by scripts/train.sh unless it is up to date.

    Shared by every slow test that needs the model (the running assistant, the Rasa test
    stories), so that one test run trains at most once; `make run` reuses it too.
    """
    done = subprocess.run(
        ["bash", "scripts/train.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return ROOT / "models" / "assistant.tar.gz"


# --- Leads (tests/test_leads_*.py; helpers in tests/leads_support.py) -----------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def lead_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LeadStore]:
    """An empty lead store on SQLite, and on PostgreSQL (LEADS_TEST_PG_URL; required in CI)."""
    if request.param == "sqlite":
        with leads_support.sqlite_store(tmp_path) as store:
            yield store
    else:
        with leads_support.postgres_store(leads_support.postgres_url()) as store:
            yield store


@pytest.fixture()
def sqlite_lead_store(tmp_path: Path) -> Iterator[LeadStore]:
    """An empty lead store in a SQLite file (delivery and CLI tests)."""
    with leads_support.sqlite_store(tmp_path) as store:
        yield store


@pytest.fixture()
def smtp_sink() -> Iterator[leads_support.SmtpSink]:
    """A real SMTP server on a free port of 127.0.0.1, not started yet (tests call start())."""
    sink = leads_support.SmtpSink(leads_support.free_port())
    try:
        yield sink
    finally:
        sink.stop()
