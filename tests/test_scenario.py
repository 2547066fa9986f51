"""Scenario validation: SPEC section 2 values in, anything else out with the field's name."""

from typing import Any

import pytest
from pydantic import ValidationError

from bot.pricing.scenario import SCENARIO_FIELDS, Scenario


def test_every_spec_parameter_is_accepted() -> None:
    scenario = Scenario(
        support_model="per_minute",
        monthly_contacts=3000,
        aht_minutes=4.5,
        coverage="24_7",
        support_languages=["FR", "nl", "fr", " de "],
        channels=["phone", "chat", "phone"],
        complexity="complex",
        agents=4,
        integrations=0,
        contract_months=24,
        language="nl",
    )
    assert scenario.support_languages == ["fr", "nl", "de"]
    assert [channel.value for channel in scenario.channels or []] == ["phone", "chat"]
    assert scenario.given() == set(SCENARIO_FIELDS)


def test_nothing_given_is_valid() -> None:
    assert Scenario().given() == set()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("monthly_contacts", 0),
        ("monthly_contacts", -10),
        ("monthly_contacts", 1e9),
        ("monthly_contacts", True),
        ("monthly_contacts", "3000"),
        ("monthly_contacts", float("nan")),
        ("monthly_contacts", float("inf")),
        ("aht_minutes", 0),
        ("aht_minutes", 600),
        ("agents", -1),
        ("agents", 1e6),
        ("integrations", -1),
        ("integrations", 400),
        ("contract_months", 0),
        ("contract_months", 1000),
        ("coverage", "24/7"),
        ("support_model", "cheap"),
        ("complexity", "hard"),
        ("channels", []),
        ("channels", ["fax"]),
        ("channels", "phone"),
        ("support_languages", []),
        ("support_languages", ["xx"]),
        ("support_languages", ["french"]),
        ("support_languages", "fr"),
        ("support_languages", [f"{a}{b}" for a in "abcdefghij" for b in "abcdefghij"]),
        ("language", "de"),
    ],
)
def test_invalid_values_name_their_field(field: str, value: Any) -> None:
    with pytest.raises(ValidationError) as error:
        Scenario(**{field: value})
    assert error.value.errors()[0]["loc"][0] == field


def test_unknown_parameters_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Scenario(monthly_contacts=10, budget=5)
    assert error.value.errors()[0]["loc"] == ("budget",)


def test_400_languages_are_refused_with_a_limit() -> None:
    with pytest.raises(ValidationError, match="1 to 12 languages"):
        Scenario(
            support_languages=[
                "fr",
                "nl",
                "en",
                "de",
                "es",
                "it",
                "pt",
                "pl",
                "tr",
                "ar",
                "zh",
                "ja",
                "ko",
            ]
        )
