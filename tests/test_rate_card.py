"""The rate card loads, carries every source fact, and fails loudly and precisely when broken."""

from pathlib import Path
from typing import Any

import pytest

from bot.pricing.rate_card import RateCard, RateCardError, load_rate_card
from tests.conftest import write_card


def test_source_ranges_are_those_of_the_seed_document(card: RateCard) -> None:
    # SPEC section 1, copied from the blog post.
    source = card.source
    assert (source.startup_fee.low, source.startup_fee.high) == (0, 10000)
    assert (source.management_fee.low, source.management_fee.high) == (175, None)
    assert (source.training.low, source.training.high) == (28, 40)
    assert (source.dedicated.low, source.dedicated.high) == (30, 75)
    assert (source.per_minute.low, source.per_minute.high) == (0.75, 2.00)
    assert (source.per_interaction.low, source.per_interaction.high) == (1.75, 7.00)
    assert source.not_included.items == ["phone_number", "call_forwarding", "extra_work"]


def test_every_assumption_is_justified(card: RateCard) -> None:
    for name in card.assumption_names():
        assert len(getattr(card.assumptions, name).why.split()) >= 5, name


def test_24_7_is_every_hour_of_the_month(card: RateCard) -> None:
    hours = {key.value: value for key, value in card.assumptions.open_hours_per_month.value.items()}
    assert hours["24_7"] == pytest.approx(24 * 365 / 12)
    assert hours["office_hours"] < hours["extended_hours"] < hours["24_7"]


def test_pricing_file_environment_variable_selects_the_card(
    tmp_path: Path, raw_card: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_card["pricing_version"] = "test-override"
    monkeypatch.setenv("PRICING_FILE", str(write_card(tmp_path, raw_card)))
    assert load_rate_card().pricing_version == "test-override"


def _break(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        data = data[key]
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("source.training.high", 10, "source.training"),
        ("assumptions.shrinkage.value", 1.5, "assumptions.shrinkage"),
        ("assumptions.occupancy_cap.value", "high", "assumptions.occupancy_cap.value"),
        ("assumptions.rate_band.why", " ", "assumptions.rate_band.why"),
        ("assumptions.open_hours_per_month.value", {"office_hours": 195}, "open_hours_per_month"),
        ("assumptions.rate_driver_weights.value.dedicated.coverage", 0.5, "rate_driver_weights"),
        (
            "assumptions.per_interaction_rate.value.long_contact_minutes",
            1,
            "per_interaction_rate",
        ),
        ("assumptions.training_hours_per_agent", _DELETE, "training_hours_per_agent"),
        ("assumptions.management_fee.value.ceiling", 100, "management_fee.ceiling"),
        ("assumptions.typo_assumption", {"value": 1, "why": "x"}, "typo_assumption"),
        ("assumptions.in_house_one_off_per_hire.value.low", 9000, "in_house_one_off_per_hire"),
    ],
)
def test_broken_card_fails_naming_the_field(
    tmp_path: Path, raw_card: dict[str, Any], path: str, value: Any, named: str
) -> None:
    _break(raw_card, path, value)
    with pytest.raises(RateCardError) as error:
        load_rate_card(write_card(tmp_path, raw_card))
    assert named in str(error.value)
    assert str(tmp_path) in str(error.value)


def test_unreadable_card_fails_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(RateCardError, match=r"missing\.yml"):
        load_rate_card(tmp_path / "missing.yml")
    (tmp_path / "list.yml").write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(RateCardError, match="mapping"):
        load_rate_card(tmp_path / "list.yml")
