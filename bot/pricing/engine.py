"""The pricing engine: a scenario in, an estimate (SPEC section 4) out.

Every figure comes from the rate card: source ranges for the rates, named assumptions for
everything else. A rate's place inside its source range is the weighted score of the drivers
the source names (opening hours, complexity, languages, and handling time per interaction).
"""

from __future__ import annotations

import math

from bot.pricing.estimate import (
    ZERO,
    Basis,
    Estimate,
    InHouse,
    Line,
    Money,
    Option,
    Rate,
    Recommendation,
)
from bot.pricing.rate_card import DriverWeights, RateCard, SourceRange, default_rate_card
from bot.pricing.resolve import ResolvedScenario, resolve
from bot.pricing.scenario import Scenario, SupportModel
from bot.pricing.staffing import (
    Staffing,
    dedicated_staffing,
    queue_count,
    shared_pool_size,
    shared_workload_fte,
)

MONTHS_IN_FIRST_YEAR = 12


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def rate_position(scenario: ResolvedScenario, card: RateCard, weights: DriverWeights) -> float:
    """Where in its source range a rate sits (0 = low end, 1 = high end) for this scenario."""
    drivers = card.assumptions.rate_drivers.value
    languages = scenario.support_languages
    others = sum(1 for code in languages if code not in drivers.house_languages)
    language_score = _clamp(
        (len(languages) - 1) / (drivers.languages_for_top_of_range - 1)
        + drivers.other_language_premium * others
    )
    aht_low, aht_high = drivers.aht_minutes_range["low"], drivers.aht_minutes_range["high"]
    aht_score = _clamp((scenario.aht_minutes - aht_low) / (aht_high - aht_low))
    return _clamp(
        weights.coverage * drivers.coverage[scenario.coverage]
        + weights.complexity * drivers.complexity[scenario.complexity]
        + weights.languages * language_score
        + weights.aht * aht_score
    )


def rate_in_range(source: SourceRange, position: float, band: float) -> Rate:
    """The expected rate at `position` in the source range, low and high `band` either side."""
    assert source.high is not None, "only closed source ranges place a rate by position"
    span = source.high - source.low

    def at(point: float) -> float:
        return round(source.low + span * _clamp(point), 2)

    return Rate.construct(low=at(position - band), expected=at(position), high=at(position + band))


def make_line(item: str, basis: Basis, unit: str, quantity: float, rate: Rate) -> Line:
    """A cost line whose amount is quantity x rate, in whole euros."""
    amount = Money.construct(
        low=round(quantity * rate.low),
        expected=round(quantity * rate.expected),
        high=round(quantity * rate.high),
    )
    return Line.construct(
        item=item, basis=basis, unit=unit, quantity=round(quantity, 2), rate=rate, amount=amount
    )


def startup_line(scenario: ResolvedScenario, card: RateCard) -> Line:
    """One-off start-up fee: per system to connect plus special requirements, capped."""
    fee = card.assumptions.startup_fee.value
    extra = fee.complexity_extra[scenario.complexity]
    cap = card.source.startup_fee.high or math.inf
    rate = Rate.construct(
        low=card.source.startup_fee.low,
        expected=min(cap, fee.per_integration.expected * scenario.integrations + extra.expected),
        high=min(cap, fee.per_integration.high * scenario.integrations + extra.high),
    )
    return make_line("startup_fee", "one_off", "fee", 1, rate)


def management_line(fte: float, card: RateCard) -> Line:
    """Monthly management fee: the source's floor plus a share per full-time equivalent."""
    fee = card.assumptions.management_fee.value
    floor = card.source.management_fee.low
    rate = Rate.construct(
        low=floor,
        expected=round(min(fee.ceiling, floor + fee.per_fte.expected * fte), 2),
        high=round(min(fee.ceiling, floor + fee.per_fte.high * fte), 2),
    )
    return make_line("management_fee", "monthly", "month", 1, rate)


def training_line(scenario: ResolvedScenario, card: RateCard, people: int) -> Line:
    """One-off training of every agent who will work for the client."""
    hours = card.assumptions.training_hours_per_agent.value[scenario.complexity]
    position = rate_position(scenario, card, card.assumptions.rate_driver_weights.value.training)
    rate = rate_in_range(card.source.training, position, card.assumptions.rate_band.value)
    return make_line("training", "one_off", "agent_hour", people * hours, rate)


def usage_rate(scenario: ResolvedScenario, card: RateCard, model: SupportModel) -> Rate:
    """The hourly, per-minute or per-interaction rate of one support form."""
    weights = getattr(card.assumptions.rate_driver_weights.value, model.value)
    position = rate_position(scenario, card, weights)
    return rate_in_range(card.source_range(model), position, card.assumptions.rate_band.value)


def totals(lines: list[Line]) -> tuple[Money, Money, Money]:
    """One-off, monthly and first-year sums of a list of lines."""
    one_off = sum((line.amount for line in lines if line.basis == "one_off"), ZERO)
    monthly = sum((line.amount for line in lines if line.basis == "monthly"), ZERO)
    return one_off, monthly, one_off + monthly.times(MONTHS_IN_FIRST_YEAR)


