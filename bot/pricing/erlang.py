"""Erlang C staffing: how many agents a queue needs to meet a service level.

Erlang C assumes callers wait rather than abandon, so it overstaffs slightly: a safe side
for an estimate. The probability of waiting is built from the Erlang B recursion, which
stays numerically stable for thousands of agents where the textbook factorials overflow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueStaffing:
    """Agents needed for one queue and the figures they achieve."""

    agents: int
    service_level: float
    occupancy: float
    probability_of_waiting: float


def _erlang_b_step(agents: int, traffic: float, previous: float) -> float:
    """Erlang B blocking with `agents` from the value with one agent fewer."""
    return traffic * previous / (agents + traffic * previous)


def _erlang_c(agents: int, traffic: float, blocking: float) -> float:
    """Erlang C probability of waiting from Erlang B blocking (requires agents > traffic)."""
    return agents * blocking / (agents - traffic * (1 - blocking))


def _answered_within(
    agents: int, traffic: float, wait: float, aht_seconds: float, answer_seconds: float
) -> float:
    return 1.0 - wait * math.exp(-(agents - traffic) * answer_seconds / aht_seconds)


def probability_of_waiting(agents: int, traffic: float) -> float:
    """Erlang C: the chance a contact has to wait, for `traffic` Erlangs and `agents` > traffic."""
    if agents <= traffic:
        return 1.0
    blocking = 1.0  # Erlang B with no agent
    for n in range(1, agents + 1):
        blocking = _erlang_b_step(n, traffic, blocking)
    return _erlang_c(agents, traffic, blocking)


def service_level(agents: int, traffic: float, aht_seconds: float, answer_seconds: float) -> float:
    """Share of contacts answered within `answer_seconds`."""
    if agents <= traffic:
        return 0.0
    wait = probability_of_waiting(agents, traffic)
    return _answered_within(agents, traffic, wait, aht_seconds, answer_seconds)


def agents_needed(
    traffic: float,
    aht_seconds: float,
    target: float,
    answer_seconds: float,
    max_occupancy: float = 1.0,
) -> QueueStaffing:
    """Fewest agents that reach `target` within `answer_seconds` and stay under `max_occupancy`.

    `traffic` is the offered load in Erlangs (contacts per second x handling time in seconds).
    The search starts at the occupancy bound and extends the Erlang B recursion one agent at a
    time, so it costs O(agents) rather than O(agents^2).
    """
    if traffic < 0 or aht_seconds <= 0 or not 0 < target < 1 or not 0 < max_occupancy <= 1:
        raise ValueError("invalid queue parameters")
    if traffic == 0:
        return QueueStaffing(agents=0, service_level=1.0, occupancy=0.0, probability_of_waiting=0.0)
    # The first agent count whose occupancy is within the cap; it is always above `traffic`.
    agents = math.floor(traffic / max_occupancy) + 1
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = _erlang_b_step(n, traffic, blocking)
    while True:
        wait = _erlang_c(agents, traffic, blocking)
        level = _answered_within(agents, traffic, wait, aht_seconds, answer_seconds)
        if level >= target:
            return QueueStaffing(agents, level, traffic / agents, wait)
        agents += 1
        blocking = _erlang_b_step(agents, traffic, blocking)


def fractional_agents_needed(
    traffic: float,
    aht_seconds: float,
    target: float,
    answer_seconds: float,
    max_occupancy: float = 1.0,
) -> float:
    """Agents needed as a continuous figure, for averaging a team over a month.

    Whole-agent answers jump in steps, so splitting traffic over more queues (more languages)
    could sometimes need fewer agents in total; interpolating the service level between the
    last agent count that misses the target and the first that reaches it, and taking the
    occupancy bound exactly, removes those steps. A fraction is an agent on duty part of the time.
    """
    if traffic == 0:
        return 0.0
    reached = agents_needed(traffic, aht_seconds, target, answer_seconds).agents
    below = service_level(reached - 1, traffic, aht_seconds, answer_seconds)
    above = service_level(reached, traffic, aht_seconds, answer_seconds)
    for_service = reached - 1 + (target - below) / (above - below)
    return max(for_service, traffic / max_occupancy)
