"""`make run`'s supervisor (scripts/supervise.py), and the endpoints and balancer files."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bot.settings import Settings
from scripts import runtools

ROOT = Path(__file__).resolve().parent.parent
SUPERVISE = [sys.executable, str(ROOT / "scripts" / "supervise.py")]


def supervise(tmp_path: Path, *command: str, extra: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *SUPERVISE,
            "--name",
            "test service",
            "--log",
            str(tmp_path / "service.log"),
            "--min-delay",
            "0.2",
            "--max-delay",
            "0.8",
            *extra,
            "--",
            *command,
        ],
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_crashing_service_is_restarted_with_growing_delays_and_one_line_each(
    tmp_path: Path,
) -> None:
    runs = tmp_path / "runs"
    crash = f"open({str(runs)!r}, 'a').write('x'); import os; os.kill(os.getpid(), 9)"
    process = supervise(tmp_path, sys.executable, "-c", crash)
    time.sleep(3)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    lines = stderr.splitlines()
    assert len(lines) >= 3 and len(runs.read_text()) in (len(lines), len(lines) + 1)
    assert (
        lines[0]
        == "[run] the test service exited (signal SIGKILL); restarting it in 0.2 s (restart 1)"
    )
    assert "in 0.4 s (restart 2)" in lines[1] and "in 0.8 s (restart 3)" in lines[2]
    assert all("in 0.8 s" in line for line in lines[3:]), "the delay stops growing"


def test_unusable_settings_are_not_retried(tmp_path: Path) -> None:
    process = supervise(tmp_path, sys.executable, "-c", "import sys; print('bad'); sys.exit(2)")
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 2
    assert stderr == "[run] the test service exited (code 2): not restarting it\n"
    assert (tmp_path / "service.log").read_text() == "bad\n"


def test_sigterm_stops_the_service_and_the_supervisor(tmp_path: Path) -> None:
    marker = tmp_path / "stopped"
    service = (
        "import signal, sys, time\n"
        f"stop = lambda *_: (open({str(marker)!r}, 'w').close(), sys.exit(0))\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "time.sleep(60)\n"
    )
    process = supervise(tmp_path, sys.executable, "-c", service)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0 and stderr == ""
    assert marker.exists(), "the service got SIGTERM"


# --- Endpoints and the load balancer's replies --------------------------------------------------


def test_rasa_calls_the_action_server_with_the_shared_token() -> None:
    base = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    settings = Settings(rasa_port=7005, rasa_host="0.0.0.0", actions_port=7055, actions_token="t0k")
    endpoint = runtools.endpoints_config(base, settings)["action_endpoint"]
    assert endpoint == {
        "url": "http://127.0.0.1:7055/webhook",
        "headers": {"Authorization": "Bearer t0k"},
        "enable_selective_domain": True,  # kept from endpoints.yml
    }
    without_token = Settings(actions_token="")
    assert "headers" not in runtools.endpoints_config(base, without_token)["action_endpoint"]
    elsewhere = Settings(actions_url="http://actions:5055/webhook")
    assert runtools.endpoints_config(base, elsewhere)["action_endpoint"]["url"] == (
        "http://actions:5055/webhook"
    )


def test_the_balancer_apologises_in_each_chat_language(tmp_path: Path) -> None:
    runtools.write_haproxy_errors(tmp_path)
    catalogue = yaml.safe_load((ROOT / "bot" / "messages.yml").read_text())
    for language in ("fr", "nl", "en"):
        reply = (tmp_path / f"unavailable-{language}.json").read_text()
        filled = reply.replace("%[var(txn.sender),json(utf8s)]", "visitor")
        assert json.loads(filled) == [
            {"recipient_id": "visitor", "text": catalogue["service"]["unavailable"][language]}
        ]
    head, _, body = (tmp_path / "503.http").read_bytes().partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 ") and f"Content-Length: {len(body)}".encode() in head
    assert all(
        catalogue["service"]["unavailable"][lang] in json.loads(body)[0]["text"]
        for lang in ("fr", "nl", "en")
    )
