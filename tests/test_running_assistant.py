"""The whole assistant as `make run` starts it: trained model, action server, Rasa, website.

Slow (training and Rasa start-up take about a minute here), so the stack is started once for
this module, on ports of its own, with a data directory of its own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORTS = {"RASA_PORT": "15005", "ACTIONS_PORT": "15055", "WEB_PORT": "18000"}
TOKEN = "test-token-not-secret"
READY_TIMEOUT_S = 600

pytestmark = pytest.mark.slow


def http(url: str, body: dict[str, Any] | None = None) -> tuple[int, str]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def assistant() -> Iterator[str]:
    """Start scripts/run.sh (what `make run` runs after setup); yield the Rasa base URL."""
    env = {**os.environ, **PORTS, "RASA_TOKEN": TOKEN, "RASA_TELEMETRY_ENABLED": "false"}
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "test-run.log", "w")  # noqa: SIM115 - closed in the finaliser
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORTS['RASA_PORT']}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while "The assistant is ready" not in (ROOT / "var" / "test-run.log").read_text():
            if process.poll() is not None:
                pytest.fail(
                    "run.sh exited:\n" + (ROOT / "var" / "test-run.log").read_text()[-3000:]
                )
            if time.monotonic() > deadline:
                pytest.fail("the assistant did not become ready in time")
            time.sleep(1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_rest_channel_answers_in_the_visitors_language(assistant: str) -> None:
    status, body = http(
        f"{assistant}/webhooks/rest/webhook", {"sender": "smoke-1", "message": "hello"}
    )
    assert status == 200
    replies = json.loads(body)
    assert replies and all(reply["recipient_id"] == "smoke-1" for reply in replies)
    assert any(reply.get("text") for reply in replies)


def test_http_api_needs_the_token(assistant: str) -> None:
    assert http(f"{assistant}/status")[0] == 401
    assert http(f"{assistant}/status?token=wrong")[0] == 401
    status, body = http(f"{assistant}/status?token={TOKEN}")
    assert status == 200
    assert json.loads(body)["model_file"].endswith("assistant.tar.gz")


def test_website_serves_the_chat_widget(assistant: str) -> None:
    status, page = http(f"http://127.0.0.1:{PORTS['WEB_PORT']}/")
    assert status == 200
    assert "widget.js" in page
    assert http(f"http://127.0.0.1:{PORTS['WEB_PORT']}/vendor/socket.io.min.js")[0] == 200


def test_training_data_validates() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("rasa")), "data", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
