"""Property tests: SPEC section 4 invariants and monotonicity over random valid scenarios."""

import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from bot.pricing import Scenario, estimate
from bot.pricing.estimate import Estimate
from bot.pricing.rate_card import default_rate_card
from bot.pricing.scenario import ISO_639_1, MAX_SUPPORT_LANGUAGES, SCENARIO_FIELDS

LANGUAGES = sorted(ISO_639_1)
SOURCE_ITEM = {
    "startup_fee": "startup_fee",
    "management_fee": "management_fee",
    "training": "training",
    "agent_hours": "dedicated",
    "handled_minutes": "per_minute",
    "interactions": "per_interaction",
}

parameters: dict[str, st.SearchStrategy[Any]] = {
    "support_model": st.sampled_from(["dedicated", "per_minute", "per_interaction"]),
    "monthly_contacts": st.floats(min_value=1, max_value=5_000_000),
    "aht_minutes": st.floats(min_value=0.1, max_value=240),
    "coverage": st.sampled_from(["office_hours", "extended_hours", "24_7"]),
    "support_languages": st.lists(
        st.sampled_from(LANGUAGES), min_size=1, max_size=MAX_SUPPORT_LANGUAGES, unique=True
    ),
    "channels": st.lists(
        st.sampled_from(["phone", "email", "chat", "social"]), min_size=1, unique=True
    ),
    "complexity": st.sampled_from(["simple", "standard", "complex"]),
    "agents": st.floats(min_value=0.5, max_value=300),
    "integrations": st.integers(min_value=0, max_value=50),
    "contract_months": st.integers(min_value=1, max_value=120),
}


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Any subset of the parameters that can be priced (a volume or a team size)."""
    chosen = draw(st.sets(st.sampled_from(sorted(parameters))))
    data = {name: draw(parameters[name]) for name in chosen}
    if "monthly_contacts" not in data and "agents" not in data:
        data["monthly_contacts"] = draw(parameters["monthly_contacts"])
    return data


def ordered(money: dict[str, int]) -> bool:
    return money["low"] <= money["expected"] <= money["high"]


def check_invariants(given_data: dict[str, Any], payload: dict[str, Any]) -> None:
    card = default_rate_card()
    assert payload["type"] == "estimate"
    assert payload["currency"] == "EUR"
    assert payload["pricing_version"] == card.pricing_version
    assert list(payload["scenario"]) == list(SCENARIO_FIELDS)
    assert all(
        payload["scenario"][name] is not None
        for name in SCENARIO_FIELDS
        if name not in ("support_model", "agents")
    )
    assert set(payload["assumed"]) == {
        name
        for name in SCENARIO_FIELDS
        if name not in given_data and name not in ("support_model", "agents")
    }
    models = [item["model"] for item in payload["options"]]
    expected_models = (
        [given_data["support_model"]]
        if "support_model" in given_data
        else ["dedicated", "per_minute", "per_interaction"]
    )
    assert models == expected_models
    assert payload["recommended"] in models
    for item in payload["options"]:
        for key in ("one_off", "monthly", "first_year", "contract_total"):
            assert ordered(item[key]), (item["model"], key)
        for basis in ("one_off", "monthly"):
            for point in ("low", "expected", "high"):
                total = sum(
                    line["amount"][point] for line in item["lines"] if line["basis"] == basis
                )
                assert total == item[basis][point]
        for point in ("low", "expected", "high"):
            assert item["first_year"][point] == item["one_off"][point] + 12 * item["monthly"][point]
        for line in item["lines"]:
            assert ordered(line["amount"]), line
            assert line["rate"]["low"] <= line["rate"]["expected"] <= line["rate"]["high"]
            source = getattr(card.source, SOURCE_ITEM[line["item"]])
            assert line["rate"]["low"] >= source.low
            if source.high is not None:
                assert line["rate"]["high"] <= source.high
        assert {"startup_fee", "training", "management_fee"} <= {
            line["item"] for line in item["lines"]
        }
    in_house = payload["in_house"]
    for key in ("monthly", "first_year"):
        assert ordered(in_house[key])
    assert (
        in_house["first_year"]["expected"]
        == in_house["one_off"]["expected"] + 12 * in_house["monthly"]["expected"]
    )
    assert payload["not_included"] == ["phone_number", "call_forwarding", "extra_work"]


@given(scenarios())
def test_every_estimate_keeps_the_spec_invariants(data: dict[str, Any]) -> None:
    payload = estimate(Scenario(**data)).payload()
    check_invariants(data, payload)
    # The payload is plain JSON and validates against the published model.
    assert Estimate.parse_obj(json.loads(json.dumps(payload))).payload() == payload


def first_year(data: dict[str, Any], model: str) -> int:
    result = estimate(Scenario(**data, support_model=model))
    return result.options[0].first_year.expected


models = st.sampled_from(["dedicated", "per_minute", "per_interaction"])
base_scenarios = scenarios().map(
    lambda data: {key: value for key, value in data.items() if key != "support_model"}
)


@given(base_scenarios, models)
def test_longer_opening_hours_never_cost_less(data: dict[str, Any], model: str) -> None:
    costs = [
        first_year({**data, "coverage": coverage}, model)
        for coverage in ("office_hours", "extended_hours", "24_7")
    ]
    assert costs == sorted(costs)


@given(base_scenarios, models)
def test_more_complex_support_never_costs_less(data: dict[str, Any], model: str) -> None:
    costs = [
        first_year({**data, "complexity": level}, model)
        for level in ("simple", "standard", "complex")
    ]
    assert costs == sorted(costs)


@given(
    base_scenarios,
    models,
    st.lists(st.sampled_from(LANGUAGES), min_size=2, max_size=MAX_SUPPORT_LANGUAGES, unique=True),
)
def test_more_languages_never_cost_less(
    data: dict[str, Any], model: str, languages: list[str]
) -> None:
    fewer = first_year({**data, "support_languages": languages[:-1]}, model)
    more = first_year({**data, "support_languages": languages}, model)
    assert more >= fewer


@given(base_scenarios, models, st.floats(min_value=1.01, max_value=10))
def test_more_contacts_never_cost_less(data: dict[str, Any], model: str, factor: float) -> None:
    data = {**data, "monthly_contacts": data.get("monthly_contacts", 1000.0)}
    data.pop("agents", None)
    bigger = {**data, "monthly_contacts": min(5_000_000, data["monthly_contacts"] * factor)}
    assert first_year(bigger, model) >= first_year(data, model)


# --- The price per contact follows the handling time (issue 14) ----------------------------

handling_times = st.floats(min_value=0.1, max_value=240)
HALF_CENT = 0.005  # rates are quoted in whole cents
# A bound met exactly, as 4.56 / 5.5 = 0.83 - 0.005 / 5.5 is, can come out a few units of the
# last place short in floating point.
FLOAT_SLACK = 1e-9


def usage_line(payload: dict[str, Any], model: str, item: str) -> dict[str, Any]:
    option = next(entry for entry in payload["options"] if entry["model"] == model)
    found: dict[str, Any] = next(line for line in option["lines"] if line["item"] == item)
    return found


@given(base_scenarios, handling_times, handling_times)
def test_the_per_interaction_amount_never_falls_when_handling_time_rises(
    data: dict[str, Any], first: float, second: float
) -> None:
    data.pop("agents", None)  # a stated team implies the volume from the handling time
    data.pop("aht_minutes", None)
    data.setdefault("monthly_contacts", 1000.0)
    shorter, longer = sorted((first, second))
    short, long = (
        usage_line(
            estimate(Scenario(**data, aht_minutes=minutes)).payload(),
            "per_interaction",
            "interactions",
        )["amount"]
        for minutes in (shorter, longer)
    )
    assert all(short[point] <= long[point] for point in ("low", "expected", "high"))
    assert first_year({**data, "aht_minutes": shorter}, "per_interaction") <= first_year(
        {**data, "aht_minutes": longer}, "per_interaction"
    )


@given(base_scenarios)
@example({"support_languages": ["aa"], "channels": ["phone", "social"], "monthly_contacts": 1.0})
def test_per_interaction_per_handled_minute_stays_in_the_per_minute_band(
    data: dict[str, Any],
) -> None:
    source = default_rate_card().source.per_interaction
    payload = estimate(Scenario(**data)).payload()
    minutes = payload["scenario"]["aht_minutes"]
    per_minute = usage_line(payload, "per_minute", "handled_minutes")["rate"]
    per_contact = usage_line(payload, "per_interaction", "interactions")["rate"]
    for point in ("low", "expected", "high"):
        price = per_contact[point]
        assert source.low <= price <= (source.high or price)
        if price < (source.high or price):  # only the source's ceiling may push it below
            assert price / minutes >= per_minute["low"] - HALF_CENT / minutes - FLOAT_SLACK, point
        if price > source.low:  # only the source's floor may push it above
            assert price / minutes <= per_minute["high"] + HALF_CENT / minutes + FLOAT_SLACK, point


@given(base_scenarios)
def test_the_ceiling_is_named_and_never_recommended(data: dict[str, Any]) -> None:
    payload = estimate(Scenario(**data)).payload()
    advice, limits = payload["recommendation"], payload["per_interaction"]
    minutes = payload["scenario"]["aht_minutes"]
    at_ceiling = "per_interaction_ceiling" in payload["warnings"]
    assert advice["not_recommended"] == (["per_interaction"] if at_ceiling else [])
    assert payload["recommended"] not in advice["not_recommended"]
    # The handling times where the range clips, rounded to 0.1 minute, match the warnings.
    assert limits["from_minutes"] <= limits["to_minutes"]
    if minutes > limits["to_minutes"] + 0.05:
        assert at_ceiling
    if minutes < limits["to_minutes"] - 0.05:
        assert not at_ceiling
    if minutes < limits["from_minutes"] - 0.05:
        assert "per_interaction_floor" in payload["warnings"]
    if minutes > limits["from_minutes"] + 0.05:
        assert "per_interaction_floor" not in payload["warnings"]


@given(base_scenarios)
def test_the_reason_matches_the_winner_and_the_runner_up(data: dict[str, Any]) -> None:
    payload = estimate(Scenario(**data)).payload()
    advice = payload["recommendation"]
    best, runner_up = advice["model"], advice["runner_up"]
    assert advice["first_year_saving_vs_runner_up"] >= 0
    assert runner_up != best and runner_up not in advice["not_recommended"]
    expected = {
        ("dedicated", "per_minute"): {"busy_dedicated_team"},
        ("dedicated", "per_interaction"): {"busy_dedicated_team"},
        ("per_minute", "dedicated"): {"idle_dedicated_team", "floor_per_language"},
        ("per_interaction", "dedicated"): {"idle_dedicated_team", "floor_per_language"},
        ("per_minute", "per_interaction"): {"handling_time_favours_per_minute"},
        ("per_interaction", "per_minute"): {"handling_time_favours_per_interaction"},
    }
    assert advice["reason"] in expected[(best, runner_up)]
    if advice["reason"] == "floor_per_language":
        cap = default_rate_card().assumptions.occupancy_cap.value
        assert advice["contact_hours"] / cap <= advice["floor_hours"] + 0.1
    assert advice["dedicated_occupancy"] >= 0
    if "agents_below_service_level" not in payload["warnings"]:  # a stated team can be swamped
        assert advice["dedicated_occupancy"] <= 1