def make_option(
    model: SupportModel,
    scenario: ResolvedScenario,
    lines: list[Line],
    agents: float | None = None,
    fte: float | None = None,
) -> Option:
    one_off, monthly, first_year = totals(lines)
    return Option.construct(
        model=model.value,
        agents=None if agents is None else round(agents, 1),
        fte=None if fte is None else round(fte, 1),
        lines=lines,
        one_off=one_off,
        monthly=monthly,
        first_year=first_year,
        contract_total=one_off + monthly.times(scenario.contract_months),
    )


def dedicated_option(scenario: ResolvedScenario, card: RateCard, team: Staffing) -> Option:
    """Agents working only for this client, billed per on-duty hour."""
    lines = [
        startup_line(scenario, card),
        training_line(scenario, card, team.headcount),
        make_line(
            "agent_hours",
            "monthly",
            "agent_hour",
            team.agent_hours,
            usage_rate(scenario, card, SupportModel.dedicated),
        ),
        management_line(team.fte, card),
    ]
    return make_option(SupportModel.dedicated, scenario, lines, team.agents, team.fte)


def shared_option(scenario: ResolvedScenario, card: RateCard, model: SupportModel) -> Option:
    """A shared pool of agents, billed per handled minute or per interaction."""
    if model is SupportModel.per_minute:
        usage = ("handled_minutes", "minute", scenario.monthly_contacts * scenario.aht_minutes)
    else:
        usage = ("interactions", "interaction", scenario.monthly_contacts)
    item, unit, quantity = usage
    lines = [
        startup_line(scenario, card),
        training_line(scenario, card, shared_pool_size(scenario, card)),
        make_line(item, "monthly", unit, quantity, usage_rate(scenario, card, model)),
        management_line(shared_workload_fte(scenario, card), card),
    ]
    return make_option(model, scenario, lines)


def in_house_comparison(scenario: ResolvedScenario, card: RateCard, team: Staffing) -> InHouse:
    """The same team employed in-house, with the indirect costs the source says people forget."""
    people = float(team.headcount)
    allowance = 1 + card.assumptions.in_house_unsocial_hours_allowance.value[scenario.coverage]
    salary = card.assumptions.in_house_salary_per_fte_month.value
    lines = [
        make_line(
            "salaries",
            "monthly",
            "fte_month",
            people,
            Rate.construct(
                low=round(salary.low * allowance, 2),
                expected=round(salary.expected * allowance, 2),
                high=round(salary.high * allowance, 2),
            ),
        )
    ]
    indirect = card.assumptions.in_house_indirect_per_fte_month.value
    for item, band in indirect:
        lines.append(
            make_line(item, "monthly", "fte_month", people, Rate.construct(**band.__dict__))
        )
    hire = Rate.construct(**card.assumptions.in_house_one_off_per_hire.value.__dict__)
    lines.append(make_line("recruitment_and_setup", "one_off", "hire", people, hire))
    one_off, monthly, first_year = totals(lines)
    return InHouse.construct(
        fte=people, lines=lines, one_off=one_off, monthly=monthly, first_year=first_year
    )


def recommend(options: list[Option], chosen: bool, in_house: InHouse) -> Recommendation:
    """The option with the lowest expected first-year cost, or the visitor's own choice."""
    ranked = sorted(options, key=lambda option: option.first_year.expected)
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else None
    return Recommendation.construct(
        model=best.model,
        reason="chosen_by_visitor" if chosen else "lowest_first_year",
        runner_up=runner_up.model if runner_up else None,
        first_year_saving_vs_runner_up=(
            runner_up.first_year.expected - best.first_year.expected if runner_up else None
        ),
        first_year_saving_vs_in_house=in_house.first_year.expected - best.first_year.expected,
    )


def warnings_for(scenario: ResolvedScenario, card: RateCard, team: Staffing) -> list[str]:
    """Things the visitor should know about their own figures."""
    warnings = []
    if scenario.agents is not None:
        if team.agents < team.needed_agents:
            warnings.append("agents_below_service_level")
        if "monthly_contacts" in scenario.assumed:
            warnings.append("monthly_contacts_implied_by_agents")
    if queue_count(scenario, card) > 1:
        warnings.append("one_queue_per_language")
    return warnings


def estimate(
    scenario: Scenario, card: RateCard | None = None, language_hint: str | None = None
) -> Estimate:
    """Price a scenario: the chosen support form, or all three with a recommendation.

    Raises MissingParameters (from `resolve`) when no volume or team size is known.
    """
    card = card or default_rate_card()
    resolved = resolve(scenario, card, language_hint)
    models = [resolved.support_model] if resolved.support_model else list(SupportModel)
    team = dedicated_staffing(resolved, card)
    options = [
        dedicated_option(resolved, card, team)
        if model is SupportModel.dedicated
        else shared_option(resolved, card, model)
        for model in models
    ]
    in_house = in_house_comparison(resolved, card, team)
    recommendation = recommend(options, resolved.support_model is not None, in_house)
    return Estimate.construct(
        currency=card.currency,
        pricing_version=card.pricing_version,
        scenario=resolved.payload(),
        assumed=list(resolved.assumed),
        options=options,
        recommended=recommendation.model,
        recommendation=recommendation,
        in_house=in_house,
        not_included=list(card.source.not_included.items),
        assumptions=card.assumption_names(),
        warnings=warnings_for(resolved, card, team),
    )
