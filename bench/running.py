"""The whole assistant as `make run` (or `make run-cluster`) starts it, for end-to-end tests and
benchmarks.

`running_assistant` starts scripts/run.sh (model trained if stale, action server, Rasa server,
website) with the environment it is given, waits for "The assistant is ready", yields the Rasa
server's base URL, and stops every process it started (its own process group) on exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_MARKER = "The assistant is ready"
READY_TIMEOUT_S = 1200  # training included: over 7 minutes on a loaded machine


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class AssistantDidNotStart(RuntimeError):
    """run.sh exited or was not ready in time; the message ends with its log."""


@contextmanager
def running_script(
    script: str, env: dict[str, str], log_path: Path, ready: str, timeout: float = READY_TIMEOUT_S
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `script` (scripts/run.sh, scripts/cluster.sh) with `env` added to this environment.

    Yields the process once its output says `ready`; raises AssistantDidNotStart when it exits
    or is not ready within `timeout`; stops it and every service it started afterwards
    (SIGTERM to its own process group, SIGKILL if that does not do within 90 s).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["bash", script],
            cwd=ROOT,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_ready(process, log_path, ready, timeout)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running_assistant(
    env: dict[str, str], log_path: Path, timeout: float = READY_TIMEOUT_S
) -> Iterator[str]:
    """Start run.sh with `env` added to this process's environment; yield the Rasa base URL.

    `env` must hold RASA_PORT (the other ports too, to keep clear of `make run`).
    """
    with running_script("scripts/run.sh", env, log_path, READY_MARKER, timeout):
        yield f"http://127.0.0.1:{env['RASA_PORT']}"


def _wait_until_ready(
    process: subprocess.Popen[bytes], log_path: Path, ready: str, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while ready not in log_path.read_text(errors="replace"):
        if process.poll() is not None:
            raise AssistantDidNotStart("the script exited:\n" + log_path.read_text()[-3000:])
        if time.monotonic() > deadline:
            raise AssistantDidNotStart("not ready in time:\n" + log_path.read_text()[-3000:])
        time.sleep(1)
