"""The pricing engine: a scenario in, an estimate (SPEC section 4) out.

Every figure comes from the rate card: source ranges for the rates, named assumptions for
everything else. A rate's place inside its source range is the weighted score of the drivers
the source names (opening hours, complexity, languages); a price per interaction is the
handling time times a per-minute rate of the same drivers, as the source says handling time
decides it.
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
    PerInteraction,
    Rate,
)
from bot.pricing.rate_card import RateCard, default_rate_card
from bot.pricing.rates import (
    PerInteractionQuote,
    per_interaction_quote,
    rate_in_range,
    rate_position,
    usage_rate,
)
from bot.pricing.recommendation import recommend
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


def shared_option(
    scenario: ResolvedScenario, card: RateCard, model: SupportModel, quote: PerInteractionQuote
) -> Option:
    """A shared pool of agents, billed per handled minute or per interaction."""
    if model is SupportModel.per_minute:
        usage = make_line(
            "handled_minutes",
            "monthly",
            "minute",
            scenario.monthly_contacts * scenario.aht_minutes,
            usage_rate(scenario, card, model),
        )
    else:
        usage = make_line(
            "interactions", "monthly", "interaction", scenario.monthly_contacts, quote.rate
        )
    lines = [
        startup_line(scenario, card),
        training_line(scenario, card, shared_pool_size(scenario, card)),
        usage,
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


def warnings_for(
    scenario: ResolvedScenario,
    card: RateCard,
    team: Staffing,
    quote: PerInteractionQuote | None,
) -> list[str]:
    """Things the visitor should know about their own figures."""
    warnings = []
    if scenario.agents is not None:
        if team.agents < team.needed_agents:
            warnings.append("agents_below_service_level")
        if "monthly_contacts" in scenario.assumed:
            warnings.append("monthly_contacts_implied_by_agents")
    if queue_count(scenario, card) > 1:
        warnings.append("one_queue_per_language")
    if quote is not None and quote.at_floor:
        warnings.append("per_interaction_floor")
    if quote is not None and quote.at_ceiling:
        warnings.append("per_interaction_ceiling")
    return warnings


def estimate(
    scenario: Scenario,
    card: RateCard | None = None,
    language_hint: str | None = None,
    *,
    multilingual: bool = False,
    language_count: int | None = None,
) -> Estimate:
    """Price a scenario: the chosen support form, or all three with a recommendation.

    `multilingual`, `language_count`: the visitor asked for several languages, or for a number
    of languages, without naming them (`resolve`).
    Raises MissingParameters (from `resolve`) when no volume or team size is known.
    """
    card = card or default_rate_card()
    resolved = resolve(
        scenario, card, language_hint, multilingual=multilingual, language_count=language_count
    )
    models = [resolved.support_model] if resolved.support_model else list(SupportModel)
    team = dedicated_staffing(resolved, card)
    quote = per_interaction_quote(resolved, card)
    options = [
        dedicated_option(resolved, card, team)
        if model is SupportModel.dedicated
        else shared_option(resolved, card, model, quote)
        for model in models
    ]
    in_house = in_house_comparison(resolved, card, team)
    recommendation = recommend(options, resolved, card, team, quote, in_house)
    priced_per_interaction = SupportModel.per_interaction in models
    return Estimate.construct(
        currency=card.currency,
        pricing_version=card.pricing_version,
        scenario=resolved.payload(),
        assumed=list(resolved.assumed),
        options=options,
        recommended=recommendation.model,
        recommendation=recommendation,
        per_interaction=PerInteraction.construct(
            per_handled_minute=quote.per_handled_minute,
            from_minutes=quote.from_minutes,
            to_minutes=quote.to_minutes,
        )
        if priced_per_interaction
        else None,
        in_house=in_house,
        not_included=list(card.source.not_included.items),
        assumptions=card.assumption_names(),
        warnings=warnings_for(resolved, card, team, quote if priced_per_interaction else None),
    )
