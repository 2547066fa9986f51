"""Waiting for the replies of a Socket.IO turn (the fault and cluster tests).

Starting the assistant itself is bench/running.py's job, shared with the benchmarks.
"""

from __future__ import annotations

import time
from typing import Any


def wait_replies(replies: list[Any], timeout: float = 90, quiet: float = 2) -> bool:
    """Wait for a Socket.IO turn's replies: some, then none new for `quiet` seconds.

    The widget protocol has no end-of-turn mark. False when nothing came within `timeout`.
    """
    deadline = time.monotonic() + timeout
    seen, quiet_since = 0, time.monotonic()
    while time.monotonic() < deadline:
        if len(replies) != seen:
            seen, quiet_since = len(replies), time.monotonic()
        elif seen and time.monotonic() - quiet_since > quiet:
            return True
        time.sleep(0.1)
    return False
