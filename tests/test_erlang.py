"""Erlang C against published worked examples (see shared/PITFALLS.md for the sources)."""

import pytest

from bot.pricing.erlang import (
    agents_needed,
    fractional_agents_needed,
    probability_of_waiting,
    service_level,
)


def test_callcentrehelper_example_80_in_20() -> None:
    # 100 contacts per 30 minutes, 180 s handling time = 10 Erlangs.
    traffic = 100 / 1800 * 180
    queue = agents_needed(traffic, aht_seconds=180, target=0.80, answer_seconds=20)
    assert queue.agents == 14
    assert queue.service_level == pytest.approx(0.888, abs=0.001)
    assert queue.occupancy == pytest.approx(0.714, abs=0.001)
    assert queue.probability_of_waiting == pytest.approx(0.174, abs=0.001)


def test_callcentrehelper_example_with_shrinkage() -> None:
    queue = agents_needed(10.0, aht_seconds=180, target=0.80, answer_seconds=20)
    assert round(queue.agents / (1 - 0.30)) == 20


def test_callcentrehelper_example_90_in_20() -> None:
    queue = agents_needed(10.0, aht_seconds=180, target=0.90, answer_seconds=20)
    assert queue.agents == 15
    assert queue.service_level == pytest.approx(0.941, abs=0.001)
    assert queue.occupancy == pytest.approx(0.667, abs=0.001)


def test_jonesthenet_erlang_uplift_example() -> None:
    traffic = 250 / 3600 * 330  # 22.9 Erlangs
    assert agents_needed(traffic, aht_seconds=330, target=0.80, answer_seconds=30).agents == 28


def test_occupancy_cap_adds_agents_when_service_level_alone_would_not() -> None:
    uncapped = agents_needed(200.0, aht_seconds=300, target=0.80, answer_seconds=20)
    capped = agents_needed(
        200.0, aht_seconds=300, target=0.80, answer_seconds=20, max_occupancy=0.85
    )
    assert uncapped.occupancy > 0.85
    assert capped.occupancy <= 0.85
    assert capped.agents == 236  # the first whole number above 200 / 0.85 = 235.3


def test_one_agent_fewer_misses_the_target() -> None:
    queue = agents_needed(10.0, aht_seconds=180, target=0.80, answer_seconds=20)
    assert service_level(queue.agents - 1, 10.0, 180, 20) < 0.80


def test_no_traffic_needs_no_agents() -> None:
    assert agents_needed(0.0, aht_seconds=180, target=0.8, answer_seconds=20).agents == 0


def test_large_traffic_stays_finite() -> None:
    queue = agents_needed(5000.0, aht_seconds=300, target=0.8, answer_seconds=20, max_occupancy=0.9)
    assert 5000 < queue.agents < 5600
    assert 0.8 <= queue.service_level <= 1.0


def test_overloaded_queue_always_waits() -> None:
    assert probability_of_waiting(5, 5.0) == 1.0
    assert service_level(5, 6.0, 180, 20) == 0.0


@pytest.mark.parametrize(
    ("traffic", "aht", "target", "occupancy"),
    [(-1.0, 180, 0.8, 1.0), (1.0, 0, 0.8, 1.0), (1.0, 180, 1.0, 1.0), (1.0, 180, 0.8, 0.0)],
)
def test_invalid_queue_parameters_are_refused(
    traffic: float, aht: float, target: float, occupancy: float
) -> None:
    with pytest.raises(ValueError):
        agents_needed(
            traffic, aht_seconds=aht, target=target, answer_seconds=20, max_occupancy=occupancy
        )


def test_fractional_agents_lie_between_the_whole_numbers_around_the_target() -> None:
    fractional = fractional_agents_needed(10.0, aht_seconds=180, target=0.80, answer_seconds=20)
    assert 13 < fractional <= 14
    # 13 agents reach ~0.79: the target is just above them, so the fraction is close to 13.
    assert fractional - 13 < 0.5


def test_fractional_agents_take_the_occupancy_bound_exactly() -> None:
    fractional = fractional_agents_needed(200.0, 300, 0.80, 20, max_occupancy=0.85)
    assert fractional == 200 / 0.85


def test_fractional_agents_grow_with_traffic() -> None:
    needs = [fractional_agents_needed(t / 10, 300, 0.8, 20, 0.85) for t in range(1, 400)]
    assert needs == sorted(needs)
