"""Shared fixtures: the packaged rate card, and a writable copy to break on purpose."""

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from bot.pricing.rate_card import DEFAULT_RATE_CARD, RateCard, load_rate_card

# Property tests: 200 examples each by default; HYPOTHESIS_PROFILE=thorough for a long hunt.
settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
