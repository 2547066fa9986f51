"""Which support form to recommend, and the one reason a visitor can check.

The three forms are priced on the same work, so the cheapest first year is what the visitor
would really pay, with one exception: a price per contact clipped at the source's ceiling is
below every per-minute rate, which no contact centre quotes (long contacts are quoted per minute
or per agent hour), so it is shown but not recommended.

The reason names what decides against the runner-up:
- a dedicated team wins when it is busy enough that an agent hour costs less than the same
  work billed shared (its occupancy);
- shared support wins when a dedicated team would sit idle, either because every language
  needs an agent on duty in every open hour whatever the volume (the floor per language,
  heavy with 24/7 and several languages) or because answering within the service level
  needs spare agents at this volume (its occupancy);
- between the two shared forms the handling time decides (see `rates.per_interaction_quote`).
"""

from __future__ import annotations

from bot.pricing.estimate import InHouse, Option, Recommendation, RecommendationReason
from bot.pricing.rate_card import RateCard
from bot.pricing.rates import PerInteractionQuote
from bot.pricing.resolve import ResolvedScenario
from bot.pricing.scenario import SupportModel
from bot.pricing.staffing import Staffing, handled_hours, queue_count


def _reason(best: Option, runner_up: Option, floor_binds: bool) -> RecommendationReason:
    if best.model == SupportModel.dedicated.value:
        return "busy_dedicated_team"
    if runner_up.model == SupportModel.dedicated.value:
        return "floor_per_language" if floor_binds else "idle_dedicated_team"
    if best.model == SupportModel.per_interaction.value:
        return "handling_time_favours_per_interaction"
    return "handling_time_favours_per_minute"


def recommend(
    options: list[Option],
    scenario: ResolvedScenario,
    card: RateCard,
    team: Staffing,
    quote: PerInteractionQuote,
    in_house: InHouse,
) -> Recommendation:
    """The visitor's own choice, or the cheapest first year among the forms really quoted."""
    contact_hours = handled_hours(scenario, card)
    floor_hours = (
        queue_count(scenario, card) * card.assumptions.open_hours_per_month.value[scenario.coverage]
    )
    not_recommended = [
        option.model
        for option in options
        if option.model == SupportModel.per_interaction.value and quote.at_ceiling
    ]
    runner_up: Option | None = None
    reason: RecommendationReason = "chosen_by_visitor"
    if scenario.support_model is not None:
        best = options[0]
    else:
        ranked = sorted(
            (option for option in options if option.model not in not_recommended),
            key=lambda option: option.first_year.expected,
        )
        best = ranked[0]
        # A tie is no reason: the reason is given against the first form that costs more.
        runner_up = next(
            (option for option in ranked if option.first_year.expected > best.first_year.expected),
            ranked[1],
        )
        # Even busy at the occupancy cap, the contacts would not fill one agent per language.
        floor_binds = contact_hours / card.assumptions.occupancy_cap.value <= floor_hours
        reason = _reason(best, runner_up, floor_binds)
    return Recommendation.construct(
        model=best.model,
        reason=reason,
        runner_up=runner_up.model if runner_up else None,
        first_year_saving_vs_runner_up=(
            runner_up.first_year.expected - best.first_year.expected if runner_up else None
        ),
        first_year_saving_vs_in_house=in_house.first_year.expected - best.first_year.expected,
        not_recommended=not_recommended,
        dedicated_occupancy=round(contact_hours / team.agent_hours, 3),
        contact_hours=round(contact_hours, 1),
        floor_hours=round(floor_hours, 1),
    )
