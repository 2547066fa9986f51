"""One test per pricing rule; expected figures are worked out by hand from the rate card."""

import math

import pytest

from bot.pricing import MissingParameters, Scenario, estimate, questions_to_ask
from bot.pricing.estimate import Estimate, Line, Option
from bot.pricing.rate_card import RateCard
from bot.pricing.scenario import MAX_SUPPORT_LANGUAGES

BASE = {
    "monthly_contacts": 3000,
    "aht_minutes": 6,
    "coverage": "office_hours",
    "support_languages": ["nl"],
    "channels": ["phone"],
    "complexity": "simple",
    "integrations": 1,
    "contract_months": 12,
}


def price(**changes: object) -> Estimate:
    return estimate(Scenario(**{**BASE, **changes}))


def option(result: Estimate, model: str) -> Option:
    return next(item for item in result.options if item.model == model)


def line(result: Estimate, model: str, item: str) -> Line:
    return next(entry for entry in option(result, model).lines if entry.item == item)


def test_per_minute_is_contacts_times_handling_time_times_rate() -> None:
    # Office hours, simple, one house language: every driver scores 0, so the rate sits at the
    # source's low end (0.75) with a band of 15 % of the range (1.25) above it.
    minutes = line(price(support_model="per_minute"), "per_minute", "handled_minutes")
    assert minutes.quantity == 3000 * 6
    assert (minutes.rate.low, minutes.rate.expected, minutes.rate.high) == (0.75, 0.75, 0.94)
    assert (minutes.amount.low, minutes.amount.expected, minutes.amount.high) == (
        13500,
        13500,
        16920,
    )


def test_per_interaction_is_handling_time_times_a_rate_of_the_per_minute_band() -> None:
    # Every driver scores 0: per minute 0.75 / 0.75 / 0.94. At 6 minutes a contact sits
    # (6 - 2) / (8 - 2) = 2/3 up that band: 0.75 + 0.19 x 2/3 = 0.87667 a minute, x 6 = 5.26;
    # low 6 x 0.75 = 4.50, high 6 x 0.94 = 5.64.
    interactions = line(price(support_model="per_interaction"), "per_interaction", "interactions")
    assert interactions.quantity == 3000
    assert (interactions.rate.low, interactions.rate.expected, interactions.rate.high) == (
        4.5,
        5.26,
        5.64,
    )
    # At 8 minutes and more, the top of the band: 8 x 0.94 = 7.52, clipped to the source's 7.00.
    longer = line(
        price(support_model="per_interaction", aht_minutes=8), "per_interaction", "interactions"
    )
    assert longer.rate.expected == 7.0


def test_top_of_every_driver_reaches_the_top_of_the_dedicated_range() -> None:
    hours = line(
        price(coverage="24_7", complexity="complex", support_languages=["fr", "nl", "en"]),
        "dedicated",
        "agent_hours",
    )
    assert (hours.rate.low, hours.rate.expected, hours.rate.high) == (68.25, 75.0, 75.0)


def test_startup_fee_grows_with_integrations_and_complexity_and_is_capped() -> None:
    fee = line(price(integrations=2, complexity="complex"), "per_minute", "startup_fee")
    assert (fee.amount.low, fee.amount.expected, fee.amount.high) == (
        0,
        2 * 750 + 1500,
        2 * 1500 + 3000,
    )
    capped = line(price(integrations=20, complexity="complex"), "per_minute", "startup_fee")
    assert capped.amount.expected == capped.amount.high == 10000
    none = line(price(integrations=0), "per_minute", "startup_fee")
    assert none.amount.expected == 0


def test_training_is_hours_times_agents_times_rate(card: RateCard) -> None:
    # Shared pool: 3000 x 6 min = 300 h, / 0.85 occupancy / (164.7 h x 0.7) = 3.06 -> 4 agents,
    # above the office-hours minimum of 2 per language; simple support is 4 hours each.
    training = line(price(), "per_minute", "training")
    assert training.quantity == 4 * 4
    assert training.rate.expected == 28
    assert training.amount.expected == 4 * 4 * 28
    complex_training = line(price(complexity="complex"), "per_minute", "training")
    assert complex_training.quantity == 4 * 80


def test_shared_pool_never_below_the_rota_minimum() -> None:
    # 24/7 needs 5 trained agents per language even for a handful of contacts.
    training = line(
        price(monthly_contacts=10, coverage="24_7", support_languages=["fr", "nl"]),
        "per_minute",
        "training",
    )
    assert training.quantity == 5 * 2 * 4


