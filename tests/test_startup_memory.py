"""channels/memory.py: the start-up objects are frozen once the server has started."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sanic import Sanic

from channels.memory import StartupMemory, freeze_startup_objects

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_freezing_moves_the_live_objects_out_of_collections(unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    frozen = freeze_startup_objects()
    assert frozen == gc.get_freeze_count() > 1000  # this test process's modules at least


def test_the_channel_freezes_after_the_server_has_started(unfrozen: None) -> None:
    blueprint = StartupMemory().blueprint(None)  # type: ignore[arg-type]
    # Sanic 21.12 applies a blueprint's listeners to the app when the server starts.
    [listener] = [future.listener for future in blueprint._future_listeners
                  if future.event == "after_server_start"]
    assert gc.get_freeze_count() == 0
    asyncio.run(listener(Sanic("startup_memory_test"), None))
    assert gc.get_freeze_count() > 1000


def test_rasa_loads_the_channel() -> None:
    assert "channels.memory.StartupMemory" in yaml.safe_load((ROOT / "credentials.yml").read_text())
