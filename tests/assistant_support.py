"""Starting the whole assistant as `make run` does (scripts/run.sh), for the end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 600


@contextmanager
def running_assistant(env: dict[str, str], log_name: str) -> Iterator[Path]:
    """Run scripts/run.sh with `env` added to ours until the block ends; yield its log.

    Fails the test when it exits or is not ready in time; stops every service afterwards.
    """
    (ROOT / "var").mkdir(exist_ok=True)
    log_path = ROOT / "var" / log_name
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while "The assistant is ready" not in log_path.read_text():
            if process.poll() is not None:
                pytest.fail("run.sh exited:\n" + log_path.read_text()[-3000:])
            if time.monotonic() > deadline:
                pytest.fail("the assistant did not become ready in time")
            time.sleep(1)
        yield log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


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