def test_management_fee_starts_at_the_source_floor_and_grows_with_the_team() -> None:
    small = line(price(monthly_contacts=10), "per_minute", "management_fee")
    assert small.amount.low == 175
    assert 175 <= small.amount.expected < 180
    large = line(price(monthly_contacts=200_000), "per_minute", "management_fee")
    assert large.amount.expected > small.amount.expected
    assert large.amount.high <= 2500


def test_24_7_keeps_someone_on_duty_every_hour_in_every_language() -> None:
    result = price(monthly_contacts=10, coverage="24_7", support_languages=["fr", "nl"])
    dedicated = option(result, "dedicated")
    assert dedicated.agents == 2
    assert line(result, "dedicated", "agent_hours").quantity == pytest.approx(2 * 730)


def test_dedicated_staffing_follows_erlang_c() -> None:
    # 43,800 calls a month over 730 h = 60 calls an hour; 6 min each = 6 Erlangs: 8 agents miss
    # 80 % in 20 s and 9 reach it, so the month's average lies between (occupancy under 0.85).
    team = option(price(monthly_contacts=43_800, coverage="24_7"), "dedicated")
    assert team.agents is not None and 8 < team.agents <= 9
    assert team.fte == pytest.approx(team.agents * 730 / (164.7 * 0.7), abs=0.2)


def test_each_language_gets_its_own_queue() -> None:
    one = option(price(monthly_contacts=43_800, coverage="24_7"), "dedicated").agents
    two = option(
        price(monthly_contacts=43_800, coverage="24_7", support_languages=["fr", "nl"]), "dedicated"
    ).agents
    assert one is not None and two is not None
    assert two > one  # two queues of 3 Erlangs need more agents than one of 6


def test_chat_concurrency_needs_fewer_agents_than_calls() -> None:
    calls = option(price(monthly_contacts=100_000, channels=["phone"]), "dedicated").agents
    chats = option(price(monthly_contacts=100_000, channels=["chat"]), "dedicated").agents
    assert calls is not None and chats is not None
    assert chats < calls


def test_email_is_backlog_work_at_the_occupancy_cap() -> None:
    # 19,500 emails x 6 min over 195 h = 10 agent-hours per hour, / 0.85 cap.
    agents = option(price(monthly_contacts=19_500, channels=["email"]), "dedicated").agents
    assert agents == pytest.approx(10 / 0.85, abs=0.05)


def test_in_house_counts_the_indirect_costs(card: RateCard) -> None:
    result = price(monthly_contacts=43_800, coverage="24_7")
    in_house = result.in_house
    dedicated_fte = option(result, "dedicated").fte
    assert dedicated_fte is not None
    assert in_house.fte == math.ceil(dedicated_fte)  # whole people, as many as the team needs
    items = {entry.item for entry in in_house.lines}
    assert {"workplace_and_building", "ict", "recruitment_and_training", "depreciation"} <= items
    per_person = 3800 * 1.22 + 600 + 250 + 250 + 100 + 450
    assert in_house.monthly.expected == pytest.approx(in_house.fte * per_person, abs=1)


def test_recommendation_is_the_lowest_first_year_cost() -> None:
    result = price()
    cheapest = min(result.options, key=lambda item: item.first_year.expected)
    assert result.recommended == cheapest.model == result.recommendation.model
    ranked = sorted(item.first_year.expected for item in result.options)
    assert result.recommendation.first_year_saving_vs_runner_up == ranked[1] - ranked[0]


def test_a_chosen_model_is_the_only_option() -> None:
    result = price(support_model="dedicated")
    assert [item.model for item in result.options] == ["dedicated"]
    assert result.recommended == "dedicated"
    assert result.recommendation.reason == "chosen_by_visitor"


def test_assumed_names_exactly_the_defaulted_parameters() -> None:
    result = estimate(Scenario(monthly_contacts=500, coverage="24_7"), language_hint="fr")
    assert result.assumed == [
        "aht_minutes",
        "support_languages",
        "channels",
        "complexity",
        "integrations",
        "contract_months",
    ]
    assert result.scenario["support_languages"] == ["fr"]  # the chat language
    assert result.scenario["aht_minutes"] == 6.0  # phone's default
    assert result.scenario["contract_months"] == 12


def test_default_handling_time_is_the_mean_of_the_channels() -> None:
    result = estimate(Scenario(monthly_contacts=500, channels=["phone", "chat"]))
    assert result.scenario["aht_minutes"] == (6 + 10) / 2


def test_contract_total_covers_the_contract_length() -> None:
    result = price(contract_months=24)
    for item in result.options:
        assert item.contract_total.expected == item.one_off.expected + 24 * item.monthly.expected


