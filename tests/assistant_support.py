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
def running_script(
    script: str, env: dict[str, str], log_name: str, ready: str, timeout: float = READY_TIMEOUT_S
) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """Run `script` (scripts/run.sh, scripts/cluster.sh) with `env` added to ours.

    Yields once its output says `ready`; fails the test when it exits or is not ready within
    `timeout`; stops it and every service it started afterwards (SIGTERM to its process group).
    """
    (ROOT / "var").mkdir(exist_ok=True)
    log_path = ROOT / "var" / log_name
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            ["bash", script],
            cwd=ROOT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while ready not in log_path.read_text(errors="replace"):
            if process.poll() is not None:
                pytest.fail(f"{script} exited:\n" + log_path.read_text(errors="replace")[-4000:])
            if time.monotonic() > deadline:
                pytest.fail(f"{script} was not ready in time")
            time.sleep(1)
        yield process, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running_assistant(env: dict[str, str], log_name: str) -> Iterator[Path]:
    """`make run` (scripts/run.sh) with `env`, until the block ends; yields its log."""
    with running_script("scripts/run.sh", env, log_name, "The assistant is ready") as (_, log):
        yield log


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
