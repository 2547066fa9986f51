"""The assistant's processes for `make bench-load`: action server and Rasa, from one checkout.

A `Stack` starts what `make run` starts (minus the website) from a checkout directory, on ports
of its own, with a fresh tracker and lead database in a temporary directory, and the
endpoints file that checkout's `scripts/runtools.py` writes (so a checkout of `main` runs with
its own stores). It measures the cold start (process start to the first answer) and samples
the resident memory of every process it started, children included.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MODEL = Path("models/assistant.tar.gz")
READY_TIMEOUT_S = 600
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def venv_python(root: Path) -> Path:
    """The interpreter of `root`'s venv, else this one (a bare `git worktree` has no venv)."""
    candidate = root / ".venv" / "bin" / "python"
    return candidate if candidate.exists() else Path(sys.executable)


def post_json(url: str, body: dict[str, Any], timeout: float = 60) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return json.loads(reply.read())


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of process `pid` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = int(statm.split()[1]) * PAGE_SIZE
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


@dataclass
class Stack:
    """Action server and Rasa server of one checkout, started by `start()`."""

    root: Path
    rasa_port: int
    actions_port: int
    label: str
    stock_stores: bool = False  # Rasa's own SQL tracker store instead of the checkout's
    env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    peak_rss: int = 0
    cold_start_s: float = 0.0
    data_dir: Path | None = None
    _sampling: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def _endpoints(self, data_dir: Path) -> Path:
        """The checkout's endpoints for this run, with the tracker database under `data_dir`."""
        out = data_dir / "endpoints.yml"
        env = {
            **os.environ,
            "ACTIONS_PORT": str(self.actions_port),
            "RASA_PORT": str(self.rasa_port),  # the action guard is on the Rasa port
        }
        env.pop("TRACKER_DB_URL", None)
        env.pop("REDIS_URL", None)
        subprocess.run(
            [str(venv_python(self.root)), "scripts/runtools.py", "endpoints", "endpoints.yml",
             str(out)],
            cwd=self.root, env=env, check=True,
        )
        config = yaml.safe_load(out.read_text())
        if self.stock_stores:
            config["tracker_store"] = {"type": "SQL", "dialect": "sqlite", "db": "tracker.db"}
            config["lock_store"] = {"type": "in_memory"}
        store = config.get("tracker_store") or {}
        if store.get("dialect", "sqlite") == "sqlite" and "db" in store:
            store["db"] = str(data_dir / "tracker.db")
        out.write_text(yaml.safe_dump(config))
        return out

    def start(self) -> None:
        """Start both servers and wait for the first answer; record the cold start."""
        data_dir = self.data_dir = Path(tempfile.mkdtemp(prefix=f"bench-load-{self.label}-"))
        python = venv_python(self.root)
        env = {
            **os.environ,
            "PYTHONPATH": str(self.root),
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",
            "LEADS_DB_URL": f"sqlite:///{data_dir / 'leads.sqlite3'}",
            "WEB_PORT": str(self.rasa_port + 1),
            # Rasa's action guard (on RASA_PORT) forwards the actions to ACTIONS_PORT.
            "RASA_PORT": str(self.rasa_port),
            "ACTIONS_PORT": str(self.actions_port),
            # Scripted visitors type faster than people: the per-sender rate limit
            # (channels/limits.py) would answer most of their messages with "too fast".
            "RATE_LIMIT_BURST": "100000",
            "RATE_LIMIT_PER_MINUTE": "100000",
            **self.env,
        }
        env.pop("SMTP_HOST", None)
        endpoints = self._endpoints(data_dir)
        started = time.monotonic()
        log = open(data_dir / "actions.log", "wb")  # noqa: SIM115 - lives as long as the process
        self.processes.append(subprocess.Popen(
            [str(python), "-m", "actions.server", "--port", str(self.actions_port)],
            cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        ))
        log = open(data_dir / "rasa.log", "wb")  # noqa: SIM115
        self.processes.append(subprocess.Popen(
            [str(python.with_name("rasa")), "run", "--model", str(MODEL), "--interface",
             "127.0.0.1", "--port", str(self.rasa_port), "--endpoints", str(endpoints),
             "--credentials", "credentials.yml"],
            cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        ))
        threading.Thread(target=self._sample_memory, daemon=True).start()
        deadline = started + READY_TIMEOUT_S
        while True:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{self.label}: a server exited, see {data_dir}")
            try:
                post_json(f"{self.url}/webhooks/rest/webhook",
                          {"sender": "bench-cold-start", "message": "hello"}, timeout=30)
                break
            except (urllib.error.URLError, OSError, ValueError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.label}: not ready, see {data_dir}") from None
                time.sleep(0.5)
        self.cold_start_s = time.monotonic() - started

    def _sample_memory(self) -> None:
        self._sampling = True
        while self._sampling:
            total = sum(tree_rss_bytes(p.pid) for p in self.processes if p.poll() is None)
            self.peak_rss = max(self.peak_rss, total)
            time.sleep(0.5)

    def stop(self) -> None:
        self._sampling = False
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def pids(self) -> dict[str, int]:
        return {"actions": self.processes[0].pid, "rasa": self.processes[1].pid}


def cpu_nanoseconds(pid: int) -> int:
    """CPU time of process `pid` so far, all its threads, in nanoseconds (the scheduler's
    count, /proc/<pid>/task/*/schedstat: finer than the 10 ms ticks of /proc/<pid>/stat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):  # a thread ended
            total += int((task / "schedstat").read_text().split()[0])
    return total


def import_rasa_seconds(root: Path) -> float:
    """How long a bare `import rasa.core.run` takes in a fresh interpreter, now."""
    started = time.monotonic()
    subprocess.run(
        [str(venv_python(root)), "-c", "import rasa.core.run"],
        cwd=root, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return time.monotonic() - started
