"""How many agents a scenario needs: Erlang C for queues, workload for backlogs.

Contacts are spread evenly over the open hours, the support languages (one queue each when
agents are language-specific) and the channels. Phone and chat share one real-time queue per
language (a chat agent serves several chats at once); email and social are backlog work added
at the occupancy cap. Every queue keeps at least one agent on duty in every open hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.pricing.erlang import fractional_agents_needed
from bot.pricing.rate_card import RateCard
from bot.pricing.resolve import ResolvedScenario
from bot.pricing.scenario import Channel

REAL_TIME = (Channel.phone, Channel.chat)


@dataclass(frozen=True)
class Staffing:
    """A dedicated team: agents on duty, the hours they bill, and the people behind them.

    `agents` is an average over the open hours (a fraction is a part-time presence);
    `headcount` is the whole number of people to train or employ.
    """

    agents: float
    needed_agents: float
    agent_hours: float
    fte: float
    headcount: int


def queue_count(scenario: ResolvedScenario, card: RateCard) -> int:
    """One queue per support language when agents are language-specific, else one."""
    if card.assumptions.language_specific_queues.value:
        return len(scenario.support_languages)
    return 1


def _effective_aht(channel: Channel, aht_minutes: float, card: RateCard) -> float:
    """Minutes of one agent's time per contact: a chat shares the agent with other chats."""
    if channel is Channel.chat:
        return aht_minutes / card.assumptions.chat_concurrency.value
    return aht_minutes


def _agents_per_queue(scenario: ResolvedScenario, card: RateCard, queues: int) -> float:
    """Agents on duty one language queue needs: Erlang C for calls and chats, plus backlog."""
    hours = card.assumptions.open_hours_per_month.value[scenario.coverage]
    per_channel_hourly = scenario.monthly_contacts / queues / hours / len(scenario.channels)
    occupancy_cap = card.assumptions.occupancy_cap.value
    live = [channel for channel in scenario.channels if channel in REAL_TIME]
    backlog = [channel for channel in scenario.channels if channel not in REAL_TIME]
    agents = sum(per_channel_hourly * scenario.aht_minutes / 60 / occupancy_cap for _ in backlog)
    if live:
        minutes = [_effective_aht(channel, scenario.aht_minutes, card) for channel in live]
        traffic = per_channel_hourly * sum(minutes) / 60
        levels = [card.assumptions.service_level.value[channel] for channel in live]
        agents += fractional_agents_needed(
            traffic,
            aht_seconds=60 * sum(minutes) / len(minutes),
            target=max(level.target for level in levels),
            answer_seconds=min(level.answer_seconds for level in levels),
            max_occupancy=occupancy_cap,
        )
    return max(1.0, agents)


def dedicated_staffing(scenario: ResolvedScenario, card: RateCard) -> Staffing:
    """The team for the dedicated form: computed, or the visitor's stated number of agents."""
    queues = queue_count(scenario, card)
    # Splitting the same traffic over more queues loses pooling, so it can only need more
    # agents; the interpolated service level can undercut that by a sliver of an agent, which
    # taking the largest need over every smaller split removes.
    needed = max(count * _agents_per_queue(scenario, card, count) for count in range(1, queues + 1))
    agents = scenario.agents if scenario.agents is not None else needed
    agent_hours = agents * card.assumptions.open_hours_per_month.value[scenario.coverage]
    fte = people_for(agent_hours, card)
    return Staffing(
        agents=agents,
        needed_agents=needed,
        agent_hours=agent_hours,
        fte=fte,
        headcount=math.ceil(fte - 1e-9),
    )


def people_for(productive_hours: float, card: RateCard) -> float:
    """Full-time equivalents to employ for `productive_hours` a month, after shrinkage."""
    available = card.assumptions.fte_hours_per_month.value * (1 - card.assumptions.shrinkage.value)
    return productive_hours / available


def handled_hours(scenario: ResolvedScenario, card: RateCard) -> float:
    """Agent hours a month the contacts take, counting chat concurrency."""
    share = scenario.monthly_contacts / len(scenario.channels)
    return sum(
        share * _effective_aht(channel, scenario.aht_minutes, card) / 60
        for channel in scenario.channels
    )


def shared_workload_fte(scenario: ResolvedScenario, card: RateCard) -> float:
    """People a shared pool spends on this client, at the occupancy cap."""
    return people_for(handled_hours(scenario, card) / card.assumptions.occupancy_cap.value, card)


def shared_pool_size(scenario: ResolvedScenario, card: RateCard) -> int:
    """Agents to train for shared support: the workload, and never fewer than the rota needs."""
    minimum = card.assumptions.shared_pool_min_agents_per_language.value[scenario.coverage]
    workload = math.ceil(shared_workload_fte(scenario, card) - 1e-9)
    return max(minimum * queue_count(scenario, card), workload)