def test_not_included_lists_the_sources_other_costs() -> None:
    assert price().not_included == ["phone_number", "call_forwarding", "extra_work"]


def test_no_volume_and_no_team_cannot_be_priced() -> None:
    with pytest.raises(MissingParameters) as error:
        estimate(Scenario(coverage="24_7"))
    assert error.value.missing == ["monthly_contacts"]


def test_a_stated_team_without_volume_is_priced_with_the_volume_it_can_handle() -> None:
    result = estimate(Scenario(agents=3, coverage="office_hours", aht_minutes=5))
    assert option(result, "dedicated").agents == 3
    assert "monthly_contacts" in result.assumed
    assert result.scenario["monthly_contacts"] == round(3 * 195 * 0.85 * 60 / 5)
    assert "monthly_contacts_implied_by_agents" in result.warnings


def test_too_few_stated_agents_are_priced_but_flagged() -> None:
    result = price(agents=1, monthly_contacts=43_800, coverage="24_7")
    assert option(result, "dedicated").agents == 1
    assert "agents_below_service_level" in result.warnings


def test_only_what_has_no_honest_default_is_asked_before_a_number(card: RateCard) -> None:
    assert questions_to_ask(Scenario(), card) == ["monthly_contacts"]
    assert questions_to_ask(Scenario(coverage="24_7", support_languages=["fr", "nl"]), card) == [
        "monthly_contacts"
    ]
    assert questions_to_ask(Scenario(monthly_contacts=800), card) == []
    assert questions_to_ask(Scenario(agents=2), card) == []  # a team size instead of a volume


def test_the_volume_is_asked_even_when_skipped(card: RateCard) -> None:
    assert questions_to_ask(Scenario(), card, skipped=["coverage", "monthly_contacts"]) == [
        "monthly_contacts"
    ]


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_multilingual_without_languages_is_the_rate_cards_reading_chat_language_first(
    card: RateCard, language: str
) -> None:
    result = estimate(
        Scenario(monthly_contacts=3000), card, language_hint=language, multilingual=True
    )
    languages = result.scenario["support_languages"]
    assert languages[0] == language
    assert sorted(languages) == sorted(card.assumptions.multilingual_languages.value)
    assert "support_languages" in result.assumed


def test_multilingual_costs_more_than_one_language(card: RateCard) -> None:
    """The source: "24/7 multilingual costs more than one language in office hours"."""
    one = estimate(Scenario(monthly_contacts=3000, coverage="24_7"), card, language_hint="en")
    many = estimate(
        Scenario(monthly_contacts=3000, coverage="24_7"),
        card,
        language_hint="en",
        multilingual=True,
    )
    cheapest = min(option.first_year.expected for option in one.options)
    assert min(option.first_year.expected for option in many.options) > cheapest


def test_named_languages_win_over_multilingual(card: RateCard) -> None:
    result = estimate(
        Scenario(monthly_contacts=3000, support_languages=["de", "fr"]), card, multilingual=True
    )
    assert result.scenario["support_languages"] == ["de", "fr"]
    assert "support_languages" not in result.assumed


@pytest.mark.parametrize(("count", "language"), [(1, "fr"), (2, "nl"), (3, "en"), (5, "fr")])
def test_a_number_of_languages_prices_that_many_chat_language_first(
    card: RateCard, count: int, language: str
) -> None:
    """ "Bilingual", "in 5 languages": the rate card's languages, then its further ones."""
    result = estimate(
        Scenario(monthly_contacts=3000), card, language_hint=language, language_count=count
    )
    languages = result.scenario["support_languages"]
    assert len(languages) == len(set(languages)) == count
    assert languages[0] == language
    house = card.assumptions.multilingual_languages.value
    assert set(languages) <= {*house, *card.assumptions.further_languages.value}
    assert set(languages[: len(house)]) <= set(house)  # the house languages before the others
    assert "support_languages" in result.assumed


def test_the_rate_card_can_read_the_largest_number_of_languages(card: RateCard) -> None:
    pool = [
        *card.assumptions.multilingual_languages.value,
        *card.assumptions.further_languages.value,
    ]
    assert len(set(pool)) == len(pool) >= MAX_SUPPORT_LANGUAGES


def test_bilingual_costs_less_than_trilingual(card: RateCard) -> None:
    two, three = (
        estimate(Scenario(monthly_contacts=3000), card, language_hint="nl", language_count=count)
        for count in (2, 3)
    )
    assert min(o.first_year.expected for o in two.options) < min(
        o.first_year.expected for o in three.options
    )
